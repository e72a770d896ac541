// Catalogue items: the list, a manager's edit, and the look-up by key every supply line makes.
import { z } from 'zod';
import { qb, query } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { CORE_ITEMS } from '../../shared/domain';
import type { Item } from '../schema';
import { notFound, type Ctx } from './context';

type ItemRecord = ChannelOutput<'items.save'>;
const toItem = (r: Item): ItemRecord => ({
  id: r.id, key: r.key, category: r.category, labelLt: r.label_lt, labelEn: r.label_en, lowStockThreshold: r.low_stock_threshold, active: r.active === 1,
});

const itemById = (id: number) => qb.selectFrom('items').selectAll().where('id', '=', id);

export function listItems(ctx: Ctx): ItemRecord[] {
  return ctx.store.all(qb.selectFrom('items').selectAll().orderBy('id')).map(toItem);
}

export function saveItem(ctx: Ctx, input: ParsedInput<'items.save'>): ItemRecord {
  return ctx.store.tx(() => {
    const clash = ctx.store.get(qb.selectFrom('items').select('id').where('key', '=', input.key).where('id', '<>', input.id ?? 0));
    if (clash) throw new CoreError('rejected', text('items.key_taken'), 'key');
    const values = {
      key: input.key, category: input.category, label_lt: input.labelLt, label_en: input.labelEn,
      low_stock_threshold: input.lowStockThreshold, active: input.active ? 1 : 0,
    } as const;
    if (input.id === undefined) {
      const id = ctx.store.run(qb.insertInto('items').values(values)).lastInsertRowid;
      const after = ctx.store.get(itemById(id));
      if (!after) notFound('item');
      audit(ctx.store, ctx.actor, 'create', 'item', id, null, after);
      return toItem(after);
    }
    const before = ctx.store.get(itemById(input.id));
    if (!before) notFound('item');
    if (before.key !== input.key) throw new CoreError('rejected', text('items.key_fixed'), 'key');
    ctx.store.run(qb.updateTable('items').set(values).where('id', '=', input.id));
    const after = ctx.store.get(itemById(input.id));
    if (!after) notFound('item');
    audit(ctx.store, ctx.actor, 'update', 'item', input.id, before, after);
    return toItem(after);
  });
}

const itemRef = z.object({ id: z.number(), key: z.string(), category: z.enum([...CORE_ITEMS, 'other']) });
export type ItemRef = z.infer<typeof itemRef>;

/** Per supply line written (the register import writes thousands): declared once, no query building per row. */
const ITEM_BY_KEY = query<ItemRef, [key: string]>('SELECT id, key, category FROM items WHERE key = ?', itemRef);

/** The catalogue item with this key; a validation error on `field` when there is none. */
export function itemByKey(ctx: Ctx, key: string, field: string): ItemRef {
  const item = ctx.store.row(ITEM_BY_KEY, key);
  if (!item) throw new CoreError('validation', text('items.no_such'), field);
  return item;
}
