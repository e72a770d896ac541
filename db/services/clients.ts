// Clients: codes, search as you type, likely duplicates, registration, merge, the card, and the
// client's visits (history, "same as last visit").
import { sql } from 'kysely';
import { z } from 'zod';
import { qb, query } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { Client } from '../schema';
import { isLikelyDuplicate, normalizeCode, parseDefaultCode } from '../../shared/codes';
import type { ParsedInput, ChannelOutput } from '../../shared/api';
import { INFECTIONS, TEST_INFECTIONS, type CameVia, type Infection, type TestResult } from '../../shared/domain';
import { addMonths } from '../../shared/dates';
import { isMedical, nowIso, notFound, type Ctx } from './context';
import { isMedicalService } from './medical';
import { compiledById } from './compiled';
import { toVisitRecord, visitRows, type VisitRecord } from './visit-records';
import { checkRecordDate } from './record-dates';

type Summary = ChannelOutput<'clients.search'>[number];

const clientById = (id: number) => qb.selectFrom('clients').selectAll().where('id', '=', id);

export function getClientRow(ctx: Ctx, id: number): Client {
  const row = ctx.store.get(clientById(id));
  if (!row) notFound('client');
  return row;
}

/** Per record written (the register import writes thousands): declared once, no query building per row. */
const clientLink = z.object({ id: z.number(), merged_into_id: z.number().nullable() });
const CLIENT_LINK = query<z.infer<typeof clientLink>, [id: number]>('SELECT id, merged_into_id FROM clients WHERE id = ?', clientLink);

/** Follows merges to the surviving client (not_found for no such client). */
export function resolveClientId(ctx: Ctx, id: number): number {
  let row = ctx.store.row(CLIENT_LINK, id);
  for (let hops = 0; row && row.merged_into_id !== null && hops < 20; hops++) row = ctx.store.row(CLIENT_LINK, row.merged_into_id);
  if (!row) notFound('client');
  return row.id;
}

/** Read for each client of a search answer: compiled once. */
const summaryById = compiledById((id) =>
  qb.selectFrom('clients as c')
    .select(['c.id', 'c.code', 'c.sex', 'c.birth_year', 'c.injects', 'c.in_pharmacotherapy'])
    .select((eb) => eb.selectFrom('visits as v').select((v) => v.fn.max('v.date').as('d'))
      .whereRef('v.client_id', '=', 'c.id').where('v.voided_at', 'is', null).as('last_visit'))
    .where('c.id', '=', id));

