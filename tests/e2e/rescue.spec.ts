// When the database file cannot be read: a clear screen offering the latest good backup (never
// a crash, never a silent reset), restored with a manager's password of then. And the other
// way back in: a forgotten password replaced with the recovery key.
import { closeSync, fstatSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { MANAGER, core, login, seedDesk, shotBoth } from './helpers';

/** Overwrites everything after the first 4096 bytes: the file's header is whole, its pages are not. */
function damage(dbPath: string): void {
  const fd = openSync(dbPath, 'r+');
  try {
    const size = fstatSync(fd).size;
    expect(size).toBeGreaterThan(8192);
    writeSync(fd, randomBytes(size - 4096), 0, size - 4096, 4096);
  } finally {
    closeSync(fd);
  }
}

/** The damage shows when the file is first read with its key: at the login. */
async function tryLogin(page: Page) {
  await page.getByLabel('Naudotojo vardas').fill(MANAGER.userName);
  await page.getByLabel(/^Slaptažodis/).fill(MANAGER.password);
  await page.getByRole('button', { name: 'Prisijungti' }).click();
}

test('a damaged database: the restore offer lists the backups newest first, restores the latest with the password of then and the recovery key, and the app opens with the data', async ({ page, bridge, dbDir }) => {
  const { cabinetId, clients, recoveryKey } = await seedDesk(bridge);
  const usb = join(dbDir, 'usb');
  await core(bridge, 'backup.setFolder', { folder: usb });
  await core(bridge, 'visits.create', { date: '2026-10-05', clientId: clients.ONJO11985, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
  await core(bridge, 'backup.now', {});
  await new Promise((r) => setTimeout(r, 1100)); // manual backups are named to the second
  await core(bridge, 'visits.create', { date: '2026-10-06', clientId: clients.JUPE21990, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 7 }] });
  const latest = await core(bridge, 'backup.now', {});
  bridge.core.close();
  const dbPath = join(dbDir, 'slenkstis.db');
  damage(dbPath);

  await page.goto(bridge.url);
  await tryLogin(page);
  await expect(page.getByRole('heading', { name: 'Duomenų bazės nepavyksta atidaryti' })).toBeVisible();
  await expect(page.getByText('Niekas nebuvo ištrinta ar perrašyta.', { exact: false })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Kurią kopiją atkurti' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('naujausia');
  await expect(rows.first().getByRole('radio')).toBeChecked();
  // Reloading shows the same offer: the core remembers what is wrong.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Duomenų bazės nepavyksta atidaryti' })).toBeVisible();
  await shotBoth(page, '33-rescue');

  // "Try to log in anyway" leads to the login, and a failed login back here.
  await page.getByRole('button', { name: 'Vis tiek bandyti prisijungti' }).click();
  await expect(page.getByRole('heading', { name: 'Prisijungimas' })).toBeVisible();
  await tryLogin(page);
  await expect(page.getByRole('heading', { name: 'Duomenų bazės nepavyksta atidaryti' })).toBeVisible();

  await page.getByLabel('Naudotojo vardas').fill(MANAGER.userName);
  await page.getByLabel(/^Slaptažodis kopijos darymo metu/).fill('neteisingas-1');
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'neatidaro šios kopijos' })).toBeVisible();
  await page.getByLabel(/^Slaptažodis kopijos darymo metu/).fill(MANAGER.password);
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  // A damaged file cannot prove who may open it today: the recovery key is asked for too.
  await expect(page.getByRole('alert').filter({ hasText: 'Įveskite ir atkūrimo raktą' })).toBeVisible();
  await page.getByTestId('rescue-recovery-key').fill(recoveryKey);
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await expect(page.getByRole('button', { name: /Rasa Vadovė/ })).toBeVisible();

  // The data of the latest backup are there, and the damaged file is kept beside.
  const report = await core(bridge, 'reports.run', { from: '2026-10-01', to: '2026-10-31' });
  expect(report.indicators.syringes_distributed).toBe(17);
  expect((await core(bridge, 'clients.search', { query: 'JUP' })).map((c) => c.code)).toEqual(['JUPE21990']);
  expect(readdirSync(dbDir).some((f) => f.startsWith('slenkstis.db.replaced-'))).toBe(true);
  const audit = await core(bridge, 'audit.list', { limit: 1 });
  expect(audit[0]).toMatchObject({ action: 'restore', entity: 'database' });
  expect(audit[0].after).toContain(latest.file.split('/').pop());
});

