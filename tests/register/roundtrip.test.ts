// Round trip: demo data, and records the demo may not hold → export → import into an empty
// database → the same report, figure for figure (through the one report engine, runReport): the
// whole indicators object of the period and of each month is compared, so every figure the
// engine gives (and every one added to it later) is covered.
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
import { recordCareStep } from '../../db/services/care';
import { setReferralOutcome } from '../../db/services/referrals';
import { activityInput, careStepInput, outreachInput, registerClientInput, siteInput, staffAddInput } from '../../shared/schemas';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { addVisit, PASSWORD, removeDir, tempDb, tempDir, type TempDb } from './helpers';
import ExcelJS from 'exceljs';

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

/**
 * The figures to compare. The register writes a pharmacotherapy change on a visit row; a change on
 * a day without a visit of the client's in that month moves to a visit of another month, and the
 * export's notes say so (export.ts). Only then is clients_in_pharmacotherapy set aside.
 */
function comparable<T extends { clients_in_pharmacotherapy?: unknown }>(indicators: T, moved: boolean): T {
  return moved ? { ...indicators, clients_in_pharmacotherapy: null } : indicators;
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
    const moved = exported.notes.some((n) => /pharmacotherapy change\(s\) fall on a day without a visit/.test(n));
    for (const [from, to] of periods) {
      const a = report(src, from, to);
      const b = report(target.ctx, from, to);
      const [want, got] = [comparable(a.indicators, moved), comparable(b.indicators, moved)];
      // Key by key first (a difference names its figure), then the whole objects: the period's and each month's.
      for (const key of INDICATOR_KEYS) expect({ key, value: got[key] }).toEqual({ key, value: want[key] });
      expect(got).toEqual(want);
      expect(b.monthly?.map((m) => ({ ...m, indicators: comparable(m.indicators, moved) }))).toEqual(a.monthly?.map((m) => ({ ...m, indicators: comparable(m.indicators, moved) })));
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

  it('kaunas-2008 as CSV: the same report, figure for figure, other commodities and trained clients included', async () => {
    const { exported, answer, target } = await roundTrip(kaunas.ctx, 'csv', [['2008-11-01', '2009-10-31'], ['2009-01-01', '2009-03-31'], ['2000-01-01', '2025-12-31']]);
    expect(answer.imported.visits).toBe(exported.rows);
    expect(exported.files.map((f) => f.name)).toEqual(['visits.csv', 'activities.csv', 'overdoses.csv', 'care.csv']);
    // What the format once could not carry is carried now, and no note says otherwise.
    expect(exported.notes.join(' ')).not.toMatch(/other catalogue items|linked to training activities/);
    expect(target.indicators.clients_trained_secondary as number).toBeGreaterThan(0);
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

describe('round trip of the records of issue 17', () => {
  let src: TempDb;
  /** The stored rows of a table, as the target must hold them again. */
  const rowsOf = (db: TempDb, sql: string) => db.ctx.store.sqlite.prepare(sql).all();
  beforeAll(async () => {
    src = await tempDb();
    const ctx = src.ctx;
    const sql = (statement: string, ...params: unknown[]) => ctx.store.sqlite.prepare(statement).run(...params);
    const site = (name: string, kind: 'cabinet' | 'outreach_place' | 'point') => saveSite(ctx, siteInput.parse({ name, kind })).id;
    const cabinet = site('Kabinetas', 'cabinet');
    const place = site('Stotis', 'outreach_place');
    site('Parkas', 'point');
    const client = (code: string, sex: 'male' | 'female', birthYear: number) =>
      registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects: 'yes', confirmNotDuplicate: true })).id;
    const a = client('ONJO11985', 'male', 1985);
    const b = client('RUTA22001', 'female', 2001);
    const c = client('PEJO11990', 'male', 1990);
    const d = client('ZIGI11970', 'male', 1970);
    // How they came (the desk's registration records it; written here as stored).
    sql(`UPDATE clients SET came_via = 'self' WHERE id = ?`, a);
    sql(`UPDATE clients SET came_via = 'peer', referred_by_code = 'ONJO11985' WHERE id = ?`, b);
    sql(`UPDATE clients SET came_via = 'point' WHERE id = ?`, c);

    // March: A's visits on the 4th and the 28th, B's on the 5th, C's on the 6th and the 20th, an anonymous outreach group on the 12th.
    const a1 = addVisit(ctx, {
      date: '2024-03-04', clientId: a, siteId: cabinet,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'naloxone', direction: 'out', quantity: 1 }, { itemKey: 'filter', direction: 'out', quantity: 10 }],
      services: [{ type: 'referral', units: 1, referralTo: 'pharmacotherapy' }],
      tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }],
    });
    const b1 = addVisit(ctx, {
      date: '2024-03-05', clientId: b, siteId: cabinet,
      supplies: [{ itemKey: 'needle', direction: 'out', quantity: 3 }, { itemKey: 'water', direction: 'out', quantity: 5 }],
      services: [{ type: 'referral', units: 2, referralTo: 'gp' }, { type: 'referral', units: 1, referralTo: 'tb' }],
    });
    addVisit(ctx, {
      date: '2024-03-06', clientId: c, siteId: cabinet,
      tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }],
      services: [{ type: 'pre_test_counselling', units: 1 }],
    });
    createOutreachSession(ctx, outreachInput.parse({
      date: '2024-03-12', placeId: place, workerIds: [ctx.actor.staffId],
      contacts: [{ clientId: null, anonymousCount: 3, supplies: [{ itemKey: 'naloxone', direction: 'out', quantity: 2 }, { itemKey: 'condom', direction: 'out', quantity: 6 }] }],
    }));
    addVisit(ctx, { date: '2024-03-20', clientId: c, siteId: cabinet, tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    addVisit(ctx, { date: '2024-03-28', clientId: a, siteId: cabinet, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }, { itemKey: 'cooker', direction: 'out', quantity: 2 }] });
    // April: A on the 5th (the last), B on the 9th, C on the 2nd.
    addVisit(ctx, { date: '2024-04-02', clientId: c, siteId: cabinet, services: [{ type: 'consultation', units: 1 }] });
    addVisit(ctx, { date: '2024-04-05', clientId: a, siteId: cabinet, supplies: [{ itemKey: 'naloxone', direction: 'out', quantity: 1 }] });
    addVisit(ctx, { date: '2024-04-09', clientId: b, siteId: cabinet, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20 }] });

    // What became of the referrals: A arrived; B's gp referral not; B's tb referral not known.
    setReferralOutcome(ctx, { visitId: a1.id, referralTo: 'pharmacotherapy', outcome: 'arrived' });
    setReferralOutcome(ctx, { visitId: b1.id, referralTo: 'gp', outcome: 'not_arrived' });

    // Pharmacotherapy, dated: A in from the 4th (a visit day), out from the 25th (no visit: A's next visit is the 28th), in again
    // from 10 April (after A's last visit); C in since February (before any visit of C's).
    const change = (client: number, date: string, status: number) =>
      sql('INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at) VALUES (?, ?, ?, ?)', client, date, status, '2024-01-01T00:00:00Z');
    change(a, '2024-03-04', 1);
    change(a, '2024-03-25', 0);
    change(a, '2024-04-10', 1);
    change(c, '2024-02-15', 1);

    // Care after the positive tests: C's hepatitis C through to cured, A's HIV linked to care.
    const care = (clientId: number, infection: 'hcv' | 'hiv', step: 'linked_to_care' | 'treatment_started' | 'cured', date: string) =>
      recordCareStep(ctx, careStepInput.parse({ clientId, infection, step, date, siteId: cabinet }));
    care(c, 'hcv', 'linked_to_care', '2024-03-22');
    care(c, 'hcv', 'treatment_started', '2024-04-02');
    care(c, 'hcv', 'cured', '2024-04-20');
    care(a, 'hiv', 'linked_to_care', '2024-03-25');

    // A meeting with three institutions (three rows of one meeting), an overdose-response training with two clients
    // trained, a secondary-exchange training with one.
    for (const [institution, participants] of [['law_enforcement', 5], ['municipality', 3], ['health_care', 2]] as const) {
      createActivity(ctx, activityInput.parse({ date: '2024-03-08', type: 'meeting', title: 'Susitikimas dėl naloksono', participants, institution, siteId: cabinet }));
    }
    const od = createActivity(ctx, activityInput.parse({ date: '2024-03-15', type: 'training', title: 'Perdozavimas', participants: 4, siteId: cabinet, trainedClientIds: [a, c] })).id;
    const sx = createActivity(ctx, activityInput.parse({ date: '2024-04-03', type: 'training', title: 'Antrinis keitimas', participants: 1, siteId: cabinet, trainedClientIds: [b] })).id;
    sql(`UPDATE activities SET topic = 'overdose_response' WHERE id = ?`, od);
    sql(`UPDATE activities SET topic = 'secondary_exchange' WHERE id = ?`, sx);

    // Overdose reports: A's (naloxone by a peer, survived), an anonymous one (ambulance, died), D's (nothing known; D has no visit).
    const overdose = (date: string, clientId: number | null, values: string[], note: string | null) =>
      sql(`INSERT INTO overdoses (date, site_id, staff_id, client_id, reported_by, place, naloxone_given, naloxone_by, ambulance, outcome, note, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, date, cabinet, ctx.actor.staffId, clientId, ...values, note, '2024-04-30T00:00:00Z');
    overdose('2024-03-10', a, ['peer', 'street', 'yes', 'peer', 'no', 'survived'], 'prie stoties');
    overdose('2024-04-03', null, ['staff', 'home', 'yes', 'ambulance', 'yes', 'died'], null);
    overdose('2024-04-20', d, ['other', 'other', 'unknown', null as unknown as string, 'unknown', 'unknown'], null);
  });
  afterAll(() => {
    src.close();
    removeDir(src.dir);
  });

  it('gives every figure back, the period and each month, from CSV and from XLSX, and writes the same files again', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const { exported, answer } = await roundTrip(src.ctx, format, [['2024-03-01', '2024-04-30'], ['2024-03-01', '2024-03-31'], ['2024-04-01', '2024-04-30']]);
      // Nine visits, B's with two referral destinations written as two rows (and imported as two visits of one day).
      expect(exported.visits).toBe(9);
      expect(answer.imported).toEqual({ visits: 10, activities: 5, overdoses: 3, care: 4, clients_created: 4 });
      expect(exported.notes).toEqual([expect.stringMatching(/^1 visit\(s\) with more than one test, referral destination or outcome/)]);
    }
  });

  it('the figures the round trip keeps are the ones these records make (counted by hand)', () => {
    const r = runReport(src.ctx.store, { from: '2024-03-01', to: '2024-04-30', siteIds: [], monthly: true });
    // Only the figures the engine already gives are checked here; the round trip above compares all.
    const has = (key: string) => key in r.indicators;
    if (has('other_commodities')) expect(r.indicators.other_commodities).toMatchObject({ naloxone: 4, filter: 10, water: 5, cooker: 2 });
    // B, at the secondary-exchange training; A and C were trained in overdose response, another figure.
    if (has('clients_trained_secondary')) expect(r.indicators.clients_trained_secondary).toBe(1);
    if (has('meetings')) expect(r.indicators.meetings).toBe(1);
    if (has('meeting_participants_by_institution')) expect(r.indicators.meeting_participants_by_institution).toMatchObject({ law_enforcement: 5, municipality: 3, health_care: 2 });
    if (has('naloxone_kits_distributed')) expect(r.indicators.naloxone_kits_distributed).toBe(4);
    if (has('naloxone_recipients')) expect(r.indicators.naloxone_recipients).toBe(4);
    if (has('overdoses_reported')) expect(r.indicators.overdoses_reported).toEqual({ survived: 1, died: 1, unknown: 1 });
    if (has('referrals_by_outcome')) expect(r.indicators.referrals_by_outcome).toEqual({ arrived: 1, not_arrived: 2, unknown: 1 });
    // On 30 April A (in again from the 10th) and C are in pharmacotherapy.
    if (has('clients_in_pharmacotherapy')) expect(r.indicators.clients_in_pharmacotherapy).toBe(2);
    if (has('new_clients_by_route')) expect(r.indicators.new_clients_by_route).toEqual({ self: 1, peer: 1, point: 1, outreach: 0, referral: 0, unknown: 0 });
  });

  it('writes every new column and sheet: other items, outcomes, pharmacotherapy on the visit days, how clients came, trained codes, topics', async () => {
    const files = (await exportRegister(src.ctx.store, 'csv')).files;
    const table = (name: string) => {
      const [header, ...lines] = files.find((f) => f.name === name)!.bytes.toString('utf8').replace(/^\ufeff/, '').split('\r\n').filter((l) => l !== '');
      const cols = header.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    };
    const visits = table('visits.csv');
    const of = (code: string) => visits.filter((v) => v.client_code === code);
    // A: in on the 4th; out on the 28th (the change of the 25th, a day without a visit, on A's next visit); in again on A's
    // last visit (the change of 10 April comes after it). came_via on the first row only.
    expect(of('ONJO11985').map((v) => [v.date, v.in_pharmacotherapy, v.came_via, v.other_items])).toEqual([
      ['2024-03-04', 'yes', 'self', 'filter:10;naloxone:1'],
      ['2024-03-28', 'no', '', 'cooker:2'],
      ['2024-04-05', 'yes', '', 'naloxone:1'],
    ]);
    expect(of('ONJO11985')[0].referral_outcome).toBe('arrived');
    // B came through A; two referral destinations are two rows, the gp one not arrived, the tb one without an outcome.
    expect(of('RUTA22001').map((v) => [v.came_via, v.referred_by_code, v.referral_to, v.referral_outcome, v.in_pharmacotherapy])).toEqual([
      ['peer', 'ONJO11985', 'gp', 'not_arrived', ''],
      ['', '', 'tb', '', ''],
      ['', '', '', '', ''],
    ]);
    // C: in since February, said on C's first row.
    expect(of('PEJO11990').map((v) => v.in_pharmacotherapy)).toEqual(['yes', '', '']);
    expect(visits.find((v) => v.client_code === '')).toMatchObject({ anonymous_count: '3', other_items: 'naloxone:2', condoms: '6' });
    expect(table('activities.csv').map((a) => [a.type, a.topic, a.institution, a.participants, a.trained_codes])).toEqual([
      ['meeting', '', 'law_enforcement', '5', ''],
      ['meeting', '', 'municipality', '3', ''],
      ['meeting', '', 'health_care', '2', ''],
      ['training', 'overdose_response', '', '4', 'ONJO11985;PEJO11990'],
      ['training', 'secondary_exchange', '', '1', 'RUTA22001'],
    ]);
    expect(table('overdoses.csv')).toEqual([
      { date: '2024-03-10', client_code: 'ONJO11985', reported_by: 'peer', place: 'street', naloxone_given: 'yes', naloxone_by: 'peer', ambulance: 'no', outcome: 'survived', site: 'Kabinetas', staff: 'ona', note: 'prie stoties' },
      { date: '2024-04-03', client_code: '', reported_by: 'staff', place: 'home', naloxone_given: 'yes', naloxone_by: 'ambulance', ambulance: 'yes', outcome: 'died', site: 'Kabinetas', staff: 'ona', note: '' },
      { date: '2024-04-20', client_code: 'ZIGI11970', reported_by: 'other', place: 'other', naloxone_given: 'unknown', naloxone_by: '', ambulance: 'unknown', outcome: 'unknown', site: 'Kabinetas', staff: 'ona', note: '' },
    ]);
    expect(table('care.csv').map((k) => [k.date, k.client_code, k.infection, k.step])).toEqual([
      ['2024-03-22', 'PEJO11990', 'hcv', 'linked_to_care'],
      ['2024-03-25', 'ONJO11985', 'hiv', 'linked_to_care'],
      ['2024-04-02', 'PEJO11990', 'hcv', 'treatment_started'],
      ['2024-04-20', 'PEJO11990', 'hcv', 'cured'],
    ]);
  });

  it('imported, the records are the same records: changes on the visit days, trained clients, overdoses, care steps, routes', async () => {
    const exported = await exportRegister(src.ctx.store, 'xlsx');
    const target = await tempDb();
    try {
      const answer = await importRegister(target.ctx, exported.files.map((f) => ({ name: f.name, bytes: f.bytes })), { dryRun: false });
      expect(answer.errors).toEqual([]);
      expect(rowsOf(target, `SELECT c.code, x.date, x.status FROM pharmacotherapy_changes x JOIN clients c ON c.id = x.client_id ORDER BY c.code, x.date`)).toEqual([
        { code: 'ONJO11985', date: '2024-03-04', status: 1 },
        { code: 'ONJO11985', date: '2024-03-28', status: 0 },
        { code: 'ONJO11985', date: '2024-04-05', status: 1 },
        { code: 'PEJO11990', date: '2024-03-06', status: 1 },
      ]);
      // The status today (the tests' today is 2024-06-30), as the desk shows it.
      expect(rowsOf(target, `SELECT code, in_pharmacotherapy, came_via, referred_by_code FROM clients ORDER BY code`)).toEqual([
        { code: 'ONJO11985', in_pharmacotherapy: 1, came_via: 'self', referred_by_code: null },
        { code: 'PEJO11990', in_pharmacotherapy: 1, came_via: 'point', referred_by_code: null },
        { code: 'RUTA22001', in_pharmacotherapy: 0, came_via: 'peer', referred_by_code: 'ONJO11985' },
        { code: 'ZIGI11970', in_pharmacotherapy: 0, came_via: 'unknown', referred_by_code: null },
      ]);
      const same = (sql: string) => expect(rowsOf(target, sql)).toEqual(rowsOf(src, sql));
      same(`SELECT a.date, a.type, a.topic, a.title, a.participants, a.institution, (SELECT group_concat(c.code, ';') FROM (SELECT c.code FROM activity_clients ac
        JOIN clients c ON c.id = ac.client_id WHERE ac.activity_id = a.id ORDER BY c.code) c) AS trained FROM activities a ORDER BY a.date, a.id`);
      same(`SELECT o.date, c.code, o.reported_by, o.place, o.naloxone_given, o.naloxone_by, o.ambulance, o.outcome, o.note, s.name AS site
        FROM overdoses o LEFT JOIN clients c ON c.id = o.client_id LEFT JOIN sites s ON s.id = o.site_id ORDER BY o.date`);
      same(`SELECT k.date, c.code, k.infection, k.step FROM care_steps k JOIN clients c ON c.id = k.client_id ORDER BY k.date, c.code`);
      same(`SELECT v.date, c.code, i.key, l.direction, l.quantity FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id
        LEFT JOIN clients c ON c.id = v.client_id WHERE i.category = 'other' ORDER BY v.date, i.key`);
      same(`SELECT v.date, c.code, l.referral_to, l.units, l.referral_outcome FROM service_lines l JOIN visits v ON v.id = l.visit_id
        LEFT JOIN clients c ON c.id = v.client_id WHERE l.type = 'referral' ORDER BY v.date, l.referral_to`);
    } finally {
      target.close();
      removeDir(target.dir);
    }
  });
});

describe('round trip of what a client took for peers outside a secondary pick-up', () => {
  let src: TempDb;
  let cabinet: number;
  const peersOf = (ctx: Ctx) => runReport(ctx.store, { from: '2024-05-01', to: '2024-05-31', siteIds: [], monthly: false }).indicators;
  beforeAll(async () => {
    src = await tempDb();
    const ctx = src.ctx;
    cabinet = saveSite(ctx, siteInput.parse({ name: 'Kabinetas', kind: 'cabinet' })).id;
    const client = (code: string, sex: 'male' | 'female', birthYear: number) =>
      registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects: 'yes', confirmNotDuplicate: true })).id;
    const p = client('PEJO11980', 'male', 1980);
    const q = client('QUGE21985', 'female', 1985);
    // P at the desk: own syringes and some taken back, naloxone for themself and two kits marked for peers (the history's "taken for peers").
    addVisit(ctx, {
      date: '2024-05-06', clientId: p, siteId: cabinet,
      supplies: [
        { itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'in', quantity: 8 },
        { itemKey: 'naloxone', direction: 'out', quantity: 1 }, { itemKey: 'naloxone', direction: 'out', quantity: 2, forPeers: true },
      ],
    });
    // Q at the desk: only syringes for peers (nothing of Q's own exchange), and a consultation.
    addVisit(ctx, {
      date: '2024-05-07', clientId: q, siteId: cabinet,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20, forPeers: true }, { itemKey: 'alcohol_pad', direction: 'out', quantity: 5, forPeers: true }],
      services: [{ type: 'consultation', units: 1 }],
    });
  });
  afterAll(() => {
    src.close();
    removeDir(src.dir);
  });

  it('writes what was taken for peers on an extra row of kind secondary, so the peers and every other figure come back', async () => {
    const before = peersOf(src.ctx);
    expect(before.secondary_exchange_peers).toBe(2);
    expect(before.svc_nsp_exchange).toBe(2);
    for (const format of ['csv', 'xlsx'] as const) {
      const { exported, answer } = await roundTrip(src.ctx, format, [['2024-05-01', '2024-05-31']]);
      expect(exported.rows).toBe(4);
      expect(answer.imported.visits).toBe(4);
      expect(exported.notes).toEqual([expect.stringMatching(/^2 visit\(s\) where a client took equipment for peers outside a secondary-exchange visit are written with an extra row of kind secondary/)]);
    }
    const files = (await exportRegister(src.ctx.store, 'csv')).files;
    const [header, ...lines] = files[0].bytes.toString('utf8').replace(/^\ufeff/, '').split('\r\n').filter((l) => l !== '');
    const cols = header.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    expect(rows.map((r) => [r.date, r.client_code, r.kind, r.syringes_out, r.syringes_in, r.alcohol_pads, r.other_items, r.consultation])).toEqual([
      // P's exchange stays on the desk's row (moving the syringes would make a second exchange record); the kits for peers move.
      ['2024-05-06', 'PEJO11980', 'cabinet', '10', '8', '', 'naloxone:1', ''],
      ['2024-05-06', 'PEJO11980', 'secondary', '', '', '', 'naloxone:2', ''],
      // Nothing of Q's own was exchanged: all Q took for peers moves.
      ['2024-05-07', 'QUGE21985', 'cabinet', '', '', '', '', '1'],
      ['2024-05-07', 'QUGE21985', 'secondary', '20', '', '5', '', ''],
    ]);
  });

  it('says so when the mark cannot be carried: syringes for peers beside the client\'s own exchange, and nothing else for peers', async () => {
    const r = registerClient(src.ctx, registerClientInput.parse({ code: 'RUTA21990', sex: 'female', birthYear: 1990, injects: 'yes', confirmNotDuplicate: true })).id;
    addVisit(src.ctx, {
      date: '2024-05-08', clientId: r, siteId: cabinet,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'out', quantity: 5, forPeers: true }],
    });
    const exported = await exportRegister(src.ctx.store, 'csv');
    expect(exported.rows).toBe(5);
    expect(exported.notes).toEqual([
      '1 supply line(s) marked "for peers" outside a secondary-exchange visit are exported without that mark.',
      expect.stringMatching(/^2 visit\(s\) where a client took equipment for peers/),
    ]);
  });
});
