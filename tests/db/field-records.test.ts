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

describe('the pharmacotherapy status, dated', () => {
  it('follows its changes: in from March, out from mid-June, in again from October; the status on a day is the latest change on or before it', async () => {
    const { core, client } = await cabinet();
    const a = await client('ONJO11985');
    const set = (status: boolean, date: string) => attempt(core, 'clients.setPharmacotherapy', { clientId: a, status, date });
    expect((await must(core, 'clients.setPharmacotherapy', { clientId: a, status: true, date: '2026-03-01' })).inPharmacotherapy).toBe(true);
    expect((await must(core, 'clients.setPharmacotherapy', { clientId: a, status: false, date: '2026-06-15' })).inPharmacotherapy).toBe(false);
    expect((await must(core, 'clients.setPharmacotherapy', { clientId: a, status: true, date: '2026-10-01' })).inPharmacotherapy).toBe(true);
    // The status in force on a day, read back through the rule "a change equal to it is refused"
    // (were the expectation wrong, the change would be recorded and the test fail).
    const expectOn = async (date: string, status: boolean) => {
      const r = await set(status, date);
      expect(r.ok, `${date}: ${status} was not in force`).toBe(false);
      if (!r.ok) expect([r.error.code, r.error.field], date).toEqual(['rejected', 'status']);
    };
    await expectOn('2026-02-28', false);
    await expectOn('2026-03-01', true);
    await expectOn('2026-06-14', true);
    await expectOn('2026-06-15', false);
    await expectOn('2026-09-30', false);
    await expectOn('2026-10-01', true);
    await expectOn(TODAY, true);
    await expectOn('2026-07-01', false);
    const r = await set(true, '2026-04-01');
    expect(!r.ok && r.error.message).toBe('Pakaitinis gydymas: tą dieną klientas jau gydomas; įrašomas tik pasikeitimas.');
    const r2 = await set(false, '1995-01-01');
    expect(!r2.ok && r2.error.message).toBe('Pakaitinis gydymas: tą dieną klientas jau negydomas; įrašomas tik pasikeitimas.');
    // A change dated back, before the latest, leaves today's status as it is.
    await must(core, 'clients.setPharmacotherapy', { clientId: a, status: false, date: '2026-04-01' });
    const card = await must(core, 'clients.card', { id: a });
    expect(card.client.inPharmacotherapy).toBe(true);
    expect(card.pharmacotherapy).toMatchObject([
      { date: '2026-03-01', status: true }, { date: '2026-04-01', status: false }, { date: '2026-06-15', status: false }, { date: '2026-10-01', status: true },
    ]);
    // Ending it today makes today's status no.
    expect((await must(core, 'clients.setPharmacotherapy', { clientId: a, status: false, date: TODAY })).inPharmacotherapy).toBe(false);
    expect((await must(core, 'clients.card', { id: a })).client.inPharmacotherapy).toBe(false);
  });

  it('is dated today when a client is registered in pharmacotherapy, or an edit changes it; an edit that keeps it records nothing', async () => {
    const { core, client, auditOf } = await cabinet();
    const a = await client('ONJO11985', { inPharmacotherapy: true });
    expect((await must(core, 'clients.card', { id: a })).pharmacotherapy).toMatchObject([{ date: TODAY, status: true }]);
    const b = await client('PEPE21990', { sex: 'female', birthYear: 1990 });
    expect((await must(core, 'clients.card', { id: b })).pharmacotherapy).toEqual([]);
    const edit = (inPharmacotherapy: boolean) => must(core, 'clients.update', { id: b, sex: 'female', birthYear: 1990, injects: 'yes', inPharmacotherapy, note: null });
    expect((await edit(false)).inPharmacotherapy).toBe(false);
    expect((await must(core, 'clients.card', { id: b })).pharmacotherapy).toEqual([]);
    expect((await edit(true)).inPharmacotherapy).toBe(true);
    expect((await edit(true)).inPharmacotherapy).toBe(true);
    expect((await edit(false)).inPharmacotherapy).toBe(false);
    expect((await must(core, 'clients.card', { id: b })).pharmacotherapy).toMatchObject([{ date: TODAY, status: true }, { date: TODAY, status: false }]);
    const log = await auditOf('pharmacotherapy_change');
    expect(log.map((e) => [e.action, JSON.parse(e.after ?? '{}')])).toEqual([
      ['create', { clientId: b, date: TODAY, status: false, inPharmacotherapy: false }],
      ['create', { clientId: b, date: TODAY, status: true, inPharmacotherapy: true }],
      ['create', { clientId: a, date: TODAY, status: true, inPharmacotherapy: true }],
    ]);
  });

  it('refuses a day after today or before 1990, and a client that does not exist, in words naming the field', async () => {
    const { core, client } = await cabinet();
    const a = await client('ONJO11985');
    for (const date of ['2026-11-21', '1989-12-31']) {
      expect(await refused(core, 'clients.setPharmacotherapy', { clientId: a, status: true, date })).toEqual(['validation', 'date', 'Data turi būti nuo 1990-01-01 iki šiandienos.']);
    }
    expect(await refused(core, 'clients.setPharmacotherapy', { clientId: 999999, status: true, date: TODAY })).toEqual(['not_found', 'clientId', 'Klientas nerastas.']);
    expect(await refused(core, 'clients.setPharmacotherapy', { clientId: a, status: 'yes', date: TODAY })).toEqual(['validation', 'status', 'Būsena: trūksta arba netinkamos rūšies']);
    expect((await must(core, 'clients.card', { id: a })).pharmacotherapy).toEqual([]);
  });

  it('is seen and recorded by a social worker too (it is not medical data), and a merge joins the two histories', async () => {
    const { core, client, as } = await cabinet();
    const [a, b] = [await client('ONJO11985'), await client('ONJA11985')];
    await must(core, 'clients.setPharmacotherapy', { clientId: b, status: true, date: '2026-05-01' });
    await as(WORKER);
    await must(core, 'clients.setPharmacotherapy', { clientId: a, status: true, date: '2026-02-01' });
    await must(core, 'clients.setPharmacotherapy', { clientId: a, status: false, date: '2026-03-01' });
    const card = await must(core, 'clients.card', { id: a });
    expect([card.resultsHidden, card.client.inPharmacotherapy, card.pharmacotherapy]).toMatchObject([true, false, [{ date: '2026-02-01', status: true }, { date: '2026-03-01', status: false }]]);
    await as(MANAGER);
    // b's history (in from May) comes to a: in from May, so in today.
    const kept = await must(core, 'clients.merge', { keepId: a, mergeId: b, reason: 'Dublikatas' });
    expect(kept.inPharmacotherapy).toBe(true);
    expect((await must(core, 'clients.card', { id: b })).pharmacotherapy.map((c) => c.date)).toEqual(['2026-02-01', '2026-03-01', '2026-05-01']);
  });
});

