// Review of issue 17's records as an attacker and a hurried user would try them: each case failed
// before its fix (a training's void erased its trained clients; dates before 1990 were stored and
// then refused by the import of the cabinet's own export; a phone number stored as a peer's code;
// the desk told an RNA test, which follows only a positive antibody result, from any other test).
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import { attempt, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
const WORKER = { userName: 'ona', displayName: 'Ona', role: 'social_worker' as const, password: 'worker-pass-1' };
const DOCTOR = { userName: 'gyd', displayName: 'Gydytoja', role: 'medical' as const, password: 'doctor-pass-1' };

const opened: Array<{ core: Core; dir: string }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.core.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

async function cabinet() {
  const c = await newCabinet({ today: () => TODAY });
  opened.push(c);
  await must(c.core, 'session.setLanguage', { language: 'lt' });
  await must(c.core, 'staff.add', WORKER);
  await must(c.core, 'staff.add', DOCTOR);
  const as = async (who: { userName: string; password: string }) => {
    await must(c.core, 'session.logout', {});
    await must(c.core, 'session.login', { userName: who.userName, password: who.password });
  };
  return { ...c, as };
}

async function refusedField(core: Core, channel: Parameters<typeof attempt>[1], input: unknown): Promise<string | undefined> {
  const r = await attempt(core, channel, input);
  if (r.ok) throw new Error(`${channel} was not refused`);
  expect(r.error.code).toBe('validation');
  return r.error.field;
}

describe('issue 17 records under review', () => {
  it('a training with several institutions keeps its trained clients when one institution\'s row is voided', async () => {
    const { core } = await cabinet();
    for (const code of ['ONJO11985', 'RAPE21990']) await must(core, 'clients.register', { code, sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    const t = await must(core, 'activities.create', {
      date: '2026-11-03', type: 'training', topic: 'secondary_exchange', title: 'Mokymai',
      institutions: [{ institution: 'health_care', participants: 1 }, { institution: 'other', participants: 2 }], trainedCodes: ['ONJO11985', 'RAPE21990'],
    });
    const trained = async () => (await must(core, 'reports.run', { from: '2026-11-01', to: '2026-11-30', siteIds: [], monthly: false })).indicators.clients_trained_secondary;
    expect(await trained()).toBe(2);
    expect(t.ids).toHaveLength(2);
    await must(core, 'activities.void', { id: t.ids![0], reason: 'klaida' });
    expect(await trained()).toBe(2);
    await must(core, 'activities.void', { id: t.ids![1], reason: 'klaida' });
    expect(await trained()).toBe(0);
  });

  it('counts clients trained for secondary exchange from trainings of that topic (or none), never from an overdose-response training', async () => {
    const { core } = await cabinet();
    for (const code of ['ONJO11985', 'RAPE21990', 'DAKA11960']) await must(core, 'clients.register', { code, sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    await must(core, 'activities.create', { date: '2026-11-03', type: 'training', topic: 'overdose_response', participants: 2, trainedCodes: ['ONJO11985', 'RAPE21990'] });
    const figures = async () => {
      const r = (await must(core, 'reports.run', { from: '2026-11-01', to: '2026-11-30', siteIds: [], monthly: false })).indicators;
      return [r.clients_trained_secondary, r.overdose_response_trained];
    };
    expect(await figures()).toEqual([0, 2]);
    await must(core, 'activities.create', { date: '2026-11-04', type: 'training', trainedCodes: ['RAPE21990', 'DAKA11960'] }); // no topic
    expect(await figures()).toEqual([2, 2]);
    const explained = await must(core, 'reports.explain', { from: '2026-11-01', to: '2026-11-30', key: 'clients_trained_secondary' });
    expect(explained.kind === 'count' ? explained.total : null).toBe(2);
  });

  it('refuses activities and care steps dated before 1990 or after today, as the import of an export would', async () => {
    const { core } = await cabinet();
    for (const date of ['1985-03-01', '2099-12-31', '2026-11-21']) {
      expect(await refusedField(core, 'activities.create', { date, type: 'media', title: 'Straipsnis' })).toBe('date');
    }
    await must(core, 'activities.create', { date: '2026-11-20', type: 'media', title: 'Straipsnis' });
    const c = await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    await must(core, 'visits.create', { date: '1991-01-10', clientId: c.id, kind: 'medical', tests: [{ type: 'hcv', results: { hcv: 'positive' } }] });
    expect(await refusedField(core, 'care.record', { clientId: c.id, infection: 'hcv', step: 'linked_to_care', date: '1989-12-31' })).toBe('date');
    await must(core, 'care.record', { clientId: c.id, infection: 'hcv', step: 'linked_to_care', date: '1991-02-01' });
  });

  it('refuses a phone number or a name as the peer\'s code', async () => {
    const { core } = await cabinet();
    for (const referredByCode of ['+370 612 34567', 'Jonas Jonaitis']) {
      expect(await refusedField(core, 'clients.register', {
        code: 'ONJO11985', sex: 'male', birthYear: 1985, cameVia: 'peer', referredByCode, confirmNotDuplicate: true,
      })).toBe('referredByCode');
    }
    const ok = await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985, cameVia: 'peer', referredByCode: 'rape21990', confirmNotDuplicate: true });
    expect((await must(core, 'clients.card', { id: ok.id })).referredByCode).toBe('RAPE21990');
  });

  it('shows the desk an HCV RNA test as an HCV test, and medical staff as what it is', async () => {
    const c = await cabinet();
    await c.as(DOCTOR);
    const client = await must(c.core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    await must(c.core, 'visits.create', { date: '2026-10-01', clientId: client.id, kind: 'medical', tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
    await must(c.core, 'visits.create', { date: '2026-10-20', clientId: client.id, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    const seen = async () => ({
      card: (await must(c.core, 'clients.card', { id: client.id })).lastTests.hcv?.type,
      history: (await must(c.core, 'clients.history', { clientId: client.id })).flatMap((v) => v.tests.map((t) => t.type)),
    });
    expect(await seen()).toEqual({ card: 'hcv_rna', history: ['hcv_rna', 'combined'] });
    await c.as(WORKER);
    expect(await seen()).toEqual({ card: 'hcv', history: ['hcv', 'combined'] });
  });
  it('refuses a visit, an outreach session or a secondary exchange dated after today (or before 1990), and an edit that moves a visit there; today is taken', async () => {
    const { core, cabinet: site } = await cabinet();
    const c = await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
    const supplies = [{ itemKey: 'syringe', direction: 'out' as const, quantity: 5 }];
    const dayAfter = '2026-11-21';
    expect(await refusedField(core, 'visits.create', { date: dayAfter, clientId: c.id, siteId: site.id, supplies })).toBe('date');
    expect(await refusedField(core, 'visits.create', { date: '1989-12-31', clientId: c.id, siteId: site.id, supplies })).toBe('date');
    const v = await must(core, 'visits.create', { date: TODAY, clientId: c.id, siteId: site.id, supplies });
    expect(await refusedField(core, 'visits.update', { id: v.id, date: dayAfter, clientId: c.id, siteId: site.id, supplies })).toBe('date');
    expect((await must(core, 'visits.get', { id: v.id })).date).toBe(TODAY);
    const place = await must(core, 'sites.save', { name: 'Stotis', kind: 'outreach_place' });
    const me = (await must(core, 'staff.list', {})).find((s) => s.userName !== WORKER.userName && s.userName !== DOCTOR.userName)!;
    const contact = { clientId: null, anonymousCount: 2, supplies, services: [], tests: [] };
    expect(await refusedField(core, 'outreach.create', { date: dayAfter, placeId: place.id, workerIds: [me.id], contacts: [contact] })).toBe('date');
    expect(await refusedField(core, 'secondary.record', { date: dayAfter, clientId: c.id, siteId: site.id, supplies })).toBe('date');
    const r = await attempt(core, 'visits.create', { date: dayAfter, clientId: c.id, siteId: site.id, supplies });
    expect(!r.ok && r.error.message).toBe('Data turi būti nuo 1990-01-01 iki šiandienos.');
    const year = await must(core, 'reports.run', { from: '2026-01-01', to: '2026-12-31', siteIds: [], monthly: false });
    expect(year.indicators.visits).toBe(1);
    expect(year.indicators.syringes_distributed).toBe(5);
  });
});
