// The print-ready workbooks of issue 18, read back from the built workbook: page breaks never
// inside a group, the header row repeated, month sheets of at most six months at a readable
// scale, one language (no English in the Lithuanian one), rows of work not recorded left out of
// the donor workbook by its setting, the cost per output of a small project computed by hand, and
// regular_nsp_access left empty in the month columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { registerClient } from '../../db/services/clients';
import { createVisit } from '../../db/services/visits';
import { saveSite } from '../../db/services/sites';
import { saveProject } from '../../db/services/projects';
import { updateSettings } from '../../db/services/settings';
import { buildWorkbook, MAX_BLOCK_COLUMNS, type WorkbookInput } from '../../db/reports/workbook';
import { indicatorByKey } from '../../shared/indicators';
import { registerClientInput, visitInput } from '../../shared/schemas';
import { englishWords } from '../lt-words';

const P = { from: '2025-01-01', to: '2025-12-31', siteIds: [] as number[] };
let dir: string;
let vault: Vault;
let ctx: Ctx;

const visit = (v: z.input<typeof visitInput>) => createVisit(ctx, visitInput.parse(v));
const out = (itemKey: string, quantity: number) => ({ itemKey, direction: 'out' as const, quantity });
const build = (template: WorkbookInput['template'], language?: 'lt' | 'en') => buildWorkbook(vault.store, { ...P, template, ...(language ? { language } : {}) });
const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const lt = (key: string) => indicatorByKey.get(key)?.label.lt ?? key;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-workbook-'));
  const created = await createDatabase(join(dir, 'test.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  vault = created.vault;
  ctx = makeCtx(vault.store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, vault);
  const A = saveSite(ctx, { name: 'Kabinetas', kind: 'cabinet', active: true }).id;
  const reg = (code: string, sex: 'male' | 'female', birthYear: number) =>
    registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects: 'yes', confirmNotDuplicate: true })).id;
  const c1 = reg('ONJO11990', 'male', 1990);
  const c2 = reg('RAPE22000', 'female', 2000);
  const c3 = reg('DAKA11960', 'male', 1960);
  // c1: 10 syringes every month of 2025 (an exchange in every month: regular NSP access), a combined test in
  // February and an HCV test in May. c2: a consultation and a combined test in March (no exchange).
  // c3: 20 syringes and a rapid HIV test in June. No outreach at all.
  for (let m = 1; m <= 12; m++) visit({ date: `2025-${String(m).padStart(2, '0')}-10`, clientId: c1, siteId: A, supplies: [out('syringe', 10)] });
  visit({ date: '2025-02-11', clientId: c1, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'negative' } }] });
  visit({ date: '2025-05-11', clientId: c1, kind: 'medical', siteId: A, tests: [{ type: 'hcv', results: { hcv: 'negative' } }] });
  visit({ date: '2025-03-03', clientId: c2, siteId: A, services: [{ type: 'consultation', units: 1 }] });
  visit({ date: '2025-03-04', clientId: c2, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'negative' } }] });
  visit({ date: '2025-06-20', clientId: c3, siteId: A, supplies: [out('syringe', 20)] });
  visit({ date: '2025-06-20', clientId: c3, kind: 'medical', siteId: A, tests: [{ type: 'rapid_hiv', results: { hiv: 'negative' } }] });
  saveProject(ctx, { title: 'Žalos mažinimas Kabinete', donor: 'Savivaldybė', from: P.from, to: P.to, budgetMinor: 100_000, currency: 'EUR' });
}, 60_000);

afterAll(() => {
  vault?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sheet's rows as [row number, cell texts] (1-based columns). */
function rowsOf(ws: ExcelJS.Worksheet): Array<[number, string[]]> {
  const rows: Array<[number, string[]]> = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells[c] = text(row.getCell(c).value);
    rows.push([n, cells]);
  });
  return rows;
}

