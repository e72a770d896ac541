// The figures of what the field needs next (issue 17; indicators.md "Overdose and naloxone",
// "Care after a positive test", "How new clients came", referral outcomes, pharmacotherapy and
// needles-and-syringes): counted from their own records for each bucket of a report (the
// whole period and, for a monthly report, each month), and merged by the engine into the
// figures it counts itself (engine.ts `compute`).
import type { Store } from '../store';
import type { Indicators } from '../../shared/indicators';

/** The indicator keys this module computes; the engine computes every other one. */
export type FieldKey = never;
export type FieldFigures = Pick<Indicators, FieldKey>;

/** One bucket of a report, as the engine makes them. */
export interface FieldBucket {
  key: string;
  from: string;
  to: string;
  /** Months in the bucket, unrounded. */
  months: number;
}

export interface FieldPeriod {
  from: string;
  to: string;
  /** Empty: every site. */
  siteIds: readonly number[];
  pwidPopulationEstimate: number | null;
}

/** The figures of FieldKey for each bucket, keyed by the bucket's key. */
export function fieldFigures(_store: Store, buckets: readonly FieldBucket[], _p: FieldPeriod): Map<string, FieldFigures> {
  return new Map(buckets.map((b) => [b.key, {} as FieldFigures]));
}
