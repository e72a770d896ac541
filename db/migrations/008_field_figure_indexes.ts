// 008: indexes for the figures of issue 17 (db/reports/field.ts), so that a report finds the few
// lines it needs among a million visits' lines without reading them all. Each holds only the rows
// a figure reads (partial indexes), so the file and the saves barely grow:
// - supply_lines_other_item: lines of the items after the seven core items of 001 (ids 1 to 7:
//   syringe, its two sizes, needle, alcohol pad, disinfectant, condom, inserted first into the
//   empty catalogue), by item and visit: naloxone handed out (naloxone_recipients), and any other
//   commodity per item. A query must say `item_id > 7` to use it.
// - service_lines_referral: referral lines by visit (referrals_by_outcome).
// - tests_hcv_rna: HCV RNA tests by visit (hcv_cascade's RNA steps).
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE INDEX supply_lines_other_item ON supply_lines(item_id, visit_id) WHERE item_id > 7`,
  `CREATE INDEX service_lines_referral ON service_lines(visit_id) WHERE type = 'referral'`,
  `CREATE INDEX tests_hcv_rna ON tests(visit_id) WHERE type = 'hcv_rna'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
