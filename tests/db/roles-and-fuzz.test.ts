import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { channels, CHANNEL_NAMES, type Channel } from '../../shared/api';
import { attempt, MANAGER, must, newCabinet } from './helpers';

let manager: Core;
let dbPath: string;
let clientId: number;
let testId: number;

beforeAll(async () => {
  const cab = await newCabinet({ today: () => '2026-11-20' });
  manager = cab.core;
  dbPath = cab.dbPath;
  await must(manager, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
  await must(manager, 'staff.add', { userName: 'gydytoja', displayName: 'Dr. Rūta', role: 'medical', password: 'doctor-pass-1' });
  clientId = (await must(manager, 'clients.register', { code: 'ROLE21990', sex: 'female', birthYear: 1990 })).id;
  const v = await must(manager, 'visits.create', { date: '2026-11-10', clientId, kind: 'medical', tests: [{ type: 'combined' }] });
  testId = v.tests[0].id;
  manager.close();
});

async function loginAs(userName: string, password: string): Promise<Core> {
  const core = new Core(join(dbPath), { today: () => '2026-11-20' });
  await must(core, 'session.login', { userName, password });
  return core;
}

const managerOnly = CHANNEL_NAMES.filter((n) => Array.isArray(channels[n].access) && !(channels[n].access as readonly string[]).includes('medical'));
const medicalOnly = CHANNEL_NAMES.filter((n) => Array.isArray(channels[n].access) && (channels[n].access as readonly string[]).includes('medical'));

describe('roles are enforced in the core', () => {
  it('a social worker cannot call a manager or a medical operation', async () => {
    const worker = await loginAs('ona', 'worker-pass-1');
    expect(managerOnly.length).toBeGreaterThan(10);
    for (const name of [...managerOnly, ...medicalOnly]) {
      const r = await worker.call(name, {});
      // Validation may answer first for an empty input; with a valid input the role check answers.
      if (!r.ok && r.error.code === 'validation') continue;
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe('forbidden');
    }
    const merge = await attempt(worker, 'clients.merge', { keepId: clientId, mergeId: clientId + 1, reason: 'x' });
    expect(merge.ok).toBe(false);
    if (!merge.ok) expect(merge.error.code).toBe('forbidden');
    const results = await attempt(worker, 'tests.setResults', { testId, results: { hiv: 'negative', hbv: null, hcv: null } });
    expect(results.ok).toBe(false);
    if (!results.ok) expect(results.error.code).toBe('forbidden');
    const staff = await attempt(worker, 'staff.add', { userName: 'eve', displayName: 'Eve', role: 'manager', password: 'evil-pass-1' });
    expect(staff.ok).toBe(false);
    if (!staff.ok) expect(staff.error.code).toBe('forbidden');
    // Medical content inside an allowed operation is checked too.
    const wound = await attempt(worker, 'visits.create', { date: '2026-11-11', clientId, services: [{ type: 'wound_care', units: 1 }] });
    expect(wound.ok).toBe(false);
    if (!wound.ok) {
      expect(wound.error.code).toBe('forbidden');
      expect(wound.error.field).toBe('services.0.type');
    }
    const test = await attempt(worker, 'visits.create', { date: '2026-11-11', clientId, tests: [{ type: 'rapid_hiv' }] });
    expect(test.ok).toBe(false);
    // A voided medical visit cannot be voided by a social worker either.
    const medVisit = (await must(worker, 'clients.history', { clientId }))[0];
    const v = await attempt(worker, 'visits.void', { id: medVisit.id, reason: 'x' });
    expect(v.ok).toBe(false);
    // Nor through an outreach session's contacts.
    const place = (await must(worker, 'sites.list', {}))[0];
    const staffList = await must(worker, 'staff.list', {});
    const outreach = await attempt(worker, 'outreach.create', {
      date: '2026-11-11', placeId: place.id, workerIds: [staffList[0].id], contacts: [{ anonymousCount: 1, services: [{ type: 'wound_care', units: 1 }] }],
    });
    expect(outreach.ok).toBe(false);
    if (!outreach.ok) {
      expect(outreach.error.code).toBe('forbidden');
      expect(outreach.error.field).toBe('contacts.0.services.0.type');
    }
    // The desk's own work goes through.
    expect((await attempt(worker, 'visits.create', { date: '2026-11-11', clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }], services: [{ type: 'consultation', units: 1 }] })).ok).toBe(true);
    worker.close();
  });

  it('test results are for medical staff: a social worker sees that and when a client was tested, not the result', async () => {
    const doctor = await loginAs('gydytoja', 'doctor-pass-1');
    const v = await must(doctor, 'visits.create', { date: '2026-11-13', clientId, kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    expect((await must(doctor, 'clients.card', { id: clientId })).lastTests.hiv?.result).toBe('positive');
    doctor.close();
    const worker = await loginAs('ona', 'worker-pass-1');
    const card = await must(worker, 'clients.card', { id: clientId });
    expect(card.resultsHidden).toBe(true);
    expect(card.lastTests.hiv).toMatchObject({ date: '2026-11-13', result: null });
    const seen = await must(worker, 'visits.get', { id: v.id });
    expect(seen.tests[0].results).toEqual({ hiv: null, hbv: null, hcv: null });
    worker.close();
  });

  it('a medical account records wound care and test results but cannot manage staff', async () => {
    const doctor = await loginAs('gydytoja', 'doctor-pass-1');
    expect((await attempt(doctor, 'visits.create', { date: '2026-11-12', clientId, kind: 'medical', services: [{ type: 'wound_care', units: 1 }, { type: 'dressing', units: 1 }] })).ok).toBe(true);
    expect((await attempt(doctor, 'tests.setResults', { testId, results: { hiv: 'negative', hbv: 'negative', hcv: 'negative' } })).ok).toBe(true);
    const r = await attempt(doctor, 'staff.list', {});
    expect(r.ok).toBe(true);
    const add = await attempt(doctor, 'settings.update', { idleLockMinutes: 30 });
    expect(add.ok).toBe(false);
    if (!add.ok) expect(add.error.code).toBe('forbidden');
    doctor.close();
  });

  it('nothing but session operations answers before login, and a locked session answers nothing', async () => {
    const core = new Core(dbPath);
    for (const name of CHANNEL_NAMES.filter((n) => channels[n].access !== 'public')) {
      const r = await core.call(name, {});
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(['locked', 'validation'], name).toContain(r.error.code);
    }
    await must(core, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    await must(core, 'session.lock', {});
    const locked = await attempt(core, 'clients.search', { query: 'RO' });
    expect(locked.ok).toBe(false);
    if (!locked.ok) expect(locked.error.code).toBe('locked');
    expect((await must(core, 'session.status', {})).user).toBeNull();
    expect((await attempt(core, 'session.unlock', { password: 'wrong' })).ok).toBe(false);
    await must(core, 'session.unlock', { password: MANAGER.password });
    expect((await attempt(core, 'clients.search', { query: 'RO' })).ok).toBe(true);
    core.close();
  });
});

/** A valid-looking payload for each channel, to mutate. */
const samples: Partial<Record<Channel, Record<string, unknown>>> = {
  'clients.register': { code: 'FUZZ11990', sex: 'male', birthYear: 1990 },
  'visits.create': { date: '2026-11-10', clientId: 1, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 3 }] },
  'outreach.create': { date: '2026-11-10', placeId: 1, workerIds: [1], contacts: [{ anonymousCount: 2 }] },
  'activities.create': { date: '2026-11-10', type: 'meeting', participants: 3 },
  'settings.update': { idleLockMinutes: 5 },
  'projects.save': { title: 'P', donor: 'D', from: '2026-01-01', to: '2026-12-31', budgetMinor: 100, currency: 'EUR' },
  'sites.save': { name: 'S', kind: 'cabinet' },
  'stock.receive': { date: '2026-11-10', itemKey: 'syringe', quantity: 5 },
};

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom("'; DROP TABLE visits; --", '=HYPERLINK("http://x")', '\u0000\u0007\u001b[2J', 'ž'.repeat(5000), '../../etc/passwd', '__proto__', 'NaN'),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, -0), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }),
);

