import { z } from 'zod';
import { REASON_TEXTS } from './messages';
import { dateStr, id } from './schemas';
import { INDICATOR_KEYS } from './indicators';
import { TEMPLATES } from './domain';

export { TEMPLATES, type Template } from './domain';

export const reportInput = z.object({
  from: dateStr,
  to: dateStr,
  siteIds: z.array(id).max(100).default([]),
  /** Add a monthly breakdown (one row per calendar month) for the trend charts. */
  monthly: z.boolean().default(false),
}).strict().refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });

export const indicatorValue = z.union([z.number(), z.record(z.string(), z.number()), z.null()]);
/** Every figure, by the catalogue's keys (each one present). */
export const indicatorsByKey = z.record(z.enum(INDICATOR_KEYS), indicatorValue);

export const reportRules = z.object({
  regular_min_visit_days: z.number().int(),
  regular_rule: z.string(),
  pwid_population_estimate: z.number().int().nullable(),
  coverage_low_below: z.number().int(),
  coverage_high_from: z.number().int(),
  coverage_level: z.enum(['low', 'medium', 'high']).nullable(),
  /**
   * Sex and birth year are taken from the code where the register or the form leaves them empty:
   * true when the cabinet's code pattern is the default one (indicators.md "Sex and birth year from the code").
   */
  sex_birth_year_from_code: z.boolean(),
  /** Days a period (or a month of a monthly report) needs for its per-month figures (indicators.md "Rounding"). */
  per_month_min_days: z.number().int(),
  /** Whether the period, or a month of the monthly breakdown, was shorter: its per-month figures are null. */
  per_month_null: z.boolean(),
  /** Every rule applied to this report, one sentence each (English, as regular_rule). */
  applied: z.array(z.string()),
});

export const reportOutput = z.object({
  period: z.object({ from: z.string(), to: z.string(), months: z.number() }),
  sites: z.array(z.string()),
  rules: reportRules,
  indicators: indicatorsByKey,
  monthly: z.array(z.object({ month: z.string(), indicators: indicatorsByKey })).optional(),
});

export type ReportOutput = z.output<typeof reportOutput>;

export const workbookInput = z.object({
  from: dateStr,
  to: dateStr,
  siteIds: z.array(id).max(100).default([]),
  template: z.enum(TEMPLATES),
  /** The workbook's one language: Lithuanian unless English is asked for (issue 18). */
  language: z.enum(['lt', 'en']).default('lt'),
}).strict().refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });

export const fileOutput = z.object({ name: z.string(), mimeType: z.string(), dataBase64: z.string() });
/** A workbook: the file, and the names of its sheets. */
export const workbookOutput = fileOutput.extend({ sheets: z.array(z.string()) });

// ---------------------------------------------------------------------------------------------
// "Explain this number" (issue 18): the records behind one figure of a report (db/reports/explain.ts).

/** What one row of an explanation counts in (db/reports/explain.ts gives a unit of this list; its type is checked against it). */
export const EXPLAIN_UNITS = [
  'clients', 'persons', 'visit_days', 'records', 'pieces', 'units', 'tests', 'results', 'reports', 'peers', 'points', 'staff',
  'places', 'sessions', 'meetings', 'participants', 'activities',
] as const;
export type ExplainUnit = (typeof EXPLAIN_UNITS)[number];

/** The rows a screen is given at most by default (the first ones; the rest are counted, and the workbook has them all). */
export const EXPLAIN_SCREEN_ROWS = 2000;

const explainFields = {
  from: dateStr,
  to: dateStr,
  siteIds: z.array(id).max(100).default([]),
  key: z.enum(INDICATOR_KEYS),
  /** One part of a split figure; null: every part. A part the figure does not have is refused by the core. */
  part: z.string().min(1).max(64).nullable().default(null),
  /** The language of the rows' text; the labels come in both. */
  language: z.enum(['lt', 'en']).default('lt'),
};

export const explainInput = z.object({ ...explainFields, limit: z.number().int().min(1).max(5000).default(EXPLAIN_SCREEN_ROWS) })
  .strict().refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });
/** The whole list as a workbook: no limit. */
export const explainXlsxInput = z.object(explainFields).strict().refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });

const bothLanguages = z.object({ lt: z.string(), en: z.string() });
export const explainRow = z.object({
  clientCode: z.string().nullable(), date: z.string(), site: z.string().nullable(), part: z.string().nullable(), what: z.string(), count: z.number().int(),
});
const explainCommon = {
  key: z.enum(INDICATOR_KEYS), part: z.string().nullable(), label: bothLanguages, partLabel: bothLanguages.nullable(),
  partLabels: z.record(z.string(), bothLanguages).nullable(), definition: bothLanguages, rule: bothLanguages.nullable(),
  from: z.string(), to: z.string(), sites: z.array(z.string()), language: z.enum(['lt', 'en']),
};
/** A count: its rows add up to total (when rowsLeftOff is 0), and total is the figure. */
export const countExplanation = z.object({
  ...explainCommon, kind: z.literal('count'), figure: z.number(), unit: z.enum(EXPLAIN_UNITS), rows: z.array(explainRow), total: z.number(),
  rowsLeftOff: z.number().int(),
}).strict();
/** A ratio or a per-month figure: no rows of its own; its numerator and denominator explained as counts. */
export const derivedExplanation = z.object({
  ...explainCommon, kind: z.literal('derived'), figure: z.number().nullable(), formula: bothLanguages,
  components: z.array(z.object({ role: z.enum(['numerator', 'denominator']), explanation: countExplanation })),
  months: z.number().nullable(), pwidPopulationEstimate: z.number().nullable(), emptyBecause: bothLanguages.nullable(),
  rows: z.array(explainRow).length(0), total: z.null(),
}).strict();
export const explainOutput = z.discriminatedUnion('kind', [countExplanation, derivedExplanation]);

export type ExplainOutput = z.output<typeof explainOutput>;
export type CountExplanationOutput = z.output<typeof countExplanation>;
