// The figures of issue 17 (indicators.md: needles and syringes, referral outcomes, opioid agonist
// therapy, "Overdose and naloxone", "Care after a positive test", "How new clients came") and the
// report's rules, worked out by hand on a small cabinet written here: through the Core services
// where they exist (clients, visits, outreach, activities, referral outcomes, care steps), and in
// SQL where they do not yet (overdose reports, dated pharmacotherapy changes, how a client came, a
// training's topic). Period P = 2025-01-01 .. 2025-03-31 (three whole months); estimate 50.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { mergeClients, registerClient } from '../../db/services/clients';
import { createVisit, voidVisit } from '../../db/services/visits';
import { createOutreachSession } from '../../db/services/outreach';
import { createActivity, voidActivity } from '../../db/services/activities';
import { setReferralOutcome } from '../../db/services/referrals';
import { recordCareStep, voidCareStep } from '../../db/services/care';
import { saveSite } from '../../db/services/sites';
import { updateSettings } from '../../db/services/settings';
import { runReport, type ReportResult } from '../../db/reports';
import { buildWorkbook, DONOR_FIELD } from '../../db/reports/workbook';
import { INDICATORS, PARTS, indicatorByKey } from '../../shared/indicators';
import { PART_LABELS } from '../../shared/indicator-parts';
import { activityInput, careStepInput, outreachInput, registerClientInput, visitInput } from '../../shared/schemas';

const P = { from: '2025-01-01', to: '2025-03-31' };
const NEW_KEYS = [
  'needles_syringes_distributed', 'needles_syringes_per_pwid_year', 'referrals_by_outcome', 'referral_arrival_rate', 'clients_in_pharmacotherapy',
  'naloxone_kits_distributed', 'naloxone_recipients', 'overdose_response_trained', 'overdoses_reported', 'overdoses_naloxone_given',
  'hcv_cascade', 'hiv_cascade', 'new_clients_by_route', 'new_clients_via_secondary',
] as const;

let dir: string;
let vault: Vault;
let ctx: Ctx;
let staffId: number;
const site: Record<string, number> = {};
const client: Record<string, number> = {};

const visit = (v: z.input<typeof visitInput>) => createVisit(ctx, visitInput.parse(v));
const report = (extra: Partial<{ from: string; to: string; siteIds: number[]; monthly: boolean }> = {}): ReportResult =>
  runReport(vault.store, { ...P, siteIds: [], monthly: false, ...extra });
