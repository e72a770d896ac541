// The review of issue 18's workbooks (a hostile reviewer's findings), each worked out by hand on a
// small cabinet written here: cost per output is the whole project's (every site) whatever the
// site filter, and "–" without a budget; "leave out zero rows" leaves out rows of work the cabinet
// may never do only (a reach figure of an empty period reads 0); every part of a care cascade and
// of the overdose outcomes is shown; the donor's "Nr." numbers the rows shown; the full workbook's
// site sheets have at most four sites, no secondary-exchange point, sorted naturally; and a period
// before 1990 or after the end of next year is refused, naming the field.
//
// The cabinet: sites Kabinetas (cabinet), Gatvė Nr. 10 and Gatvė Nr. 2 (outreach places), Taškas
// (a secondary-exchange point), Areštinė (arrest house), Mobilus (mobile). In 2025:
//   c1 at Kabinetas: 10 syringes and a naloxone kit (Feb 10), a combined test with HCV positive
//      (Feb 11); linked to HCV care Mar 1, treatment started Apr 1 (not cured);
//   c2 at Kabinetas: a consultation (Mar 3);
//   c3 at Gatvė Nr. 2: 5 syringes (Apr 4);
//   c4 at Gatvė Nr. 10: a consultation (May 5);
//   an overdose report at Kabinetas (Jun 6), survived.
// Nothing at all in 2024. Projects: 2025 with a budget of 1 200,00 EUR; 2024 with none (0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { registerClient } from '../../db/services/clients';
import { createVisit } from '../../db/services/visits';
import { recordCareStep } from '../../db/services/care';
import { saveSite } from '../../db/services/sites';
import { saveProject } from '../../db/services/projects';
import { buildWorkbook, costPerOutput, DEFINITIONS_KEY_WIDTH, FULL_KEY_WIDTH, HEADER_FOOTER_MAX, headerText, KEY_FONT_SIZE, MONO_9_PX, SITE_COLUMNS, type WorkbookInput } from '../../db/reports/workbook';
import { runReport } from '../../db/reports';
import { CoreError } from '../../db/errors';
import { generateKaunas, KAUNAS_PERIOD } from '../../db/demo/kaunas';
import { indicatorByKey, INDICATORS } from '../../shared/indicators';
import { PART_LABELS } from '../../shared/indicator-parts';
import { careStepInput, registerClientInput, visitInput } from '../../shared/schemas';

let dir: string;
let vault: Vault;
let ctx: Ctx;
const site: Record<string, number> = {};

