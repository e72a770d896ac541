// Overdose reports (spec/indicators.md "Overdose and naloxone"): an overdose a client, a peer or a
// worker tells of — who reported it, the person who overdosed (a client, or anonymous), place,
// naloxone given and by whom, ambulance, outcome, a short note. Any role hears of one and records
// it (the channel map says so); voided with a reason, never deleted; every change audited.
import type { InferResult } from 'kysely';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { qb } from '../store';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { notFound, nowIso, type Ctx } from './context';
import { resolveClientId } from './clients';
import { checkSite } from './sites';
import { checkRecordDate } from './record-dates';

type OverdoseRecord = ChannelOutput<'overdoses.record'>;

const overdoseRows = qb.selectFrom('overdoses as o')
  .leftJoin('clients as c', 'c.id', 'o.client_id')
  .leftJoin('sites as s', 's.id', 'o.site_id')
  .leftJoin('staff as st', 'st.id', 'o.staff_id')
  .select([
    'o.id', 'o.date', 'o.site_id', 's.name as site_name', 'o.client_id', 'c.code as client_code', 'o.reported_by', 'o.place', 'o.naloxone_given',
    'o.naloxone_by', 'o.ambulance', 'o.outcome', 'o.note', 'st.display_name as staff_name', 'o.voided_at', 'o.void_reason',
  ]);

type OverdoseRow = InferResult<typeof overdoseRows>[number];

const toRecord = (r: OverdoseRow): OverdoseRecord => ({
  id: r.id, date: r.date, siteId: r.site_id, siteName: r.site_name, clientId: r.client_id, clientCode: r.client_code,
  reportedBy: r.reported_by, place: r.place, naloxoneGiven: r.naloxone_given, naloxoneBy: r.naloxone_by, ambulance: r.ambulance,
  outcome: r.outcome, note: r.note, staffName: r.staff_name, voided: r.voided_at !== null, voidReason: r.voided_at === null ? null : r.void_reason,
});

function overdoseRecord(ctx: Ctx, id: number): OverdoseRecord {
  const r = ctx.store.get(overdoseRows.where('o.id', '=', id));
  if (!r) notFound('overdose');
  return toRecord(r);
}

/**
 * The rules of an overdose report, said once (the form; a register file's `overdoses` sheet should
 * ask the same): the day is a record's day, and who gave naloxone is said only when it was given.
 */
export function checkOverdose(ctx: Ctx, o: Pick<ParsedInput<'overdoses.record'>, 'date' | 'naloxoneGiven' | 'naloxoneBy'>): void {
  checkRecordDate(ctx, o.date, 'date');
  if (o.naloxoneBy !== null && o.naloxoneGiven !== 'yes') throw new CoreError('validation', text('overdoses.naloxone_by_without'), 'naloxoneBy');
}

export function recordOverdose(ctx: Ctx, input: ParsedInput<'overdoses.record'>): OverdoseRecord {
  checkOverdose(ctx, input);
  return ctx.store.tx(() => {
    const clientId = input.clientId === null ? null : resolveClientIdAt(ctx, input.clientId, 'clientId');
    checkSite(ctx, input.siteId, 'siteId');
    const id = ctx.store.run(
      qb.insertInto('overdoses').values({
        date: input.date, site_id: input.siteId, staff_id: ctx.actor.staffId, client_id: clientId, reported_by: input.reportedBy, place: input.place,
        naloxone_given: input.naloxoneGiven, naloxone_by: input.naloxoneBy, ambulance: input.ambulance, outcome: input.outcome,
        note: input.note ?? null, created_at: nowIso(), created_by: ctx.actor.staffId,
      }),
    ).lastInsertRowid;
    const record = overdoseRecord(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'overdose', id, null, record);
    return record;
  });
}

/** A client named by id: the survivor of a merge; not found is said about the field. */
function resolveClientIdAt(ctx: Ctx, id: number, field: string): number {
  try {
    return resolveClientId(ctx, id);
  } catch (e) {
    if (e instanceof CoreError) throw e.under(field);
    throw e;
  }
}

/** A period's reports, newest first, voided ones included (marked voided); one client's when clientId is given (a merged code finds its survivor's). */
export function listOverdoses(ctx: Ctx, input: ParsedInput<'overdoses.list'>): OverdoseRecord[] {
  const inPeriod = overdoseRows.where((eb) => eb.between('o.date', input.from, input.to));
  const rows = ctx.store.all(
    (input.clientId === undefined ? inPeriod : inPeriod.where('o.client_id', '=', resolveClientIdAt(ctx, input.clientId, 'clientId')))
      .orderBy('o.date', 'desc').orderBy('o.id', 'desc').limit(1000),
  );
  return rows.map(toRecord);
}

export function voidOverdose(ctx: Ctx, input: ParsedInput<'overdoses.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = overdoseRecord(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('overdoses.already_voided'));
    ctx.store.run(qb.updateTable('overdoses').set({ voided_at: nowIso(), void_reason: input.reason, voided_by: ctx.actor.staffId }).where('id', '=', input.id));
    audit(ctx.store, ctx.actor, 'void', 'overdose', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}
