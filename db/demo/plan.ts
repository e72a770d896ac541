// Planning helpers for the scenarios: visits are first planned as plain data (who, which day,
// what was handed out), quantities are split over them so that the totals come out exactly,
// and only then written through the services, in date order.
import { registerClient } from '../services/clients';
import { createVisit, voidVisit } from '../services/visits';
import { setTestResults } from '../services/tests';
import { recordSecondary } from '../services/secondary';
import { registerClientInput, secondaryInput, setResultsInput, visitInput } from '../../shared/schemas';
import type { CameVia, Infection, Injects, ReferralDestination, ServiceType, Sex, TestResult, TestType, VisitKind } from '../../shared/domain';
import { addDays, daysInMonth } from '../../shared/dates';
import { CoreError } from '../errors';
import type { Ctx } from '../services/context';
import { demoCode, isWorkday, openingTime, type DemoStaff } from './common';
import type { Random } from './random';

export interface PlannedClient {
  n: number;
  sex: Exclude<Sex, 'unknown' | 'other'>;
  birthYear: number;
  injects: Injects;
  /** The status today; the scenario writes its dated history after registering (field.ts). */
  pharmacotherapy: boolean;
  /** How the client came, noted at registration ('unknown' when not given). */
  cameVia?: CameVia;
  /** For cameVia 'peer': the peer who brought the client, registered before them. */
  referredBy?: PlannedClient;
  /** Set when registered. */
  id?: number;
  code?: string;
}

export interface PlannedSupply {
  itemKey: string;
  direction: 'out' | 'in';
  quantity: number;
}

export interface PlannedService {
  type: ServiceType;
  units: number;
  referralTo?: ReferralDestination;
}

export interface PlannedTest {
  type: TestType;
  testedPerson?: 'client' | 'arrestee' | 'officer' | 'other';
  /** Results entered with the visit (rapid tests, old paper records). */
  results?: Partial<Record<Infection, TestResult>>;
  /** Results entered later by the doctor, `after` days after the test. */
  laterResults?: { after: number; results: Partial<Record<Infection, TestResult>> };
}

export interface PlannedVisit {
  date: string;
  time: string | null;
  client: PlannedClient | null;
  anonymousCount: number;
  kind: VisitKind;
  siteId: number;
  staff: DemoStaff;
  supplies: PlannedSupply[];
  services: PlannedService[];
  tests: PlannedTest[];
  /** A peer's pick-up for others (recorded through secondary exchange). */
  secondary?: { report: { pointId: number | null; peersStreet: number; peersPoints: number } | null };
  trainedSecondary?: boolean;
  voidReason?: string;
  /** Set when written. */
  id?: number;
}

/** Working days (Monday to Friday) of a month YYYY-MM that fall inside from..to. */
export function workdaysOfMonth(month: string, from = '0000-00-00', to = '9999-99-99'): string[] {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  const out: string[] = [];
  for (let d = 1; d <= daysInMonth(y, m); d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    if (date >= from && date <= to && isWorkday(date)) out.push(date);
  }
  return out;
}

/** Working days between two dates inclusive. */
export function workdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkday(d)) out.push(d);
  return out;
}

/**
 * Registers the planned clients through the service (a near-duplicate code gets a fresh one), with
 * how each came. Not yet in pharmacotherapy: the service would date the status on the day the demo
 * is made; the scenario writes each client's dated history instead.
 */
export function registerClients(ctx: Ctx, rng: Random, clients: PlannedClient[], taken: Set<string>): void {
  for (const c of clients) {
    const referredByCode = c.referredBy ? c.referredBy.code : null;
    if (referredByCode === undefined) throw new Error('a planned client was brought by a peer not registered before them');
    for (let attempt = 0; ; attempt++) {
      const code = demoCode(rng, c.sex, c.birthYear, taken);
      try {
        const made = registerClient(ctx, registerClientInput.parse({
          code, sex: c.sex, birthYear: c.birthYear, injects: c.injects, cameVia: c.cameVia ?? 'unknown', referredByCode,
        }));
        c.id = made.id;
        c.code = made.code;
        break;
      } catch (e) {
        // A code one typo away from another client's: a desk worker would ask again; so do we.
        if (!(e instanceof CoreError) || e.code !== 'rejected' || attempt > 20) throw e;
      }
    }
  }
}

/** Writes planned visits in date order through the services (results entered later, mistakes voided). */
export function writeVisits(visits: PlannedVisit[], rng: Random): void {
  const ordered = visits
    .map((v, i) => ({ v, i, time: v.time ?? (v.kind === 'outreach' ? null : openingTime(rng)) }))
    .sort((a, b) => (a.v.date < b.v.date ? -1 : a.v.date > b.v.date ? 1 : (a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : a.i - b.i));
  for (const { v, time } of ordered) {
    const ctx = v.staff.ctx;
    const clientId = v.client ? (v.client.id ?? null) : null;
    if (v.client && clientId === null) throw new Error('a planned visit refers to a client that was not registered');
    let id: number;
    let testIds: number[] = [];
    if (v.secondary) {
      const rec = recordSecondary(ctx, secondaryInput.parse({
        date: v.date, clientId, siteId: v.siteId,
        supplies: v.supplies.map((s) => ({ itemKey: s.itemKey, direction: s.direction, quantity: s.quantity })),
        report: v.secondary.report,
      }));
      id = rec.id;
    } else {
      const rec = createVisit(ctx, visitInput.parse({
        date: v.date, time, clientId, anonymousCount: v.anonymousCount, kind: v.kind, siteId: v.siteId,
        supplies: v.supplies.map((s) => ({ itemKey: s.itemKey, direction: s.direction, quantity: s.quantity })),
        services: v.services.map((s) => ({ type: s.type, units: s.units, referralTo: s.referralTo ?? null })),
        tests: v.tests.map((t) => ({ type: t.type, testedPerson: t.testedPerson ?? 'client', results: { hiv: null, hbv: null, hcv: null, ...t.results } })),
        trainedSecondary: v.trainedSecondary ?? false,
      }));
      id = rec.id;
      testIds = rec.tests.map((t) => t.id);
    }
    v.tests.forEach((t, i) => {
      if (t.laterResults) {
        setTestResults(ctx, setResultsInput.parse({
          testId: testIds[i], results: { hiv: null, hbv: null, hcv: null, ...t.laterResults.results }, resultDate: addDays(v.date, t.laterResults.after),
        }));
      }
    });
    v.id = id;
    if (v.voidReason) voidVisit(ctx, { id, reason: v.voidReason });
  }
}
