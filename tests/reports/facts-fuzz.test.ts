// Report facts under random histories: on a real encrypted database, seeded random batches of saves,
// edits (another day, client, lines), voids, test results entered later and client merges, each
// batch followed by the incremental count the report makes. After a batch, the facts kept so
// (rpt_client_first, rpt_client_month, rpt_day) must equal a full recount of them, and each client's
// first days must equal those counted straight from the visit records. This complements the
// hand-made cases of facts.test.ts (each change on its own, on the demo data) with mixtures of
// changes between two counts that nobody thought to write down. Each seed is its own test and its
// own database, so a failure names the seed (and the round) to replay.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../db/vault';
import { makeCtx } from '../../db/services/context';
import { refreshFacts } from '../../db/reports/facts';
import { createVisit, getVisit, updateVisit, voidVisit } from '../../db/services/visits';
import { setTestResults } from '../../db/services/tests';
import { mergeClients, registerClient } from '../../db/services/clients';
import { saveSite } from '../../db/services/sites';
import { mergeInput, registerClientInput, setResultsInput, siteInput, updateVisitInput, visitInput } from '../../shared/schemas';

const SEEDS = [1, 2, 3, 4];
const ROUNDS = 40;

/** A seeded Park–Miller generator: the same seed, the same history. */
function generator(seed: number) {
  let state = seed * 7919 + 13;
  const rnd = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const pick = <T>(xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(rnd() * xs.length)];
  };
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  return { rnd, pick, int };
}

/** Each client's first day of each kind, straight from the visit records (not voided, with a client). */
const FIRST_FROM_RECORDS = `WITH f AS (
    SELECT v.client_id, v.date,
      1 AS days,
      EXISTS (SELECT 1 FROM supply_lines s JOIN items i ON i.id = s.item_id WHERE s.visit_id = v.id AND i.category IN ('syringe', 'needle')) AS exch,
      EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = v.id AND t.hiv_result = 'positive') AS pos_hiv,
      EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = v.id AND t.hbv_result = 'positive') AS pos_hbv,
      EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = v.id AND t.hcv_result = 'positive' AND t.type != 'hcv_rna') AS pos_hcv,
      EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = v.id AND t.type = 'hcv_rna') AS rna,
      EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = v.id AND t.type = 'hcv_rna' AND t.hcv_result = 'positive') AS rna_pos
    FROM visits v WHERE v.voided_at IS NULL AND v.client_id IS NOT NULL)
  SELECT client_id, kind, substr(min(date), 1, 7) AS month, 1 << (CAST(substr(min(date), 9, 2) AS INTEGER) - 1) AS bit FROM (
    ${['days', 'exch', 'pos_hiv', 'pos_hbv', 'pos_hcv', 'rna', 'rna_pos'].map((k) => `SELECT client_id, '${k}' AS kind, date FROM f WHERE ${k} = 1`).join(' UNION ALL ')})
  GROUP BY client_id, kind ORDER BY client_id, kind`;

const MONTHS = ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04'];
const LETTERS = 'ABDEGIJKLMNOPRSTUVZ'.split('');
type Result = 'positive' | 'negative' | null;

