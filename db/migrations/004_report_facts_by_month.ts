// 004: report facts a period reads without touching the rest of the history.
// - rpt_client_month is keyed (site_id, month, client_id): a report's `month BETWEEN` seeks to its
//   own months instead of reading every client's ten years (003 keyed it by client first). The
//   rows are copied over as they are; the index by client stays for the recount of one client.
// - rpt_client_first: per client and kind (days: any visit, exch, pos_hiv, pos_hbv, pos_hcv) the
//   first month with such a day over all sites, and that day's bit in the month's mask. Whether a
//   client is new in a period is then one look-up instead of a search through the client's months.
//   Kept by db/reports/facts.ts with rpt_client_month; filled here from it.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const MASKS = ['days', 'n_days', 'exch', 'peers', 'med', 'trained', 'tested', 'pos_hiv', 'pos_hbv', 'pos_hcv'];
const FIRST_KINDS = ['days', 'exch', 'pos_hiv', 'pos_hbv', 'pos_hcv'];

const statements = [
  `CREATE TABLE rpt_client_month_by_month (
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
    PRIMARY KEY (site_id, month, client_id)
  ) WITHOUT ROWID`,
  `INSERT INTO rpt_client_month_by_month (site_id, client_id, month, ${MASKS.join(', ')})
    SELECT site_id, client_id, month, ${MASKS.join(', ')} FROM rpt_client_month ORDER BY site_id, month, client_id`,
  `DROP TABLE rpt_client_month`,
  `ALTER TABLE rpt_client_month_by_month RENAME TO rpt_client_month`,
  `CREATE INDEX rpt_client_month_client ON rpt_client_month (client_id, month)`,
  `CREATE TABLE rpt_client_first (
    client_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    month TEXT NOT NULL,
    bit INTEGER NOT NULL,
    PRIMARY KEY (client_id, kind)
  ) WITHOUT ROWID`,
  // min() makes SQLite take the other columns from the row of the earliest month; x & -x is its lowest day.
  ...FIRST_KINDS.map((k) => `INSERT INTO rpt_client_first (client_id, kind, month, bit)
    SELECT client_id, '${k}', min(month), ${k} & -${k} FROM rpt_client_month WHERE site_id = -1 AND ${k} != 0 GROUP BY client_id`),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
