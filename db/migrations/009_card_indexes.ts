// 009: indexes for the client card beside the visit form (issue 16: card p95 at most 5 ms at a
// million visits), which sums one client's visits and their syringe lines (db/services/clients.ts
// clientCard):
// - visits_client_live: the client's visits not voided, by date (the voided ones are not in it at
//   all, so a client's run in it is only what the card counts).
// - supply_lines_visit_cover: the lines of a visit with what the card sums of them (item, direction,
//   quantity), read from the index without the table's rows.
// supply_lines_visit (001) is kept: the cover answers every look-up by visit too, but it is the
// index the facts' triggers and the register were measured with, and dropping it saves little.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE INDEX visits_client_live ON visits(client_id, date) WHERE voided_at IS NULL`,
  `CREATE INDEX supply_lines_visit_cover ON supply_lines(visit_id, item_id, direction, quantity)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
