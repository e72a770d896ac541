// The cabinet's settings: read (each stored value checked against its field, else the default),
// a manager's update, and what the forms make of one of them (the plausible quantities).
import { qb, type Store } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { DEFAULT_CODE_PATTERN } from '../../shared/codes';
import { settingsRecord } from '../../shared/schemas';
import { addMonths } from '../../shared/dates';
import type { Ctx } from './context';

type Settings = ChannelOutput<'settings.get'>;
export const SETTING_DEFAULTS: Settings = {
  codePattern: DEFAULT_CODE_PATTERN,
  regularMinVisitDays: 3,
  pwidPopulationEstimate: null,
  idleLockMinutes: 5,
  testDueMonths: 6,
  followupWeeks: 4,
  language: 'lt',
  coverageLowBelow: 100,
  coverageHighFrom: 200,
  cabinetName: '',
  confirmQuantityAbove: null,
  workbookOmitZeroRows: { donor: true, municipal: false, full: false },
};

export function getSettings(ctx: Pick<Ctx, 'store'>): Settings {
  // Each stored value that has its field's shape, else the default: the record as a whole is then checked.
  const merged: Record<string, unknown> = { ...SETTING_DEFAULTS };
  for (const [key, field] of Object.entries(settingsRecord.shape)) {
    const value = ctx.store.setting<unknown>(key, field, undefined);
    if (value !== undefined) merged[key] = value;
  }
  return settingsRecord.parse(merged);
}

export function updateSettings(ctx: Ctx, input: ParsedInput<'settings.update'>): Settings {
  return ctx.store.tx(() => {
    const before = getSettings(ctx);
    const next = settingsRecord.parse({ ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
    if (next.coverageLowBelow >= next.coverageHighFrom) throw new CoreError('validation', text('settings.coverage_order'), 'coverageHighFrom');
    for (const [key, v] of Object.entries(input)) {
      if (v === undefined) continue;
      ctx.store.run(
        qb.insertInto('settings').values({ key, value: JSON.stringify(v) })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
      );
    }
    audit(ctx.store, ctx.actor, 'update', 'settings', null, before, next);
    return next;
  });
}

// ---------- plausible quantities ----------

/** Without enough history of an item: the quantity above which the forms ask (issue 15: 5000 syringes went in silently). */
export const PLAUSIBLE_DEFAULT = 200;
/** From history, never below this: a cabinet that always gives 10 need not ask about 12. */
export const PLAUSIBLE_FLOOR = 50;
/** Lines of an item given out within the window before its history speaks for it. */
export const PLAUSIBLE_MIN_LINES = 200;
/** The share of lines at or below the threshold, in thousandths: the 99.5th percentile. */
const PLAUSIBLE_PERMILLE = 995;
const PLAUSIBLE_WINDOW_MONTHS = 24;

type Histogram = Array<{ quantity: number; n: number }>;

/**
 * The histograms of one store (its file), kept until the day changes or a supply line is written:
 * the read takes a few hundred milliseconds over a million visits, and the desk asks at every
 * visit form. A void alone does not start a new read (one line hardly moves a 99.5th percentile).
 */
const histogramsOf = new WeakMap<Store, { key: string; byItemId: Map<number, Histogram> }>();

function lineHistograms(ctx: Ctx): Map<number, Histogram> {
  const lastLine = ctx.store.get(qb.selectFrom('supply_lines').select((eb) => eb.fn.max<number | null>('id').as('id')))?.id ?? 0;
  const key = `${ctx.today()}|${lastLine}`;
  const kept = histogramsOf.get(ctx.store);
  if (kept?.key === key) return kept.byItemId;
  // Visits by date first (CROSS JOIN keeps that order), then their lines: not every line of the file.
  const counts = ctx.store.all(
    qb.selectFrom('visits as v').crossJoin('supply_lines as s').whereRef('s.visit_id', '=', 'v.id')
      .select((eb) => ['s.item_id', 's.quantity', eb.fn.countAll<number>().as('n')])
      .where('v.date', '>=', addMonths(ctx.today(), -PLAUSIBLE_WINDOW_MONTHS)).where('v.voided_at', 'is', null).where('s.direction', '=', 'out')
      .groupBy(['s.item_id', 's.quantity']).orderBy('s.item_id').orderBy('s.quantity'),
  );
  const byItemId = new Map<number, Histogram>();
  for (const c of counts) {
    const histogram = byItemId.get(c.item_id) ?? [];
    histogram.push({ quantity: c.quantity, n: c.n });
    byItemId.set(c.item_id, histogram);
  }
  histogramsOf.set(ctx.store, { key, byItemId });
  return byItemId;
}

/** The 99.5th percentile of an item's lines (nearest rank, integers only), at least the floor; the default without enough history. */
function thresholdOf(histogram: Histogram = []): number {
  const lines = histogram.reduce((sum, h) => sum + h.n, 0);
  if (lines < PLAUSIBLE_MIN_LINES) return PLAUSIBLE_DEFAULT;
  let seen = 0;
  const at = histogram.find((h) => (seen += h.n) * 1000 >= lines * PLAUSIBLE_PERMILLE);
  return Math.max(at?.quantity ?? PLAUSIBLE_DEFAULT, PLAUSIBLE_FLOOR);
}

/**
 * For each item of the catalogue, the quantity of a supply line above which the forms ask for a
 * confirmation: the manager's setting (confirmQuantityAbove) for every item when set; else the
 * 99.5th percentile of the quantities the cabinet gave out of that item on one line over the last
 * two years (voided visits left out), at least PLAUSIBLE_FLOOR; PLAUSIBLE_DEFAULT for an item
 * with fewer than PLAUSIBLE_MIN_LINES lines.
 */
export function plausibleQuantities(ctx: Ctx): ChannelOutput<'visits.plausibleQuantities'> {
  const items = ctx.store.all(qb.selectFrom('items').select(['id', 'key']).orderBy('key'));
  const fixed = getSettings(ctx).confirmQuantityAbove;
  if (fixed !== null) return { byItem: Object.fromEntries(items.map((i) => [i.key, fixed])) };
  const histograms = lineHistograms(ctx);
  return { byItem: Object.fromEntries(items.map((i) => [i.key, thresholdOf(histograms.get(i.id))])) };
}