export function summaryOf(ctx: Ctx, id: number, viaMergedCode: string | null = null): Summary {
  const r = ctx.store.get(summaryById(id));
  if (!r) notFound('client');
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

/** Codes holding a substring, below which the trigram index finds them faster than testing codes in order. */
const RARE = 400;

/** How many codes hold a substring (a quoted trigram phrase), counted up to RARE. */
const TRIGRAM_HITS = query<{ n: number }, [string]>(`SELECT count(*) AS n FROM (SELECT rowid FROM client_codes WHERE client_codes MATCH ? LIMIT ${RARE})`, z.object({ n: z.number() }));

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
  const codes = qb.selectFrom('clients').select(['id', 'code', 'merged_into_id']).orderBy('code').limit(limit * 2);
  let rows = ctx.store.all(codes.where('code', '>=', q).where('code', '<', `${q}\uffff`));
  if (rows.length < limit) {
    const notPrefix = sql<boolean>`substr(code, 1, length(${q})) <> ${q}`;
    // A substring held by few codes (three Latin letters or digits or more, found fewer than RARE times in
    // the codes' trigram index, migration 012) is looked up there; a common one (two characters, a
    // birth year's digits) is found at once by testing the codes in order, which stops at the limit.
    const rare = /^[A-Z0-9]{3,}$/i.test(q)
      && (ctx.store.row(TRIGRAM_HITS, `"${q}"`)?.n ?? 0) < RARE;
    const more = rare
      ? ctx.store.all(codes.where(sql<boolean>`id IN (SELECT rowid FROM client_codes WHERE client_codes MATCH ${`"${q}"`})`).where(notPrefix))
      : ctx.store.all(codes.where(sql<boolean>`code LIKE ${`%${likeEscape(q)}%`} ESCAPE '\\'`).where(notPrefix));
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

/**
 * Codes one typo away with the same sex and birth year where known (shared/codes
 * isLikelyDuplicate, which also takes a year with two digits swapped): shown before registering.
 */
export function likelyDuplicates(ctx: Ctx, input: ParsedInput<'clients.duplicates'>): Summary[] {
  const code = normalizeCode(input.code);
  const parsed = parseDefaultCode(code);
  const typed = { code, sex: input.sex ?? parsed?.sex ?? null, birthYear: input.birthYear ?? parsed?.birthYear ?? null };
  const candidates = ctx.store.all(
    qb.selectFrom('clients').select(['id', 'code', 'sex', 'birth_year'])
      .where('merged_into_id', 'is', null)
      .where((eb) => eb.between(eb.fn<number>('length', ['code']), code.length - 1, code.length + 1)),
  );
  return candidates
    .filter((c) => isLikelyDuplicate(typed, { code: c.code, sex: c.sex, birthYear: c.birth_year }))
    .slice(0, 10)
    .map((c) => summaryOf(ctx, c.id));
}

export function checkCodePattern(ctx: Ctx, code: string): void {
  const pattern = ctx.store.setting('codePattern', z.string(), '');
  if (pattern && !new RegExp(pattern).test(code)) {
    throw new CoreError('validation', text('clients.pattern'), 'code');
  }
}

/** The same error about the field named (a client or a site named by id inside an input). */
function underField<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CoreError) throw e.under(field);
    throw e;
  }
}

/**
 * How a client came, as stored (indicators.md "How new clients came"): the peer's code, folded as a
 * code, only for a client who came via a peer, and never the client's own code (nor a code merged
 * into it). The peer need not be a client here (a peer may never come in).
 */
function cameViaOf(ctx: Ctx, clientId: number | null, ownCode: string, cameVia: CameVia, typed: string | null): { came_via: CameVia; referred_by_code: string | null } {
  const code = typed === null ? null : normalizeCode(typed) || null;
  if (code === null) return { came_via: cameVia, referred_by_code: null };
  if (cameVia !== 'peer') throw new CoreError('validation', text('clients.referred_needs_peer'), 'referredByCode');
  // A peer's code is a client code: the cabinet's pattern keeps a phone number or a name out of it.
  const pattern = ctx.store.setting('codePattern', z.string(), '');
  if (pattern && !new RegExp(pattern).test(code)) throw new CoreError('validation', text('clients.pattern'), 'referredByCode');
  const named = ctx.store.get(qb.selectFrom('clients').select('id').where('code', '=', code));
  const self = code === ownCode || (clientId !== null && named !== undefined && resolveClientId(ctx, named.id) === clientId);
  if (self) throw new CoreError('validation', text('clients.referred_self'), 'referredByCode');
  return { came_via: cameVia, referred_by_code: code };
}

export function registerClient(ctx: Ctx, input: ParsedInput<'clients.register'>): Summary {
  const code = normalizeCode(input.code);
  checkCodePattern(ctx, code);
  const came = cameViaOf(ctx, null, code, input.cameVia, input.referredByCode);
  return ctx.store.tx(() => {
    const existing = ctx.store.get(qb.selectFrom('clients').select('id').where('code', '=', code));
    if (existing) throw new CoreError('rejected', text('clients.exists'), 'code');
    if (!input.confirmNotDuplicate) {
      const dups = likelyDuplicates(ctx, { code, sex: input.sex, birthYear: input.birthYear });
      if (dups.length > 0) {
        // The message names no code (messages may end up in logs); the UI lists the candidates.
        throw new CoreError('rejected', text('clients.likely_duplicates', { count: dups.length }), 'code');
      }
    }
    const id = ctx.store.run(
      qb.insertInto('clients').values({
        code, sex: input.sex, birth_year: input.birthYear, injects: input.injects, in_pharmacotherapy: 0, note: input.note ?? null,
        merged_into_id: null, created_at: nowIso(), ...came,
      }),
    ).lastInsertRowid;
    audit(ctx.store, ctx.actor, 'create', 'client', id, null, getClientRow(ctx, id));
    // The status is dated: a new client in pharmacotherapy is so from today (the day it was noted).
    if (input.inPharmacotherapy) recordPharmacotherapyChange(ctx, id, ctx.today(), true);
    return summaryOf(ctx, id);
  });
}

