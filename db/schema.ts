// Kysely types of the database, in the style of STYLE.md: Generated<> for defaults,
// `| null` for nullable columns. Dates are YYYY-MM-DD text in local calendar days;
// timestamps are ISO text; booleans are 0/1 integers.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  ActivityType, CameVia, CareInfection, CareStep, CoreItem, Direction, Injects, Institution, NaloxoneGiver, OverdoseOutcome, OverdosePlace,
  OverdoseReporter, ReferralDestination, ReferralOutcome, Role, ServiceType, Sex, SiteKind, StockMovement, TestedPerson, TestResult, TestType,
  TrainingTopic, VisitKind, YesNoUnknown,
} from '../shared/domain';

type Bool = 0 | 1;

export interface StaffTable {
  id: Generated<number>;
  user_name: string;
  display_name: string;
  role: Role;
  active: Bool;
  created_at: string;
}

export interface SiteTable {
  id: Generated<number>;
  name: string;
  kind: SiteKind;
  active: Bool;
  created_at: string;
}

export interface ClientTable {
  id: Generated<number>;
  code: string;
  sex: Sex;
  birth_year: number | null;
  injects: Injects;
  /** The status today; its dated history is pharmacotherapy_changes (007). */
  in_pharmacotherapy: Bool;
  note: string | null;
  /** Set when a manager merged this client into another: the code keeps finding the survivor. */
  merged_into_id: number | null;
  created_at: string;
  /** How the client came (007); for `peer` the peer's code in referred_by_code. */
  came_via: Generated<CameVia>;
  referred_by_code: string | null;
}

export interface ItemTable {
  id: Generated<number>;
  key: string;
  /** The indicator the item counts towards: syringe, needle, alcohol_pad, disinfectant, condom, or other. */
  category: CoreItem | 'other';
  label_lt: string;
  label_en: string;
  low_stock_threshold: number | null;
  active: Bool;
}

export interface OutreachSessionTable {
  id: Generated<number>;
  date: string;
  site_id: number;
  note: string | null;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
}

export interface OutreachWorkerTable {
  session_id: number;
  staff_id: number;
}

export interface VisitTable {
  id: Generated<number>;
  date: string;
  time: string | null;
  client_id: number | null;
  /** For a record without a client: how many anonymous people it stands for. 1 for a client's visit. */
  anonymous_count: number;
  kind: VisitKind;
  site_id: number | null;
  staff_id: number | null;
  outreach_session_id: number | null;
  trained_secondary: Bool;
  note: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
  voided_by: number | null;
}

export interface SupplyLineTable {
  id: Generated<number>;
  visit_id: number;
  item_id: number;
  direction: Direction;
  quantity: number;
  /** 1 when a peer took it for secondary exchange. */
  for_peers: Bool;
}

export interface ServiceLineTable {
  id: Generated<number>;
  visit_id: number;
  type: ServiceType;
  units: number;
  referral_to: ReferralDestination | null;
  /** Whether the client arrived where referred, recorded later (005); null: nothing recorded yet. */
  referral_outcome: Generated<ReferralOutcome | null>;
  /** The day the outcome was recorded. */
  outcome_date: Generated<string | null>;
}

export interface TestTable {
  id: Generated<number>;
  visit_id: number;
  type: TestType;
  tested_person: TestedPerson;
  hiv_result: TestResult | null;
  hbv_result: TestResult | null;
  hcv_result: TestResult | null;
  result_date: string | null;
}

/** A dated step of a client's care after a positive test (005): medical data. */
export interface CareStepTable {
  id: Generated<number>;
  client_id: number;
  infection: CareInfection;
  step: CareStep;
  date: string;
  site_id: number | null;
  staff_id: number | null;
  note: string | null;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
  voided_by: number | null;
}

/** An overdose report (007): its own record, not a visit. */
export interface OverdoseTable {
  id: Generated<number>;
  date: string;
  site_id: number | null;
  staff_id: number | null;
  /** The person who overdosed when a client; NULL: anonymous. */
  client_id: number | null;
  reported_by: OverdoseReporter;
  place: OverdosePlace;
  naloxone_given: YesNoUnknown;
  naloxone_by: NaloxoneGiver | null;
  ambulance: YesNoUnknown;
  outcome: OverdoseOutcome;
  note: string | null;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
  voided_by: number | null;
}

/** A dated change of a client's opioid agonist therapy status (007). */
export interface PharmacotherapyChangeTable {
  id: Generated<number>;
  client_id: number;
  date: string;
  status: Bool;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
  voided_by: number | null;
}

export interface SecondaryReportTable {
  id: Generated<number>;
  visit_id: number;
  point_site_id: number | null;
  peers_street: number;
  peers_points: number;
}

export interface ActivityTable {
  id: Generated<number>;
  date: string;
  type: ActivityType;
  title: string | null;
  participants: number;
  institution: Institution | null;
  /** A training's topic (007). */
  topic: TrainingTopic | null;
  site_id: number | null;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
}

/** Clients trained at a training activity (for secondary exchange). */
export interface ActivityClientTable {
  activity_id: number;
  client_id: number;
}

export interface StockMovementTable {
  id: Generated<number>;
  date: string;
  item_id: number;
  kind: StockMovement;
  quantity: number;
  source: string | null;
  created_at: string;
  created_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
}

export interface ProjectTable {
  id: Generated<number>;
  title: string;
  donor: string;
  date_from: string;
  date_to: string;
  /** Budget in minor units (cents), an integer. */
  budget_minor: number;
  currency: string;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  staff_id: number | null;
  user_name: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface ImportFileTable {
  sha256: string;
  file_name: string;
  imported_at: string;
  staff_id: number | null;
  rows: number;
}

/** Each client's syringes out and in over their visits not voided, kept by migration 011's triggers (read-only here). */
export interface ClientSyringesTable {
  client_id: number;
  out_total: number;
  in_total: number;
}

export interface Database {
  staff: StaffTable;
  sites: SiteTable;
  clients: ClientTable;
  items: ItemTable;
  outreach_sessions: OutreachSessionTable;
  outreach_workers: OutreachWorkerTable;
  visits: VisitTable;
  supply_lines: SupplyLineTable;
  service_lines: ServiceLineTable;
  tests: TestTable;
  care_steps: CareStepTable;
  overdoses: OverdoseTable;
  pharmacotherapy_changes: PharmacotherapyChangeTable;
  secondary_reports: SecondaryReportTable;
  activities: ActivityTable;
  activity_clients: ActivityClientTable;
  stock_movements: StockMovementTable;
  projects: ProjectTable;
  settings: SettingTable;
  audit_log: AuditTable;
  import_files: ImportFileTable;
  client_syringes: ClientSyringesTable;
}

export type Staff = Selectable<StaffTable>;
export type Client = Selectable<ClientTable>;
export type NewClient = Insertable<ClientTable>;
export type ClientUpdate = Updateable<ClientTable>;
export type Visit = Selectable<VisitTable>;
export type NewVisit = Insertable<VisitTable>;
export type Site = Selectable<SiteTable>;
export type Item = Selectable<ItemTable>;
export type AuditEntry = Selectable<AuditTable>;
export type { ColumnType };
