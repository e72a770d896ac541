// Activities: advocacy meetings, trainings (of clients for secondary exchange, or in overdose
// response), media. A meeting with several institutions is several rows with the same date,
// title and site, one per institution with its participants (spec/register-format.md); the
// reports count them as one meeting (indicators.md `meetings`).
import { checkRecordDate } from './record-dates';
import { qb } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import type { Institution } from '../../shared/domain';
import { normalizeCode } from '../../shared/codes';
import { nowIso, notFound, type Ctx } from './context';
import { resolveClientId } from './clients';
import { checkSite } from './sites';

type ActivityRecord = ChannelOutput<'activities.list'>[number];
type ActivityCreated = ChannelOutput<'activities.create'>;

/** The types whose rows may stand for several institutions (a training of people from several places too). */
const SEVERAL_INSTITUTIONS: ReadonlySet<string> = new Set(['meeting', 'training']);

function activity(ctx: Ctx, id: number): ActivityRecord {
  const r = ctx.store.get(qb.selectFrom('activities').selectAll().where('id', '=', id));
  if (!r) notFound('activity');
  const trained = ctx.store.all(
    qb.selectFrom('activity_clients as ac').innerJoin('clients as c', 'c.id', 'ac.client_id').select('c.code').where('ac.activity_id', '=', id).orderBy('c.code'),
  );
  return {
    id: r.id, date: r.date, type: r.type, title: r.title, participants: r.participants, institution: r.institution, siteId: r.site_id,
    voided: r.voided_at !== null, topic: r.topic, trainedCodes: trained.map((t) => t.code),
  };
}

/** A typed code's client (a merged code finds the client it was merged into); refused naming its place in the list, never the code. */
function clientOfCode(ctx: Ctx, typed: string, i: number): number {
  const found = ctx.store.get(qb.selectFrom('clients').select('id').where('code', '=', normalizeCode(typed)));
  if (!found) throw new CoreError('validation', text('activities.unknown_code', { n: i + 1 }), `trainedCodes.${i}`);
  return resolveClientId(ctx, found.id);
}

/** The rows an input stands for: one per institution of the list, or the one institution (or none) with its participants. */
function rowsOf(input: ParsedInput<'activities.create'>): Array<{ institution: Institution | null; participants: number }> {
  if (input.institutions.length === 0) return [{ institution: input.institution, participants: input.participants }];
  if (input.institution !== null || input.participants !== 0) throw new CoreError('validation', text('activities.institutions_or_one'), 'institutions');
  if (input.institutions.length > 1 && !SEVERAL_INSTITUTIONS.has(input.type)) throw new CoreError('validation', text('activities.institutions_need_meeting'), 'institutions');
  const seen = new Set<Institution>();
  input.institutions.forEach((r, i) => {
    if (seen.has(r.institution)) throw new CoreError('validation', text('activities.institution_twice'), `institutions.${i}.institution`);
    seen.add(r.institution);
  });
  return input.institutions;
}

/** A meeting's title as the report groups meetings: trimmed, ignoring case as a person reads it. */
const meetingTitle = (title: string | null) => (title ?? '').trim().toLocaleLowerCase('lt');

/**
 * A meeting's institution already standing on the same meeting (date, title and site, as the report
 * groups them; none given is `other`) is refused: the report would add both rows' participants
 * into one meeting, and a row typed twice is far more likely than two delegations.
 */
function checkMeetingInstitutions(ctx: Ctx, input: ParsedInput<'activities.create'>, rows: Array<{ institution: Institution | null }>): void {
  const standing = ctx.store.all(
    qb.selectFrom('activities').select(['title', 'institution']).where('type', '=', 'meeting').where('date', '=', input.date)
      .where('voided_at', 'is', null).where((eb) => (input.siteId === null ? eb('site_id', 'is', null) : eb('site_id', '=', input.siteId))),
  );
  const title = meetingTitle(input.title);
  const taken = new Set(standing.filter((r) => meetingTitle(r.title) === title).map((r) => r.institution ?? 'other'));
  rows.forEach((row, i) => {
    if (taken.has(row.institution ?? 'other')) {
      throw new CoreError('rejected', text('activities.institution_recorded'), input.institutions.length === 0 ? 'institution' : `institutions.${i}.institution`);
    }
  });
}

export function createActivity(ctx: Ctx, input: ParsedInput<'activities.create'>): ActivityCreated {
  if (input.type !== 'training') {
    if (input.trainedClientIds.length > 0) throw new CoreError('validation', text('activities.trained_needs_training'), 'trainedClientIds');
    if (input.trainedCodes.length > 0) throw new CoreError('validation', text('activities.trained_needs_training'), 'trainedCodes');
    if (input.topic !== null) throw new CoreError('validation', text('activities.topic_needs_training'), 'topic');
  }
  checkRecordDate(ctx, input.date);
  const rows = rowsOf(input);
  return ctx.store.tx(() => {
    checkSite(ctx, input.siteId, 'siteId');
    if (input.type === 'meeting') checkMeetingInstitutions(ctx, input, rows);
    const trained = new Set<number>();
    input.trainedClientIds.forEach((c, i) => {
      try {
        trained.add(resolveClientId(ctx, c));
      } catch (e) {
        if (e instanceof CoreError) throw e.under(`trainedClientIds.${i}`);
        throw e;
      }
    });
    input.trainedCodes.forEach((code, i) => trained.add(clientOfCode(ctx, code, i)));
    const ids = rows.map((row, i) => {
      const id = ctx.store.run(
        qb.insertInto('activities').values({
          date: input.date, type: input.type, title: input.title, participants: row.participants, institution: row.institution,
          topic: input.type === 'training' ? input.topic : null, site_id: input.siteId, created_at: nowIso(), created_by: ctx.actor.staffId,
        }),
      ).lastInsertRowid;
      // The clients trained are linked to every row of the training (the reports count them distinct),
      // so that voiding one institution's row leaves them trained by the rows that stand.
      for (const c of trained) ctx.store.run(qb.insertInto('activity_clients').orIgnore().values({ activity_id: id, client_id: c }));
      audit(ctx.store, ctx.actor, 'create', 'activity', id, null, { ...activity(ctx, id), ...(i === 0 ? { trainedClientIds: [...trained] } : {}) });
      return id;
    });
    return { ...activity(ctx, ids[0]), rows: ids.length, ids };
  });
}

export function listActivities(ctx: Ctx, input: ParsedInput<'activities.list'>): ActivityRecord[] {
  return ctx.store.all(
    qb.selectFrom('activities').select('id').where((eb) => eb.between('date', input.from, input.to))
      .orderBy('date', 'desc').orderBy('id', 'desc').limit(1000),
  ).map((r) => activity(ctx, r.id));
}

export function voidActivity(ctx: Ctx, input: ParsedInput<'activities.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = activity(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('activities.already_voided'));
    ctx.store.run(qb.updateTable('activities').set({ voided_at: nowIso(), void_reason: input.reason }).where('id', '=', input.id));
    audit(ctx.store, ctx.actor, 'void', 'activity', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}
