// Care after a positive test, referral outcomes and the follow-up list (issue 17), on small
// hand-made cabinets, rule by rule from the words of spec/domain.md and spec/indicators.md.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import type { ChannelInput, ChannelOutput } from '../../shared/api';
import { attempt, cli, MANAGER, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
const WORKER = { userName: 'ona', displayName: 'Ona', role: 'social_worker' as const, password: 'worker-pass-1' };
const DOCTOR = { userName: 'gyd', displayName: 'Gydytoja', role: 'medical' as const, password: 'doctor-pass-1' };

const opened: Array<{ core: Core; dir: string }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.core.close(); // closing twice is harmless
    rmSync(o.dir, { recursive: true, force: true });
  }
});

async function cabinet() {
  const c = await newCabinet({ today: () => TODAY });
  opened.push(c);
  await must(c.core, 'staff.add', WORKER);
  await must(c.core, 'staff.add', DOCTOR);
  let n = 0;
  const client = async (code?: string) => (await must(c.core, 'clients.register', {
    code: code ?? `KL${String.fromCharCode(65 + n++)}A11985`, sex: 'male', birthYear: 1985, injects: 'yes', confirmNotDuplicate: true,
  })).id;
  const visit = (input: ChannelInput<'visits.create'>) => must(c.core, 'visits.create', { siteId: c.cabinet.id, ...input });
  const exchange = (clientId: number, date: string) => visit({ date, time: '10:00', clientId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
  const as = async (who: { userName: string; password: string }) => {
    await must(c.core, 'session.logout', {});
    await must(c.core, 'session.login', { userName: who.userName, password: who.password });
  };
  return { ...c, client, visit, exchange, as };
}

type MedicalList = Extract<ChannelOutput<'followup.list'>, { view: 'medical' }>;
async function medicalList(core: Core): Promise<MedicalList> {
  const list = await must(core, 'followup.list', {});
  if (list.view !== 'medical') throw new Error('expected the medical view');
  return list;
}
const kindsOf = (list: MedicalList, clientId: number) => list.clients.find((c) => c.clientId === clientId)?.reasons.map((r) => r.kind) ?? [];

describe('the HCV RNA test', () => {
  it('gives an HCV result only, waits for it among the pending tests, and takes it later', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client();
    const wrong = await attempt(core, 'visits.create', { date: '2026-11-02', clientId: a, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hiv: 'negative' } }] });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.field).toBe('tests.0.results.hiv');
    const v = await visit({ date: '2026-11-02', clientId: a, kind: 'medical', tests: [{ type: 'hcv_rna' }] });
    const pending = await must(core, 'tests.pending', {});
    expect(pending.map((p) => [p.type, p.testId])).toEqual([['hcv_rna', v.tests[0].id]]);
    const after = await must(core, 'tests.setResults', { testId: v.tests[0].id, results: { hiv: null, hbv: null, hcv: 'positive' }, resultDate: '2026-11-10' });
    expect(after.tests[0]).toMatchObject({ type: 'hcv_rna', results: { hcv: 'positive' }, resultDate: '2026-11-10' });
    expect(await must(core, 'tests.pending', {})).toEqual([]);
  });
});

