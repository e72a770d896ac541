import { test, expect } from './fixtures';
import { shot } from './helpers';

test('a new install opens on the first-run screen, rendered with Mantine', async ({ page, bridge }) => {
  await page.goto(bridge.url);
  await expect(page.getByRole('heading', { name: 'Pirmas paleidimas' })).toBeVisible();
  // Mantine components carry their class names: the screen is Mantine's, not bare HTML.
  await expect(page.locator('.mantine-Card-root')).toHaveCount(1);
  await expect(page.getByLabel('Naudotojo vardas')).toBeFocused();
  await shot(page, '01-first-run');
});

test('after setup the recovery key is shown once, and continuing needs the written-down confirmation', async ({ page, bridge }) => {
  await page.goto(bridge.url);
  await page.getByLabel('Naudotojo vardas').fill('vadove');
  await page.getByLabel(/^Slaptažodis/).fill('labai-slaptas-1');
  await page.getByLabel('Pakartokite slaptažodį').fill('labai-slaptas-1');
  await page.getByRole('button', { name: 'Sukurti duomenų bazę' }).click();
  const key = page.getByTestId('recovery-key');
  await expect(key).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  await expect(page.getByRole('button', { name: 'Tęsti' })).toBeDisabled();
  await page.getByLabel(/Užsirašiau/).check();
  await expect(page.getByRole('button', { name: 'Tęsti' })).toBeEnabled();
});
