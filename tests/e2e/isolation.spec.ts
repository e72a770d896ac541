// The browser tests share one page per worker (fixtures.ts): what one test leaves in the browser
// must not reach the next. The first test leaves English chosen, a site remembered, another
// viewport, print media, a dark colour scheme, a dialog handler and a route behind; the second must
// start as a new install's window would. A test that would leave what cannot be undone is refused.
import { test, expect } from './fixtures';
import { seedDesk } from './helpers';

test.describe.configure({ mode: 'serial' });

test('a test leaves storage, a viewport, emulated media, a dialog handler and a route behind', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await page.getByText('English').click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Desk' })).toBeVisible();
  await page.evaluate(() => localStorage.setItem('slenkstis.site.desk', '1'));
  await page.evaluate(() => sessionStorage.setItem('left', 'behind'));
  expect(await page.evaluate(() => localStorage.length)).toBeGreaterThanOrEqual(2);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  page.on('dialog', (d) => void d.accept());
  expect(await page.evaluate(() => confirm('?'))).toBe(true);
  await page.route('**/left-behind', (r) => r.fulfill({ body: 'from the first test' }));
  expect(await page.evaluate(() => fetch('/left-behind').then((r) => r.text()))).toBe('from the first test');
});

test('the next test finds nothing of it: a new database, no storage, the project viewport and media, no handler, no route', async ({ page, bridge }) => {
  await page.goto(bridge.url);
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  await expect(page.getByRole('heading', { name: 'Pirmas paleidimas' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'lt');
  expect(await page.evaluate(() => [innerWidth, matchMedia('print').matches, matchMedia('(prefers-color-scheme: dark)').matches])).toEqual([1366, false, false]);
  // No listener: Playwright dismisses the dialog.
  expect(await page.evaluate(() => confirm('?'))).toBe(false);
  expect(await page.evaluate(() => fetch('/left-behind').then((r) => r.status))).toBe(404);
});

test('what cannot be undone on the shared page is refused in words', async ({ page, context }) => {
  expect(() => page.addInitScript(() => undefined)).toThrow(/ownContext/);
  expect(() => page.clock.install()).toThrow(/ownContext/);
  expect(() => context.addInitScript(() => undefined)).toThrow(/ownContext/);
});

test.describe('a test with context options of its own', () => {
  test.use({ locale: 'en-US', viewport: { width: 800, height: 600 } });
  test('gets them, in a context of its own', async ({ page, bridge }) => {
    await page.goto(bridge.url);
    expect(await page.evaluate(() => [navigator.language, innerWidth])).toEqual(['en-US', 800]);
  });
});

test.describe('a test with only a viewport of its own', () => {
  test.use({ viewport: { width: 800, height: 600 } });
  test('gets it (the options are compared whole, nested values too)', async ({ page, bridge }) => {
    await page.goto(bridge.url);
    expect(await page.evaluate(() => innerWidth)).toBe(800);
  });
});
