// "Explain this number" (issue 18): for every figure of shared/indicators.ts (the list is
// iterated, so a new key is tested as soon as it is catalogued, and fails until it has an
// explainer) and every part of a split figure, the explanation counted again from the records
// adds up to the report's figure: on the small hand-made cabinet (tests/reports/cabinet.ts) for
// several periods and site filters, and on the Kaunas 2008 demo. A few lists are checked row by
// row against what was written by hand, the new figures of issue 17 against hand-computed
// values, and the workbook is read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx } from '../../db/services/context';
import { updateSettings } from '../../db/services/settings';
import { getSettings } from '../../db/services/settings';
import { generateKaunas, KAUNAS_PERIOD } from '../../db/demo/kaunas';
import { generateLarge, LARGE_YEAR } from '../../db/demo/large';
import { runReport } from '../../db/reports';
import { loadCatalogue } from '../../db/reports/engine';
import { explainFigure, explainToXlsx, hasExplainer, partsOf, UNITS, type CountExplanation, type Explanation, type ExplainInput } from '../../db/reports/explain';
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey, type IndicatorValue } from '../../shared/indicators';
import type { Store } from '../../db/store';
import { addFieldRecords, buildCabinet, P, SECRET, type Cabinet } from './cabinet';

let dir: string;
let cab: Cabinet;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-explain-'));
  cab = await buildCabinet(dir);
  addFieldRecords(cab);
}, 60_000);

afterAll(() => {
  cab?.vault.store.close();
  rmSync(dir, { recursive: true, force: true });
});

function explain(store: Store, input: Omit<ExplainInput, 'siteIds'> & { siteIds?: number[] }): Explanation {
  const s = getSettings({ store });
  return explainFigure(store, { siteIds: [], ...input }, { regularMinVisitDays: s.regularMinVisitDays, pwidPopulationEstimate: s.pwidPopulationEstimate }, loadCatalogue(store));
}

function count(e: Explanation): CountExplanation {
  if (e.kind !== 'count') throw new Error(`${e.key} is derived, not a count`);
  return e;
}

const sumOf = (e: CountExplanation) => e.rows.reduce((a, r) => a + r.count, 0);

/**
 * The explanation of a figure against the report's value: a count adds up to it (each part of a
 * split figure, and all its parts at once); a derived figure gives the same value, and its
 * components add up to their own figures in the report.
 */
function expectExplained(store: Store, key: IndicatorKey, value: IndicatorValue, scope: { from: string; to: string; siteIds: number[] }, indicators: Record<string, IndicatorValue>): void {
  const catalogue = loadCatalogue(store);
  const parts = partsOf(key, catalogue);
  if (parts !== null) {
    expect(value, `${key} is split`).toBeTypeOf('object');
    const split = value as Record<string, number>;
    expect(Object.keys(split).sort(), `${key}: the parts`).toEqual([...parts].sort());
    for (const part of parts) {
      const e = count(explain(store, { ...scope, key, part }));
      expect(sumOf(e), `${key}.${part}: the rows add up to the total`).toBe(e.total);
      expect(e.total, `${key}.${part}: the total is the report's figure`).toBe(split[part]);
      expect(e.rows.every((r) => r.part === part), `${key}.${part}: rows of that part only`).toBe(true);
    }
    const all = count(explain(store, { ...scope, key }));
    expect(all.total, `${key}: all parts`).toBe(Object.values(split).reduce((a, b) => a + b, 0));
    return;
  }
  const e = explain(store, { ...scope, key });
  expect(e.figure, `${key}: the explanation's figure is the report's`).toBe(value);
  if (e.kind === 'count') {
    expect(sumOf(e), `${key}: the rows add up to the total`).toBe(e.total);
    expect(e.total, `${key}: the total is the report's figure`).toBe(value);
  } else {
    expect(e.rows).toEqual([]);
    for (const { explanation: c } of e.components) {
      const reported = c.part === null ? indicators[c.key] : (indicators[c.key] as Record<string, number> | undefined)?.[c.part];
      expect(sumOf(c), `${key} ← ${c.key}: rows add up`).toBe(c.total);
      if (reported !== undefined) expect(c.total, `${key} ← ${c.key}${c.part ? `.${c.part}` : ''}: the component is the report's figure`).toBe(reported);
    }
  }
}

