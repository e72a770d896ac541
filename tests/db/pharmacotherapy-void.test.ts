// Voiding a dated pharmacotherapy change recorded by mistake (issue 17): domain.md "Nothing is
// deleted. A mistaken record is voided with a reason and stays in the audit log; every report
// ignores voided records"; indicators.md clients_in_pharmacotherapy "distinct clients with a visit
// in P whose pharmacotherapy status on `to` is yes (the status is dated: each change is kept with
// its date)". Through the Core's door; every expected answer is worked out by hand from those words.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import Papa from 'papaparse';
import type { Core } from '../../db/core';
import type { ChannelInput } from '../../shared/api';
import { attempt, MANAGER, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
const OCT = { from: '2026-10-01', to: '2026-10-31' };
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
  const client = async (code: string, extra: Partial<ChannelInput<'clients.register'>> = {}) => (await must(c.core, 'clients.register', {
    code, sex: 'male', birthYear: 1985, injects: 'yes', confirmNotDuplicate: true, ...extra,
  })).id;
  const as = async (who: { userName: string; password: string }) => {
    await must(c.core, 'session.logout', {});
    await must(c.core, 'session.login', { userName: who.userName, password: who.password });
    await must(c.core, 'session.setLanguage', { language: 'lt' });
  };
  /** Records a change and answers its id (read from the card: the newest of the client's changes). */
  const change = async (clientId: number, status: boolean, date: string) => {
    await must(c.core, 'clients.setPharmacotherapy', { clientId, status, date });
    const ids = (await must(c.core, 'clients.card', { id: clientId })).pharmacotherapy.map((x) => x.id);
    return Math.max(...ids);
  };
  const voidIt = (id: number, reason = 'Įrašyta per klaidą') => must(c.core, 'clients.voidPharmacotherapyChange', { id, reason });
  const card = (id: number) => must(c.core, 'clients.card', { id });
  return { ...c, client, as, change, voidIt, card };
}

/** Calls a channel that must refuse, and answers [code, field, message]. */
async function refused(core: Core, channel: Parameters<typeof attempt>[1], input: unknown): Promise<[string, string | undefined, string]> {
  const r = await attempt(core, channel, input);
  if (r.ok) throw new Error(`${channel} was not refused: ${JSON.stringify(r.value).slice(0, 200)}`);
  return [r.error.code, r.error.field, r.error.message];
}

