import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, seedDesk, today, shotBoth } from './helpers';
import type { Bridge } from '../bridge/server';

/** Presses keys one by one and counts them (a chord such as Ctrl+Enter is one key). */
function keyCounter(page: Page) {
  const c = {
    keys: 0,
    async type(text: string) {
      for (const ch of text) {
        await page.keyboard.press(ch);
        c.keys++;
      }
    },
    async press(key: string) {
      await page.keyboard.press(key);
      c.keys++;
    },
  };
  return c;
}

const codeField = (page: Page) => page.getByRole('combobox', { name: 'Kliento kodas' });
const visitsToday = async (bridge: Bridge) => (await core(bridge, 'visits.day', { date: today() })).filter((v) => !v.voided);

/** From the empty code field: three characters and Enter, the visit form open at "syringes out". */
async function pickClient(page: Page, chars: string) {
  await expect(codeField(page)).toBeFocused();
  await page.keyboard.type(chars);
  await expect(page.getByRole('option', { selected: true })).toContainText(chars);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toBeFocused();
}

test('the domain\'s visit "10 out, 12 back, 10 pads, consultation" takes at most 12 keys after the code, no mouse', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await page.goto(bridge.url);
  await expect(codeField(page)).toBeFocused();
  await page.keyboard.type('ONJ');
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');

  const k = keyCounter(page);
  await k.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toBeFocused();
  await k.type('10');
  await k.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Grąžinta' })).toBeFocused();
  await k.type('12');
  await k.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Spiritinė servetėlė — Išduota' })).toBeFocused();
  await k.type('10');
  await k.press('Alt+k');
  await expect(page.getByRole('button', { name: /Konsultavimas$/ })).toHaveAttribute('aria-pressed', 'true');
  await k.press('Control+Enter');

  await expect(page.getByTestId('desk-saved')).toContainText('išduota švirkštų 10, grąžinta 12');
  await expect(codeField(page)).toBeFocused();
  expect(k.keys).toBeLessThanOrEqual(12);
  test.info().annotations.push({ type: 'keys after the code', description: String(k.keys) });

  const visits = await visitsToday(bridge);
  expect(visits).toHaveLength(1);
  expect(visits[0].clientId).toBe(clients.ONJO11985);
  expect(visits[0].kind).toBe('cabinet');
  expect(visits[0].supplies).toEqual([
    { itemKey: 'syringe', direction: 'out', quantity: 10, forPeers: false },
    { itemKey: 'syringe', direction: 'in', quantity: 12, forPeers: false },
    { itemKey: 'alcohol_pad', direction: 'out', quantity: 10, forPeers: false },
  ]);
  expect(visits[0].services.map((s) => s.type)).toEqual(['consultation']);
  // Today's list shows it, newest first, without the mouse having been needed.
  await expect(page.getByTestId('today-visit').first()).toContainText('ONJO11985');
  await shotBoth(page, '04-desk');
});

test('a double Enter, an Enter after a number and an empty Ctrl+Enter save nothing, and say why', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await pickClient(page, 'RUT');
  // The second Enter moves on; it does not save.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Grąžinta' })).toBeFocused();
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Spiritinė servetėlė — Išduota' })).toBeFocused();
  expect(await visitsToday(bridge)).toHaveLength(0);
  // Nothing given or taken back yet (the 10 went to "back"; clear it): Ctrl+Enter is refused in words.
  await page.getByRole('textbox', { name: 'Švirkštas — Grąžinta' }).fill('');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-error')).toContainText('Apsilankyme nieko neįvesta');
  expect(await visitsToday(bridge)).toHaveLength(0);
  // The core refuses it too, whatever screen or caller.
  const r = await bridge.core.call('visits.create', { date: today(), clientId: 1 });
  expect(r.ok).toBe(false);
});

test('5000 syringes are asked about inline and saved only on a second Ctrl+Enter', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await pickClient(page, 'JUP');
  await page.keyboard.type('5000');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('plausible')).toContainText('Švirkštas išduota 5 000');
  await expect(page.getByTestId('plausible')).toContainText('Ctrl+Enter dar kartą');
  expect(await visitsToday(bridge)).toHaveLength(0);
  // Corrected to 50: no question, saved at once.
  await page.getByRole('textbox', { name: 'Švirkštas — Išduota' }).fill('50');
  await expect(page.getByTestId('plausible')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Švirkštas — Išduota' }).fill('5000');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('plausible')).toBeVisible();
  await shotBoth(page, '08-desk-plausible');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-saved')).toContainText('išduota švirkštų 5 000');
  const [v] = await visitsToday(bridge);
  expect(v.supplies).toEqual([{ itemKey: 'syringe', direction: 'out', quantity: 5000, forPeers: false }]);
});

