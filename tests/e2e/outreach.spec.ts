import { test, expect } from './fixtures';
import { MANAGER, core, seedDesk, today, shotBoth } from './helpers';

test('outreach session: place, two workers, a known client\'s row and anonymous contacts with what they got', async ({ page, bridge }) => {
  const { clients } = await seedDesk(bridge);
  await core(bridge, 'sites.save', { name: 'Stotis, tunelis', kind: 'outreach_place' });
  await core(bridge, 'staff.add', { userName: 'jonas', displayName: 'Jonas Gatvinis', role: 'social_worker', password: 'jonas-slaptas-1' });
  await page.goto(bridge.url);
  await page.getByRole('navigation').getByRole('button', { name: 'Išvykos' }).click();

  await page.getByRole('combobox', { name: 'Vieta' }).click();
  await page.getByRole('option', { name: 'Stotis, tunelis' }).click();
  await page.getByRole('combobox', { name: 'Darbuotojai' }).fill('Jon');
  await page.getByRole('option', { name: 'Jonas Gatvinis' }).click();
  await page.keyboard.press('Escape');

  await page.getByRole('combobox', { name: 'Pridėti klientą pagal kodą' }).fill('JUP');
  await page.keyboard.press('Enter');
  await page.getByTestId('row-JUPE21990-syringe-out').fill('20');
  await page.getByTestId('row-JUPE21990-syringe-in').fill('15');
  await page.getByTestId('anon-count').fill('4');
  await page.getByTestId('anon-syringe-out').fill('30');
  await page.getByTestId('anon-condom-out').fill('8');
  await shotBoth(page, '11-outreach');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Išvyka į Stotis, tunelis išsaugota.')).toBeVisible();

  const [session] = await core(bridge, 'outreach.list', { from: today(), to: today() });
  expect(session.placeName).toBe('Stotis, tunelis');
  expect(session.workers.sort()).toEqual(['Jonas Gatvinis', MANAGER.displayName].sort());
  expect(session.knownContacts).toBe(1);
  expect(session.anonymousContacts).toBe(4);
  expect([session.syringesOut, session.syringesIn]).toEqual([50, 15]);
  const visits = await core(bridge, 'visits.day', { date: today() });
  expect(visits.find((v) => v.clientId === clients.JUPE21990)?.kind).toBe('outreach');
  await expect(page.getByTestId('outreach-session')).toContainText('Stotis, tunelis');
});

test('an outreach session without a place says so at the place field and keeps the rows', async ({ page, bridge }) => {
  await seedDesk(bridge);
  await page.goto(bridge.url);
  await page.getByRole('navigation').getByRole('button', { name: 'Išvykos' }).click();
  await page.getByTestId('anon-count').fill('2');
  await page.getByRole('button', { name: /Išsaugoti išvyką/ }).click();
  await expect(page.getByText('Pasirinkite vietą.')).toBeVisible();
  await expect(page.getByTestId('anon-count')).toHaveValue('2');
});