describe('every figure has an explainer', () => {
  it.each(INDICATORS.map((d) => d.key))('%s', (key) => {
    expect(hasExplainer(key), `db/reports/explain.ts has no explainer for ${key}`).toBe(true);
  });
});

const SCOPES: Array<{ name: string; from: string; to: string; sites: (c: Cabinet) => number[] }> = [
  { name: 'the quarter, every site', ...P, sites: () => [] },
  { name: 'the quarter at the cabinet A', ...P, sites: (c) => [c.site.A] },
  { name: 'the quarter at A and B', ...P, sites: (c) => [c.site.A, c.site.B] },
  { name: 'the quarter at the outreach place P1 and the arrest house', ...P, sites: (c) => [c.site.P1, c.site.H] },
  { name: 'a month cut across two calendar months', from: '2025-01-15', to: '2025-02-14', sites: () => [] },
  { name: 'a short period (27 days: no per-month figures)', from: '2025-01-06', to: '2025-02-01', sites: () => [] },
  { name: 'a week with nothing distributed', from: '2025-03-25', to: '2025-03-31', sites: () => [] },
  { name: 'the year 2025 (April after the quarter)', from: '2025-01-01', to: '2025-12-31', sites: () => [] },
];

describe.each(SCOPES)('the small cabinet, $name: the explanation adds up to the figure', ({ from, to, sites }) => {
  it.for(INDICATORS.map((d) => d.key))('%s', (key, { skip }) => {
    const siteIds = sites(cab);
    const report = runReport(cab.vault.store, { from, to, siteIds, monthly: false });
    const value = report.indicators[key];
    // A figure catalogued before the engine counts it (another engineer's work in progress): its
    // explainer is checked by hand below; this comparison runs as soon as the engine gives the figure.
    if (value === undefined) skip(`${key}: the report does not count it yet`);
    expectExplained(cab.vault.store, key, value, { from, to, siteIds }, report.indicators);
  });
});

