// Visits with their supply, service, test and secondary-exchange lines: create, edit, void, read,
// the day's list; insertVisit, the one way a visit is written (desk, outreach, secondary
// exchange, register import).
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { qb } from '../store';
import { resultsTheTestDoesNotGive } from '../../shared/domain';
import type { ParsedInput } from '../../shared/api';
import { localTime } from '../../shared/dates';
import { nowIso, requireMedical, type Ctx } from './context';
import { hasMedicalLines, requireMedicalContent } from './medical';
import { resolveClientId } from './clients';
import { checkSite } from './sites';
import { itemByKey, type ItemRef } from './items';
import { checkRecordDate } from './record-dates';
import { toVisitRecord, visitRecord, visitRows, type VisitRecord } from './visit-records';

export type { VisitRecord } from './visit-records';
export type VisitData = Omit<ParsedInput<'visits.create'>, never>;

/** The results each test gives (a rapid HIV test gives no HCV result): on every path that writes tests. */
function checkTestResults(v: VisitData): void {
  v.tests.forEach((t, i) => {
    const [inf] = resultsTheTestDoesNotGive(t.type, t.results);
    if (inf) throw new CoreError('validation', text('tests.no_result', { type: t.type, infection: inf }), `tests.${i}.results.${inf}`);
  });
}

