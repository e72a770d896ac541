// 003: report facts, so that a year of a million visits is reported in about a second.
// Two tables of pre-counted facts, kept by db/reports/facts.ts, and "dirty" marks that
// triggers write in the same transaction as every change they depend on:
// - rpt_day: additive sums per (date, site): quantities per item and direction, service units
//   per type and destination, exchange records, anonymous outreach contacts, anonymous people
//   at the doctor, outreach contacts (and per outreach worker), tests by type and setting,
//   positive results, tests of people without a code, peers reached by secondary exchange;
// - rpt_client_month: per (site, client, calendar month) the days of the month with a visit,
//   an exchange, equipment for peers, a medical service, a training, a test and a positive
//   result per infection, as 31-bit masks; site_id -1 holds all sites together, 0 the visits
//   without a site.
// A change marks the visit (and, when a visit moves or is voided, its old day and client-month);
// the next report recounts only what was marked. Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const markVisit = (id: string) => `INSERT OR IGNORE INTO rpt_dirty_visit (visit_id) VALUES (${id});`;
const markOld = `
    INSERT OR IGNORE INTO rpt_dirty_day (date, site_id) VALUES (OLD.date, coalesce(OLD.site_id, 0));
    INSERT OR IGNORE INTO rpt_dirty_client_month (client_id, month) SELECT OLD.client_id, substr(OLD.date, 1, 7) WHERE OLD.client_id IS NOT NULL;`;

const statements = [
  `CREATE TABLE rpt_day (
    date TEXT NOT NULL,
    site_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (date, site_id, measure)
  ) WITHOUT ROWID`,
  `CREATE TABLE rpt_client_month (
    site_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    days INTEGER NOT NULL,
    n_days INTEGER NOT NULL,
    exch INTEGER NOT NULL,
    peers INTEGER NOT NULL,
    med INTEGER NOT NULL,
    trained INTEGER NOT NULL,
    tested INTEGER NOT NULL,
    pos_hiv INTEGER NOT NULL,
    pos_hbv INTEGER NOT NULL,
    pos_hcv INTEGER NOT NULL,
    PRIMARY KEY (site_id, client_id, month)
  ) WITHOUT ROWID`,
  `CREATE INDEX rpt_client_month_client ON rpt_client_month (client_id, month)`,
  `CREATE TABLE rpt_dirty_visit (visit_id INTEGER PRIMARY KEY)`,
  `CREATE TABLE rpt_dirty_day (date TEXT NOT NULL, site_id INTEGER NOT NULL, PRIMARY KEY (date, site_id)) WITHOUT ROWID`,
  `CREATE TABLE rpt_dirty_client_month (client_id INTEGER NOT NULL, month TEXT NOT NULL, PRIMARY KEY (client_id, month)) WITHOUT ROWID`,
  `CREATE TABLE rpt_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Whatever is in the file already is counted at the first report.
  `INSERT INTO rpt_state (key, value) VALUES ('rebuild', '1')`,
  `CREATE TRIGGER rpt_visit_insert AFTER INSERT ON visits BEGIN ${markVisit('NEW.id')} END`,
  `CREATE TRIGGER rpt_visit_update AFTER UPDATE ON visits BEGIN ${markVisit('NEW.id')} ${markOld} END`,
  `CREATE TRIGGER rpt_visit_delete AFTER DELETE ON visits BEGIN ${markOld} END`,
  ...['supply_lines', 'service_lines', 'tests', 'secondary_reports'].flatMap((t) => [
    `CREATE TRIGGER rpt_${t}_insert AFTER INSERT ON ${t} BEGIN ${markVisit('NEW.visit_id')} END`,
    `CREATE TRIGGER rpt_${t}_update AFTER UPDATE ON ${t} BEGIN ${markVisit('OLD.visit_id')} ${markVisit('NEW.visit_id')} END`,
    `CREATE TRIGGER rpt_${t}_delete AFTER DELETE ON ${t} BEGIN ${markVisit('OLD.visit_id')} END`,
  ]),
  // Which items are injecting equipment decides the exchange days: a change of category recounts everything.
  `CREATE TRIGGER rpt_item_category AFTER UPDATE OF category ON items WHEN OLD.category IS NOT NEW.category
    BEGIN INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