describe('the small cabinet, month by month: each month\'s figure is explained by the same list over that month', () => {
  const cases = [
    { name: 'the quarter', from: P.from, to: P.to },
    { name: 'a period cutting two months', from: '2025-01-15', to: '2025-02-14' },
  ];
  it.for(cases)('$name', ({ from, to }) => {
    const report = runReport(cab.vault.store, { from, to, siteIds: [], monthly: true });
    let checked = 0;
    for (const m of report.monthly ?? []) {
      // The month cut to the period, as the report cuts it.
      const first = `${m.month}-01` < from ? from : `${m.month}-01`;
      const last = report.monthly?.at(-1)?.month === m.month ? to : lastDayOf(m.month);
      for (const def of INDICATORS) {
        const value = m.indicators[def.key];
        if (value === undefined) continue;
        expectExplained(cab.vault.store, def.key, value, { from: first, to: last, siteIds: [] }, m.indicators);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2 * INDICATORS.length);
  });
});

function lastDayOf(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  return d.toISOString().slice(0, 10);
}

describe('the small cabinet without a population estimate', () => {
  it('explains the estimate-based figures as empty, saying why, like the report', () => {
    updateSettings(cab.ctx, { pwidPopulationEstimate: null });
    try {
      const report = runReport(cab.vault.store, { ...P, siteIds: [], monthly: false });
      for (const key of ['nsp_coverage', 'syringes_per_pwid_year', 'needles_syringes_per_pwid_year'] as const) {
        const e = explain(cab.vault.store, { ...P, key });
        expect(e.kind).toBe('derived');
        expect(e.figure, key).toBeNull();
        if (report.indicators[key] !== undefined) expect(report.indicators[key]).toBeNull();
        if (e.kind === 'derived') expect(e.emptyBecause?.en).toMatch(/No estimated PWID population/);
      }
    } finally {
      updateSettings(cab.ctx, { pwidPopulationEstimate: 100 });
    }
  });
});

describe('the lists, row by row, as written by hand', () => {
  it('clients: one row per client, on its first visit in the period, count 1; not the voided visit, not the merged code', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'clients' }));
    expect(e.unit).toBe('clients');
    expect(e.rows.map((r) => [r.clientCode, r.date, r.count]).sort()).toEqual([
      ['DAKA11960', '2025-02-03', 1], ['LIVY12010', '2025-03-10', 1], ['ONJO11990', '2025-01-06', 1], ['RAPE22006', '2025-01-30', 1], ['VIAN31985', '2025-03-05', 1],
    ]);
    expect(e.total).toBe(5);
    expect(e.definition.en).toMatch(/Distinct clients/);
  });

  it('syringes distributed: a row per line with its quantity, for peers included; not the voided visit, the voided session, nor April', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'syringes_distributed' }));
    expect(e.unit).toBe('pieces');
    expect(e.rows.map((r) => r.count).sort((a, b) => a - b)).toEqual([2, 3, 3, 4, 6, 6, 10, 20]);
    expect(e.total).toBe(54);
    const first = e.rows.find((r) => r.count === 10);
    expect(first).toMatchObject({ clientCode: 'ONJO11990', date: '2025-01-06', site: 'Kabinetas', what: 'Švirkštas 2 ml: išdalyta 10' });
    expect(e.rows.find((r) => r.count === 20)?.what).toBe('Švirkštas: išdalyta 20 (kitiems vartotojams)');
    const anonymous = e.rows.find((r) => r.count === 6 && r.clientCode === null);
    expect(anonymous?.what).toContain('anoniminiai asmenys: 3');
  });

  it('the rows are in the language asked for', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'syringes_distributed', language: 'en' }));
    expect(e.rows.find((r) => r.count === 10)?.what).toBe('Syringe 2 ml: out 10');
  });

  it('visits: a row per visit-day; two records of one day are one row', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'visits' }));
    expect(e.unit).toBe('visit_days');
    expect(e.rows.filter((r) => r.clientCode === 'ONJO11990' && r.date === '2025-01-06')).toHaveLength(1);
  });

  it('regular clients: the month and the visit-days that made the client regular, under the rule of the settings', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'regular_clients' }));
    // c1 in January; c3 in March (cabinet.ts adds its pick-up of naloxone and its RNA test): on its third day.
    expect(e.rows).toEqual([
      { clientCode: 'ONJO11990', date: '2025-01-31', site: 'Kabinetas', part: null, what: '2025-01: apsilankymo dienų 3 (01-06, 01-15, 01-31)', count: 1 },
      { clientCode: 'VIAN31985', date: '2025-03-22', site: 'Kabinetas', part: null, what: '2025-03: apsilankymo dienų 4 (03-05, 03-20, 03-22, 03-25)', count: 1 },
    ]);
    expect(e.rule?.en).toMatch(/at least 3 visit-days/);
  });

  it('gp clients: a client counts once, a record without a code by its people', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'gp_clients' }));
    expect(e.rows.map((r) => [r.clientCode, r.count])).toEqual([[null, 2], ['VIAN31985', 1]]);
  });

  it('a split figure: each row names its part, the part asked for alone', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'tests_by_setting', part: 'arrest_house_arrestee' }));
    expect(e.rows.map((r) => [r.clientCode, r.part])).toEqual([['LIVY12010', 'arrest_house_arrestee'], [null, 'arrest_house_arrestee']]);
    expect(e.partLabel?.lt).toBe('Areštinėje: sulaikytieji');
    const other = count(explain(cab.vault.store, { ...P, key: 'other_commodities', part: 'water' }));
    expect(other.partLabel).toEqual({ lt: 'Injekcinis vanduo', en: 'Water for injection' });
    expect(other.total).toBe(2);
    expect(() => explain(cab.vault.store, { ...P, key: 'tests_by_setting', part: 'nowhere' })).toThrow(/no part nowhere/);
    expect(() => explain(cab.vault.store, { ...P, key: 'clients', part: 'male' })).toThrow(/no part male/);
  });

  it('new positive cases: a client whose first positive was before the period is not new; a positive without a code is', () => {
    const hcv = count(explain(cab.vault.store, { ...P, key: 'new_positive_cases', part: 'hcv' }));
    expect(hcv.total).toBe(0); // c3 was HCV positive in 2024; the RNA test confirms, it is no new case
    const hiv = count(explain(cab.vault.store, { ...P, key: 'new_positive_cases', part: 'hiv' }));
    expect(hiv.rows.map((r) => [r.clientCode, r.date])).toEqual([[null, '2025-02-04']]);
  });

  it('a ratio: no rows of its own, its numerator and denominator explained, the figure computed as the report does', () => {
    const e = explain(cab.vault.store, { ...P, key: 'syringe_return_rate' });
    if (e.kind !== 'derived') throw new Error('derived expected');
    expect(e.figure).toBe(14.8); // 8 / 54 × 100
    expect(e.total).toBeNull();
    expect(e.components.map((c) => [c.role, c.explanation.key, c.explanation.total])).toEqual([['numerator', 'syringes_collected', 8], ['denominator', 'syringes_distributed', 54]]);
    const perMonth = explain(cab.vault.store, { ...P, key: 'syringes_per_participant_month' });
    expect(perMonth.figure).toBe(6); // 54 / 3 / 3
    expect(perMonth.kind === 'derived' && perMonth.months).toBe(3);
    const short = explain(cab.vault.store, { from: '2025-01-06', to: '2025-02-01', key: 'reached_secondary_per_month' });
    expect(short.figure).toBeNull();
    expect(short.kind === 'derived' && short.emptyBecause?.en).toMatch(/shorter than 28 days/);
  });

  it('filters by site: only the records at the sites chosen; a first visit still at any site', () => {
    const b = count(explain(cab.vault.store, { ...P, siteIds: [cab.site.B], key: 'clients' }));
    expect(b.rows.map((r) => [r.clientCode, r.site])).toEqual([['ONJO11990', 'Filialas']]);
    expect(b.sites).toEqual(['Filialas']);
    expect(count(explain(cab.vault.store, { ...P, siteIds: [cab.site.B], key: 'new_clients' })).total).toBe(0);
  });

  it('a limit shows the first rows only, says how many are left off, and keeps the whole total', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'syringes_distributed', limit: 3 }));
    expect(e.rows.map((r) => r.date)).toEqual(['2025-01-06', '2025-01-15', '2025-01-31']);
    expect(e.rowsLeftOff).toBe(5);
    expect(e.total).toBe(54);
    expect(count(explain(cab.vault.store, { ...P, key: 'syringes_distributed' })).rowsLeftOff).toBe(0);
  });

  it('lists test results only in the rows of figures that count tests; a client, visit or supply list leaves them out', () => {
    // The figures that count tests, and only those, show a visit's HIV / HBV / HCV results.
    const countsTests = new Set<IndicatorKey>(['tests_by_type', 'persons_tested', 'pwid_tested', 'positive_results', 'new_positive_cases', 'tests_by_setting', 'hcv_cascade', 'hiv_cascade']);
    const resultLt = /(ŽIV|HBV|HCV) (neigiamas|teigiamas|neapibrėžtas|laukiama)/;
    const resultEn = /(HIV|HBV|HCV) (negative|positive|indeterminate|awaiting)/;
    const rowsOf = (e: Explanation): CountExplanation['rows'] => (e.kind === 'count' ? e.rows : e.components.flatMap((c) => c.explanation.rows));
    for (const language of ['lt', 'en'] as const) {
      const result = language === 'lt' ? resultLt : resultEn;
      for (const def of INDICATORS) {
        const rows = rowsOf(explain(cab.vault.store, { from: '2024-01-01', to: '2025-12-31', key: def.key, language }));
        const withResults = rows.filter((r) => result.test(r.what));
        if (countsTests.has(def.key)) {
          if (def.key !== 'pwid_tested') expect(withResults.length, `${def.key} (${language})`).toBeGreaterThan(0);
        } else {
          expect(withResults.map((r) => r.what), `${def.key} (${language})`).toEqual([]);
        }
      }
    }
    // c5's first visit of P is at the arrest house with an HIV test: its clients row says where, not the result.
    const c5 = count(explain(cab.vault.store, { ...P, key: 'clients' })).rows.find((r) => r.clientCode === 'LIVY12010');
    expect(c5?.what).toBe('Areštinė: Konsultavimas po tyrimo: 1');
    // The anonymous outreach contact with a positive rapid HIV test: a contact, its result only under the test figures.
    const contacts = count(explain(cab.vault.store, { ...P, key: 'anonymous_contacts' }));
    expect(contacts.rows.find((r) => r.date === '2025-02-04')?.what).toBe('Lauko darbas (anoniminiai asmenys: 1)');
    const positive = count(explain(cab.vault.store, { ...P, key: 'positive_results', part: 'hiv' }));
    expect(positive.rows.find((r) => r.date === '2025-02-04')?.what).toMatch(/ŽIV teigiamas/);
  });

  it('never shows a note (visits, overdose reports, care steps), nor a void reason', () => {
    for (const def of INDICATORS) {
      const e = explain(cab.vault.store, { from: '2024-01-01', to: '2025-12-31', key: def.key });
      const texts = JSON.stringify(e);
      expect(texts, def.key).not.toContain(SECRET);
      expect(texts, def.key).not.toMatch(/wrong client|entered twice|mistake/);
    }
  });
});

