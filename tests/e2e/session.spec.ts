import { test, expect } from './fixtures';
import { MANAGER, core, login, seedDesk, seedManager, shotBoth } from './helpers';

test('first run: create the database, confirm the recovery key is written down, and land on the desk', async ({ page, bridge }) => {
  await page.goto(bridge.url);
  await page.getByLabel('Naudotojo vardas').fill('vadove');
  await page.getByLabel('Vardas, rodomas programoje').fill('Rasa Vadovė');
  await page.getByLabel(/^Slaptažodis/).fill('labai-slaptas-1');
  await page.getByLabel('Pakartokite slaptažodį').fill('labai-slaptas-1');
  await page.getByRole('button', { name: 'Sukurti duomenų bazę' }).click();
  await expect(page.getByTestId('recovery-key')).toBeVisible();
  await shotBoth(page, '02-recovery-key');
  await page.getByLabel(/Užsirašiau/).check();
  await page.getByRole('button', { name: 'Tęsti' }).click();
  await expect(page.getByRole('combobox', { name: 'Kliento kodas' })).toBeFocused();
  await expect(page.getByRole('button', { name: /Rasa Vadovė/ })).toBeVisible();
});

test('login: a wrong password is refused in words, the right one opens the desk', async ({ page, bridge }) => {
  await seedManager(bridge);
  await core(bridge, 'session.logout', {});
  await page.goto(bridge.url);
  await page.getByLabel('Naudotojo vardas').fill(MANAGER.userName);
  await page.getByLabel(/^Slaptažodis/).fill('neteisingas');
  await page.getByRole('button', { name: 'Prisijungti' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel(/^Slaptažodis/)).toHaveValue('');
  await expect(page.getByRole('alert')).toHaveText('Neteisingas naudotojo vardas arba slaptažodis.');
  await expect(page.getByRole('button', { name: 'Prisijungti' })).not.toHaveAttribute('data-loading');
  await shotBoth(page, '03-login');
  await login(page, MANAGER.userName, MANAGER.password);
  await expect(page.getByRole('combobox', { name: 'Kliento kodas' })).toBeFocused();
});

test('a social worker sees no medical or manager screens', async ({ page, bridge }) => {
  await seedManager(bridge);
  await core(bridge, 'staff.add', { userName: 'ona', displayName: 'Ona Darbuotoja', role: 'social_worker', password: 'ona-slaptas-1' });
  await core(bridge, 'session.logout', {});
  await page.goto(bridge.url);
  await login(page, 'ona', 'ona-slaptas-1');
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: 'Priėmimas' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Medicina' })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: 'Darbuotojai' })).toHaveCount(0);
});

test('Ctrl+L locks: the lock screen shows no client data, and the password unlocks back to the same visit', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('ONJ');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('client-card')).toContainText('ONJO11985');
  await page.keyboard.type('7');
  await page.keyboard.press('Control+l');

  await expect(page.getByRole('heading', { name: 'Ekranas užrakintas' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('ONJO11985');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  expect((await bridge.core.call('clients.search', { query: 'ONJ' })).ok).toBe(false);
  await shotBoth(page, '23-lock');

  await page.getByLabel(/^Slaptažodis/).fill('neteisingas');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Neteisingas slaptažodis.')).toBeVisible();
  await page.getByLabel(/^Slaptažodis/).fill(MANAGER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('client-card')).toContainText('ONJO11985');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toHaveValue('7');
});

test.describe('with a fake clock', () => {
  // The clock is installed on the whole browser context: this test has a context of its own.
  test.use({ ownContext: true });
  test('the app locks itself after the idle minutes of the settings', async ({ page, bridge }) => {
    await seedDesk(bridge);
    await core(bridge, 'settings.update', { idleLockMinutes: 2 });
    await page.clock.install();
    await page.goto(bridge.url);
    await expect(page.getByRole('combobox', { name: 'Kliento kodas' })).toBeFocused();
    await page.clock.runFor('01:30');
    await expect(page.getByRole('navigation')).toBeVisible();
    await page.clock.runFor('00:40');
    await expect(page.getByRole('heading', { name: 'Ekranas užrakintas' })).toBeVisible();
    expect((await core(bridge, 'session.status', {})).state).toBe('locked');
  });
});

test('the language switches to English and back, everywhere at once', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Priėmimas' })).toBeVisible();
  await page.getByText('English').click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Desk' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Client code' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect((await core(bridge, 'session.status', {})).language).toBe('en');
  await shotBoth(page, '24-desk-english');
  await page.reload();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Desk' })).toBeVisible();
  await page.getByText('Lietuvių').click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Priėmimas' })).toBeVisible();
});

test('the user menu changes the password and logs out; the new password logs in', async ({ page, bridge }) => {
  await seedManager(bridge);
  await page.goto(bridge.url);
  await page.getByRole('button', { name: /Naudotojo meniu/ }).click();
  await page.getByRole('menuitem', { name: 'Keisti slaptažodį' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Dabartinis slaptažodis/).fill(MANAGER.password);
  await dialog.getByLabel(/^Naujas slaptažodis/).fill('naujas-slaptas-2');
  await dialog.getByLabel(/^Pakartokite naują slaptažodį/).fill('naujas-slaptas-2');
  await dialog.getByRole('button', { name: 'Pakeisti slaptažodį' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: /Naudotojo meniu/ }).click();
  await page.getByRole('menuitem', { name: 'Atsijungti' }).click();
  await expect(page.getByRole('heading', { name: 'Prisijungimas' })).toBeVisible();
  await login(page, MANAGER.userName, 'naujas-slaptas-2');
});
