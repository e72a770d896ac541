// "Explain this number" through the Core door (issue 18): reports.explain and reports.explainXlsx
// are the manager's (reports are), refuse a part the figure does not have in the asker's language
// naming it, and answer lists whose counts add up to the figure; the workbook opens with exceljs
// and its rows add up to the figure too. Expected numbers are worked out by hand from the visits
// seeded below (indicators.md's words), never taken from the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Core } from '../../db/core';
import { UNITS } from '../../db/reports/explain';
import { EXPLAIN_UNITS, explainOutput, type CountExplanationOutput } from '../../shared/report-schemas';
import { attempt, must, newCabinet } from './helpers';
import { englishWords } from '../lt-words';

const TODAY = '2026-11-20';
const OCT = { from: '2026-10-01', to: '2026-10-31' };

let dbPath: string;
let manager: Core;
let cabinetId: number;
let mobileId: number;

beforeAll(async () => {
  const cab = await newCabinet({ today: () => TODAY });
  manager = cab.core;
  dbPath = cab.dbPath;
  cabinetId = cab.cabinet.id;
  mobileId = (await must(manager, 'sites.save', { name: 'Mobilus kabinetas', kind: 'mobile' })).id;
  await must(manager, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
  await must(manager, 'staff.add', { userName: 'gydytoja', displayName: 'Dr. Rūta', role: 'medical', password: 'doctor-pass-1' });
  const a = (await must(manager, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 })).id;
  const b = (await must(manager, 'clients.register', { code: 'JUPE21990', sex: 'female', birthYear: 1990 })).id;
  const syringes = (out: number, back = 0) => [
    { itemKey: 'syringe', direction: 'out' as const, quantity: out },
    ...(back > 0 ? [{ itemKey: 'syringe', direction: 'in' as const, quantity: back }] : []),
  ];
  // September: outside the period.
  await must(manager, 'visits.create', { date: '2026-09-30', clientId: a, siteId: cabinetId, supplies: syringes(100) });
  // October: 10 + 20 + 5 at the cabinet, 7 in the mobile cabinet; a voided 50 that counts nowhere.
  await must(manager, 'visits.create', { date: '2026-10-02', clientId: a, siteId: cabinetId, supplies: syringes(10, 8), services: [{ type: 'consultation', units: 1 }] });
  await must(manager, 'visits.create', { date: '2026-10-09', clientId: a, siteId: cabinetId, supplies: syringes(20) });
  await must(manager, 'visits.create', { date: '2026-10-15', clientId: b, siteId: cabinetId, supplies: syringes(5) });
  await must(manager, 'visits.create', { date: '2026-10-23', clientId: a, siteId: mobileId, supplies: syringes(7) });
  const voided = await must(manager, 'visits.create', { date: '2026-10-21', clientId: b, siteId: cabinetId, supplies: syringes(50) });
  await must(manager, 'visits.void', { id: voided.id, reason: 'įrašyta per klaidą' });
  // One combined test and one rapid HIV test (medical visits; the manager may record them).
  await must(manager, 'visits.create', { date: '2026-10-20', clientId: b, siteId: cabinetId, kind: 'medical', tests: [{ type: 'combined' }] });
  await must(manager, 'visits.create', { date: '2026-10-27', clientId: a, siteId: cabinetId, kind: 'medical', tests: [{ type: 'rapid_hiv' }] });
  await must(manager, 'session.setLanguage', { language: 'lt' });
});

afterAll(() => manager.close());

async function loginAs(userName: string, password: string): Promise<Core> {
  const core = new Core(join(dbPath), { today: () => TODAY });
  await must(core, 'session.login', { userName, password });
  await must(core, 'session.setLanguage', { language: 'lt' });
  return core;
}

const sum = (e: CountExplanationOutput) => e.rows.reduce((a, r) => a + r.count, 0);

