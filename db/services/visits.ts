// Visits with their supply, service, test and secondary-exchange lines: create, edit, void,
// read; a client's history; "same as last visit"; test results entered later.
import { audit } from '../audit';
import { CoreError } from '../errors';
import { INFECTIONS, MEDICAL_ROLES, MEDICAL_SERVICES, resultsTheTestDoesNotGive, testTypesGiving, type TestType } from '../../shared/domain';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { nowIso, notFound, requireRole, type Ctx } from './context';
import { canSeeResults, resolveClientId } from './clients';
import { localTime } from '../../shared/dates';

/** The medical services as an SQL list, from shared/domain's MEDICAL_SERVICES (not a copy). */
const MEDICAL_SERVICE_SQL = MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ');

export type VisitRecord = ChannelOutput<'visits.get'>;
export type VisitData = Omit<ParsedInput<'visits.create'>, never>;

const medicalTypes = new Set<string>(MEDICAL_SERVICES);

export interface ItemRef {
  id: number;
  key: string;
  category: string;
}

export function itemByKey(ctx: Ctx, key: string, field: string): ItemRef {
  const item = ctx.store.stmt('SELECT id, key, category FROM items WHERE key = ?').get(key) as ItemRef | undefined;
  if (!item) throw new CoreError('validation', 'There is no such item in the catalogue.', field);
  return item;
}

function checkSite(ctx: Ctx, siteId: number | null, field: string): void {
  if (siteId === null) return;
  if (!ctx.store.stmt('SELECT 1 FROM sites WHERE id = ?').get(siteId)) throw new CoreError('validation', 'That site does not exist.', field);
}

/** Whether a stored visit has lines only medical staff may change (medical services or tests). */
export function hasMedicalLines(ctx: Ctx, visitId: number): boolean {
  return !!ctx.store.stmt(`SELECT 1 FROM tests WHERE visit_id = ? UNION ALL SELECT 1 FROM service_lines WHERE visit_id = ? AND type IN (${MEDICAL_SERVICE_SQL}) LIMIT 1`).get(visitId, visitId);
}

/** Role rules that depend on the content: medical services and tests are for medical staff. */
function checkContentRoles(ctx: Ctx, v: VisitData): void {
  v.services.forEach((s, i) => {
    if (medicalTypes.has(s.type)) requireRole(ctx, MEDICAL_ROLES, 'record medical services', `services.${i}.type`);
  });
  v.tests.forEach((t, i) => {
    requireRole(ctx, MEDICAL_ROLES, 'record tests and their results', `tests.${i}.type`);
    const [inf] = resultsTheTestDoesNotGive(t.type, t.results);
    if (inf) throw new CoreError('validation', `A ${t.type.replace('_', ' ')} test gives no ${inf.toUpperCase()} result.`, `tests.${i}.results.${inf}`);
  });
}

