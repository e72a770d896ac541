// The demo data holds the field's records of issue 17 (indicators.md "Overdose and naloxone",
// "Care after a positive test", "How new clients came", referral outcomes, dated
// pharmacotherapy, trainings with a topic), and holds them consistently: counted here with SQL
// on the demo's own tables, never through the report or the code that wrote them. That the
// figures of scenarios.md stay exact is tests/reports/scenarios.test.ts's to say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../db/vault';
import { makeCtx } from '../../db/services/context';
import { generateKaunas, KAUNAS_PERIOD } from '../../db/demo/kaunas';
import { generateKedainiai, KEDAINIAI_PERIOD } from '../../db/demo/kedainiai';
import { generateLarge } from '../../db/demo/large';
import type { Store } from '../../db/store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-demo-field-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function demo(name: string, fill: (ctx: ReturnType<typeof makeCtx>) => void): Promise<Store> {
  const { vault, staff } = await createDatabase(join(dir, `${name}.db`), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  fill(makeCtx(vault.store, { staffId: staff.id, userName: 'boss', role: 'manager' }, vault));
  return vault.store;
}

const n = (st: Store, sql: string, ...params: unknown[]): number => (st.sqlite.prepare(sql).get(...params) as { n: number }).n;
const rows = <T>(st: Store, sql: string, ...params: unknown[]): T[] => st.sqlite.prepare(sql).all(...params) as T[];

/** Split counts as {part: n}, every part named present (zero included). */
function parts(st: Store, sql: string, names: readonly string[], ...params: unknown[]): Record<string, number> {
  const got = Object.fromEntries(names.map((k) => [k, 0]));
  for (const r of rows<{ k: string | null; n: number }>(st, sql, ...params)) got[r.k ?? 'null'] = r.n;
  return got;
}

