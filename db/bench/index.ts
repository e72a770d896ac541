// `slenkstis bench`: ten years of a large cabinet in a temporary encrypted database, and the
// figures issue 8 asks for, measured through the same services the app calls.
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Core } from '../core';
import { cacheMiBFor, openSqlite, setCacheMiB } from '../open';
import { migrate } from '../migrator';
import { z } from 'zod';
import { query, Store } from '../store';
import { makeCtx } from '../services/context';
import { DEMO_USER, finishLoad } from '../demo';
import { createDatabase } from '../vault';
import { largeSteps } from '../demo/large';
import { runReport } from '../reports';
import { useMemoryTemp } from '../reports/facts';
import { exportRegister } from '../register/export';
import { importRegisterFiles } from '../register/service';
import { createVisit } from '../services/visits';
import { clientCard, searchClients } from '../services/clients';
import { clientSearchInput, visitInput } from '../../shared/schemas';
import { headlineFloor, headlineScreenFloor, rawInsertRegister, xlsxWriterFloor, type Headline } from './floors';
import type { Indicators } from '../../shared/indicators';
import { lcg, mustOk, percentile, round, timeMs, timeMsAsync } from './stats';
import { spendDerivation } from '../keyring';
import { bundleForNode, bundleWorkerFiles, repoRoot } from '../worker/worker-files';

export interface BenchOptions {
  visits: number;
  /**
   * Calendar years of history. Default: one per 100,000 visits (ten at a million, as before), so that
   * runs at several sizes are the same cabinet with a longer history, which is what report_month_growth is about.
   */
  years?: number;
  seed?: number;
  /** Keep the temporary folder (for looking at the files afterwards). */
  keep?: boolean;
  log?: (line: string) => void;
  /** Rows of the register file checked for register_1m_check_s (default 1,000,000). */
  registerRows?: number;
  /**
   * Only what grows with the history (reports, card, search, save), for the figures of growth of a
   * run at several sizes: no unencrypted copy, workbook, worker, register, import or export.
   */
  light?: boolean;
  /**
   * A smaller size's database (kept by its light run): its one-month report is run in turn with this
   * one's, in this process at the same moments, so that report_month_growth compares the two
   * histories under the same conditions (runs minutes apart on a shared machine differ by more).
   */
  interleaveWith?: string;
  /** Called with the database's path before the temporary folder is removed (a light run kept for interleaveWith). */
  onDatabase?: (path: string, dir: string) => void;
}

const PASSWORD = 'bench-password-1';
/** The floor's register rows are drawn from here on (the import's from 0): other codes, spread alike. */
const FLOOR_OFFSET = 1_000_000;

const CLIENT_COUNT = query<{ n: number }, []>('SELECT count(*) AS n FROM clients', z.object({ n: z.number() }));
const LAST_DATE = query<{ d: string }, []>('SELECT max(date) AS d FROM visits', z.object({ d: z.string() }));
const BUSIEST_SITE = query<{ id: number; n: number }, [string, string]>(
  `SELECT site_id AS id, count(*) AS n FROM visits WHERE date BETWEEN ? AND ? AND site_id IS NOT NULL GROUP BY site_id ORDER BY n DESC LIMIT 1`,
  z.object({ id: z.number(), n: z.number() }),
);
const CODES = query<{ code: string }, []>('SELECT code FROM clients', z.object({ code: z.string() }));
const CLIENT_IDS = query<{ id: number }, []>('SELECT id FROM clients', z.object({ id: z.number() }));
/** One row per visit of a client: a client drawn from it is drawn in proportion to their visits, as the desk opens them. */
const VISIT_CLIENTS = query<{ id: number }, []>('SELECT client_id AS id FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL', z.object({ id: z.number() }));
const STAFF_ID = query<{ id: number }, [string]>('SELECT id FROM staff WHERE user_name = ?', z.object({ id: z.number() }));
/** What xlsx-child.ts prints. */
const XLSX_FIGURES = z.object({ ms: z.number(), max_rss_mb: z.number() });
/** What register-child.ts prints. */
const REGISTER_FIGURES = z.object({ ms: z.number(), max_rss_mb: z.number(), idle_rss_mb: z.number(), errors: z.number(), error_columns: z.array(z.string()) });
/** What host-child.ts prints: each phase through the core's worker. */
const PHASE = z.object({ ms: z.number(), loop_max_ms: z.number() });
const HOST_FIGURES = z.object({
  first_login: PHASE, daily_backup_after_login: PHASE, report_year_monthly: PHASE, workbook_full_year: PHASE, register_check_50k: PHASE, backup_now: PHASE,
});

