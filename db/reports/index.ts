// Reports: the one entry point for every figure of spec/indicators.md. The report screen (the
// 'reports.run' channel), the command line, the workbooks and the tests all come through here.
import { qb, type Store } from '../store';
import type { ParsedInput, ChannelOutput } from '../../shared/api';
import { coverageLevel, regularRuleText, round1, type Indicators } from '../../shared/indicators';
import { daysInMonth, monthsInPeriod, monthsOf } from '../../shared/dates';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { getSettings } from '../services/settings';
import { computeIndicators, computeReport, loadCatalogue, type EngineRules } from './engine';

export type ReportResult = ChannelOutput<'reports.run'>;
export type ReportRules = ReportResult['rules'];

export interface SiteRef {
  id: number;
  name: string;
}

export function siteRefs(store: Store, siteIds: readonly number[]): SiteRef[] {
  const unique = [...new Set(siteIds)];
  return unique.map((id) => {
    const row = store.get(qb.selectFrom('sites').select(['id', 'name']).where('id', '=', id));
    if (!row) throw new CoreError('not_found', text('reports.no_site', { id }), 'siteIds');
    return row;
  });
}

function engineRules(store: Store): { engine: EngineRules; low: number; high: number } {
  const s = getSettings({ store });
  return {
    engine: { regularMinVisitDays: s.regularMinVisitDays, pwidPopulationEstimate: s.pwidPopulationEstimate },
    low: s.coverageLowBelow,
    high: s.coverageHighFrom,
  };
}

/** The figures of one period and site set (no monthly breakdown): the building block of every report. */
export function indicatorsFor(store: Store, from: string, to: string, siteIds: readonly number[]): Indicators {
  const { engine } = engineRules(store);
  return computeIndicators(store, { from, to, siteIds, months: monthsInPeriod(from, to) }, engine, loadCatalogue(store));
}

/** The calendar months of a period, each cut to the period (the first and last may be partial). */
export function monthSlices(from: string, to: string): Array<{ month: string; from: string; to: string }> {
  return monthsOf(from, to).map((month) => {
    const first = `${month}-01`;
    const last = `${month}-${String(daysInMonth(+month.slice(0, 4), +month.slice(5, 7))).padStart(2, '0')}`;
    return { month, from: first < from ? from : first, to: last > to ? to : last };
  });
}

/** A long job's step (Ctx.step): progress, and the place where a cancel stops it. */
export type Step = (phase: string, done: number, total: number) => void;
const noStep: Step = () => undefined;

export function runReport(store: Store, input: ParsedInput<'reports.run'>, step: Step = noStep): ReportResult {
  const sites = siteRefs(store, input.siteIds);
  const siteIds = sites.map((s) => s.id);
  const { engine, low, high } = engineRules(store);
  const months = monthsInPeriod(input.from, input.to);
  const catalogue = loadCatalogue(store);
  const slices = input.monthly ? monthSlices(input.from, input.to).map((m) => ({ ...m, months: monthsInPeriod(m.from, m.to) })) : [];
  // The period and its months in one pass over the facts (db/reports/engine.ts computeReport).
  step('figures', 0, 1);
  const { indicators, monthly } = computeReport(store, { from: input.from, to: input.to, siteIds, months }, slices, engine, catalogue);
  step('figures', 1, 1);
  const perPwid = indicators.syringes_per_pwid_year;
  const rules: ReportRules = {
    regular_min_visit_days: engine.regularMinVisitDays,
    regular_rule: regularRuleText(engine.regularMinVisitDays, 'en'),
    pwid_population_estimate: engine.pwidPopulationEstimate,
    coverage_low_below: low,
    coverage_high_from: high,
    coverage_level: typeof perPwid === 'number' ? coverageLevel(perPwid, low, high) : null,
  };
  const result: ReportResult = {
    period: { from: input.from, to: input.to, months: round1(months) },
    sites: sites.map((s) => s.name),
    rules,
    indicators,
  };
  if (input.monthly) result.monthly = slices.map((m, i) => ({ month: m.month, indicators: monthly[i] }));
  return result;
}