describe('every channel under random and malformed payloads', () => {
  it('answers only validation (or rule) errors, writes nothing, and never throws past the layer', async () => {
    const core = new Core(dbPath, { today: () => '2026-11-20' });
    await must(core, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    const sqlite = () => core.currentVault!.store.sqlite;
    const auditCount = () => (sqlite().prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    // Session channels that would log out, lock or change keys are left out: they change the session, not data.
    const targets = CHANNEL_NAMES.filter((n) => !['session.logout', 'session.lock', 'session.setup', 'session.login', 'session.recover', 'session.changePassword', 'session.unlock'].includes(n));
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.oneof(
          fc.anything(),
          fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 5 }),
          fc.tuple(fc.string({ maxLength: 12 }), hostileValue).map(([k, v]) => ({ k, v })),
        ),
        fc.boolean(),
        async (channel, junk, mutateSample) => {
          tried++;
          const sample = samples[channel];
          let payload: unknown = junk;
          if (mutateSample && sample && junk && typeof junk === 'object' && !Array.isArray(junk)) {
            const keys = Object.keys(sample);
            const key = keys[tried % keys.length];
            payload = { ...sample, [key]: (junk as Record<string, unknown>)[Object.keys(junk as object)[0]] ?? 'x' };
          }
          const before = auditCount();
          let r;
          try {
            r = await core.call(channel, payload);
          } catch (e) {
            throw new Error(`${channel} threw past the layer: ${(e as Error).message}`);
          }
          expect(r).toHaveProperty('ok');
          if (!r.ok) {
            expect(['validation', 'rejected', 'not_found', 'forbidden', 'unknown_channel']).toContain(r.error.code);
            expect(typeof r.error.message).toBe('string');
            expect(r.error.message.length).toBeLessThan(400);
            expect(auditCount()).toBe(before);
          }
        },
      ),
      { numRuns: 3000, seed: 20261122 },
    );
    expect(tried).toBeGreaterThanOrEqual(3000);
    const unknown = await core.call('no.such.channel', {});
    expect(unknown.ok).toBe(false);
    expect((await core.call('__proto__', {})).ok).toBe(false);
    expect((await core.call('constructor', {})).ok).toBe(false);
    expect(sqlite().pragma('integrity_check', { simple: true })).toBe('ok');
    core.close();
  });
});