/** Inserts a visit and its lines. Call inside a transaction; no audit here (callers audit). */
export function insertVisit(ctx: Ctx, v: VisitData, extra: { outreachSessionId?: number | null; staffId?: number | null } = {}): number {
  // Every path that writes a visit (desk, outreach, secondary exchange, import) checks its content.
  checkContentRoles(ctx, v);
  const clientId = v.clientId === null ? null : resolveClientId(ctx, v.clientId);
  checkSite(ctx, v.siteId, 'siteId');
  if (v.secondary) checkSite(ctx, v.secondary.pointId, 'secondary.pointId');
  const items = v.supplies.map((s, i) => itemByKey(ctx, s.itemKey, `supplies.${i}.itemKey`));
  const st = ctx.store;
  const id = Number(
    st.stmt(
      `INSERT INTO visits (date, time, client_id, anonymous_count, kind, site_id, staff_id, outreach_session_id, trained_secondary, note, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      v.date, v.time, clientId, clientId === null ? v.anonymousCount : 1, v.kind, v.siteId,
      extra.staffId === undefined ? ctx.actor.staffId : extra.staffId, extra.outreachSessionId ?? null,
      v.trainedSecondary ? 1 : 0, v.note ?? null, nowIso(), ctx.actor.staffId,
    ).lastInsertRowid,
  );
  insertLines(ctx, id, v, items);
  return id;
}

function insertLines(ctx: Ctx, visitId: number, v: VisitData, items: ItemRef[]): void {
  const st = ctx.store;
  const supply = st.stmt('INSERT INTO supply_lines (visit_id, item_id, direction, quantity, for_peers) VALUES (?, ?, ?, ?, ?)');
  v.supplies.forEach((s, i) => supply.run(visitId, items[i].id, s.direction, s.quantity, s.forPeers || (v.kind === 'secondary' && s.direction === 'out') ? 1 : 0));
  const service = st.stmt('INSERT INTO service_lines (visit_id, type, units, referral_to) VALUES (?, ?, ?, ?)');
  for (const s of v.services) service.run(visitId, s.type, s.units, s.type === 'referral' ? s.referralTo : null);
  const test = st.stmt('INSERT INTO tests (visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const t of v.tests) {
    const person = v.clientId !== null ? 'client' : t.testedPerson;
    const hasResult = t.results.hiv !== null || t.results.hbv !== null || t.results.hcv !== null;
    test.run(visitId, t.type, person, t.results.hiv, t.results.hbv, t.results.hcv, hasResult ? v.date : null);
  }
  if (v.secondary) {
    st.stmt('INSERT INTO secondary_reports (visit_id, point_site_id, peers_street, peers_points) VALUES (?, ?, ?, ?)')
      .run(visitId, v.secondary.pointId, v.secondary.peersStreet, v.secondary.peersPoints);
  }
}

/** Replaces a visit's lines on an edit; tests named by id are kept in place (id and result date). */
function replaceLines(ctx: Ctx, visitId: number, v: VisitData, items: ItemRef[]): void {
  for (const table of ['supply_lines', 'service_lines', 'secondary_reports']) {
    ctx.store.stmt(`DELETE FROM ${table} WHERE visit_id = ?`).run(visitId);
  }
  const existing = new Map((ctx.store.stmt('SELECT id, hiv_result, hbv_result, hcv_result, result_date FROM tests WHERE visit_id = ?').all(visitId) as Array<{
    id: number; hiv_result: string | null; hbv_result: string | null; hcv_result: string | null; result_date: string | null;
  }>).map((t) => [t.id, t]));
  const kept = new Set<number>();
  v.tests.forEach((t, i) => {
    if (t.id === undefined) return;
    const old = existing.get(t.id);
    if (!old) throw new CoreError('validation', 'That test does not belong to this visit.', `tests.${i}.id`);
    kept.add(t.id);
    const changed = old.hiv_result !== t.results.hiv || old.hbv_result !== t.results.hbv || old.hcv_result !== t.results.hcv;
    const hasResult = t.results.hiv !== null || t.results.hbv !== null || t.results.hcv !== null;
    const resultDate = !hasResult ? null : changed ? (old.result_date ?? ctx.today()) : old.result_date;
    ctx.store.stmt('UPDATE tests SET type = ?, tested_person = ?, hiv_result = ?, hbv_result = ?, hcv_result = ?, result_date = ? WHERE id = ?')
      .run(t.type, v.clientId !== null ? 'client' : t.testedPerson, t.results.hiv, t.results.hbv, t.results.hcv, resultDate, t.id);
  });
  for (const id of existing.keys()) if (!kept.has(id)) ctx.store.stmt('DELETE FROM tests WHERE id = ?').run(id);
  insertLines(ctx, visitId, { ...v, tests: v.tests.filter((t) => t.id === undefined) }, items);
}

/** A stored test still waiting for a result it gives, written from TEST_INFECTIONS (not a second copy of the rule). */
const PENDING_RESULT_SQL = INFECTIONS.map((inf) => `(t.type IN (${testTypesGiving(inf).map((x) => `'${x}'`).join(', ')}) AND t.${inf}_result IS NULL)`).join(' OR ');

/** Tests still waiting for a result, of clients and of people without a code, oldest first. */
export function pendingTests(ctx: Ctx): ChannelOutput<'tests.pending'> {
  const rows = ctx.store.stmt(`SELECT t.id AS testId, v.id AS visitId, v.date, v.client_id AS clientId, c.code AS clientCode, t.tested_person AS testedPerson,
      t.type, t.hiv_result, t.hbv_result, t.hcv_result
    FROM tests t JOIN visits v ON v.id = t.visit_id LEFT JOIN clients c ON c.id = v.client_id
    WHERE v.voided_at IS NULL AND (${PENDING_RESULT_SQL})
    ORDER BY v.date, t.id LIMIT 500`).all() as Array<Omit<ChannelOutput<'tests.pending'>[number], 'results'> & { hiv_result: null | 'negative' | 'positive' | 'indeterminate'; hbv_result: null | 'negative' | 'positive' | 'indeterminate'; hcv_result: null | 'negative' | 'positive' | 'indeterminate' }>;
  return rows.map(({ hiv_result, hbv_result, hcv_result, ...r }) => ({ ...r, results: { hiv: hiv_result, hbv: hbv_result, hcv: hcv_result } }));
}

interface VisitRow {
  id: number; date: string; time: string | null; client_id: number | null; anonymous_count: number; kind: VisitRecord['kind'];
  site_id: number | null; staff_id: number | null; outreach_session_id: number | null; trained_secondary: 0 | 1; note: string | null;
  voided_at: string | null; void_reason: string | null; client_code: string | null; site_name: string | null; staff_name: string | null;
}

const VISIT_SQL = `SELECT v.*, c.code AS client_code, s.name AS site_name, st.display_name AS staff_name
  FROM visits v LEFT JOIN clients c ON c.id = v.client_id LEFT JOIN sites s ON s.id = v.site_id LEFT JOIN staff st ON st.id = v.staff_id`;

function toRecord(ctx: Ctx, row: VisitRow): VisitRecord {
  const st = ctx.store;
  const supplies = st.stmt(`SELECT i.key AS itemKey, s.direction, s.quantity, s.for_peers FROM supply_lines s JOIN items i ON i.id = s.item_id WHERE s.visit_id = ? ORDER BY s.id`)
    .all(row.id) as Array<{ itemKey: string; direction: 'out' | 'in'; quantity: number; for_peers: number }>;
  const services = st.stmt('SELECT type, units, referral_to FROM service_lines WHERE visit_id = ? ORDER BY id')
    .all(row.id) as Array<{ type: VisitRecord['services'][number]['type']; units: number; referral_to: VisitRecord['services'][number]['referralTo'] }>;
  const tests = st.stmt('SELECT * FROM tests WHERE visit_id = ? ORDER BY id').all(row.id) as Array<{
    id: number; type: VisitRecord['tests'][number]['type']; tested_person: VisitRecord['tests'][number]['testedPerson'];
    hiv_result: VisitRecord['tests'][number]['results']['hiv']; hbv_result: VisitRecord['tests'][number]['results']['hiv']; hcv_result: VisitRecord['tests'][number]['results']['hiv']; result_date: string | null;
  }>;
  const sec = st.stmt('SELECT point_site_id, peers_street, peers_points FROM secondary_reports WHERE visit_id = ?').get(row.id) as
    | { point_site_id: number | null; peers_street: number; peers_points: number } | undefined;
  return {
    id: row.id,
    date: row.date,
    time: row.time,
    clientId: row.client_id,
    clientCode: row.client_code,
    anonymousCount: row.anonymous_count,
    kind: row.kind,
    siteId: row.site_id,
    siteName: row.site_name,
    staffName: row.staff_name,
    supplies: supplies.map((s) => ({ itemKey: s.itemKey, direction: s.direction, quantity: s.quantity, forPeers: s.for_peers === 1 })),
    services: services.map((s) => ({ type: s.type, units: s.units, referralTo: s.referral_to })),
    tests: tests.map((t) => ({
      id: t.id, type: t.type, testedPerson: t.tested_person, resultDate: t.result_date,
      // Results are medical data: other roles get the test without them.
      results: canSeeResults(ctx) ? { hiv: t.hiv_result, hbv: t.hbv_result, hcv: t.hcv_result } : { hiv: null, hbv: null, hcv: null },
    })),
    secondary: sec ? { pointId: sec.point_site_id, peersStreet: sec.peers_street, peersPoints: sec.peers_points } : null,
    trainedSecondary: row.trained_secondary === 1,
    note: row.note,
    voided: row.voided_at ? { at: row.voided_at, reason: row.void_reason ?? '' } : null,
  };
}

export function getVisit(ctx: Ctx, id: number): VisitRecord {
  const row = ctx.store.stmt(`${VISIT_SQL} WHERE v.id = ?`).get(id) as VisitRow | undefined;
  if (!row) notFound('The visit');
  return toRecord(ctx, row);
}

export function createVisit(ctx: Ctx, input: ParsedInput<'visits.create'>): VisitRecord {
  // Content roles are checked by insertVisit, on every path that writes a visit.
  input.tests.forEach((t, i) => {
    if (t.id !== undefined) throw new CoreError('validation', 'A new visit has no earlier tests to keep.', `tests.${i}.id`);
  });
  const v = { ...input, time: input.time ?? (input.date === ctx.today() ? localTime() : null) };
  return ctx.store.tx(() => {
    const id = insertVisit(ctx, v);
    const record = getVisit(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'visit', id, null, record);
    return record;
  });
}

export function updateVisit(ctx: Ctx, input: ParsedInput<'visits.update'>): VisitRecord {
  checkContentRoles(ctx, input);
  return ctx.store.tx(() => {
    const before = getVisit(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', 'A voided visit cannot be edited.');
    // A social worker may not silently drop a doctor's lines either.
    if (before.tests.length > 0 || before.services.some((s) => medicalTypes.has(s.type))) {
      requireRole(ctx, MEDICAL_ROLES, 'edit a visit with medical lines or tests');
    }
    const clientId = input.clientId === null ? null : resolveClientId(ctx, input.clientId);
    checkSite(ctx, input.siteId, 'siteId');
    const items = input.supplies.map((s, i) => itemByKey(ctx, s.itemKey, `supplies.${i}.itemKey`));
    ctx.store.stmt(
      `UPDATE visits SET date = ?, time = ?, client_id = ?, anonymous_count = ?, kind = ?, site_id = ?, trained_secondary = ?, note = ?, updated_at = ? WHERE id = ?`,
    ).run(input.date, input.time, clientId, clientId === null ? input.anonymousCount : 1, input.kind, input.siteId, input.trainedSecondary ? 1 : 0, input.note ?? null, nowIso(), input.id);
    replaceLines(ctx, input.id, input, items);
    const after = getVisit(ctx, input.id);
    audit(ctx.store, ctx.actor, 'update', 'visit', input.id, before, after);
    return after;
  });
}

export function voidVisit(ctx: Ctx, input: ParsedInput<'visits.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = getVisit(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', 'This visit is already voided.');
    if (before.tests.length > 0 || before.services.some((s) => medicalTypes.has(s.type))) {
      requireRole(ctx, MEDICAL_ROLES, 'void a visit with medical lines or tests');
    }
    ctx.store.stmt('UPDATE visits SET voided_at = ?, void_reason = ?, voided_by = ? WHERE id = ?').run(nowIso(), input.reason, ctx.actor.staffId, input.id);
    audit(ctx.store, ctx.actor, 'void', 'visit', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}

export function clientHistory(ctx: Ctx, input: ParsedInput<'clients.history'>): VisitRecord[] {
  const clientId = resolveClientId(ctx, input.clientId);
  const rows = ctx.store
    .stmt(`${VISIT_SQL} WHERE v.client_id = ? ${input.includeVoided ? '' : 'AND v.voided_at IS NULL'} ORDER BY v.date DESC, v.id DESC LIMIT ?`)
    .all(clientId, input.limit) as VisitRow[];
  return rows.map((r) => toRecord(ctx, r));
}

export function visitsOfDay(ctx: Ctx, input: ParsedInput<'visits.day'>): VisitRecord[] {
  const rows = ctx.store
    .stmt(`${VISIT_SQL} WHERE v.date = ? AND (? IS NULL OR v.site_id = ?) ORDER BY v.id DESC LIMIT 500`)
    .all(input.date, input.siteId, input.siteId) as VisitRow[];
  return rows.map((r) => toRecord(ctx, r));
}

/** "Same as last visit": the supplies and social services of the client's latest non-voided visit. */
export function lastVisitDefaults(ctx: Ctx, clientIdIn: number): ChannelOutput<'clients.lastVisitDefaults'> {
  const clientId = resolveClientId(ctx, clientIdIn);
  const row = ctx.store
    .stmt(`${VISIT_SQL} WHERE v.client_id = ? AND v.voided_at IS NULL AND v.kind IN ('cabinet','outreach','secondary') ORDER BY v.date DESC, v.id DESC LIMIT 1`)
    .get(clientId) as VisitRow | undefined;
  if (!row) return { supplies: [], services: [], fromDate: null };
  const r = toRecord(ctx, row);
  return {
    supplies: r.supplies,
    services: r.services.filter((s) => !medicalTypes.has(s.type)),
    fromDate: r.date,
  };
}

export function setTestResults(ctx: Ctx, input: ParsedInput<'tests.setResults'>): VisitRecord {
  requireRole(ctx, MEDICAL_ROLES, 'enter test results');
  return ctx.store.tx(() => {
    const t = ctx.store.stmt('SELECT t.*, v.voided_at, v.date FROM tests t JOIN visits v ON v.id = t.visit_id WHERE t.id = ?').get(input.testId) as
      | { visit_id: number; type: string; voided_at: string | null; date: string } | undefined;
    if (!t) notFound('The test');
    if (t.voided_at) throw new CoreError('rejected', 'The visit of this test is voided.');
    const before = getVisit(ctx, t.visit_id);
    const [inf] = resultsTheTestDoesNotGive(t.type as TestType, input.results);
    if (inf) throw new CoreError('validation', `A ${t.type.replace('_', ' ')} test gives no ${inf.toUpperCase()} result.`, `results.${inf}`);
    const resultDate = input.resultDate ?? ctx.today();
    if (resultDate < t.date) throw new CoreError('validation', 'The result date cannot be before the test.', 'resultDate');
    ctx.store.stmt('UPDATE tests SET hiv_result = ?, hbv_result = ?, hcv_result = ?, result_date = ? WHERE id = ?')
      .run(input.results.hiv, input.results.hbv, input.results.hcv, resultDate, input.testId);
    const after = getVisit(ctx, t.visit_id);
    audit(ctx.store, ctx.actor, 'set_results', 'test', input.testId, before.tests, after.tests);
    return after;
  });
}
