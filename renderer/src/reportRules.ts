// The rules a report applied, one sentence each, in the screen's language: the engine states them
// as fields and says them in English (rules.applied, db/reports/index.ts); here the same sentences
// are made from the fields with the locale's words (print.rule.*), so that the printed report is
// Lithuanian throughout. tests/unit/report-rules-text.test.ts checks that the English ones made
// here are the engine's own, word for word, over reports that differ in every rule that varies.
import { regularRuleText } from '../../shared/indicators';
import { daysInclusive, daysInMonth } from '../../shared/dates';
import type { ReportOutput } from '../../shared/report-schemas';

/** A locale's sentence by key (i18next's t, or a stand-in in tests). */
export type Say = (key: string, params?: Record<string, string | number>) => string;

/** The months of a monthly report with fewer days in the period than per-month figures need. */
function shortMonths(report: ReportOutput): string[] {
  const { from, to } = report.period;
  return (report.monthly ?? [])
    .map((m) => {
      const first = `${m.month}-01`;
      const last = `${m.month}-${String(daysInMonth(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)))).padStart(2, '0')}`;
      return { month: m.month, days: daysInclusive(first < from ? from : first, last > to ? to : last) };
    })
    .filter((m) => m.days < report.rules.per_month_min_days)
    .map((m) => m.month);
}

export function appliedRuleSentences(report: ReportOutput, lang: 'lt' | 'en', say: Say, formatNumber: (n: number) => string = String): string[] {
  const r = report.rules;
  const days = daysInclusive(report.period.from, report.period.to);
  return [
    regularRuleText(r.regular_min_visit_days, lang),
    say('print.rule.voided'),
    say('print.rule.firstVisit'),
    say('print.rule.cutMonth'),
    say('print.rule.months'),
    say('print.rule.rounding'),
    ...(r.sex_birth_year_from_code ? [say('print.rule.sexFromCode')] : []),
    ...(r.per_month_null
      ? [days < r.per_month_min_days
          ? say('print.rule.perMonthNullPeriod', { min: r.per_month_min_days, days })
          : say('print.rule.perMonthNullMonths', { min: r.per_month_min_days, months: shortMonths(report).join(', ') })]
      : []),
    r.pwid_population_estimate === null
      ? say('print.rule.noEstimate')
      : say('print.rule.coverage', { estimate: formatNumber(r.pwid_population_estimate), low: r.coverage_low_below, medium: r.coverage_high_from - 1, high: r.coverage_high_from }),
    say('print.rule.hcvRna'),
    say('print.rule.pharmacotherapy'),
    say('print.rule.referralUnknown'),
  ];
}
