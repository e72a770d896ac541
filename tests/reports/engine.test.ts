// Every figure of spec/indicators.md worked out by hand on a small cabinet written here, through
// the same services the app uses. Period P = 2025-01-01 .. 2025-03-31 (three whole months).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { registerClient, mergeClients } from '../../db/services/clients';
import { createVisit, voidVisit } from '../../db/services/visits';
import { createOutreachSession, voidOutreachSession } from '../../db/services/outreach';
import { recordSecondary } from '../../db/services/secondary';
import { createActivity, voidActivity } from '../../db/services/activities';
import { saveSite } from '../../db/services/sites';
import { updateSettings } from '../../db/services/settings';
import { addStaffRecords, type DemoStaff } from '../../db/demo/common';
import { runReport, type ReportResult } from '../../db/reports';
import { INDICATORS, PARTS } from '../../shared/indicators';
import { activityInput, outreachInput, registerClientInput, secondaryInput, visitInput } from '../../shared/schemas';
import type { z } from 'zod';

const P = { from: '2025-01-01', to: '2025-03-31' };

let dir: string;
let vault: Vault;
let ctx: Ctx;
const site: Record<string, number> = {};
const client: Record<string, number> = {};
let staff: DemoStaff[];

const visit = (c: Ctx, v: z.input<typeof visitInput>) => createVisit(c, visitInput.parse(v));
const report = (extra: Partial<{ from: string; to: string; siteIds: number[]; monthly: boolean }> = {}): ReportResult =>
  runReport(vault.store, { ...P, siteIds: [], monthly: false, ...extra });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-report-'));
  const created = await createDatabase(join(dir, 'test.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  vault = created.vault;
  ctx = makeCtx(vault.store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, vault);
  for (const [key, name, kind] of [
    ['A', 'Kabinetas', 'cabinet'], ['B', 'Filialas', 'cabinet'], ['P1', 'Stotis', 'outreach_place'], ['P2', 'Turgus', 'outreach_place'],
    ['P3', 'Garažai', 'outreach_place'], ['X', 'Taškas X', 'point'], ['H', 'Areštinė', 'arrest_house'],
  ] as const) site[key] = saveSite(ctx, { name, kind, active: true }).id;
  staff = addStaffRecords(ctx, [
    { userName: 'w1', displayName: 'W1', role: 'social_worker' }, { userName: 'w2', displayName: 'W2', role: 'social_worker' },
    { userName: 'w3', displayName: 'W3', role: 'social_worker' }, { userName: 'w4', displayName: 'W4 nurse', role: 'medical' },
    { userName: 'w5', displayName: 'W5', role: 'social_worker' },
  ]);
  updateSettings(ctx, { pwidPopulationEstimate: 100, regularMinVisitDays: 3 });
  const reg = (key: string, code: string, sex: 'male' | 'female' | 'other', birthYear: number | null, injects: 'yes' | 'no') =>
    (client[key] = registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects, confirmNotDuplicate: true })).id);
  reg('c1', 'ONJO11990', 'male', 1990, 'yes'); // age 35 in 2025: 35-44
  reg('c2', 'RAPE22006', 'female', 2006, 'no'); // 19: 18-24
  reg('c3', 'VIAN31985', 'other', null, 'yes'); // unknown age
  reg('c4', 'DAKA11960', 'male', 1960, 'yes'); // 65: 45 and over
  reg('c5', 'LIVY12010', 'male', 2010, 'no'); // 15: under 18
  reg('c6', 'ZIRO11980', 'male', 1980, 'yes'); // only a voided visit
  reg('c7', 'RAPA22006', 'female', 2006, 'no'); // a duplicate of c2, merged

  const A = site.A;
  const out = (itemKey: string, quantity: number) => ({ itemKey, direction: 'out' as const, quantity });
  const back = (itemKey: string, quantity: number) => ({ itemKey, direction: 'in' as const, quantity });
  // c1: exchanged before P (not a new participant), regular in January, an exchange in every month of P.
  visit(ctx, { date: '2024-12-10', clientId: client.c1, siteId: A, supplies: [out('syringe', 5)] });
  visit(ctx, { date: '2025-01-06', clientId: client.c1, siteId: A, supplies: [out('syringe_2ml', 10), back('syringe', 8), out('alcohol_pad', 10)], services: [{ type: 'consultation', units: 1 }] });
  visit(ctx, { date: '2025-01-06', clientId: client.c1, siteId: A, supplies: [out('needle', 4)] }); // same day: one visit-day, two exchange records
  visit(ctx, { date: '2025-01-15', clientId: client.c1, siteId: A, supplies: [out('syringe', 6), back('needle', 3), out('disinfectant', 1)] });
  visit(ctx, { date: '2025-01-31', clientId: client.c1, siteId: A, supplies: [out('syringe', 2)] });
  visit(ctx, { date: '2025-02-10', clientId: client.c1, siteId: site.B, supplies: [out('syringe', 4)] });
  visit(ctx, { date: '2025-03-03', clientId: client.c1, siteId: A, supplies: [out('syringe', 3), out('water', 2)], trainedSecondary: true });
  const mistake = visit(ctx, { date: '2025-03-11', clientId: client.c1, siteId: A, supplies: [out('syringe', 100)] });
  voidVisit(ctx, { id: mistake.id, reason: 'wrong client' });
  visit(ctx, { date: '2025-04-01', clientId: client.c1, siteId: A, supplies: [out('syringe', 50)] }); // after P
  // c2: two days at the end of January and two at the start of February: never 3 in one calendar month.
  visit(ctx, { date: '2025-01-30', clientId: client.c2, siteId: A, services: [{ type: 'consultation', units: 1 }] });
  visit(ctx, { date: '2025-01-31', clientId: client.c2, siteId: A, services: [{ type: 'information', units: 2 }] });
  visit(ctx, { date: '2025-02-01', clientId: client.c7, siteId: A, services: [{ type: 'health_education', units: 1 }] });
  visit(ctx, { date: '2025-02-02', clientId: client.c2, siteId: A, services: [{ type: 'referral', units: 1, referralTo: 'detoxification' }, { type: 'referral', units: 1 }] });
  mergeClients(ctx, { keepId: client.c2, mergeId: client.c7, reason: 'the same person, a typo' });
  // c3: positive for HCV before P; in P a combined test (HBV and HCV positive), the doctor, and a pick-up for peers.
  visit(ctx, { date: '2024-06-01', clientId: client.c3, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  visit(ctx, {
    date: '2025-03-05', clientId: client.c3, kind: 'medical', siteId: A,
    services: [{ type: 'wound_care', units: 2 }, { type: 'dressing', units: 1 }, { type: 'pre_test_counselling', units: 1 }],
    tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'positive', hcv: 'positive' } }],
  });
  recordSecondary(ctx, secondaryInput.parse({ date: '2025-03-20', clientId: client.c3, siteId: A, supplies: [out('syringe', 20)], report: { pointId: site.X, peersStreet: 3, peersPoints: 5 } }));
  // Outreach: c4 and anonymous contacts in two places; a nurse tests someone without a code the next day.
  createOutreachSession(ctx, outreachInput.parse({
    date: '2025-02-03', placeId: site.P1, workerIds: [staff[0].id, staff[1].id], contacts: [
      { clientId: client.c4, supplies: [out('syringe', 3)] },
      { anonymousCount: 3, supplies: [out('syringe', 6), out('condom', 2)] },
      { anonymousCount: 1, services: [{ type: 'information', units: 1 }] },
    ],
  }));
  createOutreachSession(ctx, outreachInput.parse({ date: '2025-02-03', placeId: site.P2, workerIds: [staff[2].id], contacts: [{ anonymousCount: 2, supplies: [out('needle', 2)] }] }));
  visit(staff[3].ctx, { date: '2025-02-04', kind: 'outreach', siteId: site.P1, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
  const copy = createOutreachSession(ctx, outreachInput.parse({ date: '2025-03-15', placeId: site.P3, workerIds: [staff[4].id], contacts: [{ anonymousCount: 4, supplies: [out('syringe', 40)] }] }));
  voidOutreachSession(ctx, { id: copy.id, reason: 'entered twice' });
  // The arrest house: c5 (a known client), an arrestee and an officer without codes.
  visit(ctx, { date: '2025-03-10', clientId: client.c5, kind: 'arrest_house', siteId: site.H, services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'rapid_hiv', results: { hiv: 'negative' } }] });
  visit(ctx, { date: '2025-03-10', kind: 'arrest_house', siteId: site.H, tests: [{ type: 'rapid_hiv', testedPerson: 'arrestee', results: { hiv: 'negative' } }] });
  visit(ctx, { date: '2025-03-10', kind: 'arrest_house', siteId: site.H, tests: [{ type: 'rapid_hiv', testedPerson: 'officer', results: { hiv: 'negative' } }] });
  // Two people without a code at the doctor's.
  visit(ctx, { date: '2025-02-12', kind: 'medical', siteId: A, anonymousCount: 2, services: [{ type: 'gp_other', units: 1 }] });
  // c6 has nothing but a voided visit.
  const only = visit(ctx, { date: '2025-02-12', clientId: client.c6, siteId: A, supplies: [out('syringe', 7)] });
  voidVisit(ctx, { id: only.id, reason: 'wrong code' });
  // Activities.
  const act = (a: z.input<typeof activityInput>) => createActivity(ctx, activityInput.parse(a));
  act({ date: '2024-12-01', type: 'meeting', participants: 7, institution: 'municipality' });
  act({ date: '2025-01-20', type: 'meeting', participants: 10, institution: 'municipality' });
  act({ date: '2025-02-20', type: 'meeting', participants: 5 });
  act({ date: '2025-03-01', type: 'media', title: 'Radio' });
  act({ date: '2025-03-12', type: 'training', trainedClientIds: [client.c1, client.c5] });
  voidActivity(ctx, { id: act({ date: '2025-03-13', type: 'meeting', participants: 50, institution: 'politicians' }).id, reason: 'entered twice' });
}, 30_000);

