// Round trip: demo data → export → import into an empty database → the same report, figure
// for figure (through the one report engine, runReport). Two figures cannot survive, because
// the register format has no column for them; the export says so in its notes, and the test
// pins exactly those two so that a change of the format shows here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createDemo, type Scenario } from '../../db/demo';
import { unlockWithPassword, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { exportRegister } from '../../db/register/export';
import { importRegister } from '../../db/register/import';
import { runReport } from '../../db/reports';
import { readWorkbookSheets } from '../../db/register/xlsx-rows';
import { checkWorkbook } from '../../db/register/xlsx-check';
import { createOutreachSession } from '../../db/services/outreach';
import { createActivity } from '../../db/services/activities';
import { registerClient } from '../../db/services/clients';
import { addStaff } from '../../db/services/staff';
import { saveSite } from '../../db/services/sites';
import { voidVisit } from '../../db/services/visits';
import { activityInput, outreachInput, registerClientInput, siteInput, staffAddInput } from '../../shared/schemas';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { addVisit, PASSWORD, removeDir, tempDb, tempDir, type TempDb } from './helpers';
import ExcelJS from 'exceljs';

/** What the register format cannot carry (see the export notes). */
const NOT_IN_FORMAT = ['other_commodities', 'clients_trained_secondary'];

interface Source {
  dir: string;
  vault: Vault;
  ctx: Ctx;
}

async function demo(scenario: Scenario): Promise<Source> {
  const dir = tempDir();
  const d = await createDemo(join(dir, 'demo.db'), { scenario, password: PASSWORD });
  const { vault, staff } = await unlockWithPassword(d.db, d.user, d.password);
  return { dir, vault, ctx: makeCtx(vault.store, { staffId: staff.id, userName: staff.user_name, role: 'manager' }, vault) };
}

function report(ctx: Ctx, from: string, to: string) {
  return runReport(ctx.store, { from, to, siteIds: [], monthly: true });
}

/** Every sheet's rows, read as an import reads them. */
async function workbookRows(bytes: Buffer): Promise<Array<{ name: string; rows: unknown[] }>> {
  const out: Array<{ name: string; rows: unknown[] }> = [];
  for await (const ws of readWorkbookSheets((await checkWorkbook('register.xlsx', bytes)).stream())) {
    const rows: unknown[] = [];
    for await (const r of ws.rows) rows.push(r);
    out.push({ name: ws.name, rows });
  }
  return out;
}

/** Exports in a format, imports into a fresh database, and compares the reports of the periods. */
async function roundTrip(src: Ctx, format: 'csv' | 'xlsx', periods: Array<[string, string]>) {
  const exported = await exportRegister(src.store, format);
  const target = await tempDb();
  try {
    const answer = await importRegister(target.ctx, exported.files.map((f) => ({ name: f.name, bytes: f.bytes })), { dryRun: false });
    expect(answer.errors).toEqual([]);
    for (const [from, to] of periods) {
      const a = report(src, from, to);
      const b = report(target.ctx, from, to);
      for (const key of INDICATOR_KEYS) {
        if (NOT_IN_FORMAT.includes(key)) continue;
        expect({ key, value: b.indicators[key] }).toEqual({ key, value: a.indicators[key] });
      }
      expect(b.monthly?.map((m) => ({ ...m, indicators: { ...m.indicators, other_commodities: null, clients_trained_secondary: null } })))
        .toEqual(a.monthly?.map((m) => ({ ...m, indicators: { ...m.indicators, other_commodities: null, clients_trained_secondary: null } })));
    }
    // Export → import → export gives the same file.
    const again = await exportRegister(target.ctx.store, format);
    if (format === 'csv') expect(again.files.map((f) => f.bytes.toString('utf8'))).toEqual(exported.files.map((f) => f.bytes.toString('utf8')));
    else expect(await workbookRows(again.files[0].bytes)).toEqual(await workbookRows(exported.files[0].bytes));
    return { exported, answer, target: report(target.ctx, periods[0][0], periods[0][1]), source: report(src, periods[0][0], periods[0][1]) };
  } finally {
    target.close();
    removeDir(target.dir);
  }
}

describe('round trip of the demo data', () => {
  let kaunas: Source;
  let kedainiai: Source;
  beforeAll(async () => {
    kaunas = await demo('kaunas-2008');
    kedainiai = await demo('kedainiai-2011');
  });
  afterAll(() => {
    for (const s of [kaunas, kedainiai]) {
      s.vault.store.close();
      removeDir(s.dir);
    }
  });

  it('kaunas-2008 as CSV: the same report, figure for figure, except what the format cannot carry', async () => {
    const { exported, answer, source, target } = await roundTrip(kaunas.ctx, 'csv', [['2008-11-01', '2009-10-31'], ['2009-01-01', '2009-03-31'], ['2000-01-01', '2030-12-31']]);
    expect(answer.imported.visits).toBe(exported.rows);
    // The two figures the format cannot carry, and the notes that say so.
    expect(exported.notes.join(' ')).toMatch(/other catalogue items/);
    expect(exported.notes.join(' ')).toMatch(/linked to training activities/);
    expect(Object.values(target.indicators.other_commodities as Record<string, number>).every((v) => v === 0)).toBe(true);
    expect(target.indicators.clients_trained_secondary as number).toBeLessThanOrEqual(source.indicators.clients_trained_secondary as number);
  });

  it('kaunas-2008 as XLSX gives the same', async () => {
    await roundTrip(kaunas.ctx, 'xlsx', [['2008-11-01', '2009-10-31']]);
  });

  it('kedainiai-2011 (outreach in seven places, arrest-house tests, voided duplicates) as XLSX and as CSV', async () => {
    await roundTrip(kedainiai.ctx, 'xlsx', [['2011-03-15', '2011-06-15'], ['2011-04-01', '2011-04-30']]);
    await roundTrip(kedainiai.ctx, 'csv', [['2011-03-15', '2011-06-15']]);
  });

  it('an export limited to a period holds only that period', async () => {
    const part = await exportRegister(kaunas.ctx.store, 'csv', { from: '2009-02-01', to: '2009-02-28' });
    const dates = part.files[0].bytes.toString('utf8').split('\r\n').slice(1, -1).map((l) => l.slice(0, 10));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d >= '2009-02-01' && d <= '2009-02-28')).toBe(true);
  });
});

