// 014: drops supply_lines_visit (001), the supply lines by visit alone (issue 16).
// supply_lines_visit_cover (009) begins with the same column and answers every look-up by visit the
// old index did. Kept, it was one more page written, encrypted and authenticated at every save
// (about 1 of 12.5) and one more index entry per line at an import. Saves get quicker, encrypted and
// not alike: the encrypted ÷ plain ratio is the cipher's cost per page and does not move with it.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const statements = [`DROP INDEX supply_lines_visit`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
