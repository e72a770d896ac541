// Each remaining screen at 1366×768 with a day's worth of data, saved to docs/screenshots/, and
// the working of the secondary-exchange, activity, stock, history and manager screens.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { core, seedDesk, today, shotBoth } from './helpers';
import type { Bridge } from '../bridge/server';

async function seedDay(bridge: Bridge) {
  const desk = await seedDesk(bridge);
  await core(bridge, 'settings.update', { cabinetName: 'Vilniaus žemo slenksčio kabinetas' });
  await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  const point = await core(bridge, 'sites.save', { name: 'Naujininkų punktas', kind: 'point' });
  await core(bridge, 'sites.save', { name: 'Vilniaus areštinė', kind: 'arrest_house' });
  await core(bridge, 'staff.add', { userName: 'ona', displayName: 'Ona Darbuotoja', role: 'social_worker', password: 'ona-slaptas-1' });
  await core(bridge, 'staff.add', { userName: 'dr.petras', displayName: 'Dr. Petras Gydytojas', role: 'medical', password: 'petras-slaptas-1' });
  for (const [date, out, back] of [['2026-09-03', 10, 12], ['2026-10-01', 20, 18], ['2026-10-20', 10, 10]] as const) {
    await core(bridge, 'visits.create', {
      date, clientId: desk.clients.ONJO11985, siteId: desk.cabinetId,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: out }, { itemKey: 'syringe', direction: 'in', quantity: back }, { itemKey: 'alcohol_pad', direction: 'out', quantity: out }],
      services: [{ type: 'consultation', units: 1 }, { type: 'referral', units: 1, referralTo: 'pharmacotherapy' }],
    });
  }
  await core(bridge, 'stock.receive', { date: '2026-09-01', itemKey: 'syringe', quantity: 2000, source: 'Savivaldybė' });
  await core(bridge, 'stock.receive', { date: '2026-09-01', itemKey: 'alcohol_pad', quantity: 1000, source: 'UNODC' });
  await core(bridge, 'items.save', { id: 1, key: 'syringe', category: 'syringe', labelLt: 'Švirkštas', labelEn: 'Syringe', lowStockThreshold: 2500 });
  await core(bridge, 'projects.save', { title: 'ŽIV prevencija tarp švirkščiamųjų narkotikų vartotojų', donor: 'UNODC', from: '2026-01-01', to: '2026-12-31', budgetMinor: 5_600_000, currency: 'EUR' });
  await core(bridge, 'activities.create', { date: '2026-10-14', type: 'meeting', title: 'Savivaldybės sveikatos komitetas', participants: 12, institution: 'municipality' });
  await core(bridge, 'secondary.record', { date: today(), clientId: desk.clients.RUTA11979, siteId: point.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 40 }], report: { pointId: point.id, peersStreet: 6, peersPoints: 9 } });
  return { ...desk, pointId: point.id };
}

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();

test('the code field lists matches from the third character, the first highlighted and arrows moving', async ({ page, bridge }) => {
  await seedDay(bridge);
  await page.goto(bridge.url);
  await expect(page.getByRole('combobox', { name: 'Kliento kodas' })).toBeFocused();
  await page.keyboard.type('ONJ');
  await expect(page.getByRole('option')).toHaveCount(2);
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('option', { selected: true })).toContainText('Registruoti naują klientą ONJ');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');
});

