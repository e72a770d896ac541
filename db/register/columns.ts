// The columns of the register format (spec/register-format.md), in the order an export writes
// them. Import accepts them in any order; any other header is an error.
import {
  ACTIVITY_TYPES, INJECTS, INSTITUTIONS, LIMITS, NOTE_MAX, REFERRAL_DESTINATIONS, SERVICE_TYPES, TESTED_PERSONS, TEST_RESULTS, TEST_TYPES, VISIT_KINDS,
} from '../../shared/domain';

export type SheetName = 'visits' | 'activities';

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

/** Service columns: the column name is the service type. */
export const SERVICE_COLUMNS = SERVICE_TYPES;
export type ServiceColumn = (typeof SERVICE_COLUMNS)[number];

export const VISIT_COLUMNS = [
  'date', 'client_code', 'anonymous_count', 'sex', 'birth_year', 'injects', 'kind', 'site', 'staff', 'tested_person',
  'syringes_out', 'needles_out', 'syringes_in', 'needles_in', 'alcohol_pads', 'disinfectants', 'condoms',
  'information', 'consultation', 'health_education', 'referral', 'referral_to',
  'pre_test_counselling', 'post_test_counselling',
  'test_type', 'hiv_result', 'hbv_result', 'hcv_result',
  'blood_sampling', 'wound_care', 'dressing', 'gp_other',
  'peers_reached_street', 'peers_reached_points', 'point', 'trained_secondary', 'note',
] as const;
export type VisitColumn = (typeof VISIT_COLUMNS)[number];

export const ACTIVITY_COLUMNS = ['date', 'type', 'title', 'participants', 'institution', 'site'] as const;
export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];

export const COLUMNS: Record<SheetName, readonly string[]> = { visits: VISIT_COLUMNS, activities: ACTIVITY_COLUMNS };

/** Columns that only the activities sheet has: they tell a CSV file's sheet by its header. */
export const ACTIVITY_ONLY = ['type', 'title', 'participants', 'institution'] as const;

/** The allowed values of the enumerated columns (the lists of shared/domain.ts). */
export const ENUMS = {
  injects: INJECTS,
  kind: VISIT_KINDS,
  tested_person: TESTED_PERSONS,
  referral_to: REFERRAL_DESTINATIONS,
  test_type: TEST_TYPES,
  hiv_result: TEST_RESULTS,
  hbv_result: TEST_RESULTS,
  hcv_result: TEST_RESULTS,
  type: ACTIVITY_TYPES,
  institution: INSTITUTIONS,
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

/** Text columns and their longest allowed length (the app's own). */
export const TEXT_MAX: Record<string, number> = {
  client_code: LIMITS.clientCode, site: LIMITS.name, staff: LIMITS.userName, point: LIMITS.name, note: NOTE_MAX, title: LIMITS.title,
};