test('quantity fields show what was typed and refuse non-digits at the field; "k" in a quantity toggles nothing', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await pickClient(page, 'RUT');
  const out = page.getByRole('textbox', { name: 'Švirkštas — Išduota' });
  const consultation = page.getByRole('button', { name: /Konsultavimas$/ });
  for (const typed of ['2,5', 'l2', '1o0', '-5', '10k']) {
    await out.fill('');
    await out.pressSequentially(typed);
    await expect(out).toHaveValue(typed);
    await expect(out).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('row', { name: /Švirkštas/ }).first()).toContainText('Tik skaitmenys');
    await expect(consultation).toHaveAttribute('aria-pressed', 'false');
  }
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-error')).toContainText('tik skaitmenimis');
  await expect(out).toBeFocused();
  await expect(out).toHaveValue('10k');
  expect(await visitsToday(bridge)).toHaveLength(0);
  await out.fill('10');
  await expect(out).not.toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-saved')).toBeVisible();
  expect((await visitsToday(bridge))[0].supplies).toEqual([{ itemKey: 'syringe', direction: 'out', quantity: 10, forPeers: false }]);
});

test('the core\'s limit still stands: 200000 is refused at the field with everything typed kept', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await pickClient(page, 'RUT');
  const out = page.getByRole('textbox', { name: 'Švirkštas — Išduota' });
  await page.keyboard.type('200000');
  await page.keyboard.press('Alt+k');
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('Control+Enter'); // confirms the large number; the core then refuses it
  // The limit as the screen's language writes a number (Lithuanian groups thousands: 100 000).
  await expect(page.getByRole('alert').filter({ hasText: /100[\s\u00a0]?000/ })).toBeVisible();
  await expect(out).toHaveValue('200000');
  await expect(page.getByRole('button', { name: /Konsultavimas$/ })).toHaveAttribute('aria-pressed', 'true');
  expect(await visitsToday(bridge)).toHaveLength(0);
});

test('Esc on a filled visit puts it aside; picking the client again brings it back', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await pickClient(page, 'JUP');
  await page.keyboard.type('7');
  await page.keyboard.press('Alt+i');
  await page.keyboard.press('Escape');
  await expect(codeField(page)).toBeFocused();
  await expect(page.getByTestId('desk-saved')).toContainText('JUPE21990 apsilankymas neišsaugotas, bet atidėtas');
  expect(await visitsToday(bridge)).toHaveLength(0);
  await pickClient(page, 'JUP');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toHaveValue('7');
  await expect(page.getByRole('button', { name: /Informavimas$/ })).toHaveAttribute('aria-pressed', 'true');
  // Another client's form starts empty.
  await page.keyboard.press('Escape');
  await pickClient(page, 'RUT');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toHaveValue('');
  // An empty form closes with Esc, nothing put aside.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('desk-saved')).toHaveCount(0);
});

test('today at the desk: every syringe size counted, undo of the last save, edit and void from the list, F4 hides it', async ({ page, bridge }) => {
  const { clients, cabinetId } = await seedDesk(bridge);
  await core(bridge, 'visits.create', { date: today(), clientId: clients.RUTA11979, siteId: cabinetId, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 3 }] });
  await page.goto(bridge.url);
  await pickClient(page, 'ONJ');
  await page.getByRole('textbox', { name: 'Švirkštas 2 ml — Išduota' }).fill('10');
  await page.getByRole('textbox', { name: 'Švirkštas 5 ml — Grąžinta' }).fill('4');
  await page.keyboard.press('Control+Enter');
  // 10 × 2 ml is ten syringes, not "0" (issue 15).
  await expect(page.getByTestId('desk-saved')).toContainText('išduota švirkštų 10, grąžinta 4');
  const rows = page.getByTestId('today-visit');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('ONJO11985');
  await expect(rows.first()).toContainText('Švirkštas 2 ml 10');
  await expect(rows.nth(1)).toContainText('RUTA11979');
  await shotBoth(page, '04-desk-today');

  // Undo, from the empty code field: a void with the reason said on screen.
  await expect(codeField(page)).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('desk-saved')).toContainText('ONJO11985 apsilankymas atšauktas');
  const all = await core(bridge, 'visits.day', { date: today() });
  expect(all.find((v) => v.clientId === clients.ONJO11985)?.voided?.reason).toBe('Atšaukta priėmime');
  await expect(rows.first()).toContainText('anuliuota: Atšaukta priėmime');

  // Edit the other one from the list.
  await rows.nth(1).getByRole('button', { name: /^Taisyti/ }).click();
  await page.getByRole('dialog').getByLabel('1 eilutė: kiekis').fill('5');
  await page.getByRole('dialog').getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(rows.nth(1)).toContainText('Prezervatyvas 5');
  expect((await visitsToday(bridge))[0].supplies[0].quantity).toBe(5);

  // F4 hides the codes from the screen and shows them again.
  await page.keyboard.press('F4');
  await expect(page.getByTestId('today-visits')).toHaveCount(0);
  await expect(page.getByText('Šiandienos sąrašas paslėptas')).toBeVisible();
  await page.keyboard.press('F4');
  await expect(page.getByTestId('today-visits')).toBeVisible();
});

