// Nothing the desk sees depends on a test result (issue 15, item 16: two clients tested for HIV
// on the same day showed a social worker different "test due" flags, one positive, one negative).
// Two cabinets are built by the same steps, except that the HIV results of two clients are
// swapped; a social worker then asks every channel open to them that reads, with the same input
// in both. Whatever depends on a result differs between the two; nothing may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import { channels, CHANNEL_NAMES, allowed, type Channel, type ChannelInput } from '../../shared/api';
import { MANAGER, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
const TEST_DAY = '2026-03-02'; // more than six months ago: the HIV test is due again, for both
const WORKER = { userName: 'ona', displayName: 'Ona', role: 'social_worker' as const, password: 'worker-pass-1' };
const CODES = { a: 'ABAB11985', b: 'ABAC11985' } as const;

interface World {
  core: Core;
  dir: string;
  ids: { a: number; b: number; site: number; visitA: number; visitB: number };
}

/** A cabinet where client a's HIV result is `a` and client b's is `b`; everything else the same. */
async function world(results: { a: 'positive' | 'negative'; b: 'positive' | 'negative' }): Promise<World> {
  const { core, dir, cabinet } = await newCabinet({ today: () => TODAY });
  await must(core, 'staff.add', WORKER);
  const ids = { a: 0, b: 0, site: cabinet.id, visitA: 0, visitB: 0 };
  for (const who of ['a', 'b'] as const) {
    const c = await must(core, 'clients.register', { code: CODES[who], sex: 'male', birthYear: 1985, injects: 'yes', confirmNotDuplicate: true });
    ids[who] = c.id;
    await must(core, 'visits.create', { date: '2026-02-10', time: '10:00', clientId: c.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
    const tested = await must(core, 'visits.create', {
      date: TEST_DAY, time: '11:00', clientId: c.id, kind: 'medical', siteId: cabinet.id,
      services: [{ type: 'pre_test_counselling', units: 1 }], tests: [{ type: 'rapid_hiv', results: { hiv: results[who] } }],
    });
    ids[who === 'a' ? 'visitA' : 'visitB'] = tested.id;
    // An HCV test whose result is still awaited: the same for both.
    await must(core, 'visits.create', { date: '2026-11-02', time: '12:00', clientId: c.id, kind: 'medical', siteId: cabinet.id, tests: [{ type: 'hcv' }] });
    await must(core, 'visits.create', { date: '2026-11-18', time: '09:30', clientId: c.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20 }, { itemKey: 'syringe', direction: 'in', quantity: 18 }], services: [{ type: 'consultation', units: 1 }] });
  }
  await must(core, 'session.logout', {});
  await must(core, 'session.login', { userName: WORKER.userName, password: WORKER.password });
  return { core, dir, ids };
}

/** What a social worker may call that reads, with the input asked of each (the same in both cabinets). */
function readsOf(w: World): Partial<Record<Channel, ChannelInput<Channel>[]>> {
  const { a, b, site, visitA, visitB } = w.ids;
  return {
    'clients.search': [{ query: 'ABA' }, { query: 'AB' }, { query: '1985' }],
    'clients.card': [{ id: a }, { id: b }],
    'clients.duplicates': [{ code: 'ABAD11985' }, { code: 'ABBA11985' }],
    'clients.history': [{ clientId: a }, { clientId: b }],
    'clients.lastVisitDefaults': [{ clientId: a }, { clientId: b }],
    'visits.get': [{ id: visitA }, { id: visitB }],
    'visits.day': [{ date: TEST_DAY }, { date: TEST_DAY, siteId: site }, { date: '2026-11-02' }],
    'visits.plausibleQuantities': [{}],
    'outreach.list': [{ from: '2026-01-01', to: TODAY }],
    'activities.list': [{ from: '2026-01-01', to: TODAY }],
    'overdoses.list': [{ from: '2026-01-01', to: TODAY }, { from: '2026-01-01', to: TODAY, clientId: a }],
    'stock.balance': [{}],
    'sites.list': [{}],
    'items.list': [{}],
    'staff.list': [{}],
    'projects.list': [{}],
    'settings.get': [{}],
    'audit.verify': [{}],
    'followup.list': [{}],
  } as Partial<Record<Channel, ChannelInput<Channel>[]>>;
}

let first: World;
let swapped: World;

beforeAll(async () => {
  first = await world({ a: 'positive', b: 'negative' });
  swapped = await world({ a: 'negative', b: 'positive' });
}, 60_000);

afterAll(() => {
  for (const w of [first, swapped]) {
    w.core.close();
    rmSync(w.dir, { recursive: true, force: true });
  }
});

/** An answer with its ids and the two clients' codes blanked: what is left is what the desk sees of them. */
function anonymised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => {
    if (v === CODES.a || v === CODES.b) return 'CODE';
    if (['id', 'clientId', 'visitId', 'testId'].includes(key) && typeof v === 'number') return 'ID';
    return v;
  });
}

