// 005: care after a positive test, and what became of a referral (issue 17).
// - tests accepts the type hcv_rna (an HCV RNA test). SQLite cannot change a CHECK, so the table
//   is rebuilt as 001 made it with the new list, its rows copied with their ids, and its index and
//   the report facts' triggers of 003 (dropped with the old table) made again.
// - care_steps: one dated step of one client's care for one infection (linked to care, treatment
//   started, cured for HCV, virally suppressed for HIV); voided, never deleted, like a visit.
// - service_lines.referral_outcome and outcome_date: whether the client arrived where referred,
//   recorded later (NULL: nothing recorded yet, the figure's `unknown`). On the line itself, so the
//   report facts' triggers of 003 already mark its visit to be recounted when it is set.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const markVisit = (id: string) => `INSERT OR IGNORE INTO rpt_dirty_visit (visit_id) VALUES (${id});`;

const statements = [
  `CREATE TABLE tests_005 (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    type TEXT NOT NULL CHECK (type IN ('rapid_hiv','combined','hiv','hbv','hcv','hcv_rna','other')),
    tested_person TEXT NOT NULL DEFAULT 'client' CHECK (tested_person IN ('client','arrestee','officer','other')),
    hiv_result TEXT CHECK (hiv_result IS NULL OR hiv_result IN ('negative','positive','indeterminate')),
    hbv_result TEXT CHECK (hbv_result IS NULL OR hbv_result IN ('negative','positive','indeterminate')),
    hcv_result TEXT CHECK (hcv_result IS NULL OR hcv_result IN ('negative','positive','indeterminate')),
    result_date TEXT
  )`,
  `INSERT INTO tests_005 (id, visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date)
    SELECT id, visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date FROM tests ORDER BY id`,
  `DROP TABLE tests`,
  `ALTER TABLE tests_005 RENAME TO tests`,
  `CREATE INDEX tests_visit ON tests(visit_id)`,
  `CREATE TRIGGER rpt_tests_insert AFTER INSERT ON tests BEGIN ${markVisit('NEW.visit_id')} END`,
  `CREATE TRIGGER rpt_tests_update AFTER UPDATE ON tests BEGIN ${markVisit('OLD.visit_id')} ${markVisit('NEW.visit_id')} END`,
  `CREATE TRIGGER rpt_tests_delete AFTER DELETE ON tests BEGIN ${markVisit('OLD.visit_id')} END`,
  `CREATE TABLE care_steps (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    infection TEXT NOT NULL CHECK (infection IN ('hcv','hiv')),
    step TEXT NOT NULL CHECK (step IN ('linked_to_care','treatment_started','cured','virally_suppressed')),
    date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    site_id INTEGER REFERENCES sites(id),
    staff_id INTEGER REFERENCES staff(id),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    voided_at TEXT,
    void_reason TEXT,
    voided_by INTEGER REFERENCES staff(id),
    CHECK ((infection = 'hcv' AND step != 'virally_suppressed') OR (infection = 'hiv' AND step != 'cured'))
  )`,
  `CREATE INDEX care_steps_client ON care_steps(client_id, infection, date)`,
  `ALTER TABLE service_lines ADD COLUMN referral_outcome TEXT CHECK (referral_outcome IS NULL OR referral_outcome IN ('arrived','not_arrived'))`,
  `ALTER TABLE service_lines ADD COLUMN outcome_date TEXT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
