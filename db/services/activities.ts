// Activities (advocacy meetings, trainings of clients for secondary exchange, media) and stock.
import { audit } from '../audit';
import { CoreError } from '../errors';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { nowIso, notFound, requireRole, type Ctx } from './context';
import { itemByKey } from './visits';
import { resolveClientId } from './clients';

type ActivityRecord = ChannelOutput<'activities.create'>;

function activity(ctx: Ctx, id: number): ActivityRecord {
  const r = ctx.store.stmt('SELECT * FROM activities WHERE id = ?').get(id) as
    | { id: number; date: string; type: ActivityRecord['type']; title: string | null; participants: number; institution: ActivityRecord['institution']; site_id: number | null; voided_at: string | null }
    | undefined;
  if (!r) notFound('The activity');
  return { id: r.id, date: r.date, type: r.type, title: r.title, participants: r.participants, institution: r.institution, siteId: r.site_id, voided: r.voided_at !== null };
}

export function createActivity(ctx: Ctx, input: ParsedInput<'activities.create'>): ActivityRecord {
  if (input.trainedClientIds.length > 0 && input.type !== 'training') {
    throw new CoreError('validation', 'Trained clients belong to an activity of type training.', 'trainedClientIds');
  }
  return ctx.store.tx(() => {
    if (input.siteId !== null && !ctx.store.stmt('SELECT 1 FROM sites WHERE id = ?').get(input.siteId)) {
      throw new CoreError('validation', 'That site does not exist.', 'siteId');
    }
    const id = Number(ctx.store.stmt(`INSERT INTO activities (date, type, title, participants, institution, site_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(input.date, input.type, input.title, input.participants, input.institution, input.siteId, nowIso(), ctx.actor.staffId).lastInsertRowid);
    const link = ctx.store.stmt('INSERT OR IGNORE INTO activity_clients (activity_id, client_id) VALUES (?, ?)');
    input.trainedClientIds.forEach((c, i) => {
      try {
        link.run(id, resolveClientId(ctx, c));
      } catch (e) {
        if (e instanceof CoreError) throw new CoreError(e.code, e.message, `trainedClientIds.${i}`);
        throw e;
      }
    });
    const rec = activity(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'activity', id, null, { ...rec, trainedClientIds: input.trainedClientIds });
    return rec;
  });
}

export function listActivities(ctx: Ctx, input: ParsedInput<'activities.list'>): ActivityRecord[] {
  return (ctx.store.stmt('SELECT id FROM activities WHERE date BETWEEN ? AND ? ORDER BY date DESC, id DESC LIMIT 1000').all(input.from, input.to) as Array<{ id: number }>)
    .map((r) => activity(ctx, r.id));
}

export function voidActivity(ctx: Ctx, input: ParsedInput<'activities.void'>): { done: true } {
  return ctx.store.tx(() => {
    const before = activity(ctx, input.id);
    if (before.voided) throw new CoreError('rejected', 'This activity is already voided.');
    ctx.store.stmt('UPDATE activities SET voided_at = ?, void_reason = ? WHERE id = ?').run(nowIso(), input.reason, input.id);
    audit(ctx.store, ctx.actor, 'void', 'activity', input.id, before, { reason: input.reason });
    return { done: true as const };
  });
}

type Balance = ChannelOutput<'stock.balance'>[number];

/**
 * Balance per item: the latest count (or zero) plus receipts after it, minus what went out
 * after it on non-voided visits. Without a count: all receipts minus all that went out.
 */
export function stockBalance(ctx: Ctx): Balance[] {
  const rows = ctx.store.stmt(`
    WITH last_count AS (
      SELECT item_id, max(date) AS date FROM stock_movements WHERE kind = 'count' AND voided_at IS NULL GROUP BY item_id
    )
    SELECT i.key, i.label_lt, i.label_en, i.low_stock_threshold,
      lc.date AS count_date,
      (SELECT quantity FROM stock_movements m WHERE m.item_id = i.id AND m.kind = 'count' AND m.voided_at IS NULL AND m.date = lc.date ORDER BY m.id DESC LIMIT 1) AS count_qty,
      (SELECT coalesce(sum(quantity), 0) FROM stock_movements m WHERE m.item_id = i.id AND m.kind = 'receipt' AND m.voided_at IS NULL) AS received,
      (SELECT coalesce(sum(quantity), 0) FROM stock_movements m WHERE m.item_id = i.id AND m.kind = 'receipt' AND m.voided_at IS NULL AND (lc.date IS NULL OR m.date > lc.date)) AS received_after,
      (SELECT coalesce(sum(s.quantity), 0) FROM supply_lines s JOIN visits v ON v.id = s.visit_id WHERE s.item_id = i.id AND s.direction = 'out' AND v.voided_at IS NULL) AS distributed,
      (SELECT coalesce(sum(s.quantity), 0) FROM supply_lines s JOIN visits v ON v.id = s.visit_id WHERE s.item_id = i.id AND s.direction = 'out' AND v.voided_at IS NULL AND (lc.date IS NULL OR v.date > lc.date)) AS distributed_after
    FROM items i LEFT JOIN last_count lc ON lc.item_id = i.id
    WHERE i.active = 1 ORDER BY i.id`).all() as Array<{
    key: string; label_lt: string; label_en: string; low_stock_threshold: number | null; count_date: string | null; count_qty: number | null;
    received: number; received_after: number; distributed: number; distributed_after: number;
  }>;
  return rows.map((r) => {
    const balance = (r.count_qty ?? 0) + r.received_after - r.distributed_after;
    return {
      itemKey: r.key, labelLt: r.label_lt, labelEn: r.label_en, received: r.received, distributed: r.distributed, balance,
      lastCount: r.count_date ? { date: r.count_date, quantity: r.count_qty ?? 0 } : null,
      lowStockThreshold: r.low_stock_threshold, low: r.low_stock_threshold !== null && balance < r.low_stock_threshold,
    };
  });
}

export function receiveStock(ctx: Ctx, input: ParsedInput<'stock.receive'>): Balance[] {
  requireRole(ctx, ['manager'], 'record stock');
  ctx.store.tx(() => {
    const item = itemByKey(ctx, input.itemKey, 'itemKey');
    const id = Number(ctx.store.stmt(`INSERT INTO stock_movements (date, item_id, kind, quantity, source, created_at, created_by) VALUES (?, ?, 'receipt', ?, ?, ?, ?)`)
      .run(input.date, item.id, input.quantity, input.source, nowIso(), ctx.actor.staffId).lastInsertRowid);
    audit(ctx.store, ctx.actor, 'create', 'stock_receipt', id, null, input);
  });
  return stockBalance(ctx);
}

export function countStock(ctx: Ctx, input: ParsedInput<'stock.count'>): Balance[] {
  requireRole(ctx, ['manager'], 'record stock');
  ctx.store.tx(() => {
    const item = itemByKey(ctx, input.itemKey, 'itemKey');
    const id = Number(ctx.store.stmt(`INSERT INTO stock_movements (date, item_id, kind, quantity, source, created_at, created_by) VALUES (?, ?, 'count', ?, NULL, ?, ?)`)
      .run(input.date, item.id, input.quantity, nowIso(), ctx.actor.staffId).lastInsertRowid);
    audit(ctx.store, ctx.actor, 'create', 'stock_count', id, null, input);
  });
  return stockBalance(ctx);
}