/**
 * A register file of n visit rows (register-format.md), written in blocks. `codeMark` ends every
 * code: other clients whose codes sort among the unmarked ones (the floor's, beside the import's).
 */
export function writeRegister(path: string, n: number, lastDate: string, codeMark = '', offset = 0): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'date,client_code,sex,birth_year,site,syringes_out,syringes_in,needles_out,alcohol_pads,condoms,consultation\n');
    const year = Number(lastDate.slice(0, 4));
    let block: string[] = [];
    for (let k = 0; k < n; k++) {
      // `offset` draws other codes (a file of new clients again), the rows otherwise alike.
      const i = k + offset;
      const day = `${year - 1 - (i % 9)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const by = 1960 + (i % 40);
      const letters = String.fromCharCode(65 + (i % 26), 65 + ((i >> 5) % 26), 65 + ((i >> 10) % 26), 65 + ((i >> 15) % 26));
      block.push(`${day},${letters}${1 + (i % 2)}${by}${codeMark},${i % 2 ? 'female' : 'male'},${by},Registras,${1 + (i % 9)},${i % 7},${i % 3},${i % 5},${i % 4},${i % 2}`);
      if (block.length === 10_000) {
        writeSync(fd, `${block.join('\n')}\n`);
        block = [];
      }
    }
    if (block.length) writeSync(fd, `${block.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

/** A core on `path`, logged in as the bench's manager. */
async function loggedIn(path: string, what: string): Promise<Core> {
  const core = new Core(path);
  mustOk(await core.call('session.login', { userName: DEMO_USER, password: PASSWORD }), what);
  return core;
}

function must<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`The bench database has no ${what}.`);
  return row;
}

function plainCopy(dir: string) {
  const path = join(dir, 'plain.db');
  const sqlite = openSqlite(path, { dataKey: null, create: true });
  return { path, sqlite };
}

