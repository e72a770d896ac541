// Outreach sessions: place, workers, contacts (each a visit, with its tests), their summary, void.
// A contact is edited as the visit it is (visits.update, which keeps its tests by id).
import { sql } from 'kysely';
import { qb } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { MEDICAL_SERVICES } from '../../shared/domain';
import { checkRecordDate } from './record-dates';
import { nowIso, notFound, requireMedical, type Ctx } from './context';
import { insertVisit } from './visits';

type Session = ChannelOutput<'outreach.create'>;

function sessionSummary(ctx: Ctx, id: number): Session {
  const row = ctx.store.get(
    qb.selectFrom('outreach_sessions as o').innerJoin('sites as s', 's.id', 'o.site_id')
      .select(['o.id', 'o.date', 'o.site_id', 's.name as place', 'o.voided_at']).where('o.id', '=', id),
  );
  if (!row) notFound('outreach_session');
  const workers = ctx.store.all(
    qb.selectFrom('outreach_workers as w').innerJoin('staff as st', 'st.id', 'w.staff_id')
      .select('st.display_name').where('w.session_id', '=', id).orderBy('st.display_name'),
  ).map((w) => w.display_name);
  const c = ctx.store.get(
    qb.selectFrom('visits').select([
      sql<number>`coalesce(sum(CASE WHEN client_id IS NOT NULL THEN 1 END), 0)`.as('known'),
      sql<number>`coalesce(sum(CASE WHEN client_id IS NULL THEN anonymous_count END), 0)`.as('anonymous'),
    ]).where('outreach_session_id', '=', id),
  ) ?? { known: 0, anonymous: 0 };
  const syr = ctx.store.get(
    qb.selectFrom('visits as v').innerJoin('supply_lines as s', 's.visit_id', 'v.id').innerJoin('items as i', 'i.id', 's.item_id')
      .select([
        sql<number>`coalesce(sum(CASE WHEN s.direction = 'out' THEN s.quantity END), 0)`.as('out_q'),
        sql<number>`coalesce(sum(CASE WHEN s.direction = 'in' THEN s.quantity END), 0)`.as('in_q'),
      ])
      .where('v.outreach_session_id', '=', id).where('i.category', '=', 'syringe'),
  ) ?? { out_q: 0, in_q: 0 };
  return {
    id: row.id, date: row.date, placeId: row.site_id, placeName: row.place, workers,
    knownContacts: c.known, anonymousContacts: c.anonymous, syringesOut: syr.out_q, syringesIn: syr.in_q, voided: row.voided_at !== null,
  };
}

export function createOutreachSession(ctx: Ctx, input: ParsedInput<'outreach.create'>): Session {
  // The session's day, said once for the session (each contact would otherwise refuse it as its own).
  checkRecordDate(ctx, input.date, 'date');
  return ctx.store.tx(() => {
    const place = ctx.store.get(qb.selectFrom('sites').select('kind').where('id', '=', input.placeId));
    if (!place) throw new CoreError('validation', text('outreach.no_place'), 'placeId');
    input.workerIds.forEach((w, i) => {
      const staff = ctx.store.get(qb.selectFrom('staff').select('active').where('id', '=', w));
      if (!staff) throw new CoreError('validation', text('outreach.no_worker'), `workerIds.${i}`);
    });
    const id = ctx.store.run(
      qb.insertInto('outreach_sessions').values({ date: input.date, site_id: input.placeId, note: input.note ?? null, created_at: nowIso(), created_by: ctx.actor.staffId }),
    ).lastInsertRowid;
    for (const w of input.workerIds) ctx.store.run(qb.insertInto('outreach_workers').orIgnore().values({ session_id: id, staff_id: w }));
    input.contacts.forEach((c, i) => {
      try {
        // A test done in the street is the contact's, as on a visit: insertVisit refuses it from a
        // non-medical account (requireMedicalContent) and checks its results against its type.
        c.tests.forEach((t, j) => {
          if (t.id !== undefined) throw new CoreError('validation', text('outreach.new_contact_keeps_none'), `tests.${j}.id`);
        });
        const contact = {
          date: input.date, time: null, clientId: c.clientId, anonymousCount: c.anonymousCount, kind: 'outreach' as const, siteId: input.placeId,
          supplies: c.supplies, services: c.services, tests: c.tests, secondary: null, trainedSecondary: false, note: null,
        };
        insertVisit(ctx, contact, { outreachSessionId: id, staffId: input.workerIds[0] });
      } catch (e) {
        if (e instanceof CoreError && e.field) throw e.under(`contacts.${i}`);
        throw e;
      }
    });
    const summary = sessionSummary(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'outreach_session', id, null, { ...summary, contacts: input.contacts });
    return summary;
  });
}

export function listOutreachSessions(ctx: Ctx, input: ParsedInput<'outreach.list'>): Session[] {
  const ids = ctx.store.all(
    qb.selectFrom('outreach_sessions').select('id').where((eb) => eb.between('date', input.from, input.to))
      .orderBy('date', 'desc').orderBy('id', 'desc').limit(500),
  );
  return ids.map((r) => sessionSummary(ctx, r.id));
}

/** Whether a live visit of the session has lines only medical staff may change (tests, medical services). */
function sessionHasMedicalLines(ctx: Ctx, sessionId: number): boolean {
  return !!ctx.store.get(
    qb.selectFrom('visits as v').select('v.id')
      .where('v.outreach_session_id', '=', sessionId).where('v.voided_at', 'is', null)
      .where((eb) => eb.or([
        eb.exists(eb.selectFrom('tests as t').select('t.id').whereRef('t.visit_id', '=', 'v.id')),
        eb.exists(eb.selectFrom('service_lines as l').select('l.id').whereRef('l.visit_id', '=', 'v.id').where('l.type', 'in', MEDICAL_SERVICES)),
      ]))
      .limit(1),
  );
}

export function voidOutreachSession(ctx: Ctx, input: ParsedInput<'outreach.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = sessionSummary(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', text('outreach.already_voided'));
    if (sessionHasMedicalLines(ctx, input.id)) requireMedical(ctx, 'void_session');
    const now = nowIso();
    ctx.store.run(qb.updateTable('outreach_sessions').set({ voided_at: now, void_reason: input.reason }).where('id', '=', input.id));
    ctx.store.run(
      qb.updateTable('visits').set({ voided_at: now, void_reason: input.reason, voided_by: ctx.actor.staffId })
        .where('outreach_session_id', '=', input.id).where('voided_at', 'is', null),
    );
    audit(ctx.store, ctx.actor, 'void', 'outreach_session', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}
