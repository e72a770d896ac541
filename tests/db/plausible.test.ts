// The quantity above which the forms ask for a confirmation (issue 15: 5000 syringes were saved
// silently): 200 without history, the cabinet's own 99.5th percentile per item with it (never
// below the floor), or the manager's setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import { PLAUSIBLE_DEFAULT, PLAUSIBLE_FLOOR } from '../../db/services/settings';
import { attempt, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
let core: Core;
let dir: string;
let site: number;

beforeAll(async () => {
  const cab = await newCabinet({ today: () => TODAY });
  ({ core, dir } = cab);
  site = cab.cabinet.id;
  await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
});
afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `times` anonymous visits, each giving out `quantity` of the item. */
async function giveOut(itemKey: string, quantity: number, times: number, date = '2026-10-01', direction: 'out' | 'in' = 'out') {
  const ids: number[] = [];
  for (let i = 0; i < times; i++) ids.push((await must(core, 'visits.create', { date, siteId: site, supplies: [{ itemKey, direction, quantity }] })).id);
  return ids;
}

const limits = async () => (await must(core, 'visits.plausibleQuantities', {})).byItem;

describe('plausible quantities', () => {
  it('without history every item of the catalogue has the default', async () => {
    const byItem = await limits();
    const items = await must(core, 'items.list', {});
    expect(Object.keys(byItem).sort()).toEqual(items.map((i) => i.key).sort());
    expect(new Set(Object.values(byItem))).toEqual(new Set([PLAUSIBLE_DEFAULT]));
  });

  it('with history: the 99.5th percentile of what one line gave out, so one slip of 5000 does not raise it', async () => {
    await giveOut('syringe', 10, 297);
    await giveOut('syringe', 80, 2);
    await giveOut('syringe', 5000, 1);
    expect((await limits()).syringe).toBe(80);
    // Voided visits, what came back, and lines older than two years are not the cabinet's practice.
    const voided = await giveOut('syringe', 300, 3);
    for (const id of voided) await must(core, 'visits.void', { id, reason: 'įvesta per klaidą' });
    await giveOut('syringe', 900, 3, '2026-10-02', 'in');
    await giveOut('syringe', 700, 3, '2024-10-01');
    expect((await limits()).syringe).toBe(80);
    // Another item keeps its own: a few lines are not history yet.
    await giveOut('condom', 500, 20);
    expect((await limits()).condom).toBe(PLAUSIBLE_DEFAULT);
  }, 60_000);

  it('never below the floor: a cabinet that always gives 10 pads does not ask about 12', async () => {
    await giveOut('alcohol_pad', 10, 200);
    expect((await limits()).alcohol_pad).toBe(PLAUSIBLE_FLOOR);
  }, 60_000);

  it('the manager sets one quantity for every item, and takes it back; a social worker reads it but cannot set it', async () => {
    expect((await must(core, 'settings.update', { confirmQuantityAbove: 120 })).confirmQuantityAbove).toBe(120);
    expect(new Set(Object.values(await limits()))).toEqual(new Set([120]));
    const zero = await attempt(core, 'settings.update', { confirmQuantityAbove: 0 });
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.error.field).toBe('confirmQuantityAbove');
    await must(core, 'settings.update', { confirmQuantityAbove: null });
    expect((await must(core, 'settings.get', {})).confirmQuantityAbove).toBeNull();
    expect((await limits()).syringe).toBe(80);

    await must(core, 'session.logout', {});
    await must(core, 'session.login', { userName: 'ona', password: 'worker-pass-1' });
    expect((await limits()).syringe).toBe(80);
    const set = await attempt(core, 'settings.update', { confirmQuantityAbove: 5000 });
    expect(set.ok).toBe(false);
    if (!set.ok) expect(set.error.code).toBe('forbidden');
  });
});