describe('reports.explain through the Core', () => {
  it('the units of the schema are the explainer\'s (shared/ cannot import db/, so the list is said twice)', () => {
    expect([...EXPLAIN_UNITS]).toEqual([...UNITS]);
  });

  it('lists the syringes of the period line by line, adding up to the figure the report shows', async () => {
    const e = await must(manager, 'reports.explain', { ...OCT, key: 'syringes_distributed' });
    expect(explainOutput.safeParse(e).success).toBe(true);
    if (e.kind !== 'count') throw new Error('a count');
    // 10 + 20 + 5 + 7 (September's 100 and the voided 50 left out).
    expect(e.total).toBe(42);
    expect(e.figure).toBe(42);
    expect(sum(e)).toBe(42);
    expect(e.rows.map((r) => [r.clientCode, r.date, r.count])).toEqual([
      ['ONJO11985', '2026-10-02', 10], ['JUPE21990', '2026-10-15', 5], ['ONJO11985', '2026-10-09', 20], ['ONJO11985', '2026-10-23', 7],
    ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))));
    expect(e.rowsLeftOff).toBe(0);
    expect(e.label.lt).toBe('Išdalytų švirkštų skaičius');
    expect(e.definition.lt).toMatch(/švirkšt/);
    const report = await must(manager, 'reports.run', OCT);
    expect(report.indicators.syringes_distributed).toBe(42);

    // The cabinet only: the mobile cabinet's 7 left out, and the site named.
    const cabinet = await must(manager, 'reports.explain', { ...OCT, siteIds: [cabinetId], key: 'syringes_distributed' });
    if (cabinet.kind !== 'count') throw new Error('a count');
    expect(cabinet.total).toBe(35);
    expect(cabinet.sites).toEqual(['Kabinetas']);
  });

  it('a distinct-clients figure: one row per client on the first day, cut by the limit with the rest counted', async () => {
    const e = await must(manager, 'reports.explain', { ...OCT, key: 'clients' });
    if (e.kind !== 'count') throw new Error('a count');
    expect(e.rows.map((r) => [r.clientCode, r.date, r.count])).toEqual([['ONJO11985', '2026-10-02', 1], ['JUPE21990', '2026-10-15', 1]]);
    const cut = await must(manager, 'reports.explain', { ...OCT, key: 'clients', limit: 1 });
    if (cut.kind !== 'count') throw new Error('a count');
    expect(cut.rows).toHaveLength(1);
    expect(cut.rowsLeftOff).toBe(1);
    expect(cut.total).toBe(2);
  });

  it('a split figure part by part, and a derived one by its numerator and denominator', async () => {
    const combined = await must(manager, 'reports.explain', { ...OCT, key: 'tests_by_type', part: 'combined' });
    if (combined.kind !== 'count') throw new Error('a count');
    expect(combined.total).toBe(1);
    expect(combined.partLabel?.lt).toBeTruthy();
    const all = await must(manager, 'reports.explain', { ...OCT, key: 'tests_by_type' });
    if (all.kind !== 'count') throw new Error('a count');
    expect(all.total).toBe(2);
    expect(new Set(all.rows.map((r) => r.part))).toEqual(new Set(['combined', 'rapid_hiv']));

    // 42 syringes over 2 participants (both exchanged syringes in October).
    const per = await must(manager, 'reports.explain', { ...OCT, key: 'syringes_per_participant' });
    if (per.kind !== 'derived') throw new Error('derived');
    expect(per.figure).toBe(21);
    expect(per.components.map((c) => [c.role, c.explanation.total])).toEqual([['numerator', 42], ['denominator', 2]]);
    expect(per.rows).toEqual([]);
  });

  it('is the manager\'s: a social worker and a doctor are refused, both the list and the workbook', async () => {
    for (const [user, password] of [['ona', 'worker-pass-1'], ['gydytoja', 'doctor-pass-1']]) {
      const core = await loginAs(user, password);
      for (const channel of ['reports.explain', 'reports.explainXlsx'] as const) {
        const r = await attempt(core, channel, { ...OCT, key: 'clients' });
        expect(r.ok, `${user} ${channel}`).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('forbidden');
      }
      core.close();
    }
  });

  it('a part the figure does not have is refused in Lithuanian, naming the part and the figure', async () => {
    for (const channel of ['reports.explain', 'reports.explainXlsx'] as const) {
      const r = await attempt(manager, channel, { ...OCT, key: 'tests_by_type', part: 'spaceship' });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('validation');
      expect(r.error.field).toBe('part');
      expect(r.error.message).toContain('„spaceship“');
      expect(r.error.message).toContain('Atlikti testai');
      expect(englishWords(r.error.message), r.error.message).toEqual([]);
    }
    // A figure without parts has none to choose.
    const whole = await attempt(manager, 'reports.explain', { ...OCT, key: 'clients', part: 'combined' });
    expect(whole.ok).toBe(false);
    if (!whole.ok) expect(whole.error.message).toContain('Klientų skaičius');
    // A site that does not exist, a key that is not a figure, a period backwards.
    const site = await attempt(manager, 'reports.explain', { ...OCT, siteIds: [9999], key: 'clients' });
    expect(site.ok).toBe(false);
    if (!site.ok) expect(site.error.code).toBe('not_found');
    expect((await attempt(manager, 'reports.explain', { ...OCT, key: 'no_such_figure' })).ok).toBe(false);
    expect((await attempt(manager, 'reports.explain', { from: OCT.to, to: OCT.from, key: 'clients' })).ok).toBe(false);
    // The English session hears it in English.
    await must(manager, 'session.setLanguage', { language: 'en' });
    const en = await attempt(manager, 'reports.explain', { ...OCT, key: 'tests_by_type', part: 'spaceship' });
    await must(manager, 'session.setLanguage', { language: 'lt' });
    if (!en.ok) expect(en.error.message).toContain('"Tests performed" has no part "spaceship"');
    else throw new Error('refused');
  });

  it('the workbook opens with exceljs and its rows add up to the figure', async () => {
    const file = await must(manager, 'reports.explainXlsx', { ...OCT, key: 'syringes_distributed' });
    expect(file.name).toBe('slenkstis-syringes_distributed-2026-10-01-2026-10-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const rows = listRows(sheet);
    expect(rows.map((r) => r.count).reduce((a, b) => a + b, 0)).toBe(42);
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.code === 'ONJO11985').map((r) => r.count).sort((x, y) => x - y)).toEqual([7, 10, 20]);
    // The definition on top, in Lithuanian by default.
    expect(sheet.getCell('A1').value).toBe('Rodiklis');
    expect(sheet.getCell('B1').value).toBe('Išdalytų švirkštų skaičius');

    // A derived figure: a sheet per component, each adding up to its count.
    const per = await must(manager, 'reports.explainXlsx', { ...OCT, key: 'syringes_per_participant', language: 'en' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(per.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb2.worksheets.map((w) => w.name)).toEqual(['Explanation', 'Numerator', 'Denominator']);
    expect(listRows(wb2.getWorksheet('Numerator')!, 'Client code').reduce((a, r) => a + r.count, 0)).toBe(42);
    expect(listRows(wb2.getWorksheet('Denominator')!, 'Client code').map((r) => r.code)).toEqual(['ONJO11985', 'JUPE21990']);
  });
});

/** The list's rows of a sheet: after the header row (its first cell `header`), up to the total row (no date). */
function listRows(sheet: ExcelJS.Worksheet, header = 'Kliento kodas'): Array<{ code: string; count: number }> {
  const out: Array<{ code: string; count: number }> = [];
  let inList = false;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === header) {
      inList = true;
      return;
    }
    if (!inList || !row.getCell(2).value) return;
    out.push({ code: String(row.getCell(1).value ?? ''), count: Number(row.getCell(6).value) });
  });
  expect(inList, `no header "${header}"`).toBe(true);
  return out;
}