test('secondary exchange: a peer takes syringes for others and reports the peers reached', async ({ page, bridge }) => {
  const { clients } = await seedDay(bridge);
  await page.goto(bridge.url);
  await nav(page, 'Antrinis keitimas');
  await page.getByRole('combobox', { name: /Kliento, keičiančio kitiems, kodas/ }).fill('JUP');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sec-syringe-out')).toBeFocused();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter'); // moves on to "back"; saves nothing
  await expect(page.getByTestId('sec-syringe-in')).toBeFocused();
  await page.keyboard.type('20');
  await page.getByLabel('Gatvėje').fill('7');
  await page.getByLabel('Punktuose').fill('3');
  await page.getByRole('combobox', { name: 'Punktas' }).click();
  await page.getByRole('option', { name: 'Naujininkų punktas' }).click();
  await shotBoth(page, '12-secondary');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Antrinis keitimas išsaugotas.')).toBeVisible();
  const v = (await core(bridge, 'visits.day', { date: today() })).find((x) => x.clientId === clients.JUPE21990);
  expect(v?.kind).toBe('secondary');
  expect(v?.supplies).toEqual([
    { itemKey: 'syringe', direction: 'out', quantity: 50, forPeers: true },
    { itemKey: 'syringe', direction: 'in', quantity: 20, forPeers: false },
  ]);
  expect(v?.secondary).toMatchObject({ peersStreet: 7, peersPoints: 3 });
  // Today's list says what came back too.
  await expect(page.getByRole('region', { name: 'Šiandien' }).getByRole('row', { name: /JUPE21990/ })).toContainText('Švirkštas 50 / grąž. 20');
  // An empty secondary exchange is refused in words.
  await page.getByRole('combobox', { name: /Kliento, keičiančio kitiems, kodas/ }).fill('ONJ');
  // The finder's list comes from the core: Enter picks once it is there (on a loaded machine it takes a moment).
  await expect(page.getByRole('option', { selected: true })).toContainText('ONJO11985');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Nieko neįvesta' })).toBeVisible();
});