// The register import writes tens of thousands of visits through insertVisit: its statements are
// raw and fixed (prepared once, no query building per row); there are no rows to type here.
const INSERT_VISIT = `INSERT INTO visits (date, time, client_id, anonymous_count, kind, site_id, staff_id, outreach_session_id, trained_secondary, note, created_at, created_by)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_SUPPLY = 'INSERT INTO supply_lines (visit_id, item_id, direction, quantity, for_peers) VALUES (?, ?, ?, ?, ?)';
const INSERT_SERVICE = 'INSERT INTO service_lines (visit_id, type, units, referral_to) VALUES (?, ?, ?, ?)';
const INSERT_TEST = 'INSERT INTO tests (visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date) VALUES (?, ?, ?, ?, ?, ?, ?)';
const INSERT_SECONDARY = 'INSERT INTO secondary_reports (visit_id, point_site_id, peers_street, peers_points) VALUES (?, ?, ?, ?)';

/**
 * A visit must record something: what was given or taken back, a service, a test, a peers'
 * report or a training. An empty visit would count a client and a visit day in the donor
 * figures for nothing (issue 15: a double Enter saved one). Outreach contacts are the exception:
 * meeting a known client in the street is a contact even when nothing changed hands. A rule of
 * what is typed (createVisit, updateVisit), not of insertVisit: a register row with only a date
 * and a code is a contact the register format carries (spec/register-format.md: an empty cell is
 * nothing recorded), and an export must import back whole.
 */
export function requireContent(v: Pick<VisitData, 'kind' | 'supplies' | 'services' | 'tests' | 'secondary' | 'trainedSecondary'>): void {
  if (v.kind === 'outreach') return;
  if (v.supplies.length > 0 || v.services.length > 0 || v.tests.length > 0 || v.secondary !== null || v.trainedSecondary) return;
  throw new CoreError('validation', text('visits.empty'), 'supplies');
}

/**
 * Inserts a visit and its lines. Call inside a transaction; no audit here (callers audit).
 * Medical content needs a medical account on every path that writes a visit (the desk, the
 * medical screen, outreach contacts, the register import — a manager's, and managers may).
 */
/**
 * What a caller writing many visits in one transaction has already settled (the register import):
 * its client ids are survivors it resolved and its site ids sites it found or created, so neither
 * is looked up again per row; the catalogue items it names are looked up once each.
 */
export class ResolvedRefs {
  private readonly items = new Map<string, ItemRef>();
  item(ctx: Ctx, key: string, field: string): ItemRef {
    let item = this.items.get(key);
    if (!item) {
      item = itemByKey(ctx, key, field);
      this.items.set(key, item);
    }
    return item;
  }
}

export function insertVisit(
  ctx: Ctx, v: VisitData,
  // createdAt: one moment for every visit of a batch (an import's), not a clock read a row.
  extra: { outreachSessionId?: number | null; staffId?: number | null; resolved?: ResolvedRefs; createdAt?: string } = {},
): number {
  requireMedicalContent(ctx, v);
  checkTestResults(v);
  checkRecordDate(ctx, v.date, 'date');
  const resolved = extra.resolved;
  let clientId: number | null;
  let items: ItemRef[];
  if (resolved) {
    clientId = v.clientId;
    items = v.supplies.map((s, i) => resolved.item(ctx, s.itemKey, `supplies.${i}.itemKey`));
  } else {
    clientId = v.clientId === null ? null : resolveClientId(ctx, v.clientId);
    checkSite(ctx, v.siteId, 'siteId');
    if (v.secondary) checkSite(ctx, v.secondary.pointId, 'secondary.pointId');
    items = v.supplies.map((s, i) => itemByKey(ctx, s.itemKey, `supplies.${i}.itemKey`));
  }
  const id = ctx.store.exec(
    INSERT_VISIT,
    v.date, v.time, clientId, clientId === null ? v.anonymousCount : 1, v.kind, v.siteId,
    extra.staffId === undefined ? ctx.actor.staffId : extra.staffId, extra.outreachSessionId ?? null,
    v.trainedSecondary ? 1 : 0, v.note ?? null, extra.createdAt ?? nowIso(), ctx.actor.staffId,
  ).lastInsertRowid;
  insertLines(ctx, id, v, items);
  return id;
}

function insertLines(ctx: Ctx, visitId: number, v: VisitData, items: ItemRef[]): void {
  const st = ctx.store;
  v.supplies.forEach((s, i) => st.exec(INSERT_SUPPLY, visitId, items[i].id, s.direction, s.quantity, s.forPeers || (v.kind === 'secondary' && s.direction === 'out') ? 1 : 0));
  for (const s of v.services) st.exec(INSERT_SERVICE, visitId, s.type, s.units, s.type === 'referral' ? s.referralTo : null);
  for (const t of v.tests) {
    const person = v.clientId !== null ? 'client' : t.testedPerson;
    const hasResult = t.results.hiv !== null || t.results.hbv !== null || t.results.hcv !== null;
    st.exec(INSERT_TEST, visitId, t.type, person, t.results.hiv, t.results.hbv, t.results.hcv, hasResult ? v.date : null);
  }
  if (v.secondary) st.exec(INSERT_SECONDARY, visitId, v.secondary.pointId, v.secondary.peersStreet, v.secondary.peersPoints);
}

/** Replaces a visit's lines on an edit; tests named by id are kept in place (id and result date). */
function replaceLines(ctx: Ctx, visitId: number, v: VisitData, items: ItemRef[]): void {
  const st = ctx.store;
  // What became of a referral stays with it while its destination stays (the lines are written anew).
  const outcomes = st.all(
    qb.selectFrom('service_lines').select(['referral_to', 'referral_outcome', 'outcome_date'])
      .where('visit_id', '=', visitId).where('type', '=', 'referral').where('referral_outcome', 'is not', null),
  );
  st.run(qb.deleteFrom('supply_lines').where('visit_id', '=', visitId));
  st.run(qb.deleteFrom('service_lines').where('visit_id', '=', visitId));
  st.run(qb.deleteFrom('secondary_reports').where('visit_id', '=', visitId));
  const existing = new Map(
    st.all(qb.selectFrom('tests').select(['id', 'hiv_result', 'hbv_result', 'hcv_result', 'result_date']).where('visit_id', '=', visitId)).map((t) => [t.id, t]),
  );
  const kept = new Set<number>();
  v.tests.forEach((t, i) => {
    if (t.id === undefined) return;
    const old = existing.get(t.id);
    if (!old) throw new CoreError('validation', text('visits.test_not_here'), `tests.${i}.id`);
    kept.add(t.id);
    const changed = old.hiv_result !== t.results.hiv || old.hbv_result !== t.results.hbv || old.hcv_result !== t.results.hcv;
    const hasResult = t.results.hiv !== null || t.results.hbv !== null || t.results.hcv !== null;
    const resultDate = !hasResult ? null : changed ? (old.result_date ?? ctx.today()) : old.result_date;
    st.run(
      qb.updateTable('tests').set({
        type: t.type, tested_person: v.clientId !== null ? 'client' : t.testedPerson,
        hiv_result: t.results.hiv, hbv_result: t.results.hbv, hcv_result: t.results.hcv, result_date: resultDate,
      }).where('id', '=', t.id),
    );
  });
  for (const id of existing.keys()) if (!kept.has(id)) st.run(qb.deleteFrom('tests').where('id', '=', id));
  insertLines(ctx, visitId, { ...v, tests: v.tests.filter((t) => t.id === undefined) }, items);
  for (const o of outcomes) {
    st.run(
      qb.updateTable('service_lines').set({ referral_outcome: o.referral_outcome, outcome_date: o.outcome_date })
        .where('visit_id', '=', visitId).where('type', '=', 'referral')
        .where((eb) => (o.referral_to === null ? eb('referral_to', 'is', null) : eb('referral_to', '=', o.referral_to))),
    );
  }
}

export function getVisit(ctx: Ctx, id: number): VisitRecord {
  return visitRecord(ctx, id);
}

export function createVisit(ctx: Ctx, input: ParsedInput<'visits.create'>): VisitRecord {
  input.tests.forEach((t, i) => {
    if (t.id !== undefined) throw new CoreError('validation', text('visits.new_keeps_none'), `tests.${i}.id`);
  });
  requireContent(input);
  const v = { ...input, time: input.time ?? (input.date === ctx.today() ? localTime() : null) };
  return ctx.store.tx(() => {
    const id = insertVisit(ctx, v);
    const record = getVisit(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'visit', id, null, record);
    return record;
  });
}

export function updateVisit(ctx: Ctx, input: ParsedInput<'visits.update'>): VisitRecord {
  requireContent(input);
  requireMedicalContent(ctx, input);
  checkTestResults(input);
  checkRecordDate(ctx, input.date, 'date');
  return ctx.store.tx(() => {
    const before = getVisit(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('visits.voided_no_edit'));
    // A social worker may not silently drop a doctor's lines either.
    if (hasMedicalLines(before)) requireMedical(ctx, 'edit_visit');
    const clientId = input.clientId === null ? null : resolveClientId(ctx, input.clientId);
    checkSite(ctx, input.siteId, 'siteId');
    const items = input.supplies.map((s, i) => itemByKey(ctx, s.itemKey, `supplies.${i}.itemKey`));
    ctx.store.run(
      qb.updateTable('visits').set({
        date: input.date, time: input.time, client_id: clientId, anonymous_count: clientId === null ? input.anonymousCount : 1, kind: input.kind,
        site_id: input.siteId, trained_secondary: input.trainedSecondary ? 1 : 0, note: input.note ?? null, updated_at: nowIso(),
      }).where('id', '=', input.id),
    );
    replaceLines(ctx, input.id, input, items);
    const after = getVisit(ctx, input.id);
    audit(ctx.store, ctx.actor, 'update', 'visit', input.id, before, after);
    return after;
  });
}

export function voidVisit(ctx: Ctx, input: ParsedInput<'visits.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = getVisit(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('visits.already_voided'));
    if (hasMedicalLines(before)) requireMedical(ctx, 'void_visit');
    ctx.store.run(qb.updateTable('visits').set({ voided_at: nowIso(), void_reason: input.reason, voided_by: ctx.actor.staffId }).where('id', '=', input.id));
    audit(ctx.store, ctx.actor, 'void', 'visit', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}

/** The day's visits at the desk, newest first (one statement whether or not a site is chosen). */
export function visitsOfDay(ctx: Ctx, input: ParsedInput<'visits.day'>): VisitRecord[] {
  const rows = ctx.store.all(
    visitRows.where('v.date', '=', input.date)
      .where((eb) => eb.or([eb(eb.val(input.siteId), 'is', null), eb('v.site_id', '=', input.siteId)]))
      .orderBy('v.id', 'desc').limit(500),
  );
  return rows.map((r) => toVisitRecord(ctx, r));
}
