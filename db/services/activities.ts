// Activities: advocacy meetings, trainings of clients for secondary exchange, media.
import { qb } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { nowIso, notFound, type Ctx } from './context';
import { resolveClientId } from './clients';
import { checkSite } from './sites';

type ActivityRecord = ChannelOutput<'activities.create'>;

function activity(ctx: Ctx, id: number): ActivityRecord {
  const r = ctx.store.get(qb.selectFrom('activities').selectAll().where('id', '=', id));
  if (!r) notFound('activity');
  return { id: r.id, date: r.date, type: r.type, title: r.title, participants: r.participants, institution: r.institution, siteId: r.site_id, voided: r.voided_at !== null };
}

export function createActivity(ctx: Ctx, input: ParsedInput<'activities.create'>): ActivityRecord {
  if (input.trainedClientIds.length > 0 && input.type !== 'training') {
    throw new CoreError('validation', text('activities.trained_needs_training'), 'trainedClientIds');
  }
  return ctx.store.tx(() => {
    checkSite(ctx, input.siteId, 'siteId');
    const id = ctx.store.run(
      qb.insertInto('activities').values({
        date: input.date, type: input.type, title: input.title, participants: input.participants, institution: input.institution,
        site_id: input.siteId, created_at: nowIso(), created_by: ctx.actor.staffId,
      }),
    ).lastInsertRowid;
    input.trainedClientIds.forEach((c, i) => {
      try {
        ctx.store.run(qb.insertInto('activity_clients').orIgnore().values({ activity_id: id, client_id: resolveClientId(ctx, c) }));
      } catch (e) {
        if (e instanceof CoreError) throw e.under(`trainedClientIds.${i}`);
        throw e;
      }
    });
    const rec = activity(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'activity', id, null, { ...rec, trainedClientIds: input.trainedClientIds });
    return rec;
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