describe('a screen\'s list cut at a limit: the first rows of the whole list, the rest counted, the total still the whole figure', () => {
  /** The count explanations inside an explanation: itself, or a derived figure's numerator and denominator. */
  const counts = (e: Explanation): CountExplanation[] => (e.kind === 'count' ? [e] : e.components.map((x) => x.explanation));
  const scopes = [{ from: P.from, to: P.to }, { from: '2025-01-01', to: '2025-12-31' }];

  it.for(INDICATORS.map((d) => d.key))('%s, every part, limits 1 and 2', (key) => {
    const catalogue = loadCatalogue(cab.vault.store);
    for (const scope of scopes) {
      for (const part of [null, ...(partsOf(key, catalogue) ?? [])]) {
        const whole = explain(cab.vault.store, { ...scope, key, part });
        for (const limit of [1, 2]) {
          const cut = explain(cab.vault.store, { ...scope, key, part, limit });
          const at = `${key}.${part} ${scope.from}–${scope.to} limit ${limit}`;
          expect(cut.figure, `${at}: the figure`).toBe(whole.figure);
          const [w, c] = [counts(whole), counts(cut)];
          expect(c.length, at).toBe(w.length);
          w.forEach((all, i) => {
            expect(all.rowsLeftOff, `${at}: no limit, no row left off`).toBe(0);
            expect(sumOf(all), `${at}: the whole list adds up`).toBe(all.total);
            expect(c[i].total, `${at}: the total is the whole list's`).toBe(all.total);
            expect(c[i].rows, `${at}: the first rows of the whole list`).toEqual(all.rows.slice(0, limit));
            expect(c[i].rowsLeftOff, `${at}: the rows left off`).toBe(Math.max(0, all.rows.length - limit));
          });
        }
      }
    }
  });

  it('the long lists of the quarter are cut, their totals those written by hand', () => {
    // spec/indicators.md, cabinet.ts: 54 syringes on 8 lines in the quarter (the test of the limit above).
    const syringes = count(explain(cab.vault.store, { ...P, key: 'syringes_distributed', limit: 1 }));
    expect([syringes.rows.length, syringes.rowsLeftOff, syringes.total]).toEqual([1, 7, 54]);
    for (const key of ['visits', 'clients', 'nsp_participants', 'social_services_total', 'svc_nsp_exchange'] as const) {
      const whole = count(explain(cab.vault.store, { ...P, key }));
      const cut = count(explain(cab.vault.store, { ...P, key, limit: 1 }));
      expect(whole.rows.length, `${key}: a list longer than the limit`).toBeGreaterThan(1);
      expect([cut.rows.length, cut.rowsLeftOff, cut.total], key).toEqual([1, whole.rows.length - 1, whole.total]);
    }
  });
});