/** The checks every scenario's records must pass, whatever their number. */
function consistent(st: Store): void {
  // The status today is the latest dated change (none: not in pharmacotherapy), and every client
  // in pharmacotherapy has a dated start.
  expect(n(st, `SELECT count(*) AS n FROM clients c WHERE c.in_pharmacotherapy != coalesce((SELECT p.status FROM pharmacotherapy_changes p
      WHERE p.client_id = c.id AND p.voided_at IS NULL ORDER BY p.date DESC, p.id DESC LIMIT 1), 0)`)).toBe(0);
  // No change repeats the status already in force (each is a change).
  expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes p WHERE p.status = coalesce((SELECT q.status FROM pharmacotherapy_changes q
      WHERE q.client_id = p.client_id AND (q.date < p.date OR (q.date = p.date AND q.id < p.id)) ORDER BY q.date DESC, q.id DESC LIMIT 1), 0)`)).toBe(0);
  // A care step follows a positive result of its infection (any test giving it, RNA included) on or before its day.
  expect(n(st, `SELECT count(*) AS n FROM care_steps k WHERE NOT EXISTS (SELECT 1 FROM tests t JOIN visits v ON v.id = t.visit_id
      WHERE v.client_id = k.client_id AND v.voided_at IS NULL AND v.date <= k.date
        AND ((k.infection = 'hiv' AND t.hiv_result = 'positive') OR (k.infection = 'hcv' AND t.hcv_result = 'positive')))`)).toBe(0);
  // Steps in order: treatment after linkage, cure or suppression after treatment.
  expect(n(st, `SELECT count(*) AS n FROM care_steps a JOIN care_steps b ON a.client_id = b.client_id AND a.infection = b.infection
      WHERE ((a.step = 'linked_to_care' AND b.step = 'treatment_started') OR (a.step = 'treatment_started' AND b.step IN ('cured', 'virally_suppressed')))
        AND b.date < a.date`)).toBe(0);
  // An RNA test follows an HCV antibody positive of the same client.
  expect(n(st, `SELECT count(*) AS n FROM tests r JOIN visits rv ON rv.id = r.visit_id WHERE r.type = 'hcv_rna' AND NOT EXISTS (
      SELECT 1 FROM tests t JOIN visits v ON v.id = t.visit_id WHERE v.client_id = rv.client_id AND t.type != 'hcv_rna' AND t.hcv_result = 'positive' AND v.date < rv.date)`)).toBe(0);
  // An outcome only on a referral line, recorded on or after the referral's day.
  expect(n(st, `SELECT count(*) AS n FROM service_lines s JOIN visits v ON v.id = s.visit_id
      WHERE s.referral_outcome IS NOT NULL AND (s.type != 'referral' OR s.outcome_date IS NULL OR s.outcome_date < v.date)`)).toBe(0);
  // Nobody comes back after dying of an overdose, nor has anything recorded after it (a voided
  // visit is a mistake, not a visit).
  expect(n(st, `SELECT count(*) AS n FROM overdoses o WHERE o.outcome = 'died' AND o.client_id IS NOT NULL AND (
      EXISTS (SELECT 1 FROM visits v WHERE v.client_id = o.client_id AND v.voided_at IS NULL AND v.date > o.date)
      OR EXISTS (SELECT 1 FROM care_steps k WHERE k.client_id = o.client_id AND k.date > o.date)
      OR EXISTS (SELECT 1 FROM pharmacotherapy_changes p WHERE p.client_id = o.client_id AND p.date > o.date)
      OR EXISTS (SELECT 1 FROM overdoses l WHERE l.client_id = o.client_id AND l.date > o.date))`)).toBe(0);
  // A peer's code is a client's code; only a peer route has one.
  expect(n(st, `SELECT count(*) AS n FROM clients WHERE referred_by_code IS NOT NULL AND (came_via != 'peer' OR referred_by_code NOT IN (SELECT code FROM clients))`)).toBe(0);
  expect(n(st, `SELECT count(*) AS n FROM clients WHERE came_via = 'peer' AND referred_by_code IS NULL`)).toBe(0);
  // A topic only on a training.
  expect(n(st, `SELECT count(*) AS n FROM activities WHERE topic IS NOT NULL AND type != 'training'`)).toBe(0);
}

describe('kaunas-2008 holds the field records', () => {
  let st: Store;
  const { from, to } = KAUNAS_PERIOD;
  beforeAll(async () => {
    st = await demo('kaunas', (ctx) => generateKaunas(ctx, 2008));
  }, 120_000);
  afterAll(() => st.close());

  it('overdose reports in the period, naloxone given by peers, staff and the ambulance, survived and died', () => {
    const inPeriod = `FROM overdoses WHERE voided_at IS NULL AND date BETWEEN ? AND ?`;
    expect(n(st, `SELECT count(*) AS n ${inPeriod}`, from, to)).toBeGreaterThanOrEqual(12);
    const by = parts(st, `SELECT naloxone_by AS k, count(*) AS n ${inPeriod} AND naloxone_given = 'yes' GROUP BY naloxone_by`, ['peer', 'staff', 'ambulance', 'other'], from, to);
    for (const giver of ['peer', 'staff', 'ambulance'] as const) expect(by[giver], giver).toBeGreaterThan(0);
    const outcome = parts(st, `SELECT outcome AS k, count(*) AS n ${inPeriod} GROUP BY outcome`, ['survived', 'died', 'unknown'], from, to);
    expect(outcome.survived).toBeGreaterThan(outcome.died);
    expect(outcome.died).toBeGreaterThan(0);
    // Peers gave naloxone only after the overdose-response training, which the period holds.
    const trained = rows<{ date: string; participants: number }>(st, `SELECT date, participants FROM activities
      WHERE type = 'training' AND topic = 'overdose_response' AND voided_at IS NULL AND date BETWEEN ? AND ?`, from, to);
    expect(trained.length).toBe(1);
    expect(trained[0].participants).toBeGreaterThan(0);
    expect(n(st, `SELECT count(*) AS n FROM overdoses WHERE naloxone_by = 'peer' AND date < ?`, trained[0].date)).toBe(0);
    // Naloxone kits are handed out from the training on, and filters beside them.
    expect(n(st, `SELECT coalesce(sum(s.quantity), 0) AS n FROM supply_lines s JOIN items i ON i.id = s.item_id JOIN visits v ON v.id = s.visit_id
      WHERE i.key = 'naloxone' AND s.direction = 'out' AND v.voided_at IS NULL AND v.date BETWEEN ? AND ?`, from, to)).toBeGreaterThan(0);
    expect(n(st, `SELECT count(*) AS n FROM supply_lines s JOIN items i ON i.id = s.item_id JOIN visits v ON v.id = s.visit_id
      WHERE i.key = 'naloxone' AND v.date <= ?`, trained[0].date)).toBe(0);
    expect(n(st, `SELECT count(*) AS n FROM supply_lines s JOIN items i ON i.id = s.item_id WHERE i.key = 'filter'`)).toBeGreaterThan(0);
  });

  it('the secondary-exchange trainings have their topic and the 9 trained peers, the overdose training links none', () => {
    expect(n(st, `SELECT count(DISTINCT ac.client_id) AS n FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id
      WHERE a.topic = 'secondary_exchange' AND a.date BETWEEN ? AND ?`, from, to)).toBe(9);
    expect(n(st, `SELECT count(*) AS n FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id WHERE a.topic != 'secondary_exchange' OR a.topic IS NULL`)).toBe(0);
    expect(n(st, `SELECT count(*) AS n FROM activities WHERE type = 'training' AND topic IS NULL`)).toBe(0);
  });

  it('care steps after positive HIV and HCV RNA results, every step of each infection', () => {
    const steps = rows<{ infection: string; step: string }>(st, `SELECT DISTINCT infection, step FROM care_steps WHERE voided_at IS NULL`);
    expect(steps.map((s) => `${s.infection}.${s.step}`).sort()).toEqual([
      'hcv.cured', 'hcv.linked_to_care', 'hcv.treatment_started', 'hiv.linked_to_care', 'hiv.treatment_started', 'hiv.virally_suppressed',
    ]);
    // RNA tests after antibody positives, in the period and (for those with no visit left) after it.
    const rna = parts(st, `SELECT CASE WHEN v.date <= ? THEN 'in' ELSE 'after' END AS k, count(*) AS n FROM tests t JOIN visits v ON v.id = t.visit_id
      WHERE t.type = 'hcv_rna' AND v.voided_at IS NULL AND v.date >= ? GROUP BY k`, ['in', 'after'], to, from);
    expect(rna.in).toBeGreaterThan(0);
    expect(n(st, `SELECT count(*) AS n FROM tests WHERE type = 'hcv_rna' AND hcv_result = 'positive'`)).toBeGreaterThan(0);
    expect(n(st, `SELECT count(*) AS n FROM tests WHERE type = 'hcv_rna' AND hcv_result = 'negative'`)).toBeGreaterThan(0);
    // An RNA test in the period is of a client already tested in it: persons_tested and pwid_tested cannot move.
    expect(n(st, `SELECT count(*) AS n FROM tests r JOIN visits rv ON rv.id = r.visit_id WHERE r.type = 'hcv_rna' AND rv.date BETWEEN ? AND ?
      AND NOT EXISTS (SELECT 1 FROM tests t JOIN visits v ON v.id = t.visit_id WHERE v.client_id = rv.client_id AND t.type = 'combined'
        AND v.voided_at IS NULL AND v.date BETWEEN ? AND ?)`, from, to, from, to)).toBe(0);
  });

  it('referral outcomes: arrived, not arrived and none, over the 194 referral units of the period', () => {
    const outcome = parts(st, `SELECT coalesce(s.referral_outcome, 'unknown') AS k, sum(s.units) AS n FROM service_lines s JOIN visits v ON v.id = s.visit_id
      WHERE s.type = 'referral' AND v.voided_at IS NULL AND v.date BETWEEN ? AND ? GROUP BY k`, ['arrived', 'not_arrived', 'unknown'], from, to);
    expect(outcome.arrived + outcome.not_arrived + outcome.unknown).toBe(194);
    expect(outcome.arrived).toBeGreaterThan(outcome.not_arrived);
    expect(outcome.not_arrived).toBeGreaterThan(0);
    expect(outcome.unknown).toBeGreaterThan(0);
  });

  it('new clients came by every route the cabinet had; many brought by the peers, with an active peer\'s code', () => {
    const firstVisit = `(SELECT min(v.date) FROM visits v WHERE v.client_id = c.id AND v.voided_at IS NULL)`;
    const route = parts(st, `SELECT c.came_via AS k, count(*) AS n FROM clients c WHERE ${firstVisit} BETWEEN ? AND ? GROUP BY c.came_via`,
      ['self', 'peer', 'point', 'outreach', 'referral', 'unknown'], from, to);
    const newClients = Object.values(route).reduce((a, b) => a + b, 0);
    expect(newClients).toBe(137 + 197);
    for (const r of ['self', 'peer', 'point', 'referral', 'unknown'] as const) expect(route[r], r).toBeGreaterThan(0);
    expect(route.peer + route.point).toBeGreaterThan(newClients / 6);
    // The code is of one of the 9 peers (clients who took equipment for others), and the new
    // client came while that peer was at it: after a first pick-up, at most three weeks after the last.
    const pickups = `FROM clients p JOIN visits v ON v.client_id = p.id JOIN supply_lines s ON s.visit_id = v.id
        WHERE p.code = c.referred_by_code AND s.for_peers = 1 AND v.voided_at IS NULL`;
    expect(n(st, `SELECT count(*) AS n FROM clients c WHERE c.came_via = 'peer' AND NOT (
        EXISTS (SELECT 1 ${pickups} AND v.date <= ${firstVisit}) AND EXISTS (SELECT 1 ${pickups} AND date(v.date, '+21 days') >= ${firstVisit}))`)).toBe(0);
    expect(n(st, `SELECT count(DISTINCT referred_by_code) AS n FROM clients WHERE came_via = 'peer'`)).toBeGreaterThan(1);
  });

  it('pharmacotherapy is dated in the clients\' own years, not on the day the demo was made', () => {
    expect(n(st, `SELECT count(*) AS n FROM clients WHERE in_pharmacotherapy = 1`)).toBeGreaterThan(20);
    expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes WHERE date > '2011-12-31'`)).toBe(0);
    // Some stopped (a change to no), and some are in treatment on the period's last day.
    expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes WHERE status = 0`)).toBeGreaterThan(0);
    expect(n(st, `SELECT count(DISTINCT p.client_id) AS n FROM pharmacotherapy_changes p WHERE p.status = 1 AND p.date <= ? AND NOT EXISTS (
      SELECT 1 FROM pharmacotherapy_changes q WHERE q.client_id = p.client_id AND q.date > p.date AND q.date <= ?)`, to, to)).toBeGreaterThan(10);
  });

  it('is consistent', () => consistent(st));
});

describe('kedainiai-2011 holds the field records', () => {
  let st: Store;
  const { from, to } = KEDAINIAI_PERIOD;
  beforeAll(async () => {
    st = await demo('kedainiai', (ctx) => generateKedainiai(ctx, 2011));
  }, 120_000);
  afterAll(() => st.close());

  it('the client with the positive rapid test is referred to HIV care, arrives and is followed there', () => {
    const positive = rows<{ client_id: number; date: string }>(st, `SELECT v.client_id, v.date FROM tests t JOIN visits v ON v.id = t.visit_id
      WHERE t.hiv_result = 'positive' AND v.client_id IS NOT NULL AND v.voided_at IS NULL`);
    expect(positive.length).toBe(1);
    expect(rows(st, `SELECT s.referral_to, s.referral_outcome FROM service_lines s JOIN visits v ON v.id = s.visit_id
      WHERE v.client_id = ? AND s.type = 'referral'`, positive[0].client_id)).toEqual([{ referral_to: 'hiv_care', referral_outcome: 'arrived' }]);
    expect(rows<{ step: string }>(st, `SELECT step FROM care_steps WHERE client_id = ? AND infection = 'hiv' ORDER BY date`, positive[0].client_id).map((r) => r.step))
      .toEqual(['linked_to_care', 'treatment_started', 'virally_suppressed']);
  });

  it('the 14 new clients came through outreach, the peers and a referral; overdoses were reported', () => {
    const route = parts(st, `SELECT c.came_via AS k, count(*) AS n FROM clients c
      WHERE (SELECT min(v.date) FROM visits v WHERE v.client_id = c.id AND v.voided_at IS NULL) BETWEEN ? AND ? GROUP BY c.came_via`,
    ['self', 'peer', 'point', 'outreach', 'referral', 'unknown'], from, to);
    expect(route).toEqual({ self: 0, peer: 3, point: 0, outreach: 10, referral: 1, unknown: 0 });
    expect(n(st, `SELECT count(*) AS n FROM overdoses WHERE date BETWEEN ? AND ?`, from, to)).toBe(3);
    expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes WHERE date > ?`, '2012-12-31')).toBe(0);
  });

  it('is consistent', () => consistent(st));
});