/** Runs one seed's history; returns what it did, having checked the facts after each counted batch. */
async function runSeed(seedNo: number) {
  const { rnd, pick, int } = generator(seedNo);
  const dir = mkdtempSync(join(tmpdir(), 'slenkstis-facts-fuzz-'));
  const created = await createDatabase(join(dir, 'fuzz.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  const store = created.vault.store;
  try {
    const ctx = makeCtx(store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, created.vault);
    const sites = [saveSite(ctx, siteInput.parse({ name: 'Kabinetas A', kind: 'cabinet' })).id,
      saveSite(ctx, siteInput.parse({ name: 'Vieta B', kind: 'outreach_place' })).id];
    const codes = new Set<string>();
    while (codes.size < 10) codes.add(`${[0, 1, 2, 3].map(() => pick(LETTERS)).join('')}${pick(['1', '2'])}${int(1960, 2000)}`);
    for (const code of codes) {
      registerClient(ctx, registerClientInput.parse({ code, sex: code[4] === '1' ? 'male' : 'female', birthYear: Number(code.slice(5)), injects: 'yes' }));
    }

    const date = () => `${pick(MONTHS)}-${String(int(1, 28)).padStart(2, '0')}`;
    const res = (): Result => pick(['positive', 'negative', null, 'positive'] as const);
    // A visit's lines: maybe an exchange, maybe a test with or without its results; a consultation if nothing else.
    const content = () => {
      const supplies = rnd() < 0.5 ? [{ itemKey: pick(['syringe', 'needle', 'condom']), direction: 'out', quantity: int(1, 5) }] : [];
      const tests = rnd() < 0.5 ? [{ type: pick(['rapid_hiv', 'combined', 'hbv', 'hcv', 'hcv_rna', 'hcv_rna']), results: { hiv: null, hbv: null, hcv: null } as Record<string, Result> }] : [];
      for (const t of tests) {
        if (t.type === 'rapid_hiv') t.results.hiv = res();
        if (t.type === 'combined') { t.results.hiv = res(); t.results.hbv = res(); t.results.hcv = res(); }
        if (t.type === 'hbv') t.results.hbv = res();
        if (t.type === 'hcv' || t.type === 'hcv_rna') t.results.hcv = res();
      }
      const services = supplies.length === 0 && tests.length === 0 ? [{ type: 'consultation', units: 1 }] : [];
      return { supplies, tests, services };
    };
    const ids = (sql: string) => (store.stmt(sql).all() as Array<{ id: number }>).map((r) => r.id);
    const liveVisits = () => ids('SELECT id FROM visits WHERE voided_at IS NULL ORDER BY id');
    const liveClients = () => ids('SELECT id FROM clients WHERE merged_into_id IS NULL ORDER BY id');
    const tables = () => ({
      first: store.stmt('SELECT client_id, kind, month, bit FROM rpt_client_first ORDER BY client_id, kind').all(),
      clientMonths: store.stmt('SELECT * FROM rpt_client_month ORDER BY site_id, month, client_id').all(),
      days: store.stmt('SELECT date, site_id, measure, value FROM rpt_day ORDER BY date, site_id, measure').all(),
    });
    const refresh = () => store.tx(() => refreshFacts(store));

    refresh();
    const done = { create: 0, update: 0, void: 0, results: 0, merge: 0, checks: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const n = int(1, 8);
      for (let i = 0; i < n; i++) {
        const r = rnd();
        const visits = liveVisits();
        if (r < 0.45 || visits.length < 5) {
          createVisit(ctx, visitInput.parse({ date: date(), clientId: pick(liveClients()), siteId: pick(sites), ...content() }));
          done.create++;
        } else if (r < 0.65) {
          const v = getVisit(ctx, pick(visits));
          updateVisit(ctx, updateVisitInput.parse({ id: v.id, date: rnd() < 0.5 ? date() : v.date, time: null, clientId: rnd() < 0.3 ? pick(liveClients()) : v.clientId,
            kind: v.kind, siteId: v.siteId, trainedSecondary: false, ...content() }));
          done.update++;
        } else if (r < 0.85) {
          voidVisit(ctx, { id: pick(visits), reason: 'Įvesta per klaidą' });
          done.void++;
        } else if (r < 0.97) {
          const tests = store.stmt(`SELECT t.id, t.type FROM tests t JOIN visits v ON v.id = t.visit_id WHERE v.voided_at IS NULL ORDER BY t.id`).all() as Array<{ id: number; type: string }>;
          if (tests.length > 0) {
            const t = pick(tests);
            const results = t.type === 'rapid_hiv' ? { hiv: res() } : t.type === 'hbv' ? { hbv: res() } : t.type === 'combined' ? { hiv: res(), hbv: res(), hcv: res() } : { hcv: res() };
            setTestResults(ctx, setResultsInput.parse({ testId: t.id, results }));
            done.results++;
          }
        } else {
          const clients = liveClients();
          if (clients.length > 4) {
            const keepId = pick(clients);
            mergeClients(ctx, mergeInput.parse({ keepId, mergeId: pick(clients.filter((c) => c !== keepId)), reason: 'same person' }));
            done.merge++;
          }
        }
      }
      // Counted after every batch; checked after most (so that some checks follow two incremental counts).
      refresh();
      if (rnd() < 0.3) continue;
      const kept = tables();
      const fromRecords = store.stmt(FIRST_FROM_RECORDS).all();
      store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
      refresh();
      const where = `seed ${seedNo}, round ${round}`;
      expect(kept.first, `${where}: first days kept vs. from the records`).toEqual(fromRecords);
      expect(kept.first, `${where}: first days kept vs. a full recount`).toEqual(tables().first);
      expect(kept.clientMonths, `${where}: client-months kept vs. a full recount`).toEqual(tables().clientMonths);
      expect(kept.days, `${where}: days kept vs. a full recount`).toEqual(tables().days);
      done.checks++;
    }
    return { ...done, firstRows: tables().first.length };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('report facts kept incrementally under random histories equal a full recount and the records', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${ROUNDS} rounds of saves, edits, voids, later results and merges`, async () => {
      const done = await runSeed(seed);
      // The history did exercise every change, and the facts compared were not empty.
      expect(done.create).toBeGreaterThan(20);
      expect(done.update).toBeGreaterThan(5);
      expect(done.void).toBeGreaterThan(5);
      expect(done.results).toBeGreaterThan(2);
      expect(done.merge).toBeGreaterThan(0);
      expect(done.checks).toBeGreaterThan(ROUNDS / 2);
      expect(done.firstRows).toBeGreaterThan(10);
    });
  }
});
