// Clients: codes, search as you type, likely duplicates, registration, merge, the card.
import { z } from 'zod';
import { qb } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { isOneTypoApart, normalizeCode, parseDefaultCode } from '../../shared/codes';
import type { ParsedInput, ChannelOutput } from '../../shared/api';
import { INFECTIONS, TEST_INFECTIONS, type Infection, type TestResult, type TestType } from '../../shared/domain';
import { addMonths } from '../../shared/dates';
import { nowIso, notFound, requireRole, type Ctx } from './context';
import { MEDICAL_ROLES } from '../../shared/domain';

type Summary = ChannelOutput<'clients.search'>[number];

interface ClientRow {
  id: number;
  code: string;
  sex: Summary['sex'];
  birth_year: number | null;
  injects: Summary['injects'];
  in_pharmacotherapy: 0 | 1;
  note: string | null;
  merged_into_id: number | null;
}

const SUMMARY_SQL = `SELECT c.id, c.code, c.sex, c.birth_year, c.injects, c.in_pharmacotherapy, c.note, c.merged_into_id,
  (SELECT max(v.date) FROM visits v WHERE v.client_id = c.id AND v.voided_at IS NULL) AS last_visit
  FROM clients c`;

function toSummary(r: ClientRow & { last_visit?: string | null }, viaMergedCode: string | null = null): Summary {
  return {
    id: r.id,
    code: r.code,
    sex: r.sex,
    birthYear: r.birth_year,
    injects: r.injects,
    inPharmacotherapy: r.in_pharmacotherapy === 1,
    lastVisit: r.last_visit ?? null,
    viaMergedCode,
  };
}

