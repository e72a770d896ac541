// The browser tests share one page per worker (fixtures.ts): what one test leaves in the browser
// must not reach the next. The first test leaves English chosen and a site remembered, and an
// open document; the second must start as a new install's window would.
import { test, expect } from './fixtures';
import { seedDesk } from './helpers';

test.describe.configure({ mode: 'serial' });

test('a test leaves the language, a remembered site and an open page behind', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await page.getByText('English').click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Desk' })).toBeVisible();
  await page.evaluate(() => localStorage.setItem('slenkstis.site.desk', '1'));
  await page.evaluate(() => sessionStorage.setItem('left', 'behind'));
  expect(await page.evaluate(() => localStorage.length)).toBeGreaterThanOrEqual(2);
});

test('the next test finds nothing of it: no storage, a new database, the first-run screen in Lithuanian', async ({ page, bridge }) => {
  expect(page.url()).not.toContain('#');
  await page.goto(bridge.url);
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  await expect(page.getByRole('heading', { name: 'Pirmas paleidimas' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'lt');
});