afterAll(() => {
  vault?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every figure on a small cabinet, worked out by hand', () => {
  it('states the period, the sites and the rules', () => {
    const r = report();
    expect(r.period).toEqual({ from: '2025-01-01', to: '2025-03-31', months: 3 });
    expect(r.sites).toEqual([]);
    expect(r.rules).toEqual({
      regular_min_visit_days: 3, regular_rule: expect.stringContaining('at least 3 visit-days'),
      pwid_population_estimate: 100, coverage_low_below: 100, coverage_high_from: 200, coverage_level: 'low',
      // The rules of issue 17 (tests/reports/field-figures.test.ts tests them): the default code pattern, three whole months.
      sex_birth_year_from_code: true, per_month_min_days: 28, per_month_null: false, applied: expect.arrayContaining([expect.stringContaining('at least 3 visit-days')]),
    });
  });

  it('has every indicator key, and every part key of split figures, zero included', () => {
    const ind = report().indicators;
    expect(Object.keys(ind).sort()).toEqual(INDICATORS.map((d) => d.key).sort());
    for (const def of INDICATORS) {
      if (Array.isArray(def.parts)) expect(Object.keys(ind[def.key] as object).sort()).toEqual([...def.parts].sort());
    }
    expect(Object.keys(ind.other_commodities as object).sort()).toEqual(['cooker', 'filter', 'leaflet', 'naloxone', 'water']);
    expect(PARTS.tests_by_type).toContain('rapid_hiv');
  });

  it('counts reach: clients, participants, new, regular, visit-days, sex and age', () => {
    const ind = report().indicators;
    expect(ind).toMatchObject({
      clients: 5, // c1..c5: c6 had only a voided visit, c7 was merged into c2
      nsp_participants: 3, // c1, c3 (pick-up), c4 (outreach)
      new_clients: 3, // c2, c4, c5 (c1 and c3 came before P)
      new_nsp_participants: 2, // c3 and c4; c1 exchanged in December 2024
      regular_clients: 1, // c1: 3 days in January; c2 has 2 + 2 across the month boundary
      regular_nsp_access: 1, // c1 exchanged in January, February and March
      nsp_coverage: 3, // 3 / 100 × 100
      anonymous_contacts: 7, // 3 + 1 + 2 in the sessions, 1 tested the next day; the voided session's 4 do not count
      visits: 13, // c1 5 (two records on 6 January are one day), c2 4, c3 2, c4 1, c5 1
      clients_by_sex: { male: 3, female: 1, other: 1, unknown: 0 },
      clients_by_age: { under_18: 1, '18_24': 1, '25_34': 0, '35_44': 1, '45_plus': 1, unknown: 1 },
    });
  });

  it('sums equipment and commodities, the rates and per-person figures', () => {
    const ind = report().indicators;
    expect(ind).toMatchObject({
      syringes_distributed: 54, // 10+6+2+4+3 (c1) + 20 (for peers) + 3 (c4) + 6 (anonymous); not 100 voided, 50 after P, 40 voided session
      needles_distributed: 6,
      syringes_collected: 8,
      needles_collected: 3,
      syringe_return_rate: 14.8, // 8 / 54
      syringes_per_participant: 18, // 54 / 3
      syringes_per_participant_month: 6, // 54 / 3 / 3
      syringes_per_pwid_year: 2.2, // 54 / 100 × 12 / 3 = 2.16
      alcohol_pads_distributed: 10,
      disinfectants_distributed: 1,
      condoms_distributed: 2,
      other_commodities: { water: 2, filter: 0, cooker: 0, naloxone: 0, leaflet: 0 },
    });
  });

  it('counts service units, exchange records, referrals and counselling', () => {
    const ind = report().indicators;
    expect(ind).toMatchObject({
      svc_information: 3,
      svc_consultation: 2,
      svc_health_education: 1, // recorded on the duplicate code, which was merged
      svc_referral: 2,
      svc_nsp_exchange: 10, // c1 6 records, the pick-up, c4, two anonymous records with equipment
      social_services_total: 18,
      referrals_by_destination: { pharmacotherapy: 0, detoxification: 1, gp: 0, hiv_care: 0, tb: 0, sti: 0, social_services: 0, other: 1 },
      pre_test_counselling: 1,
      post_test_counselling: 1,
    });
  });

  it('counts the doctor: units, clients plus people without a code', () => {
    expect(report().indicators).toMatchObject({
      gp_services: 4,
      gp_clients: 3, // c3 and two people without a code
      gp_by_type: { blood_sampling: 0, wound_care: 2, dressing: 1, gp_other: 1 },
    });
  });

  it('counts tests, persons, positives, new positives and settings', () => {
    expect(report().indicators).toMatchObject({
      tests_by_type: { rapid_hiv: 4, combined: 1, hiv: 0, hbv: 0, hcv: 0, hcv_rna: 0, other: 0 },
      persons_tested: 5, // c3, c5 and three people without a code
      pwid_tested: 1, // c3 (c5 does not inject)
      positive_results: { hiv: 1, hbv: 1, hcv: 1 },
      new_positive_cases: { hiv: 1, hbv: 1, hcv: 0 }, // HIV without a code is new; c3 was HCV positive in 2024
      tests_by_setting: { cabinet: 1, outreach: 1, arrest_house_arrestee: 2, arrest_house_officer: 1, other: 0 },
    });
  });

  it('counts secondary exchange, training and outreach', () => {
    expect(report().indicators).toMatchObject({
      secondary_exchange_peers: 1,
      reached_secondary_street: 3,
      reached_secondary_points: 5,
      reached_secondary_total: 8,
      reached_secondary_per_month: 2, // 8 / 3 rounded down
      secondary_points_active: 1,
      clients_trained_secondary: 2, // c1 (on a visit and at the training), c5
      outreach_workers: 4, // w1, w2, w3 and the nurse w4; not w5 of the voided session
      outreach_places: 2,
      outreach_sessions: 3, // (3 Feb, P1), (3 Feb, P2), (4 Feb, P1)
    });
  });

  it('counts advocacy, leaving out voided and earlier activities', () => {
    expect(report().indicators).toMatchObject({
      meetings: 2,
      meeting_participants: 15,
      meeting_participants_by_institution: { law_enforcement: 0, municipality: 10, politicians: 0, health_care: 0, other: 5 },
      media_items: 1,
    });
  });

  it('filters by site: only visits at the sites chosen, first visits still at any site', () => {
    const b = report({ siteIds: [site.B] });
    expect(b.sites).toEqual(['Filialas']);
    expect(b.indicators).toMatchObject({ clients: 1, visits: 1, syringes_distributed: 4, regular_clients: 0, new_clients: 0, nsp_participants: 1, new_nsp_participants: 0 });
    const a = report({ siteIds: [site.A] }).indicators;
    expect(a).toMatchObject({ clients: 3, new_clients: 1, regular_clients: 1, regular_nsp_access: 0, outreach_places: 0, meetings: 0 });
    const both = report({ siteIds: [site.A, site.B] }).indicators;
    expect(both).toMatchObject({ clients: 3, regular_nsp_access: 1 });
    const outreach = report({ siteIds: [site.P1] }).indicators;
    expect(outreach).toMatchObject({ clients: 1, anonymous_contacts: 5, outreach_places: 1, outreach_sessions: 2, outreach_workers: 3, tests_by_type: { rapid_hiv: 1 } });
  });

  it('applies the regular rule of the settings and states it', () => {
    updateSettings(ctx, { regularMinVisitDays: 2 });
    try {
      const r = report();
      expect(r.rules.regular_min_visit_days).toBe(2);
      expect(r.rules.regular_rule).toContain('at least 2 visit-days');
      expect(r.indicators.regular_clients).toBe(3); // c1, c2 (2 in January), c3 (2 in March)
    } finally {
      updateSettings(ctx, { regularMinVisitDays: 3 });
    }
  });

  it('breaks the period down by calendar month, and cuts partial months at the period', () => {
    const r = report({ monthly: true });
    expect(r.monthly?.map((m) => [m.month, m.indicators.clients, m.indicators.visits])).toEqual([
      ['2025-01', 2, 5], ['2025-02', 3, 4], ['2025-03', 3, 4],
    ]);
    const part = report({ from: '2025-01-15', to: '2025-02-14', monthly: true });
    expect(part.period.months).toBe(1); // 31 days / 30.4375
    expect(part.monthly?.map((m) => m.month)).toEqual(['2025-01', '2025-02']);
    expect(part.indicators).toMatchObject({ clients: 3, visits: 8, regular_clients: 0, new_clients: 2, syringes_distributed: 21 });
    expect(part.indicators.reached_secondary_per_month).toBe(0);
  });

  it('counts the rows of one meeting (same date, title and site, trimmed, any case) as one meeting, its participants per institution', () => {
    const act = (a: z.input<typeof activityInput>) => createActivity(ctx, activityInput.parse(a));
    const ids = [
      act({ date: '2025-05-06', type: 'meeting', title: 'Žalos mažinimas', siteId: site.A, participants: 4, institution: 'law_enforcement' }),
      act({ date: '2025-05-06', type: 'meeting', title: ' žalos MAŽINIMAS ', siteId: site.A, participants: 2, institution: 'municipality' }),
      act({ date: '2025-05-06', type: 'meeting', title: 'ŽALOS mažinimas', siteId: site.A, participants: 1 }),
      act({ date: '2025-05-06', type: 'meeting', title: 'Žalos mažinimas', siteId: site.B, participants: 3, institution: 'health_care' }), // another site
      act({ date: '2025-05-07', type: 'meeting', title: 'Žalos mažinimas', siteId: site.A, participants: 5, institution: 'politicians' }), // another day
    ].map((a) => a.id);
    try {
      const may = report({ from: '2025-05-01', to: '2025-05-31' }).indicators;
      expect(may).toMatchObject({
        meetings: 3,
        meeting_participants: 15,
        meeting_participants_by_institution: { law_enforcement: 4, municipality: 2, politicians: 5, health_care: 3, other: 1 },
      });
      expect(report({ from: '2025-05-01', to: '2025-05-31', siteIds: [site.A] }).indicators.meetings).toBe(2);
    } finally {
      for (const id of ids) voidActivity(ctx, { id, reason: 'test rows' });
    }
    expect(report({ from: '2025-05-01', to: '2025-05-31' }).indicators.meetings).toBe(0);
  });

  it('gives per-month figures only for a period of 28 days or more', () => {
    const short = report({ from: '2025-01-06', to: '2025-02-01' }).indicators; // 27 days
    expect(short.syringes_distributed).toBeGreaterThan(0);
    expect(short.syringes_per_participant_month).toBeNull();
    expect(short.reached_secondary_per_month).toBeNull();
    expect(short.syringes_per_participant).not.toBeNull(); // not a per-month figure
    const four = report({ from: '2025-01-06', to: '2025-02-02' }).indicators; // 28 days
    expect(four.syringes_per_participant_month).not.toBeNull();
    expect(four.reached_secondary_per_month).not.toBeNull();
    // A monthly report's cut month under 28 days has no per-month figure; a whole one has.
    const monthly = report({ from: '2025-01-04', to: '2025-03-31', monthly: true }).monthly ?? []; // 28 days of January
    expect(monthly.map((m) => [m.month, m.indicators.syringes_per_participant_month === null])).toEqual([
      ['2025-01', false], ['2025-02', false], ['2025-03', false],
    ]);
    const cut = report({ from: '2025-01-20', to: '2025-03-31', monthly: true }).monthly ?? [];
    expect(cut[0].month).toBe('2025-01');
    expect(cut[0].indicators.syringes_per_participant_month).toBeNull(); // 12 days of January
  });

  it('answers null where a figure cannot be computed', () => {
    updateSettings(ctx, { pwidPopulationEstimate: null });
    try {
      const r = report({ from: '2025-03-25', to: '2025-03-31' });
      expect(r.indicators).toMatchObject({ nsp_coverage: null, syringes_per_pwid_year: null, syringe_return_rate: null, syringes_per_participant: null, clients: 0 });
      expect(r.rules.coverage_level).toBeNull();
    } finally {
      updateSettings(ctx, { pwidPopulationEstimate: 100 });
    }
  });
});