describe('round trip of what the demo does not hold', () => {
  let src: TempDb;
  beforeAll(async () => {
    src = await tempDb();
    const ctx = src.ctx;
    const site = (name: string, kind: 'cabinet' | 'outreach_place' | 'point' | 'arrest_house') => saveSite(ctx, siteInput.parse({ name, kind })).id;
    const cabinet = site('Kabinetas', 'cabinet');
    const place = site('Stotis', 'outreach_place');
    const point = site('Parkas', 'point');
    const arrest = site('Areštinė', 'arrest_house');
    const worker = addStaff(ctx, staffAddInput.parse({ userName: 'rasa', displayName: 'Rasa', role: 'social_worker', password: PASSWORD })).id;
    const a = registerClient(ctx, registerClientInput.parse({ code: 'ONJO11985', sex: 'male', birthYear: 1985, injects: 'yes' })).id;
    const b = registerClient(ctx, registerClientInput.parse({ code: 'RUTA22001', sex: 'female', birthYear: 2001, injects: 'no', confirmNotDuplicate: true })).id;
    // Two tests and two referral destinations in one visit: written as extra rows.
    addVisit(ctx, {
      date: '2024-03-04', clientId: a, siteId: cabinet, kind: 'medical',
      supplies: [{ itemKey: 'syringe_2ml', direction: 'out', quantity: 10 }, { itemKey: 'syringe_5ml', direction: 'out', quantity: 5 }, { itemKey: 'syringe', direction: 'in', quantity: 12 }],
      services: [{ type: 'referral', units: 1, referralTo: 'gp' }, { type: 'referral', units: 2, referralTo: 'tb' }, { type: 'wound_care', units: 1 }, { type: 'consultation', units: 1 }],
      tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }, { type: 'hcv', results: { hcv: 'negative' } }],
      note: '=HYPERLINK("http://x")',
    });
    addVisit(ctx, { date: '2024-03-05', clientId: b, siteId: cabinet, supplies: [{ itemKey: 'needle', direction: 'out', quantity: 3 }], note: "'+already quoted" });
    addVisit(ctx, { date: '2024-03-05', anonymousCount: 1, kind: 'arrest_house', siteId: arrest, tests: [{ type: 'combined', testedPerson: 'officer', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }], note: '-5 left' });
    addVisit(ctx, { date: '2024-03-06', clientId: a, kind: 'secondary', siteId: cabinet, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 40 }], secondary: { pointId: point, peersStreet: 4, peersPoints: 7 }, trainedSecondary: true });
    const voided = addVisit(ctx, { date: '2024-03-06', clientId: b, siteId: cabinet, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 999 }] });
    voidVisit(ctx, { id: voided.id, reason: 'typed twice' });
    // An outreach session with two workers and an anonymous group.
    createOutreachSession(ctx, outreachInput.parse({
      date: '2024-03-07', placeId: place, workerIds: [ctx.actor.staffId, worker],
      contacts: [
        { clientId: a, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }] },
        { clientId: null, anonymousCount: 6, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 12 }], services: [{ type: 'information', units: 6 }] },
      ],
    }));
    createActivity(ctx, activityInput.parse({ date: '2024-03-08', type: 'meeting', title: '@police: harm reduction', participants: 14, institution: 'law_enforcement', siteId: cabinet }));
  });
  afterAll(() => {
    src.close();
    removeDir(src.dir);
  });

  it('keeps every figure, excludes voided visits, and brings formula-like text back unchanged', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const { exported } = await roundTrip(src.ctx, format, [['2024-03-01', '2024-03-31']]);
      expect(exported.visits).toBe(6);
      // The visit with two tests and two referral destinations takes three rows.
      expect(exported.rows).toBe(8);
      expect(exported.notes).toEqual([expect.stringMatching(/^1 visit\(s\) with more than one test/)]);
    }
  });

  it('neutralises text a spreadsheet would run as a formula, and never a count', async () => {
    const text = (await exportRegister(src.ctx.store, 'csv')).files[0].bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain("''+already quoted");
    expect(text).toContain("'-5 left");
    const acts = (await exportRegister(src.ctx.store, 'csv')).files[1].bytes.toString('utf8');
    expect(acts).toContain("'@police: harm reduction");
    // Read by an independent library: the cells are text starting with a quote, counts are numbers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportRegister(src.ctx.store, 'xlsx')).files[0].bytes as unknown as ArrayBuffer);
    const visits = wb.getWorksheet('visits')!;
    const header = (visits.getRow(1).values as unknown[]).slice(1);
    const noteCol = header.indexOf('note') + 1;
    const syrCol = header.indexOf('syringes_out') + 1;
    expect(visits.getRow(2).getCell(noteCol).value).toBe(`'=HYPERLINK("http://x")`);
    expect(visits.getRow(2).getCell(syrCol).value).toBe(15);
    expect(visits.getRow(2).getCell(noteCol).formula).toBeUndefined();
  });
});