export async function runBench(opts: BenchOptions) {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? 1;
  const years = opts.years ?? Math.max(1, Math.round(opts.visits / 100_000));
  const dir = mkdtempSync(join(tmpdir(), 'slenkstis-bench-'));
  const dbPath = join(dir, 'bench.db');
  try {
    // ---- build: the encrypted file as `slenkstis demo --scenario large` builds it, and (unless light)
    // the same data unencrypted, its facts counted and its cache sized as the app's file ----
    // The two builds go a step each in turn (the generator's setup, each transaction of visits, the
    // field records, then the facts and the checkpoint as the demo ends them: finishLoad), which
    // goes first turning, each timed over its own steps: run one after the other, three minutes each at 3M visits, the machine's speed drifting between them
    // was in their ratio (1.26-1.52x in four runs of the same code). Both are timed over the same
    // work: the schema, the records, the facts counted, the log checkpointed; only the key
    // derivation (about 0.7 s) and the keyring are the encrypted build's alone.
    log(`building ${opts.visits} visits (encrypted${opts.light ? '' : ', and unencrypted in turn'})…`);
    const large = { visits: opts.visits, years, seed };
    let started = performance.now();
    const made = await createDatabase(dbPath, { userName: DEMO_USER, displayName: 'Demo vadovas', password: PASSWORD });
    const encSetupMs = performance.now() - started;
    const builtStore = made.vault.store;
    const encBuildCtx = makeCtx(builtStore, { staffId: made.staff.id, userName: made.staff.user_name, role: 'manager' }, made.vault);
    const builds: Array<{ steps: Generator<unknown, unknown, void>; ms: number; done: boolean }> = [
      { steps: (function* () { yield* largeSteps(encBuildCtx, large); finishLoad(builtStore); })(), ms: encSetupMs, done: false },
    ];
    let plainBuild: { store: Store; ctx: ReturnType<typeof makeCtx>; ms: number } | null = null;
    if (!opts.light) {
      started = performance.now();
      const plain = plainCopy(dir);
      await migrate(plain.sqlite);
      const plainStore = new Store(plain.sqlite, plain.path);
      const staffId = Number(plain.sqlite.prepare(`INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, 'Bench', 'manager', 1, ?)`).run(DEMO_USER, new Date().toISOString()).lastInsertRowid);
      const plainCtx = makeCtx(plainStore, { staffId, userName: DEMO_USER, role: 'manager' });
      builds.push({ steps: (function* () { yield* largeSteps(plainCtx, large); finishLoad(plainStore); })(), ms: performance.now() - started, done: false });
      plainBuild = { store: plainStore, ctx: plainCtx, ms: 0 };
    }
    for (let turn = 0; builds.some((b) => !b.done); turn++) {
      for (const b of turn % 2 ? [...builds].reverse() : builds) {
        if (b.done) continue;
        const t = performance.now();
        b.done = b.steps.next().done === true;
        b.ms += performance.now() - t;
      }
    }
    started = performance.now();
    builtStore.close();
    const insertEncMs = builds[0].ms + (performance.now() - started);
    if (plainBuild) {
      plainBuild.ms = builds[1].ms;
      setCacheMiB(plainBuild.store.sqlite, cacheMiBFor(plainBuild.store.path));
    }

    const core = await loggedIn(dbPath, 'login');
    const store = core.currentVault!.store;
    const sqlite = store.sqlite;
    const nClients = must(store.row(CLIENT_COUNT), 'client count').n;
    const lastDate = must(store.row(LAST_DATE), 'visits').d;
    const year = lastDate.slice(0, 4);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const siteId = must(store.row(BUSIEST_SITE, from, to), `visits at a site in ${year}`).id;
    const codes = store.rows(CODES).map((r) => r.code);
    const clientIds = store.rows(CLIENT_IDS).map((r) => r.id);
    const rnd = lcg(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

    // ---- client search: 2- and 3-character prefixes and substrings ----
    log('client search…');
    const search: Record<string, number[]> = { prefix2: [], prefix3: [], substring2: [], substring3: [] };
    for (let i = 0; i < 200; i++) {
      const code = pick(codes);
      const probes: Array<[string, string]> = [['prefix2', code.slice(0, 2)], ['prefix3', code.slice(0, 3)], ['substring2', code.slice(2, 4)], ['substring3', code.slice(1, 4)]];
      for (const [kind, q] of probes) search[kind].push(await timeMsAsync(() => core.call('clients.search', { query: q, limit: 10 })));
    }
    const allSearch = Object.values(search).flat();

    // ---- client card: clients drawn uniformly (client_card_ms), and in proportion to their visits ----
    log('client card…');
    const card: number[] = [];
    for (let i = 0; i < 500; i++) {
      const id = pick(clientIds);
      card.push(await timeMsAsync(() => core.call('clients.card', { id })));
    }
    const visitClients = store.rows(VISIT_CLIENTS).map((r) => r.id);
    const cardWeighted: number[] = [];
    for (let i = 0; i < 500; i++) {
      const id = pick(visitClients);
      cardWeighted.push(await timeMsAsync(() => core.call('clients.card', { id })));
    }

    // ---- the report screen as the UI calls it (reports.run, monthly), warm, then right after a save ----
    log('report screen…');
    const year12 = { from, to, siteIds: [], monthly: true };
    const screenCall = async () => mustOk(await core.call('reports.run', year12), 'report screen');
    await screenCall();
    const screenWarm: number[] = [];
    for (let i = 0; i < 7; i++) screenWarm.push(await timeMsAsync(screenCall));
    const saveOne = async (clientId: number) => mustOk(await core.call('visits.create', {
      date: lastDate, clientId, siteId,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'in', quantity: 8 }, { itemKey: 'alcohol_pad', direction: 'out', quantity: 10 }],
      services: [{ type: 'consultation', units: 1 }],
    }), 'visit save');
    const screenAfterSave: number[] = [];
    for (let i = 0; i < 7; i++) {
      await saveOne(pick(visitClients));
      screenAfterSave.push(await timeMsAsync(screenCall));
    }

    // ---- visit save, audit included; the first report after 1,000 of them, three times ----
    // That report recounts the facts the 1,000 saves marked. One such report is one sample on a
    // machine whose report times spread by a third from call to call: the median of three rounds,
    // each against the warm report of its own moment.
    log('visit save…');
    const save: number[] = [];
    const after1000: number[] = [];
    const after1000Ratio: number[] = [];
    const after1000Warm: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1000; i++) {
        const clientId = pick(clientIds);
        save.push(await timeMsAsync(() => saveOne(clientId)));
      }
      const ms = await timeMsAsync(screenCall);
      const warmNow: number[] = [];
      for (let i = 0; i < 5; i++) warmNow.push(await timeMsAsync(screenCall));
      after1000.push(ms);
      after1000Warm.push(percentile(warmNow, 50));
      after1000Ratio.push(ms / percentile(warmNow, 50));
    }
    const screenAfter1000 = percentile(after1000, 50);

    // ---- reports and their floors, interleaved so that each ratio is of the same moments ----
    log('reports and their floors…');
    const month = `${year}-06`;
    const monthPeriod = { from: `${month}-01`, to: `${month}-30`, siteIds: [] as number[], monthly: false };
    const reportAll: number[] = [];
    const reportSite: number[] = [];
    const reportScreen: number[] = [];
    const reportScreenDirect: number[] = [];
    const reportMonth: number[] = [];
    // The month's clients: the generator keeps as many people in a month whatever the length of the
    // history (db/demo/large.ts), and a report counts people (report_month_growth_per_client).
    let monthClients = 0;
    const baseline: number[] = [];
    const floor: number[] = [];
    const screenFloor: number[] = [];
    const reportPlain: number[] = [];
    const baselineSql = `SELECT sum(s.quantity) AS q, count(*) AS n FROM visits v JOIN supply_lines s ON s.visit_id = v.id WHERE v.date BETWEEN ? AND ? AND v.voided_at IS NULL`;
    let headline: Headline | null = null;
    let yearly: Indicators | null = null;
    for (let i = 0; i < 7; i++) {
      baseline.push(timeMs(() => sqlite.prepare(baselineSql).get(from, to)));
      floor.push(timeMs(() => { headline = headlineFloor(sqlite, from, to); }));
      screenFloor.push(timeMs(() => headlineScreenFloor(sqlite, from, to)));
      reportAll.push(timeMs(() => { yearly = runReport(store, { from, to, siteIds: [], monthly: false }).indicators; }));
      reportScreenDirect.push(timeMs(() => runReport(store, year12)));
      reportScreen.push(await timeMsAsync(screenCall));
      reportSite.push(timeMs(() => runReport(store, { from, to, siteIds: [siteId], monthly: false })));
      if (plainBuild) { const ps = plainBuild.store; reportPlain.push(timeMs(() => runReport(ps, { from, to, siteIds: [], monthly: false }))); }
    }
    // The one-month report on its own, back to back, the same at every size (not among the year
    // reports and the unencrypted copy's, which a light run has not): report_month_growth compares
    // like with like.
    runReport(store, monthPeriod);
    for (let i = 0; i < 15; i++) {
      reportMonth.push(timeMs(() => { const n = runReport(store, monthPeriod).indicators.clients; monthClients = typeof n === 'number' ? n : 0; }));
    }
    // The same month of a smaller size's database, in turn with this one's (interleaveWith).
    let interleaved: { larger_ms: number; smaller_ms: number; smaller_clients: number } | null = null;
    if (opts.interleaveWith) {
      // Both files opened afresh for this, as the app opens them, in this process: the same state
      // but for the length of the history (the bench's own connection has served every measure
      // above, and its cache holds their pages). The month's facts are already counted.
      const other = await loggedIn(opts.interleaveWith, 'login to the smaller database');
      const otherStore = other.currentVault!.store;
      const fresh = await loggedIn(dbPath, 'login to the larger database');
      const largerStore = fresh.currentVault!.store;
      runReport(largerStore, monthPeriod);
      const mine: number[] = [];
      const theirs: number[] = [];
      let theirClients = 0;
      runReport(otherStore, monthPeriod);
      for (let i = 0; i < 21; i++) {
        const pair: Array<[Store, number[]]> = i % 2 ? [[largerStore, mine], [otherStore, theirs]] : [[otherStore, theirs], [largerStore, mine]];
        for (const [st, into] of pair) {
          into.push(timeMs(() => {
            const n = runReport(st, monthPeriod).indicators.clients;
            if (st === otherStore) theirClients = typeof n === 'number' ? n : 0;
          }));
        }
      }
      other.close();
      fresh.close();
      interleaved = { larger_ms: round(percentile(mine, 50), 1), smaller_ms: round(percentile(theirs, 50), 1), smaller_clients: theirClients };
    }
    // The yearly report on the encrypted file and on the unencrypted copy, each on a connection opened
    // afresh that then does the same work, unmeasured (cards of the same clients, the same searches,
    // the floors' scans of the year, a report screen), and then in turn (encryption_overhead.report).
    // The connections above have each served different work, and their caches hold different pages
    // (after_measures gives that comparison too). The encrypted file has the 3,000 saves above; the copy not.
    const reportEncFresh: number[] = [];
    const reportPlainFresh: number[] = [];
    if (plainBuild) {
      const encFresh = await loggedIn(dbPath, 'login');
      const es = encFresh.currentVault!.store;
      const ps = new Store(openSqlite(plainBuild.store.path, { dataKey: null }), plainBuild.store.path);
      useMemoryTemp(ps);
      const actor = { staffId: must(es.row(STAFF_ID, DEMO_USER), 'manager').id, userName: DEMO_USER, role: 'manager' as const };
      const work = { cards: Array.from({ length: 1000 }, (_, i) => pick(i % 2 ? visitClients : clientIds)), searches: Array.from({ length: 400 }, () => pick(codes).slice(0, 3)) };
      for (const st of [es, ps]) {
        const ctx = makeCtx(st, actor);
        for (const id of work.cards) clientCard(ctx, id);
        for (const q of work.searches) searchClients(ctx, clientSearchInput.parse({ query: q }));
        st.sqlite.prepare(baselineSql).get(from, to);
        headlineFloor(st.sqlite, from, to);
        runReport(st, year12);
      }
      const year = { from, to, siteIds: [] as number[], monthly: false };
      runReport(es, year);
      runReport(ps, year);
      for (let i = 0; i < 15; i++) {
        for (const [st, into] of i % 2 ? [[es, reportEncFresh], [ps, reportPlainFresh]] as const : [[ps, reportPlainFresh], [es, reportEncFresh]] as const) {
          into.push(timeMs(() => runReport(st, year)));
        }
      }
      ps.close();
      encFresh.close();
    }

    // The floor computes the same headline figures as the report, or it is no floor.
    const floorMatches = headline !== null && yearly !== null
      && (['clients', 'visits', 'nsp_participants', 'syringes_distributed'] as const).every((k) => headline?.[k] === yearly?.[k]);

    // ---- save, search and card on the encrypted file and the unencrypted copy, alternately ----
    const encrypted: Record<'save' | 'search' | 'card', number[]> = { save: [], search: [], card: [] };
    const unencrypted: Record<'save' | 'search' | 'card', number[]> = { save: [], search: [], card: [] };
    if (plainBuild) {
      log('encrypted and unencrypted, side by side…');
      const encCtx = makeCtx(store, { staffId: must(store.row(STAFF_ID, DEMO_USER), 'manager').id, userName: DEMO_USER, role: 'manager' });
      const pairs: Array<[ReturnType<typeof makeCtx>, typeof encrypted]> = [[encCtx, encrypted], [plainBuild.ctx, unencrypted]];
      // The copy is given the reads the encrypted file has served above (cards and searches), unmeasured.
      for (let i = 0; i < 1000; i++) clientCard(plainBuild.ctx, pick(i % 2 ? visitClients : clientIds));
      for (let i = 0; i < 800; i++) searchClients(plainBuild.ctx, clientSearchInput.parse({ query: pick(codes).slice(i % 4, 3 + (i % 2)) }));
      // Two passes, the first not counted: both files' caches warm alike (the encrypted one has served
      // the measures above; the copy has not, and a cold cache is not what either costs at the desk).
      for (let i = 0; i < 600; i++) {
        const id = pick(visitClients);
        const q = clientSearchInput.parse({ query: pick(codes).slice(0, 3) });
        const v = visitInput.parse({ date: lastDate, clientId: pick(visitClients), siteId, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }], services: [{ type: 'consultation', units: 1 }] });
        for (const [ctx, into] of i % 2 ? pairs : [...pairs].reverse()) {
          const card = timeMs(() => clientCard(ctx, id));
          const search = timeMs(() => searchClients(ctx, q));
          const save = timeMs(() => createVisit(ctx, v));
          if (i < 300) continue;
          into.card.push(card);
          into.search.push(search);
          into.save.push(save);
        }
      }
    }

    const med = (xs: number[]) => percentile(xs, 50);
    const growing = {
      visits: opts.visits,
      years,
      report_month_ms: round(med(reportMonth), 1),
      report_month_clients: monthClients,
      report_month_interleaved: interleaved,
      report_screen_ms: round(med(reportScreen), 1),
      report_year_ms: round(med(reportAll), 1),
      client_card_weighted_ms: { p50: percentile(cardWeighted, 50), p95: percentile(cardWeighted, 95) },
      // The ratios of the same run, so that a light run (--visits at several sizes) shows them for each size too.
      report_screen_vs_yearly: round(med(reportScreenDirect) / med(reportAll), 2),
      report_after_save_ratio: round(med(screenAfterSave) / med(screenWarm), 2),
      report_after_1000_saves_ratio: round(med(after1000Ratio), 2),
      visit_save_ms: { p50: percentile(save, 50), p95: percentile(save, 95) },
      client_search_ms: { p50: percentile(allSearch, 50), p95: percentile(allSearch, 95) },
    };
    if (opts.light || !plainBuild) {
      core.close();
      return { growing };
    }
    const plainStore = plainBuild.store;
    const insertPlainMs = plainBuild.ms;

    // ---- a full year to XLSX, in its own process for its peak memory ----
    log('full-year workbook…');
    core.close();
    // The children run bundled, as the app's worker runs the core (tsx's loader is not in the figures).
    const root = repoRoot(fileURLToPath(import.meta.url));
    const childDir = join(root, 'node_modules', '.cache', 'slenkstis-bench', String(process.pid));
    await bundleForNode(root, { 'xlsx-child': 'db/bench/xlsx-child.ts', 'register-child': 'db/bench/register-child.ts', 'host-child': 'db/bench/host-child.ts' }, childDir);
    const child = spawnSync(process.execPath, [join(childDir, 'xlsx-child.mjs'), dbPath, DEMO_USER, from, to, join(dir, 'full.xlsx')], {
      env: { ...process.env, SLENKSTIS_PASSWORD: PASSWORD },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`the workbook export failed: ${child.stderr.split('\n')[0]}`);
    const xlsx = XLSX_FIGURES.parse(JSON.parse(child.stdout));

    // ---- through the core's worker, as the app runs it: the main thread's event loop meanwhile ----
    log('the core in its worker: first login of the day, report, workbook, register check, backup…');
    const files = await bundleWorkerFiles(root);
    const kdf: number[] = [];
    for (let i = 0; i < 3; i++) kdf.push(timeMs(() => spendDerivation(PASSWORD)));
    const checkFile = join(dir, 'check.csv');
    writeRegister(checkFile, 50_000, lastDate);
    const hostRun = spawnSync(process.execPath, [join(childDir, 'host-child.mjs'), dbPath, DEMO_USER, from, to, checkFile, join(dir, 'bench-backup.db'), JSON.stringify(files)], {
      env: { ...process.env, SLENKSTIS_PASSWORD: PASSWORD },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (hostRun.status !== 0) throw new Error(`the run through the worker failed: ${hostRun.stderr.split('\n').slice(0, 3).join(' ')}`);
    // Each phase: its time, and the longest the main thread's event loop was blocked meanwhile.
    const phases = HOST_FIGURES.parse(JSON.parse(hostRun.stdout));
    const firstLoginMs = phases.first_login.ms;
    const dailyTaken = readdirSync(join(dir, 'backups')).some((f) => f.endsWith('.db'));

    // ---- a register of many rows checked in its own process, for its time and peak memory ----
    const registerRows = opts.registerRows ?? 1_000_000;
    log(`checking a register of ${registerRows} rows…`);
    const bigFile = join(dir, 'register.csv');
    writeRegister(bigFile, registerRows, lastDate);
    const check = spawnSync(process.execPath, [join(childDir, 'register-child.mjs'), dbPath, DEMO_USER, bigFile], {
      env: { ...process.env, SLENKSTIS_PASSWORD: PASSWORD },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (check.status !== 0) throw new Error(`the register check failed: ${check.stderr.split('\n').slice(0, 3).join(' ')}`);
    const registerCheck = REGISTER_FIGURES.parse(JSON.parse(check.stdout));

    // ---- register export (XLSX, a year) and import (50,000 rows) against their floors and unencrypted ----
    log('register export and import against their floors…');
    const again = await loggedIn(dbPath, 'login');
    const encStore = again.currentVault!.store;
    const exportCall: number[] = [];
    const exportEnc: number[] = [];
    const exportPlain: number[] = [];
    const writerFloor: number[] = [];
    for (let i = 0; i < 3; i++) {
      exportCall.push(await timeMsAsync(async () => mustOk(await again.call('register.export', { format: 'xlsx', from, to }), 'export')));
      writerFloor.push(await timeMsAsync(() => xlsxWriterFloor(encStore, from, to)));
      exportEnc.push(await timeMsAsync(() => exportRegister(encStore, 'xlsx', { from, to })));
      exportPlain.push(await timeMsAsync(() => exportRegister(plainStore, 'xlsx', { from, to })));
    }
    again.close();
    // Five rounds (one round's ratio swings by a tenth either way), each a new file of 50,000 rows of
    // new clients: imported (encrypted and unencrypted) and written by the floor, which writes the
    // same rows for clients of its own, so that both create as many clients as they write visits
    // into the same database. The floor's codes end in a mark, so that they sort among the import's
    // and both look theirs up all over the code index (a mark in front put all of the floor's in one
    // corner of it, 1/26 of its pages, which its first look-ups read for the rest). They are drawn
    // from other rows than the import's (FLOOR_OFFSET), so that they do not sort right after the
    // import's own codes and split the index pages the import has just filled. Each is timed on a connection opened just before it (as after a
    // login: the same cold cache for all three, whichever went before); which goes first turns from
    // round to round. The ratios are each round's, their median given.
    const onFreshConnection = async (fn: (c: Core) => Promise<unknown> | unknown): Promise<number> => {
      const c = await loggedIn(dbPath, 'login');
      try {
        return await timeMsAsync(async () => void (await fn(c)));
      } finally {
        c.close();
      }
    };
    const plainPath = plainStore.path;
    const plainActor = { staffId: must(plainStore.row(STAFF_ID, DEMO_USER), 'manager').id, userName: DEMO_USER, role: 'manager' as const };
    const importEnc: number[] = [];
    const importPlain: number[] = [];
    const raw: number[] = [];
    const importRatio: number[] = [];
    const importEncRatio: number[] = [];
    for (let round = 0; round < 5; round++) {
      const file = round === 0 ? checkFile : join(dir, `import-${round}.csv`);
      if (round > 0) writeRegister(file, 50_000, lastDate, '', round * 50_000);
      const floorFile = join(dir, `floor-${round}.csv`);
      writeRegister(floorFile, 50_000, lastDate, 'Q', FLOOR_OFFSET + round * 50_000);
      const importFile = { files: [{ name: `register-${round}.csv`, path: file }] };
      const importNow = () => onFreshConnection(async (c) => mustOk(await c.callLocal('register.import', importFile), 'import'));
      const floorNow = () => onFreshConnection((c) => rawInsertRegister(c.currentVault!.store, floorFile));
      let enc: number;
      let floorMs: number;
      if (round % 2 === 0) {
        enc = await importNow();
        floorMs = await floorNow();
      } else {
        floorMs = await floorNow();
        enc = await importNow();
      }
      const ps = new Store(openSqlite(plainPath, { dataKey: null }), plainPath);
      useMemoryTemp(ps);
      const plainMs = await timeMsAsync(() => importRegisterFiles(makeCtx(ps, plainActor), importFile));
      ps.close();
      importEnc.push(enc);
      raw.push(floorMs);
      importPlain.push(plainMs);
      importRatio.push(enc / floorMs);
      importEncRatio.push(enc / plainMs);
    }
    const importEncMs = percentile(importEnc, 50);
    const importPlainMs = percentile(importPlain, 50);
    const rawMs = percentile(raw, 50);

    const bytes = statSync(dbPath).size;
    plainStore.close();
    return {
      growing,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memory_gb: round(totalmem() / 2 ** 30, 1), node: process.version },
      data: { visits: opts.visits, years, clients: nClients, year, seed },
      build_ms: round(insertEncMs, 0),
      visit_save_ms: { p50: percentile(save, 50), p95: percentile(save, 95) },
      client_search_ms: {
        p50: percentile(allSearch, 50), p95: percentile(allSearch, 95),
        ...Object.fromEntries(Object.entries(search).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95) }])),
      },
      client_card_ms: { p50: percentile(card, 50), p95: percentile(card, 95) },
      client_card_weighted_ms: growing.client_card_weighted_ms,
      report_year_ms: { all_sites: round(med(reportAll), 1), one_site: round(med(reportSite), 1) },
      baseline_scan_ms: round(med(baseline), 1),
      report_vs_baseline: round(med(reportAll) / med(baseline), 2),
      report_screen_ms: growing.report_screen_ms,
      report_screen_p95_ms: round(percentile(reportScreen, 95), 1),
      report_screen_vs_yearly: round(med(reportScreenDirect) / med(reportAll), 2),
      report_month_ms: growing.report_month_ms,
      report_month_growth: null as number | null,
      report_month_growth_per_client: null as number | null,
      report_floor_ms: round(med(floor), 1),
      report_vs_floor: round(med(reportAll) / med(floor), 2),
      report_floor_same_figures: floorMatches,
      report_screen_floor_ms: round(med(screenFloor), 1),
      report_screen_vs_floor: round(med(reportScreenDirect) / med(screenFloor), 2),
      report_after_save_ratio: round(med(screenAfterSave) / med(screenWarm), 2),
      report_after_save_ms: { warm: round(med(screenWarm), 1), after_save: round(med(screenAfterSave), 1), after_1000_saves: round(screenAfter1000, 1), after_1000_saves_rounds: after1000.map((x) => round(x, 1)), warm_after_each_round: after1000Warm.map((x) => round(x, 1)) },
      report_after_1000_saves_ratio: round(med(after1000Ratio), 2),
      import_vs_raw: round(percentile(importRatio, 50), 2),
      import_ms: { import: round(importEncMs, 0), raw_inserts: round(rawMs, 0), unencrypted: round(importPlainMs, 0), rounds_vs_raw: importRatio.map((x) => round(x, 2)) },
      xlsx_export_vs_writer: round(med(exportCall) / med(writerFloor), 2),
      xlsx_export_ms: { export: round(med(exportCall), 0), writer_alone: round(med(writerFloor), 0) },
      xlsx_full_year_ms: round(xlsx.ms, 0),
      xlsx_peak_rss_mb: round(xlsx.max_rss_mb, 0),
      // The yearly report encrypted and not: both opened afresh, in turn (encryption_overhead.report),
      // and on the bench's own connections among the other reports, after every measure before them.
      report_year_encrypted_vs_plain_ms: {
        fresh: { encrypted: round(med(reportEncFresh), 1), unencrypted: round(med(reportPlainFresh), 1) },
        after_measures: { encrypted: round(med(reportAll), 1), unencrypted: round(med(reportPlain), 1) },
      },
      encryption_overhead: {
        inserts: round(insertEncMs / insertPlainMs, 2),
        report: round(med(reportEncFresh) / med(reportPlainFresh), 2),
        save: round(med(encrypted.save) / med(unencrypted.save), 2),
        search: round(med(encrypted.search) / med(unencrypted.search), 2),
        card: round(med(encrypted.card) / med(unencrypted.card), 2),
        import: round(percentile(importEncRatio, 50), 2),
        export: round(med(exportEnc) / med(exportPlain), 2),
      },
      encryption_overhead_p95: {
        save: round(percentile(encrypted.save, 95) / percentile(unencrypted.save, 95), 2),
        search: round(percentile(encrypted.search, 95) / percentile(unencrypted.search, 95), 2),
        card: round(percentile(encrypted.card, 95) / percentile(unencrypted.card, 95), 2),
      },
      cache_mib: cacheMiBFor(dbPath),
      db_bytes_per_visit: round(bytes / opts.visits, 1),
      kdf_ms: round(med(kdf), 0),
      first_login_ms: round(firstLoginMs, 0),
      first_login_over_kdf_ms: round(firstLoginMs - med(kdf), 0),
      first_login_daily_backup_taken: dailyTaken,
      main_loop_max_block_ms: Math.max(...Object.values(phases).map((p) => p.loop_max_ms)),
      through_the_worker: phases,
      register_rows: registerRows,
      register_1m_check_s: round(registerCheck.ms / 1000, 1),
      register_1m_peak_mb: round(registerCheck.max_rss_mb, 0),
      register_1m_idle_mb: round(registerCheck.idle_rss_mb, 0),
      register_1m_errors: registerCheck.errors,
      register_1m_error_columns: registerCheck.error_columns,
    };
  } finally {
    opts.onDatabase?.(dbPath, dir);
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