const visit = (v: z.input<typeof visitInput>) => createVisit(ctx, visitInput.parse(v));
const out = (itemKey: string, quantity: number) => ({ itemKey, direction: 'out' as const, quantity });
const Y2025 = { from: '2025-01-01', to: '2025-12-31' };
const Y2024 = { from: '2024-01-01', to: '2024-12-31' };
const build = (template: WorkbookInput['template'], period = Y2025, siteIds: number[] = []) => buildWorkbook(vault.store, { ...period, siteIds, template });
const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const lt = (key: string) => indicatorByKey.get(key)?.label.lt ?? key;
const partLt = (key: string, part: string) => PART_LABELS[key]?.[part]?.lt ?? part;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-workbook-review-'));
  const created = await createDatabase(join(dir, 'test.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  vault = created.vault;
  ctx = makeCtx(vault.store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, vault);
  for (const [key, name, kind] of [
    ['cab', 'Kabinetas', 'cabinet'], ['g10', 'Gatvė Nr. 10', 'outreach_place'], ['g2', 'Gatvė Nr. 2', 'outreach_place'],
    ['point', 'Taškas', 'point'], ['arrest', 'Areštinė', 'arrest_house'], ['mobile', 'Mobilus', 'mobile'],
  ] as const) site[key] = saveSite(ctx, { name, kind, active: true }).id;
  const reg = (code: string, birthYear: number) =>
    registerClient(ctx, registerClientInput.parse({ code, sex: 'male', birthYear, injects: 'yes', confirmNotDuplicate: true })).id;
  const c1 = reg('ONJO11990', 1990);
  const c2 = reg('DAKA11960', 1960);
  const c3 = reg('ZIRO11980', 1980);
  const c4 = reg('LIVY12001', 2001);
  visit({ date: '2025-02-10', clientId: c1, siteId: site.cab, supplies: [out('syringe', 10), out('naloxone', 1)] });
  visit({ date: '2025-02-11', clientId: c1, kind: 'medical', siteId: site.cab, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  recordCareStep(ctx, careStepInput.parse({ clientId: c1, infection: 'hcv', step: 'linked_to_care', date: '2025-03-01', siteId: site.cab }));
  recordCareStep(ctx, careStepInput.parse({ clientId: c1, infection: 'hcv', step: 'treatment_started', date: '2025-04-01', siteId: site.cab }));
  visit({ date: '2025-03-03', clientId: c2, siteId: site.cab, services: [{ type: 'consultation', units: 1 }] });
  visit({ date: '2025-04-04', clientId: c3, siteId: site.g2, supplies: [out('syringe', 5)] });
  visit({ date: '2025-05-05', clientId: c4, siteId: site.g10, services: [{ type: 'consultation', units: 1 }] });
  // No service records an overdose report yet (as tests/reports/field-figures.test.ts): SQL.
  vault.store.sqlite
    .prepare('INSERT INTO overdoses (date, site_id, client_id, outcome, naloxone_given, naloxone_by, created_at, voided_at) VALUES (?, ?, NULL, ?, ?, ?, ?, NULL)')
    .run('2025-06-06', site.cab, 'survived', 'yes', 'peer', '2025-06-06T10:00:00Z');
  saveProject(ctx, { title: 'Projektas 2025', donor: 'Rėmėjas', ...Y2025, budgetMinor: 120_000, currency: 'EUR' });
  saveProject(ctx, { title: 'Projektas 2024', donor: 'Rėmėjas', ...Y2024, budgetMinor: 0, currency: 'EUR' });
}, 60_000);

afterAll(() => {
  vault?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sheet's rows as [row number, cell texts, hidden] (1-based columns). */
function rowsOf(ws: ExcelJS.Worksheet): Array<[number, string[], boolean]> {
  const rows: Array<[number, string[], boolean]> = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells[c] = text(row.getCell(c).value);
    rows.push([n, cells, !!row.hidden]);
  });
  return rows;
}
/** The value column (C) of the donor report's row whose label (B, trimmed) is `label`. */
const valueOf = (ws: ExcelJS.Worksheet, label: string): string | undefined => rowsOf(ws).find(([, c]) => c[2].trim() === label)?.[1][3];
const costRow = (ws: ExcelJS.Worksheet, start: string) => rowsOf(ws).find(([, c]) => c[2].startsWith(start));
const definitions = (wb: ExcelJS.Workbook) => rowsOf(wb.getWorksheet('Apibrėžimai')!);

describe('cost per output', () => {
  it('is the whole project\'s (every site) with a site filter on, and the definitions sheet says so', async () => {
    const wb = await build('donor', Y2025, [site.cab]);
    const ws = wb.getWorksheet('Ataskaita')!;
    // The report itself is the cabinet's: 2 clients (c1, c2).
    expect(valueOf(ws, lt('clients'))).toBe('2');
    // By hand, the whole project: 1 200,00 EUR over 4 clients = 300,00 (not 1 200 / 2 = 600 of the cabinet);
    // 2 NSP participants (c1, c3) = 600,00; 15 syringes = 80,00; 1 test = 1 200,00.
    expect(costRow(ws, 'Vienam klientui (skaičius: 4)')?.[1][3]).toBe('300');
    expect(costRow(ws, 'Vienam keitimo programos dalyviui (skaičius: 2)')?.[1][3]).toBe('600');
    expect(costRow(ws, 'Vienam išdalytam švirkštui (skaičius: 15)')?.[1][3]).toBe('80');
    expect(costRow(ws, 'Vienam atliktam tyrimui (visų rūšių tyrimai, ne tirti asmenys) (skaičius: 1)')?.[1][3]).toBe('1200');
    const rule = definitions(wb).find(([, c]) => c[1] === 'Kaina vienam rezultatui')?.[1][2];
    expect(rule).toContain('visose vietose');
    expect(rule).toContain('pagal vietas atrinktoje');
  });

  it('is "–" with the reason for a budget of 0 (an empty budget field), and the head shows no 0,00', async () => {
    expect(Object.values(costPerOutput(0, { clients: 3, nsp_participants: 2, syringes_distributed: 9, tests_by_type: { combined: 1 } })).map((x) => x.cost)).toEqual([null, null, null, null]);
    const wb = await build('donor', Y2024);
    const ws = wb.getWorksheet('Ataskaita')!;
    const rows = rowsOf(ws);
    expect(rows.find(([, c]) => c[1].startsWith('Projektas: '))?.[1][1]).toBe('Projektas: Projektas 2024');
    expect(rows.find(([, c]) => c[1].startsWith('Biudžetas: '))?.[1][1]).toBe('Biudžetas: –');
    expect(costRow(ws, 'Projekto biudžetas')?.[1][3]).toBe('–');
    expect(costRow(ws, 'Vienam klientui')?.[1][3]).toBe('–');
    expect(rows.some(([, c]) => c[1].includes('Projekto biudžetas neįrašytas (0)'))).toBe(true);
    expect(rows.some(([, c]) => c[3] === '0' && c[2].startsWith('Vienam'))).toBe(false);
    expect(definitions(wb).find(([, c]) => c[1] === 'Kaina vienam rezultatui')?.[1][2]).toContain('neįrašytas (0)');
  });
});

describe('leave out zero rows (the donor\'s setting, on by default)', () => {
  it('keeps reach and result figures at 0 in an empty period, leaving out only work the cabinet may never do', async () => {
    const wb = await build('donor', Y2024);
    const ws = wb.getWorksheet('Ataskaita')!;
    for (const key of ['clients', 'nsp_participants', 'new_clients', 'regular_clients', 'new_nsp_participants', 'syringes_distributed', 'persons_tested', 'pwid_tested', 'social_services_total', 'gp_clients']) {
      expect(valueOf(ws, lt(key)), key).toBe('0');
    }
    // Tests performed: its title and every type at 0 (no type was done, so none is "the one not done").
    const labels = rowsOf(ws).map(([, c]) => c[2].trim());
    expect(labels).toContain(lt('tests_by_type'));
    for (const part of ['rapid_hiv', 'combined', 'hcv_rna']) expect(valueOf(ws, partLt('tests_by_type', part)), part).toBe('0');
    // Work the cabinet may never do is left out, and said so.
    for (const key of ['outreach_workers', 'outreach_places', 'secondary_exchange_peers', 'reached_secondary_total', 'tests_by_setting', 'meeting_participants']) {
      expect(labels, key).not.toContain(lt(key));
    }
    const said = definitions(wb).find(([, c]) => c[1] === 'Praleistos eilutės')?.[1][2] ?? '';
    expect(said).toContain(lt('outreach_workers'));
    expect(said).not.toContain(lt('clients'));
    expect(said).not.toContain(lt('syringes_distributed'));
  });

  it('leaves out a test type not done while another was done, never a reach figure at 0', async () => {
    const ws = (await build('donor')).getWorksheet('Ataskaita')!;
    // 2025: one combined test; no rapid HIV test. Nobody came twice in a month: regular clients 0, kept.
    expect(valueOf(ws, partLt('tests_by_type', 'combined'))).toBe('1');
    expect(valueOf(ws, partLt('tests_by_type', 'rapid_hiv'))).toBeUndefined();
    expect(valueOf(ws, lt('regular_clients'))).toBe('0');
  });
});

describe('the donor\'s overdose and care section', () => {
  it('shows every part of the cascades and of the overdose outcomes, zeros too; hides a zero naloxone or training row', async () => {
    const wb = await build('donor');
    const ws = wb.getWorksheet('Ataskaita')!;
    const shown = rowsOf(ws).filter(([, , hidden]) => !hidden);
    // A part's label may repeat in another figure (linked to care): looked up below its figure's title.
    const shownValue = (label: string, figure?: string) => {
      const from = figure ? shown.findIndex(([, c]) => c[2].trim() === lt(figure)) : 0;
      return shown.slice(from).find(([, c]) => c[2].trim() === label)?.[1][3];
    };
    // By hand: c1 had a visit in 2025, an HCV antibody positive, linked and started treatment; not cured; no RNA test.
    expect(['antibody_positive', 'rna_tested', 'rna_positive', 'linked_to_care', 'treatment_started', 'cured'].map((p) => shownValue(partLt('hcv_cascade', p), 'hcv_cascade')))
      .toEqual(['1', '0', '0', '1', '1', '0']);
    expect(['positive', 'linked_to_care', 'treatment_started', 'virally_suppressed'].map((p) => shownValue(partLt('hiv_cascade', p), 'hiv_cascade'))).toEqual(['0', '0', '0', '0']);
    // One overdose report: survived 1, died 0, unknown 0.
    expect(['survived', 'died', 'unknown'].map((p) => shownValue(partLt('overdoses_reported', p), 'overdoses_reported'))).toEqual(['1', '0', '0']);
    expect(shownValue(lt('naloxone_kits_distributed'))).toBe('1');
    // Nobody trained in overdose response: that row is hidden.
    expect(rowsOf(ws).find(([, c]) => c[2].trim() === lt('overdose_response_trained'))?.[2]).toBe(true);
    expect(definitions(wb).find(([, c]) => c[1] === 'Paslėptos eilutės')?.[1][2]).toContain('dalys rodomos visos');
  });

  it('numbers the rows shown 1, 2, 3… with no gap for a hidden one', async () => {
    const ws = (await build('donor')).getWorksheet('Ataskaita')!;
    const numbers = rowsOf(ws).filter(([, c, hidden]) => !hidden && /^\d+$/.test(c[1])).map(([, c]) => Number(c[1]));
    expect(numbers.length).toBeGreaterThan(20);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // Hidden rows carry no number.
    expect(rowsOf(ws).filter(([, c, hidden]) => hidden && c[1] !== '')).toEqual([]);
  });
});

describe('the full workbook\'s site sheets', () => {
  it('have at most four sites a sheet, no secondary-exchange point, sites by kind then naturally by name', async () => {
    const wb = await build('full');
    const sheets = wb.worksheets.filter((ws) => ws.name.startsWith('Pagal vietas'));
    const headers = sheets.map((ws) => (ws.getRow(1).values as unknown[]).slice(3).map(String));
    // Five sites with a column (the point has none): 3 + 2, the total last on each.
    expect(SITE_COLUMNS).toBe(4);
    expect(headers).toEqual([
      ['Kabinetas', 'Gatvė Nr. 2', 'Gatvė Nr. 10', 'Visos vietos'],
      ['Areštinė', 'Mobilus', 'Visos vietos'],
    ]);
    expect(sheets.map((ws) => ws.name)).toEqual(['Pagal vietas 1–3', 'Pagal vietas 4–5']);
    // Kabinetas: c1 and c2; Gatvė Nr. 2: c3; all sites: 4.
    const clients = rowsOf(sheets[0]).find(([, c]) => c[1] === 'clients')?.[1].slice(3);
    expect(clients).toEqual(['2', '1', '1', '4']);
    for (const ws of sheets) {
      expect(ws.pageSetup.orientation).toBe('landscape');
      // The columns fit the page at full scale (no column pushed onto a page of its own).
      expect(ws.pageSetup.scale, ws.name).toBe(100);
    }
    expect(definitions(wb).find(([, c]) => c[1] === 'Antrinio keitimo taškai')?.[1][2]).toContain('Taškas');
    // Below each: why the sites do not add up to all sites (distinct clients; records without a site).
    for (const ws of sheets) {
      const last = rowsOf(ws).at(-1)?.[1][1] ?? '';
      expect(last, ws.name).toMatch(/^Skirtingų klientų skaičiai per vietas nesumuojami/);
      expect(last).toContain('tik stulpelyje „Visos vietos“');
    }
    const filtered = await build('full', Y2025, [site.cab, site.g2]);
    const note = rowsOf(filtered.getWorksheet('Pagal vietas')!).at(-1)?.[1][1] ?? '';
    expect(note).toMatch(/^Skirtingų klientų skaičiai per vietas nesumuojami/);
    expect(note).not.toContain('Visos vietos');
  });
});

describe('words that match what is shown', () => {
  it('says "–" for a per-month figure of a short period, as its cell shows', async () => {
    // 2025-02-01 .. 2025-02-20: 20 days, under 28: syringes per person per month is not computed.
    const wb = await build('donor', { from: '2025-02-01', to: '2025-02-20' });
    expect(valueOf(wb.getWorksheet('Ataskaita')!, lt('syringes_per_participant_month'))).toBe('–');
    const said = definitions(wb).find(([, c]) => c[1] === 'Mėnesio rodikliai')?.[1][2] ?? '';
    expect(said).toContain('„–“');
    expect(said).not.toMatch(/^Tušti/);
    // The number format is said to follow the computer's settings, LibreOffice's 28.190 included.
    expect(definitions(wb).find(([, c]) => c[1] === 'Skaičių formatas')?.[1][2]).toContain('28.190');
  });

  it('puts no second header under the cost section\'s title (the report\'s header row is printed on every page)', async () => {
    const rows = rowsOf((await build('donor')).getWorksheet('Ataskaita')!);
    const title = rows.findIndex(([, c]) => c[1] === 'Kaina vienam rezultatui');
    expect(title).toBeGreaterThan(0);
    expect(rows[title + 1][1][2]).toBe('Projekto biudžetas');
    expect(rows.filter(([, c]) => c[2] === 'Rodiklis')).toHaveLength(1);
  });

  it('answers --help of the render script with its usage, and an unknown option with the usage and exit 2', () => {
    const script = join(__dirname, '..', '..', 'scripts', 'render-workbooks.mjs');
    const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: node scripts\/render-workbooks\.mjs/);
    const bad = spawnSync(process.execPath, [script, '--bogus'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage:');
    expect(bad.stderr).not.toContain('    at ');
    expect(help.stdout).toContain('--language lt|en');
    for (const args of [['--language', 'de'], ['--template', 'annual']]) {
      const refused = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
      expect(refused.status, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain(`${args.join(' ')}: give`);
    }
  });
});

describe('the report period', () => {
  const TODAY = '2026-06-15';
  const refused = (f: () => unknown): CoreError => {
    try {
      f();
    } catch (e) {
      return e as CoreError;
    }
    throw new Error('not refused');
  };

  it('is refused before 1990-01-01 or after the end of next year, naming the field; the bounds themselves run', async () => {
    const early = refused(() => runReport(vault.store, { from: '1989-12-31', to: '2025-12-31', siteIds: [], monthly: false }, undefined, TODAY));
    expect(early).toBeInstanceOf(CoreError);
    expect([early.code, early.field]).toEqual(['validation', 'from']);
    expect(early.say('lt')).toContain('Laikotarpio pradžia');
    expect(early.say('en')).toBe('Period start (from): 1989-12-31 is before 1990-01-01; no record is that old, so check the year.');
    // 2109 for 2009: the end of next year (of 2026-06-15) is 2027-12-31.
    const late = refused(() => runReport(vault.store, { from: '2009-01-01', to: '2109-12-31', siteIds: [], monthly: true }, undefined, TODAY));
    expect([late.code, late.field]).toEqual(['validation', 'to']);
    expect(late.say('en')).toContain('2027-12-31');
    expect(late.say('lt')).toContain('Laikotarpio pabaiga');
    expect(refused(() => runReport(vault.store, { from: '2026-01-01', to: '2028-01-01', siteIds: [], monthly: false }, undefined, TODAY)).field).toBe('to');
    expect(runReport(vault.store, { from: '1990-01-01', to: '2027-12-31', siteIds: [], monthly: false }, undefined, TODAY).indicators.clients).toBe(4);
    // The workbook goes through the same check.
    await expect(buildWorkbook(vault.store, { from: '2109-01-01', to: '2109-12-31', siteIds: [], template: 'full' }, undefined, TODAY)).rejects.toMatchObject({ field: 'to' });
  });
});

describe('a period within one month, a month cut by the period, the definitions sheet, page headers', () => {
  const FEB = { from: '2025-02-01', to: '2025-02-28' };

  it('has no sheet by month for a period within one month (donor, full), and the municipal sheets keep only the period column; the definitions sheet says why', async () => {
    for (const period of [FEB, { from: '2025-02-10', to: '2025-02-10' }]) {
      const donor = await build('donor', period);
      expect(donor.worksheets.map((ws) => ws.name)).toEqual(['Ataskaita', 'Apibrėžimai']);
      expect(definitions(donor).find(([, c]) => c[1] === 'Mėnesių stulpeliai')?.[1][2]).toMatch(/^Laikotarpis neišeina iš vieno kalendorinio mėnesio \(2025-02\), todėl lapo pagal mėnesius nėra/);
      const full = await build('full', period);
      expect(full.worksheets.map((ws) => ws.name)).toEqual(['Rodikliai', 'Pagal vietas 1–3', 'Pagal vietas 4–5', 'Apibrėžimai']);
      const municipal = await build('municipal', period);
      expect(municipal.worksheets.map((ws) => ws.name)).toEqual(['Paslaugos', 'Klientai', 'Apibrėžimai']);
      for (const name of ['Paslaugos', 'Klientai']) {
        const header = (municipal.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1).map(String);
        expect(header, name).toEqual(['Rodiklis', 'Visas laikotarpis']);
      }
      expect(definitions(municipal).find(([, c]) => c[1] === 'Mėnesių stulpeliai')?.[1][2]).toContain('mėnesio stulpelio nėra');
      expect(municipal.getWorksheet('Paslaugos')!.headerFooter.oddHeader).toMatch(/: paslaugos$/);
      // No word about month columns that are not there.
      expect(definitions(municipal).some(([, c]) => c[1] === 'Tik visam laikotarpiui')).toBe(false);
    }
    const en = await buildWorkbook(vault.store, { ...FEB, siteIds: [], template: 'donor', language: 'en' });
    expect(en.worksheets.map((ws) => ws.name)).toEqual(['Report', 'Definitions']);
    expect(rowsOf(en.getWorksheet('Definitions')!).find(([, c]) => c[1] === 'Month columns')?.[1][2]).toContain('no sheet by month');
    // Two months, however short: a sheet by month, its columns said to not add up.
    const two = await build('donor', { from: '2025-02-20', to: '2025-03-05' });
    expect(two.worksheets.map((ws) => ws.name)).toEqual(['Ataskaita', 'Pagal mėnesius', 'Apibrėžimai']);
    expect(definitions(two).find(([, c]) => c[1] === 'Mėnesių stulpeliai')?.[1][2]).toContain('nesumuojami');
  });

  it('says the length of a period under a month in days, not "0 mėn."', async () => {
    const day = { from: '2025-02-10', to: '2025-02-10' };
    const wb = await build('donor', day);
    expect(rowsOf(wb.getWorksheet('Ataskaita')!).find(([, c]) => c[1].startsWith('Laikotarpis: '))?.[1][1]).toBe('Laikotarpis: 2025-02-10 – 2025-02-10 (1 d.)');
    expect(definitions(wb).find(([, c]) => c[1] === 'Laikotarpis')?.[1][2]).toBe('2025-02-10 – 2025-02-10; 1 d.');
    const en = await buildWorkbook(vault.store, { ...day, siteIds: [], template: 'donor', language: 'en' });
    expect(rowsOf(en.getWorksheet('Report')!).find(([, c]) => c[1].startsWith('Period: '))?.[1][1]).toBe('Period: 2025-02-10 – 2025-02-10 (1 day)');
    const twenty = await buildWorkbook(vault.store, { from: '2025-02-01', to: '2025-02-20', siteIds: [], template: 'full', language: 'en' });
    expect(rowsOf(twenty.getWorksheet('Definitions')!).find(([, c]) => c[1] === 'Period')?.[1][2]).toBe('2025-02-01 – 2025-02-20; 20 days');
    // A month and more: in months, as before.
    const year = await build('donor');
    expect(rowsOf(year.getWorksheet('Ataskaita')!).find(([, c]) => c[1].startsWith('Laikotarpis: '))?.[1][1]).toBe('Laikotarpis: 2025-01-01 – 2025-12-31 (12 mėn.)');
    expect(definitions(year).find(([, c]) => c[1] === 'Laikotarpis')?.[1][2]).toBe('2025-01-01 – 2025-12-31; 12 mėn. (365 d.)');
  });

  it('says a month\'s column counts age by that month\'s year when the period spans a year end, as the engine counts it', async () => {
    // Born 1988: 34 in December 2022 (25–34), 35 in January 2023 (35–44).
    const c = registerClient(ctx, registerClientInput.parse({ code: 'TOMA11988', sex: 'male', birthYear: 1988, injects: 'yes', confirmNotDuplicate: true })).id;
    visit({ date: '2022-12-20', clientId: c, siteId: site.cab, services: [{ type: 'consultation', units: 1 }] });
    visit({ date: '2023-01-05', clientId: c, siteId: site.cab, services: [{ type: 'consultation', units: 1 }] });
    const wb = await build('municipal', { from: '2022-12-15', to: '2023-01-15' });
    const ws = wb.getWorksheet('Klientai')!;
    const rows = rowsOf(ws);
    expect(rows.find(([, c]) => c[1].trim() === partLt('clients_by_age', '25_34'))?.[1].slice(2, 5)).toEqual(['1', '0', '0']);
    expect(rows.find(([, c]) => c[1].trim() === partLt('clients_by_age', '35_44'))?.[1].slice(2, 5)).toEqual(['0', '1', '1']);
    expect(rows.at(-1)?.[1][1]).toBe('Amžius: 2023 m. minus gimimo metai (mėnesio stulpelyje – to mėnesio metai). Skirtingų klientų skaičiai per mėnesius nesumuojami.');
    expect(definitions(wb).find(([, c]) => c[1] === 'Amžius')?.[1][2]).toContain('mėnesio stulpelyje – to mėnesio metai');
    // Within one year, the period's year only.
    const year = await build('municipal');
    expect(rowsOf(year.getWorksheet('Klientai 2025-01–2025-06')!).at(-1)?.[1][1]).toBe('Amžius: 2025 m. minus gimimo metai. Skirtingų klientų skaičiai per mėnesius nesumuojami.');
    expect(definitions(year).find(([, c]) => c[1] === 'Amžius')?.[1][2]).toBe('Laikotarpio pabaigos metai (2025) minus gimimo metai.');
  });

  it('heads a month cut by the period with its days on a line of their own', async () => {
    const wb = await build('full', { from: '2025-02-20', to: '2025-03-05' });
    const header = (wb.getWorksheet('Mėnesiai')!.getRow(1).values as unknown[]).slice(3).map(String);
    expect(header).toEqual(['2025-02\n(20–28)', '2025-03\n(1–5)']);
    // The header row is tall enough for two lines.
    expect(wb.getWorksheet('Mėnesiai')!.getRow(1).height).toBeGreaterThanOrEqual(29);
  });

  it('sizes the definitions sheet\'s key column to its longest key on one line, and no wider', async () => {
    const longest = Math.max(...INDICATORS.map((d) => d.key.length));
    expect(longest).toBe('meeting_participants_by_institution'.length);
    // A monospaced 9 pt (LibreOffice prints Consolas as Liberation Mono, 0.6 em): 7.2 px a character; a column of width w is 7w + 5 px.
    expect(MONO_9_PX).toBeCloseTo((9 * 0.6 * 96) / 72, 5);
    expect(DEFINITIONS_KEY_WIDTH * 7 + 5).toBeGreaterThanOrEqual(longest * 7.2 + 8);
    expect(DEFINITIONS_KEY_WIDTH * 7 + 5).toBeLessThan(longest * 7.2 + 8 + 14);
    const ws = (await build('donor')).getWorksheet('Apibrėžimai')!;
    expect(ws.getColumn(1).width).toBe(DEFINITIONS_KEY_WIDTH);
    // The three columns keep the width of the page they were made for.
    expect((ws.getColumn(1).width ?? 0) + (ws.getColumn(2).width ?? 0) + (ws.getColumn(3).width ?? 0)).toBe(136);
  });

  it('prints the full workbook\'s keys whole, smaller than the labels, on one line: shrunk to fit, never spilling over the label', async () => {
    const wb = await build('full');
    for (const ws of wb.worksheets.filter((x) => x.name !== 'Apibrėžimai')) {
      expect(ws.getColumn(1).width, ws.name).toBe(FULL_KEY_WIDTH);
      const long = rowsOf(ws).find(([, c]) => c[1] === 'meeting_participants_by_institution.law_enforcement');
      expect(long, ws.name).toBeDefined();
      const cell = ws.getRow(long?.[0] ?? 0).getCell(1);
      expect(cell.font.size).toBe(KEY_FONT_SIZE);
      expect(cell.alignment).toMatchObject({ shrinkToFit: true });
      expect(cell.alignment.wrapText).toBeFalsy();
      expect(ws.getRow(long?.[0] ?? 0).getCell(2).font.size).toBe(11);
      // A one-line label: the row is one line high, whatever the key's length.
      expect(ws.getRow(long?.[0] ?? 0).height).toBe(15);
    }
  });

  it('keeps every page header and footer within Excel\'s 255 characters, a long title cut with "…", its ampersands doubled', async () => {
    expect(headerText('&L&B', 'A & B')).toBe('&L&BA && B');
    const long = 'R&D&Co '.repeat(40).slice(0, 200); // 200 characters (the longest title), 57 of them ampersands
    const cut = headerText('&L&B', long);
    expect(cut.length).toBeLessThanOrEqual(HEADER_FOOTER_MAX);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[^&]&…$/);
    saveProject(ctx, { title: long, donor: 'Rėmėjas', from: '2023-01-01', to: '2023-12-31', budgetMinor: 100, currency: 'EUR' });
    for (const template of ['donor', 'municipal', 'full'] as const) {
      const wb = await build(template, { from: '2023-01-01', to: '2023-12-31' });
      for (const ws of wb.worksheets) {
        for (const [k, v] of Object.entries(ws.headerFooter ?? {})) {
          if (typeof v === 'string') expect(v.length, `${template} ${ws.name} ${k}`).toBeLessThanOrEqual(HEADER_FOOTER_MAX);
        }
      }
      if (template === 'donor') expect(wb.getWorksheet('Ataskaita')!.headerFooter.oddHeader).toContain('R&&D&&Co R&&D&&Co');
    }
  });
});

describe('the Kaunas 2008 demo\'s workbooks, as rendered for docs/screenshots', () => {
  let kaunas: Vault;
  beforeAll(async () => {
    const made = await createDatabase(join(dir, 'kaunas.db'), { userName: 'vadovas', displayName: 'Vadovas', password: 'correct horse 1' });
    kaunas = made.vault;
    generateKaunas(makeCtx(kaunas.store, { staffId: made.staff.id, userName: 'vadovas', role: 'manager' }, kaunas), 2008);
  }, 180_000);
  afterAll(() => kaunas?.store.close());

  it('never print a page of notes alone: a note stays on the page of its table\'s last rows', async () => {
    for (const template of ['donor', 'municipal', 'full'] as const) {
      const wb = await buildWorkbook(kaunas.store, { ...KAUNAS_PERIOD, siteIds: [], template });
      for (const ws of wb.worksheets) {
        const breaks = (ws as unknown as { rowBreaks: Array<{ id: number }> }).rowBreaks.map((b) => b.id);
        const header = Number(String(ws.pageSetup.printTitlesRow ?? '0').split(':')[0]);
        const pages: number[][] = [[]];
        ws.eachRow((row, n) => {
          if (n !== header || pages.length === 1) pages[pages.length - 1].push(n);
          if (breaks.includes(n)) pages.push([]);
        });
        pages.forEach((rows, i) => {
          // A note is one italic cell; a page needs a row that is not one.
          const notes = rows.filter((n) => ws.getRow(n).getCell(1).font?.italic === true);
          expect(rows.length - notes.length, `${template} ${ws.name} page ${i + 1}`).toBeGreaterThan(0);
        });
      }
    }
  }, 60_000);
});