describe('voiding a pharmacotherapy change', () => {
  it('of two changes, voiding the later brings back the earlier: in from March, a mistaken end in September taken back, so in today', async () => {
    const { core, client, change, voidIt, card } = await cabinet();
    const a = await client('ONJO11985');
    const start = await change(a, true, '2026-03-01');
    const end = await change(a, false, '2026-09-01');
    expect((await card(a)).client.inPharmacotherapy).toBe(false);
    const after = await voidIt(end);
    // The answer is the client's summary: the status today, from the start of March alone.
    expect([after.id, after.inPharmacotherapy]).toEqual([a, true]);
    const c = await card(a);
    expect(c.client.inPharmacotherapy).toBe(true);
    // Both stay on the card, oldest first; the voided one marked with its reason.
    expect(c.pharmacotherapy.map((x) => [x.id, x.date, x.status, x.voided?.reason ?? null])).toEqual([
      [start, '2026-03-01', true, null], [end, '2026-09-01', false, 'Įrašyta per klaidą'],
    ]);
    expect(c.pharmacotherapy[1].voided?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The rule "a change equal to the status in force is refused" now reads yes on 1 October:
    // the voided end no longer counts there either.
    expect((await refused(core, 'clients.setPharmacotherapy', { clientId: a, status: true, date: '2026-10-01' }))[0]).toBe('rejected');
    // And an end may be recorded again, on the right day.
    expect((await must(core, 'clients.setPharmacotherapy', { clientId: a, status: false, date: '2026-11-02' })).inPharmacotherapy).toBe(false);
  });

  it('voiding the only change gives back the status before any: not in pharmacotherapy (a start, and a registration "in pharmacotherapy")', async () => {
    const { client, change, voidIt, card } = await cabinet();
    const a = await client('ONJO11985');
    const only = await change(a, true, '2026-05-01');
    expect((await card(a)).client.inPharmacotherapy).toBe(true);
    expect((await voidIt(only)).inPharmacotherapy).toBe(false);
    expect((await card(a)).client.inPharmacotherapy).toBe(false);
    // Registered "in pharmacotherapy" by mistake: that records a change dated today; voiding it
    // leaves the client as registered otherwise, not in pharmacotherapy.
    const b = await client('PEPE21990', { sex: 'female', birthYear: 1990, inPharmacotherapy: true });
    const [registered] = (await card(b)).pharmacotherapy;
    expect([registered.date, registered.status, registered.voided]).toEqual([TODAY, true, null]);
    expect((await voidIt(registered.id)).inPharmacotherapy).toBe(false);
    expect((await card(b)).client.inPharmacotherapy).toBe(false);
  });

  it('voiding earlier changes under a later one leaves today\'s status as the later one says', async () => {
    const { client, change, voidIt } = await cabinet();
    const a = await client('ONJO11985');
    // In from February, out from June, in again from September: in today.
    const first = await change(a, true, '2026-02-01');
    const middle = await change(a, false, '2026-06-01');
    await change(a, true, '2026-09-01');
    expect((await voidIt(middle)).inPharmacotherapy).toBe(true);
    expect((await voidIt(first)).inPharmacotherapy).toBe(true);
  });

  it('refuses a change voided already and one that does not exist, in one keyed sentence, and changes nothing', async () => {
    const { core, client, change, voidIt, card } = await cabinet();
    const a = await client('ONJO11985');
    const start = await change(a, true, '2026-03-01');
    await voidIt(start);
    const before = await card(a);
    expect(await refused(core, 'clients.voidPharmacotherapyChange', { id: start, reason: 'Dar kartą' })).toEqual(['rejected', undefined, 'Šis pakaitinio gydymo pakeitimas jau anuliuotas.']);
    expect(await refused(core, 'clients.voidPharmacotherapyChange', { id: 999999, reason: 'Nėra' })).toEqual(['not_found', undefined, 'Pakaitinio gydymo pakeitimas nerastas.']);
    expect(await card(a)).toEqual(before);
    // A reason is required (and, kept for good, holds no personal data), as for every void.
    const other = await change(a, true, '2026-06-01');
    expect((await refused(core, 'clients.voidPharmacotherapyChange', { id: other, reason: '' })).slice(0, 2)).toEqual(['validation', 'reason']);
    expect((await refused(core, 'clients.voidPharmacotherapyChange', { id: other, reason: 'Skambinti +37061234567' })).slice(0, 2)).toEqual(['validation', 'reason']);
    expect((await card(a)).pharmacotherapy.find((x) => x.id === other)?.voided).toBeNull();
  });

  it('is done by every role in its own name, like recording a change; nobody logged in may not', async () => {
    const { core, client, as, change, voidIt, card } = await cabinet();
    const a = await client('ONJO11985');
    const ids = [await change(a, true, '2026-01-01'), await change(a, false, '2026-02-01')];
    const byRole: Array<[typeof WORKER | typeof DOCTOR, number]> = [[WORKER, ids[1]], [DOCTOR, ids[0]]];
    for (const [who, id] of byRole) {
      await as(who);
      await voidIt(id, `Klaida (${who.userName})`);
    }
    expect((await card(a)).pharmacotherapy.map((x) => x.voided?.reason)).toEqual(['Klaida (gyd)', 'Klaida (ona)']);
    const third = await change(a, true, '2026-03-01');
    await must(core, 'session.logout', {});
    expect((await refused(core, 'clients.voidPharmacotherapyChange', { id: third, reason: 'Klaida' }))[0]).toBe('locked');
    await as(MANAGER);
    expect((await card(a)).client.inPharmacotherapy).toBe(true);
  });

  it('is audited: who voided which change, its day and status, the reason, and the status today before and after', async () => {
    const { core, client, as, change, voidIt } = await cabinet();
    const a = await client('ONJO11985');
    await change(a, true, '2026-03-01');
    const end = await change(a, false, '2026-09-01');
    await as(WORKER);
    await voidIt(end, 'Ne tas klientas');
    await as(MANAGER);
    const log = (await must(core, 'audit.list', { limit: 50 })).filter((e) => e.entity === 'pharmacotherapy_change');
    expect(log.map((e) => [e.action, e.entityId, e.userName])).toEqual([['void', end, WORKER.userName], ['create', end, MANAGER.userName], ['create', end - 1, MANAGER.userName]]);
    expect(JSON.parse(log[0].before ?? '{}')).toEqual({ clientId: a, date: '2026-09-01', status: false, inPharmacotherapy: false });
    expect(JSON.parse(log[0].after ?? '{}')).toEqual({ reason: 'Ne tas klientas', inPharmacotherapy: true });
    expect((await must(core, 'audit.verify', {})).auditChain).toBe(true);
  });
});

describe('a voided change counts nowhere', () => {
  it('clients_in_pharmacotherapy and its list leave it out', async () => {
    const { core, client, change, voidIt, cabinet: site } = await cabinet();
    const [a, b, c] = [await client('ONJO11985'), await client('PEPE21990', { sex: 'female', birthYear: 1990 }), await client('JOJO11970', { birthYear: 1970 })];
    for (const [id, date] of [[a, '2026-10-05'], [b, '2026-10-06'], [c, '2026-10-07']] as const) {
      await must(core, 'visits.create', { date, clientId: id, siteId: site.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }] });
    }
    // a: in since March, a mistaken end on 1 September. b: a mistaken start on 2 October.
    // c: in since 10 January, standing.
    await change(a, true, '2026-03-01');
    const aEnd = await change(a, false, '2026-09-01');
    const bStart = await change(b, true, '2026-10-02');
    await change(c, true, '2026-01-10');
    const figure = async () => (await must(core, 'reports.run', OCT)).indicators.clients_in_pharmacotherapy;
    const listed = async () => {
      const e = await must(core, 'reports.explain', { ...OCT, key: 'clients_in_pharmacotherapy' });
      if (e.kind !== 'count') throw new Error('a count');
      return [e.total, [...new Set(e.rows.map((r) => r.clientCode))].sort()];
    };
    // On 31 October: a no (the end), b yes, c yes.
    expect(await figure()).toBe(2);
    expect(await listed()).toEqual([2, ['JOJO11970', 'PEPE21990']]);
    // b's start voided: b is not in pharmacotherapy (no change stands).
    await voidIt(bStart);
    expect(await figure()).toBe(1);
    expect(await listed()).toEqual([1, ['JOJO11970']]);
    // a's end voided: a is in since March.
    await voidIt(aEnd);
    expect(await figure()).toBe(2);
    expect(await listed()).toEqual([2, ['JOJO11970', 'ONJO11985']]);
  });

  it('the register export does not write it: the status stays as the changes that stand say', async () => {
    const { core, client, change, voidIt, cabinet: site } = await cabinet();
    const a = await client('ONJO11985');
    for (const date of ['2026-10-05', '2026-10-20']) {
      await must(core, 'visits.create', { date, clientId: a, siteId: site.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }] });
    }
    await change(a, true, '2026-10-05');
    const end = await change(a, false, '2026-10-20');
    const column = async () => {
      const out = await must(core, 'register.export', { format: 'csv', ...OCT });
      const file = out.files.find((f) => f.name.startsWith('visits'));
      if (!file) throw new Error('no visits file');
      const rows = Papa.parse<Record<string, string>>(Buffer.from(file.dataBase64, 'base64').toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
      return rows.map((r) => [r.date, r.in_pharmacotherapy]);
    };
    // register-format: a status is written where it changes; the start on the first row, the end on the second.
    expect(await column()).toEqual([['2026-10-05', 'yes'], ['2026-10-20', 'no']]);
    await voidIt(end);
    // The end voided: the second row says nothing (still in, as the first row says).
    expect(await column()).toEqual([['2026-10-05', 'yes'], ['2026-10-20', '']]);
  });
});