describe('nothing the desk sees depends on a test result', () => {
  it('every channel a social worker may call to read is compared here (a new one must be added)', () => {
    const readable = CHANNEL_NAMES.filter((n) => !n.startsWith('session.') && allowed(channels[n].access, 'social_worker') && !channels[n].writes);
    expect(Object.keys(readsOf(first)).sort()).toEqual(readable.sort());
  });

  it('a social worker gets the same answers whichever client is the positive one', async () => {
    expect(first.ids).toEqual(swapped.ids);
    const reads = readsOf(first);
    for (const [channel, inputs] of Object.entries(reads) as Array<[Channel, ChannelInput<Channel>[]]>) {
      for (const input of inputs) {
        const here = await first.core.call(channel, input);
        const there = await swapped.core.call(channel, input);
        expect(here.ok, `${channel} ${JSON.stringify(here)}`).toBe(true);
        expect(there, `${channel} ${JSON.stringify(input)}`).toEqual(here);
      }
    }
  });

  it('the positive and the negative client tested on the same day look alike to a social worker but for their code and id', async () => {
    const { a, b } = first.ids;
    const cardA = await must(first.core, 'clients.card', { id: a });
    const cardB = await must(first.core, 'clients.card', { id: b });
    expect(anonymised(cardA)).toEqual(anonymised(cardB));
    // "Test due" from the date of the last test, whatever its result: the positive client's HIV test is due too.
    expect(cardA.flags).toEqual(['hiv_test_due', 'hbv_test_due', 'results_pending']);
    expect(cardA.lastTests.hiv).toEqual({ date: TEST_DAY, result: null, type: 'rapid_hiv' });
    for (const channel of ['clients.history', 'clients.lastVisitDefaults'] as const) {
      const [ha, hb] = [await must(first.core, channel, { clientId: a }), await must(first.core, channel, { clientId: b })];
      expect(anonymised(ha), channel).toEqual(anonymised(hb));
    }
    const [va, vb] = [await must(first.core, 'visits.get', { id: first.ids.visitA }), await must(first.core, 'visits.get', { id: first.ids.visitB })];
    expect(anonymised(va)).toEqual(anonymised(vb));
    const day = await must(first.core, 'visits.day', { date: TEST_DAY });
    expect(day).toHaveLength(2);
    expect(anonymised(day[0])).toEqual(anonymised(day[1]));
    const found = await must(first.core, 'clients.search', { query: 'ABA' });
    expect(found.map((c) => c.code)).toEqual([CODES.a, CODES.b]);
    expect(anonymised(found[0])).toEqual(anonymised(found[1]));
  });

  it('the comparison sees a difference where there is one: medical staff see the results, and the card follows them', async () => {
    const { a } = first.ids;
    for (const w of [first, swapped]) {
      await must(w.core, 'session.logout', {});
      await must(w.core, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    }
    const positive = await must(first.core, 'clients.card', { id: a });
    const negative = await must(swapped.core, 'clients.card', { id: a });
    expect(positive).not.toEqual(negative);
    expect(positive.resultsHidden).toBe(false);
    // A positive client is not sent for the same test again, on medical staff's card.
    expect(positive.flags).toEqual(['hbv_test_due', 'results_pending']);
    expect(negative.flags).toEqual(['hiv_test_due', 'hbv_test_due', 'results_pending']);
    expect((await must(first.core, 'visits.get', { id: first.ids.visitA })).tests[0].results.hiv).toBe('positive');
  });
});
