// The follow-up list (issue 17), keyboard only: the manager sees why each client is listed and
// records a referral's outcome in place; a social worker sees the same clients and only "ask them
// to see the doctor". And on the medical screen, an HCV RNA test's result and the care steps after
// a positive test.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, moveToOption, openScreen, seedDesk, shotBoth, today } from './helpers';
import { addDays, addMonths } from '../../shared/dates';

/** Tabs forward until the element has the focus (the keyboard's way there). */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the element was not reached with Tab');
}

test('follow-up: the manager reads the reasons and records an arrival with the keyboard; the desk sees the clients alone', async ({ page, bridge }) => {
  const { cabinetId, clients } = await seedDesk(bridge);
  const day = today();
  // ONJO11985: regular two months ago (three visit-days in one month), not seen since.
  const month = addMonths(day, -2).slice(0, 7);
  for (const d of ['03', '10', '17']) {
    await core(bridge, 'visits.create', { date: `${month}-${d}`, clientId: clients.ONJO11985, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
  }
  // JUPE21990: a positive HIV result three days ago, not yet given.
  await core(bridge, 'visits.create', {
    date: addDays(day, -3), clientId: clients.JUPE21990, siteId: cabinetId, kind: 'medical',
    services: [{ type: 'pre_test_counselling', units: 1 }], tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }],
  });
  // RUTA11979: referred to pharmacotherapy twenty days ago; whether they arrived is not known.
  const referral = await core(bridge, 'visits.create', {
    date: addDays(day, -20), clientId: clients.RUTA11979, siteId: cabinetId, services: [{ type: 'referral', units: 1, referralTo: 'pharmacotherapy' }],
  });

  await page.goto(bridge.url);
  const nav = page.getByRole('navigation').getByRole('button', { name: 'Priminimai', exact: true });
  await nav.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Kam šiandien reikia komandos' })).toBeVisible();
  await expect(page.getByText('Klientų sąraše: 3')).toBeVisible();
  await expect(page.getByTestId('followup-ONJO11985')).toContainText('Nuolatinis klientas nesilanko 4 sav. ar ilgiau');
  await expect(page.getByTestId('followup-JUPE21990')).toContainText('Teigiamas ŽIV rezultatas');
  await expect(page.getByTestId('followup-RUTA11979')).toContainText('nežinoma, ar atvyko');
  await shotBoth(page, '40-followup-medical');

  // The referral's outcome, from the list, by keyboard: Tab to it, open, pick "Atvyko", Enter.
  const outcome = page.getByTestId('followup-RUTA11979').getByRole('combobox', { name: /^Ar atvyko: Pakaitinis gydymas/ });
  await tabTo(page, outcome);
  await page.keyboard.press('ArrowDown');
  await moveToOption(page, page.getByRole('option', { name: 'Atvyko', exact: true }), 'ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Įrašyta, ar klientas atvyko.')).toBeVisible();
  await expect(page.getByTestId('followup-RUTA11979')).not.toContainText('nežinoma, ar atvyko');
  expect((await core(bridge, 'visits.get', { id: referral.id })).services[0].referralOutcome).toBe('arrived');

  // A code opens the client's history, with Enter.
  await tabTo(page, page.getByRole('button', { name: 'Atidaryti kliento JUPE21990 istoriją' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Kliento istorija' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Apsilankymai/ })).toBeVisible();

  // The desk: the same clients, and only "ask them to see the doctor".
  await core(bridge, 'staff.add', { userName: 'jonas', displayName: 'Jonas Priėmėjas', role: 'social_worker', password: 'jonas-slaptas-1' });
  await core(bridge, 'session.logout', {});
  await core(bridge, 'session.login', { userName: 'jonas', password: 'jonas-slaptas-1' });
  await page.goto(bridge.url);
  await openScreen(page, 'Priminimai');
  await expect(page.getByText('Kai šie klientai ateis, paprašykite jų užeiti pas gydytoją.')).toBeVisible();
  const rows = page.getByRole('row').filter({ hasText: 'Paprašykite užeiti pas gydytoją' });
  await expect(rows).toHaveCount(3);
  const main = page.getByRole('main');
  for (const word of ['ŽIV', 'Teigiamas', 'nesilanko', 'Tarpininkavimas', 'HCV', 'tirtis']) await expect(main).not.toContainText(word);
  await shotBoth(page, '41-followup-desk');
});

test('medical screen: an HCV RNA result entered later; care steps after a positive test, recorded and voided with the keyboard', async ({ page, bridge }) => {
  const { cabinetId, clients } = await seedDesk(bridge);
  await core(bridge, 'visits.create', {
    date: addDays(today(), -30), clientId: clients.ONJO11985, siteId: cabinetId, kind: 'medical',
    services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'hcv', results: { hcv: 'positive' } }],
  });
  await core(bridge, 'visits.create', { date: addDays(today(), -20), clientId: clients.ONJO11985, siteId: cabinetId, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
  // An HCV RNA test awaiting its result: listed with the others, asking for the HCV result alone.
  const rna = await core(bridge, 'visits.create', { date: addDays(today(), -2), clientId: clients.RUTA11979, siteId: cabinetId, kind: 'medical', tests: [{ type: 'hcv_rna' }] });
  await page.goto(bridge.url);
  await openScreen(page, 'Medicina');
  const pending = page.getByTestId(`pending-test-${rna.tests[0].id}`);
  await expect(pending).toContainText('HCV RNR');
  await expect(pending.getByRole('radiogroup')).toHaveCount(1);
  await pending.getByRole('radiogroup', { name: 'HCV' }).getByText('teigiamas').click();
  await pending.getByRole('button', { name: 'Išsaugoti rezultatus' }).click();
  await expect(pending).toHaveCount(0);
  expect((await core(bridge, 'visits.get', { id: rna.id })).tests[0].results).toEqual({ hiv: null, hbv: null, hcv: 'positive' });

  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('ONJ');
  await page.keyboard.press('Enter');
  const care = page.getByRole('region', { name: 'Gydymas po teigiamo tyrimo' });
  await expect(care).toContainText('Gydymo etapų dar neįrašyta.');

  // Hepatitis C (the default), "Pateko pas specialistą", today: Tab to the button, Enter.
  await tabTo(page, care.getByRole('button', { name: 'Įrašyti etapą' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Gydymo etapas įrašytas.')).toBeVisible();
  await expect(care).toContainText('Hepatitas C: Pateko pas specialistą');
  // HIV has no positive result: refused, in Lithuanian, at the date.
  await tabTo(page, care.getByRole('combobox', { name: 'Infekcija' }));
  await page.keyboard.press('ArrowDown');
  await moveToOption(page, page.getByRole('option', { name: 'ŽIV', exact: true }), 'ArrowDown');
  await page.keyboard.press('Enter');
  await tabTo(page, care.getByRole('button', { name: 'Įrašyti etapą' }));
  await page.keyboard.press('Enter');
  await expect(care.getByRole('alert')).toHaveText('Gydymo etapas įrašomas po teigiamo ŽIV rezultato: šiam klientui iki tos dienos toks rezultatas neįrašytas.');
  await care.getByRole('heading').scrollIntoViewIfNeeded();
  await shotBoth(page, '42-medical-care');

  await tabTo(page, care.getByRole('button', { name: /^Anuliuoti: Pateko pas specialistą/ }));
  await page.keyboard.press('Enter');
  // The void dialog puts the cursor on its reason.
  await expect(page.getByRole('dialog').getByRole('textbox')).toBeFocused();
  await page.keyboard.type('Ne tas klientas');
  await page.keyboard.press('Enter');
  await expect(care.getByText('Ne tas klientas', { exact: false })).toBeVisible();
  const steps = await core(bridge, 'care.list', { clientId: clients.ONJO11985 });
  expect(steps.map((s) => [s.infection, s.step, s.voided?.reason])).toEqual([['hcv', 'linked_to_care', 'Ne tas klientas']]);
});