describe('care steps', () => {
  it('follow a positive result of their infection, on or before their day, and not after today', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client();
    const step = (input: Partial<ChannelInput<'care.record'>>) => attempt(core, 'care.record', { clientId: a, infection: 'hcv', step: 'linked_to_care', date: '2026-10-01', ...input });
    // No positive yet: refused, naming the date.
    let r = await step({});
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.field, r.error.message]).toEqual(['validation', 'date', 'Gydymo etapas įrašomas po teigiamo HCV rezultato: šiam klientui iki tos dienos toks rezultatas neįrašytas.']);
    await visit({ date: '2026-09-15', clientId: a, kind: 'medical', tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
    // Before the positive test: still refused; HIV: refused (the client's HIV result is negative).
    expect((await step({ date: '2026-09-14' })).ok).toBe(false);
    expect((await step({ infection: 'hiv' })).ok).toBe(false);
    // Cured is HCV's, virally suppressed HIV's; no day after today.
    r = await step({ step: 'virally_suppressed' });
    expect(!r.ok && r.error.field).toBe('step');
    r = await step({ date: '2026-11-21' });
    expect(!r.ok && r.error.field).toBe('date');
    const linked = await must(core, 'care.record', { clientId: a, infection: 'hcv', step: 'linked_to_care', date: '2026-09-15', note: 'Infektologas' });
    expect(linked).toMatchObject({ clientId: a, infection: 'hcv', step: 'linked_to_care', date: '2026-09-15', staffName: MANAGER.displayName, note: 'Infektologas', voided: null });
    await must(core, 'care.record', { clientId: a, infection: 'hcv', step: 'treatment_started', date: '2026-10-20' });
    expect((await must(core, 'care.list', { clientId: a })).map((s) => [s.step, s.date])).toEqual([['linked_to_care', '2026-09-15'], ['treatment_started', '2026-10-20']]);
  });

  it('are voided with a reason, not deleted, and audited; a second void is refused', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client();
    await visit({ date: '2026-09-15', clientId: a, kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    const s = await must(core, 'care.record', { clientId: a, infection: 'hiv', step: 'treatment_started', date: '2026-10-01' });
    await must(core, 'care.void', { id: s.id, reason: 'Ne tas klientas' });
    const again = await attempt(core, 'care.void', { id: s.id, reason: 'Dar kartą' });
    expect(!again.ok && again.error.code).toBe('rejected');
    expect(await must(core, 'care.list', { clientId: a, includeVoided: false })).toEqual([]);
    const [kept] = await must(core, 'care.list', { clientId: a });
    expect(kept.voided?.reason).toBe('Ne tas klientas');
    const log = await must(core, 'audit.list', { limit: 5 });
    expect(log.filter((e) => e.entity === 'care_step').map((e) => e.action)).toEqual(['void', 'create']);
  });

  it('are medical staff\'s and managers\' only: a social worker may neither read nor write them', async () => {
    const { core, client, visit, as } = await cabinet();
    const a = await client();
    await visit({ date: '2026-09-15', clientId: a, kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    const s = await must(core, 'care.record', { clientId: a, infection: 'hiv', step: 'linked_to_care', date: '2026-10-01' });
    await as(DOCTOR);
    expect((await must(core, 'care.list', { clientId: a })).length).toBe(1);
    await as(WORKER);
    for (const [channel, input] of [['care.list', { clientId: a }], ['care.record', { clientId: a, infection: 'hiv', step: 'treatment_started', date: '2026-10-02' }], ['care.void', { id: s.id, reason: 'x' }]] as const) {
      const r = await attempt(core, channel, input);
      expect(!r.ok && r.error.code, channel).toBe('forbidden');
    }
  });

  it('move with the client when a manager merges a duplicate', async () => {
    const { core, client, visit } = await cabinet();
    const [keep, dup] = [await client('KLAA11985'), await client('KLAB11985')];
    await visit({ date: '2026-09-15', clientId: dup, kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    await must(core, 'care.record', { clientId: dup, infection: 'hiv', step: 'linked_to_care', date: '2026-10-01' });
    await must(core, 'clients.merge', { keepId: keep, mergeId: dup, reason: 'Rašybos klaida' });
    expect((await must(core, 'care.list', { clientId: keep })).map((s) => s.clientId)).toEqual([keep]);
  });
});

describe('referral outcomes', () => {
  it('are recorded later by any role, kept when the visit is edited, taken back with null, and audited', async () => {
    const { core, client, visit, as } = await cabinet();
    const a = await client();
    const v = await visit({ date: '2026-10-01', clientId: a, services: [{ type: 'referral', units: 1, referralTo: 'detoxification' }, { type: 'consultation', units: 1 }] });
    expect(v.services.map((s) => s.referralOutcome)).toEqual([null, null]);
    await as(WORKER);
    const none = await attempt(core, 'referrals.setOutcome', { visitId: v.id, referralTo: 'tb', outcome: 'arrived' });
    expect(!none.ok && none.error.field).toBe('referralTo');
    const set = await must(core, 'referrals.setOutcome', { visitId: v.id, referralTo: 'detoxification', outcome: 'arrived' });
    expect(set.services[0]).toEqual({ type: 'referral', units: 1, referralTo: 'detoxification', referralOutcome: 'arrived' });
    const edited = await must(core, 'visits.update', {
      id: v.id, date: '2026-10-01', clientId: a, siteId: v.siteId,
      services: [{ type: 'referral', units: 2, referralTo: 'detoxification' }], supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }],
    });
    expect(edited.services[0].referralOutcome).toBe('arrived');
    // The desk's "same as last visit" sends lines back as a form does: without the outcome.
    expect((await must(core, 'clients.lastVisitDefaults', { clientId: a })).services).toEqual([{ type: 'referral', units: 2, referralTo: 'detoxification' }]);
    const cleared = await must(core, 'referrals.setOutcome', { visitId: v.id, referralTo: 'detoxification', outcome: null });
    expect(cleared.services[0].referralOutcome).toBeNull();
    await as(MANAGER);
    const log = await must(core, 'audit.list', { limit: 10 });
    expect(log.filter((e) => e.entity === 'referral').length).toBe(2);
    await must(core, 'visits.void', { id: v.id, reason: 'Klaida' });
    const voided = await attempt(core, 'referrals.setOutcome', { visitId: v.id, referralTo: 'detoxification', outcome: 'arrived' });
    expect(!voided.ok && voided.error.code).toBe('rejected');
  });
});

describe('the follow-up list', () => {
  it('regular clients not seen for four weeks (the setting): the regular rule of the reports, last visit 28 days ago or more', async () => {
    const { core, client, exchange } = await cabinet();
    const [gone, seen, occasional, justGone] = [await client(), await client(), await client(), await client()];
    // Three visit-days in August: regular. Last seen 2026-10-23, 28 days before 2026-11-20.
    for (const d of ['2026-08-03', '2026-08-10', '2026-08-17', '2026-10-23']) await exchange(gone, d);
    // Regular too, but seen 27 days ago.
    for (const d of ['2026-08-03', '2026-08-10', '2026-08-17', '2026-10-24']) await exchange(seen, d);
    // Two visit-days a month: never regular.
    for (const d of ['2026-08-03', '2026-08-10', '2026-09-03', '2026-09-10']) await exchange(occasional, d);
    // Regular in May (outside the current month and the five before it): not on the list.
    for (const d of ['2026-05-04', '2026-05-11', '2026-05-18']) await exchange(justGone, d);
    let list = await medicalList(core);
    expect(list.notSeenWeeks).toBe(4);
    const notSeen = list.clients.filter((c) => c.reasons.some((r) => r.kind === 'not_seen'));
    expect(notSeen.map((c) => [c.clientId, c.reasons.find((r) => r.kind === 'not_seen')])).toEqual([[gone, { kind: 'not_seen', lastVisit: '2026-10-23' }]]);
    await must(core, 'settings.update', { followupWeeks: 3 });
    list = await medicalList(core);
    expect(list.clients.filter((c) => c.reasons.some((r) => r.kind === 'not_seen')).map((c) => c.clientId)).toEqual([gone, seen]);
  });

  it('positive results not yet given: no post-test counselling at a visit on or after the day the result came', async () => {
    const { core, client, visit } = await cabinet();
    const [waiting, told, toldBefore, negative] = [await client(), await client(), await client(), await client()];
    const test = async (clientId: number, hiv: 'positive' | 'negative') => {
      const v = await visit({ date: '2026-11-02', clientId, kind: 'medical', services: [{ type: 'pre_test_counselling', units: 1 }], tests: [{ type: 'hiv' }] });
      await must(core, 'tests.setResults', { testId: v.tests[0].id, results: { hiv, hbv: null, hcv: null }, resultDate: '2026-11-09' });
      return v;
    };
    const w = await test(waiting, 'positive');
    await test(told, 'positive');
    await visit({ date: '2026-11-12', clientId: told, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }] });
    await test(toldBefore, 'positive');
    // Counselling before the result came does not give it.
    await visit({ date: '2026-11-05', clientId: toldBefore, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }] });
    await test(negative, 'negative');
    const list = await medicalList(core);
    const notGiven = list.clients.flatMap((c) => c.reasons.filter((r) => r.kind === 'result_not_given').map((r) => [c.clientId, r]));
    expect(notGiven).toEqual([
      [waiting, { kind: 'result_not_given', testId: w.tests[0].id, visitId: w.id, date: '2026-11-02', resultDate: '2026-11-09', type: 'hiv', infections: ['hiv'] }],
      [toldBefore, expect.objectContaining({ kind: 'result_not_given', infections: ['hiv'] })],
    ]);
  });

  it('tests due: clients seen within four weeks, never tested or last tested six months ago (the card\'s rule), a positive not sent again', async () => {
    const { core, client, visit, exchange } = await cabinet();
    const [fresh, old, positive, away] = [await client(), await client(), await client(), await client()];
    const combined = (clientId: number, date: string, hiv: 'positive' | 'negative') =>
      visit({ date, clientId, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'combined', results: { hiv, hbv: 'negative', hcv: 'negative' } }] });
    await combined(fresh, '2026-06-01', 'negative');
    await combined(old, '2026-05-20', 'negative');
    await combined(positive, '2026-05-20', 'positive');
    for (const c of [fresh, old, positive]) await exchange(c, '2026-11-16');
    // Never tested, but not seen within four weeks: not asked about tests.
    await exchange(away, '2026-10-01');
    const list = await medicalList(core);
    const due = (id: number) => list.clients.find((c) => c.clientId === id)?.reasons.find((r) => r.kind === 'test_due');
    expect(due(fresh)).toBeUndefined();
    expect(due(old)).toEqual({ kind: 'test_due', infections: ['hiv', 'hbv', 'hcv'] });
    expect(due(positive)).toEqual({ kind: 'test_due', infections: ['hbv', 'hcv'] });
    expect(due(away)).toBeUndefined();
  });

  it('referrals without an outcome after 14 days (and for up to 90), until one is recorded', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client();
    const old = await visit({ date: '2026-11-06', clientId: a, services: [{ type: 'referral', units: 1, referralTo: 'pharmacotherapy' }] });
    await visit({ date: '2026-11-07', clientId: a, services: [{ type: 'referral', units: 1, referralTo: 'gp' }] });
    // 91 days old: past finding out.
    await visit({ date: '2026-08-21', clientId: a, services: [{ type: 'referral', units: 1, referralTo: 'tb' }] });
    await visit({ date: '2026-10-01', clientId: a, services: [{ type: 'referral', units: 1 }] });
    const reasons = async () => (await medicalList(core)).clients.flatMap((c) => c.reasons.filter((r) => r.kind === 'referral_no_outcome'));
    expect(await reasons()).toEqual([
      { kind: 'referral_no_outcome', visitId: expect.any(Number), date: '2026-10-01', referralTo: null },
      { kind: 'referral_no_outcome', visitId: old.id, date: '2026-11-06', referralTo: 'pharmacotherapy' },
    ]);
    await must(core, 'referrals.setOutcome', { visitId: old.id, referralTo: 'pharmacotherapy', outcome: 'not_arrived' });
    expect((await reasons()).map((r) => r.date)).toEqual(['2026-10-01']);
  });

  it('HCV antibody positives without an RNA test; an RNA test (even awaiting its result) or HCV care takes them off', async () => {
    const { core, client, visit } = await cabinet();
    const [noRna, rnaDone, inCare, rnaOnly] = [await client(), await client(), await client(), await client()];
    const antibody = (clientId: number) => visit({ date: '2026-10-01', clientId, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'hcv', results: { hcv: 'positive' } }] });
    const first = await antibody(noRna);
    await antibody(rnaDone);
    await visit({ date: '2026-10-15', clientId: rnaDone, kind: 'medical', tests: [{ type: 'hcv_rna' }] });
    await antibody(inCare);
    await must(core, 'care.record', { clientId: inCare, infection: 'hcv', step: 'linked_to_care', date: '2026-10-20' });
    // An RNA positive alone is not an antibody positive.
    await visit({ date: '2026-10-01', clientId: rnaOnly, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    const list = await medicalList(core);
    const missing = list.clients.flatMap((c) => c.reasons.filter((r) => r.kind === 'hcv_rna_missing').map((r) => [c.clientId, r]));
    expect(missing).toEqual([[noRna, { kind: 'hcv_rna_missing', testId: first.tests[0].id, date: '2026-10-01' }]]);
  });

  it('a social worker sees the clients alone, sorted by code, and only for reasons no result decides: never why', async () => {
    const { core, client, visit, exchange, as } = await cabinet();
    // One client per reason, each with that reason alone (tested within six months, so no test is due).
    const codes = ['ZZNS11985', 'AANG11985', 'MMRF11985', 'BBRN11985'];
    const [notSeen, notGiven, referral, rna] = [await client(codes[0]), await client(codes[1]), await client(codes[2]), await client(codes[3])];
    const tested = (clientId: number, date: string, hcv: 'positive' | 'negative', counselled = true) => visit({
      date, clientId, kind: 'medical', services: counselled ? [{ type: 'post_test_counselling', units: 1 }] : [],
      tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv } }],
    });
    for (const d of ['2026-08-03', '2026-08-10', '2026-08-17']) await exchange(notSeen, d);
    await tested(notSeen, '2026-10-01', 'negative');
    await tested(notGiven, '2026-11-02', 'negative', false);
    await visit({ date: '2026-11-03', clientId: notGiven, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    await tested(referral, '2026-10-01', 'negative');
    await visit({ date: '2026-11-02', clientId: referral, services: [{ type: 'referral', units: 1, referralTo: 'tb' }] });
    await tested(rna, '2026-11-02', 'positive');
    const medical = await medicalList(core);
    expect([notSeen, notGiven, referral, rna].map((id) => kindsOf(medical, id))).toEqual([['not_seen'], ['result_not_given'], ['referral_no_outcome'], ['hcv_rna_missing']]);
    await as(WORKER);
    const desk = await must(core, 'followup.list', {});
    // A result not given and an RNA test missing follow from a positive result: who is on the
    // desk's list would tell it, so those clients are the doctor's to call, not the desk's.
    expect(desk).toEqual({
      view: 'desk', date: TODAY,
      clients: [{ clientId: referral, clientCode: 'MMRF11985' }, { clientId: notSeen, clientCode: 'ZZNS11985' }],
    });
    // Nothing but the code and the id: no date, test, destination or reason word anywhere in the answer.
    expect(JSON.stringify(desk)).not.toMatch(/reason|kind|positive|referral|hcv|hiv|lastVisit|2026-(0|10|11-0)/);
  });

  it('slenkstis followup --format json prints the channel\'s answer for the account, with cli.md\'s exit codes', async () => {
    const { core, dbPath, client, visit } = await cabinet();
    const a = await client('KLAA11985');
    await visit({ date: '2026-10-01', clientId: a, kind: 'medical', services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'hcv', results: { hcv: 'positive' } }] });
    // The command line opens the file itself: the test's own core lets go of it first.
    core.close();
    const env = { SLENKSTIS_PASSWORD: MANAGER.password };
    const r = await cli(['followup', '--format', 'json', '--db', dbPath, '--user', MANAGER.userName], env);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.view).toBe('medical');
    expect(out.clients).toEqual([expect.objectContaining({ clientCode: 'KLAA11985', reasons: expect.arrayContaining([expect.objectContaining({ kind: 'hcv_rna_missing', date: '2026-10-01' })]) })]);
    const asOna = await cli(['followup', '--db', dbPath, '--user', WORKER.userName], { SLENKSTIS_PASSWORD: WORKER.password });
    expect(asOna.code, asOna.err).toBe(0);
    // The desk is not told of a client listed only for a positive result's sake.
    expect(JSON.parse(asOna.out)).toMatchObject({ view: 'desk', clients: [] });
    expect((await cli(['followup', '--format', 'csv', '--db', dbPath, '--user', MANAGER.userName], env)).code).toBe(2);
    expect((await cli(['followup', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: 'wrong-pass-1' })).code).toBe(3);
    expect((await cli(['followup', '--db', `${dbPath}.none`, '--user', MANAGER.userName], env)).code).toBe(4);
  });
});