describe('the figures of issue 17, worked out by hand (cabinet.ts addFieldRecords)', () => {
  const total = (key: IndicatorKey, part?: string, siteIds: number[] = []) => count(explain(cab.vault.store, { ...P, siteIds, key, part })).total;
  const parts = (key: IndicatorKey) => Object.fromEntries((partsOf(key, loadCatalogue(cab.vault.store)) ?? []).map((p) => [p, total(key, p)]));

  it('naloxone: kits handed out, for peers included; people who received them, anonymous by their count', () => {
    expect(total('naloxone_kits_distributed')).toBe(5);
    expect(total('naloxone_recipients')).toBe(4);
    const e = count(explain(cab.vault.store, { ...P, key: 'naloxone_recipients' }));
    expect(e.rows.map((r) => [r.clientCode, r.count])).toEqual([['ONJO11990', 1], [null, 2], ['VIAN31985', 1]]);
  });

  it('referrals by outcome and the arrival rate', () => {
    expect(parts('referrals_by_outcome')).toEqual({ arrived: 1, not_arrived: 0, unknown: 1 });
    expect(explain(cab.vault.store, { ...P, key: 'referral_arrival_rate' }).figure).toBe(50);
  });

  it('clients in pharmacotherapy on the last day: the latest change that stands, a merged code\'s changes the survivor\'s', () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'clients_in_pharmacotherapy' }));
    expect(e.rows.map((r) => r.clientCode).sort()).toEqual(['ONJO11990', 'RAPE22006']);
    expect(total('clients_in_pharmacotherapy', undefined, [])).toBe(2);
    // On 14 March c4 was still in therapy (its "no" came on the 15th).
    expect(count(explain(cab.vault.store, { from: '2025-02-01', to: '2025-03-14', key: 'clients_in_pharmacotherapy' })).rows.map((r) => r.clientCode).sort())
      .toEqual(['DAKA11960', 'ONJO11990', 'RAPE22006']);
  });

  it('new clients by how they came', () => {
    expect(parts('new_clients_by_route')).toEqual({ self: 0, peer: 1, point: 1, outreach: 1, referral: 0, unknown: 0 });
    expect(total('new_clients_via_secondary')).toBe(2);
    const peer = count(explain(cab.vault.store, { ...P, key: 'new_clients_by_route', part: 'peer' }));
    expect(peer.rows[0]).toMatchObject({ clientCode: 'RAPE22006', date: '2025-01-30' });
    expect(peer.rows[0].what).toContain('ONJO11990');
  });

  it('overdose reports by outcome and by who gave naloxone; trainings in overdose response', () => {
    expect(parts('overdoses_reported')).toEqual({ survived: 1, died: 1, unknown: 1 });
    expect(parts('overdoses_naloxone_given')).toEqual({ peer: 1, staff: 0, ambulance: 0, other: 1 });
    expect(total('overdoses_reported', 'survived', [cab.site.A])).toBe(1);
    expect(total('overdoses_reported', 'died', [cab.site.A])).toBe(0); // the report without a site is at no site chosen
    expect(total('overdose_response_trained')).toBe(6);
  });

  it('care cascades: the steps reached on or before the last day, voided steps left out', () => {
    expect(parts('hcv_cascade')).toEqual({ antibody_positive: 1, rna_tested: 1, rna_positive: 1, linked_to_care: 1, treatment_started: 0, cured: 0 });
    expect(parts('hiv_cascade')).toEqual({ positive: 1, linked_to_care: 1, treatment_started: 1, virally_suppressed: 0 });
    const hiv = count(explain(cab.vault.store, { ...P, key: 'hiv_cascade', part: 'positive' }));
    expect(hiv.rows).toMatchObject([{ clientCode: 'ONJO11990', date: '2024-12-12' }]);
  });

  it('needles and syringes distributed (UNAIDS) and per PWID per year', () => {
    expect(total('needles_syringes_distributed')).toBe(60); // 54 syringes + 6 needles
    expect(explain(cab.vault.store, { ...P, key: 'needles_syringes_per_pwid_year' }).figure).toBe(2.4); // 60 / 100 × 12 / 3
  });
});

