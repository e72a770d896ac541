// Data in and out: the register import wizard (a bad file refused with its rows listed and
// nothing written; a good one checked, previewed and imported), the register export and the
// DHIS2 export as downloads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, openScreen, seedDesk, shotBoth } from './helpers';
import { englishWords } from '../lt-words';

const GOOD = [
  'date,client_code,sex,birth_year,injects,kind,syringes_out,syringes_in,consultation',
  '2026-10-05,ABCD11980,male,1980,yes,cabinet,10,8,1',
  '2026-10-06,EFGH21985,female,1985,yes,cabinet,5,,1',
  '2026-10-07,,,,,outreach,3,,',
].join('\n');

// Row 2: a single-letter sex; row 3: no such date; row 4: a negative count.
const BAD = [
  'date,client_code,sex,birth_year,syringes_out',
  '2026-10-05,IJKL11990,M,1990,10',
  '2026-13-01,MNOP21991,male,1991,5',
  '2026-10-07,QRST11992,female,1992,-3',
].join('\n');

async function chooseFile(page: Page, label: string, path: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: label }).click()]);
  await chooser.setFiles(path);
}

test('register import: a bad file is refused with every bad row listed and nothing written; a good one is checked, then imported once', async ({ page, bridge, dbDir }) => {
  await seedDesk(bridge);
  const bad = join(dbDir, 'registras-blogas.csv');
  const good = join(dbDir, 'registras-spalis.csv');
  writeFileSync(bad, BAD);
  writeFileSync(good, GOOD);
  const before = await core(bridge, 'reports.run', { from: '2026-01-01', to: '2026-12-31' });

  await page.goto(bridge.url);
  await openScreen(page, 'Duomenys');
  await chooseFile(page, 'Registro failai', bad);
  await page.getByRole('button', { name: 'Tikrinti' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Rasta klaidų' })).toContainText('Nebus importuota nieko');
  const expected = await core(bridge, 'register.check', { files: [{ name: 'registras-blogas.csv', dataBase64: Buffer.from(BAD).toString('base64') }] });
  expect(expected.errors.map((e) => e.row)).toEqual(expect.arrayContaining([2, 3, 4]));
  const rows = page.getByTestId('import-errors').locator('tbody tr');
  await expect(rows).toHaveCount(expected.errors.length);
  for (const [i, e] of expected.errors.entries()) {
    await expect(rows.nth(i)).toContainText(String(e.row));
    if (e.column) await expect(rows.nth(i)).toContainText(e.column);
    await expect(rows.nth(i)).toContainText(e.message);
  }
  await expect(page.getByRole('button', { name: 'Importuoti', exact: true })).toHaveCount(0);
  await page.waitForTimeout(300); // the step's check mark pops in
  await shotBoth(page, '27-import-errors');
  // Nothing was written.
  expect((await core(bridge, 'clients.search', { query: 'IJKL' })).length).toBe(0);
  expect(await core(bridge, 'reports.run', { from: '2026-01-01', to: '2026-12-31' })).toEqual(before);

  await page.getByRole('button', { name: 'Pasirinkti kitus failus' }).click();
  await chooseFile(page, 'Registro failai', good);
  await page.getByRole('button', { name: 'Tikrinti' }).click();
  await expect(page.getByText('Klaidų nerasta')).toBeVisible();
  await expect(page.getByTestId('import-counts')).toContainText('Apsilankymai: 3');
  await expect(page.getByTestId('import-counts')).toContainText('Nauji klientai: 2');
  // The check wrote nothing either.
  expect((await core(bridge, 'clients.search', { query: 'ABCD' })).length).toBe(0);
  await page.waitForTimeout(300); // the step's check mark pops in
  await shotBoth(page, '28-import-check');
  await page.getByRole('button', { name: 'Importuoti', exact: true }).click();
  await expect(page.getByTestId('import-done')).toContainText('Apsilankymai: 3');
  expect((await core(bridge, 'clients.search', { query: 'ABCD' })).map((c) => c.code)).toEqual(['ABCD11980']);
  const after = await core(bridge, 'reports.run', { from: '2026-10-01', to: '2026-10-31' });
  expect(after.indicators.syringes_distributed).toBe(18);

  // The same file twice is refused.
  await page.getByRole('button', { name: 'Importuoti kitus failus' }).click();
  await chooseFile(page, 'Registro failai', good);
  await page.getByRole('button', { name: 'Tikrinti' }).click();
  await expect(page.getByTestId('import-errors')).toContainText('jau importuotas');
});

// Every kind of row problem a register file commonly has, and two warnings (a new site, a repeated row).
const MIXED = [
  'date,client_code,sex,birth_year,site,syringes_out,syringes_ot,note',
  '2026-10-05,IJKL11990,M,1990,Naujas punktas,10,,',
  '2026-13-01,MNOP21991,male,1991,,5,,',
  '2026-10-07,QRST11992,female,1992,,-3,,tel. 861234567',
  '2026-10-08,UVWX11993,male,1850,,2.5,,',
  '2026-10-09,,male,,,1,,',
  '2026-10-09,,male,,,1,,',
].join('\n');

test('register import in Lithuanian: every error and warning the wizard lists is said in Lithuanian, the column and row named', async ({ page, bridge, dbDir }) => {
  await seedDesk(bridge);
  const file = join(dbDir, 'registras-klaidos.csv');
  writeFileSync(file, MIXED);
  await page.goto(bridge.url);
  await openScreen(page, 'Duomenys');
  await chooseFile(page, 'Registro failai', file);
  await page.getByRole('button', { name: 'Tikrinti' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Rasta klaidų' })).toContainText('Nebus importuota nieko');
  const errors = page.getByTestId('import-errors').locator('tbody tr');
  await expect(errors.first()).toBeVisible();
  await expect(page.getByTestId('import-errors')).toContainText('Stulpelio „syringes_ot“ nėra lapo „visits“ stulpelių sąraše (gal turėta omenyje „syringes_out“?)');
  await expect(page.getByTestId('import-errors')).toContainText('yra viena raidė');
  await expect(page.getByTestId('import-errors')).toContainText('nėra data, užrašyta MMMM-MM-DD forma');
  await expect(page.getByTestId('import-errors')).toContainText('yra neigiamas: kiekiai yra sveikieji skaičiai');
  await expect(page.getByTestId('import-errors')).toContainText('yra telefono numeris');
  await expect(page.getByTestId('import-errors')).toContainText('yra ankstesni nei 1900 metai');
  const said = [
    ...(await page.getByTestId('import-errors').locator('tbody tr td:last-child').allTextContents()),
    ...(await page.getByTestId('import-warnings').locator('tbody tr td:last-child').allTextContents()),
  ];
  expect(said.length).toBeGreaterThanOrEqual(7);
  for (const message of said) expect(englishWords(message), message).toEqual([]);
  // What the wizard lists is what the core answered, word for word.
  const answer = await core(bridge, 'register.check', { files: [{ name: 'registras-klaidos.csv', dataBase64: Buffer.from(MIXED).toString('base64') }] });
  expect(said).toEqual([...answer.errors, ...answer.warnings].map((p) => p.message));
  await page.waitForTimeout(300); // the step's check mark pops in
  await shotBoth(page, '27b-import-errors-lt');
});

test('register export and DHIS2: the files download and hold what the core counts', async ({ page, bridge }) => {
  const { cabinetId, clients } = await seedDesk(bridge);
  for (const [date, out] of [['2026-10-02', 20], ['2026-10-16', 30]] as const) {
    await core(bridge, 'visits.create', { date, clientId: clients.ONJO11985, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: out }] });
  }
  await page.goto(bridge.url);
  await openScreen(page, 'Duomenys');

  await page.getByRole('tab', { name: 'Registro eksportas' }).click();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportuoti registrą' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const visits = wb.getWorksheet('visits');
  expect(visits?.rowCount).toBe(3);
  await expect(page.getByTestId('export-done')).toContainText('Apsilankymai: 2');
  await shotBoth(page, '29-register-export');

  await page.getByRole('tab', { name: 'DHIS2 eksportas' }).click();
  await chooseFile(page, 'Susiejimo failas (JSON)', 'docs/dhis2-mapping.example.json');
  await expect(page.getByTestId('dhis2-mapping')).toContainText('DiszpKrYNg8');
  await page.getByLabel('Nuo').last().fill('2026-10-01');
  await page.getByLabel('Iki').last().fill('2026-10-31');
  await page.keyboard.press('Escape');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Sukurti DHIS2 failą' }).click()]);
  expect(json.suggestedFilename()).toBe('dhis2-DiszpKrYNg8-2026-10-01-2026-10-31.json');
  const payload = JSON.parse(readFileSync(await json.path(), 'utf8')) as { dataValues: Array<{ dataElement: string; period: string; value: string }> };
  const mapping = JSON.parse(readFileSync('docs/dhis2-mapping.example.json', 'utf8')) as Parameters<typeof core<'dhis2.export'>>[2]['mapping'];
  const expected = await core(bridge, 'dhis2.export', { from: '2026-10-01', to: '2026-10-31', mapping });
  expect(payload).toEqual(expected.payload);
  expect(payload.dataValues.find((v) => v.dataElement === 'SlnkSyr0001')).toMatchObject({ period: '202610', value: '50' });
  await expect(page.getByTestId('dhis2-done')).toContainText('202610');
  await shotBoth(page, '30-dhis2');
});
