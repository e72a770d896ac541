// Results that come later, also for people without a code: with nobody chosen, the medical
// screen lists every test still waiting for a result (tests.pending), and a result entered
// there is saved to that test.
import { test, expect } from './fixtures';
import { core, openScreen, seedDesk, shotBoth, today } from './helpers';

test('pending results: an arrestee tested without a code gets the result later, from the list of every pending test', async ({ page, bridge }) => {
  const { cabinetId, clients } = await seedDesk(bridge);
  const arrest = await core(bridge, 'sites.save', { name: 'Vilniaus areštinė', kind: 'arrest_house' });
  await core(bridge, 'visits.create', { date: '2026-10-12', clientId: clients.ONJO11985, siteId: cabinetId, kind: 'medical', tests: [{ type: 'combined' }] });
  await core(bridge, 'visits.create', { date: '2026-10-14', siteId: arrest.id, kind: 'arrest_house', tests: [{ type: 'hcv', testedPerson: 'officer' }] });

  await page.goto(bridge.url);
  await openScreen(page, 'Medicina');
  await expect(page.getByRole('heading', { name: 'Laukiami rezultatai (2)' })).toBeVisible();

  // A person without a code tested now, result to come.
  await page.getByRole('button', { name: 'Asmuo be kodo' }).click();
  await page.getByRole('button', { name: '+ Pridėti tyrimą' }).click();
  await page.getByRole('combobox', { name: '1 tyrimas: rūšis' }).click();
  await page.getByRole('option', { name: 'Atrankinis greitasis ŽIV tyrimas' }).click();
  await page.getByRole('combobox', { name: 'Kas tirtas' }).click();
  await page.getByRole('option', { name: 'Sulaikytasis' }).click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Medicininis apsilankymas išsaugotas.')).toBeVisible();

  await expect(page.getByRole('heading', { name: 'Laukiami rezultatai (3)' })).toBeVisible();
  const pending = await core(bridge, 'tests.pending', {});
  const arrestee = pending.find((p) => p.testedPerson === 'arrestee');
  expect(arrestee).toMatchObject({ clientId: null, type: 'rapid_hiv', date: today() });
  const card = page.getByTestId(`pending-test-${arrestee!.testId}`);
  await expect(card).toContainText('Sulaikytasis, be kodo');
  await expect(page.getByTestId(`pending-test-${pending.find((p) => p.testedPerson === 'officer')!.testId}`)).toContainText('Pareigūnas, be kodo');
  await expect(page.getByTestId(`pending-test-${pending.find((p) => p.clientId !== null)!.testId}`)).toContainText('ONJO11985');
  await card.getByRole('radiogroup', { name: 'ŽIV' }).getByText('neigiamas').click();
  await shotBoth(page, '35-medical-pending');
  await card.getByRole('button', { name: 'Išsaugoti rezultatus' }).click();
  await expect(page.getByRole('heading', { name: 'Laukiami rezultatai (2)' })).toBeVisible();
  await expect(card).toHaveCount(0);

  const visit = await core(bridge, 'visits.get', { id: (await core(bridge, 'visits.day', { date: today() }))[0].id });
  expect(visit.tests[0]).toMatchObject({ testedPerson: 'arrestee', results: { hiv: 'negative', hbv: null, hcv: null }, resultDate: today() });
  expect((await core(bridge, 'tests.pending', {})).map((p) => p.testedPerson).sort()).toEqual(['client', 'officer']);
});
