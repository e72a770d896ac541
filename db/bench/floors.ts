// The floors of `slenkstis bench`: the least work that gives the same answer, measured in the same
// run as the app's way, so that each figure is read as a ratio that no machine's speed changes.
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { loadExcel } from '../excel';
import Papa from 'papaparse';
import { z } from 'zod';
import type { SqliteDb } from '../open';
import type { Store } from '../store';
import { storedActivityRows, storedVisitRows, visitCells, activityCells } from '../register/export';
import { ACTIVITY_COLUMNS, VISIT_COLUMNS } from '../register/columns';

/** The report's headline figures from the records themselves: the minimal raw SQL (no facts, no engine). */
const HEADLINE = `SELECT
    (SELECT count(DISTINCT client_id) FROM visits WHERE voided_at IS NULL AND date BETWEEN @from AND @to) AS clients,
    (SELECT count(*) FROM (SELECT DISTINCT client_id, date FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL AND date BETWEEN @from AND @to)) AS visits,
    (SELECT count(DISTINCT v.client_id) FROM visits v JOIN supply_lines s ON s.visit_id = v.id
      WHERE v.voided_at IS NULL AND v.date BETWEEN @from AND @to AND s.item_id IN (SELECT id FROM items WHERE category IN ('syringe', 'needle'))) AS nsp_participants,
    (SELECT coalesce(sum(s.quantity), 0) FROM visits v JOIN supply_lines s ON s.visit_id = v.id
      WHERE v.voided_at IS NULL AND v.date BETWEEN @from AND @to AND s.direction = 'out' AND s.item_id IN (SELECT id FROM items WHERE category = 'syringe')) AS syringes_distributed`;
export const HEADLINE_ROW = z.object({ clients: z.number(), visits: z.number(), nsp_participants: z.number(), syringes_distributed: z.number() });
export type Headline = z.infer<typeof HEADLINE_ROW>;

export function headlineFloor(db: SqliteDb, from: string, to: string): Headline {
  return HEADLINE_ROW.parse(db.prepare(HEADLINE).get({ from, to }));
}

/** The headline figures of each month of a period, each statement grouped by month (the period's own come from headlineFloor). */
const MONTHLY_HEADLINE = [
  `SELECT substr(date, 1, 7) AS month, count(DISTINCT client_id) AS n FROM visits WHERE voided_at IS NULL AND date BETWEEN @from AND @to GROUP BY 1`,
  `SELECT substr(date, 1, 7) AS month, count(*) AS n FROM (SELECT DISTINCT client_id, date FROM visits
    WHERE client_id IS NOT NULL AND voided_at IS NULL AND date BETWEEN @from AND @to) GROUP BY 1`,
  `SELECT substr(v.date, 1, 7) AS month, count(DISTINCT v.client_id) AS n FROM visits v JOIN supply_lines s ON s.visit_id = v.id
    WHERE v.voided_at IS NULL AND v.date BETWEEN @from AND @to AND s.item_id IN (SELECT id FROM items WHERE category IN ('syringe', 'needle')) GROUP BY 1`,
  `SELECT substr(v.date, 1, 7) AS month, sum(s.quantity) AS n FROM visits v JOIN supply_lines s ON s.visit_id = v.id
    WHERE v.voided_at IS NULL AND v.date BETWEEN @from AND @to AND s.direction = 'out' AND s.item_id IN (SELECT id FROM items WHERE category = 'syringe') GROUP BY 1`,
];
const MONTH_FIGURE = z.object({ month: z.string(), n: z.number() });

/** The report screen's floor: the headline figures of the period, and of its months in one grouped pass. */
export function headlineScreenFloor(db: SqliteDb, from: string, to: string): { period: Headline; months: Array<Array<z.infer<typeof MONTH_FIGURE>>> } {
  return { period: headlineFloor(db, from, to), months: MONTHLY_HEADLINE.map((q) => z.array(MONTH_FIGURE).parse(db.prepare(q).all({ from, to }))) };
}

/**
 * The import's floor: the same register file parsed by papaparse and written with prepared
 * inserts in one transaction (clients by code, the visit, its supply and service lines), without
 * any check. Returns the visits written.
 */
export function rawInsertRegister(store: Store, file: string): number {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  const db = store.sqlite;
  const now = new Date().toISOString();
  const item = (key: string) => z.object({ id: z.number() }).parse(db.prepare('SELECT id FROM items WHERE key = ?').get(key)).id;
  const lines: Array<[string, number, 'out' | 'in']> = [
    ['syringes_out', item('syringe'), 'out'], ['syringes_in', item('syringe'), 'in'], ['needles_out', item('needle'), 'out'],
    ['alcohol_pads', item('alcohol_pad'), 'out'], ['condoms', item('condom'), 'out'],
  ];
  const clientId = db.prepare('SELECT id FROM clients WHERE code = ?').pluck();
  const addClient = db.prepare('INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, created_at) VALUES (?, ?, ?, ?, 0, ?)');
  const siteId = db.prepare('SELECT id FROM sites WHERE name = ?').pluck();
  const addSite = db.prepare(`INSERT INTO sites (name, kind, created_at) VALUES (?, 'cabinet', ?)`);
  const addVisit = db.prepare(`INSERT INTO visits (date, client_id, kind, site_id, anonymous_count, created_at) VALUES (?, ?, 'cabinet', ?, 1, ?)`);
  const addSupply = db.prepare('INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, ?, ?, ?)');
  const addService = db.prepare(`INSERT INTO service_lines (visit_id, type, units) VALUES (?, 'consultation', ?)`);
  const clients = new Map<string, number>();
  const sites = new Map<string, number>();
  return store.tx(() => {
    for (const r of parsed.data) {
      let site = sites.get(r.site);
      if (site === undefined) {
        site = Number(siteId.get(r.site) ?? addSite.run(r.site, now).lastInsertRowid);
        sites.set(r.site, site);
      }
      let client = clients.get(r.client_code);
      if (client === undefined) {
        client = Number(clientId.get(r.client_code) ?? addClient.run(r.client_code, r.sex, Number(r.birth_year), 'unknown', now).lastInsertRowid);
        clients.set(r.client_code, client);
      }
      const visit = addVisit.run(r.date, client, site, now).lastInsertRowid;
      for (const [column, id, direction] of lines) {
        const q = Number(r[column]);
        if (q > 0) addSupply.run(visit, id, direction, q);
      }
      if (Number(r.consultation) > 0) addService.run(visit, Number(r.consultation));
    }
    return parsed.data.length;
  });
}

/** The register XLSX export's floor: the same rows read by the same queries, written by exceljs' streaming writer alone. */
export async function xlsxWriterFloor(store: Store, from: string, to: string): Promise<number> {
  const { stream } = await loadExcel();
  const { rows } = storedVisitRows(store, { from, to });
  const activities = storedActivityRows(store, { from, to });
  const sink = new PassThrough();
  let bytes = 0;
  sink.on('data', (c: Buffer) => { bytes += c.length; });
  const book = new stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  for (const [name, header, cells] of [['visits', VISIT_COLUMNS, rows.map(visitCells)], ['activities', ACTIVITY_COLUMNS, activities.map(activityCells)]] as const) {
    const ws = book.addWorksheet(name);
    ws.addRow([...header]).commit();
    for (const row of cells) ws.addRow(row).commit();
    ws.commit();
  }
  await book.commit();
  return bytes;
}
