import { test, expect } from './fixtures';
import { core, seedDesk, today } from './helpers';

test('a regular exchange visit for a known client takes at most 12 keys from the empty code field, no mouse', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await page.goto(bridge.url);
  const code = page.getByRole('combobox', { name: 'Kliento kodas' });
  await expect(code).toBeFocused();

  let keys = 0;
  const type = async (text: string) => {
    for (const ch of text) {
      await page.keyboard.press(ch);
      keys++;
    }
  };
  const press = async (key: string) => {
    await page.keyboard.press(key);
    keys++;
  };

  await type('ONJ');
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');
  await press('Enter');
  const syringesOut = page.getByRole('textbox', { name: 'Švirkštas — Išduota' });
  await expect(syringesOut).toBeFocused();
  await type('10');
  await press('Tab');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Grąžinta' })).toBeFocused();
  await type('12');
  await press('Control+Enter');

  await expect(page.getByTestId('desk-saved')).toContainText('10');
  await expect(code).toBeFocused();
  expect(keys).toBeLessThanOrEqual(12);
  test.info().annotations.push({ type: 'keys', description: String(keys) });

  const visits = await core(bridge, 'visits.day', { date: today() });
  expect(visits).toHaveLength(1);
  expect(visits[0].clientId).toBe(clients.ONJO11985);
  expect(visits[0].kind).toBe('cabinet');
  expect(visits[0].supplies).toEqual([
    { itemKey: 'syringe', direction: 'out', quantity: 10, forPeers: false },
    { itemKey: 'syringe', direction: 'in', quantity: 12, forPeers: false },
  ]);
  await page.screenshot({ path: 'docs/screenshots/03-desk.png' });
});