// The channel proposed for the report screen (not wired here: shared/api.ts is another engineer's
// file). Its schemas are written out so that the proposal is known to fit what explainFigure gives.
const label = z.object({ lt: z.string(), en: z.string() });
const explainRow = z.object({ clientCode: z.string().nullable(), date: z.string(), site: z.string().nullable(), part: z.string().nullable(), what: z.string(), count: z.number().int() });
const common = {
  key: z.enum(INDICATOR_KEYS), part: z.string().nullable(), label, partLabel: label.nullable(), partLabels: z.record(z.string(), label).nullable(),
  definition: label, rule: label.nullable(), from: z.string(), to: z.string(), sites: z.array(z.string()), language: z.enum(['lt', 'en']),
};
const countExplanation = z.object({ ...common, kind: z.literal('count'), figure: z.number(), unit: z.enum(UNITS), rows: z.array(explainRow), total: z.number(), rowsLeftOff: z.number().int() }).strict();
const explainOutput = z.discriminatedUnion('kind', [
  countExplanation,
  z.object({
    ...common, kind: z.literal('derived'), figure: z.number().nullable(), formula: label,
    components: z.array(z.object({ role: z.enum(['numerator', 'denominator']), explanation: countExplanation })),
    months: z.number().nullable(), pwidPopulationEstimate: z.number().nullable(), emptyBecause: label.nullable(), rows: z.array(explainRow).length(0), total: z.null(),
  }).strict(),
]);