describe('pages', () => {
  it('never break a figure from its parts, and repeat the header row on every page', async () => {
    let breaks = 0;
    for (const template of ['donor', 'municipal', 'full'] as const) {
      const wb = await build(template);
      for (const ws of wb.worksheets) {
        expect(ws.pageSetup.printTitlesRow, `${template} ${ws.name}`).toMatch(/^\d+:\d+$/);
        expect(ws.pageSetup.paperSize, ws.name).toBe(9);
        // exceljs keeps the breaks on the sheet (row.addPageBreak) without typing them.
        for (const b of (ws as unknown as { rowBreaks: Array<{ id: number }> }).rowBreaks) {
          breaks++;
          // A break falls after row b: row b+1 is no part (a part's label is indented), row b no split figure's title.
          const next = ws.getRow(b.id + 1);
          const labels = [1, 2, 3].map((c) => text(next.getCell(c).value));
          expect(labels.some((l) => l.startsWith('   ')), `${template} ${ws.name}: break after row ${b.id} before a part`).toBe(false);
          const before = ws.getRow(b.id);
          const isTitle = before.getCell(1).fill?.type === 'pattern' && text(before.getCell(ws.columnCount).value) === '' && !before.hidden;
          const header = b.id === Number(String(ws.pageSetup.printTitlesRow).split(':')[0]);
          expect(isTitle && !header && text(ws.getRow(b.id + 1).getCell(1).value) !== '', `${template} ${ws.name}: break after a title at ${b.id}`).toBe(false);
        }
      }
    }
    // The full workbook's every-indicator sheets run over several pages: breaks were placed.
    expect(breaks).toBeGreaterThan(5);
  });

  it('puts at most six months on a sheet, printed at a scale where 11 pt stays at least 8 pt', async () => {
    for (const template of ['donor', 'municipal', 'full'] as const) {
      const wb = await build(template);
      const monthly = wb.worksheets.filter((ws) => /\d{4}-\d{2}/.test(JSON.stringify(ws.getRow(1).values)));
      // Twelve months: two sheets of six each (per template: the donor's, the municipality's services and clients, the full one's).
      expect(monthly.length, template).toBe(template === 'municipal' ? 4 : 2);
      for (const ws of monthly) {
        const months = (ws.getRow(1).values as unknown[]).filter((v) => typeof v === 'string' && /^\d{4}-\d{2}/.test(v));
        expect(months.length, ws.name).toBe(MAX_BLOCK_COLUMNS);
        expect(ws.columnCount, ws.name).toBeLessThanOrEqual(MAX_BLOCK_COLUMNS + 3);
        expect(ws.pageSetup.orientation).toBe('landscape');
        expect((11 * (ws.pageSetup.scale ?? 100)) / 100, ws.name).toBeGreaterThanOrEqual(8);
        expect(ws.pageSetup.printTitlesColumn, ws.name).toMatch(/^A:[AB]$/);
      }
    }
    for (const template of ['donor', 'municipal', 'full'] as const) {
      for (const ws of (await build(template)).worksheets) expect((11 * (ws.pageSetup.scale ?? 100)) / 100, `${template} ${ws.name}`).toBeGreaterThanOrEqual(8);
    }
  });
});

describe('one language', () => {
  it('has no English in the Lithuanian workbooks, and the English workbook is in English', async () => {
    for (const template of ['donor', 'municipal', 'full'] as const) {
      const wb = await build(template);
      const found: string[] = [];
      for (const ws of wb.worksheets) {
        expect(englishWords(ws.name), ws.name).toEqual([]);
        for (const [, cells] of rowsOf(ws)) {
          // An indicator's key (clients_by_sex.male) is a stable name, not a word of a sentence.
          for (const cell of cells) if (cell && !/^[a-z0-9_.]+$/.test(cell)) found.push(...englishWords(cell).map((w) => `${ws.name}: ${w} in "${cell}"`));
        }
        expect(englishWords(ws.headerFooter.oddHeader ?? '')).toEqual([]);
      }
      expect(found, template).toEqual([]);
    }
    const en = await build('donor', 'en');
    expect(en.worksheets.map((w) => w.name)).toEqual(['Report', 'By month 2025-01–2025-06', 'By month 2025-07–2025-12', 'Definitions']);
    const labels = rowsOf(en.getWorksheet('Report')!).map(([, c]) => c[2]);
    expect(labels).toContain(indicatorByKey.get('syringes_distributed')?.label.en);
    expect(labels).not.toContain(lt('syringes_distributed'));
  });

  it('is Lithuanian unless English is asked for', async () => {
    const wb = await build('donor');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Ataskaita', 'Pagal mėnesius 2025-01–2025-06', 'Pagal mėnesius 2025-07–2025-12', 'Apibrėžimai']);
  });
});

