// A pharmacotherapy change recorded by mistake is voided from the client's history (issue 17;
// domain.md: nothing is deleted, a mistaken record is voided with a reason). Through the real
// screen: the void asks for a confirmation with a reason, the voided change stays listed, struck
// through and marked, and the status today is the latest change that stands. Screenshots at
// 1366×768 and 1024×768 go to docs/screenshots/.
import { test, expect } from './fixtures';
import { core, openScreen, seedDesk, shotBoth } from './helpers';

const daysAgo = (n: number): string => {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('a mistaken end of pharmacotherapy is voided with a reason: listed struck through, and the client is in therapy again from the start', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  const client = clients.JUPE21990;
  const start = daysAgo(40);
  const end = daysAgo(5);
  await core(bridge, 'clients.setPharmacotherapy', { clientId: client, status: true, date: start });
  await core(bridge, 'clients.setPharmacotherapy', { clientId: client, status: false, date: end });

  await page.goto(bridge.url);
  await openScreen(page, 'Kliento istorija');
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('JUP');
  await expect(page.getByRole('option', { selected: true })).toContainText('JUPE21990');
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('pharmacotherapy');
  await expect(panel.getByTestId('pharmacotherapy-now')).toHaveText(`Pakaitinis gydymas baigtas ${end}`);
  const rows = panel.getByTestId('pharmacotherapy-change');
  await expect(rows).toHaveText([`${end}gydymas baigtasAnuliuoti`, `${start}gydymas pradėtasAnuliuoti`]);

  // The confirmation can be left: nothing is voided.
  const voidEnd = panel.getByRole('button', { name: `Anuliuoti ${end} pakeitimą (gydymas baigtas)` });
  await voidEnd.click();
  const dialog = page.getByRole('dialog', { name: 'Anuliuoti įrašą' });
  await expect(dialog).toContainText(`${end} · Pakaitinis gydymas: gydymas baigtas`);
  await dialog.getByRole('button', { name: 'Atšaukti' }).click();
  await expect(dialog).toBeHidden();
  expect((await core(bridge, 'clients.card', { id: client })).pharmacotherapy.every((c) => c.voided === null)).toBe(true);

  // A reason is required, then the end is voided.
  await voidEnd.click();
  await dialog.getByRole('button', { name: 'Anuliuoti' }).click();
  await expect(dialog).toContainText('Būtina nurodyti priežastį.');
  await dialog.getByLabel('Priežastis').fill('Įrašyta ne tam klientui');
  await dialog.getByRole('button', { name: 'Anuliuoti' }).click();
  await expect(dialog).toBeHidden();

  // In therapy again since the start; the end stays listed, struck through and marked, with no action.
  await expect(panel.getByTestId('pharmacotherapy-now')).toHaveText(`Pakaitiniame gydyme nuo ${start}`);
  await expect(rows).toHaveText([`${end}gydymas baigtasanuliuota: Įrašyta ne tam klientui`, `${start}gydymas pradėtasAnuliuoti`]);
  const voided = rows.first();
  await expect(voided).toHaveAttribute('data-voided', 'true');
  await expect(voided.getByRole('cell').first()).toHaveCSS('text-decoration-line', 'line-through');
  await expect(voided.getByRole('button')).toHaveCount(0);
  // The change offered next is an end again (the client is in therapy today).
  await expect(panel.getByRole('radio', { name: 'Gydymas baigtas' })).toBeChecked();
  await shotBoth(page, '57-history-pharmacotherapy-voided');

  const card = await core(bridge, 'clients.card', { id: client });
  expect(card.client.inPharmacotherapy).toBe(true);
  expect(card.pharmacotherapy.map((c) => [c.date, c.status, c.voided?.reason ?? null])).toEqual([[start, true, null], [end, false, 'Įrašyta ne tam klientui']]);
});
