import { test, expect } from './fixtures';
import { MANAGER, core, openScreen, seedDesk, today, shotBoth } from './helpers';

test('outreach by keyboard: the place in one key, each client added by code gets the cursor in their own row, and each gets exactly what was typed', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  await core(bridge, 'sites.save', { name: 'Turgus', kind: 'outreach_place' });
  await core(bridge, 'staff.add', { userName: 'jonas', displayName: 'Jonas Gatvinis', role: 'social_worker', password: 'jonas-slaptas-1' });
  await page.goto(bridge.url);
  await openScreen(page, 'Lauko darbas');

  // One ArrowDown opens the places with the first marked; Enter takes it.
  const place = page.getByRole('combobox', { name: 'Vieta' });
  await place.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('option', { name: 'Stotis, tunelis' })).toHaveAttribute('data-combobox-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(place).toHaveValue('Stotis, tunelis');
  await page.getByRole('combobox', { name: 'Darbuotojai' }).focus();
  await page.keyboard.type('Jon');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');

  // The first client: the cursor goes to their row, "20" lands there, not in the search.
  const search = page.getByRole('combobox', { name: 'Pridėti klientą pagal kodą' });
  await search.focus();
  await page.keyboard.type('JUP');
  await expect(page.getByRole('option', { selected: true })).toContainText('JUPE21990');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('row-JUPE21990-syringe-out')).toBeFocused();
  await page.keyboard.type('20');
  await page.keyboard.press('Tab');
  await page.keyboard.type('15');

  // The second client: their row comes first, and Tab from the code field reaches it too.
  await search.focus();
  await page.keyboard.type('ONJ');
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('row-ONJO11985-syringe-out')).toBeFocused();
  await search.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('row-ONJO11985-syringe-out')).toBeFocused();
  await page.keyboard.type('5');
  await page.keyboard.press('Enter'); // moves on, saves nothing
  await expect(page.getByTestId('row-ONJO11985-syringe-in')).toBeFocused();
  await page.keyboard.type('3');
  await expect(page.getByTestId('row-JUPE21990-syringe-out')).toHaveValue('20');
  await expect(page.getByTestId('row-JUPE21990-syringe-in')).toHaveValue('15');
  expect(await core(bridge, 'outreach.list', { from: today(), to: today() })).toHaveLength(0);

  await page.getByTestId('anon-count').focus();
  await page.keyboard.type('4');
  await page.getByTestId('anon-syringe-out').focus();
  await page.keyboard.type('30');
  await page.getByTestId('anon-condom-out').focus();
  await page.keyboard.type('8');
  await shotBoth(page, '11-outreach');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Lauko darbas vietoje „Stotis, tunelis“ išsaugotas.')).toBeVisible();

  const [session] = await core(bridge, 'outreach.list', { from: today(), to: today() });
  expect(session.placeName).toBe('Stotis, tunelis');
  expect(session.workers.sort()).toEqual(['Jonas Gatvinis', MANAGER.displayName].sort());
  expect([session.knownContacts, session.anonymousContacts]).toEqual([2, 4]);
  expect([session.syringesOut, session.syringesIn]).toEqual([55, 18]);
  const visits = await core(bridge, 'visits.day', { date: today() });
  const of = (id: number | null) => visits.find((v) => v.clientId === id)?.supplies.map((s) => [s.itemKey, s.direction, s.quantity]);
  expect(of(clients.JUPE21990)).toEqual([['syringe', 'out', 20], ['syringe', 'in', 15]]);
  expect(of(clients.ONJO11985)).toEqual([['syringe', 'out', 5], ['syringe', 'in', 3]]);
  expect(of(null)).toEqual([['syringe', 'out', 30], ['condom', 'out', 8]]);
  expect(visits.every((v) => v.kind === 'outreach')).toBe(true);
  await expect(page.getByTestId('outreach-session')).toContainText('Stotis, tunelis');
});