test('activities: an advocacy meeting is recorded and listed, and a void needs a reason', async ({ page, bridge }) => {
  await seedDay(bridge);
  await page.goto(bridge.url);
  await nav(page, 'Veiklos');
  await page.getByLabel('Kas vyko').fill('Susitikimas su policija');
  await page.getByLabel('Dalyviai').fill('8');
  await page.getByRole('combobox', { name: 'Institucija' }).click();
  await page.getByRole('option', { name: 'Teisėsauga' }).click();
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByRole('cell', { name: /Susitikimas su policija/ })).toBeVisible();
  await shotBoth(page, '13-activities');
  await page.getByRole('row', { name: /Savivaldybės sveikatos komitetas/ }).getByRole('button', { name: 'Anuliuoti' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Anuliuoti' }).click();
  await expect(page.getByText('Būtina nurodyti priežastį.')).toBeVisible();
  await page.getByLabel(/^Priežastis/).fill('Įvesta du kartus');
  await page.getByRole('dialog').getByRole('button', { name: 'Anuliuoti' }).click();
  await expect(page.getByRole('row', { name: /Savivaldybės sveikatos komitetas/ })).toContainText('Anuliuota');
});

test('stock: the balance follows from receipts and what went out; the manager records a receipt', async ({ page, bridge }) => {
  await seedDay(bridge);
  await page.goto(bridge.url);
  await nav(page, 'Atsargos');
  // 2 000 received, 80 went out on the seeded visits.
  const syringes = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Švirkštas', exact: true }) });
  await expect(syringes).toContainText(/1\s920/);
  await expect(syringes).toContainText('mažai');
  await page.getByRole('form', { name: 'Gautos priemonės' }).getByRole('combobox', { name: 'Priemonė' }).click();
  await page.getByRole('option', { name: 'Prezervatyvas' }).click();
  await page.getByRole('form', { name: 'Gautos priemonės' }).getByLabel('Gautas kiekis').fill('500');
  await page.getByRole('button', { name: 'Įrašyti gavimą' }).click();
  await expect(page.getByRole('row', { name: /^Prezervatyvas/ })).toContainText('500');
  await shotBoth(page, '14-stock');
});

test('client history: edit a visit, and void one with a reason; the voided one stays, struck through', async ({ page, bridge }) => {
  const { clients } = await seedDay(bridge);
  await page.goto(bridge.url);
  await nav(page, 'Kliento istorija');
  await page.getByRole('combobox', { name: 'Kliento kodas' }).fill('ONJ');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Apsilankymai (3)' })).toBeVisible();
  await shotBoth(page, '15-history');

  await page.getByRole('button', { name: `Taisyti ${'2026-10-20'} apsilankymą` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('1 eilutė: kiekis').fill('15');
  await shotBoth(page, '16-history-edit');
  await dialog.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByText('Apsilankymas išsaugotas.')).toBeVisible();

  await page.getByRole('button', { name: 'Anuliuoti 2026-09-03 apsilankymą' }).click();
  await page.getByLabel(/^Priežastis/).fill('Klaidingas klientas');
  await shotBoth(page, '17-void');
  await page.getByRole('dialog').getByRole('button', { name: 'Anuliuoti' }).click();
  await expect(page.getByText(/Anuliuota .*: Klaidingas klientas/)).toBeVisible();

  const history = await core(bridge, 'clients.history', { clientId: clients.ONJO11985 });
  expect(history.find((v) => v.date === '2026-10-20')?.supplies[0]).toMatchObject({ itemKey: 'syringe', direction: 'out', quantity: 15 });
  expect(history.find((v) => v.date === '2026-09-03')?.voided?.reason).toBe('Klaidingas klientas');
});

test('manager screens: staff, sites, catalogue, settings and projects', async ({ page, bridge }) => {
  await seedDay(bridge);
  await page.goto(bridge.url);

  await nav(page, 'Darbuotojai');
  await page.getByLabel(/^Naudotojo vardas/).fill('laura');
  await page.getByLabel(/^Vardas, rodomas programoje/).fill('Laura Slaugytoja');
  await page.getByRole('combobox', { name: 'Vaidmuo', exact: true }).click();
  await page.getByRole('option', { name: 'Gydytojas ar slaugytojas' }).click();
  await page.getByLabel(/^Pirmasis slaptažodis/).fill('trumpas');
  await page.getByRole('button', { name: 'Pridėti paskyrą' }).click();
  // The core's reason key, said in Lithuanian next to the field.
  await expect(page.locator('.mantine-InputWrapper-error', { hasText: 'bent 8 simboliai' })).toBeVisible();
  await page.getByLabel(/^Pirmasis slaptažodis/).fill('laura-slaptas-1');
  await page.getByRole('button', { name: 'Pridėti paskyrą' }).click();
  await expect(page.getByRole('cell', { name: 'Laura Slaugytoja', exact: true })).toBeVisible();
  await expect(page.getByLabel(/^Naudotojo vardas/)).toHaveValue('');
  await shotBoth(page, '18-staff');

  await nav(page, 'Vietos');
  await page.getByLabel(/^Pavadinimas/).fill('Mobilusis autobusas');
  await page.getByRole('combobox', { name: 'Rūšis' }).click();
  await page.getByRole('option', { name: 'Mobilusis kabinetas' }).click();
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByRole('cell', { name: 'Mobilusis autobusas', exact: true })).toBeVisible();
  await shotBoth(page, '19-sites');

  await nav(page, 'Katalogas');
  await page.getByRole('button', { name: 'Taisyti: Naloksonas' }).click();
  await page.getByLabel('Įspėti, kai mažiau nei').fill('20');
  await shotBoth(page, '20-catalogue');
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByRole('row', { name: /Naloksonas/ })).toContainText('20');

  await nav(page, 'Nustatymai');
  await page.getByLabel('Užrakinti po neveiklos minučių').fill('500');
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByText('turi būti ne daugiau kaip 120')).toBeVisible();
  await page.getByLabel('Užrakinti po neveiklos minučių').fill('3');
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByText('Nustatymai išsaugoti.')).toBeVisible();
  expect((await core(bridge, 'settings.get', {})).idleLockMinutes).toBe(3);
  await shotBoth(page, '21-settings');

  await nav(page, 'Projektai');
  await page.getByLabel(/^Pavadinimas/).fill('Antrinis keitimas Kaune');
  await page.getByLabel(/^Rėmėjas/).fill('Savivaldybė');
  await page.getByLabel(/^Nuo/).fill('2026-03-15');
  await page.getByLabel(/^Iki/).fill('2026-06-15');
  await page.getByLabel(/^Biudžetas/).fill('6100,50');
  await page.getByRole('button', { name: 'Išsaugoti' }).click();
  await expect(page.getByRole('cell', { name: 'Antrinis keitimas Kaune', exact: true })).toBeVisible();
  expect((await core(bridge, 'projects.list', {})).find((p) => p.title === 'Antrinis keitimas Kaune')?.budgetMinor).toBe(610050);
  await shotBoth(page, '22-projects');
});