export function getClientRow(ctx: Ctx, id: number): ClientRow {
  const row = ctx.store.stmt('SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
  if (!row) notFound('The client');
  return row;
}

/** Follows merges to the surviving client. */
export function resolveClientId(ctx: Ctx, id: number): number {
  let row = getClientRow(ctx, id);
  for (let hops = 0; row.merged_into_id !== null && hops < 20; hops++) row = getClientRow(ctx, row.merged_into_id);
  return row.id;
}

export function summaryOf(ctx: Ctx, id: number, viaMergedCode: string | null = null): Summary {
  return toSummary(ctx.store.stmt(`${SUMMARY_SQL} WHERE c.id = ?`).get(id) as ClientRow & { last_visit: string | null }, viaMergedCode);
}

/** Escapes LIKE wildcards in what was typed. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search as you type: prefix matches first (index range on the unique code), then substring
 * matches. A merged code finds the client it was merged into.
 */
export function searchClients(ctx: Ctx, input: ParsedInput<'clients.search'>): Summary[] {
  const q = normalizeCode(input.query);
  if (q.length === 0) return [];
  const limit = input.limit;
  const prefix = ctx.store
    .stmt(`SELECT id, code, merged_into_id FROM clients WHERE code >= ? AND code < ? ORDER BY code LIMIT ?`)
    .all(q, `${q}\uffff`, limit * 2) as Array<{ id: number; code: string; merged_into_id: number | null }>;
  let rows = prefix;
  if (rows.length < limit) {
    const more = ctx.store
      .stmt(`SELECT id, code, merged_into_id FROM clients WHERE code LIKE ? ESCAPE '\\' AND substr(code, 1, length(?)) <> ? ORDER BY code LIMIT ?`)
      .all(`%${likeEscape(q)}%`, q, q, limit * 2) as typeof prefix;
    rows = rows.concat(more);
  }
  const seen = new Set<number>();
  const out: Summary[] = [];
  for (const r of rows) {
    const target = r.merged_into_id === null ? r.id : resolveClientId(ctx, r.id);
    if (seen.has(target)) continue;
    seen.add(target);
    out.push(summaryOf(ctx, target, r.merged_into_id === null ? null : r.code));
    if (out.length >= limit) break;
  }
  return out;
}

/** Codes one typo away with the same sex and birth year (when known): shown before registering. */
export function likelyDuplicates(ctx: Ctx, input: ParsedInput<'clients.duplicates'>): Summary[] {
  const code = normalizeCode(input.code);
  const parsed = parseDefaultCode(code);
  const sex = input.sex ?? parsed?.sex;
  const year = input.birthYear ?? parsed?.birthYear ?? null;
  const candidates = ctx.store
    .stmt(`SELECT id, code, sex, birth_year FROM clients WHERE merged_into_id IS NULL AND length(code) BETWEEN ? AND ?`)
    .all(code.length - 1, code.length + 1) as Array<{ id: number; code: string; sex: string; birth_year: number | null }>;
  return candidates
    .filter((c) => isOneTypoApart(code, c.code))
    .filter((c) => !sex || sex === 'unknown' || c.sex === 'unknown' || c.sex === sex)
    .filter((c) => year === null || c.birth_year === null || c.birth_year === year)
    .slice(0, 10)
    .map((c) => summaryOf(ctx, c.id));
}

export function checkCodePattern(ctx: Ctx, code: string): void {
  const pattern = ctx.store.setting('codePattern', z.string(), '');
  if (pattern && !new RegExp(pattern).test(code)) {
    throw new CoreError('validation', `The code does not follow the cabinet's code pattern (Settings → code pattern).`, 'code');
  }
}

export function registerClient(ctx: Ctx, input: ParsedInput<'clients.register'>): Summary {
  const code = normalizeCode(input.code);
  checkCodePattern(ctx, code);
  return ctx.store.tx(() => {
    const existing = ctx.store.stmt('SELECT id FROM clients WHERE code = ?').get(code) as { id: number } | undefined;
    if (existing) throw new CoreError('rejected', 'A client with this code is already registered: pick it from the list.', 'code');
    if (!input.confirmNotDuplicate) {
      const dups = likelyDuplicates(ctx, { code, sex: input.sex, birthYear: input.birthYear });
      if (dups.length > 0) {
        // The message names no code (messages may end up in logs); the UI lists the candidates.
        throw new CoreError('rejected', `There ${dups.length === 1 ? 'is a client' : `are ${dups.length} clients`} with a code one typo away: check the list with the client, then confirm a new registration.`, 'code');
      }
    }
    const id = ctx.store.run(
      qb.insertInto('clients').values({
        code, sex: input.sex, birth_year: input.birthYear, injects: input.injects,
        in_pharmacotherapy: input.inPharmacotherapy ? 1 : 0, note: input.note ?? null, merged_into_id: null, created_at: nowIso(),
      }),
    ).lastInsertRowid;
    const after = getClientRow(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'client', id, null, after);
    return summaryOf(ctx, id);
  });
}

export function updateClient(ctx: Ctx, input: ParsedInput<'clients.update'>): Summary {
  return ctx.store.tx(() => {
    const before = getClientRow(ctx, input.id);
    if (before.merged_into_id !== null) throw new CoreError('rejected', 'This client was merged into another; edit that one.');
    ctx.store.run(
      qb.updateTable('clients').set({
        sex: input.sex, birth_year: input.birthYear, injects: input.injects,
        in_pharmacotherapy: input.inPharmacotherapy ? 1 : 0, note: input.note ?? null,
      }).where('id', '=', input.id),
    );
    audit(ctx.store, ctx.actor, 'update', 'client', input.id, before, getClientRow(ctx, input.id));
    return summaryOf(ctx, input.id);
  });
}

/** A manager merges a duplicate into the client that stays; the merged code keeps finding it. */
export function mergeClients(ctx: Ctx, input: ParsedInput<'clients.merge'>): Summary {
  requireRole(ctx, ['manager'], 'merge clients');
  if (input.keepId === input.mergeId) throw new CoreError('validation', 'A client cannot be merged into itself.', 'mergeId');
  return ctx.store.tx(() => {
    const keep = getClientRow(ctx, input.keepId);
    const merge = getClientRow(ctx, input.mergeId);
    if (keep.merged_into_id !== null) throw new CoreError('rejected', 'The client to keep was itself merged into another.', 'keepId');
    if (merge.merged_into_id !== null) throw new CoreError('rejected', 'That client was already merged.', 'mergeId');
    const moved = ctx.store.run(qb.updateTable('visits').set({ client_id: keep.id }).where('client_id', '=', merge.id)).changes;
    ctx.store.run(qb.updateTable('clients').set({ merged_into_id: keep.id }).where('id', '=', merge.id));
    // Codes merged earlier into the merged client now point straight at the survivor (no chains),
    // and its training records move with it (no double count).
    ctx.store.run(qb.updateTable('clients').set({ merged_into_id: keep.id }).where('merged_into_id', '=', merge.id));
    ctx.store.stmt('INSERT OR IGNORE INTO activity_clients (activity_id, client_id) SELECT activity_id, ? FROM activity_clients WHERE client_id = ?').run(keep.id, merge.id);
    ctx.store.stmt('DELETE FROM activity_clients WHERE client_id = ?').run(merge.id);
    audit(ctx.store, ctx.actor, 'merge', 'client', keep.id, { kept: keep, merged: merge }, { visits_moved: moved, reason: input.reason });
    return summaryOf(ctx, keep.id);
  });
}

type Card = ChannelOutput<'clients.card'>;

/** Test results are for medical staff and managers (domain.md). */
export const canSeeResults = (ctx: Ctx): boolean => (MEDICAL_ROLES as readonly string[]).includes(ctx.actor.role);

/** The summary beside the visit form. A few indexed aggregates over one client's visits. */
export function clientCard(ctx: Ctx, id: number): Card {
  const clientId = resolveClientId(ctx, id);
  const row = getClientRow(ctx, clientId);
  const today = ctx.today();
  const monthStart = `${today.slice(0, 7)}-01`;
  const visits = ctx.store
    .stmt(`SELECT min(date) AS first, count(DISTINCT CASE WHEN date >= ? THEN date END) AS this_month
           FROM visits WHERE client_id = ? AND voided_at IS NULL`)
    .get(monthStart, clientId) as { first: string | null; this_month: number };
  const syr = ctx.store
    .stmt(`SELECT
        coalesce(sum(CASE WHEN s.direction = 'out' THEN s.quantity END), 0) AS out_total,
        coalesce(sum(CASE WHEN s.direction = 'in' THEN s.quantity END), 0) AS in_total,
        coalesce(sum(CASE WHEN s.direction = 'out' AND v.date >= ? THEN s.quantity END), 0) AS out_month,
        coalesce(sum(CASE WHEN s.direction = 'in' AND v.date >= ? THEN s.quantity END), 0) AS in_month
      FROM visits v JOIN supply_lines s ON s.visit_id = v.id JOIN items i ON i.id = s.item_id
      WHERE v.client_id = ? AND v.voided_at IS NULL AND i.category = 'syringe'`)
    .get(monthStart, monthStart, clientId) as { out_total: number; in_total: number; out_month: number; in_month: number };
  const tests = ctx.store
    .stmt(`SELECT v.date, t.type, t.hiv_result, t.hbv_result, t.hcv_result FROM tests t JOIN visits v ON v.id = t.visit_id
           WHERE v.client_id = ? AND v.voided_at IS NULL ORDER BY v.date DESC, t.id DESC`)
    .all(clientId) as Array<{ date: string; type: TestType; hiv_result: TestResult | null; hbv_result: TestResult | null; hcv_result: TestResult | null }>;
  const lastTests: Card['lastTests'] = { hiv: null, hbv: null, hcv: null };
  let pending = false;
  const testedFor: Record<Infection, boolean> = { hiv: false, hbv: false, hcv: false };
  for (const t of tests) {
    for (const inf of TEST_INFECTIONS[t.type]) {
      const result = t[`${inf}_result` as const];
      if (result === null) pending = true;
      if (!testedFor[inf]) {
        testedFor[inf] = true;
        lastTests[inf] = { date: t.date, result, type: t.type };
      }
    }
  }
  const dueMonths = ctx.store.setting('testDueMonths', z.number(), 6);
  const dueBefore = addMonths(today, -dueMonths);
  const flags: Card['flags'] = [];
  for (const inf of INFECTIONS) {
    const last = lastTests[inf];
    const positive = last?.result === 'positive';
    if (!positive && (!last || last.date <= dueBefore)) flags.push(`${inf}_test_due` as Card['flags'][number]);
  }
  if (pending) flags.push('results_pending');
  // Results are medical data, and the desk's screen is seen by clients: other roles see dates only.
  const resultsHidden = !canSeeResults(ctx);
  if (resultsHidden) for (const inf of INFECTIONS) if (lastTests[inf]) lastTests[inf] = { ...lastTests[inf]!, result: null };
  return {
    resultsHidden,
    client: summaryOf(ctx, clientId),
    note: row.note,
    firstVisit: visits.first,
    visitsThisMonth: visits.this_month,
    syringesOutThisMonth: syr.out_month,
    syringesInThisMonth: syr.in_month,
    syringesOutTotal: syr.out_total,
    syringesInTotal: syr.in_total,
    lastTests,
    flags,
  };
}