export function updateClient(ctx: Ctx, input: ParsedInput<'clients.update'>): Summary {
  return ctx.store.tx(() => {
    const before = getClientRow(ctx, input.id);
    if (before.merged_into_id !== null) throw new CoreError('rejected', text('clients.merged'));
    const cameVia = input.cameVia ?? before.came_via;
    // Unchanged unless given; a route other than a peer keeps no peer's code.
    const typed = input.referredByCode !== undefined ? input.referredByCode : cameVia === 'peer' ? before.referred_by_code : null;
    const came = cameViaOf(ctx, input.id, before.code, cameVia, typed);
    ctx.store.run(
      qb.updateTable('clients').set({ sex: input.sex, birth_year: input.birthYear, injects: input.injects, note: input.note ?? null, ...came }).where('id', '=', input.id),
    );
    // A status other than today's is a change, dated today.
    if (input.inPharmacotherapy !== (before.in_pharmacotherapy === 1)) recordPharmacotherapyChange(ctx, input.id, ctx.today(), input.inPharmacotherapy);
    audit(ctx.store, ctx.actor, 'update', 'client', input.id, before, getClientRow(ctx, input.id));
    return summaryOf(ctx, input.id);
  });
}

// ---------- pharmacotherapy, dated (indicators.md clients_in_pharmacotherapy) ----------

/** The status on a day: the latest non-voided change on or before it (of two on one day, the one recorded later); false when none. */
export function pharmacotherapyOn(ctx: Ctx, clientId: number, date: string): boolean {
  const latest = ctx.store.get(
    qb.selectFrom('pharmacotherapy_changes').select('status')
      .where('client_id', '=', clientId).where('voided_at', 'is', null).where('date', '<=', date)
      .orderBy('date', 'desc').orderBy('id', 'desc').limit(1),
  );
  return latest?.status === 1;
}

/** clients.in_pharmacotherapy is the status today (what the desk shows): brought up to date after any change. */
function refreshPharmacotherapy(ctx: Ctx, clientId: number): boolean {
  const now = pharmacotherapyOn(ctx, clientId, ctx.today());
  ctx.store.run(qb.updateTable('clients').set({ in_pharmacotherapy: now ? 1 : 0 }).where('id', '=', clientId));
  return now;
}

/** Records a dated change, refreshes the status today and audits both. Call inside a transaction. */
export function recordPharmacotherapyChange(ctx: Ctx, clientId: number, date: string, status: boolean): number {
  const before = getClientRow(ctx, clientId).in_pharmacotherapy === 1;
  const id = ctx.store.run(
    qb.insertInto('pharmacotherapy_changes').values({ client_id: clientId, date, status: status ? 1 : 0, created_at: nowIso(), created_by: ctx.actor.staffId }),
  ).lastInsertRowid;
  const now = refreshPharmacotherapy(ctx, clientId);
  audit(ctx.store, ctx.actor, 'create', 'pharmacotherapy_change', id, { clientId, inPharmacotherapy: before }, { clientId, date, status, inPharmacotherapy: now });
  return id;
}

