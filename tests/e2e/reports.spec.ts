// The report screen against the engine: every figure of a seeded quarter as reports.run counts
// it, the same with a site filter, the monthly charts, and the donor workbook downloaded and
// read back.
import ExcelJS from 'exceljs';
import { test, expect } from './fixtures';
import { core, ltNumber, openScreen, seedDesk, shotBoth } from './helpers';
import type { Bridge } from '../bridge/server';
import type { Page } from '@playwright/test';
import { INDICATORS } from '../../shared/indicators';
import type { ReportOutput } from '../../shared/report-schemas';

/** A quarter of work (July–September 2026) at a cabinet, in outreach and in the arrest house. */
async function seedQuarter(bridge: Bridge) {
  const { cabinetId, clients } = await seedDesk(bridge);
  await core(bridge, 'settings.update', { cabinetName: 'Vilniaus žemo slenksčio kabinetas', pwidPopulationEstimate: 150 });
  const place = await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  const point = await core(bridge, 'sites.save', { name: 'Naujininkų punktas', kind: 'point' });
  const arrest = await core(bridge, 'sites.save', { name: 'Vilniaus areštinė', kind: 'arrest_house' });
  const staff = await core(bridge, 'staff.add', { userName: 'ona', displayName: 'Ona Darbuotoja', role: 'social_worker', password: 'ona-slaptas-1' });
  const extra = (await core(bridge, 'clients.register', { code: 'LAMA21995', sex: 'female', birthYear: 1995, injects: 'no' })).id;
  const exchange = (out: number, back: number) => [
    { itemKey: 'syringe', direction: 'out' as const, quantity: out },
    ...(back > 0 ? [{ itemKey: 'syringe', direction: 'in' as const, quantity: back }] : []),
    { itemKey: 'alcohol_pad', direction: 'out' as const, quantity: out },
  ];
  const days: Array<[string, number, number, number]> = [
    ['2026-07-02', clients.ONJO11985, 20, 18], ['2026-07-09', clients.ONJO11985, 20, 20], ['2026-07-16', clients.ONJO11985, 30, 25],
    ['2026-07-20', clients.JUPE21990, 10, 0], ['2026-08-04', clients.ONJO11985, 40, 35], ['2026-08-11', clients.RUTA11979, 15, 15],
    ['2026-08-25', clients.JUPE21990, 10, 10], ['2026-09-01', clients.ONJO11985, 25, 30], ['2026-09-15', clients.RUTA11979, 10, 5],
  ];
  for (const [date, clientId, out, back] of days) {
    await core(bridge, 'visits.create', {
      date, clientId, siteId: cabinetId, supplies: exchange(out, back),
      services: [{ type: 'consultation', units: 1 }, ...(date.endsWith('-04') ? [{ type: 'referral' as const, units: 1, referralTo: 'hiv_care' as const }] : [])],
    });
  }
  await core(bridge, 'visits.create', {
    date: '2026-08-18', clientId: extra, siteId: cabinetId, kind: 'medical',
    services: [{ type: 'wound_care', units: 1 }, { type: 'pre_test_counselling', units: 1 }],
    tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }],
  });
  await core(bridge, 'visits.create', {
    date: '2026-09-10', siteId: arrest.id, kind: 'arrest_house',
    tests: [{ type: 'rapid_hiv', testedPerson: 'arrestee', results: { hiv: 'negative', hbv: null, hcv: null } }],
  });
  await core(bridge, 'outreach.create', {
    date: '2026-08-20', placeId: place.id, workerIds: [staff.id],
    contacts: [{ clientId: clients.RUTA11979, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] }, { anonymousCount: 4, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 8 }] }],
  });
  await core(bridge, 'secondary.record', { date: '2026-09-22', clientId: clients.JUPE21990, siteId: point.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 50 }], report: { pointId: point.id, peersStreet: 6, peersPoints: 9 } });
  await core(bridge, 'activities.create', { date: '2026-09-14', type: 'meeting', title: 'Savivaldybės sveikatos komitetas', participants: 12, institution: 'municipality' });
  await core(bridge, 'projects.save', { title: 'ŽIV prevencija tarp švirkščiamųjų narkotikų vartotojų', donor: 'UNODC', from: '2026-07-01', to: '2026-09-30', budgetMinor: 1_400_000, currency: 'EUR' });
  return { cabinetId };
}

/** What the table should say for every figure and part, written as the screen writes Lithuanian numbers. */
function expectedCells(report: ReportOutput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of INDICATORS) {
    const v = report.indicators[def.key];
    if (v === null || v === undefined) out[`value-${def.key}`] = '—';
    else if (typeof v === 'number') out[`value-${def.key}`] = ltNumber(v, def.decimal ? 1 : 0);
    else for (const [part, n] of Object.entries(v)) out[`value-${def.key}.${part}`] = ltNumber(n);
  }
  return out;
}

/** The figures the table shows, by test id (a badge or a reason before the number is left out). */
async function shownCells(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-testid^="value-"]')].map((el) => {
        const text = (el.textContent ?? '').trim();
        return [el.dataset.testid ?? '', text.endsWith('—') ? '—' : (text.match(/[\d\s\u00a0\u202f,.-]+$/)?.[0] ?? text).trim()];
      }),
    ),
  );
}

