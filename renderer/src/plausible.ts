// How many of an item one visit plausibly takes: a quantity above it is not refused, it is asked
// about once (a second Ctrl+Enter confirms), so that "5000" typed for "50" does not reach the
// donor figures silently. The thresholds are the cabinet's, per item (visits.plausibleQuantities:
// the manager's setting, else the cabinet's own history); the default stands while they load and
// for an item the answer does not name.
import { useEffect, useState } from 'react';
import { call } from './api';
import { useTranslation } from 'react-i18next';
import { formatNumber, itemLabel } from './i18n';
import type { ItemRecord } from './types';

export const DEFAULT_PLAUSIBLE_QUANTITY = 200;

export type PlausibleLimits = (itemKey: string) => number;

/** The threshold of each item, asked of the core once per form. */
export function usePlausibleLimits(): PlausibleLimits {
  const [byItem, setByItem] = useState<Record<string, number>>({});
  useEffect(() => {
    let live = true;
    void call('visits.plausibleQuantities', {}).then((r) => live && r.ok && setByItem(r.value.byItem));
    return () => {
      live = false;
    };
  }, []);
  return (itemKey) => byItem[itemKey] ?? DEFAULT_PLAUSIBLE_QUANTITY;
}

export interface Implausible {
  itemKey: string;
  direction: 'out' | 'in';
  quantity: number;
  limit: number;
}

/** The lines above their item's threshold, and a key naming them (a confirmation holds for exactly these). */
export function implausible(lines: readonly { itemKey: string; direction: 'out' | 'in'; quantity: number }[], limit: PlausibleLimits): { over: Implausible[]; key: string } {
  const over = lines.filter((l) => l.quantity > limit(l.itemKey)).map((l) => ({ ...l, limit: limit(l.itemKey) }));
  return { over, key: over.map((l) => `${l.itemKey}.${l.direction}=${l.quantity}`).join(';') };
}

/**
 * The ask-once confirmation of a form: `check(lines)` is true when the lines may be saved — none
 * above its item's threshold, or exactly these quantities were asked about already (the second
 * Ctrl+Enter); otherwise it sets `asked`, the sentence the form shows inline, and is false.
 */
export function usePlausibleConfirm(items: readonly ItemRecord[]) {
  const { t } = useTranslation();
  const limit = usePlausibleLimits();
  const [asked, setAsked] = useState<{ key: string; text: string } | null>(null);
  const check = (lines: readonly { itemKey: string; direction: 'out' | 'in'; quantity: number }[], who?: string): boolean => {
    const big = implausible(lines, limit);
    if (big.over.length === 0 || asked?.key === big.key) return true;
    const names = big.over.map((l) => {
      const item = items.find((i) => i.key === l.itemKey);
      return t('plausible.line', { item: item ? itemLabel(item) : l.itemKey, direction: t(l.direction === 'out' ? 'supplies.outLower' : 'supplies.backLower'), n: formatNumber(l.quantity), limit: formatNumber(l.limit) });
    });
    setAsked({ key: big.key, text: t('plausible.ask', { lines: (who ? `${who}: ` : '') + names.join('; ') }) });
    return false;
  };
  return { asked: asked?.text ?? null, check, clear: () => setAsked(null) };
}