/** A dated change of the status; the status already in force on that day is refused (nothing would change). */
export function setPharmacotherapy(ctx: Ctx, input: ParsedInput<'clients.setPharmacotherapy'>): Summary {
  checkRecordDate(ctx, input.date, 'date');
  return ctx.store.tx(() => {
    const clientId = underField('clientId', () => resolveClientId(ctx, input.clientId));
    if (pharmacotherapyOn(ctx, clientId, input.date) === input.status) {
      throw new CoreError('rejected', text('clients.pharmacotherapy_already', { status: input.status }), 'status');
    }
    recordPharmacotherapyChange(ctx, clientId, input.date, input.status);
    return summaryOf(ctx, clientId);
  });
}

/**
 * Voids a change recorded by mistake (domain.md: nothing is deleted; voided with a reason, kept in
 * the audit log). The status today is then the latest change that still stands on or before today,
 * as after any change (none: not in pharmacotherapy, as before the first); the reports, the
 * register export and the card read only changes that stand.
 */
export function voidPharmacotherapyChange(ctx: Ctx, input: ParsedInput<'clients.voidPharmacotherapyChange'>): Summary {
  return ctx.store.tx(() => {
    const change = ctx.store.get(
      qb.selectFrom('pharmacotherapy_changes').select(['id', 'client_id', 'date', 'status', 'voided_at']).where('id', '=', input.id),
    );
    if (!change) notFound('pharmacotherapy_change');
    if (change.voided_at !== null) throw new CoreError('rejected', text('clients.pharmacotherapy_already_voided'));
    // A merge moves the changes to the client that stays; a survivor is followed all the same.
    const clientId = resolveClientId(ctx, change.client_id);
    const before = getClientRow(ctx, clientId).in_pharmacotherapy === 1;
    ctx.store.run(
      qb.updateTable('pharmacotherapy_changes').set({ voided_at: nowIso(), void_reason: input.reason, voided_by: ctx.actor.staffId }).where('id', '=', input.id),
    );
    const now = refreshPharmacotherapy(ctx, clientId);
    audit(ctx.store, ctx.actor, 'void', 'pharmacotherapy_change', input.id,
      { clientId, date: change.date, status: change.status === 1, inPharmacotherapy: before }, { reason: input.reason, inPharmacotherapy: now });
    return summaryOf(ctx, clientId);
  });
}

/** A manager (clients.merge is the manager's in the channel map) merges a duplicate into the client that stays; the merged code keeps finding it. */
export function mergeClients(ctx: Ctx, input: ParsedInput<'clients.merge'>): Summary {
  if (input.keepId === input.mergeId) throw new CoreError('validation', text('clients.merge_self'), 'mergeId');
  return ctx.store.tx(() => {
    const keep = getClientRow(ctx, input.keepId);
    const merge = getClientRow(ctx, input.mergeId);
    if (keep.merged_into_id !== null) throw new CoreError('rejected', text('clients.keep_merged'), 'keepId');
    if (merge.merged_into_id !== null) throw new CoreError('rejected', text('clients.already_merged'), 'mergeId');
    const moved = ctx.store.run(qb.updateTable('visits').set({ client_id: keep.id }).where('client_id', '=', merge.id)).changes;
    ctx.store.run(qb.updateTable('clients').set({ merged_into_id: keep.id }).where('id', '=', merge.id));
    // Codes merged earlier into the merged client now point straight at the survivor (no chains),
    // and its training records move with it (no double count).
    ctx.store.run(qb.updateTable('clients').set({ merged_into_id: keep.id }).where('merged_into_id', '=', merge.id));
    ctx.store.run(
      qb.insertInto('activity_clients').orIgnore().columns(['activity_id', 'client_id'])
        .expression((eb) => eb.selectFrom('activity_clients').select((a) => ['activity_id', a.val(keep.id).as('client_id')]).where('client_id', '=', merge.id)),
    );
    ctx.store.run(qb.deleteFrom('activity_clients').where('client_id', '=', merge.id));
    // Care steps and overdose reports follow the client, like the visits.
    ctx.store.run(qb.updateTable('care_steps').set({ client_id: keep.id }).where('client_id', '=', merge.id));
    ctx.store.run(qb.updateTable('overdoses').set({ client_id: keep.id }).where('client_id', '=', merge.id));
    // So do the pharmacotherapy changes: the person's status is the latest of both histories.
    ctx.store.run(qb.updateTable('pharmacotherapy_changes').set({ client_id: keep.id }).where('client_id', '=', merge.id));
    refreshPharmacotherapy(ctx, keep.id);
    audit(ctx.store, ctx.actor, 'merge', 'client', keep.id, { kept: keep, merged: merge }, { visits_moved: moved, reason: input.reason });
    return summaryOf(ctx, keep.id);
  });
}

