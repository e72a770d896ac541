// Outreach sessions (place, workers, contacts) and secondary exchange (a peer's pick-up for others).
import { audit } from '../audit';
import { CoreError } from '../errors';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { MEDICAL_ROLES } from '../../shared/domain';
import { nowIso, notFound, requireRole, type Ctx } from './context';
import { getVisit, hasMedicalLines, insertVisit, type VisitRecord } from './visits';

type Session = ChannelOutput<'outreach.create'>;

function sessionSummary(ctx: Ctx, id: number): Session {
  const row = ctx.store.stmt(`SELECT o.id, o.date, o.site_id, s.name AS place, o.voided_at FROM outreach_sessions o JOIN sites s ON s.id = o.site_id WHERE o.id = ?`)
    .get(id) as { id: number; date: string; site_id: number; place: string; voided_at: string | null } | undefined;
  if (!row) notFound('The outreach session');
  const workers = (ctx.store.stmt('SELECT st.display_name FROM outreach_workers w JOIN staff st ON st.id = w.staff_id WHERE w.session_id = ? ORDER BY st.display_name')
    .all(id) as Array<{ display_name: string }>).map((w) => w.display_name);
  const c = ctx.store.stmt(`SELECT
      coalesce(sum(CASE WHEN client_id IS NOT NULL THEN 1 END), 0) AS known,
      coalesce(sum(CASE WHEN client_id IS NULL THEN anonymous_count END), 0) AS anonymous
    FROM visits WHERE outreach_session_id = ?`).get(id) as { known: number; anonymous: number };
  const syr = ctx.store.stmt(`SELECT
      coalesce(sum(CASE WHEN s.direction = 'out' THEN s.quantity END), 0) AS out_q,
      coalesce(sum(CASE WHEN s.direction = 'in' THEN s.quantity END), 0) AS in_q
    FROM visits v JOIN supply_lines s ON s.visit_id = v.id JOIN items i ON i.id = s.item_id
    WHERE v.outreach_session_id = ? AND i.category = 'syringe'`).get(id) as { out_q: number; in_q: number };
  return {
    id: row.id, date: row.date, placeId: row.site_id, placeName: row.place, workers,
    knownContacts: c.known, anonymousContacts: c.anonymous, syringesOut: syr.out_q, syringesIn: syr.in_q, voided: row.voided_at !== null,
  };
}

export function createOutreachSession(ctx: Ctx, input: ParsedInput<'outreach.create'>): Session {
  return ctx.store.tx(() => {
    const place = ctx.store.stmt('SELECT kind FROM sites WHERE id = ?').get(input.placeId) as { kind: string } | undefined;
    if (!place) throw new CoreError('validation', 'That place does not exist.', 'placeId');
    input.workerIds.forEach((w, i) => {
      const staff = ctx.store.stmt('SELECT active FROM staff WHERE id = ?').get(w) as { active: number } | undefined;
      if (!staff) throw new CoreError('validation', 'That worker does not exist.', `workerIds.${i}`);
    });
    const id = Number(ctx.store.stmt('INSERT INTO outreach_sessions (date, site_id, note, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(input.date, input.placeId, input.note ?? null, nowIso(), ctx.actor.staffId).lastInsertRowid);
    const addWorker = ctx.store.stmt('INSERT OR IGNORE INTO outreach_workers (session_id, staff_id) VALUES (?, ?)');
    for (const w of input.workerIds) addWorker.run(id, w);
    input.contacts.forEach((c, i) => {
      try {
        insertVisit(ctx, {
          date: input.date, time: null, clientId: c.clientId, anonymousCount: c.anonymousCount, kind: 'outreach', siteId: input.placeId,
          supplies: c.supplies, services: c.services, tests: [], secondary: null, trainedSecondary: false, note: null,
        }, { outreachSessionId: id, staffId: input.workerIds[0] });
      } catch (e) {
        if (e instanceof CoreError && e.field) throw new CoreError(e.code, e.message, `contacts.${i}.${e.field}`);
        throw e;
      }
    });
    const summary = sessionSummary(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'outreach_session', id, null, { ...summary, contacts: input.contacts });
    return summary;
  });
}

export function listOutreachSessions(ctx: Ctx, input: ParsedInput<'outreach.list'>): Session[] {
  const ids = ctx.store.stmt('SELECT id FROM outreach_sessions WHERE date BETWEEN ? AND ? ORDER BY date DESC, id DESC LIMIT 500')
    .all(input.from, input.to) as Array<{ id: number }>;
  return ids.map((r) => sessionSummary(ctx, r.id));
}

export function voidOutreachSession(ctx: Ctx, input: ParsedInput<'outreach.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = sessionSummary(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', 'This outreach session is already voided.');
    const visitIds = ctx.store.stmt('SELECT id FROM visits WHERE outreach_session_id = ? AND voided_at IS NULL').all(input.id) as Array<{ id: number }>;
    if (visitIds.some((v) => hasMedicalLines(ctx, v.id))) requireRole(ctx, MEDICAL_ROLES, 'void a session with medical lines or tests');
    const now = nowIso();
    ctx.store.stmt('UPDATE outreach_sessions SET voided_at = ?, void_reason = ? WHERE id = ?').run(now, input.reason, input.id);
    ctx.store.stmt('UPDATE visits SET voided_at = ?, void_reason = ?, voided_by = ? WHERE outreach_session_id = ? AND voided_at IS NULL')
      .run(now, input.reason, ctx.actor.staffId, input.id);
    audit(ctx.store, ctx.actor, 'void', 'outreach_session', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}

/** A peer picks up equipment for others (a `secondary` visit, supplies marked for peers) and may report peers reached. */
export function recordSecondary(ctx: Ctx, input: ParsedInput<'secondary.record'>): VisitRecord {
  if (input.supplies.length === 0 && !input.report) {
    throw new CoreError('validation', 'Enter what the peer took, or the peers reached, or both.', 'supplies');
  }
  return ctx.store.tx(() => {
    const id = insertVisit(ctx, {
      date: input.date, time: null, clientId: input.clientId, anonymousCount: 1, kind: 'secondary', siteId: input.siteId,
      supplies: input.supplies.map((s) => ({ ...s, forPeers: s.direction === 'out' })), services: [], tests: [],
      secondary: input.report, trainedSecondary: false, note: input.note ?? null,
    });
    const record = getVisit(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'visit', id, null, record);
    return record;
  });
}