describe('who is on the desk\'s follow-up list', () => {
  it('does not depend on anyone\'s result: three clients tested alike, one HIV positive, one negative, one HCV positive, are all on it or all off it', async () => {
    const { core, client, visit, as } = await cabinet();
    const [pos, neg, hcv] = [await client('POSA11985'), await client('NEGB11985'), await client('HCVC11985')];
    // Tested alike on the same day, with pre-test counselling only (no post-test counselling yet).
    const results = { [pos]: { hiv: 'positive', hbv: 'negative', hcv: 'negative' }, [neg]: { hiv: 'negative', hbv: 'negative', hcv: 'negative' }, [hcv]: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } } as const;
    for (const id of [pos, neg, hcv]) {
      await visit({ date: '2026-11-10', clientId: id, kind: 'medical', services: [{ type: 'pre_test_counselling', units: 1 }], tests: [{ type: 'combined', results: results[id] }] });
    }
    // Medical staff see the positive ones for their results (the mark that the results count there).
    await as(DOCTOR);
    const medical = await medicalList(core);
    expect(kindsOf(medical, pos)).toContain('result_not_given');
    expect(kindsOf(medical, hcv)).toContain('hcv_rna_missing');
    expect(kindsOf(medical, neg)).not.toContain('result_not_given');
    // The desk: the same answer for the three.
    await as(WORKER);
    const desk = await must(core, 'followup.list', {});
    expect(desk.view).toBe('desk');
    const listed = new Set(desk.clients.map((c) => c.clientId));
    expect([listed.has(pos), listed.has(hcv)]).toEqual([listed.has(neg), listed.has(neg)]);
  });
});

describe('an HCV RNA test in the report', () => {
  it('counts among the tests by type, never as another HCV positive result or new case (indicators.md)', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client('RNAA11985');
    const b = await client('RNAB11985');
    // A: an antibody positive, then its RNA positive; B: an RNA positive alone (antibody elsewhere).
    await visit({ date: '2026-11-02', clientId: a, kind: 'medical', tests: [{ type: 'hcv', results: { hcv: 'positive' } }] });
    await visit({ date: '2026-11-09', clientId: a, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    await visit({ date: '2026-11-10', clientId: b, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    const r = await must(core, 'reports.run', { from: '2026-11-01', to: '2026-11-30', siteIds: [], monthly: false });
    expect(r.indicators.tests_by_type).toMatchObject({ hcv: 1, hcv_rna: 2 });
    expect(r.indicators.positive_results).toMatchObject({ hcv: 1 });
    expect(r.indicators.new_positive_cases).toMatchObject({ hcv: 1 });
  });
});
