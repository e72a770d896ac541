// Reports: the one entry point for every figure of spec/indicators.md. The report screen (the
// 'reports.run' channel), the command line, the workbooks and the tests all come through here.
import { z } from 'zod';
import { qb, type Store } from '../store';
import type { ParsedInput, ChannelOutput } from '../../shared/api';
import { coverageLevel, regularRuleText, round1, type Indicators } from '../../shared/indicators';
import { daysInclusive, daysInMonth, localToday, monthsInPeriod, monthsOf } from '../../shared/dates';
import { DEFAULT_CODE_PATTERN } from '../../shared/codes';
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

/** Per-month figures need a period (or a month of a monthly report) of at least this many days (indicators.md "Rounding"). */
export const PER_MONTH_MIN_DAYS = 28;

/**
 * Whether sex and birth year come from the code where the register or the form leaves them
 * empty: the register import does so for a new code in the default pattern (db/register/import.ts),
 * and the registration form fills them from such a code. Neither records that it did, so the rule
 * is stated whenever the cabinet's code pattern is the default one.
 */
export function sexFromCode(store: Store): boolean {
  return store.setting('codePattern', z.string(), '') === DEFAULT_CODE_PATTERN;
}

/** The rules a report applied, each in one sentence (English; the workbooks say them in Lithuanian too). */
function appliedRules(r: Omit<ReportRules, 'applied'>, from: string, to: string, shortMonths: string[]): string[] {
  const days = daysInclusive(from, to);
  return [
    r.regular_rule,
    'Voided records never count.',
    "A client's first visit is the earliest non-voided visit at any site, whatever the site filter; a new client is one whose first visit falls in the period.",
    'A calendar month cut by the period counts with only its days inside the period.',
    "Months in the period: whole calendar months when it runs from a 1st to a month's last day; otherwise its days / 30.4375.",
    'Rates and averages are rounded to one decimal, half up, on the exact value.',
    ...(r.sex_birth_year_from_code ? ['Sex and birth year were taken from the code (its sex digit and year) where the register or the form left them empty: the code pattern is the default one.'] : []),
    ...(r.per_month_null
      ? [`Per-month figures are empty for a period shorter than ${r.per_month_min_days} days: ${days < r.per_month_min_days ? `this period has ${days} days` : `the months ${shortMonths.join(', ')} have fewer days in the period`}.`]
      : []),
    r.pwid_population_estimate === null
      ? 'No estimate of the number of people who inject drugs is set: coverage and per-person-per-year figures are empty.'
      : `Coverage against an estimate of ${r.pwid_population_estimate} people who inject drugs; syringes per person per year: low below ${r.coverage_low_below}, medium up to ${r.coverage_high_from - 1}, high from ${r.coverage_high_from}.`,
    'An HCV RNA test counts among the tests and in the hepatitis C care cascade, never as another positive result or new case.',
    "Opioid agonist therapy: a client's status on the period's last day is the latest dated change on or before it.",
    'A referral with no outcome recorded counts as unknown.',
  ];
}

/** A long job's step (Ctx.step): progress, and the place where a cancel stops it. */
export type Step = (phase: string, done: number, total: number) => void;
const noStep: Step = () => undefined;

/** The earliest day a report's period may start on: no record is older (db/services/record-dates.ts). */
export const FIRST_REPORT_DATE = '1990-01-01';

/**
 * A report's period within 1990-01-01 .. the end of the year after `today`: a typo in a year
 * (2109 for 2009, 0201 for 2013) would otherwise run for hundreds of years of months and sheets.
 * A validation error naming the field.
 */
export function checkReportPeriod(from: string, to: string, today: string): void {
  if (from < FIRST_REPORT_DATE) throw new CoreError('validation', text('reports.period_from_early', { from, first: FIRST_REPORT_DATE }), 'from');
  const last = `${Number(today.slice(0, 4)) + 1}-12-31`;
  if (to > last) throw new CoreError('validation', text('reports.period_to_late', { to, last }), 'to');
}

/** The figures of a period (and its months); `today` (a Ctx's today()) bounds the period (checkReportPeriod). */
export function runReport(store: Store, input: ParsedInput<'reports.run'>, step: Step = noStep, today: string = localToday()): ReportResult {
  checkReportPeriod(input.from, input.to, today);
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
  const shortMonths = slices.filter((m) => daysInclusive(m.from, m.to) < PER_MONTH_MIN_DAYS).map((m) => m.month);
  const stated = {
    regular_min_visit_days: engine.regularMinVisitDays,
    regular_rule: regularRuleText(engine.regularMinVisitDays, 'en'),
    pwid_population_estimate: engine.pwidPopulationEstimate,
    coverage_low_below: low,
    coverage_high_from: high,
    coverage_level: typeof perPwid === 'number' ? coverageLevel(perPwid, low, high) : null,
    sex_birth_year_from_code: sexFromCode(store),
    per_month_min_days: PER_MONTH_MIN_DAYS,
    per_month_null: daysInclusive(input.from, input.to) < PER_MONTH_MIN_DAYS || shortMonths.length > 0,
  };
  const rules: ReportRules = { ...stated, applied: appliedRules(stated, input.from, input.to, shortMonths) };
  const result: ReportResult = {
    period: { from: input.from, to: input.to, months: round1(months) },
    sites: sites.map((s) => s.name),
    rules,
    indicators,
  };
  if (input.monthly) result.monthly = slices.map((m, i) => ({ month: m.month, indicators: monthly[i] }));
  return result;
}
