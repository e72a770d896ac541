import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../db/core';
import { attempt, must, newCabinet } from './helpers';

const TODAY = '2026-11-20';
let core: Core;
let cabinetId: number;

beforeAll(async () => {
  const cab = await newCabinet({ today: () => TODAY });
  core = cab.core;
  cabinetId = cab.cabinet.id;
});

const exchange = (clientId: number, date: string, out: number, back: number) =>
  must(core, 'visits.create', {
    date, clientId, siteId: cabinetId,
    supplies: [{ itemKey: 'syringe', direction: 'out', quantity: out }, ...(back ? [{ itemKey: 'syringe', direction: 'in' as const, quantity: back }] : [])],
  });

describe('clients', () => {
  it('registers by normalised code and refuses the same code twice', async () => {
    const c = await must(core, 'clients.register', { code: ' šajo11985', sex: 'male', birthYear: 1985, injects: 'yes' });
    expect(c.code).toBe('SAJO11985');
    const again = await attempt(core, 'clients.register', { code: 'SAJO11985', sex: 'male', birthYear: 1985 });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.field).toBe('code');
  });

  it('enforces the code pattern setting, and a cabinet may set its own', async () => {
    const bad = await attempt(core, 'clients.register', { code: 'HELLO', sex: 'male', birthYear: 1985 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/kodo šablono/);
    await must(core, 'settings.update', { codePattern: '^[A-Z0-9]{3,12}$' });
    expect((await attempt(core, 'clients.register', { code: 'KLAIPEDA77', sex: 'female', birthYear: 1977 })).ok).toBe(true);
    await must(core, 'settings.update', { codePattern: '^[A-Z]{4}[123](19|20)[0-9]{2}$' });
  });

  it('searches as you type: prefix matches first, then substrings, Lithuanian letters folded', async () => {
    for (const code of ['ONJO11985', 'ONJA21990', 'ANON11970', 'PEON11988']) await must(core, 'clients.register', { code, sex: code[4] === '2' ? 'female' : 'male', birthYear: Number(code.slice(5)), confirmNotDuplicate: true });
    const on = await must(core, 'clients.search', { query: 'on' });
    expect(on.slice(0, 2).map((c) => c.code)).toEqual(['ONJA21990', 'ONJO11985']);
    expect(on.map((c) => c.code)).toEqual(expect.arrayContaining(['ANON11970', 'PEON11988']));
    expect((await must(core, 'clients.search', { query: 'onjo' })).map((c) => c.code)).toEqual(['ONJO11985']);
    // Three characters or more inside a code: the trigram index (migration 012), after the prefixes, in code order.
    expect((await must(core, 'clients.search', { query: 'non' })).map((c) => c.code)).toEqual(['ANON11970']);
    expect((await must(core, 'clients.search', { query: 'on1' })).map((c) => c.code)).toEqual(['ANON11970', 'PEON11988']);
    expect((await must(core, 'clients.search', { query: 'njo' })).map((c) => c.code)).toEqual(['ONJO11985']);
    expect(await must(core, 'clients.search', { query: 'n_n' })).toEqual([]);
    // A substring most codes hold (a birth year's digits): found by the codes in order, the first ten of them.
    const store = core.currentVault!.store;
    const add = store.sqlite.prepare(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, created_at) VALUES (?, 'male', 1987, 'yes', 0, 'now')`);
    store.sqlite.transaction(() => { for (let i = 0; i < 450; i++) add.run(`Q${String.fromCharCode(65 + (i % 26), 65 + Math.floor(i / 26))}X11987`); })();
    const common = (await must(core, 'clients.search', { query: '1198', limit: 10 })).map((c) => c.code);
    const inOrder = (store.sqlite.prepare(`SELECT code FROM clients WHERE code LIKE '%1198%' AND code NOT LIKE '1198%' ORDER BY code LIMIT 10`).all() as Array<{ code: string }>).map((r) => r.code);
    expect(inOrder).toHaveLength(10);
    expect(common).toEqual(inOrder);
    expect((await must(core, 'clients.search', { query: 'qbcx', limit: 10 })).map((c) => c.code)).toEqual(['QBCX11987']);
    expect(await must(core, 'clients.search', { query: '%' })).toEqual([]);
    expect(await must(core, 'clients.search', { query: '' })).toEqual([]);
  });

  it('warns of a likely duplicate (one typo, same sex and year) and registers only when confirmed', async () => {
    expect(await must(core, 'clients.duplicates', { code: 'ONJO11986' })).toEqual([]); // another year: not the same person
    // The year's digits swapped is the likeliest typo (issue 15): 1958 for 1985 is the same year, in the code and in the form.
    expect((await must(core, 'clients.duplicates', { code: 'ONJO11958' })).map((c) => c.code)).toEqual(['ONJO11985']);
    expect((await must(core, 'clients.duplicates', { code: 'ONJO11958', sex: 'male', birthYear: 1958 })).map((c) => c.code)).toEqual(['ONJO11985']);
    const swapped = await attempt(core, 'clients.register', { code: 'ONJO11958', sex: 'male', birthYear: 1958 });
    expect(swapped.ok).toBe(false);
    if (!swapped.ok) expect(swapped.error.field).toBe('code');
    const near = await must(core, 'clients.duplicates', { code: 'NOJO11985' });
    expect(near.map((c) => c.code)).toEqual(['ONJO11985']);
    const refused = await attempt(core, 'clients.register', { code: 'NOJO11985', sex: 'male', birthYear: 1985 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/skiriasi viena rašybos klaida/);
      expect(refused.error.message).not.toMatch(/ONJO/);
    }
    const otherSex = await must(core, 'clients.duplicates', { code: 'ONJO21985', sex: 'female', birthYear: 1985 });
    expect(otherSex).toEqual([]);
    expect((await attempt(core, 'clients.register', { code: 'NOJO11985', sex: 'male', birthYear: 1985, confirmNotDuplicate: true })).ok).toBe(true);
  });

  it('merges a duplicate: visits move, and the merged code still finds the client', async () => {
    const keep = await must(core, 'clients.register', { code: 'MEKE11980', sex: 'male', birthYear: 1980 });
    const dup = await must(core, 'clients.register', { code: 'MKEE11980', sex: 'male', birthYear: 1980, confirmNotDuplicate: true });
    await exchange(dup.id, '2026-11-03', 5, 0);
    const merged = await must(core, 'clients.merge', { keepId: keep.id, mergeId: dup.id, reason: 'typo at registration' });
    expect(merged.id).toBe(keep.id);
    const found = await must(core, 'clients.search', { query: 'MKEE11980' });
    expect(found).toHaveLength(1);
    expect(found[0].id).toBe(keep.id);
    expect(found[0].viaMergedCode).toBe('MKEE11980');
    expect((await must(core, 'clients.history', { clientId: keep.id })).map((v) => v.date)).toEqual(['2026-11-03']);
    // A visit recorded against the merged id lands on the survivor.
    const v = await exchange(dup.id, '2026-11-04', 1, 0);
    expect(v.clientId).toBe(keep.id);
    expect((await attempt(core, 'clients.merge', { keepId: keep.id, mergeId: dup.id, reason: 'again' })).ok).toBe(false);
    // Merging the survivor into a third client re-points the older merged code too (no chains).
    const third = await must(core, 'clients.register', { code: 'MEKA11980', sex: 'male', birthYear: 1980, confirmNotDuplicate: true });
    await must(core, 'clients.merge', { keepId: third.id, mergeId: keep.id, reason: 'same person' });
    const rows = core.currentVault!.store.sqlite.prepare('SELECT merged_into_id AS m FROM clients WHERE id IN (?, ?)').all(keep.id, dup.id) as Array<{ m: number }>;
    expect(rows.map((r) => r.m)).toEqual([third.id, third.id]);
    expect((await must(core, 'clients.search', { query: 'MKEE11980' }))[0].id).toBe(third.id);
  });
});

describe('visits', () => {
  it('creates, edits and voids a visit with a reason; history keeps the voided one marked', async () => {
    const c = await must(core, 'clients.register', { code: 'VIVI21991', sex: 'female', birthYear: 1991 });
    const v = await must(core, 'visits.create', {
      date: '2026-11-10', clientId: c.id, siteId: cabinetId,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'in', quantity: 12 }, { itemKey: 'alcohol_pad', direction: 'out', quantity: 10 }],
      services: [{ type: 'consultation', units: 1 }, { type: 'referral', units: 1, referralTo: 'detoxification' }],
    });
    expect(v.supplies).toHaveLength(3);
    expect(v.services.find((s) => s.type === 'referral')?.referralTo).toBe('detoxification');
    const edited = await must(core, 'visits.update', { id: v.id, date: '2026-11-10', clientId: c.id, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20 }] });
    expect(edited.supplies).toEqual([{ itemKey: 'syringe', direction: 'out', quantity: 20, forPeers: false }]);
    const noReason = await attempt(core, 'visits.void', { id: v.id, reason: '   ' });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.field).toBe('reason');
    await must(core, 'visits.void', { id: v.id, reason: 'wrong client' });
    const history = await must(core, 'clients.history', { clientId: c.id });
    expect(history[0].voided?.reason).toBe('wrong client');
    expect(await must(core, 'clients.history', { clientId: c.id, includeVoided: false })).toEqual([]);
    expect((await attempt(core, 'visits.update', { id: v.id, date: '2026-11-10', clientId: c.id })).ok).toBe(false);
  });

  it('refuses an anonymous count on a client visit, and a test for several anonymous people', async () => {
    const c = await must(core, 'clients.register', { code: 'ANCO11990', sex: 'male', birthYear: 1990 });
    const r1 = await attempt(core, 'visits.create', { date: '2026-11-10', clientId: c.id, anonymousCount: 3 });
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.field).toBe('anonymousCount');
    const r2 = await attempt(core, 'visits.create', { date: '2026-11-10', anonymousCount: 4, kind: 'medical', tests: [{ type: 'rapid_hiv', testedPerson: 'other' }] });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toMatch(/vienam asmeniui/);
    const r3 = await attempt(core, 'visits.create', { date: '2026-11-10', anonymousCount: 4, kind: 'outreach', supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 40 }] });
    expect(r3.ok).toBe(true);
    const r4 = await attempt(core, 'visits.create', { date: '2026-11-31', clientId: c.id });
    expect(r4.ok).toBe(false);
    if (!r4.ok) expect(r4.error.field).toBe('date');
  });

  it('offers the last visit as defaults ("same as last visit"), leaving medical lines out', async () => {
    const c = await must(core, 'clients.register', { code: 'SAME11975', sex: 'male', birthYear: 1975 });
    expect((await must(core, 'clients.lastVisitDefaults', { clientId: c.id })).fromDate).toBeNull();
    await must(core, 'visits.create', { date: '2026-11-05', clientId: c.id, siteId: cabinetId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'condom', direction: 'out', quantity: 3 }], services: [{ type: 'information', units: 1 }, { type: 'wound_care', units: 1 }] });
    const d = await must(core, 'clients.lastVisitDefaults', { clientId: c.id });
    expect(d.fromDate).toBe('2026-11-05');
    expect(d.supplies.map((s) => `${s.itemKey}:${s.quantity}`)).toEqual(['syringe:10', 'condom:3']);
    expect(d.services.map((s) => s.type)).toEqual(['information']);
  });

  it('builds the client card: visits this month, syringes, last test per infection, flags', async () => {
    const c = await must(core, 'clients.register', { code: 'CARD21988', sex: 'female', birthYear: 1988, injects: 'yes' });
    await exchange(c.id, '2026-09-15', 30, 20); // before this month
    await exchange(c.id, '2026-11-02', 10, 8);
    await exchange(c.id, '2026-11-02', 5, 0); // same day: one visit-day
    await exchange(c.id, '2026-11-18', 10, 12);
    const medical = await must(core, 'visits.create', { date: '2026-11-18', clientId: c.id, kind: 'medical', siteId: cabinetId, tests: [{ type: 'combined' }] });
    let card = await must(core, 'clients.card', { id: c.id });
    expect(card.firstVisit).toBe('2026-09-15');
    expect(card.visitsThisMonth).toBe(2);
    expect(card.syringesOutThisMonth).toBe(25);
    expect(card.syringesInThisMonth).toBe(20);
    expect(card.syringesOutTotal).toBe(55);
    expect(card.syringesInTotal).toBe(40);
    expect(card.lastTests.hcv).toEqual({ date: '2026-11-18', result: null, type: 'combined' });
    expect(card.flags).toContain('results_pending');
    expect(card.flags).not.toContain('hcv_test_due');
    // Results entered later by the doctor.
    await must(core, 'tests.setResults', { testId: medical.tests[0].id, results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' }, resultDate: '2026-11-20' });
    card = await must(core, 'clients.card', { id: c.id });
    expect(card.lastTests.hcv?.result).toBe('positive');
    expect(card.flags).not.toContain('results_pending');
    const noTests = await must(core, 'clients.register', { code: 'NOTE11970', sex: 'male', birthYear: 1970 });
    expect((await must(core, 'clients.card', { id: noTests.id })).flags).toEqual(['hiv_test_due', 'hbv_test_due', 'hcv_test_due']);
  });

  it('refuses a result for an infection the test type does not cover, naming the field', async () => {
    const r = await attempt(core, 'visits.create', { date: '2026-11-10', kind: 'medical', tests: [{ type: 'rapid_hiv', results: { hcv: 'positive' } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('tests.0.results.hcv');
  });

  it('lists the visits of a day for the desk', async () => {
    const day = await must(core, 'visits.day', { date: '2026-11-18' });
    expect(day.length).toBeGreaterThanOrEqual(2);
    expect(day.every((v) => v.date === '2026-11-18')).toBe(true);
  });
});

describe('outreach, secondary exchange, activities, stock, projects', () => {
  it('records an outreach session: place, workers, known and anonymous contacts', async () => {
    const place = await must(core, 'sites.save', { name: 'Stotis', kind: 'outreach_place' });
    const staff = await must(core, 'staff.list', {});
    const c = await must(core, 'clients.register', { code: 'OUTR11982', sex: 'male', birthYear: 1982 });
    const s = await must(core, 'outreach.create', {
      date: '2026-11-12', placeId: place.id, workerIds: [staff[0].id],
      contacts: [
        { clientId: c.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'in', quantity: 6 }] },
        { anonymousCount: 5, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 25 }, { itemKey: 'leaflet', direction: 'out', quantity: 5 }] },
      ],
    });
    expect(s).toMatchObject({ placeName: 'Stotis', knownContacts: 1, anonymousContacts: 5, syringesOut: 35, syringesIn: 6, voided: false });
    expect((await must(core, 'outreach.list', { from: '2026-11-01', to: '2026-11-30' })).map((x) => x.id)).toContain(s.id);
    const bad = await attempt(core, 'outreach.create', { date: '2026-11-12', placeId: place.id, workerIds: [staff[0].id], contacts: [{ supplies: [{ itemKey: 'nope', direction: 'out', quantity: 1 }] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('contacts.0.supplies.0.itemKey');
    await must(core, 'outreach.void', { id: s.id, reason: 'wrong place' });
    expect((await must(core, 'clients.history', { clientId: c.id, includeVoided: false }))).toEqual([]);
  });

  it('records secondary exchange: equipment taken for peers and peers reached', async () => {
    const point = await must(core, 'sites.save', { name: 'Taškas 1', kind: 'point' });
    const peer = await must(core, 'clients.register', { code: 'PEER11979', sex: 'male', birthYear: 1979 });
    const v = await must(core, 'secondary.record', {
      date: '2026-11-14', clientId: peer.id, siteId: cabinetId,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 50 }], report: { pointId: point.id, peersStreet: 4, peersPoints: 7 },
    });
    expect(v.kind).toBe('secondary');
    expect(v.supplies[0].forPeers).toBe(true);
    expect(v.secondary).toEqual({ pointId: point.id, peersStreet: 4, peersPoints: 7 });
    expect((await attempt(core, 'secondary.record', { date: '2026-11-14', clientId: peer.id })).ok).toBe(false);
  });

  it('records activities, with trained clients only on a training', async () => {
    const peer = await must(core, 'clients.search', { query: 'PEER' });
    const training = await must(core, 'activities.create', { date: '2026-11-06', type: 'training', title: 'Secondary exchange', participants: 1, trainedClientIds: [peer[0].id] });
    expect(training.type).toBe('training');
    const wrong = await attempt(core, 'activities.create', { date: '2026-11-06', type: 'meeting', trainedClientIds: [peer[0].id] });
    expect(wrong.ok).toBe(false);
    const meeting = await must(core, 'activities.create', { date: '2026-11-07', type: 'meeting', title: 'Municipality board', participants: 12, institution: 'municipality' });
    await must(core, 'activities.void', { id: meeting.id, reason: 'cancelled' });
    const list = await must(core, 'activities.list', { from: '2026-11-01', to: '2026-11-30' });
    expect(list.find((a) => a.id === meeting.id)?.voided).toBe(true);
  });

  it('derives the stock balance from receipts, counts and what went out, with a low-stock flag', async () => {
    await must(core, 'items.save', { key: 'naloxone_kit', category: 'other', labelLt: 'Naloksono rinkinys', labelEn: 'Naloxone kit', lowStockThreshold: 5 });
    const item = (await must(core, 'items.list', {})).find((i) => i.key === 'naloxone_kit')!;
    await must(core, 'stock.receive', { date: '2026-11-01', itemKey: item.key, quantity: 10, source: 'UNODC' });
    const c = await must(core, 'clients.register', { code: 'NALO21984', sex: 'female', birthYear: 1984 });
    await must(core, 'visits.create', { date: '2026-11-03', clientId: c.id, supplies: [{ itemKey: item.key, direction: 'out', quantity: 3 }] });
    let b = (await must(core, 'stock.balance', {})).find((x) => x.itemKey === item.key)!;
    expect(b).toMatchObject({ received: 10, distributed: 3, balance: 7, low: false });
    // A count on the 4th says 4 were really there; two more go out after it.
    await must(core, 'stock.count', { date: '2026-11-04', itemKey: item.key, quantity: 4 });
    await must(core, 'visits.create', { date: '2026-11-05', clientId: c.id, supplies: [{ itemKey: item.key, direction: 'out', quantity: 2 }] });
    b = (await must(core, 'stock.balance', {})).find((x) => x.itemKey === item.key)!;
    expect(b).toMatchObject({ balance: 2, low: true, lastCount: { date: '2026-11-04', quantity: 4 } });
  });

  it('keeps projects with an integer budget and checks the period', async () => {
    const p = await must(core, 'projects.save', { title: 'Harm reduction in Kaunas', donor: 'UNODC', from: '2008-11-01', to: '2009-10-31', budgetMinor: 5_600_000, currency: 'LTL' });
    expect(p.budgetMinor).toBe(5_600_000);
    // A grant above 100,000.00 (the limit of a count, which this field once took by mistake).
    const big = await must(core, 'projects.save', { title: 'Global Fund', donor: 'GF', from: '2024-01-01', to: '2026-12-31', budgetMinor: 150_000_000_00, currency: 'EUR' });
    expect(big.budgetMinor).toBe(15_000_000_000);
    const huge = await attempt(core, 'projects.save', { title: 'x', donor: 'y', from: '2024-01-01', to: '2024-12-31', budgetMinor: 1_000_000_000_001, currency: 'EUR' });
    expect(!huge.ok && huge.error.field).toBe('budgetMinor');
    const negative = await attempt(core, 'projects.save', { title: 'x', donor: 'y', from: '2024-01-01', to: '2024-12-31', budgetMinor: -1, currency: 'EUR' });
    expect(!negative.ok && negative.error.field).toBe('budgetMinor');
    const bad = await attempt(core, 'projects.save', { title: 'x', donor: 'y', from: '2009-01-01', to: '2008-01-01', budgetMinor: 1, currency: 'EUR' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('to');
  });

  it('keeps settings: regular rule, PWID estimate, idle lock', async () => {
    const s = await must(core, 'settings.update', { regularMinVisitDays: 4, pwidPopulationEstimate: 1200, idleLockMinutes: 3 });
    expect(s).toMatchObject({ regularMinVisitDays: 4, pwidPopulationEstimate: 1200, idleLockMinutes: 3 });
    expect((await must(core, 'session.status', {})).idleLockMinutes).toBe(3);
    const bad = await attempt(core, 'settings.update', { idleLockMinutes: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('idleLockMinutes');
  });
});

describe('tests kept across edits, and the results still to enter', () => {
  it('an edit keeps a test (its id and result date) when it is passed back, and drops one left out', async () => {
    const c = await must(core, 'clients.register', { code: 'KEEP21985', sex: 'female', birthYear: 1985 });
    const v = await must(core, 'visits.create', { date: '2026-11-03', clientId: c.id, kind: 'medical', tests: [{ type: 'combined' }, { type: 'rapid_hiv' }] });
    const [combined, rapid] = v.tests;
    await must(core, 'tests.setResults', { testId: combined.id, results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' }, resultDate: '2026-11-10' });
    const wrongInfection = await attempt(core, 'tests.setResults', { testId: rapid.id, results: { hiv: 'negative', hbv: 'positive', hcv: null } });
    expect(wrongInfection.ok).toBe(false);
    if (!wrongInfection.ok) expect(wrongInfection.error.field).toBe('results.hbv');
    const edited = await must(core, 'visits.update', {
      id: v.id, date: '2026-11-03', clientId: c.id, kind: 'medical', note: 'edited',
      tests: [{ id: combined.id, type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }],
    });
    expect(edited.tests).toHaveLength(1);
    expect(edited.tests[0]).toMatchObject({ id: combined.id, resultDate: '2026-11-10', results: { hcv: 'positive' } });
    expect(edited.tests.some((t) => t.id === rapid.id)).toBe(false);
    const foreign = await attempt(core, 'visits.update', { id: v.id, date: '2026-11-03', clientId: c.id, kind: 'medical', tests: [{ id: 999999, type: 'combined' }] });
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.error.field).toBe('tests.0.id');
    const onCreate = await attempt(core, 'visits.create', { date: '2026-11-03', clientId: c.id, kind: 'medical', tests: [{ id: combined.id, type: 'combined' }] });
    expect(onCreate.ok).toBe(false);
  });

  it('lists tests waiting for a result, of clients and of people without a code', async () => {
    const before = (await must(core, 'tests.pending', {})).length;
    const arrestee = await must(core, 'visits.create', { date: '2026-11-04', kind: 'arrest_house', tests: [{ type: 'rapid_hiv', testedPerson: 'arrestee' }] });
    const done = await must(core, 'visits.create', { date: '2026-11-04', kind: 'arrest_house', tests: [{ type: 'rapid_hiv', testedPerson: 'officer', results: { hiv: 'negative' } }] });
    const pending = await must(core, 'tests.pending', {});
    expect(pending.length).toBe(before + 1);
    const row = pending.find((p) => p.visitId === arrestee.id)!;
    expect(row).toMatchObject({ clientId: null, clientCode: null, testedPerson: 'arrestee', type: 'rapid_hiv', results: { hiv: null } });
    expect(pending.some((p) => p.visitId === done.id)).toBe(false);
    await must(core, 'tests.setResults', { testId: row.testId, results: { hiv: 'negative', hbv: null, hcv: null } });
    expect((await must(core, 'tests.pending', {})).length).toBe(before);
  });
});