describe('large holds the field records', () => {
  let st: Store;
  beforeAll(async () => {
    st = await demo('large', (ctx) => void generateLarge(ctx, { visits: 20_000, seed: 4 }));
  }, 120_000);
  afterAll(() => st.close());

  it('overdoses, care steps, RNA tests, referral outcomes, routes, dated pharmacotherapy and both trainings', () => {
    expect(n(st, `SELECT count(*) AS n FROM visits`)).toBe(20_000);
    const outcome = parts(st, `SELECT outcome AS k, count(*) AS n FROM overdoses GROUP BY outcome`, ['survived', 'died', 'unknown']);
    expect(outcome.survived).toBeGreaterThan(outcome.died + outcome.unknown);
    expect(n(st, `SELECT count(DISTINCT naloxone_by) AS n FROM overdoses WHERE naloxone_given = 'yes'`)).toBeGreaterThanOrEqual(3);
    expect(n(st, `SELECT count(DISTINCT infection || step) AS n FROM care_steps`)).toBe(6);
    expect(n(st, `SELECT count(*) AS n FROM tests WHERE type = 'hcv_rna'`)).toBeGreaterThan(0);
    expect(n(st, `SELECT count(DISTINCT referral_outcome) AS n FROM service_lines WHERE type = 'referral'`)).toBe(2);
    expect(n(st, `SELECT count(DISTINCT came_via) AS n FROM clients`)).toBe(6);
    expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes WHERE status = 0`)).toBeGreaterThan(0);
    expect(n(st, `SELECT count(*) AS n FROM pharmacotherapy_changes WHERE date > '2024-12-31'`)).toBe(0);
    expect(rows<{ topic: string }>(st, `SELECT DISTINCT topic FROM activities WHERE type = 'training' ORDER BY topic`).map((r) => r.topic))
      .toEqual(['overdose_response', 'secondary_exchange']);
    // The bulk load's one audit entry counts them.
    const logged = JSON.parse((st.sqlite.prepare(`SELECT after_json FROM audit_log WHERE action = 'bulk_load'`).get() as { after_json: string }).after_json);
    expect(logged.overdoses).toBe(n(st, `SELECT count(*) AS n FROM overdoses`));
    expect(logged.careSteps).toBe(n(st, `SELECT count(*) AS n FROM care_steps`));
  });

  it('is consistent', () => consistent(st));
});
