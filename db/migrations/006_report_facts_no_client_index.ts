// 006: rpt_client_month loses its index by client. Since 004 nothing reads the client-months of one
// client across months (a client's first days are in rpt_client_first), and the recount after saves
// finds a client's months through the key (site_id, month, client_id). The index cost every recount a
// write to a page of its own per client touched: at a million visits, 1,000 saves by as many clients
// rewrote half of it. Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS rpt_client_month_client').execute(db);
}
