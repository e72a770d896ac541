// The UI benchmark of issue 8: first screen ready after navigation, and from a keystroke in
// the client finder to the list shown, with 20,000 clients. Prints one JSON object.
import { test, expect } from '../e2e/fixtures';
import { MANAGER, core } from '../e2e/helpers';

const CLIENTS = Number(process.env.SLENKSTIS_BENCH_CLIENTS ?? 20_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

test('ui benchmark', async ({ page, bridge }) => {
  await core(bridge, 'session.setup', MANAGER);
  await core(bridge, 'sites.save', { name: 'Kabinetas', kind: 'cabinet' });
  // 20,000 clients straight into the table, in one transaction (the desk only reads them).
  const sqlite = bridge.core.currentVault!.store.sqlite;
  const insert = sqlite.prepare(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, created_at) VALUES (?, 'male', ?, 'yes', 0, '2026-01-01')`);
  const L = 'ABCDEFGHIJKLMNOPRSTUVZ';
  sqlite.transaction(() => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const taken = new Set<string>();
    while (taken.size < CLIENTS) {
      const year = 1960 + Math.floor(rnd() * 45);
      const code = `${[0, 1, 2, 3].map(() => L[Math.floor(rnd() * L.length)]).join('')}1${year}`;
      if (taken.has(code)) continue;
      taken.add(code);
      insert.run(code, year);
    }
  })();

  // First screen ready: from navigation to the desk's code field focused.
  const firstScreen: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = Date.now();
    await page.goto(bridge.url);
    await expect(page.getByRole('combobox').first()).toBeFocused();
    firstScreen.push(Date.now() - t0);
  }

  // Keystroke to list: measured in the page, from the keydown to the listbox holding options.
  const field = page.getByRole('combobox').first();
  const keystroke: number[] = [];
  const probes = ['AB', 'KL', 'ST', 'ZA', 'MO', 'PE', 'RU', 'VI', 'DA', 'GE'];
  for (let round = 0; round < 3; round++) {
    for (const probe of probes) {
      await field.fill('');
      await field.type(probe[0]);
      await page.evaluate(() => {
        const w = window as unknown as { __t0?: number; __t1?: Promise<number> };
        w.__t1 = new Promise<number>((resolve) => {
          document.addEventListener('keydown', () => (w.__t0 = performance.now()), { once: true, capture: true });
          const obs = new MutationObserver(() => {
            if (w.__t0 !== undefined && document.querySelector('[role="listbox"] [role="option"]')) {
              obs.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - (w.__t0 ?? 0)));
            }
          });
          obs.observe(document.body, { childList: true, subtree: true, attributes: true });
        });
      });
      await page.keyboard.press(probe[1]);
      const ms = await page.evaluate(() => (window as unknown as { __t1: Promise<number> }).__t1);
      keystroke.push(ms);
    }
  }
  const result = {
    clients: CLIENTS,
    first_screen_ms: { p50: median(firstScreen), max: Math.max(...firstScreen) },
    keystroke_to_list_ms: { p50: Math.round(median(keystroke) * 10) / 10, p95: Math.round(p95(keystroke) * 10) / 10 },
  };
  console.log(`UI bench: ${JSON.stringify(result)}`);
  expect(keystroke.length).toBe(30);
});