test('the finder lists codes only from the third character, at most five', async ({ page, bridge }) => {
  await seedDesk(bridge);
  // Seven codes beginning ONA (each two characters from the others: no likely duplicates).
  for (const [i, letter] of [...'ABCDEFG'].entries()) {
    await core(bridge, 'clients.register', { code: `ONA${letter}1198${i}`, sex: 'male', birthYear: 1980 + i, confirmNotDuplicate: true });
  }
  await page.goto(bridge.url);
  await expect(codeField(page)).toBeFocused();
  await page.keyboard.type('ON');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(page.getByRole('option')).toHaveCount(0);
  await page.keyboard.type('A');
  await expect(page.getByRole('option', { selected: true })).toBeVisible();
  // Five codes and the offer to register.
  await expect(page.getByRole('option')).toHaveCount(6);
  await shotBoth(page, '05-desk-search');
});

test('an unknown code opens registration; the code builder makes the code from the parents\' names, sex and year', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  const code = codeField(page);
  await code.fill('XQZ');
  await expect(page.getByRole('option', { selected: true })).toContainText('Registruoti naują klientą XQZ');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Naujas klientas' })).toBeVisible();
  await expect(page.getByLabel('Motinos vardas')).toBeFocused();
  await page.keyboard.type('Petronėlė');
  await page.getByLabel('Tėvo vardas').fill('Jonas');
  await page.getByLabel('Lytis').first().click();
  await page.getByRole('option', { name: 'Moteris' }).click();
  await page.getByLabel('Gimimo metai').fill('1988');
  await expect(page.getByLabel(/^Kliento kodas/).last()).toHaveValue('PEJO21988');
  await shotBoth(page, '06-register');
  await page.getByRole('button', { name: 'Registruoti' }).click();

  await expect(page.getByTestId('client-card')).toContainText('PEJO21988');
  await expect(page.getByRole('textbox', { name: 'Švirkštas — Išduota' })).toBeFocused();
  const found = await core(bridge, 'clients.search', { query: 'PEJO21988' });
  expect(found.map((c) => [c.code, c.sex, c.birthYear])).toEqual([['PEJO21988', 'female', 1988]]);
});

test('a code one typo from a known one shows the likely duplicate and needs a confirmation', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await codeField(page).fill('ONJP11985');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('duplicates')).toContainText('ONJO11985');
  await shotBoth(page, '07-register-duplicate');
  await page.keyboard.press('Control+Enter');
  // The core refuses without the confirmation, in the screen's language (issue 15, item 8); nothing typed is lost.
  await expect(page.getByText('Jau yra klientas, kurio kodas nuo šio skiriasi viena rašybos klaida', { exact: false })).toBeVisible();
  await expect(page.getByText(/typo/)).toHaveCount(0);
  await shotBoth(page, '07b-register-duplicate-refused');
  await expect(page.getByLabel(/^Kliento kodas/).last()).toHaveValue('ONJP11985');
  expect(await core(bridge, 'clients.search', { query: 'ONJP11985' })).toHaveLength(0);
  await page.getByLabel('Pasitikslinau su klientu: tai kitas asmuo').check();
  await page.getByRole('button', { name: 'Registruoti' }).click();
  await expect(page.getByTestId('client-card')).toContainText('ONJP11985');
});

test('"same as last visit" is one key: F2 fills the last visit\'s items and services', async ({ page, bridge }) => {
  const { clients, cabinetId } = await seedDesk(bridge);
  await core(bridge, 'visits.create', {
    date: '2026-01-05', clientId: clients.RUTA11979, siteId: cabinetId,
    supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'alcohol_pad', direction: 'out', quantity: 10 }],
    services: [{ type: 'consultation', units: 1 }],
  });
  await page.goto(bridge.url);
  await pickClient(page, 'RUT');
  await expect(page.getByTestId('client-card')).toContainText('RUTA11979');
  await expect(page.getByRole('button', { name: /Kaip praėjusį kartą/ })).toBeEnabled();
  await page.keyboard.press('F2');
  await expect(page.getByRole('textbox', { name: 'Spiritinė servetėlė — Išduota' })).toHaveValue('10');
  await expect(page.getByRole('button', { name: /Konsultavimas$/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('textbox', { name: 'Švirkštas 5 ml — Grąžinta' }).fill('100000');
  await shotBoth(page, '08-desk-visit');
  await page.getByRole('textbox', { name: 'Švirkštas 5 ml — Grąžinta' }).fill('');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('desk-saved')).toBeVisible();
  const [v] = await visitsToday(bridge);
  expect(v.supplies.map((s) => [s.itemKey, s.quantity])).toEqual([['syringe', 10], ['alcohol_pad', 10]]);
  expect(v.services.map((s) => s.type)).toEqual(['consultation']);
});
