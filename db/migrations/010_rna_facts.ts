// 010: the care cascade's HCV RNA steps in the report facts (issue 16: a one-month report costs as
// much after thirty years of history as after one). The cascade counted each client's first RNA
// test and first positive one by reading every RNA test ever made; now rpt_client_month carries two
// more day masks (rna: a visit with an HCV RNA test; rna_pos: one with a positive result) and
// rpt_client_first their first days, so a report reads them per client of its period, by the key.
// Filled here from the records for the client-months already counted (the days of the visits with
// an RNA test, OR-ed as the facts do), so no full recount is needed; a client-month marked for a
// recount is recounted by db/reports/facts.ts with both masks anyway.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const bit = `(1 << (CAST(substr(v.date, 9, 2) AS INTEGER) - 1))`;

const statements = [
  `ALTER TABLE rpt_client_month ADD COLUMN rna INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE rpt_client_month ADD COLUMN rna_pos INTEGER NOT NULL DEFAULT 0`,
  // Per (site, client, month) and (all sites: -1, client, month): the days with an RNA test, and with a
  // positive one. sum(DISTINCT bit) over distinct days is their OR. (No temporary table: this runs
  // before the report code keeps temporary data in memory, and nothing may reach the disk unencrypted.)
  `UPDATE rpt_client_month SET rna = x.rna, rna_pos = x.rna_pos FROM (
      SELECT site, client, month, sum(DISTINCT day_bit) AS rna, coalesce(sum(DISTINCT CASE WHEN positive THEN day_bit END), 0) AS rna_pos FROM (
        SELECT coalesce(v.site_id, 0) AS site, v.client_id AS client, substr(v.date, 1, 7) AS month, ${bit} AS day_bit, t.hcv_result = 'positive' AS positive
          FROM tests t JOIN visits v ON v.id = t.visit_id
          WHERE t.type = 'hcv_rna' AND v.voided_at IS NULL AND v.client_id IS NOT NULL
        UNION ALL
        SELECT -1, v.client_id, substr(v.date, 1, 7), ${bit}, t.hcv_result = 'positive'
          FROM tests t JOIN visits v ON v.id = t.visit_id
          WHERE t.type = 'hcv_rna' AND v.voided_at IS NULL AND v.client_id IS NOT NULL)
      GROUP BY site, client, month) x
    WHERE rpt_client_month.site_id = x.site AND rpt_client_month.month = x.month AND rpt_client_month.client_id = x.client`,
  // Each client's first day with an RNA test (with a positive one): its month and that day's bit,
  // from the RNA tests themselves (few), not from a scan of every client-month.
  ...[['rna', '1'], ['rna_pos', `t.hcv_result = 'positive'`]].map(([k, which]) => `INSERT OR REPLACE INTO rpt_client_first (client_id, kind, month, bit)
    SELECT client, '${k}', substr(first, 1, 7), 1 << (CAST(substr(first, 9, 2) AS INTEGER) - 1) FROM (
      SELECT v.client_id AS client, min(v.date) AS first FROM tests t JOIN visits v ON v.id = t.visit_id
      WHERE t.type = 'hcv_rna' AND ${which} AND v.voided_at IS NULL AND v.client_id IS NOT NULL GROUP BY v.client_id)`),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
