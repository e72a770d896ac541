// One register row with meaning: what import reads from a row and what export writes into
// one. Both sides use this shape, so "a row identical to a stored visit" is one comparison.
import type {
  ActivityType, CameVia, CareInfection, CareStep, Injects, Institution, NaloxoneGiver, OverdoseOutcome, OverdosePlace, OverdoseReporter,
  ReferralDestination, ReferralOutcome, Sex, TestResult, TestType, TestedPerson, TrainingTopic, VisitKind, YesNoUnknown,
} from '../../shared/domain';
import { SERVICE_COLUMNS, SUPPLY_COLUMNS, type ServiceColumn, type SupplyColumn } from './columns';

export type CountColumn = SupplyColumn | ServiceColumn;
export const COUNT_COLUMNS = [...(Object.keys(SUPPLY_COLUMNS) as SupplyColumn[]), ...SERVICE_COLUMNS] as CountColumn[];

export interface RegisterVisitRow {
  date: string;
  /** Normalised code (normalizeCode), or null for an anonymous contact. */
  code: string | null;
  /** For a row without a code: how many people it stands for. Null on a row with a code. */
  anonymousCount: number | null;
  sex: Sex | null;
  birthYear: number | null;
  injects: Injects | null;
  /** The client's pharmacotherapy status from this visit's date on (a dated change); null: nothing said. */
  inPharmacotherapy: boolean | null;
  /** How a new client came, and for `peer` the peer's code (normalised): read only for a new code, like sex. */
  cameVia: CameVia | null;
  referredByCode: string | null;
  kind: VisitKind;
  site: string | null;
  staff: string | null;
  testedPerson: TestedPerson | null;
  /** Quantities and units; a missing or zero count is "nothing recorded". */
  counts: Partial<Record<CountColumn, number>>;
  referralTo: ReferralDestination | null;
  /** What became of the row's referral; null: nothing recorded (the file's `unknown` or empty). */
  referralOutcome: ReferralOutcome | null;
  testType: TestType | null;
  hivResult: TestResult | null;
  hbvResult: TestResult | null;
  hcvResult: TestResult | null;
  peersStreet: number | null;
  peersPoints: number | null;
  point: string | null;
  trained: boolean;
  /** Other catalogue items handed out, [key, quantity] in the order of the cell (no zero, no key twice). */
  otherItems: Array<[string, number]>;
  note: string | null;
}

export interface RegisterActivityRow {
  date: string;
  type: ActivityType;
  title: string | null;
  participants: number;
  institution: Institution | null;
  /** A training's topic. */
  topic: TrainingTopic | null;
  /** The clients trained at a training: normalised codes, each once, in the order of the cell. */
  trainedCodes: string[];
  site: string | null;
}

export interface RegisterOverdoseRow {
  date: string;
  /** The person who overdosed when a client (normalised code); null: anonymous. */
  code: string | null;
  reportedBy: OverdoseReporter;
  place: OverdosePlace;
  naloxoneGiven: YesNoUnknown;
  naloxoneBy: NaloxoneGiver | null;
  ambulance: YesNoUnknown;
  outcome: OverdoseOutcome;
  site: string | null;
  staff: string | null;
  note: string | null;
}

export interface RegisterCareRow {
  date: string;
  code: string;
  infection: CareInfection;
  step: CareStep;
  site: string | null;
  staff: string | null;
}

/** Whether the row carries a secondary-exchange report (peers reached, at a point). */
export const hasSecondary = (r: RegisterVisitRow): boolean => r.peersStreet !== null || r.peersPoints !== null || r.point !== null;

/**
 * The identity of a visit row for duplicate detection: every column that describes the visit
 * (not the client's sex, birth year, injecting, pharmacotherapy or how they came, which belong to
 * the client, nor a referral's outcome, which is recorded later), with defaults filled in and
 * names compared without regard to case.
 */
export function visitRowKey(r: RegisterVisitRow): string {
  const lower = (s: string | null) => (s === null ? null : s.toLowerCase());
  return JSON.stringify([
    r.date, r.code, r.code === null ? (r.anonymousCount ?? 1) : 1, r.kind, lower(r.site), lower(r.staff),
    r.testType === null ? null : r.code !== null ? 'client' : (r.testedPerson ?? 'client'),
    COUNT_COLUMNS.map((c) => r.counts[c] ?? 0),
    (r.counts.referral ?? 0) > 0 ? r.referralTo : null,
    r.testType, r.hivResult, r.hbvResult, r.hcvResult,
    hasSecondary(r) ? [r.peersStreet ?? 0, r.peersPoints ?? 0, lower(r.point)] : null,
    r.trained, r.note,
    // Sorted: the same items in another order are the same visit.
    [...r.otherItems].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  ]);
}
