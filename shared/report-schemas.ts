import { z } from 'zod';
import { REASON_TEXTS } from './messages';
import { dateStr, id } from './schemas';
import { INDICATOR_KEYS } from './indicators';

/** The workbooks a manager sends: said once here (the engine, the screen and the command line use this list). */
export const TEMPLATES = ['donor', 'municipal', 'full'] as const;
export type Template = (typeof TEMPLATES)[number];

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
}).strict().refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });

export const fileOutput = z.object({ name: z.string(), mimeType: z.string(), dataBase64: z.string() });
/** A workbook: the file, and the names of its sheets. */
export const workbookOutput = fileOutput.extend({ sheets: z.array(z.string()) });
