// Care after a positive test (spec/indicators.md "Care after a positive test"): a client's dated
// steps per infection — linked to care, treatment started, cured (HCV) or virally suppressed (HIV).
// Medical data: the channel map gives every care channel to medical staff and managers only, so
// no role is checked here. Voided with a reason, never deleted; every change audited.
import { checkRecordDate } from './record-dates';
import type { InferResult } from 'kysely';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { qb } from '../store';
import { CARE_STEPS_OF, testTypesGiving, type CareInfection, type CareStep } from '../../shared/domain';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { notFound, nowIso, type Ctx } from './context';
import { resolveClientId } from './clients';
import { checkSite } from './sites';

type CareRecord = ChannelOutput<'care.record'>;

const careRows = qb.selectFrom('care_steps as k')
  .innerJoin('clients as c', 'c.id', 'k.client_id')
  .leftJoin('sites as s', 's.id', 'k.site_id')
  .leftJoin('staff as st', 'st.id', 'k.staff_id')
  .select([
    'k.id', 'k.client_id', 'c.code', 'k.infection', 'k.step', 'k.date', 'k.site_id', 's.name as site_name', 'st.display_name as staff_name', 'k.note',
    'k.voided_at', 'k.void_reason',
  ]);

type CareRow = InferResult<typeof careRows>[number];

const toRecord = (r: CareRow): CareRecord => ({
    id: r.id, clientId: r.client_id, clientCode: r.code, infection: r.infection, step: r.step, date: r.date,
    siteId: r.site_id, siteName: r.site_name, staffName: r.staff_name, note: r.note,
    voided: r.voided_at ? { at: r.voided_at, reason: r.void_reason ?? '' } : null,
});

function careRecord(ctx: Ctx, id: number): CareRecord {
  const r = ctx.store.get(careRows.where('k.id', '=', id));
  if (!r) notFound('care_step');
  return toRecord(r);
}

/** Whether a client has a positive result for the infection from a test on or before the day (any test giving that infection, RNA included). */
export function hasPositiveBy(ctx: Ctx, clientId: number, infection: CareInfection, day: string): boolean {
  const found = ctx.store.get(
    qb.selectFrom('tests as t').innerJoin('visits as v', 'v.id', 't.visit_id').select('t.id')
      .where('v.client_id', '=', clientId).where('v.voided_at', 'is', null).where('v.date', '<=', day)
      .where('t.type', 'in', testTypesGiving(infection)).where(`t.${infection}_result`, '=', 'positive').limit(1),
  );
  return found !== undefined;
}

/**
 * The rules of a care step, said once (the medical card's form; a register file's `care` sheet
 * should ask the same): the step belongs to the infection, the day is not after today, and the
 * client has a positive result for that infection on or before it ("after a positive test").
 */
export function checkCareStep(ctx: Ctx, clientId: number, step: { infection: CareInfection; step: CareStep; date: string }): void {
  if (!CARE_STEPS_OF[step.infection].includes(step.step)) throw new CoreError('validation', text('care.step_of_other'), 'step');
  if (step.date > ctx.today()) throw new CoreError('validation', text('care.future'), 'date');
  checkRecordDate(ctx, step.date);
  if (!hasPositiveBy(ctx, clientId, step.infection, step.date)) throw new CoreError('validation', text('care.no_positive', { infection: step.infection }), 'date');
}

export function recordCareStep(ctx: Ctx, input: ParsedInput<'care.record'>): CareRecord {
  return ctx.store.tx(() => {
    const clientId = resolveClientId(ctx, input.clientId);
    checkCareStep(ctx, clientId, input);
    checkSite(ctx, input.siteId, 'siteId');
    // The same step of one infection on one day, standing, is a save made twice (the import, which
    // must take old registers as they are, warns instead).
    const twice = ctx.store.get(
      qb.selectFrom('care_steps').select('id').where('client_id', '=', clientId).where('infection', '=', input.infection)
        .where('step', '=', input.step).where('date', '=', input.date).where('voided_at', 'is', null).limit(1),
    );
    if (twice) throw new CoreError('rejected', text('care.already_recorded'), 'step');
    const id = ctx.store.run(
      qb.insertInto('care_steps').values({
        client_id: clientId, infection: input.infection, step: input.step, date: input.date, site_id: input.siteId,
        staff_id: ctx.actor.staffId, note: input.note ?? null, created_at: nowIso(), created_by: ctx.actor.staffId,
      }),
    ).lastInsertRowid;
    const record = careRecord(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'care_step', id, null, record);
    return record;
  });
}

export function voidCareStep(ctx: Ctx, input: ParsedInput<'care.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = careRecord(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('care.already_voided'));
    ctx.store.run(qb.updateTable('care_steps').set({ voided_at: nowIso(), void_reason: input.reason, voided_by: ctx.actor.staffId }).where('id', '=', input.id));
    audit(ctx.store, ctx.actor, 'void', 'care_step', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}

/** A client's care steps, oldest first (a merged code finds its survivor's). */
export function listCareSteps(ctx: Ctx, input: ParsedInput<'care.list'>): CareRecord[] {
  const clientId = resolveClientId(ctx, input.clientId);
  const rows = ctx.store.all(careRows.where('k.client_id', '=', clientId).$if(!input.includeVoided, (q) => q.where('k.voided_at', 'is', null)).orderBy('k.date').orderBy('k.id'));
  return rows.map(toRecord);
}