describe('the proposed channel\'s output schema', () => {
  it('parses the explanation of every figure and part', () => {
    const catalogue = loadCatalogue(cab.vault.store);
    for (const def of INDICATORS) {
      for (const part of [null, ...(partsOf(def.key, catalogue) ?? [])]) {
        const e = explain(cab.vault.store, { ...P, key: def.key, part, limit: 2000 });
        expect(explainOutput.safeParse(e).success, `${def.key}.${part}`).toBe(true);
      }
    }
  });
});

describe('the workbook of an explanation', () => {
  async function read(buf: Buffer): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    return wb;
  }
  const values = (ws: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  };

  it('puts the definition on top and the rows under Lithuanian headers; the counts add up to the figure', async () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'syringes_distributed' }));
    const wb = await read(await explainToXlsx(e));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sąrašas']);
    const rows = values(wb.worksheets[0]);
    // The head: a label and its text (merged across the columns, so read the first two cells).
    expect(rows[0].slice(0, 2)).toEqual(['Rodiklis', 'Išdalytų švirkštų skaičius']);
    expect(rows[1].slice(0, 2)).toEqual(['Laikotarpis', '2025-01-01 – 2025-03-31']);
    expect(rows[3].slice(0, 2)).toEqual(['Apibrėžimas', expect.stringContaining('Išdalyti švirkštai')]);
    const header = rows.findIndex((r) => r[0] === 'Kliento kodas');
    expect(rows[header]).toEqual(['Kliento kodas', 'Data', 'Vieta', '', 'Kas skaičiuojama', 'Skaičius']);
    const body = rows.slice(header + 1, -1);
    expect(body).toHaveLength(8);
    expect(body.reduce((a, r) => a + Number(r[5]), 0)).toBe(54);
    expect(rows.at(-1)?.slice(4)).toEqual(['Iš viso sąraše', 54]);
    let headerRow = 0;
    wb.worksheets[0].eachRow((r, n) => {
      if (r.getCell(1).value === 'Kliento kodas') headerRow = n;
    });
    expect(wb.worksheets[0].pageSetup.printTitlesRow).toBe(`${headerRow}:${headerRow}`);
  });

  it('writes English on request, a split figure\'s parts by their labels, a derived figure\'s components on sheets of their own', async () => {
    const e = count(explain(cab.vault.store, { ...P, key: 'clients_by_sex', language: 'en' }));
    const rows = values((await read(await explainToXlsx(e, 'en'))).worksheets[0]);
    const header = rows.findIndex((r) => r[0] === 'Client code');
    expect(rows[header]).toEqual(['Client code', 'Date', 'Site', 'Part', 'What counts', 'Count']);
    expect(rows.slice(header + 1, -1).map((r) => r[3]).sort()).toEqual(['Female', 'Male', 'Male', 'Male', 'Other']);
    const rate = explain(cab.vault.store, { ...P, key: 'syringe_return_rate' });
    const wb = await read(await explainToXlsx(rate));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Paaiškinimas', 'Skaitiklis', 'Vardiklis']);
    const top = values(wb.worksheets[0]).map((r) => r.slice(0, 2));
    expect(top).toContainEqual(['Formulė', 'Surinkti švirkštai / išdalyti švirkštai × 100']);
    expect(top).toContainEqual(['Reikšmė', 14.8]);
    expect(values(wb.worksheets[2]).at(-1)?.slice(4)).toEqual(['Iš viso sąraše', 54]);
  });
});

