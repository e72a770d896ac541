// 013: outreach sessions by date (issue 16: a one-month report costs as much after thirty years as
// after one). The report's outreach figures (sessions, places, workers) read the sessions of the
// period; without an index by date every session ever held was read (0.3 ms of a June report at
// 100,000 visits, 0.8 ms at 3,000,000, growing with the history). The outreach list reads them by
// date too.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

const statements = [`CREATE INDEX outreach_sessions_date ON outreach_sessions(date)`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
