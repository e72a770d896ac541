// The field's new records (issue 17): overdose reports, the dated pharmacotherapy status, how a new
// client came, and activities with a topic, several institutions and trained clients by code —
// through the Core's door, rule by rule from the words of spec/domain.md, spec/indicators.md and
// spec/register-format.md. Expected answers are written by hand from those words.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import type { ChannelInput } from '../../shared/api';
import { attempt, MANAGER, must, newCabinet } from './helpers';

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
  const client = async (code: string, extra: Partial<ChannelInput<'clients.register'>> = {}) => (await must(c.core, 'clients.register', {
    code, sex: 'male', birthYear: 1985, injects: 'yes', confirmNotDuplicate: true, ...extra,
  })).id;
  const as = async (who: { userName: string; password: string }) => {
    await must(c.core, 'session.logout', {});
    await must(c.core, 'session.login', { userName: who.userName, password: who.password });
    await must(c.core, 'session.setLanguage', { language: 'lt' });
  };
  /** The newest audit entries of one kind of record, newest first. */
  const auditOf = async (entity: string) => {
    const log = await must(c.core, 'audit.list', { limit: 50 });
    return log.filter((e) => e.entity === entity);
  };
  return { ...c, client, as, auditOf };
}

/** Calls a channel that must refuse, and answers [code, field, message]. */
async function refused(core: Core, channel: Parameters<typeof attempt>[1], input: unknown): Promise<[string, string | undefined, string]> {
  const r = await attempt(core, channel, input);
  if (r.ok) throw new Error(`${channel} was not refused: ${JSON.stringify(r.value).slice(0, 200)}`);
  return [r.error.code, r.error.field, r.error.message];
}

const overdose = (input: Partial<ChannelInput<'overdoses.record'>> = {}): ChannelInput<'overdoses.record'> => ({
  date: '2026-11-10', reportedBy: 'peer', place: 'street', naloxoneGiven: 'yes', naloxoneBy: 'peer', ambulance: 'yes', outcome: 'survived', ...input,
});