const sql = (text: string, ...params: Array<string | number | null>) => vault.store.sqlite.prepare(text).run(...params);
const out = (itemKey: string, quantity: number) => ({ itemKey, direction: 'out' as const, quantity });
const parts = (v: unknown) => v as Record<string, number>;
const sum = (v: unknown) => Object.values(parts(v)).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-field-'));
  const created = await createDatabase(join(dir, 'test.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  vault = created.vault;
  staffId = created.staff.id;
  ctx = makeCtx(vault.store, { staffId, userName: 'boss', role: 'manager' }, vault);
  for (const [key, name, kind] of [['A', 'Kabinetas', 'cabinet'], ['B', 'Filialas', 'cabinet'], ['P1', 'Stotis', 'outreach_place']] as const) {
    site[key] = saveSite(ctx, { name, kind, active: true }).id;
  }
  updateSettings(ctx, { pwidPopulationEstimate: 50 });
  const reg = (key: string, code: string, sex: 'male' | 'female' | 'other', birthYear: number) =>
    (client[key] = registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects: 'yes', confirmNotDuplicate: true })).id);
  reg('k1', 'ONJO11990', 'male', 1990);
  reg('k2', 'RAPE22000', 'female', 2000);
  reg('k3', 'VIAN31985', 'other', 1985);
  reg('k4', 'DAKA11960', 'male', 1960);
  reg('k5', 'ZIRO11980', 'male', 1980);
  reg('k6', 'LIVY12001', 'male', 2001);
  // How each came (no service records it yet: SQL into the test cabinet's store).
  for (const [key, via, peer] of [['k1', 'self', null], ['k2', 'peer', 'ONJO11990'], ['k3', 'point', null], ['k4', 'point', null], ['k5', 'outreach', null], ['k6', 'referral', null]] as const) {
    sql('UPDATE clients SET came_via = ?, referred_by_code = ? WHERE id = ?', via, peer, client[key]);
  }
  const { A, B } = site;

  // k1 (new in January, by themselves): 10 syringes, 5 needles, 2 naloxone kits and a referral to detox (arrived);
  // in February 4 syringes and a naloxone kit, and an HCV antibody positive; an RNA test on a visit later voided.
  const k1Jan = visit({ date: '2025-01-10', clientId: client.k1, siteId: A, supplies: [out('syringe', 10), out('needle', 5), out('naloxone', 2)], services: [{ type: 'referral', units: 1, referralTo: 'detoxification' }] });
  setReferralOutcome(ctx, { visitId: k1Jan.id, referralTo: 'detoxification', outcome: 'arrived' });
  visit({ date: '2025-02-14', clientId: client.k1, siteId: A, supplies: [out('syringe', 4), out('naloxone', 1)] });
  visit({ date: '2025-02-14', clientId: client.k1, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  const rnaVoided = visit({ date: '2025-02-20', clientId: client.k1, kind: 'medical', siteId: A, tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
  voidVisit(ctx, { id: rnaVoided.id, reason: 'wrong client' });
  // k2 (new in February at B, through a peer): 6 syringes and 2 referral units to pharmacotherapy (did not arrive);
  // in March at A a referral to a GP, nothing recorded yet.
  const k2Feb = visit({ date: '2025-02-03', clientId: client.k2, siteId: B, supplies: [out('syringe', 6)], services: [{ type: 'referral', units: 2, referralTo: 'pharmacotherapy' }] });
  setReferralOutcome(ctx, { visitId: k2Feb.id, referralTo: 'pharmacotherapy', outcome: 'not_arrived' });
  visit({ date: '2025-03-05', clientId: client.k2, siteId: A, services: [{ type: 'referral', units: 1, referralTo: 'gp' }] });
  // k3 (a client since 2024, HCV antibody positive then): an RNA test positive in March, linked to care in March,
  // treatment started in April (after P); "cured" recorded and voided.
  visit({ date: '2024-11-05', clientId: client.k3, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  visit({ date: '2025-03-10', clientId: client.k3, kind: 'medical', siteId: A, tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
  const care = (key: string, infection: 'hcv' | 'hiv', step: string, date: string) =>
    recordCareStep(ctx, careStepInput.parse({ clientId: client[key], infection, step, date, siteId: A }));
  care('k3', 'hcv', 'linked_to_care', '2025-03-12');
  care('k3', 'hcv', 'treatment_started', '2025-04-02');
  voidCareStep(ctx, { id: care('k3', 'hcv', 'cured', '2025-03-15').id, reason: 'entered for the wrong client' });
  // k4 (new in March, through a point): HIV positive, linked to care.
  visit({ date: '2025-03-20', clientId: client.k4, kind: 'medical', siteId: A, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
  care('k4', 'hiv', 'linked_to_care', '2025-03-25');
  // k5 (came through outreach): only a voided visit, with syringes, naloxone and a referral that had arrived.
  const k5Only = visit({ date: '2025-02-10', clientId: client.k5, siteId: A, supplies: [out('syringe', 7), out('naloxone', 5)], services: [{ type: 'referral', units: 3 }] });
  setReferralOutcome(ctx, { visitId: k5Only.id, referralTo: null, outcome: 'arrived' });
  voidVisit(ctx, { id: k5Only.id, reason: 'wrong code' });
  // k6 (new in January at B, referred by another service): a consultation.
  visit({ date: '2025-01-20', clientId: client.k6, siteId: B, services: [{ type: 'consultation', units: 1 }] });
  // Three people without a code in outreach, a naloxone kit each.
  createOutreachSession(ctx, outreachInput.parse({ date: '2025-02-20', placeId: site.P1, workerIds: [staffId], contacts: [{ anonymousCount: 3, supplies: [out('naloxone', 3)] }] }));

  // Dated pharmacotherapy (SQL): k6 yes from 2024-12-01, no from 2025-02-15; k1 yes from 2025-03-01; k2's change voided.
  const now = new Date().toISOString();
  for (const [key, date, status, voided] of [['k6', '2024-12-01', 1, null], ['k6', '2025-02-15', 0, null], ['k1', '2025-03-01', 1, null], ['k2', '2025-01-05', 1, now]] as const) {
    sql('INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at, voided_at) VALUES (?, ?, ?, ?, ?)', client[key], date, status, now, voided);
  }
  // Overdose reports (SQL): survived with a peer's naloxone (A), died with naloxone by someone not recorded (B),
  // outcome unknown without naloxone (A); one voided, one before P.
  for (const [date, siteId, outcome, given, by, voided] of [
    ['2025-01-15', A, 'survived', 'yes', 'peer', null], ['2025-02-18', B, 'died', 'yes', null, null], ['2025-03-02', A, 'unknown', 'no', null, null],
    ['2025-03-03', A, 'survived', 'yes', 'ambulance', now], ['2024-12-31', A, 'survived', 'yes', 'staff', null],
  ] as const) {
    sql('INSERT INTO overdoses (date, site_id, client_id, outcome, naloxone_given, naloxone_by, created_at, voided_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)', date, siteId, outcome, given, by, now, voided);
  }
  // Trainings: overdose response at A in February (8) and at B in January (5); secondary exchange (4); a voided one (6).
  const training = (date: string, participants: number, siteId: number, topic: string) => {
    const a = createActivity(ctx, activityInput.parse({ date, type: 'training', participants, siteId }));
    sql('UPDATE activities SET topic = ? WHERE id = ?', topic, a.id);
    return a.id;
  };
  training('2025-02-05', 8, A, 'overdose_response');
  training('2025-01-09', 5, B, 'overdose_response');
  training('2025-03-07', 4, A, 'secondary_exchange');
  voidActivity(ctx, { id: training('2025-03-08', 6, A, 'overdose_response'), reason: 'entered twice' });
}, 30_000);

afterAll(() => {
  vault?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the catalogue of issue 17', () => {
  it('has every new key with labels, definitions and the part keys of the spec, and labels for every part', () => {
    for (const key of NEW_KEYS) {
      const def = indicatorByKey.get(key);
      expect(def, key).toBeDefined();
      for (const lang of ['lt', 'en'] as const) {
        expect(def?.label[lang].length, `${key} ${lang}`).toBeGreaterThan(3);
        expect(def?.definition[lang].length, `${key} ${lang}`).toBeGreaterThan(10);
      }
    }
    expect(PARTS.referrals_by_outcome).toEqual(['arrived', 'not_arrived', 'unknown']);
    expect(PARTS.overdoses_reported).toEqual(['survived', 'died', 'unknown']);
    expect(PARTS.overdoses_naloxone_given).toEqual(['peer', 'staff', 'ambulance', 'other']);
    expect(PARTS.hcv_cascade).toEqual(['antibody_positive', 'rna_tested', 'rna_positive', 'linked_to_care', 'treatment_started', 'cured']);
    expect(PARTS.hiv_cascade).toEqual(['positive', 'linked_to_care', 'treatment_started', 'virally_suppressed']);
    expect(PARTS.new_clients_by_route).toEqual(['self', 'peer', 'point', 'outreach', 'referral', 'unknown']);
    for (const def of INDICATORS) {
      if (!Array.isArray(def.parts)) continue;
      for (const part of def.parts) expect(PART_LABELS[def.key]?.[part]?.lt, `${def.key}.${part}`).toBeTruthy();
    }
  });
});

describe('the figures of issue 17 on a small cabinet, worked out by hand', () => {
  it('needles_syringes_distributed: syringes and needles handed out, a voided visit left out', () => {
    const ind = report().indicators;
    // k1 10 + 5 + 4, k2 6; k5's 7 were voided.
    expect(ind.needles_syringes_distributed).toBe(25);
    expect(ind.needles_syringes_distributed).toBe((ind.syringes_distributed as number) + (ind.needles_distributed as number));
    expect(report({ siteIds: [site.A] }).indicators.needles_syringes_distributed).toBe(19);
  });

  it('needles_syringes_per_pwid_year: per person who injects per year, only with an estimate', () => {
    // 25 / 50 × 12 / 3 months.
    expect(report().indicators.needles_syringes_per_pwid_year).toBe(2);
    // 20 days: 15 / 50 × 12 / (20 / 30.4375) = 5.48, one decimal.
    expect(report({ from: '2025-01-01', to: '2025-01-20' }).indicators.needles_syringes_per_pwid_year).toBe(5.5);
    updateSettings(ctx, { pwidPopulationEstimate: null });
    try {
      expect(report().indicators.needles_syringes_per_pwid_year).toBeNull();
    } finally {
      updateSettings(ctx, { pwidPopulationEstimate: 50 });
    }
  });

  it('referrals_by_outcome: the referral units by what became of them, nothing recorded being unknown; the parts sum to svc_referral', () => {
    const ind = report().indicators;
    // k1 1 arrived, k2 2 not arrived, k2 1 nothing recorded; k5's 3 (arrived) were on a voided visit.
    expect(ind.svc_referral).toBe(4);
    expect(ind.referrals_by_outcome).toEqual({ arrived: 1, not_arrived: 2, unknown: 1 });
    expect(report({ siteIds: [site.B] }).indicators.referrals_by_outcome).toEqual({ arrived: 0, not_arrived: 2, unknown: 0 });
  });

  it('referral_arrival_rate: arrived / referral units × 100, one decimal; null without referrals', () => {
    expect(report().indicators.referral_arrival_rate).toBe(25);
    expect(report({ from: '2025-01-01', to: '2025-01-31' }).indicators.referral_arrival_rate).toBe(100);
    expect(report({ from: '2025-02-01', to: '2025-02-28' }).indicators.referral_arrival_rate).toBe(0);
    expect(report({ from: '2024-01-01', to: '2024-06-30' }).indicators.referral_arrival_rate).toBeNull();
  });

  it('clients_in_pharmacotherapy: clients with a visit whose status on the last day is yes (dated changes; a voided one left out)', () => {
    // On 2025-03-31: k1 yes (since 03-01), k6 no (since 02-15), k2's change voided.
    expect(report().indicators.clients_in_pharmacotherapy).toBe(1);
    // On 2025-02-10: k6 (visit 01-20) still yes; k1 not yet.
    expect(report({ to: '2025-02-10' }).indicators.clients_in_pharmacotherapy).toBe(1);
    // On 2025-02-20: k6 no longer, k1 not yet.
    expect(report({ to: '2025-02-20' }).indicators.clients_in_pharmacotherapy).toBe(0);
    // k1's visits are at A, k6's at B: a site filter keeps its own clients.
    expect(report({ siteIds: [site.B] }).indicators.clients_in_pharmacotherapy).toBe(0);
    expect(report({ siteIds: [site.A] }).indicators.clients_in_pharmacotherapy).toBe(1);
  });

  it('naloxone_kits_distributed: the naloxone item handed out, a voided visit left out', () => {
    // k1 2 + 1, three people without a code 3; k5's 5 were voided.
    expect(report().indicators.naloxone_kits_distributed).toBe(6);
    expect(report({ siteIds: [site.A] }).indicators.naloxone_kits_distributed).toBe(3);
    expect(report().indicators.naloxone_kits_distributed).toBe(parts(report().indicators.other_commodities).naloxone);
  });

  it('naloxone_recipients: distinct clients plus anonymous people by their count', () => {
    // k1 (twice: one person) and 3 people without a code.
    expect(report().indicators.naloxone_recipients).toBe(4);
    expect(report({ siteIds: [site.A] }).indicators.naloxone_recipients).toBe(1);
    expect(report({ siteIds: [site.P1] }).indicators.naloxone_recipients).toBe(3);
  });

  it('overdose_response_trained: participants of overdose-response trainings, other topics and voided ones left out', () => {
    expect(report().indicators.overdose_response_trained).toBe(13);
    expect(report({ siteIds: [site.A] }).indicators.overdose_response_trained).toBe(8);
  });

  it('overdoses_reported and overdoses_naloxone_given: by outcome, and by who gave naloxone (not recorded: other)', () => {
    const ind = report().indicators;
    expect(ind.overdoses_reported).toEqual({ survived: 1, died: 1, unknown: 1 });
    expect(ind.overdoses_naloxone_given).toEqual({ peer: 1, staff: 0, ambulance: 0, other: 1 });
    const a = report({ siteIds: [site.A] }).indicators;
    expect(a.overdoses_reported).toEqual({ survived: 1, died: 0, unknown: 1 });
    expect(a.overdoses_naloxone_given).toEqual({ peer: 1, staff: 0, ambulance: 0, other: 0 });
    expect(report({ from: '2024-12-01', to: '2024-12-31' }).indicators.overdoses_naloxone_given).toEqual({ peer: 0, staff: 1, ambulance: 0, other: 0 });
  });

  it('hcv_cascade: among clients with a visit, each step reached on or before the last day', () => {
    // k1: antibody positive 02-14 (the RNA test's visit voided); k3: antibody positive in 2024, RNA positive 03-10,
    // linked 03-12, treatment 04-02 (after P), cured voided.
    expect(report().indicators.hcv_cascade).toEqual({ antibody_positive: 2, rna_tested: 1, rna_positive: 1, linked_to_care: 1, treatment_started: 0, cured: 0 });
    // March and April: k1 has no visit; k3's treatment has started.
    expect(report({ from: '2025-03-01', to: '2025-04-30' }).indicators.hcv_cascade)
      .toEqual({ antibody_positive: 1, rna_tested: 1, rna_positive: 1, linked_to_care: 1, treatment_started: 1, cured: 0 });
    // k3's visits are at A only.
    expect(report({ siteIds: [site.B] }).indicators.hcv_cascade).toEqual({ antibody_positive: 0, rna_tested: 0, rna_positive: 0, linked_to_care: 0, treatment_started: 0, cured: 0 });
  });

  it('hiv_cascade: the same for HIV', () => {
    expect(report().indicators.hiv_cascade).toEqual({ positive: 1, linked_to_care: 1, treatment_started: 0, virally_suppressed: 0 });
    // Up to 03-22: k4 positive (03-20), not yet linked (03-25).
    expect(report({ to: '2025-03-22' }).indicators.hiv_cascade).toEqual({ positive: 1, linked_to_care: 0, treatment_started: 0, virally_suppressed: 0 });
  });

  it('new_clients_by_route: new clients by how they came, summing to new_clients; first visits at any site', () => {
    const ind = report().indicators;
    // k1 self, k2 peer, k4 point, k6 referral; k3 came before P, k5 has only a voided visit.
    expect(ind.new_clients_by_route).toEqual({ self: 1, peer: 1, point: 1, outreach: 0, referral: 1, unknown: 0 });
    expect(sum(ind.new_clients_by_route)).toBe(ind.new_clients);
    // At A: k2 is new (its first visit, at B, is in P), k6 never came to A.
    const a = report({ siteIds: [site.A] }).indicators;
    expect(a.new_clients_by_route).toEqual({ self: 1, peer: 1, point: 1, outreach: 0, referral: 0, unknown: 0 });
    expect(sum(a.new_clients_by_route)).toBe(a.new_clients);
    // From 01-15: k1 (first visit 01-10) is no longer new.
    const late = report({ from: '2025-01-15' }).indicators;
    expect(late.new_clients_by_route).toEqual({ self: 0, peer: 1, point: 1, outreach: 0, referral: 1, unknown: 0 });
    expect(sum(late.new_clients_by_route)).toBe(late.new_clients);
  });

  it('new_clients_via_secondary: new clients who came through a peer or a point', () => {
    expect(report().indicators.new_clients_via_secondary).toBe(2);
    expect(report({ from: '2025-03-01' }).indicators.new_clients_via_secondary).toBe(1);
  });

  it('breaks every figure down by month: each month its own, the parts summing to their totals', () => {
    const r = report({ monthly: true });
    const m = Object.fromEntries((r.monthly ?? []).map((x) => [x.month, x.indicators]));
    expect(Object.keys(m)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.new_clients_by_route)).toEqual([
      { self: 1, peer: 0, point: 0, outreach: 0, referral: 1, unknown: 0 },
      { self: 0, peer: 1, point: 0, outreach: 0, referral: 0, unknown: 0 },
      { self: 0, peer: 0, point: 1, outreach: 0, referral: 0, unknown: 0 },
    ]);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.clients_in_pharmacotherapy)).toEqual([1, 0, 0]);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.overdose_response_trained)).toEqual([5, 8, 0]);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.naloxone_kits_distributed)).toEqual([2, 4, 0]);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.naloxone_recipients)).toEqual([1, 4, 0]);
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => parts(x.hcv_cascade).antibody_positive)).toEqual([0, 1, 1]);
    expect(m['2025-03'].hcv_cascade).toEqual({ antibody_positive: 1, rna_tested: 1, rna_positive: 1, linked_to_care: 1, treatment_started: 0, cured: 0 });
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.referrals_by_outcome)).toEqual([
      { arrived: 1, not_arrived: 0, unknown: 0 }, { arrived: 0, not_arrived: 2, unknown: 0 }, { arrived: 0, not_arrived: 0, unknown: 1 },
    ]);
    // Three whole months: each a month (25 / 50 × 12 / 1 month would be the period's in one month).
    expect([m['2025-01'], m['2025-02'], m['2025-03']].map((x) => x.needles_syringes_per_pwid_year)).toEqual([3.6, 2.4, 0]);
    for (const ind of [r.indicators, ...Object.values(m)]) {
      expect(sum(ind.new_clients_by_route)).toBe(ind.new_clients);
      expect(sum(ind.referrals_by_outcome)).toBe(ind.svc_referral);
      expect(ind.new_clients_via_secondary).toBe(parts(ind.new_clients_by_route).peer + parts(ind.new_clients_by_route).point);
      for (const key of NEW_KEYS) {
        const def = indicatorByKey.get(key);
        if (Array.isArray(def?.parts)) expect(Object.keys(parts(ind[key]))).toEqual([...def.parts]);
      }
    }
    // The whole period is not the sum of its months for distinct clients, but is for quantities.
    expect(r.indicators.naloxone_kits_distributed).toBe(6);
    expect(r.indicators.needles_syringes_distributed).toBe(25);
  });
});

