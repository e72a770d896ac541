import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, moveToOption, openScreen, seedDesk, today, shotBoth } from './helpers';

test('medical visit: wound cleaning, dressing and a combined test; the results entered later', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await page.goto(bridge.url);
  await openScreen(page, 'Medicina');
  await expect(page.getByRole('heading', { name: 'Medicinos paslaugos ir tyrimai' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('ONJ');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Žaizdų valymas')).toBeFocused();
  await page.keyboard.type('1');
  // Enter moves on to the next field; it saves nothing.
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Perrišimas')).toBeFocused();
  await page.keyboard.type('2');
  await page.getByRole('button', { name: '+ Pridėti tyrimą' }).click();
  await expect(page.getByRole('combobox', { name: '1 tyrimas: rūšis' })).toHaveValue('Kombinuotas ŽIV/HBV/HCV tyrimas');
  await page.getByLabel('Perrišimas').focus();
  await page.keyboard.press('Alt+p');
  await expect(page.getByRole('button', { name: /Konsultavimas prieš tyrimą/ })).toHaveAttribute('aria-pressed', 'true');
  expect(await core(bridge, 'visits.day', { date: today() })).toHaveLength(0);
  await shotBoth(page, '09-medical');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Medicininis apsilankymas išsaugotas.')).toBeVisible();

  const [visit] = await core(bridge, 'visits.day', { date: today() });
  expect(visit.kind).toBe('medical');
  expect(visit.clientId).toBe(clients.ONJO11985);
  expect(visit.services.map((s) => [s.type, s.units])).toEqual([['wound_care', 1], ['dressing', 2], ['pre_test_counselling', 1]]);
  expect(visit.tests).toHaveLength(1);
  expect(visit.tests[0].results).toEqual({ hiv: null, hbv: null, hcv: null });

  // Later: the laboratory answers. The pending test waits beside the form.
  const pending = page.getByTestId(`pending-test-${visit.tests[0].id}`);
  await expect(pending).toBeVisible();
  await pending.getByRole('radiogroup', { name: 'ŽIV' }).getByText('neigiamas').click();
  await pending.getByRole('radiogroup', { name: 'HBV' }).getByText('neigiamas').click();
  await pending.getByRole('radiogroup', { name: 'HCV' }).getByText('teigiamas').click();
  await shotBoth(page, '10-medical-results');
  await pending.getByRole('button', { name: 'Išsaugoti rezultatus' }).click();
  await expect(page.getByText('Nėra tyrimų, laukiančių rezultato.')).toBeVisible();
  const after = await core(bridge, 'visits.get', { id: visit.id });
  expect(after.tests[0].results).toEqual({ hiv: 'negative', hbv: 'negative', hcv: 'positive' });
  expect(after.tests[0].resultDate).toBe(today());
});

test('an empty medical visit is refused in words, and a number of times typed with a letter is refused at its field', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await openScreen(page, 'Medicina');
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('RUT');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Žaizdų valymas')).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Nieko neįvesta' })).toBeVisible();
  await page.keyboard.type('1o');
  await expect(page.getByLabel('Žaizdų valymas')).toHaveValue('1o');
  await expect(page.getByText('Tik skaitmenys, pvz., 10')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'tik skaitmenimis' })).toBeVisible();
  expect(await core(bridge, 'visits.day', { date: today() })).toHaveLength(0);
});

/** On the medical screen with nobody chosen: where (a radio of the setting), then the person. */
async function chooseSetting(page: Page, name: string) {
  const radio = page.getByRole('radio', { name, exact: true });
  // The segmented control is a radio group: focus the chosen one, arrows move.
  await page.getByRole('form', { name: 'Medicininis apsilankymas' }).getByRole('radio', { checked: true }).focus();
  for (let i = 0; i < 3 && !(await radio.isChecked()); i++) await page.keyboard.press('ArrowRight');
  await expect(radio).toBeChecked();
}

test('tests where they happen: an arrestee and an officer at the arrest house, a client in outreach, each in its tests_by_setting part', async ({ page, bridge }) => {
  await seedDesk(bridge);
  const arrest = await core(bridge, 'sites.save', { name: 'Kauno areštinė', kind: 'arrest_house' });
  const street = await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  await page.goto(bridge.url);
  await openScreen(page, 'Medicina');
  const code = page.getByRole('combobox', { name: 'Kliento kodas' });
  await expect(code).toBeFocused();

  // An arrestee without a code, a rapid HIV test; then an officer, a combined test.
  for (const [person, type] of [['Sulaikytasis', 'Atrankinis greitasis ŽIV tyrimas'], ['Pareigūnas', 'Kombinuotas ŽIV/HBV/HCV tyrimas']] as const) {
    await code.focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Asmuo be kodo' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Žaizdų valymas')).toBeFocused();
    await chooseSetting(page, 'Areštinėje');
    await expect(page.getByRole('combobox', { name: 'Vieta' })).toHaveValue('Kauno areštinė');
    await page.getByRole('button', { name: '+ Pridėti tyrimą' }).focus();
    await page.keyboard.press('Enter');
    const kind = page.getByRole('combobox', { name: '1 tyrimas: rūšis' });
    if (type !== 'Kombinuotas ŽIV/HBV/HCV tyrimas') {
      await kind.focus();
      await page.keyboard.press('ArrowDown');
      await moveToOption(page, page.getByRole('option', { name: type }), 'ArrowUp', 6);
      await page.keyboard.press('Enter');
    }
    await expect(kind).toHaveValue(type);
    const who = page.getByRole('combobox', { name: 'Kas tirtas' });
    await expect(who).toHaveValue('Sulaikytasis');
    if (person === 'Pareigūnas') {
      await who.focus();
      await page.keyboard.press('ArrowDown');
      await moveToOption(page, page.getByRole('option', { name: 'Pareigūnas' }), 'ArrowDown', 4);
      await page.keyboard.press('Enter');
      await expect(who).toHaveValue('Pareigūnas');
    }
    if (person === 'Sulaikytasis') await shotBoth(page, '09-medical-arrest-house');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('Medicininis apsilankymas išsaugotas.').first()).toBeVisible();
    await expect(code).toBeVisible();
  }

  // A known client tested in outreach.
  await code.focus();
  await page.keyboard.type('JUP');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Žaizdų valymas')).toBeFocused();
  await chooseSetting(page, 'Lauko darbe');
  await expect(page.getByRole('combobox', { name: 'Vieta' })).toHaveValue('Stotis, tunelis');
  await page.getByRole('button', { name: '+ Pridėti tyrimą' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Medicininis apsilankymas išsaugotas.').first()).toBeVisible();

  const visits = await core(bridge, 'visits.day', { date: today() });
  expect(visits.map((v) => [v.kind, v.siteId, v.tests.map((t) => t.testedPerson)]).sort()).toEqual([
    ['arrest_house', arrest.id, ['arrestee']],
    ['arrest_house', arrest.id, ['officer']],
    ['outreach', street.id, ['client']],
  ]);
  const report = await core(bridge, 'reports.run', { from: today(), to: today() });
  expect(report.indicators.tests_by_setting).toEqual({ cabinet: 0, outreach: 1, arrest_house_arrestee: 1, arrest_house_officer: 1, other: 0 });
});
