// The report screen (issue 18): "Iš ko susideda šis skaičius" opened from a figure, a part and a
// ratio, by mouse and by keyboard, its rows adding up to the figure and its workbook downloaded;
// and the screen printed to PDF (Chromium's page.pdf, print media): the period, the sites, the
// rules and the definitions on paper, no navigation or buttons, no group of figures split across
// two pages. The PDF's pages are rendered to docs/screenshots/report-print-*.png when poppler's
// pdftoppm is installed, and its text read with pdftotext when that is.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, ltNumber, openScreen, seedDesk, shotBoth } from './helpers';
import type { Bridge } from '../bridge/server';
import { INDICATORS } from '../../shared/indicators';

const has = (tool: string): boolean => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A quarter (July–September 2026): syringes at the cabinet over three months, a test, an outreach contact. */
async function seedQuarter(bridge: Bridge) {
  const { cabinetId, clients } = await seedDesk(bridge);
  await core(bridge, 'settings.update', { cabinetName: 'Vilniaus žemo slenksčio kabinetas', pwidPopulationEstimate: 150 });
  const days: Array<[string, number, number]> = [
    ['2026-07-02', clients.ONJO11985, 20], ['2026-07-09', clients.ONJO11985, 20], ['2026-07-20', clients.JUPE21990, 10],
    ['2026-08-04', clients.ONJO11985, 40], ['2026-08-11', clients.RUTA11979, 15], ['2026-09-15', clients.RUTA11979, 10],
  ];
  for (const [date, clientId, out] of days) {
    await core(bridge, 'visits.create', { date, clientId, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: out }], services: [{ type: 'consultation', units: 1 }] });
  }
  await core(bridge, 'visits.create', { date: '2026-08-18', clientId: clients.JUPE21990, siteId: cabinetId, kind: 'medical', tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  return { cabinetId };
}

async function openQuarter(page: Page, bridge: Bridge) {
  await page.goto(bridge.url);
  await openScreen(page, 'Ataskaitos');
  await page.getByRole('radiogroup', { name: 'Laikotarpis' }).getByText('Ketvirtis').click();
  await page.getByRole('combobox', { name: 'Metai' }).click();
  await page.getByRole('option', { name: '2026' }).click();
  await page.getByRole('combobox', { name: 'Ketvirtis' }).click();
  await page.getByRole('option', { name: '3 ketvirtis' }).click();
  await expect(page.getByTestId('report-period')).toHaveText('2026-07-01 – 2026-09-30');
}

test('explain this number: a figure, a part and a ratio open the records behind them, adding up to the figure, and the list downloads', async ({ page, bridge }) => {
  await seedQuarter(bridge);
  await openQuarter(page, bridge);
  const report = await core(bridge, 'reports.run', { from: '2026-07-01', to: '2026-09-30', monthly: true });
  // 20 + 20 + 10 + 40 + 15 + 10, counted by hand.
  expect(report.indicators.syringes_distributed).toBe(115);

  const figure = page.getByTestId('value-syringes_distributed').getByRole('button');
  await expect(figure).toHaveText(ltNumber(115));
  // By keyboard: the figure is a button in the tab order; Enter opens, Escape closes and gives the focus back.
  await figure.focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Iš ko susideda šis skaičius' });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('explain-figure')).toHaveText(ltNumber(115));
  await expect(drawer.getByText('Išdalyti švirkštai, visų dydžių, įskaitant paimtus kitiems.')).toBeVisible();
  const rows = drawer.getByTestId('explain-rows-syringes_distributed').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  const counts = await rows.locator('td:last-child').allTextContents();
  expect(counts.map((c) => Number(c.replace(/\D/g, ''))).reduce((a, b) => a + b, 0)).toBe(115);
  await expect(drawer.getByTestId('explain-total-syringes_distributed')).toHaveText(ltNumber(115));
  await expect(rows.first()).toContainText('ONJO11985');
  await shotBoth(page, '60-explain-figure');

  // A month of the report: August's 40 + 15.
  await drawer.getByTestId('explain-month-2026-08').click();
  await expect(drawer.getByTestId('explain-figure')).toHaveText(ltNumber(55));
  await expect(rows).toHaveCount(2);

  // The whole list as a workbook, adding up to the month's figure.
  const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: 'Atsisiųsti XLSX' }).click()]);
  expect(download.suggestedFilename()).toBe('slenkstis-syringes_distributed-2026-08-01-2026-08-31.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  let inList = false;
  let sum = 0;
  wb.worksheets[0].eachRow((row) => {
    if (row.getCell(1).value === 'Kliento kodas') inList = true;
    else if (inList && row.getCell(2).value) sum += Number(row.getCell(6).value);
  });
  expect(sum).toBe(55);

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(figure).toBeFocused();

  // A part of a split figure.
  await page.getByTestId('value-tests_by_type.combined').getByRole('button').click();
  await expect(drawer.getByTestId('explain-figure')).toHaveText('1');
  await expect(drawer.getByRole('heading', { name: /Atlikti testai: / })).toBeVisible();
  await expect(drawer.getByTestId('explain-rows-tests_by_type').locator('tbody tr')).toHaveCount(1);
  await page.keyboard.press('Escape');

  // A ratio: 115 syringes over 3 participants, 38.3, with both lists.
  expect(report.indicators.syringes_per_participant).toBe(38.3);
  await page.getByTestId('value-syringes_per_participant').getByRole('button').click();
  await expect(drawer.getByTestId('explain-figure')).toHaveText(ltNumber(38.3, 1));
  await expect(drawer.getByRole('region', { name: 'Skaitiklis' })).toContainText('Išdalytų švirkštų skaičius');
  await expect(drawer.getByRole('region', { name: 'Vardiklis' }).locator('tbody tr')).toHaveCount(3);
  await shotBoth(page, '61-explain-ratio');
  await page.keyboard.press('Escape');

  // Month by month: each cell opens that month's records (September: 10), the month marked in the drawer.
  await page.getByRole('tab', { name: 'Mėnesiai' }).click();
  const months = page.getByTestId('month-table');
  for (const m of report.monthly ?? []) {
    await expect(page.getByTestId(`month-${m.month}-syringes_distributed`)).toHaveText(ltNumber(m.indicators.syringes_distributed as number));
  }
  await expect(page.getByTestId('month-2026-08-tests_by_type.combined')).toHaveText('1');
  await shotBoth(page, '62-report-months');
  await months.getByTestId('month-2026-09-syringes_distributed').getByRole('button').click();
  await expect(drawer.getByTestId('explain-figure')).toHaveText(ltNumber(10));
  await expect(drawer.getByTestId('explain-month-2026-09')).toHaveAttribute('aria-pressed', 'true');
  await expect(drawer.getByText('2026-09-01 – 2026-09-30')).toBeVisible();
  await page.keyboard.press('Escape');
});

