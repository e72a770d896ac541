// 001: the whole domain of spec/domain.md. Frozen in time: never edit a shipped migration,
// add the next one instead.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('social_worker','medical','manager')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('cabinet','outreach_place','point','arrest_house','mobile')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    sex TEXT NOT NULL CHECK (sex IN ('male','female','other','unknown')),
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    injects TEXT NOT NULL DEFAULT 'unknown' CHECK (injects IN ('yes','no','unknown')),
    in_pharmacotherapy INTEGER NOT NULL DEFAULT 0 CHECK (in_pharmacotherapy IN (0,1)),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    merged_into_id INTEGER REFERENCES clients(id),
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL CHECK (category IN ('syringe','needle','alcohol_pad','disinfectant','condom','other')),
    label_lt TEXT NOT NULL,
    label_en TEXT NOT NULL,
    low_stock_threshold INTEGER CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
  )`,
  `CREATE TABLE outreach_sessions (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT
  )`,
  `CREATE TABLE outreach_workers (
    session_id INTEGER NOT NULL REFERENCES outreach_sessions(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (session_id, staff_id)
  )`,
  `CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    time TEXT,
    client_id INTEGER REFERENCES clients(id),
    anonymous_count INTEGER NOT NULL DEFAULT 1 CHECK (anonymous_count >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('cabinet','outreach','arrest_house','secondary','medical')),
    site_id INTEGER REFERENCES sites(id),
    staff_id INTEGER REFERENCES staff(id),
    outreach_session_id INTEGER REFERENCES outreach_sessions(id),
    trained_secondary INTEGER NOT NULL DEFAULT 0 CHECK (trained_secondary IN (0,1)),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    updated_at TEXT,
    voided_at TEXT,
    void_reason TEXT,
    voided_by INTEGER REFERENCES staff(id),
    CHECK (client_id IS NULL OR anonymous_count = 1)
  )`,
  `CREATE TABLE supply_lines (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    direction TEXT NOT NULL CHECK (direction IN ('out','in')),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    for_peers INTEGER NOT NULL DEFAULT 0 CHECK (for_peers IN (0,1))
  )`,
  `CREATE TABLE service_lines (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    type TEXT NOT NULL,
    units INTEGER NOT NULL CHECK (units > 0),
    referral_to TEXT
  )`,
  `CREATE TABLE tests (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    type TEXT NOT NULL CHECK (type IN ('rapid_hiv','combined','hiv','hbv','hcv','other')),
    tested_person TEXT NOT NULL DEFAULT 'client' CHECK (tested_person IN ('client','arrestee','officer','other')),
    hiv_result TEXT CHECK (hiv_result IS NULL OR hiv_result IN ('negative','positive','indeterminate')),
    hbv_result TEXT CHECK (hbv_result IS NULL OR hbv_result IN ('negative','positive','indeterminate')),
    hcv_result TEXT CHECK (hcv_result IS NULL OR hcv_result IN ('negative','positive','indeterminate')),
    result_date TEXT
  )`,
  `CREATE TABLE secondary_reports (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    point_site_id INTEGER REFERENCES sites(id),
    peers_street INTEGER NOT NULL DEFAULT 0 CHECK (peers_street >= 0),
    peers_points INTEGER NOT NULL DEFAULT 0 CHECK (peers_points >= 0)
  )`,
  `CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('meeting','training','media','other')),
    title TEXT,
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    institution TEXT CHECK (institution IS NULL OR institution IN ('law_enforcement','municipality','politicians','health_care','other')),
    site_id INTEGER REFERENCES sites(id),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT
  )`,
  `CREATE TABLE activity_clients (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    client_id INTEGER NOT NULL REFERENCES clients(id),
    PRIMARY KEY (activity_id, client_id)
  )`,
  `CREATE TABLE stock_movements (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('receipt','count')),
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    source TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT
  )`,
  `CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    donor TEXT NOT NULL,
    date_from TEXT NOT NULL,
    date_to TEXT NOT NULL,
    budget_minor INTEGER NOT NULL DEFAULT 0 CHECK (budget_minor >= 0),
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (date_from <= date_to)
  )`,
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id INTEGER,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  )`,
  `CREATE TABLE import_files (
    sha256 TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    staff_id INTEGER,
    rows INTEGER NOT NULL
  )`,
  `CREATE INDEX visits_date ON visits(date)`,
  `CREATE INDEX visits_client_date ON visits(client_id, date)`,
  `CREATE INDEX visits_session ON visits(outreach_session_id) WHERE outreach_session_id IS NOT NULL`,
  `CREATE INDEX supply_lines_visit ON supply_lines(visit_id)`,
  `CREATE INDEX service_lines_visit ON service_lines(visit_id)`,
  `CREATE INDEX tests_visit ON tests(visit_id)`,
  `CREATE INDEX secondary_reports_visit ON secondary_reports(visit_id)`,
  `CREATE INDEX clients_merged ON clients(merged_into_id) WHERE merged_into_id IS NOT NULL`,
  `CREATE INDEX activities_date ON activities(date)`,
  `CREATE INDEX stock_item ON stock_movements(item_id, date)`,
];

const items: Array<[string, string, string, string]> = [
  ['syringe', 'syringe', 'Švirkštas', 'Syringe'],
  ['syringe_2ml', 'syringe', 'Švirkštas 2 ml', 'Syringe 2 ml'],
  ['syringe_5ml', 'syringe', 'Švirkštas 5 ml', 'Syringe 5 ml'],
  ['needle', 'needle', 'Adata', 'Needle'],
  ['alcohol_pad', 'alcohol_pad', 'Spiritinė servetėlė', 'Alcohol pad'],
  ['disinfectant', 'disinfectant', 'Dezinfekcinė priemonė', 'Disinfectant'],
  ['condom', 'condom', 'Prezervatyvas', 'Condom'],
  ['water', 'other', 'Injekcinis vanduo', 'Water for injection'],
  ['filter', 'other', 'Filtras', 'Filter'],
  ['cooker', 'other', 'Kaitinimo indelis', 'Cooker'],
  ['naloxone', 'other', 'Naloksonas', 'Naloxone'],
  ['leaflet', 'other', 'Lankstinukas', 'Leaflet'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  for (const [key, category, lt, en] of items) {
    await sql`INSERT INTO items (key, category, label_lt, label_en) VALUES (${key}, ${category}, ${lt}, ${en})`.execute(db);
  }
}
