// The two project reports of spec/scenarios.md, end to end through the command line: `demo`
// builds the encrypted database, `report --format json` must give the scenario's table exactly,
// and the workbooks read back with exceljs hold the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { main } from '../../db/cli/main';
import type { Io } from '../../db/cli/io';
import { INDICATORS, indicatorByKey, regularRuleText } from '../../shared/indicators';
import { SCENARIO_STAFF, type Scenario } from '../../db/demo';

const PASSWORD = 'demo-password-42';

function captured(env: Record<string, string> = {}): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`),
    env: { SLENKSTIS_PASSWORD: PASSWORD, ...env },
    stdin: Readable.from([]) as unknown as Io['stdin'],
    stdout: () => out,
    stderr: () => err,
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captured();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

// spec/scenarios.md, transcribed: key (or key.part) → value.
const KAUNAS: Record<string, number> = {
  clients: 516, nsp_participants: 209, new_nsp_participants: 162, regular_clients: 172, secondary_exchange_peers: 9,
  clients_trained_secondary: 9, secondary_points_active: 11, reached_secondary_street: 91, reached_secondary_points: 195,
  reached_secondary_total: 286, reached_secondary_per_month: 23, svc_information: 94, svc_consultation: 559, svc_health_education: 275,
  svc_referral: 194, svc_nsp_exchange: 3501, social_services_total: 4623, 'tests_by_type.combined': 234, persons_tested: 207,
  pwid_tested: 163, 'positive_results.hiv': 12, 'positive_results.hbv': 6, 'positive_results.hcv': 112, 'new_positive_cases.hiv': 7,
  'new_positive_cases.hbv': 6, 'new_positive_cases.hcv': 54, gp_services: 2784, gp_clients: 681, syringes_distributed: 28190,
  needles_distributed: 14796, syringes_collected: 30697, needles_collected: 19948, condoms_distributed: 1600, alcohol_pads_distributed: 8570,
};
const KEDAINIAI: Record<string, number> = {
  regular_clients: 6, new_clients: 14, nsp_participants: 20, syringes_distributed: 461, syringes_per_participant: 23.1,
  'tests_by_type.rapid_hiv': 41, 'positive_results.hiv': 2, 'tests_by_setting.arrest_house_arrestee': 6, 'tests_by_setting.arrest_house_officer': 2,
  outreach_workers: 2, outreach_places: 7, secondary_exchange_peers: 2, meeting_participants: 30,
};

type Indicators = Record<string, number | Record<string, number> | null>;
const valueAt = (ind: Indicators, path: string): number | null => {
  const [key, part] = path.split('.');
  const v = ind[key];
  if (part === undefined) return typeof v === 'number' ? v : null;
  return v !== null && typeof v === 'object' ? v[part] : null;
};

/** Rows of a sheet as arrays of cell values (1-based columns as exceljs gives them). */
async function sheetRows(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push(row.values as unknown[]));
  return rows;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-scenarios-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  { scenario: 'kaunas-2008', from: '2008-11-01', to: '2009-10-31', months: 12, table: KAUNAS },
  { scenario: 'kedainiai-2011', from: '2011-03-15', to: '2011-06-15', months: 3.1, table: KEDAINIAI },
])('scenario $scenario', ({ scenario, from, to, months, table }) => {
  let db: string;
  let report: { period: { from: string; to: string; months: number }; sites: string[]; rules: Record<string, unknown>; indicators: Indicators };

  beforeAll(async () => {
    db = join(dir, `${scenario}.db`);
    const made = await cli(['demo', '--scenario', scenario, '--db', db]);
    expect(made.err).not.toMatch(/Unexpected/);
    expect(made.code).toBe(0);
    // spec/cli.md's {"db", "user", "password"}, and every role's login (SLENKSTIS_PASSWORD for each).
    const staff = SCENARIO_STAFF[scenario as Scenario].map((p) => ({ user: p.userName, role: p.role, password: PASSWORD }));
    expect(JSON.parse(made.out)).toEqual({ db, user: 'vadovas', password: PASSWORD, logins: [{ user: 'vadovas', role: 'manager', password: PASSWORD }, ...staff] });
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', from, '--to', to]);
    expect(r.code).toBe(0);
    report = JSON.parse(r.out);
  }, 120_000);

  it('answers the JSON of cli.md: period, sites, rules and every indicator', () => {
    expect(Object.keys(report)).toEqual(['period', 'sites', 'rules', 'indicators']);
    expect(report.period).toEqual({ from, to, months });
    expect(report.sites).toEqual([]);
    expect(report.rules.regular_min_visit_days).toBe(3);
    expect(Object.keys(report.indicators).sort()).toEqual(INDICATORS.map((d) => d.key).sort());
  });

  it('gives the table of scenarios.md exactly', () => {
    const got = Object.fromEntries(Object.keys(table).map((k) => [k, valueAt(report.indicators, k)]));
    expect(got).toEqual(table);
  });

  it('writes a full workbook whose every figure is the JSON figure', async () => {
    const file = join(dir, `${scenario}-full.xlsx`);
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', from, '--to', to, '--format', 'xlsx', '--template', 'full', '--out', file]);
    expect(r.code).toBe(0);
    // One language (Lithuanian by default); the months and the sites in sheets of a printed page each (issue 18).
    const sheets: string[] = JSON.parse(r.out).sheets;
    expect(sheets[0]).toBe('Rodikliai');
    expect(sheets.at(-1)).toBe('Apibrėžimai');
    expect(sheets.some((s) => s.startsWith('Mėnesiai'))).toBe(true);
    expect(sheets.some((s) => s.startsWith('Pagal vietas'))).toBe(true);
    const rows = await sheetRows(file, 'Rodikliai');
    expect(rows[0].slice(1, 4)).toEqual(['Raktas', 'Rodiklis', 'Visas laikotarpis']);
    const byKey = new Map(rows.slice(1).map((row) => [String(row[1]), row[3]]));
    let checked = 0;
    for (const def of INDICATORS) {
      const v = report.indicators[def.key];
      if (v !== null && typeof v === 'object') {
        for (const [part, n] of Object.entries(v)) {
          expect(byKey.get(`${def.key}.${part}`), `${def.key}.${part}`).toBe(n);
          checked++;
        }
      } else {
        expect(byKey.get(def.key), def.key).toBe(v === null ? '–' : v);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(INDICATORS.length);
    for (const key of Object.keys(table)) expect(byKey.get(key), key).toBe(table[key]);
  }, 60_000);

  it('writes a donor workbook with the project header and the main indicators', async () => {
    const file = join(dir, `${scenario}-donor.xlsx`);
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', from, '--to', to, '--format', 'xlsx', '--template', 'donor', '--out', file]);
    expect(r.code).toBe(0);
    const rows = await sheetRows(file, 'Ataskaita');
    expect(rows[2][1]).toBe('Rėmėjas: UNODC');
    // Lithuanian only: the label in column 2, the value in 3.
    const lt = (key: string) => indicatorByKey.get(key)?.label.lt ?? key;
    const byLabel = new Map(rows.filter((row) => typeof row[2] === 'string').map((row) => [row[2] as string, row[3]]));
    expect(byLabel.get(lt('syringes_distributed'))).toBe(table.syringes_distributed);
    expect(byLabel.get(lt('nsp_participants'))).toBe(report.indicators.nsp_participants);
    expect(byLabel.get(lt('regular_clients'))).toBe(table.regular_clients);
    const defs = await sheetRows(file, 'Apibrėžimai');
    expect(defs.some((row) => row[1] === 'regular_clients')).toBe(true);
    expect(defs.some((row) => String(row[2] ?? '') === regularRuleText(3, 'lt'))).toBe(true);
  }, 60_000);
});

describe('report command errors', () => {
  let db: string;
  beforeAll(async () => {
    db = join(dir, 'errors.db');
    expect((await cli(['demo', '--scenario', 'kedainiai-2011', '--db', db, '--seed', '5'])).code).toBe(0);
  }, 60_000);

  it('refuses an unknown site with one sentence and exit 1', async () => {
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--site', 'Nėra tokios']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no site named "Nėra tokios"/);
    expect(r.out).toBe('');
  });

  it('writes the workbook in English with --language en, and refuses another language or --language without xlsx', async () => {
    const file = join(dir, 'errors-en.xlsx');
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--format', 'xlsx', '--template', 'donor', '--language', 'en', '--out', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).sheets).toEqual(['Report', 'By month', 'Definitions']);
    const bad = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--format', 'xlsx', '--language', 'de', '--out', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--language must be lt or en.');
    const json = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--language', 'en']);
    expect(json.code).toBe(2);
    expect(json.err).toContain('--language applies to --format xlsx.');
  });

  it('filters by site names, and the demo never overwrites a file', async () => {
    const r = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--site', 'Kėdainių policijos areštinė']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.sites).toEqual(['Kėdainių policijos areštinė']);
    expect(body.indicators.tests_by_setting).toEqual({ cabinet: 0, outreach: 0, arrest_house_arrestee: 6, arrest_house_officer: 2, other: 0 });
    expect(body.indicators.persons_tested).toBe(8);
    const again = await cli(['demo', '--scenario', 'kedainiai-2011', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/never overwrites/);
  });

  it('rejects bad usage with exit 2 and bad dates with exit 1', async () => {
    expect((await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15'])).code).toBe(2);
    expect((await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-03-15', '--to', '2011-06-15', '--format', 'xlsx'])).code).toBe(2);
    const bad = await cli(['report', '--db', db, '--user', 'vadovas', '--from', '2011-06-15', '--to', '2011-03-15']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/start must not be after the end/);
  });
});