type Card = ChannelOutput<'clients.card'>;

/**
 * The infections a client is due a test for (the card's flags and the follow-up list): never
 * tested for it, or last tested on or before `dueBefore` (today less the testDueMonths setting).
 * A positive client is not sent for the same test again: a rule only medical staff's answers
 * apply (`seesResults`), since the desk's must not depend on a result.
 */
export function testsDue(lastTests: Record<Infection, { date: string; result: TestResult | null } | null>, dueBefore: string, seesResults: boolean): Infection[] {
  return INFECTIONS.filter((inf) => {
    const last = lastTests[inf];
    const positive = seesResults && last?.result === 'positive';
    return !positive && (!last || last.date <= dueBefore);
  });
}

/** The summary beside the visit form. A few indexed aggregates over one client's visits. */
export function clientCard(ctx: Ctx, id: number): Card {
  const clientId = resolveClientId(ctx, id);
  const row = getClientRow(ctx, clientId);
  const today = ctx.today();
  const monthStart = `${today.slice(0, 7)}-01`;
  // The first visit: the first entry of the client's run in visits_client_live; this month's days: a
  // range of it (neither reads the client's whole history).
  const first = ctx.store.get(qb.selectFrom('visits').select((eb) => eb.fn.min<string | null>('date').as('first'))
    .where('client_id', '=', clientId).where('voided_at', 'is', null))?.first ?? null;
  const thisMonth = ctx.store.get(qb.selectFrom('visits').select(sql<number>`count(DISTINCT date)`.as('n'))
    .where('client_id', '=', clientId).where('voided_at', 'is', null).where('date', '>=', monthStart))?.n ?? 0;
  // All the client's syringes from the sums kept by migration 011's triggers; this month's from the
  // month's visits (a seek by client and date).
  const totals = ctx.store.get(qb.selectFrom('client_syringes').select(['out_total', 'in_total']).where('client_id', '=', clientId))
    ?? { out_total: 0, in_total: 0 };
  const month = ctx.store.get(
    qb.selectFrom('visits as v').innerJoin('supply_lines as s', 's.visit_id', 'v.id').innerJoin('items as i', 'i.id', 's.item_id')
      .select([
        sql<number>`coalesce(sum(CASE WHEN s.direction = 'out' THEN s.quantity END), 0)`.as('out_month'),
        sql<number>`coalesce(sum(CASE WHEN s.direction = 'in' THEN s.quantity END), 0)`.as('in_month'),
      ])
      .where('v.client_id', '=', clientId).where('v.voided_at', 'is', null).where('v.date', '>=', monthStart).where('i.category', '=', 'syringe'),
  ) ?? { out_month: 0, in_month: 0 };
  // Results are medical data, and the desk's screen is seen by clients (domain.md: the desk sees
  // that a client should see the doctor, never why). For other roles no result is even read, only
  // whether one is still awaited: every flag, date and order of their card comes from the tests'
  // dates and types, so that a positive and a negative client look the same (issue 15).
  const medical = isMedical(ctx);
  const tested = qb.selectFrom('tests as t').innerJoin('visits as v', 'v.id', 't.visit_id')
    .select(['v.date', 't.type'])
    .select((eb) => [eb('t.hiv_result', 'is', null).as('hiv_awaited'), eb('t.hbv_result', 'is', null).as('hbv_awaited'), eb('t.hcv_result', 'is', null).as('hcv_awaited')])
    .where('v.client_id', '=', clientId).where('v.voided_at', 'is', null)
    .orderBy('v.date', 'desc').orderBy('t.id', 'desc');
  const noResults = { hiv_result: null, hbv_result: null, hcv_result: null };
  const tests = medical ? ctx.store.all(tested.select(['t.hiv_result', 't.hbv_result', 't.hcv_result'])) : ctx.store.all(tested).map((t) => ({ ...t, ...noResults }));
  const lastTests: Card['lastTests'] = { hiv: null, hbv: null, hcv: null };
  let pending = false;
  for (const t of tests) {
    for (const inf of TEST_INFECTIONS[t.type]) {
      if (t[`${inf}_awaited`]) pending = true;
      // An HCV RNA test follows only a positive antibody result: to the desk it is an HCV test.
      lastTests[inf] ??= { date: t.date, result: t[`${inf}_result`], type: medical || t.type !== 'hcv_rna' ? t.type : 'hcv' };
    }
  }
  const dueMonths = ctx.store.setting('testDueMonths', z.number(), 6);
  const flags: Card['flags'] = testsDue(lastTests, addMonths(today, -dueMonths), medical).map((inf) => `${inf}_test_due` as const);
  if (pending) flags.push('results_pending');
  const resultsHidden = !medical;
  // Voided changes too, marked: the card shows what was taken back (the status reads the others).
  const pharmacotherapy = ctx.store.all(
    qb.selectFrom('pharmacotherapy_changes').select(['id', 'date', 'status', 'voided_at', 'void_reason']).where('client_id', '=', clientId).orderBy('date').orderBy('id'),
  ).map((c) => ({ id: c.id, date: c.date, status: c.status === 1, voided: c.voided_at === null ? null : { at: c.voided_at, reason: c.void_reason ?? '' } }));
  return {
    resultsHidden,
    client: summaryOf(ctx, clientId),
    note: row.note,
    firstVisit: first,
    visitsThisMonth: thisMonth,
    syringesOutThisMonth: month.out_month,
    syringesInThisMonth: month.in_month,
    syringesOutTotal: totals.out_total,
    syringesInTotal: totals.in_total,
    lastTests,
    flags,
    pharmacotherapy,
    cameVia: row.came_via,
    referredByCode: row.referred_by_code,
  };
}

