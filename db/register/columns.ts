// The columns of the register format (spec/register-format.md), in the order an export writes
// them. Import accepts them in any order; any other header is an error.
import {
  ACTIVITY_TYPES, CAME_VIA, CARE_INFECTIONS, CARE_STEPS, INJECTS, INSTITUTIONS, LIMITS, NALOXONE_GIVERS, NOTE_MAX, OVERDOSE_OUTCOMES,
  OVERDOSE_PLACES, OVERDOSE_REPORTERS, REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES, SERVICE_TYPES, TESTED_PERSONS, TEST_RESULTS, TEST_TYPES,
  TRAINING_TOPICS, VISIT_KINDS, YES_NO_UNKNOWN, type CoreItem,
} from '../../shared/domain';

export type SheetName = 'visits' | 'activities' | 'overdoses' | 'care';
export const SHEET_NAMES: readonly SheetName[] = ['visits', 'activities', 'overdoses', 'care'];

/** Supply columns: item category (the indicators count by category) and direction. */
export const SUPPLY_COLUMNS = {
  syringes_out: { itemKey: 'syringe', category: 'syringe', direction: 'out' },
  needles_out: { itemKey: 'needle', category: 'needle', direction: 'out' },
  syringes_in: { itemKey: 'syringe', category: 'syringe', direction: 'in' },
  needles_in: { itemKey: 'needle', category: 'needle', direction: 'in' },
  alcohol_pads: { itemKey: 'alcohol_pad', category: 'alcohol_pad', direction: 'out' },
  disinfectants: { itemKey: 'disinfectant', category: 'disinfectant', direction: 'out' },
  condoms: { itemKey: 'condom', category: 'condom', direction: 'out' },
} as const;
export type SupplyColumn = keyof typeof SUPPLY_COLUMNS;

/** The column that takes what is handed out of an item of a core category (other_items refuses those items). */
export const OUT_COLUMN_OF: Record<CoreItem, SupplyColumn> = {
  syringe: 'syringes_out', needle: 'needles_out', alcohol_pad: 'alcohol_pads', disinfectant: 'disinfectants', condom: 'condoms',
};

/** Service columns: the column name is the service type. */
export const SERVICE_COLUMNS = SERVICE_TYPES;
export type ServiceColumn = (typeof SERVICE_COLUMNS)[number];

export const VISIT_COLUMNS = [
  'date', 'client_code', 'anonymous_count', 'sex', 'birth_year', 'injects', 'in_pharmacotherapy', 'came_via', 'referred_by_code',
  'kind', 'site', 'staff', 'tested_person',
  'syringes_out', 'needles_out', 'syringes_in', 'needles_in', 'alcohol_pads', 'disinfectants', 'condoms',
  'information', 'consultation', 'health_education', 'referral', 'referral_to', 'referral_outcome',
  'pre_test_counselling', 'post_test_counselling',
  'test_type', 'hiv_result', 'hbv_result', 'hcv_result',
  'blood_sampling', 'wound_care', 'dressing', 'gp_other',
  'peers_reached_street', 'peers_reached_points', 'point', 'trained_secondary', 'other_items', 'note',
] as const;
export type VisitColumn = (typeof VISIT_COLUMNS)[number];

export const ACTIVITY_COLUMNS = ['date', 'type', 'topic', 'title', 'participants', 'institution', 'trained_codes', 'site'] as const;
export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];

export const OVERDOSE_COLUMNS = [
  'date', 'client_code', 'reported_by', 'place', 'naloxone_given', 'naloxone_by', 'ambulance', 'outcome', 'site', 'staff', 'note',
] as const;
export type OverdoseColumn = (typeof OVERDOSE_COLUMNS)[number];

export const CARE_COLUMNS = ['date', 'client_code', 'infection', 'step', 'site', 'staff'] as const;
export type CareColumn = (typeof CARE_COLUMNS)[number];

export const COLUMNS: Record<SheetName, readonly string[]> = {
  visits: VISIT_COLUMNS, activities: ACTIVITY_COLUMNS, overdoses: OVERDOSE_COLUMNS, care: CARE_COLUMNS,
};

/**
 * Columns that only one sheet has: they tell a CSV file's sheet by its header (read.ts). The
 * visits sheet has none listed: it is what a header is when it names none of the others'.
 */
export const ONLY_COLUMNS: Record<Exclude<SheetName, 'visits'>, readonly string[]> = {
  activities: ['type', 'topic', 'title', 'participants', 'institution', 'trained_codes'],
  overdoses: ['reported_by', 'place', 'naloxone_given', 'naloxone_by', 'ambulance', 'outcome'],
  care: ['infection', 'step'],
};

/** The allowed values of the enumerated columns (the lists of shared/domain.ts). */
export const ENUMS = {
  injects: INJECTS,
  in_pharmacotherapy: ['yes', 'no'],
  came_via: CAME_VIA,
  kind: VISIT_KINDS,
  tested_person: TESTED_PERSONS,
  referral_to: REFERRAL_DESTINATIONS,
  /** `unknown`: nothing recorded yet (stored as no outcome). */
  referral_outcome: [...REFERRAL_OUTCOMES, 'unknown'],
  test_type: TEST_TYPES,
  hiv_result: TEST_RESULTS,
  hbv_result: TEST_RESULTS,
  hcv_result: TEST_RESULTS,
  type: ACTIVITY_TYPES,
  topic: TRAINING_TOPICS,
  institution: INSTITUTIONS,
  reported_by: OVERDOSE_REPORTERS,
  place: OVERDOSE_PLACES,
  naloxone_given: YES_NO_UNKNOWN,
  naloxone_by: NALOXONE_GIVERS,
  ambulance: YES_NO_UNKNOWN,
  outcome: OVERDOSE_OUTCOMES,
  infection: CARE_INFECTIONS,
  step: CARE_STEPS,
} as const;

/** Upper bounds of counts: the app's own (shared/domain.ts LIMITS). */
export const COUNT_MAX: Record<string, number> = {
  anonymous_count: LIMITS.anonymousCount,
  participants: LIMITS.participants,
  peers_reached_street: LIMITS.peersReached,
  peers_reached_points: LIMITS.peersReached,
  ...Object.fromEntries(Object.keys(SUPPLY_COLUMNS).map((c) => [c, LIMITS.supplyQuantity])),
  ...Object.fromEntries(SERVICE_COLUMNS.map((c) => [c, LIMITS.serviceUnits])),
};

/**
 * The lists of one cell: other_items (ITEM:COUNT;…) and trained_codes (CODE;…). A catalogue has
 * a few dozen items and a training a few dozen clients; the bounds stop a cell that would make
 * the import do thousands of look-ups for one row.
 */
export const LIST_MAX = { otherItems: 100, trainedCodes: 1000 } as const;

/** Text columns and their longest allowed length (the app's own). */
export const TEXT_MAX: Record<string, number> = {
  client_code: LIMITS.clientCode, referred_by_code: LIMITS.clientCode, site: LIMITS.name, staff: LIMITS.userName, point: LIMITS.name,
  note: NOTE_MAX, title: LIMITS.title,
  // An item key is at most 40 characters, a count at most 6 digits: 48 with the colon and semicolon.
  other_items: LIST_MAX.otherItems * 48,
  trained_codes: LIST_MAX.trainedCodes * (LIMITS.clientCode + 2),
};