test('the keyring beside the database lost: the restore asks for the recovery key too, then only the restoring manager and the recovery key open the restored file', async ({ page, bridge, dbDir }) => {
  const { recoveryKey } = await core(bridge, 'session.setup', MANAGER);
  await core(bridge, 'backup.setFolder', { folder: join(dbDir, 'usb') });
  const ona = await core(bridge, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'onos-slaptas-1' });
  await core(bridge, 'backup.now', {});
  await core(bridge, 'staff.disable', { id: ona.id });
  bridge.core.close();
  rmSync(join(dbDir, 'slenkstis.db.keyring'));

  await page.goto(bridge.url);
  await tryLogin(page);
  await expect(page.getByRole('heading', { name: 'Duomenų bazės nepavyksta atidaryti' })).toBeVisible();
  await page.getByLabel('Naudotojo vardas').fill(MANAGER.userName);
  await page.getByLabel(/^Slaptažodis kopijos darymo metu/).fill(MANAGER.password);
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Įveskite ir atkūrimo raktą' })).toBeVisible();
  await expect(page.getByTestId('rescue-recovery-key')).toBeVisible();
  await expect(page.getByTestId('rescue-recovery-key')).toBeFocused();
  await page.getByTestId('rescue-recovery-key').scrollIntoViewIfNeeded();
  await shotBoth(page, '36-rescue-recovery-key');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('rescue-recovery-key').scrollIntoViewIfNeeded();
  await shotBoth(page, '36-rescue-recovery-key-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('rescue-recovery-key').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  await expect(page.getByText('Šis atkūrimo raktas neatidaro šios kopijos.')).toBeVisible();
  await page.getByTestId('rescue-recovery-key').fill(recoveryKey);
  await page.getByRole('button', { name: 'Atkurti pasirinktą kopiją' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
  // Ona was disabled after the backup: with today's access unreadable, nobody else is let in.
  const staff = await core(bridge, 'staff.list', {});
  expect(staff.find((s) => s.userName === 'ona')?.active).toBe(false);
  bridge.core.close();
  expect((await bridge.core.call('session.login', { userName: 'ona', password: 'onos-slaptas-1' })).ok).toBe(false);
});

test('a damaged database without backups: the screen says where it looked, and never resets', async ({ page, bridge, dbDir }) => {
  await seedDesk(bridge);
  bridge.core.close();
  damage(join(dbDir, 'slenkstis.db'));
  await page.goto(bridge.url);
  await tryLogin(page);
  await expect(page.getByRole('heading', { name: 'Duomenų bazės nepavyksta atidaryti' })).toBeVisible();
  await expect(page.getByText('Atsarginių kopijų nerasta')).toBeVisible();
  await expect(page.getByText(join(dbDir, 'backups'), { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ieškoti dar kartą' })).toBeVisible();
  // Still the same file: nothing was created in its place.
  expect((await core(bridge, 'session.status', {})).state).toBe('unreadable');
});

test('forgotten password: the recovery key sets a new one and logs in; a wrong key is refused in words', async ({ page, bridge }) => {
  const { recoveryKey } = await core(bridge, 'session.setup', MANAGER);
  await core(bridge, 'session.logout', {});
  await page.goto(bridge.url);
  await page.getByRole('button', { name: 'Pamiršau slaptažodį – naudoti atkūrimo raktą' }).click();
  await expect(page.getByRole('heading', { name: 'Slaptažodžio atkūrimas' })).toBeVisible();
  await page.getByLabel('Atkūrimo raktas').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
  await page.getByLabel('Naudotojo vardas').fill(MANAGER.userName);
  await page.getByLabel(/^Naujas slaptažodis/).fill('naujas-slaptas-3');
  await page.getByLabel(/^Pakartokite naują slaptažodį/).fill('naujas-slaptas-3');
  await page.getByRole('button', { name: 'Nustatyti naują slaptažodį ir prisijungti' }).click();
  await expect(page.getByRole('alert')).toHaveText('Šis atkūrimo raktas neatidaro šios duomenų bazės.');
  await expect(page.getByRole('button', { name: 'Nustatyti naują slaptažodį ir prisijungti' })).not.toHaveAttribute('data-loading');
  await shotBoth(page, '34-recovery-key-login');
  await page.getByLabel('Atkūrimo raktas').fill(recoveryKey.toLowerCase());
  await page.getByRole('button', { name: 'Nustatyti naują slaptažodį ir prisijungti' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await page.getByRole('button', { name: /Naudotojo meniu/ }).click();
  await page.getByRole('menuitem', { name: 'Atsijungti' }).click();
  await login(page, MANAGER.userName, 'naujas-slaptas-3');
});
