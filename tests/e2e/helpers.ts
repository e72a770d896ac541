// Seeding through the real core (the same one the page talks to) and a few UI steps.
import type { Locator, Page } from '@playwright/test';
import type { Bridge } from '../bridge/server';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/api';
import { expect } from './fixtures';

export const MANAGER = { userName: 'vadove', displayName: 'Rasa Vadovė', password: 'labai-slaptas-1' };

/** Calls the core and returns the value, failing the test with the core's message otherwise. */
export async function core<K extends Channel>(bridge: Bridge, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await bridge.core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as ChannelOutput<K>;
}

/** A database with the first manager, logged in (the page opens straight into the app). */
export async function seedManager(bridge: Bridge): Promise<{ recoveryKey: string }> {
  return { recoveryKey: (await core(bridge, 'session.setup', MANAGER)).recoveryKey };
}

/** A cabinet site and a few clients, the usual start of a day at the desk. */
export async function seedDesk(bridge: Bridge): Promise<{ cabinetId: number; clients: Record<string, number>; recoveryKey: string }> {
  const { recoveryKey } = await seedManager(bridge);
  const cabinet = await core(bridge, 'sites.save', { name: 'Kabinetas, Vilniaus g. 1', kind: 'cabinet' });
  const clients: Record<string, number> = {};
  for (const [code, sex, birthYear] of [['ONJO11985', 'male', 1985], ['JUPE21990', 'female', 1990], ['RUTA11979', 'male', 1979]] as const) {
    clients[code] = (await core(bridge, 'clients.register', { code, sex, birthYear, injects: 'yes' })).id;
  }
  return { cabinetId: cabinet.id, clients, recoveryKey };
}

export async function login(page: Page, userName: string, password: string): Promise<void> {
  await page.getByLabel('Naudotojo vardas').fill(userName);
  await page.getByLabel(/^Slaptažodis/).fill(password);
  await page.getByRole('button', { name: 'Prisijungti' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

export const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** (Only with SLENKSTIS_SHOTS=1: `SLENKSTIS_SHOTS=1 npm run test:e2e` refreshes docs/screenshots.) A screenshot for docs/screenshots/, without the passing notifications over the header, and no spinner fading out. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SLENKSTIS_SHOTS) return;
  // A button that has just finished loading fades its spinner out (150 ms): wait for it to go.
  await page.locator('.mantine-Button-loader').first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
  const style = await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  await style.evaluate((el) => (el as HTMLElement).remove());
}

/** The screenshot at 1366×768 and again at 1024×768 (`<name>-1024`), the two screens the cabinets have. */
export async function shotBoth(page: Page, name: string): Promise<void> {
  if (!process.env.SLENKSTIS_SHOTS) return;
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, `${name}-1024`);
  if (size) await page.setViewportSize(size);
}

/** Opens a screen from the navigation by its (Lithuanian) name. */
export async function openScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

/** Numbers as the screens write them in Lithuanian (Node and Chromium share ICU). */
export const ltNumber = (n: number, digits = 0): string =>
  new Intl.NumberFormat('lt-LT', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

/**
 * In an open combobox list, presses `key` (ArrowDown or ArrowUp) until `option` is the selected one,
 * each press seen to move the selection before the next (on a loaded machine the list may not have
 * moved yet when it is read), at most `max` presses; then checks it is selected.
 */
export async function moveToOption(page: Page, option: Locator, key: 'ArrowDown' | 'ArrowUp', max = 12): Promise<void> {
  await option.waitFor();
  const selected = page.locator('[role="option"][data-combobox-selected="true"]');
  await expect(selected).toHaveCount(1);
  for (let i = 0; i < max && (await option.getAttribute('data-combobox-selected')) !== 'true'; i++) {
    const before = (await selected.textContent()) ?? '';
    await page.keyboard.press(key);
    await expect(selected).not.toHaveText(before);
  }
  await expect(option).toHaveAttribute('data-combobox-selected', 'true');
}
