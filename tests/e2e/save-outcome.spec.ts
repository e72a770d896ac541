// Saving a file the core made, as the app does it (the system's save dialog, through the preload's
// window.dialogs, stood in for here as the main process answers): a full disk or a refused folder
// is said, in Lithuanian, and never "exported"; a cancel says nothing; a save says where.
import { test, expect } from './fixtures';
import { core, openScreen, seedDesk } from './helpers';

// Each stands in for the main process with a script the page runs at every load: a page of its own.
test.use({ ownContext: true });

type Answer = { ok: true; value: string | null } | { ok: false; error: { code: string; message: string; field?: string } };

for (const [what, answer, shown] of [
  ['a full disk', { ok: false, error: { code: 'rejected', message: 'The disk is full; the file was not saved.', field: 'ENOSPC' } }, 'Diskas pilnas: failas neišsaugotas.'],
  ['a folder that refuses the file', { ok: false, error: { code: 'rejected', message: 'The file could not be saved there (EACCES); choose another folder.', field: 'EACCES' } }, 'Failas neišsaugotas toje vietoje'],
  ['a cancel', { ok: true, value: null }, null],
  ['a save', { ok: true, value: '/home/vadove/Documents/registras.xlsx' }, 'Apsilankymai: 1'],
] as Array<[string, Answer, string | null]>) {
  test(`register export ended by ${what}: the screen says exactly that`, async ({ page, bridge }) => {
    const { cabinetId, clients } = await seedDesk(bridge);
    await core(bridge, 'visits.create', { date: '2026-10-02', clientId: clients.ONJO11985, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20 }] });
    await page.addInitScript((a) => {
      (window as unknown as { dialogs: unknown }).dialogs = { chooseFolder: async () => ({ ok: true, value: null }), save: async () => a };
    }, answer);
    await page.goto(bridge.url);
    await openScreen(page, 'Duomenys');
    await page.getByRole('tab', { name: 'Registro eksportas' }).click();
    await page.getByRole('button', { name: 'Eksportuoti registrą' }).click();
    if (shown && answer.ok) await expect(page.getByTestId('export-done')).toContainText(shown);
    else {
      if (shown) await expect(page.getByText(shown)).toBeVisible();
      // The mark: the export ran (the button is free again), and nothing claims it was saved.
      await expect(page.getByRole('button', { name: 'Eksportuoti registrą' })).toBeEnabled();
      await expect(page.getByTestId('export-done')).toHaveCount(0);
      await expect(page.getByText(/Eksportuota/)).toHaveCount(0);
    }
  });
}