describe('merged codes', () => {
  it('counts a merged code\'s pharmacotherapy change, positive result and care step as the surviving client\'s', () => {
    const keep = registerClient(ctx, registerClientInput.parse({ code: 'MARU11970', sex: 'male', birthYear: 1970, confirmNotDuplicate: true })).id;
    const dup = registerClient(ctx, registerClientInput.parse({ code: 'MARU11907', sex: 'male', birthYear: 1907, confirmNotDuplicate: true })).id;
    visit({ date: '2025-05-05', clientId: keep, siteId: site.A, services: [{ type: 'consultation', units: 1 }] });
    visit({ date: '2025-05-06', clientId: dup, kind: 'medical', siteId: site.A, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    recordCareStep(ctx, careStepInput.parse({ clientId: dup, infection: 'hiv', step: 'linked_to_care', date: '2025-05-07', siteId: site.A }));
    sql('INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at) VALUES (?, ?, 1, ?)', dup, '2025-05-01', new Date().toISOString());
    mergeClients(ctx, { keepId: keep, mergeId: dup, reason: 'the same person, a typo' });
    const may = report({ from: '2025-05-01', to: '2025-05-31' }).indicators;
    expect(may.clients).toBe(1);
    expect(may.clients_in_pharmacotherapy).toBe(1);
    expect(may.hiv_cascade).toEqual({ positive: 1, linked_to_care: 1, treatment_started: 0, virally_suppressed: 0 });
    expect(may.new_clients_by_route).toEqual({ self: 0, peer: 0, point: 0, outreach: 0, referral: 0, unknown: 1 });
  });
});

describe('the rules the report states', () => {
  it('says that sex and birth year come from the code while the code pattern is the default one', () => {
    const r = report();
    expect(r.rules.sex_birth_year_from_code).toBe(true);
    expect(r.rules.applied.some((s) => s.startsWith('Sex and birth year were taken from the code'))).toBe(true);
    updateSettings(ctx, { codePattern: '^[A-Z0-9]{4,12}$' });
    try {
      const other = report();
      expect(other.rules.sex_birth_year_from_code).toBe(false);
      expect(other.rules.applied.some((s) => s.includes('taken from the code'))).toBe(false);
    } finally {
      updateSettings(ctx, { codePattern: '^[A-Z]{4}[123](19|20)[0-9]{2}$' });
    }
  });

  it('says when per-month figures are empty: a period, or a month of a monthly report, under 28 days', () => {
    const whole = report({ monthly: true });
    expect(whole.rules.per_month_min_days).toBe(28);
    expect(whole.rules.per_month_null).toBe(false);
    expect(whole.rules.applied.some((s) => s.startsWith('Per-month figures are empty'))).toBe(false);
    const short = report({ from: '2025-03-01', to: '2025-03-20' });
    expect(short.rules.per_month_null).toBe(true);
    expect(short.indicators.syringes_per_participant_month).toBeNull();
    expect(short.rules.applied).toContain('Per-month figures are empty for a period shorter than 28 days: this period has 20 days.');
    const cut = report({ from: '2025-01-20', to: '2025-03-31', monthly: true });
    expect(cut.rules.per_month_null).toBe(true);
    expect(cut.rules.applied).toContain('Per-month figures are empty for a period shorter than 28 days: the months 2025-01 have fewer days in the period.');
  });

  it('states the regular rule, voided records, first visits, partial months and rounding', () => {
    const applied = report().rules.applied.join(' ');
    for (const words of ['at least 3 visit-days', 'Voided records never count', 'at any site', 'only its days inside the period', 'half up', 'estimate of 50']) {
      expect(applied).toContain(words);
    }
  });
});

describe('the donor workbook', () => {
  const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  it('appends overdose, naloxone and cascade figures when any were recorded, every part of a cascade or an outcome shown', async () => {
    // The English workbook (issue 18: one language a workbook): the label in column 2, the value in 3.
    const wb = await buildWorkbook(vault.store, { ...P, siteIds: [], template: 'donor', language: 'en' });
    const ws = wb.getWorksheet('Report');
    expect(ws).toBeDefined();
    const rows = new Map<string, { value: unknown; hidden: boolean }>();
    ws?.eachRow({ includeEmpty: false }, (row) => rows.set(cellText(row.getCell(2).value).trim(), { value: row.getCell(3).value, hidden: row.hidden }));
    const en = (key: string) => indicatorByKey.get(key)?.label.en ?? key;
    expect(rows.get(en('naloxone_kits_distributed'))).toEqual({ value: 6, hidden: false });
    expect(rows.get(en('naloxone_recipients'))).toEqual({ value: 4, hidden: false });
    expect(rows.get(en('overdose_response_trained'))).toEqual({ value: 13, hidden: false });
    expect(rows.get('HCV RNA positive')).toEqual({ value: 1, hidden: false });
    // Nobody cured, nobody virally suppressed, no naloxone by staff: shown as 0 (a cascade's or an outcome's
    // zero is a finding; review of issue 18: a cascade must not end at "treatment started").
    expect(rows.get('Cured (sustained virological response)')).toEqual({ value: 0, hidden: false });
    expect(rows.get('Virally suppressed')).toEqual({ value: 0, hidden: false });
    expect(rows.get('Staff')).toEqual({ value: 0, hidden: false });
    // Every figure of the section is there.
    for (const key of DONOR_FIELD) expect(rows.has(en(key)), key).toBe(true);
  });

  it('leaves the section out when nothing of it was recorded', async () => {
    const wb = await buildWorkbook(vault.store, { from: '2023-01-01', to: '2023-12-31', siteIds: [], template: 'donor', language: 'en' });
    const texts: string[] = [];
    wb.getWorksheet('Report')?.eachRow((row) => texts.push(cellText(row.getCell(1).value), cellText(row.getCell(2).value)));
    expect(texts.some((t) => t.includes('Overdose, naloxone'))).toBe(false);
    expect(texts).not.toContain(indicatorByKey.get('naloxone_kits_distributed')?.label.en);
    const defs: string[] = [];
    wb.getWorksheet('Definitions')?.eachRow((row) => defs.push(cellText(row.getCell(1).value)));
    expect(defs).toContain('Sex and birth year');
    expect(defs).toContain('Per-month figures');
  });
});
