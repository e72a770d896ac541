// The cabinet's vocabulary, named as in spec/domain.md and spec/register-format.md.
// These value lists are contracts: the register format and the indicator part keys use them.

export const ROLES = ['social_worker', 'medical', 'manager'] as const;
/** Who may record and see medical services, tests and their results (domain.md: the desk screen is seen by clients). */
export const MEDICAL_ROLES = ['medical', 'manager'] as const satisfies readonly (typeof ROLES)[number][];
export type Role = (typeof ROLES)[number];

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const INJECTS = ['yes', 'no', 'unknown'] as const;
export type Injects = (typeof INJECTS)[number];

export const VISIT_KINDS = ['cabinet', 'outreach', 'arrest_house', 'secondary', 'medical'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const SITE_KINDS = ['cabinet', 'outreach_place', 'point', 'arrest_house', 'mobile'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** Supply items with a fixed meaning in the indicators; the catalogue may add more ("other commodities"). */
export const CORE_ITEMS = ['syringe', 'needle', 'alcohol_pad', 'disinfectant', 'condom'] as const;
export type CoreItem = (typeof CORE_ITEMS)[number];

export const DIRECTIONS = ['out', 'in'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SOCIAL_SERVICES = ['information', 'consultation', 'health_education', 'referral'] as const;
export const COUNSELLING_SERVICES = ['pre_test_counselling', 'post_test_counselling'] as const;
export const MEDICAL_SERVICES = ['blood_sampling', 'wound_care', 'dressing', 'gp_other'] as const;
export const SERVICE_TYPES = [...SOCIAL_SERVICES, ...COUNSELLING_SERVICES, ...MEDICAL_SERVICES] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type MedicalService = (typeof MEDICAL_SERVICES)[number];

export const REFERRAL_DESTINATIONS = ['pharmacotherapy', 'detoxification', 'gp', 'hiv_care', 'tb', 'sti', 'social_services', 'other'] as const;
export type ReferralDestination = (typeof REFERRAL_DESTINATIONS)[number];

/** hcv_rna: an HCV RNA test, which confirms an antibody result (a positive one means a current infection). */
export const TEST_TYPES = ['rapid_hiv', 'combined', 'hiv', 'hbv', 'hcv', 'hcv_rna', 'other'] as const;
export type TestType = (typeof TEST_TYPES)[number];

export const INFECTIONS = ['hiv', 'hbv', 'hcv'] as const;
export type Infection = (typeof INFECTIONS)[number];

/** Which infections a test type gives a result for. */
export const TEST_INFECTIONS: Record<TestType, readonly Infection[]> = {
  rapid_hiv: ['hiv'],
  combined: ['hiv', 'hbv', 'hcv'],
  hiv: ['hiv'],
  hbv: ['hbv'],
  hcv: ['hcv'],
  hcv_rna: ['hcv'],
  other: [],
};

/** HCV tests that look for antibodies (every test giving an HCV result but the RNA test): their positive is what an RNA test confirms. */
export const HCV_ANTIBODY_TESTS: readonly TestType[] = TEST_TYPES.filter((t) => t !== 'hcv_rna' && TEST_INFECTIONS[t].includes('hcv'));

/** The infections given a result that this test type does not give (the one rule, for screens, services and files). */
export function resultsTheTestDoesNotGive(type: TestType, results: Partial<Record<Infection, string | null>>): Infection[] {
  return INFECTIONS.filter((inf) => results[inf] != null && !TEST_INFECTIONS[type].includes(inf));
}

/** The test types that give a result for an infection (for queries over stored tests). */
export const testTypesGiving = (inf: Infection): TestType[] => TEST_TYPES.filter((t) => TEST_INFECTIONS[t].includes(inf));

/** Care after a positive test (indicators.md "Care after a positive test"): the infections followed and the steps of each. */
export const CARE_INFECTIONS = ['hcv', 'hiv'] as const;
export type CareInfection = (typeof CARE_INFECTIONS)[number];
export const CARE_STEPS = ['linked_to_care', 'treatment_started', 'cured', 'virally_suppressed'] as const;
export type CareStep = (typeof CARE_STEPS)[number];
/** The steps of each infection: cured (sustained virological response) is HCV's, virally suppressed HIV's. */
export const CARE_STEPS_OF: Record<CareInfection, readonly CareStep[]> = {
  hcv: ['linked_to_care', 'treatment_started', 'cured'],
  hiv: ['linked_to_care', 'treatment_started', 'virally_suppressed'],
};

/** What became of a referral, recorded later; nothing recorded is `unknown` (indicators.md referrals_by_outcome). */
export const REFERRAL_OUTCOMES = ['arrived', 'not_arrived'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const TEST_RESULTS = ['negative', 'positive', 'indeterminate'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export const TESTED_PERSONS = ['client', 'arrestee', 'officer', 'other'] as const;
export type TestedPerson = (typeof TESTED_PERSONS)[number];

export const ACTIVITY_TYPES = ['meeting', 'training', 'media', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const INSTITUTIONS = ['law_enforcement', 'municipality', 'politicians', 'health_care', 'other'] as const;
export type Institution = (typeof INSTITUTIONS)[number];

export const TRAINING_TOPICS = ['secondary_exchange', 'overdose_response', 'other'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/** How a new client came (indicators.md "How new clients came"); `unknown` when not noted. */
export const CAME_VIA = ['self', 'peer', 'point', 'outreach', 'referral', 'unknown'] as const;
export type CameVia = (typeof CAME_VIA)[number];

/** An overdose report's closed lists (indicators.md "Overdose and naloxone"). */
export const OVERDOSE_REPORTERS = ['client', 'peer', 'staff', 'other'] as const;
export type OverdoseReporter = (typeof OVERDOSE_REPORTERS)[number];
export const OVERDOSE_PLACES = ['street', 'home', 'shelter', 'other'] as const;
export type OverdosePlace = (typeof OVERDOSE_PLACES)[number];
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export type YesNoUnknown = (typeof YES_NO_UNKNOWN)[number];
export const NALOXONE_GIVERS = ['peer', 'staff', 'ambulance', 'other'] as const;
export type NaloxoneGiver = (typeof NALOXONE_GIVERS)[number];
export const OVERDOSE_OUTCOMES = ['survived', 'died', 'unknown'] as const;
export type OverdoseOutcome = (typeof OVERDOSE_OUTCOMES)[number];

export const STOCK_MOVEMENTS = ['receipt', 'count'] as const;
export type StockMovement = (typeof STOCK_MOVEMENTS)[number];

/** Free-text notes are capped: they must never become a place for names or phone numbers. */
export const NOTE_MAX = 500;

/**
 * The bounds of what one record may say, the same for the app's forms (shared/schemas.ts) and
 * for register files (db/register/columns.ts): said once here.
 */
export const LIMITS = {
  anonymousCount: 10_000,
  supplyQuantity: 100_000,
  serviceUnits: 1000,
  peersReached: 100_000,
  participants: 100_000,
  clientCode: 32,
  name: 80,
  userName: 40,
  title: 200,
  /** A project's budget in minor units (cents): ten billion in the currency, far above any grant. */
  budgetMinor: 1_000_000_000_000,
} as const;

/**
 * The workbooks a manager sends: said once here (the engine, the screen and the command line use
 * this list). Here and not beside the report's schemas: the screens read it, and importing those
 * schemas built every schema of the core in the window at start.
 */
export const TEMPLATES = ['donor', 'municipal', 'full'] as const;
export type Template = (typeof TEMPLATES)[number];
