// The field records of issue 17 in the demo scenarios: overdose reports, dated pharmacotherapy,
// how a new client came, a training's topic, referral outcomes and care steps.
// Referral outcomes and care steps go through their services (a context whose "today" is the
// day the worker recorded it, so an outcome is dated then, not on the day the demo is made).
// So do overdose reports and dated pharmacotherapy; how a client came is given at registration
// (plan.ts), a training's topic with the activity.
import { makeCtx, type Ctx } from '../services/context';
import { setReferralOutcome } from '../services/referrals';
import { recordCareStep } from '../services/care';
import { recordOverdose } from '../services/overdoses';
import { setPharmacotherapy } from '../services/clients';
import { careStepInput, overdoseInput, pharmacotherapyInput, referralOutcomeInput } from '../../shared/schemas';
import type { z } from 'zod';
import type { CareInfection, CareStep, ReferralDestination, ReferralOutcome } from '../../shared/domain';
import type { DemoStaff } from './common';

/** The same worker on another day: what they record is dated that day. */
const on = (staff: DemoStaff, date: string): Ctx => makeCtx(staff.ctx.store, staff.ctx.actor, null, () => date);

/** An overdose report, recorded by a worker through the service. */
export function recordDemoOverdose(staff: DemoStaff, o: z.input<typeof overdoseInput>): number {
  return recordOverdose(staff.ctx, overdoseInput.parse(o)).id;
}

/**
 * A client's dated pharmacotherapy history, each change through the service (registered without
 * the status, which would date it on the day the demo is made). The status today that follows
 * must be the one planned: the demo fails loudly otherwise.
 */
export function recordPharmacotherapyHistory(staff: DemoStaff, clientId: number, changes: ReadonlyArray<{ date: string; status: boolean }>, today: boolean): void {
  const sorted = [...changes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let status = false;
  for (const c of sorted) status = setPharmacotherapy(staff.ctx, pharmacotherapyInput.parse({ clientId, date: c.date, status: c.status })).inPharmacotherapy;
  if (status !== today) throw new Error('demo: the pharmacotherapy history does not end in the status planned for today');
}

/** Whether the client arrived where referred, recorded by a worker on `date`. */
export function recordReferralOutcome(staff: DemoStaff, visitId: number, referralTo: ReferralDestination | null, outcome: ReferralOutcome, date: string): void {
  setReferralOutcome(on(staff, date), referralOutcomeInput.parse({ visitId, referralTo, outcome }));
}

/** A care step after a positive test, recorded by the doctor on its day. */
export function recordDemoCareStep(staff: DemoStaff, clientId: number, infection: CareInfection, step: CareStep, date: string): void {
  recordCareStep(on(staff, date), careStepInput.parse({ clientId, infection, step, date }));
}