describe('the Kaunas 2008 demo: every figure explained adds up to the report', () => {
  let vault: Vault;
  let report: ReturnType<typeof runReport>;
  const scope = { ...KAUNAS_PERIOD, siteIds: [] as number[] };

  beforeAll(async () => {
    const made = await createDatabase(join(dir, 'kaunas.db'), { userName: 'vadovas', displayName: 'Vadovas', password: 'correct horse 1' });
    vault = made.vault;
    generateKaunas(makeCtx(vault.store, { staffId: made.staff.id, userName: 'vadovas', role: 'manager' }, vault), 2008);
    report = runReport(vault.store, { ...scope, monthly: false });
  }, 180_000);
  afterAll(() => vault?.store.close());

  it.for(INDICATORS.map((d) => d.key))('%s', (key, { skip }) => {
    const value = report.indicators[key];
    if (value === undefined) skip(`${key}: the report does not count it yet`);
    expectExplained(vault.store, key, value, scope, report.indicators);
  });
});

describe('a list of fifty thousand rows (a year of a large cabinet): the whole list to XLSX', () => {
  let vault: Vault;
  const year = { from: `${LARGE_YEAR}-01-01`, to: `${LARGE_YEAR}-12-31` };

  beforeAll(async () => {
    const made = await createDatabase(join(dir, 'large.db'), { userName: 'vadovas', displayName: 'Vadovas', password: 'correct horse 1' });
    vault = made.vault;
    generateLarge(makeCtx(vault.store, { staffId: made.staff.id, userName: 'vadovas', role: 'manager' }, vault), { visits: 62_000, years: 1, seed: 3 });
  }, 180_000);
  afterAll(() => vault?.store.close());

  it('writes every visit-day of the year, the rows adding up to the report\'s figure, in seconds', async () => {
    const report = runReport(vault.store, { ...year, siteIds: [], monthly: false });
    const started = Date.now();
    const e = count(explain(vault.store, { ...year, key: 'visits' }));
    const bytes = await explainToXlsx(e);
    const took = Date.now() - started;
    expect(e.rows.length).toBeGreaterThanOrEqual(50_000);
    expect(e.total).toBe(report.indicators.visits);
    expect(e.rowsLeftOff).toBe(0);
    // Read back: one row per visit-day under the header, the counts adding up to the total row.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === 'Kliento kodas');
    const body = rows.slice(header + 1, -1);
    expect(body).toHaveLength(e.rows.length);
    expect(body.reduce((a, r) => a + Number(r[5]), 0)).toBe(report.indicators.visits);
    expect(rows.at(-1)?.slice(4)).toEqual(['Iš viso sąraše', report.indicators.visits]);
    // About 3 s here (1.3 s to list, 1.2 s to write); a tenfold margin for a slow machine.
    expect(took).toBeLessThan(30_000);
  }, 120_000);
});
