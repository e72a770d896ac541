// Stock: the balance per item, receipts and counts (the manager's, in the channel map).
import { z } from 'zod';
import { qb, query } from '../store';
import { audit } from '../audit';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { nowIso, type Ctx } from './context';
import { itemByKey } from './items';

type Balance = ChannelOutput<'stock.balance'>[number];

const balanceRow = z.object({
  key: z.string(), label_lt: z.string(), label_en: z.string(), low_stock_threshold: z.number().nullable(),
  count_date: z.string().nullable(), count_qty: z.number().nullable(),
  received: z.number(), received_after: z.number(), distributed: z.number(), distributed_after: z.number(),
});

/**
 * Balance per item: the latest count (or zero) plus receipts after it, minus what went out
 * after it on non-voided visits. Without a count: all receipts minus all that went out.
 * Raw: a CTE and six correlated subqueries read better as SQL than as builder calls.
 */
const BALANCES = query<z.infer<typeof balanceRow>, []>(`
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
  WHERE i.active = 1 ORDER BY i.id`, balanceRow);

export function stockBalance(ctx: Ctx): Balance[] {
  return ctx.store.rows(BALANCES).map((r) => {
    const balance = (r.count_qty ?? 0) + r.received_after - r.distributed_after;
    return {
      itemKey: r.key, labelLt: r.label_lt, labelEn: r.label_en, received: r.received, distributed: r.distributed, balance,
      lastCount: r.count_date ? { date: r.count_date, quantity: r.count_qty ?? 0 } : null,
      lowStockThreshold: r.low_stock_threshold, low: r.low_stock_threshold !== null && balance < r.low_stock_threshold,
    };
  });
}

export function receiveStock(ctx: Ctx, input: ParsedInput<'stock.receive'>): Balance[] {
  ctx.store.tx(() => {
    const item = itemByKey(ctx, input.itemKey, 'itemKey');
    const id = ctx.store.run(
      qb.insertInto('stock_movements').values({
        date: input.date, item_id: item.id, kind: 'receipt', quantity: input.quantity, source: input.source, created_at: nowIso(), created_by: ctx.actor.staffId,
      }),
    ).lastInsertRowid;
    audit(ctx.store, ctx.actor, 'create', 'stock_receipt', id, null, input);
  });
  return stockBalance(ctx);
}

export function countStock(ctx: Ctx, input: ParsedInput<'stock.count'>): Balance[] {
  ctx.store.tx(() => {
    const item = itemByKey(ctx, input.itemKey, 'itemKey');
    const id = ctx.store.run(
      qb.insertInto('stock_movements').values({
        date: input.date, item_id: item.id, kind: 'count', quantity: input.quantity, source: null, created_at: nowIso(), created_by: ctx.actor.staffId,
      }),
    ).lastInsertRowid;
    audit(ctx.store, ctx.actor, 'create', 'stock_count', id, null, input);
  });
  return stockBalance(ctx);
}