describe('overdose reports', () => {
  it('are recorded with who reported, the person (a client or anonymous), place, naloxone and by whom, ambulance, outcome and note', async () => {
    const { core, client, cabinet: site } = await cabinet();
    const a = await client('ONJO11985');
    const rec = await must(core, 'overdoses.record', overdose({ clientId: a, siteId: site.id, note: 'Rastas laiptinėje' }));
    expect(rec).toEqual({
      id: rec.id, date: '2026-11-10', siteId: site.id, siteName: 'Kabinetas', clientId: a, clientCode: 'ONJO11985',
      reportedBy: 'peer', place: 'street', naloxoneGiven: 'yes', naloxoneBy: 'peer', ambulance: 'yes', outcome: 'survived',
      note: 'Rastas laiptinėje', staffName: MANAGER.displayName, voided: false, voidReason: null,
    });
    // Anonymous: no client; naloxone given without knowing by whom; the unknowns by default.
    const anon = await must(core, 'overdoses.record', { date: '2026-11-12', reportedBy: 'staff', place: 'home' });
    expect(anon).toMatchObject({ clientId: null, clientCode: null, siteId: null, siteName: null, naloxoneGiven: 'unknown', naloxoneBy: null, ambulance: 'unknown', outcome: 'unknown', note: null });
    const yesNobody = await must(core, 'overdoses.record', overdose({ naloxoneBy: null, outcome: 'died' }));
    expect([yesNobody.naloxoneGiven, yesNobody.naloxoneBy, yesNobody.outcome]).toEqual(['yes', null, 'died']);
    // Today is a record's day too.
    expect((await must(core, 'overdoses.record', overdose({ date: TODAY }))).date).toBe(TODAY);
  });

  it('refuse who gave naloxone unless it was given, a day after today or before 1990, a note with a phone, a client or site that does not exist', async () => {
    const { core } = await cabinet();
    for (const given of ['no', 'unknown'] as const) {
      expect(await refused(core, 'overdoses.record', overdose({ naloxoneGiven: given, naloxoneBy: 'staff' }))).toEqual([
        'validation', 'naloxoneBy', 'Kas panaudojo naloksoną, nurodoma tik tada, kai naloksonas panaudotas (Ar panaudotas naloksonas: taip).',
      ]);
    }
    for (const date of ['2026-11-21', '1989-12-31', '2099-01-01']) {
      expect(await refused(core, 'overdoses.record', overdose({ date }))).toEqual(['validation', 'date', 'Data turi būti nuo 1990-01-01 iki šiandienos.']);
    }
    const [code, field, message] = await refused(core, 'overdoses.record', overdose({ note: 'Skambinti 861234567' }));
    expect([code, field]).toEqual(['validation', 'note']);
    expect(message).toMatch(/^Pastaba: negali būti telefono numerio/);
    expect(await refused(core, 'overdoses.record', overdose({ clientId: 999999 }))).toEqual(['not_found', 'clientId', 'Klientas nerastas.']);
    expect((await refused(core, 'overdoses.record', overdose({ siteId: 999999 })))[1]).toBe('siteId');
    // A value outside the closed lists, named in Lithuanian.
    expect(await refused(core, 'overdoses.record', overdose({ outcome: 'recovered' as never }))).toEqual(['validation', 'outcome', 'Baigtis: nėra tarp pasirinkimų']);
    expect(await refused(core, 'overdoses.record', overdose({ place: 'car' as never }))).toEqual(['validation', 'place', 'Kur įvyko: nėra tarp pasirinkimų']);
    // Nothing was written by the refusals.
    expect(await must(core, 'overdoses.list', { from: '1990-01-01', to: TODAY })).toEqual([]);
  });

  it('are listed newest first, voided ones included and marked, one client\'s when asked, and follow a merge', async () => {
    const { core, client } = await cabinet();
    const [a, b] = [await client('ONJO11985'), await client('PEPE21990', { sex: 'female', birthYear: 1990 })];
    const first = await must(core, 'overdoses.record', overdose({ date: '2026-10-01', clientId: a }));
    const second = await must(core, 'overdoses.record', overdose({ date: '2026-11-05', clientId: b }));
    const third = await must(core, 'overdoses.record', overdose({ date: '2026-11-05', reportedBy: 'client' }));
    await must(core, 'overdoses.void', { id: second.id, reason: 'Įrašyta du kartus' });
    const all = await must(core, 'overdoses.list', { from: '2026-10-01', to: TODAY });
    expect(all.map((o) => [o.id, o.voided, o.voidReason])).toEqual([[third.id, false, null], [second.id, true, 'Įrašyta du kartus'], [first.id, false, null]]);
    expect((await must(core, 'overdoses.list', { from: '2026-11-01', to: TODAY })).map((o) => o.id)).toEqual([third.id, second.id]);
    expect((await must(core, 'overdoses.list', { from: '2026-10-01', to: TODAY, clientId: a })).map((o) => o.id)).toEqual([first.id]);
    // A manager merges b into a: b's report is a's now, and b's id still finds them.
    await must(core, 'clients.merge', { keepId: a, mergeId: b, reason: 'Dublikatas' });
    expect((await must(core, 'overdoses.list', { from: '2026-10-01', to: TODAY, clientId: b })).map((o) => [o.id, o.clientCode])).toEqual([[second.id, 'ONJO11985'], [first.id, 'ONJO11985']]);
    expect((await refused(core, 'overdoses.list', { from: TODAY, to: '2026-10-01' }))[1]).toBe('to');
  });

  it('are voided with a reason, once, and every write is audited', async () => {
    const { core, auditOf } = await cabinet();
    const rec = await must(core, 'overdoses.record', overdose());
    await must(core, 'overdoses.void', { id: rec.id, reason: 'Ne tas žmogus' });
    expect(await refused(core, 'overdoses.void', { id: rec.id, reason: 'Dar kartą' })).toEqual(['rejected', undefined, 'Šis pranešimas apie perdozavimą jau anuliuotas.']);
    expect(await refused(core, 'overdoses.void', { id: 999999, reason: 'Nėra' })).toEqual(['not_found', undefined, 'Pranešimas apie perdozavimą nerastas.']);
    const log = await auditOf('overdose');
    expect(log.map((e) => [e.action, e.entityId, e.userName])).toEqual([['void', rec.id, MANAGER.userName], ['create', rec.id, MANAGER.userName]]);
    expect(JSON.parse(log[1].after ?? '{}')).toMatchObject({ naloxoneGiven: 'yes', naloxoneBy: 'peer', outcome: 'survived' });
    expect(JSON.parse(log[0].after ?? '{}')).toEqual({ reason: 'Ne tas žmogus' });
  });

  it('are recorded, listed and voided by every role, in the name of whoever is logged in; nobody logged in gets nothing', async () => {
    const { core, as } = await cabinet();
    for (const who of [WORKER, DOCTOR]) {
      await as(who);
      const rec = await must(core, 'overdoses.record', overdose());
      expect(rec.staffName).toBe(who.displayName);
      expect((await must(core, 'overdoses.list', { from: TODAY.slice(0, 8) + '01', to: TODAY })).map((o) => o.id)).toContain(rec.id);
      await must(core, 'overdoses.void', { id: rec.id, reason: 'Klaida' });
    }
    await must(core, 'session.logout', {});
    for (const [channel, input] of [['overdoses.record', overdose()], ['overdoses.list', { from: '2026-01-01', to: TODAY }], ['overdoses.void', { id: 1, reason: 'x' }]] as const) {
      expect((await refused(core, channel, input))[0], channel).toBe('locked');
    }
  });
});
