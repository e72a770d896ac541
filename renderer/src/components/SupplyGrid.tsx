// Quantity fields for catalogue items, one row per item: "out" for every item, "back" for
// syringes and needles (what comes back to the cabinet). Used by the desk, outreach and
// secondary exchange.
import { forwardRef } from 'react';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QtyInput, badQty, qty } from './QtyInput';
import { itemLabel } from '../i18n';
import type { ItemRecord } from '../types';

export type Qty = { out: string; in: string };
export type QtyMap = Record<string, Qty>;

export const takesBack = (item: Pick<ItemRecord, 'category'>): boolean => item.category === 'syringe' || item.category === 'needle';

// In the order of the usual exchange visit ("10 out, 12 back, 10 pads"): syringes, then alcohol
// pads, so that Tab goes from syringes back straight to the pads.
const CATEGORY_ORDER = ['syringe', 'alcohol_pad', 'needle', 'condom', 'disinfectant', 'other'] as const;

/** Items in desk order: the first of each core category (the fields used every visit), then the rest. */
export function deskItemOrder(items: readonly ItemRecord[]): { primary: ItemRecord[]; others: ItemRecord[] } {
  const active = items.filter((i) => i.active);
  const sorted = [...active].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.id - b.id);
  const primary: ItemRecord[] = [];
  const others: ItemRecord[] = [];
  for (const cat of CATEGORY_ORDER.slice(0, 5)) {
    const first = sorted.find((i) => i.category === cat);
    if (first) primary.push(first);
  }
  for (const i of sorted) if (!primary.includes(i)) others.push(i);
  return { primary, others };
}

export interface SupplyLineDraft {
  itemKey: string;
  direction: 'out' | 'in';
  quantity: number;
}

/** The fields (`item.direction`) of a quantity map that hold something other than digits, in the items' order. */
export function badQtyFields(values: QtyMap, items: readonly ItemRecord[]): string[] {
  const out: string[] = [];
  for (const item of items) for (const d of ['out', 'in'] as const) if (badQty(values[item.key]?.[d] ?? '')) out.push(`${item.key}.${d}`);
  return out;
}

/** The supply lines a quantity map stands for, and each line's field key (`item.direction`) for errors. Only for maps without bad fields. */
export function supplyLines(values: QtyMap, items: readonly ItemRecord[]): { lines: SupplyLineDraft[]; fields: string[] } {
  const lines: SupplyLineDraft[] = [];
  const fields: string[] = [];
  for (const item of items) {
    const v = values[item.key];
    if (!v) continue;
    for (const direction of ['out', 'in'] as const) {
      const n = qty(v[direction]);
      if (n > 0) {
        lines.push({ itemKey: item.key, direction, quantity: n });
        fields.push(`${item.key}.${direction}`);
      }
    }
  }
  return { lines, fields };
}

/** A quantity map filled from supply lines (same as last visit, editing). */
export function qtyFromLines(lines: readonly { itemKey: string; direction: 'out' | 'in'; quantity: number }[]): QtyMap {
  const out: QtyMap = {};
  for (const l of lines) {
    const q = (out[l.itemKey] ??= { out: '', in: '' });
    q[l.direction] = String((q[l.direction] === '' ? 0 : Number(q[l.direction])) + l.quantity);
  }
  return out;
}

/** The map with one quantity changed. */
export function withQty(values: QtyMap, itemKey: string, direction: 'out' | 'in', value: string): QtyMap {
  return { ...values, [itemKey]: { ...(values[itemKey] ?? { out: '', in: '' }), [direction]: value } };
}

export interface SupplyGridProps {
  items: readonly ItemRecord[];
  values: QtyMap;
  onChange(itemKey: string, direction: 'out' | 'in', value: string): void;
  /** Errors by `item.direction` (the form's errors below its quantity map). */
  errors?: Record<string, React.ReactNode>;
  caption: string;
  outLabel?: string;
  inLabel?: string;
  size?: 'xs' | 'sm' | 'md';
  testIdPrefix?: string;
}

export const SupplyGrid = forwardRef<HTMLInputElement, SupplyGridProps>(function SupplyGrid(
  { items, values, onChange, errors = {}, caption, outLabel, inLabel, size = 'sm', testIdPrefix = 'qty' },
  firstRef,
) {
  const { t } = useTranslation();
  const outL = outLabel ?? t('supplies.out');
  const inL = inLabel ?? t('supplies.back');
  const anyBack = items.some(takesBack);
  return (
    <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={6} layout="fixed" aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>
            <Text size="sm" fw={700}>
              {caption}
            </Text>
          </Table.Th>
          <Table.Th w={86} ta="right">
            {outL}
          </Table.Th>
          {anyBack && (
            <Table.Th w={86} ta="right">
              {inL}
            </Table.Th>
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item, idx) => {
          const v = values[item.key] ?? { out: '', in: '' };
          const label = itemLabel(item);
          // What was typed that is not a number is said here, beside the item's name, like the core's errors.
          const digits = badQty(v.out) || badQty(v.in) ? t('qty.digitsOnly') : null;
          const error = digits ?? errors[`${item.key}.out`] ?? errors[`${item.key}.in`];
          return (
            <Table.Tr key={item.key}>
              <Table.Td>
                {/* Whole names, wrapped if need be: "Švirkštas 2 ml" and "Švirkštas 5 ml" must not both read "Švirkšt…". */}
                <Text size="sm" lh={1.2} style={{ overflowWrap: 'anywhere' }}>
                  {label}
                </Text>
                {error && (
                  <Text size="xs" c="red.9" role="alert" lh={1.2}>
                    {error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <QtyInput
                  ref={idx === 0 ? firstRef : undefined}
                  label={undefined}
                  aria-label={`${label} — ${outL}`}
                  data-testid={`${testIdPrefix}-${item.key}-out`}
                  size={size}
                  value={v.out}
                  ownError="caller"
                  error={errors[`${item.key}.out`] ? true : undefined}
                  onChange={(val) => onChange(item.key, 'out', val)}
                />
              </Table.Td>
              {anyBack && (
                <Table.Td>
                  {takesBack(item) && (
                    <QtyInput
                      label={undefined}
                      aria-label={`${label} — ${inL}`}
                      data-testid={`${testIdPrefix}-${item.key}-in`}
                      size={size}
                      value={v.in}
                      ownError="caller"
                      error={errors[`${item.key}.in`] ? true : undefined}
                      onChange={(val) => onChange(item.key, 'in', val)}
                    />
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
});
