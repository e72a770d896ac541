import { test, expect } from './fixtures';
import { core, seedDesk, today, shot, shotBoth } from './helpers';

test('medical visit: wound cleaning, dressing and a combined test; the results entered later', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await page.goto(bridge.url);
  await page.getByRole('navigation').getByRole('button', { name: 'Medicina' }).click();
  await expect(page.getByRole('heading', { name: 'Medicinos paslaugos ir tyrimai' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('ONJ');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Žaizdų valymas')).toBeFocused();
  await page.keyboard.type('1');
  await page.getByLabel('Perrišimas').fill('2');
  await page.getByRole('button', { name: '+ Pridėti tyrimą' }).click();
  await expect(page.getByRole('combobox', { name: '1 tyrimas: rūšis' })).toHaveValue('Kombinuotas ŽIV/HBV/HCV');
  await page.getByRole('button', { name: /Konsultavimas prieš testą/ }).click();
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
  await shot(page, '10-medical-results');
  await pending.getByRole('button', { name: 'Išsaugoti rezultatus' }).click();
  await expect(page.getByText('Nėra tyrimų, laukiančių rezultato.')).toBeVisible();
  const after = await core(bridge, 'visits.get', { id: visit.id });
  expect(after.tests[0].results).toEqual({ hiv: 'negative', hbv: 'negative', hcv: 'positive' });
  expect(after.tests[0].resultDate).toBe(today());
});