test('reports: a quarter shows every figure as the engine counts it, with a site filter too, and the monthly trend', async ({ page, bridge }) => {
  const { cabinetId } = await seedQuarter(bridge);
  await page.goto(bridge.url);
  await openScreen(page, 'Ataskaitos');
  await page.getByRole('radiogroup', { name: 'Laikotarpis' }).getByText('Ketvirtis').click();
  await page.getByRole('combobox', { name: 'Metai' }).click();
  await page.getByRole('option', { name: '2026' }).click();
  await page.getByRole('combobox', { name: 'Ketvirtis' }).click();
  await page.getByRole('option', { name: '3 ketvirtis' }).click();
  await expect(page.getByTestId('report-period')).toHaveText('2026-07-01 – 2026-09-30');

  const all = await core(bridge, 'reports.run', { from: '2026-07-01', to: '2026-09-30', monthly: true });
  await expect(page.getByTestId('value-syringes_distributed')).toHaveText(ltNumber(all.indicators.syringes_distributed as number));
  expect(await shownCells(page)).toEqual(expectedCells(all));
  // The rule in force and the coverage level, as the engine states them.
  await expect(page.getByTestId('regular-rule')).toContainText(`bent ${all.rules.regular_min_visit_days} apsilankymo dienos`);
  await expect(page.getByTestId('coverage-rule')).toContainText(all.rules.coverage_level === 'high' ? 'aukšta' : all.rules.coverage_level === 'low' ? 'žema' : 'vidutinė');
  await shotBoth(page, '25-reports');

  await page.getByRole('tab', { name: 'Tendencijos pagal mėnesius' }).click();
  for (const id of ['chart-visits', 'chart-participants', 'chart-syringes', 'chart-tests']) await expect(page.getByTestId(id).locator('svg.recharts-surface').first()).toBeVisible();
  // Three months, a bar each for the visit-days.
  await expect(page.getByTestId('chart-visits').locator('.recharts-bar-rectangle')).toHaveCount(3);
  await shotBoth(page, '26-reports-trend');

  // Only the cabinet: the figures change, and still match the engine.
  await page.getByRole('tab', { name: 'Rodikliai' }).click();
  await page.getByRole('combobox', { name: 'Vietos' }).click();
  await page.getByRole('option', { name: 'Kabinetas, Vilniaus g. 1' }).click();
  await page.keyboard.press('Escape');
  const cabinet = await core(bridge, 'reports.run', { from: '2026-07-01', to: '2026-09-30', siteIds: [cabinetId], monthly: true });
  expect(cabinet.indicators.syringes_distributed).not.toBe(all.indicators.syringes_distributed);
  await expect(page.getByTestId('value-syringes_distributed')).toHaveText(ltNumber(cabinet.indicators.syringes_distributed as number));
  expect(await shownCells(page)).toEqual(expectedCells(cabinet));
});

test("reports: the project's period, and the donor and municipal workbooks downloaded hold the engine's numbers", async ({ page, bridge }) => {
  await seedQuarter(bridge);
  await page.goto(bridge.url);
  await openScreen(page, 'Ataskaitos');
  await page.getByRole('radiogroup', { name: 'Laikotarpis' }).getByText('Projektas').click();
  await expect(page.getByRole('combobox', { name: 'Projektas' })).toHaveValue('ŽIV prevencija tarp švirkščiamųjų narkotikų vartotojų');
  await expect(page.getByTestId('report-period')).toHaveText('2026-07-01 – 2026-09-30');
  const expected = await core(bridge, 'reports.run', { from: '2026-07-01', to: '2026-09-30' });
  await expect(page.getByTestId('value-clients')).toHaveText(ltNumber(expected.indicators.clients as number));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Rėmėjui' }).click()]);
  expect(download.suggestedFilename()).toBe('slenkstis-donor-2026-07-01-2026-09-30.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.getWorksheet('Ataskaita');
  expect(sheet).toBeDefined();
  const byLabel = new Map<string, unknown>();
  sheet!.eachRow((row) => {
    const label = row.getCell(2).value;
    // One language per workbook: the label in column B, the value in C.
    if (typeof label === 'string') byLabel.set(label.trim(), row.getCell(3).value);
  });
  expect(byLabel.get('Išdalytų švirkštų skaičius')).toBe(expected.indicators.syringes_distributed);
  expect(byLabel.get('Klientų skaičius')).toBe(expected.indicators.clients);
  expect(sheet!.getCell('A2').value).toBe('Projektas: ŽIV prevencija tarp švirkščiamųjų narkotikų vartotojų');
  await expect(page.getByText('Atsisiųsta: slenkstis-donor-2026-07-01-2026-09-30.xlsx')).toBeVisible();

  const [municipal] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Savivaldybei' }).click()]);
  expect(municipal.suggestedFilename()).toMatch(/^slenkstis-municipal-2026-07-01-2026-09-30\.xlsx$/);
  const mw = new ExcelJS.Workbook();
  await mw.xlsx.readFile(await municipal.path());
  expect(mw.worksheets.length).toBeGreaterThan(1);
});