test('the report screen prints as a clean document: period, sites, rules, figures, definitions; no navigation, no group split across pages', async ({ page, bridge, dbDir }) => {
  await seedQuarter(bridge);
  await openQuarter(page, bridge);
  const report = await core(bridge, 'reports.run', { from: '2026-07-01', to: '2026-09-30' });

  // "Spausdinti" asks the browser to print (stubbed: a headless print dialog never closes).
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Spausdinti' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Spausdinti' })).toBeHidden();
  await expect(page.getByTestId('value-clients')).toBeHidden();
  const printed = page.getByTestId('report-print');
  await expect(printed).toBeVisible();
  await expect(printed.getByTestId('print-period')).toContainText('2026-07-01 – 2026-09-30');
  await expect(printed.getByTestId('print-rules').locator('li')).toHaveCount(report.rules.applied.length);
  await expect(printed.getByTestId('print-rules')).toContainText('Nuolatinis klientas: bent 3 apsilankymo dienos');
  await expect(printed.getByTestId('print-value-syringes_distributed')).toHaveText(ltNumber(115));
  await expect(printed.getByTestId('print-definitions-commodities')).toContainText('Išdalyti švirkštai, visų dydžių, įskaitant paimtus kitiems.');
  await expect(printed.getByTestId('print-definitions-reach').locator('dt')).toHaveCount(INDICATORS.filter((d) => d.group === 'reach').length);

  const pdfPath = join(dbDir, 'report.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const pdf = readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
  expect(pages).toBeGreaterThanOrEqual(2);

  if (has('pdftotext')) {
    const pageText = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-'], { encoding: 'utf8' });
    const texts = Array.from({ length: pages }, (_, i) => pageText(i + 1));
    const all = texts.join('\n');
    expect(all).toContain('2026-07-01 – 2026-09-30');
    expect(all).toContain('Vilniaus žemo slenksčio kabinetas');
    expect(all).toContain('Išdalytų švirkštų skaičius');
    expect(all).toContain('Taikytos taisyklės');
    expect(all).toContain('Rodiklių apibrėžimai');
    expect(all).not.toContain('Atsisiųsti Excel');
    expect(all).not.toContain('Kliento istorija');
    expect(all).not.toContain('Atsarginės kopijos');
    // Every page says whose report, which period, and which page of how many (a loose page still reads).
    texts.forEach((text, i) => {
      expect(text, `page ${i + 1}: its head`).toContain('Ataskaita — Vilniaus žemo slenksčio kabinetas · 2026-07-01 – 2026-09-30');
      expect(text, `page ${i + 1}: its number`).toContain(`Puslapis ${i + 1} iš ${pages}`);
    });
    // Each group of figures on one page: its title and its last figure's label on the same page
    // (the definitions, which repeat the labels, start on a page of their own after the figures).
    const figuresEnd = texts.findIndex((t) => t.includes('Rodiklių apibrėžimai'));
    expect(figuresEnd).toBeGreaterThan(0);
    const figurePages = texts.slice(0, figuresEnd).map((t) => t.replace(/\s+/g, ' '));
    const groupTitles: Record<string, string> = { reach: 'Pasiekiamumas', testing: 'Tyrimai', overdose: 'Perdozavimai ir naloksonas', care: 'Gydymas po teigiamo tyrimo' };
    for (const [group, title] of Object.entries(groupTitles)) {
      const defs = INDICATORS.filter((d) => d.group === group);
      const last = defs[defs.length - 1].label.lt.slice(0, 24);
      const titlePage = figurePages.findIndex((t) => t.includes(title));
      expect(titlePage, `${group}: title`).toBeGreaterThanOrEqual(0);
      expect(figurePages[titlePage], `${group}: its last figure "${last}" on the title's page`).toContain(last);
    }
  }
  if (has('pdftoppm')) {
    // The pages as pictures (into docs/screenshots with SLENKSTIS_SHOTS=1, as the other screenshots).
    const dir = process.env.SLENKSTIS_SHOTS ? 'docs/screenshots' : dbDir;
    for (const f of readdirSync(dir).filter((f) => /^report-print-\d+\.png$/.test(f))) rmSync(join(dir, f));
    execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, join(dir, 'report-print')]);
    expect(existsSync(join(dir, 'report-print-1.png')) || existsSync(join(dir, 'report-print-01.png'))).toBe(true);
  }
});
