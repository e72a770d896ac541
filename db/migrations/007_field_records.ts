// 007: what the field needs next (issue 17; indicators.md "Overdose and naloxone", "How new
// clients came", the dated pharmacotherapy, trainings with a topic).
// - overdoses: one overdose report (who reported it, the person who overdosed as a client or
//   anonymous, place, naloxone given and by whom, ambulance, outcome); voided, never deleted.
// - pharmacotherapy_changes: the client's opioid agonist therapy status, dated; each change is kept.
//   The status on a day is the latest change on or before it. clients.in_pharmacotherapy stays
//   as the status today (what the desk shows); every client marked yes before this migration
//   gets one change "yes" dated at their first visit (or their creation when they have none).
// - clients.came_via and clients.referred_by_code: how a new client came, and for `peer` the
//   peer's code (a code as typed and folded; the peer need not be a client here).
// - activities.topic: a training's topic (secondary_exchange, overdose_response, other).
//   A meeting with several institutions is several activity rows with the same date, title
//   and site (the register's rows); the report groups them.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE overdoses (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    site_id INTEGER REFERENCES sites(id),
    staff_id INTEGER REFERENCES staff(id),
    client_id INTEGER REFERENCES clients(id),
    reported_by TEXT NOT NULL DEFAULT 'other' CHECK (reported_by IN ('client','peer','staff','other')),
    place TEXT NOT NULL DEFAULT 'other' CHECK (place IN ('street','home','shelter','other')),
    naloxone_given TEXT NOT NULL DEFAULT 'unknown' CHECK (naloxone_given IN ('yes','no','unknown')),
    naloxone_by TEXT CHECK (naloxone_by IS NULL OR naloxone_by IN ('peer','staff','ambulance','other')),
    ambulance TEXT NOT NULL DEFAULT 'unknown' CHECK (ambulance IN ('yes','no','unknown')),
    outcome TEXT NOT NULL DEFAULT 'unknown' CHECK (outcome IN ('survived','died','unknown')),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT,
    voided_by INTEGER REFERENCES staff(id),
    CHECK (naloxone_by IS NULL OR naloxone_given = 'yes')
  )`,
  `CREATE INDEX overdoses_date ON overdoses(date)`,
  `CREATE INDEX overdoses_client ON overdoses(client_id) WHERE client_id IS NOT NULL`,
  `CREATE TABLE pharmacotherapy_changes (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status INTEGER NOT NULL CHECK (status IN (0,1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT,
    voided_by INTEGER REFERENCES staff(id)
  )`,
  `CREATE INDEX pharmacotherapy_changes_client ON pharmacotherapy_changes(client_id, date)`,
  `INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at, created_by)
    SELECT c.id,
      coalesce((SELECT min(v.date) FROM visits v WHERE v.client_id = c.id AND v.voided_at IS NULL), substr(c.created_at, 1, 10)),
      1, c.created_at, NULL
    FROM clients c WHERE c.in_pharmacotherapy = 1 ORDER BY c.id`,
  `ALTER TABLE clients ADD COLUMN came_via TEXT NOT NULL DEFAULT 'unknown' CHECK (came_via IN ('self','peer','point','outreach','referral','unknown'))`,
  `ALTER TABLE clients ADD COLUMN referred_by_code TEXT CHECK (referred_by_code IS NULL OR length(referred_by_code) <= 40)`,
  `ALTER TABLE activities ADD COLUMN topic TEXT CHECK (topic IS NULL OR topic IN ('secondary_exchange','overdose_response','other'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