describe('how a new client came', () => {
  it('is stored with the peer\'s code folded like a client code, shown on the card, and unknown by default', async () => {
    const { core, client } = await cabinet();
    const a = await client('ONJO11985', { cameVia: 'peer', referredByCode: ' šajo11985' });
    expect(await must(core, 'clients.card', { id: a })).toMatchObject({ cameVia: 'peer', referredByCode: 'SAJO11985' });
    const b = await client('PEPE21990', { sex: 'female', birthYear: 1990 });
    expect(await must(core, 'clients.card', { id: b })).toMatchObject({ cameVia: 'unknown', referredByCode: null });
    // A peer whose code is not known: peer, without a code.
    const c = await client('KAKA11970', { birthYear: 1970, cameVia: 'peer' });
    expect(await must(core, 'clients.card', { id: c })).toMatchObject({ cameVia: 'peer', referredByCode: null });
    for (const via of ['self', 'point', 'outreach', 'referral'] as const) {
      const id = await client(`VI${via.slice(0, 2).toUpperCase()}11980`, { birthYear: 1980, cameVia: via });
      expect((await must(core, 'clients.card', { id })).cameVia).toBe(via);
    }
  });

  it('refuses a peer\'s code for a client who did not come via a peer, and the client\'s own code', async () => {
    const { core } = await cabinet();
    const reg = (extra: Partial<ChannelInput<'clients.register'>>) => refused(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985, ...extra });
    expect(await reg({ cameVia: 'self', referredByCode: 'SAJO11985' })).toEqual([
      'validation', 'referredByCode', 'Atvedusio vartotojo kodas nurodomas tik tada, kai klientas atėjo per kitą vartotoją (Kaip atėjo: per kitą vartotoją).',
    ]);
    expect((await reg({ referredByCode: 'SAJO11985' }))[1]).toBe('referredByCode');
    expect(await reg({ cameVia: 'peer', referredByCode: 'onjo 11985' })).toEqual([
      'validation', 'referredByCode', 'Atvedusio vartotojo kodas sutampa su paties kliento kodu: klientas negali atvesti pats savęs.',
    ]);
    expect(await reg({ cameVia: 'bus' as never })).toEqual(['validation', 'cameVia', 'Kaip atėjo: nėra tarp pasirinkimų']);
    expect(await must(core, 'clients.search', { query: 'ONJO' })).toEqual([]);
  });

  it('may be changed on the client\'s card: another route drops the peer\'s code, a code merged into the client is its own', async () => {
    const { core, client, auditOf } = await cabinet();
    const a = await client('ONJO11985', { cameVia: 'peer', referredByCode: 'SAJO11985' });
    const base = { id: a, sex: 'male' as const, birthYear: 1985, injects: 'yes' as const, inPharmacotherapy: false, note: null };
    // Neither given: unchanged.
    await must(core, 'clients.update', base);
    expect(await must(core, 'clients.card', { id: a })).toMatchObject({ cameVia: 'peer', referredByCode: 'SAJO11985' });
    await must(core, 'clients.update', { ...base, referredByCode: 'ruta21979' });
    expect(await must(core, 'clients.card', { id: a })).toMatchObject({ cameVia: 'peer', referredByCode: 'RUTA21979' });
    await must(core, 'clients.update', { ...base, cameVia: 'outreach' });
    expect(await must(core, 'clients.card', { id: a })).toMatchObject({ cameVia: 'outreach', referredByCode: null });
    expect((await refused(core, 'clients.update', { ...base, referredByCode: 'SAJO11985' }))[1]).toBe('referredByCode');
    const dup = await client('ONJA11985');
    await must(core, 'clients.merge', { keepId: a, mergeId: dup, reason: 'Dublikatas' });
    expect(await refused(core, 'clients.update', { ...base, cameVia: 'peer', referredByCode: 'ONJA11985' })).toEqual([
      'validation', 'referredByCode', 'Atvedusio vartotojo kodas sutampa su paties kliento kodu: klientas negali atvesti pats savęs.',
    ]);
    const log = await auditOf('client');
    const [last] = log.filter((e) => e.action === 'update');
    expect([JSON.parse(last.before ?? '{}').came_via, JSON.parse(last.after ?? '{}').came_via]).toEqual(['peer', 'outreach']);
  });
});