/** A client's visits, newest first (the history screen). */
export function clientHistory(ctx: Ctx, input: ParsedInput<'clients.history'>): VisitRecord[] {
  const clientId = resolveClientId(ctx, input.clientId);
  const rows = ctx.store.all(
    visitRows.where('v.client_id', '=', clientId)
      .$if(!input.includeVoided, (q) => q.where('v.voided_at', 'is', null))
      .orderBy('v.date', 'desc').orderBy('v.id', 'desc').limit(input.limit),
  );
  return rows.map((r) => toVisitRecord(ctx, r));
}

/** "Same as last visit": the supplies and social services of the client's latest non-voided visit. */
export function lastVisitDefaults(ctx: Ctx, clientIdIn: number): ChannelOutput<'clients.lastVisitDefaults'> {
  const clientId = resolveClientId(ctx, clientIdIn);
  const row = ctx.store.get(
    visitRows.where('v.client_id', '=', clientId).where('v.voided_at', 'is', null).where('v.kind', 'in', ['cabinet', 'outreach', 'secondary'])
      .orderBy('v.date', 'desc').orderBy('v.id', 'desc').limit(1),
  );
  if (!row) return { supplies: [], services: [], fromDate: null };
  const r = toVisitRecord(ctx, row);
  return {
    supplies: r.supplies,
    // The lines as a form sends them back: not what became of the last visit's referral.
    services: r.services.filter((s) => !isMedicalService(s.type)).map((s) => ({ type: s.type, units: s.units, referralTo: s.referralTo })),
    fromDate: r.date,
  };
}