describe('rows of work not recorded', () => {
  const labelsOf = (ws: ExcelJS.Worksheet, col: number) => rowsOf(ws).map(([, c]) => c[col].trim());

  it('are left out of the donor workbook with its setting on (the default), and said so on the definitions sheet', async () => {
    const wb = await build('donor');
    const labels = labelsOf(wb.getWorksheet('Ataskaita')!, 2);
    // No outreach at all: no outreach workers, no places.
    for (const key of ['outreach_workers', 'outreach_places']) expect(labels, key).not.toContain(lt(key));
    // Work done is kept, a zero that is a finding (no positive result) too, and a supply at 0 (no needles
    // handed out: a result, not work the cabinet may never do; see workbook-review.test.ts).
    for (const key of ['clients', 'syringes_distributed', 'persons_tested', 'positive_results', 'needles_distributed']) expect(labels, key).toContain(lt(key));
    // Tests performed: the types done (combined 2, HCV 1, rapid HIV 1), not the others.
    const tests = rowsOf(wb.getWorksheet('Ataskaita')!).filter(([, c]) => c[2].startsWith('   ') && ['Kombinuotas', 'HCV testas', 'Atrankinis', 'ŽIV testas', 'HBV testas'].some((w) => c[2].includes(w)));
    expect(tests.map(([, c]) => [c[2].trim(), c[3]])).toEqual([['Atrankinis greitasis ŽIV tyrimas', '1'], ['Kombinuotas ŽIV/HBV/HCV tyrimas', '2'], ['HCV testas', '1']]);
    const defs = rowsOf(wb.getWorksheet('Apibrėžimai')!).map(([, c]) => c[2]);
    const said = defs.find((d) => d.startsWith('Eilutės, kurių veiklos per laikotarpį nebuvo, praleistos: '));
    expect(said).toBeDefined();
    for (const key of ['outreach_workers', 'outreach_places']) expect(said).toContain(lt(key));
    expect(said).not.toContain(lt('needles_distributed'));
    // The month sheets show the same rows.
    expect(labelsOf(wb.getWorksheet('Pagal mėnesius 2025-01–2025-06')!, 1)).not.toContain(lt('outreach_workers'));
  });

  it('are kept with the setting off, and the full and municipal workbooks keep every row by default', async () => {
    const full = rowsOf((await build('full')).getWorksheet('Rodikliai')!);
    expect(full.find(([, c]) => c[1] === 'outreach_workers')?.[1][3]).toBe('0');
    expect(labelsOf((await build('municipal')).getWorksheet('Paslaugos 2025-01–2025-06')!, 1)).toContain(lt('needles_distributed'));
    updateSettings(ctx, { workbookOmitZeroRows: { donor: false, municipal: false, full: false } });
    try {
      const wb = await build('donor');
      const rows = rowsOf(wb.getWorksheet('Ataskaita')!);
      expect(rows.find(([, c]) => c[2] === lt('outreach_workers'))?.[1][3]).toBe('0');
      expect(rows.find(([, c]) => c[2] === lt('outreach_places'))?.[1][3]).toBe('0');
      const defs = rowsOf(wb.getWorksheet('Apibrėžimai')!).map(([, c]) => c[2]);
      expect(defs).toContain('Rodomos visos eilutės, ir tos, kurių veiklos per laikotarpį nebuvo (0).');
    } finally {
      updateSettings(ctx, { workbookOmitZeroRows: { donor: true, municipal: false, full: false } });
    }
  });
});

describe('cost per output', () => {
  it('divides the project budget by clients, NSP participants, syringes and tests performed, in the currency', async () => {
    const ws = (await build('donor')).getWorksheet('Ataskaita')!;
    const cost = (start: string) => {
      let found: ExcelJS.Cell | null = null;
      ws.eachRow((row) => {
        if (!found && text(row.getCell(2).value).startsWith(start)) found = row.getCell(3);
      });
      if (!found) throw new Error(`no row ${start}`);
      return found as ExcelJS.Cell;
    };
    // By hand: 1 000,00 EUR; 3 clients (c1, c2, c3); 2 NSP participants (c1, c3); 12 × 10 + 20 = 140 syringes;
    // 4 tests performed (c1 combined and HCV, c2 combined, c3 rapid HIV) while 3 persons were tested.
    expect(cost('Projekto biudžetas').value).toBe(1000);
    expect(cost('Vienam klientui (skaičius: 3)').value).toBe(333.33);
    expect(cost('Vienam keitimo programos dalyviui (skaičius: 2)').value).toBe(500);
    expect(cost('Vienam išdalytam švirkštui (skaičius: 140)').value).toBe(7.14);
    expect(cost('Vienam atliktam tyrimui').value).toBe(250);
    expect(text(cost('Vienam atliktam tyrimui').numFmt)).toContain('"EUR"');
  });
});

describe('figures with no monthly meaning', () => {
  it('leaves regular_nsp_access empty in the month columns, shows it for the period and says why', async () => {
    const wb = await build('full');
    // By hand: only c1 had an exchange in every month of 2025.
    expect(rowsOf(wb.getWorksheet('Rodikliai')!).find(([, c]) => c[1] === 'regular_nsp_access')?.[1][3]).toBe('1');
    const monthSheets = wb.worksheets.filter((ws) => ws.name.startsWith('Mėnesiai'));
    expect(monthSheets).toHaveLength(2);
    for (const ws of monthSheets) {
      const row = rowsOf(ws).find(([, c]) => c[1] === 'regular_nsp_access');
      expect(row).toBeDefined();
      expect(row?.[1].slice(3)).toEqual(Array(MAX_BLOCK_COLUMNS).fill(''));
      // Its neighbour has its month values.
      expect(rowsOf(ws).find(([, c]) => c[1] === 'nsp_participants')?.[1].slice(3).every((v) => /^\d+$/.test(v))).toBe(true);
    }
    const defs = rowsOf(wb.getWorksheet('Apibrėžimai')!);
    expect(defs.find(([, c]) => c[1] === 'Tik visam laikotarpiui')?.[1][2]).toContain(lt('regular_nsp_access'));
  });
});
