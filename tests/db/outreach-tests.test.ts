// A test done in the street is recorded on the outreach contact it was done for (issue 15, item
// 13): a medical account's session carries it into tests_by_setting.outreach; a social worker's
// is refused at the test's field with a reason the screen says in its own language; editing the
// contact (the visit it is) keeps the test, its id and its result date.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../db/core';
import { attempt, MANAGER, must, newCabinet } from './helpers';
import { sayReason } from '../../shared/core-messages';

const DAY = '2026-11-20';
const DOCTOR = { userName: 'gydytoja', displayName: 'Gydytoja', role: 'medical' as const, password: 'doctor-pass-1' };
const WORKER = { userName: 'ona', displayName: 'Ona', role: 'social_worker' as const, password: 'worker-pass-1' };

let core: Core;
let placeId: number;
let clientId: number;
let doctorId: number;
let workerId: number;

async function loginAs(who: { userName: string; password: string }) {
  await must(core, 'session.logout', {});
  await must(core, 'session.login', { userName: who.userName, password: who.password });
}

const settingOfDay = async (): Promise<Record<string, number>> => {
  await loginAs(MANAGER);
  const parts = (await must(core, 'reports.run', { from: DAY, to: DAY })).indicators.tests_by_setting;
  if (parts === null || typeof parts === 'number') throw new Error('tests_by_setting is counted by parts');
  return parts;
};

beforeAll(async () => {
  const cab = await newCabinet({ today: () => DAY });
  core = cab.core;
  placeId = (await must(core, 'sites.save', { name: 'Stotis', kind: 'outreach_place' })).id;
  clientId = (await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 })).id;
  doctorId = (await must(core, 'staff.add', DOCTOR)).id;
  workerId = (await must(core, 'staff.add', WORKER)).id;
});

describe('a test on an outreach contact', () => {
  it("from a medical account lands in tests_by_setting.outreach, for a known client and for one person without a code", async () => {
    await loginAs(DOCTOR);
    const s = await must(core, 'outreach.create', {
      date: DAY, placeId, workerIds: [doctorId],
      contacts: [
        { clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }], tests: [{ type: 'rapid_hiv', results: { hiv: 'negative' } }] },
        { anonymousCount: 1, tests: [{ type: 'combined' }] },
        { anonymousCount: 5, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 5 }] },
      ],
    });
    expect(s.knownContacts).toBe(1);
    expect(s.anonymousContacts).toBe(6);
    const visits = (await must(core, 'visits.day', { date: DAY })).filter((v) => v.kind === 'outreach');
    const tests = visits.flatMap((v) => v.tests.map((t) => ({ client: v.clientId, type: t.type, person: t.testedPerson, hiv: t.results.hiv, resultDate: t.resultDate })));
    expect(tests.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { client: null, type: 'combined', person: 'client', hiv: null, resultDate: null },
      { client: clientId, type: 'rapid_hiv', person: 'client', hiv: 'negative', resultDate: DAY },
    ]);
    expect(await settingOfDay()).toEqual({ cabinet: 0, outreach: 2, arrest_house_arrestee: 0, arrest_house_officer: 0, other: 0 });
  });

  it('is refused from a social worker, at the test of that contact, with a reason key; nothing of the session is written', async () => {
    await loginAs(WORKER);
    const before = await must(core, 'outreach.list', { from: DAY, to: DAY });
    const r = await attempt(core, 'outreach.create', {
      date: DAY, placeId, workerIds: [workerId],
      contacts: [{ anonymousCount: 3 }, { clientId, tests: [{ type: 'rapid_hiv' }] }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden');
      expect(r.error.field).toBe('contacts.1.tests.0.type');
      expect(r.error.reason).toEqual({ key: 'medical_tests' });
      // The screen says it in its own language from the reason key (renderer/src/api.ts reasonText).
      expect(sayReason('lt', r.error.reason!)).toMatch(/tik medikai/);
    }
    expect(await must(core, 'outreach.list', { from: DAY, to: DAY })).toHaveLength(before.length);
    // The same session without the test is the social worker's to record.
    await must(core, 'outreach.create', { date: DAY, placeId, workerIds: [workerId], contacts: [{ clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 2 }] }] });
    expect((await settingOfDay()).outreach).toBe(2);
  });

  it('follows the rules of a test elsewhere: one person without a code, results the test gives, no earlier test to keep', async () => {
    await loginAs(DOCTOR);
    const base = { date: DAY, placeId, workerIds: [doctorId] };
    const many = await attempt(core, 'outreach.create', { ...base, contacts: [{ anonymousCount: 2, tests: [{ type: 'rapid_hiv' }] }] });
    expect(!many.ok && [many.error.field, many.error.reason?.key]).toEqual(['contacts.0.anonymousCount', 'one_for_test']);
    const hcv = await attempt(core, 'outreach.create', { ...base, contacts: [{ clientId, tests: [{ type: 'rapid_hiv', results: { hcv: 'positive' } }] }] });
    expect(!hcv.ok && hcv.error.field).toBe('contacts.0.tests.0.results.hcv');
    const kept = await attempt(core, 'outreach.create', { ...base, contacts: [{ clientId, tests: [{ id: 1, type: 'rapid_hiv' }] }] });
    expect(!kept.ok && kept.error.field).toBe('contacts.0.tests.0.id');
    expect((await settingOfDay()).outreach).toBe(2);
  });

  it("is kept when the contact is edited: same id, same result date, still counted in outreach", async () => {
    await loginAs(DOCTOR);
    const contact = (await must(core, 'visits.day', { date: DAY })).find((v) => v.kind === 'outreach' && v.clientId === clientId && v.tests.length === 1)!;
    const [test] = contact.tests;
    const edited = await must(core, 'visits.update', {
      id: contact.id, date: contact.date, clientId, kind: contact.kind, siteId: contact.siteId,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 12 }],
      tests: contact.tests.map((t) => ({ id: t.id, type: t.type, testedPerson: t.testedPerson, results: t.results })),
    });
    expect(edited.tests).toEqual([test]);
    expect(edited.kind).toBe('outreach');
    // A social worker may not edit the contact and drop the doctor's test with it.
    await loginAs(WORKER);
    const dropped = await attempt(core, 'visits.update', { id: contact.id, date: contact.date, clientId, kind: contact.kind, siteId: contact.siteId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 12 }] });
    expect(!dropped.ok && dropped.error.code).toBe('forbidden');
    expect((await settingOfDay()).outreach).toBe(2);
  });
});