describe('activities', () => {
  it('a meeting with three institutions is three rows of one date, title and site, which the report counts as one meeting, participants summed per institution', async () => {
    const { core, cabinet: site, as, auditOf } = await cabinet();
    await as(WORKER);
    const made = await must(core, 'activities.create', {
      date: '2026-11-05', type: 'meeting', title: 'Savivaldybės sveikatos komisija', siteId: site.id,
      institutions: [{ institution: 'law_enforcement', participants: 4 }, { institution: 'municipality', participants: 2 }, { institution: 'health_care', participants: 3 }],
    });
    expect(made).toMatchObject({
      date: '2026-11-05', type: 'meeting', title: 'Savivaldybės sveikatos komisija', topic: null, participants: 4, institution: 'law_enforcement',
      siteId: site.id, voided: false, trainedCodes: [], rows: 3,
    });
    const ids = made.ids ?? [];
    expect(ids[0]).toBe(made.id);
    const listed = await must(core, 'activities.list', { from: '2026-11-01', to: TODAY });
    expect(listed.map((a) => [a.id, a.title, a.institution, a.participants]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [ids[0], 'Savivaldybės sveikatos komisija', 'law_enforcement', 4],
      [ids[1], 'Savivaldybės sveikatos komisija', 'municipality', 2],
      [ids[2], 'Savivaldybės sveikatos komisija', 'health_care', 3],
    ]);
    // The old single institution still makes one row; another meeting the same day is another meeting.
    const single = await must(core, 'activities.create', { date: '2026-11-05', type: 'meeting', title: 'Policijos komisariatas', participants: 5, institution: 'law_enforcement', siteId: site.id });
    expect([single.rows, single.ids, single.participants, single.institution]).toEqual([1, [single.id], 5, 'law_enforcement']);
    await as(MANAGER);
    const created = (await auditOf('activity')).filter((e) => e.action === 'create');
    expect(created.map((e) => [e.entityId, e.userName]).reverse()).toEqual([...ids, single.id].map((id) => [id, WORKER.userName]));
    const report = await must(core, 'reports.run', { from: '2026-11-01', to: '2026-11-30' });
    // By hand: two meetings (the three rows are one); 4 + 2 + 3 + 5 = 14 participants; law enforcement 4 + 5.
    expect(report.indicators.meetings).toBe(2);
    expect(report.indicators.meeting_participants).toBe(14);
    expect(report.indicators.meeting_participants_by_institution).toEqual({ law_enforcement: 9, municipality: 2, politicians: 0, health_care: 3, other: 0 });
  });

  it('a training keeps its topic and its clients, named by id or by code (folded, a merged code finding its client)', async () => {
    const { core, client } = await cabinet();
    const [a, b, c] = [await client('ONJO11985'), await client('PEPE21990', { sex: 'female', birthYear: 1990 }), await client('KAKA11970', { birthYear: 1970 })];
    const d = await client('KAKE11970', { birthYear: 1970 });
    await must(core, 'clients.merge', { keepId: c, mergeId: d, reason: 'Dublikatas' });
    const t = await must(core, 'activities.create', {
      date: '2026-11-10', type: 'training', title: 'Perdozavimo atpažinimas', topic: 'overdose_response', participants: 3,
      trainedClientIds: [a], trainedCodes: ['pepe 21990', 'kake11970', 'ONJO11985'],
    });
    expect(t).toMatchObject({ type: 'training', topic: 'overdose_response', participants: 3, rows: 1, trainedCodes: ['KAKA11970', 'ONJO11985', 'PEPE21990'] });
    expect((await must(core, 'activities.list', { from: '2026-11-10', to: '2026-11-10' }))[0]).toMatchObject({ id: t.id, topic: 'overdose_response', trainedCodes: ['KAKA11970', 'ONJO11985', 'PEPE21990'] });
    // A training without a topic is stored without.
    expect((await must(core, 'activities.create', { date: '2026-11-11', type: 'training', trainedCodes: ['ONJO11985'] })).topic).toBeNull();
    expect(b).toBeGreaterThan(0);
  });

  it('refuse a topic or trained clients outside a training, an unknown code, an institution twice, both ways of giving institutions, several for a publication, more than five', async () => {
    const { core, client } = await cabinet();
    await client('ONJO11985');
    const create = (input: Partial<ChannelInput<'activities.create'>>) => refused(core, 'activities.create', { date: '2026-11-10', type: 'meeting', ...input });
    expect(await create({ topic: 'overdose_response' })).toEqual(['validation', 'topic', 'Tema: nurodoma tik mokymui.']);
    expect(await create({ trainedCodes: ['ONJO11985'] })).toEqual(['validation', 'trainedCodes', 'Išmokyti klientai nurodomi tik mokymo veikloje.']);
    expect(await create({ type: 'training', trainedCodes: ['ONJO11985', 'NERA11111'] })).toEqual([
      'validation', 'trainedCodes.1', 'Išmokyto kliento kodas Nr. 2: kliento su tokiu kodu nėra; pirma užregistruokite klientą arba pataisykite kodą.',
    ]);
    expect(await create({ institutions: [{ institution: 'municipality', participants: 2 }, { institution: 'municipality', participants: 1 }] })).toEqual([
      'validation', 'institutions.1.institution', 'Institucija: kiekviena nurodoma tik kartą, su visais jos dalyviais.',
    ]);
    expect(await create({ institution: 'other', institutions: [{ institution: 'municipality', participants: 2 }] })).toEqual([
      'validation', 'institutions', 'Institucijos: nurodykite jas sąraše arba vieną instituciją su jos dalyviais, bet ne abu kartu.',
    ]);
    expect(await create({ type: 'media', institutions: [{ institution: 'municipality', participants: 2 }, { institution: 'politicians', participants: 1 }] })).toEqual([
      'validation', 'institutions', 'Institucijos: kelios nurodomos tik susitikimui ar mokymui.',
    ]);
    const six = ['law_enforcement', 'municipality', 'politicians', 'health_care', 'other', 'other'].map((institution) => ({ institution, participants: 1 }));
    expect((await create({ institutions: six as never }))[1]).toBe('institutions');
    expect(await create({ institutions: [{ institution: 'court' as never, participants: 1 }] })).toEqual(['validation', 'institutions.0.institution', 'Institucija Nr. 1, institucija: nėra tarp pasirinkimų']);
    // Nothing was written.
    expect(await must(core, 'activities.list', { from: '2026-01-01', to: TODAY })).toEqual([]);
  });
});
