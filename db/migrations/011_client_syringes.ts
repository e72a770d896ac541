// 011: each client's syringes handed out and taken back over all their visits, kept as the records
// change (issue 16: the client card's p95 at most 5 ms at 3,000,000 visits). The card summed a
// client's syringe lines visit by visit: for a client coming daily for four years, 900 look-ups in
// pages scattered over the whole file (20 ms of 25 ms at 3M visits). client_syringes holds the sums
// of the syringe lines of the client's visits not voided; triggers keep it: a line written, changed
// or removed; a visit voided, taken back or moved to another client (a merge); an item changing
// category recounts every client. The card reads the sums from here and only the month's lines
// from the visits. Filled here from the records.
// Frozen in time: add the next migration instead.
import { sql, type Kysely } from 'kysely';

/** The syringe lines of visit `id`: out and in. */
const visitSums = (id: string, dir: 'out' | 'in') => `(SELECT coalesce(sum(s.quantity), 0) FROM supply_lines s JOIN items i ON i.id = s.item_id
    WHERE s.visit_id = ${id} AND s.direction = '${dir}' AND i.category = 'syringe')`;
const lineOut = (l: string) => `CASE WHEN ${l}.direction = 'out' THEN ${l}.quantity ELSE 0 END`;
const lineIn = (l: string) => `CASE WHEN ${l}.direction = 'in' THEN ${l}.quantity ELSE 0 END`;
const ADD = `ON CONFLICT (client_id) DO UPDATE SET out_total = out_total + excluded.out_total, in_total = in_total + excluded.in_total`;
/** Line `l` (NEW or OLD) added to its client's sums, when its visit counts and it is a syringe. */
const addLine = (l: string) => `INSERT INTO client_syringes (client_id, out_total, in_total)
    SELECT v.client_id, ${lineOut(l)}, ${lineIn(l)} FROM visits v JOIN items i ON i.id = ${l}.item_id
    WHERE v.id = ${l}.visit_id AND v.voided_at IS NULL AND v.client_id IS NOT NULL AND i.category = 'syringe' ${ADD};`;
const removeLine = (l: string) => `UPDATE client_syringes SET out_total = out_total - ${lineOut(l)}, in_total = in_total - ${lineIn(l)}
    WHERE client_id = (SELECT v.client_id FROM visits v JOIN items i ON i.id = ${l}.item_id
      WHERE v.id = ${l}.visit_id AND v.voided_at IS NULL AND i.category = 'syringe');`;
const RECOUNT = `INSERT INTO client_syringes (client_id, out_total, in_total)
    SELECT v.client_id, sum(CASE WHEN s.direction = 'out' THEN s.quantity ELSE 0 END), sum(CASE WHEN s.direction = 'in' THEN s.quantity ELSE 0 END)
    FROM supply_lines s JOIN items i ON i.id = s.item_id JOIN visits v ON v.id = s.visit_id
    WHERE i.category = 'syringe' AND v.voided_at IS NULL AND v.client_id IS NOT NULL GROUP BY v.client_id`;

const statements = [
  `CREATE TABLE client_syringes (
    client_id INTEGER PRIMARY KEY,
    out_total INTEGER NOT NULL DEFAULT 0,
    in_total INTEGER NOT NULL DEFAULT 0
  )`,
  RECOUNT,
  `CREATE TRIGGER client_syringes_line_insert AFTER INSERT ON supply_lines BEGIN ${addLine('NEW')} END`,
  `CREATE TRIGGER client_syringes_line_delete AFTER DELETE ON supply_lines BEGIN ${removeLine('OLD')} END`,
  `CREATE TRIGGER client_syringes_line_update AFTER UPDATE ON supply_lines BEGIN ${removeLine('OLD')} ${addLine('NEW')} END`,
  // A visit that stops counting for its client (voided, or moved to another client) takes its lines'
  // sums away; one that starts counting (taken back, or moved here) brings them.
  `CREATE TRIGGER client_syringes_visit AFTER UPDATE OF voided_at, client_id ON visits
    WHEN OLD.voided_at IS NOT NEW.voided_at OR OLD.client_id IS NOT NEW.client_id BEGIN
      UPDATE client_syringes SET out_total = out_total - ${visitSums('OLD.id', 'out')}, in_total = in_total - ${visitSums('OLD.id', 'in')}
        WHERE client_id = OLD.client_id AND OLD.voided_at IS NULL;
      INSERT INTO client_syringes (client_id, out_total, in_total)
        SELECT NEW.client_id, ${visitSums('NEW.id', 'out')}, ${visitSums('NEW.id', 'in')} WHERE NEW.voided_at IS NULL AND NEW.client_id IS NOT NULL ${ADD};
    END`,
  `CREATE TRIGGER client_syringes_item_category AFTER UPDATE OF category ON items WHEN OLD.category IS NOT NEW.category
    AND 'syringe' IN (OLD.category, NEW.category) BEGIN
      DELETE FROM client_syringes;
      ${RECOUNT};
    END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