test('an outreach record saves nothing silently: no place, supplies for anonymous contacts without their number, a letter in a quantity, 900 syringes', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  await page.goto(bridge.url);
  await openScreen(page, 'Lauko darbas');
  await page.getByTestId('anon-syringe-out').fill('30');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Pasirinkite vietą.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Vieta' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Įrašykite, kiek buvo anoniminių kontaktų')).toBeVisible();
  await page.getByTestId('anon-count').fill('2o');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Tik skaitmenys, pvz., 10')).toBeVisible();
  await page.getByTestId('anon-count').fill('2');
  await page.getByTestId('anon-syringe-out').fill('900');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('plausible')).toContainText('900');
  expect(await core(bridge, 'outreach.list', { from: today(), to: today() })).toHaveLength(0);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Lauko darbas vietoje „Stotis, tunelis“ išsaugotas.')).toBeVisible();
  const [session] = await core(bridge, 'outreach.list', { from: today(), to: today() });
  expect([session.anonymousContacts, session.syringesOut]).toEqual([2, 900]);
});

test('a doctor records a test on an outreach row by keyboard, and it lands in tests_by_setting.outreach; a social worker sees nothing about tests', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  await core(bridge, 'staff.add', { userName: 'gydytoja', displayName: 'Eglė Gydytoja', role: 'medical', password: 'gydytoja-slaptas-1' });
  await core(bridge, 'staff.add', { userName: 'jonas', displayName: 'Jonas Gatvinis', role: 'social_worker', password: 'jonas-slaptas-1' });
  await core(bridge, 'session.logout', {});
  await core(bridge, 'session.login', { userName: 'gydytoja', password: 'gydytoja-slaptas-1' });
  await page.goto(bridge.url);
  await openScreen(page, 'Lauko darbas');

  await page.getByRole('combobox', { name: 'Vieta' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const search = page.getByRole('combobox', { name: 'Pridėti klientą pagal kodą' });
  await search.focus();
  await page.keyboard.type('JUP');
  await expect(page.getByRole('option', { selected: true })).toContainText('JUPE21990');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('row-JUPE21990-syringe-out')).toBeFocused();
  await page.keyboard.type('10');
  // Tab along the row to its "+ Tyrimas"; Enter adds the test and puts the cursor on its type.
  const addTest = page.getByRole('button', { name: 'Pridėti tyrimą: JUPE21990' });
  for (let i = 0; i < 12 && !(await addTest.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(addTest).toBeFocused();
  await page.keyboard.press('Enter');
  const type = page.getByRole('combobox', { name: 'JUPE21990: tyrimo rūšis' });
  await expect(type).toBeFocused();
  await expect(type).toHaveValue('Atrankinis greitasis ŽIV tyrimas');
  // The combined test instead: the list opens on the chosen type, one ArrowDown marks the next.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(type).toHaveValue('Kombinuotas ŽIV/HBV/HCV tyrimas');
  // Its HIV result now, the hepatitis results later: Tab past "Pašalinti" to HIV, ArrowRight from "laukiama" to "neigiamas".
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Pašalinti JUPE21990 tyrimą' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radiogroup', { name: 'ŽIV' }).getByRole('radio', { name: 'neigiamas' })).toBeChecked();
  await shotBoth(page, '11-outreach-test');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Lauko darbas vietoje „Stotis, tunelis“ išsaugotas.')).toBeVisible();

  const visits = await core(bridge, 'visits.day', { date: today() });
  expect(visits.map((v) => [v.kind, v.clientId, v.supplies.map((s) => s.quantity), v.tests.map((t) => [t.type, t.testedPerson, t.results.hiv, t.results.hcv])])).toEqual([
    ['outreach', clients.JUPE21990, [10], [['combined', 'client', 'negative', null]]],
  ]);
  await core(bridge, 'session.logout', {});
  await core(bridge, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
  const report = await core(bridge, 'reports.run', { from: today(), to: today() });
  expect(report.indicators.tests_by_setting).toEqual({ cabinet: 0, outreach: 1, arrest_house_arrestee: 0, arrest_house_officer: 0, other: 0 });

  // A social worker's outreach form: the same row, nothing about tests.
  await core(bridge, 'session.logout', {});
  await core(bridge, 'session.login', { userName: 'jonas', password: 'jonas-slaptas-1' });
  await page.goto(bridge.url);
  await openScreen(page, 'Lauko darbas');
  await search.focus();
  await page.keyboard.type('JUP');
  await expect(page.getByRole('option', { selected: true })).toContainText('JUPE21990');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('row-JUPE21990-syringe-out')).toBeFocused();
  await expect(page.getByRole('form', { name: 'Lauko darbo įrašas' })).not.toContainText('Tyrimas');
  await expect(page.getByRole('button', { name: /tyrimą/ })).toHaveCount(0);
});
