// Backups and the audit log (manager): choose the folder, back up now, the list, a restore
// that logs out; the audit log a page at a time, an entry's before and after, and the check
// that finds an altered entry.
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { MANAGER, core, login, openScreen, seedDesk, shotBoth } from './helpers';

test('backups: choose the folder, back up now and see it listed; restoring it logs out, and the later client is gone', async ({ page, bridge, dbDir }) => {
  await seedDesk(bridge);
  const usb = join(dbDir, 'usb', 'slenkstis');
  await page.goto(bridge.url);
  await openScreen(page, 'Atsarginės kopijos');
  await expect(page.getByText('Šiame aplanke kopijų dar nėra.')).toBeVisible();
  await page.getByLabel('Aplankas (visas kelias)').fill('santykinis/kelias');
  await page.getByRole('button', { name: 'Išsaugoti aplanką' }).click();
  await expect(page.getByText('Atsarginių kopijų aplankas turi būti nurodytas visu keliu.')).toBeVisible();
  await page.getByLabel('Aplankas (visas kelias)').fill(usb);
  await page.getByRole('button', { name: 'Išsaugoti aplanką' }).click();
  await expect(page.getByText(`Kopijos bus daromos į ${usb}.`)).toBeVisible();

  await page.getByRole('button', { name: 'Daryti kopiją dabar' }).click();
  await expect(page.getByText(/Atsarginė kopija padaryta ir patikrinta/)).toBeVisible();
  const rows = page.getByRole('table', { name: 'Atsarginės kopijos' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Rankinė');
  const listed = await core(bridge, 'backup.list', {});
  expect(listed.folder).toBe(usb);
  expect(listed.backups).toHaveLength(1);
  await expect(rows.first()).toContainText(listed.backups[0].name);
  // Manual backups are named to the second.
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Daryti kopiją dabar' }).click();
  await expect(rows).toHaveCount(2);
  await shotBoth(page, '31-backups');

  // A client registered after the backup; restoring the backup takes the database back.
  await core(bridge, 'clients.register', { code: 'NAUJ11999', sex: 'male', birthYear: 1999, injects: 'yes' });
  await rows.last().getByRole('button', { name: /^Atkurti/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Slaptažodis kopijos darymo metu/).fill('neteisingas-1');
  await dialog.getByRole('button', { name: 'Atkurti ir prisijungti iš naujo' }).click();
  await expect(dialog.getByText('Šis slaptažodis neatidaro kopijos.', { exact: false })).toBeVisible();
  await dialog.getByLabel(/^Slaptažodis kopijos darymo metu/).fill(MANAGER.password);
  await dialog.getByRole('button', { name: 'Atkurti ir prisijungti iš naujo' }).click();
  await expect(page.getByRole('heading', { name: 'Prisijungimas' })).toBeVisible();
  await login(page, MANAGER.userName, MANAGER.password);
  expect(await core(bridge, 'clients.search', { query: 'NAUJ' })).toEqual([]);
  expect((await core(bridge, 'clients.search', { query: 'ONJ' })).map((c) => c.code)).toEqual(['ONJO11985']);
});

test('audit log: newest first a page at a time, an entry shown in full, and the check finds an altered entry', async ({ page, bridge }) => {
  await seedDesk(bridge);
  const code = (i: number) => `AU${String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))}1${1950 + i}`;
  for (let i = 0; i < 55; i++) await core(bridge, 'clients.register', { code: code(i), sex: 'unknown', birthYear: 1950 + i, injects: 'unknown' });
  const newest = await core(bridge, 'audit.list', { limit: 1 });
  const total = newest[0].id;
  await page.goto(bridge.url);
  await openScreen(page, 'Audito žurnalas');
  const rows = page.getByRole('table', { name: 'Audito žurnalas' }).locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(String(total));
  await expect(page.getByTestId('audit-range')).toHaveText(`Įrašai nuo ${total - 49} iki ${total}`);

  await page.getByRole('button', { name: 'Tikrinti duomenų bazę' }).click();
  await expect(page.getByTestId('verify-result')).toContainText('Viskas tvarkoje');
  await shotBoth(page, '32-audit');

  await page.getByRole('button', { name: 'Senesni →' }).click();
  await expect(rows).toHaveCount(total - 50);
  await expect(rows.last()).toContainText('Pirmas paleidimas');
  await page.getByRole('button', { name: '← Naujesni' }).click();
  await expect(rows).toHaveCount(50);

  await page.getByRole('button', { name: `Rodyti ${total} įrašą` }).click();
  await expect(page.getByRole('dialog')).toContainText(code(54));
  await page.keyboard.press('Escape');

  // Someone edits the log behind the app's back: the check says which entry.
  bridge.core.currentVault!.store.sqlite.prepare("UPDATE audit_log SET user_name = 'kitas' WHERE id = 3").run();
  await page.getByRole('button', { name: 'Tikrinti duomenų bazę' }).click();
  await expect(page.getByTestId('verify-result')).toContainText('Audito žurnalo įrašas Nr. 3 pakeistas po to, kai buvo įrašytas');
  await expect(page.getByTestId('verify-result')).toContainText('Audito grandinė: pažeista');
});
