// The `large` demo: N visits in one calendar year at a busy city service (a cabinet, a mobile
// unit, outreach places, secondary-exchange points, the arrest house), for the benchmark.
// Written with prepared statements in a few large transactions (the services would audit
// every visit); the bulk load is audited as one entry.
// The field records of issue 17 come from a second seeded source, so that the visits are the
// same as before for a seed: how each client came, dated pharmacotherapy, referral outcomes,
// HCV RNA tests after antibody positives (at the client's next medical visit), care steps,
// overdose reports (peers give naloxone from 2019, when overdose-response trainings began),
// trainings of peers for secondary exchange and in overdose response.
import { audit } from '../audit';
import { qb } from '../store';
import { cacheMiBFor, setCacheMiB } from '../open';
import { nowIso, type Ctx } from '../services/context';
import { updateSettings } from '../services/settings';
import { saveProject } from '../services/projects';
import { addDays, daysInclusive } from '../../shared/dates';
import { refreshFacts, useMemoryTemp } from '../reports/facts';
import { addSites, addStaffRecords, isWorkday, openingTime, type DemoPerson } from './common';
import { Random } from './random';

/** The last year of the large demo; it covers `years` calendar years ending with this one. */
export const LARGE_YEAR = 2024;
/** Ten years of a large cabinet, as the benchmark of issue 8 asks. */
export const LARGE_YEARS = 10;

export interface LargeOptions {
  visits: number;
  seed: number;
  /** Calendar years of data, ending with LARGE_YEAR (default 10). */
  years?: number;
  /** Clients drawn, before those whose stay ended before the records begin are left out (default: a steady flow, one per 50 visits over ten years). */
  clients?: number;
  /** Called now and then with the number of visits written. */
  progress?: (done: number, total: number) => void;
}

export interface LargeSummary {
  visits: number;
  clients: number;
  supplyLines: number;
  serviceLines: number;
  tests: number;
  /** Of the tests, HCV RNA tests. */
  rnaTests: number;
  careSteps: number;
  overdoses: number;
  pharmacotherapyChanges: number;
  trainings: number;
}

/** The year overdose-response trainings began; peers give naloxone in overdoses from then on. */
const NALOXONE_YEAR = 2019;

const LETTERS = 'ABCDEFGHIJKLMNOPRSTUVZ';
const REFERRALS = ['pharmacotherapy', 'detoxification', 'gp', 'hiv_care', 'tb', 'sti', 'social_services', 'other'] as const;
const MEDICAL = ['blood_sampling', 'wound_care', 'dressing', 'gp_other'] as const;
const CHUNK = 50_000;

/** The cabinet's staff: every role has a login in a demo database (createDemo). */
export const LARGE_STAFF: readonly DemoPerson[] = [
  { userName: 'sd.ruta', displayName: 'Rūta (socialinė darbuotoja)', role: 'social_worker' },
  { userName: 'sd.marius', displayName: 'Marius (socialinis darbuotojas)', role: 'social_worker' },
  { userName: 'sd.egle', displayName: 'Eglė (socialinė darbuotoja)', role: 'social_worker' },
  { userName: 'sl.asta', displayName: 'Asta (slaugytoja)', role: 'medical' },
  { userName: 'gyd.jonas', displayName: 'Jonas (gydytojas)', role: 'medical' },
  { userName: 'lauko.tomas', displayName: 'Tomas (lauko darbuotojas)', role: 'social_worker' },
  { userName: 'lauko.ieva', displayName: 'Ieva (lauko darbuotoja)', role: 'social_worker' },
];

export function generateLarge(ctx: Ctx, opts: LargeOptions): LargeSummary {
  const steps = largeSteps(ctx, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * generateLarge in steps: it pauses after the setup, after each transaction of visits and after
 * the field records, so that two builds can go in turn (the benchmark builds the encrypted file
 * and its unencrypted copy a step each, both under the same moments of the machine).
 */
export function* largeSteps(ctx: Ctx, opts: LargeOptions): Generator<void, LargeSummary, void> {
  const rng = new Random(opts.seed);
  // The field records' own source: drawing them does not move the draws of the visits.
  const f = new Random(opts.seed * 7 + 17);
  const st = ctx.store;
  const total = opts.visits;
  const years = opts.years ?? LARGE_YEARS;
  const firstYear = LARGE_YEAR - years + 1;
  const YEAR_START = `${firstYear}-01-01`;
  const DAYS = daysInclusive(YEAR_START, `${LARGE_YEAR}-12-31`);

  // ---- setup through the services ----
  // Five sites: the cabinet, a mobile unit, a higher-risk place, a secondary-exchange point, the arrest house.
  const [cabinet, mobile, place, point, arrestHouse] = addSites(ctx, [
    { name: 'Kabinetas (centras)', kind: 'cabinet' },
    { name: 'Mobilus punktas', kind: 'mobile' },
    { name: 'Stoties rajonas', kind: 'outreach_place' },
    { name: 'Taškas A', kind: 'point' },
    { name: 'Policijos areštinė', kind: 'arrest_house' },
  ]);
  const places = [place];
  const points = [point];
  const staff = addStaffRecords(ctx, LARGE_STAFF);
  const desk = staff.slice(0, 3).map((s) => s.id);
  const medics = staff.slice(3, 5).map((s) => s.id);
  const outreachStaff = staff.slice(5, 7).map((s) => s.id);
  // Each client is around for a stretch of two months to four years. Clients keep coming at a steady
  // rate (in proportion to the visits of a year), from four years before the records begin (those
  // already coming on the first day) to the end: so a month holds as many people, with as many
  // visits, whatever the length of the history, and a longer history is the same cabinet for longer
  // (what the benchmark's growth figures compare). Ten years give one client per 50 visits.
  const LEAD = 4 * 365;
  const drawn = opts.clients ?? Math.max(20, Math.round(((total / 50) * (10 / 14) * (years + 4)) / years));
  const startDay: number[] = [];
  const endDay: number[] = [];
  for (let k = 0; k < drawn; k++) {
    const start = rng.int(-LEAD, DAYS - 30);
    const end = Math.min(DAYS, start + rng.int(60, LEAD));
    // A stay over before the records begin leaves nothing in them.
    if (end > 0 || startDay.length + (drawn - k) <= 20) {
      startDay.push(start);
      endDay.push(Math.max(end, 1));
    }
  }
  const nClients = startDay.length;
  /** The first day of a client's stay that the records hold. */
  const seenFrom = (c: number) => Math.max(0, startDay[c]);
  // The share of the clients around in any one year, for a plausible population estimate.
  const meanShare = startDay.reduce((sum, _d, i) => sum + (endDay[i] - seenFrom(i)) / DAYS, 0) / nClients;
  // About half of the city's people who inject drugs come to the service in a year (NSP coverage near 55 %).
  updateSettings(ctx, { cabinetName: 'Demonstracinė didmiesčio tarnyba', pwidPopulationEstimate: Math.max(20, Math.round(nClients * Math.min(1, meanShare + 365 / DAYS) * 1.8)) });
  saveProject(ctx, {
    title: `Žalos mažinimo paslaugos ${LARGE_YEAR} m.`, donor: 'Savivaldybė', from: `${LARGE_YEAR}-01-01`, to: `${LARGE_YEAR}-12-31`,
    budgetMinor: 12_000_000, currency: 'EUR',
  });

  const itemId = new Map(st.all(qb.selectFrom('items').select(['id', 'key'])).map((r) => [r.key, r.id]));
  const item = (key: string): number => {
    const id = itemId.get(key);
    if (id === undefined) throw new Error(`missing catalogue item ${key}`);
    return id;
  };
  const syringes = [item('syringe'), item('syringe_2ml'), item('syringe_5ml')];
  const others = ['water', 'filter', 'cooker', 'naloxone', 'leaflet'].map(item);

  // ---- clients: a few heavy users, many occasional ones ----
  const anonymousShare = 0.06;
  const clientVisits = total - Math.round(total * anonymousShare);
  const weights = Array.from({ length: nClients }, () => 1 / Math.pow(1 - rng.next() * 0.97, 0.9));
  const wsum = weights.reduce((s, w) => s + w, 0);
  // Visits per client in proportion to weight and to the time the client is around.
  const want = weights.map((w, i) => (w / wsum) * (endDay[i] - seenFrom(i)));
  const wantSum = want.reduce((s, x) => s + x, 0);
  const perClient = want.map((x) => Math.max(1, Math.round((x * clientVisits) / wantSum)));
  let diff = clientVisits - perClient.reduce((s, x) => s + x, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % nClients) {
    if (diff > 0) {
      perClient[i]++;
      diff--;
    } else if (perClient[i] > 1) {
      perClient[i]--;
      diff++;
    }
  }
  const peerClient = Array.from({ length: nClients }, () => rng.chance(0.03));

  const dates = Array.from({ length: DAYS }, (_, d) => addDays(YEAR_START, d));
  const workday = dates.map(isWorkday);
  // Visits bucketed by day: client index, or -1 for an anonymous contact.
  const byDay: number[][] = Array.from({ length: DAYS }, () => []);
  const workdaysFrom = (d: number) => {
    let x = d;
    while (!workday[x % DAYS]) x++;
    return Math.min(x, DAYS - 1);
  };
  for (let c = 0; c < nClients; c++) {
    const from = seenFrom(c);
    const span = endDay[c] - from;
    // The first visit on the day the client comes in (one already coming when the records begin: any day).
    if (startDay[c] >= 0) byDay[workdaysFrom(startDay[c])].push(c);
    for (let k = startDay[c] >= 0 ? 1 : 0; k < perClient[c]; k++) {
      let d = from + Math.floor(rng.next() * span);
      if (!workday[d] && rng.chance(0.85)) d = workdaysFrom(d);
      byDay[d].push(c);
    }
  }
  for (let k = 0; k < total - clientVisits; k++) byDay[rng.int(0, DAYS - 1)].push(-1);

  // ---- clients, sessions and visits with prepared statements ----
  const insClient = st.stmt(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, note, merged_into_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)`);
  const insSession = st.stmt('INSERT INTO outreach_sessions (date, site_id, note, created_at, created_by) VALUES (?, ?, NULL, ?, ?)');
  const insWorker = st.stmt('INSERT INTO outreach_workers (session_id, staff_id) VALUES (?, ?)');
  const insVisit = st.stmt(`INSERT INTO visits (date, time, client_id, anonymous_count, kind, site_id, staff_id, outreach_session_id, trained_secondary, note, created_at, created_by, voided_at, void_reason, voided_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`);
  const insSupply = st.stmt('INSERT INTO supply_lines (visit_id, item_id, direction, quantity, for_peers) VALUES (?, ?, ?, ?, ?)');
  const insService = st.stmt('INSERT INTO service_lines (visit_id, type, units, referral_to, referral_outcome, outcome_date) VALUES (?, ?, ?, ?, ?, ?)');
  const insTest = st.stmt('INSERT INTO tests (visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insReport = st.stmt('INSERT INTO secondary_reports (visit_id, point_site_id, peers_street, peers_points) VALUES (?, ?, ?, ?)');

  const now = nowIso();
  const me = ctx.actor.staffId;
  const clientIds: number[] = new Array(nClients);
  const summary: LargeSummary = {
    visits: 0, clients: nClients, supplyLines: 0, serviceLines: 0, tests: 0, rnaTests: 0, careSteps: 0, overdoses: 0, pharmacotherapyChanges: 0, trainings: 0,
  };
  const codes: string[] = new Array(nClients);
  const inPharmacotherapy: boolean[] = new Array(nClients);
  /** The last day (index) anything was recorded about a client: an overdose death comes after it. */
  const lastDay = new Int32Array(nClients).fill(-1);

  st.tx(() => {
    const taken = new Set<string>();
    for (let c = 0; c < nClients; c++) {
      let code: string;
      const sex = rng.chance(0.8) ? 'male' : rng.chance(0.97) ? 'female' : 'other';
      const year = rng.int(1958, 2005);
      do {
        code = `${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}${sex === 'male' ? 1 : sex === 'female' ? 2 : 3}${year}`;
      } while (taken.has(code));
      taken.add(code);
      const injects = rng.chance(0.88) ? 'yes' : rng.chance(0.5) ? 'no' : 'unknown';
      codes[c] = code;
      inPharmacotherapy[c] = rng.chance(0.15);
      clientIds[c] = Number(insClient.run(code, sex, rng.chance(0.04) ? null : year, injects, inPharmacotherapy[c] ? 1 : 0, now).lastInsertRowid);
    }
    cameVia(st, f, { clientIds, codes, startDay, endDay, peerClient });
    summary.pharmacotherapyChanges = pharmacotherapy(st, f, { clientIds, inPharmacotherapy, startDay, endDay, lastDay, dates, me, now });
  });

  const sessionOf = new Map<string, number>();
  const session = (day: number, place: number): number => {
    const key = `${day}:${place}`;
    let id = sessionOf.get(key);
    if (id === undefined) {
      id = Number(insSession.run(dates[day], place, now, me).lastInsertRowid);
      for (const w of outreachStaff) insWorker.run(id, w);
      sessionOf.set(key, id);
    }
    return id;
  };

  const exchange = (visitId: number, scale: number, forPeers: 0 | 1) => {
    const syr = rng.pick(syringes);
    insSupply.run(visitId, syr, 'out', rng.int(1, 12) * scale, forPeers);
    let n = 1;
    if (rng.chance(0.75)) {
      insSupply.run(visitId, syr, 'in', rng.int(1, 12) * scale, 0);
      n++;
    }
    if (rng.chance(0.5)) {
      insSupply.run(visitId, item('needle'), 'out', rng.int(1, 10) * scale, forPeers);
      n++;
    }
    if (rng.chance(0.35)) {
      insSupply.run(visitId, item('needle'), 'in', rng.int(1, 10) * scale, 0);
      n++;
    }
    if (rng.chance(0.7)) {
      insSupply.run(visitId, item('alcohol_pad'), 'out', rng.int(2, 20) * scale, forPeers);
      n++;
    }
    if (rng.chance(0.12)) {
      insSupply.run(visitId, item('condom'), 'out', rng.int(1, 6), 0);
      n++;
    }
    if (rng.chance(0.08)) {
      insSupply.run(visitId, item('disinfectant'), 'out', rng.int(1, 3), 0);
      n++;
    }
    if (rng.chance(0.1)) {
      insSupply.run(visitId, rng.pick(others), 'out', rng.int(1, 10), 0);
      n++;
    }
    summary.supplyLines += n;
  };
  const service = (visitId: number, type: string, units = 1, referralTo: string | null = null) => {
    insService.run(visitId, type, units, referralTo, null, null);
    summary.serviceLines++;
  };
  // A referral's outcome, recorded one to five weeks later; none yet for the last two weeks, and a
  // fifth never found out.
  const referral = (visitId: number, day: number, referralTo: string) => {
    const x = f.next();
    const outcome = day > DAYS - 15 || x >= 0.8 ? null : x < 0.58 ? 'arrived' : 'not_arrived';
    insService.run(visitId, 'referral', 1, referralTo, outcome, outcome === null ? null : dates[Math.min(DAYS - 1, day + f.int(7, 35))]);
    summary.serviceLines++;
  };
  const result = () => (rng.chance(0.5) ? 'positive' : 'negative');
  // Per client, the day index of the first positive HIV result and of the first positive HCV RNA
  // result (-1: none), and of an RNA test due at the next medical visit after an antibody positive.
  const hivPositive = new Int32Array(nClients).fill(-1);
  const rnaPositive = new Int32Array(nClients).fill(-1);
  const rnaDue = new Int32Array(nClients).fill(-1);
  const rnaAsked = new Uint8Array(nClients);
  let voidedNow = false;
  const test = (visitId: number, day: number, type: 'combined' | 'rapid_hiv', person: string, client = -1) => {
    const hiv = rng.chance(0.06) ? 'positive' : 'negative';
    const hcv = type === 'combined' ? result() : null;
    insTest.run(visitId, type, person, hiv, type === 'combined' ? (rng.chance(0.08) ? 'positive' : 'negative') : null, hcv, dates[day]);
    summary.tests++;
    if (client < 0 || voidedNow) return;
    if (hiv === 'positive' && hivPositive[client] < 0) hivPositive[client] = day;
    // Most antibody positives are asked to come back for an RNA test (once).
    if (hcv === 'positive' && !rnaAsked[client]) {
      rnaAsked[client] = 1;
      if (f.chance(0.65)) rnaDue[client] = day + 14;
    }
  };
  const rnaTest = (visitId: number, day: number, client: number) => {
    const positive = f.chance(0.72);
    service(visitId, 'blood_sampling');
    insTest.run(visitId, 'hcv_rna', 'client', null, null, positive ? 'positive' : 'negative', dates[Math.min(DAYS - 1, day + 10)]);
    summary.tests++;
    summary.rnaTests++;
    rnaDue[client] = -1;
    if (positive && !voidedNow && rnaPositive[client] < 0) rnaPositive[client] = day;
  };

  let written = 0;
  const writeDay = (day: number) => {
    const date = dates[day];
    for (const c of byDay[day]) {
      const voided = rng.chance(0.002);
      voidedNow = voided;
      if (c >= 0 && !voided && day > lastDay[c]) lastDay[c] = day;
      const voidFields = voided ? [now, 'Įrašyta per klaidą (demo)', me] : [null, null, null];
      if (c < 0) {
        // Anonymous contacts: outreach, the doctor, the arrest house.
        const k = rng.weighted([['outreach', 70], ['medical', 20], ['arrest_house', 10]] as const);
        if (k === 'outreach') {
          const place = rng.pick(places);
          const id = Number(insVisit.run(date, null, null, rng.int(1, 3), 'outreach', place, rng.pick(outreachStaff), session(day, place), 0, now, me, ...voidFields).lastInsertRowid);
          exchange(id, 1, 0);
          if (rng.chance(0.3)) service(id, 'information');
        } else if (k === 'medical') {
          const id = Number(insVisit.run(date, openingTime(rng), null, rng.chance(0.9) ? 1 : 2, 'medical', cabinet, rng.pick(medics), null, 0, now, me, ...voidFields).lastInsertRowid);
          service(id, rng.pick(MEDICAL), rng.int(1, 2));
        } else {
          const id = Number(insVisit.run(date, openingTime(rng, 10, 14), null, 1, 'arrest_house', arrestHouse, rng.pick(medics), null, 0, now, me, ...voidFields).lastInsertRowid);
          service(id, 'pre_test_counselling');
          test(id, day, 'rapid_hiv', rng.chance(0.85) ? 'arrestee' : 'officer');
          service(id, 'post_test_counselling');
        }
      } else {
        const client = clientIds[c];
        const kind = peerClient[c] && rng.chance(0.3)
          ? 'secondary'
          : rng.weighted([['cabinet', 84], ['outreach', 8], ['medical', 6], ['mobile', 1.5], ['arrest_house', 0.5]] as const);
        if (kind === 'outreach') {
          const place = rng.pick(places);
          const id = Number(insVisit.run(date, null, client, 1, 'outreach', place, rng.pick(outreachStaff), session(day, place), 0, now, me, ...voidFields).lastInsertRowid);
          if (rng.chance(0.85)) exchange(id, 1, 0);
          if (rng.chance(0.2)) service(id, 'information');
        } else if (kind === 'secondary') {
          const id = Number(insVisit.run(date, openingTime(rng), client, 1, 'secondary', cabinet, rng.pick(desk), null, 0, now, me, ...voidFields).lastInsertRowid);
          exchange(id, 4, 1);
          if (rng.chance(0.4)) {
            insReport.run(id, rng.chance(0.6) ? rng.pick(points) : null, rng.int(0, 4), rng.int(0, 6));
          }
        } else if (kind === 'medical') {
          const id = Number(insVisit.run(date, openingTime(rng), client, 1, 'medical', cabinet, rng.pick(medics), null, 0, now, me, ...voidFields).lastInsertRowid);
          service(id, rng.pick(MEDICAL), rng.int(1, 2));
          if (rnaDue[c] >= 0 && day >= rnaDue[c]) rnaTest(id, day, c);
          if (rng.chance(0.35)) {
            service(id, 'pre_test_counselling');
            service(id, 'blood_sampling');
            test(id, day, rng.chance(0.7) ? 'combined' : 'rapid_hiv', 'client', c);
          }
        } else if (kind === 'arrest_house') {
          const id = Number(insVisit.run(date, openingTime(rng, 10, 14), client, 1, 'arrest_house', arrestHouse, rng.pick(medics), null, 0, now, me, ...voidFields).lastInsertRowid);
          service(id, 'consultation');
          if (rng.chance(0.5)) test(id, day, 'rapid_hiv', 'client', c);
        } else {
          const site = kind === 'mobile' ? mobile : cabinet;
          const id = Number(insVisit.run(date, openingTime(rng), client, 1, 'cabinet', site, rng.pick(desk), null, rng.chance(0.0005) ? 1 : 0, now, me, ...voidFields).lastInsertRowid);
          if (rng.chance(0.82)) exchange(id, 1, 0);
          if (rng.chance(0.25)) service(id, 'consultation');
          if (rng.chance(0.15)) service(id, 'information');
          if (rng.chance(0.08)) service(id, 'health_education');
          if (rng.chance(0.03)) referral(id, day, rng.pick(REFERRALS));
        }
      }
      written++;
      if (written % CHUNK === 0) opts.progress?.(written, total);
    }
  };

  yield;
  // A few big transactions: the WAL stays bounded and the progress can be shown.
  let day = 0;
  while (day < DAYS) {
    const start = written;
    st.tx(() => {
      while (day < DAYS && written - start < CHUNK) writeDay(day++);
    });
    // The page cache follows the file as it grows (the rule of a live connection, set at its opening
    // for the file as it was): the indexes being written to stay in memory, not read back and, in an
    // encrypted file, decrypted again.
    setCacheMiB(st.sqlite, cacheMiBFor(st.path));
    yield;
  }
  summary.visits = written;
  st.tx(() => {
    const medicsOf = () => f.pick(medics);
    summary.careSteps = careSteps(st, f, { clientIds, hivPositive, rnaPositive, lastDay, dates, staff: medicsOf, me, now });
    summary.overdoses = overdoses(st, f, {
      total, clientIds, startDay, endDay, lastDay, dates, me, now, sites: { cabinet, mobile, place, point }, staff: () => f.pick([...desk, ...outreachStaff]), medic: medicsOf,
    });
    summary.trainings = trainings(st, f, { clientIds, startDay, peerClient, dates, cabinet, me, now, firstYear });
    audit(st, ctx.actor, 'bulk_load', 'demo', null, null, { scenario: 'large', seed: opts.seed, ...summary });
  });
  yield;
  // Count the report facts now, as part of the load, rather than at the first report.
  useMemoryTemp(st);
  st.tx(() => refreshFacts(st));
  if (written % CHUNK !== 0) opts.progress?.(written, total);
  return summary;
}

type Statement = ReturnType<Ctx['store']['stmt']>;
const dayOf = (dates: readonly string[], day: number): string | null => (day >= 0 && day < dates.length ? dates[day] : null);

/**
 * How each client came (written after the clients, for a peer's code must exist): clients there
 * from the start mostly not asked; the others came alone, through outreach, a peer then active
 * (with the peer's code), a point or a referral.
 */
function cameVia(st: Ctx['store'], f: Random, d: { clientIds: number[]; codes: string[]; startDay: number[]; endDay: number[]; peerClient: boolean[] }): void {
  const upd: Statement = st.stmt('UPDATE clients SET came_via = ?, referred_by_code = ? WHERE id = ?');
  const peers = d.peerClient.flatMap((p, i) => (p ? [i] : []));
  for (let c = 0; c < d.clientIds.length; c++) {
    let via = d.startDay[c] <= 0 && f.chance(0.7)
      ? 'unknown'
      : f.weighted([['self', 35], ['peer', 20], ['outreach', 15], ['referral', 10], ['point', 5], ['unknown', 15]] as const);
    let code: string | null = null;
    if (via === 'peer') {
      // A peer around when the client first came.
      for (let k = 0; k < 8 && code === null && peers.length > 0; k++) {
        const p = f.pick(peers);
        if (p !== c && d.startDay[p] <= d.startDay[c] && d.startDay[c] <= d.endDay[p]) code = d.codes[p];
      }
      if (code === null) via = 'self';
    }
    if (via !== 'unknown') upd.run(via, code, d.clientIds[c]);
  }
}

/**
 * Dated pharmacotherapy ending in each client's status today: those in treatment started before
 * they came or while coming, some with a break; a few others were in it for a while and stopped.
 */
function pharmacotherapy(
  st: Ctx['store'], f: Random,
  d: { clientIds: number[]; inPharmacotherapy: boolean[]; startDay: number[]; endDay: number[]; lastDay: Int32Array; dates: string[]; me: number | null; now: string },
): number {
  const ins: Statement = st.stmt('INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  const last = d.dates.length - 1;
  let n = 0;
  const put = (c: number, day: number, status: 0 | 1) => {
    ins.run(d.clientIds[c], day >= 0 ? d.dates[day] : addDays(d.dates[0], day), status, d.now, d.me);
    if (day > d.lastDay[c]) d.lastDay[c] = day;
    n++;
  };
  for (let c = 0; c < d.clientIds.length; c++) {
    const span = d.endDay[c] - d.startDay[c];
    if (d.inPharmacotherapy[c]) {
      const start = f.chance(0.5) ? d.startDay[c] - f.int(30, 700) : Math.min(last, d.startDay[c] + f.int(0, span));
      put(c, start, 1);
      const stop = start + f.int(60, 300);
      const again = stop + f.int(30, 150);
      if (f.chance(0.2) && again <= last) {
        put(c, stop, 0);
        put(c, again, 1);
      }
    } else if (f.chance(0.08)) {
      const start = Math.min(last, d.startDay[c] + f.int(0, span));
      const stop = Math.min(last, start + f.int(30, 400));
      if (stop > start) {
        put(c, start, 1);
        put(c, stop, 0);
      }
    }
  }
  return n;
}

/**
 * Care after a positive result, dated after it and before the data's end: HIV linked, treated,
 * suppressed; HCV (after a positive RNA test) linked, treated with direct-acting antivirals, cured
 * twelve weeks after the end of treatment.
 */
function careSteps(
  st: Ctx['store'], f: Random,
  d: { clientIds: number[]; hivPositive: Int32Array; rnaPositive: Int32Array; lastDay: Int32Array; dates: string[]; staff: () => number; me: number | null; now: string },
): number {
  const ins: Statement = st.stmt(`INSERT INTO care_steps (client_id, infection, step, date, site_id, staff_id, note, created_at, created_by) VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, ?)`);
  let n = 0;
  const chain = (c: number, infection: string, from: number, steps: ReadonlyArray<readonly [string, number, number, number]>) => {
    let day = from;
    for (const [step, p, min, max] of steps) {
      if (!f.chance(p)) return;
      day += f.int(min, max);
      const date = dayOf(d.dates, day);
      if (date === null) return;
      ins.run(d.clientIds[c], infection, step, date, d.staff(), d.now, d.me);
      if (day > d.lastDay[c]) d.lastDay[c] = day;
      n++;
    }
  };
  for (let c = 0; c < d.clientIds.length; c++) {
    if (d.hivPositive[c] >= 0) chain(c, 'hiv', d.hivPositive[c], [['linked_to_care', 0.75, 7, 60], ['treatment_started', 0.85, 14, 90], ['virally_suppressed', 0.8, 90, 200]]);
    if (d.rnaPositive[c] >= 0) chain(c, 'hcv', d.rnaPositive[c], [['linked_to_care', 0.6, 24, 90], ['treatment_started', 0.75, 14, 120], ['cured', 0.9, 56 + 84, 84 + 100]]);
  }
  return n;
}

/**
 * Overdose reports, one per 500 visits: most survived; naloxone by the ambulance or the staff,
 * and from 2019 by peers too; a death only of a client not seen after it.
 */
function overdoses(
  st: Ctx['store'], f: Random,
  d: {
    total: number; clientIds: number[]; startDay: number[]; endDay: number[]; lastDay: Int32Array; dates: string[]; me: number | null; now: string;
    sites: { cabinet: number; mobile: number; place: number; point: number }; staff: () => number; medic: () => number;
  },
): number {
  const ins: Statement = st.stmt(`INSERT INTO overdoses (date, site_id, staff_id, client_id, reported_by, place, naloxone_given, naloxone_by, ambulance, outcome, note, created_at, created_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`);
  const count = Math.round(d.total / 500);
  const nClients = d.clientIds.length;
  const dead = new Uint8Array(nClients);
  const reports = Array.from({ length: count }, () => ({ day: f.int(0, d.dates.length - 1), outcome: f.weighted([['survived', 86], ['died', 5], ['unknown', 9]] as const) }));
  // Deaths last, so that no later report names the one who died.
  reports.sort((a, b) => (a.outcome === 'died' ? 1 : 0) - (b.outcome === 'died' ? 1 : 0));
  for (const { day, outcome } of reports) {
    const date = d.dates[day];
    let client = -1;
    for (let k = 0; k < 20 && client < 0 && f.chance(outcome === 'died' ? 0.9 : 0.75); k++) {
      const c = f.int(0, nClients - 1);
      const fits = outcome === 'died'
        ? d.lastDay[c] >= 0 && d.lastDay[c] < day && d.lastDay[c] >= day - 60
        : d.startDay[c] <= day && day <= d.endDay[c];
      if (fits && !dead[c]) client = c;
    }
    if (client >= 0 && outcome === 'died') dead[client] = 1;
    if (client >= 0) d.lastDay[client] = Math.max(d.lastDay[client], day);
    const takeHome = +date.slice(0, 4) >= NALOXONE_YEAR;
    const given = f.weighted([['yes', 55], ['no', 30], ['unknown', 15]] as const);
    const by = given !== 'yes' ? null : takeHome
      ? f.weighted([['peer', 40], ['ambulance', 40], ['staff', 12], ['other', 8]] as const)
      : f.weighted([['ambulance', 80], ['staff', 15], ['other', 5]] as const);
    const reportedBy = by === 'staff' ? 'staff' : by === 'peer' ? 'peer' : f.weighted([['client', outcome === 'died' ? 0 : 35], ['peer', 25], ['staff', 10], ['other', 30]] as const);
    const ambulance = by === 'ambulance' ? 'yes' : f.weighted([['yes', 55], ['no', 30], ['unknown', 15]] as const);
    const site = f.weighted([[d.sites.cabinet, 60], [d.sites.mobile, 15], [d.sites.place, 15], [d.sites.point, 10]] as const);
    ins.run(
      date, site, by === 'staff' ? d.medic() : d.staff(), client >= 0 ? d.clientIds[client] : null, reportedBy,
      by === 'staff' ? 'other' : f.weighted([['street', 35], ['home', 40], ['shelter', 12], ['other', 13]] as const), given, by, ambulance, outcome, d.now, d.me,
    );
  }
  return count;
}

/**
 * Trainings: the peers trained for secondary exchange in groups of up to ten, a few days before
 * the first of them came (linked to the training); from 2019 two overdose-response trainings a
 * year, their participants counted.
 */
function trainings(
  st: Ctx['store'], f: Random,
  d: { clientIds: number[]; startDay: number[]; peerClient: boolean[]; dates: string[]; cabinet: number; me: number | null; now: string; firstYear: number },
): number {
  const insActivity: Statement = st.stmt(`INSERT INTO activities (date, type, title, participants, institution, topic, site_id, created_at, created_by) VALUES (?, 'training', ?, ?, NULL, ?, ?, ?, ?)`);
  const insTrained: Statement = st.stmt('INSERT INTO activity_clients (activity_id, client_id) VALUES (?, ?)');
  const peers = d.peerClient.flatMap((p, i) => (p ? [i] : [])).sort((a, b) => d.startDay[a] - d.startDay[b]);
  let n = 0;
  for (let g = 0; g < peers.length; g += 10) {
    const group = peers.slice(g, g + 10);
    // Around the day its first peer came; a group whose peers were coming before the records begin,
    // on some day of the records' first year (not all on the first day).
    const near = d.startDay[group[0]] - f.int(0, 10);
    const date = d.dates[near >= 0 ? near : f.int(0, Math.min(364, d.dates.length - 1))];
    const id = Number(insActivity.run(date, 'Antrinio keitimo mokymai', group.length, 'secondary_exchange', d.cabinet, d.now, d.me).lastInsertRowid);
    for (const c of group) insTrained.run(id, d.clientIds[c]);
    n++;
  }
  for (let year = Math.max(d.firstYear, NALOXONE_YEAR); year <= LARGE_YEAR; year++) {
    for (const month of [f.int(2, 5), f.int(9, 11)]) {
      const date = `${year}-${String(month).padStart(2, '0')}-${String(f.int(1, 28)).padStart(2, '0')}`;
      insActivity.run(date, 'Perdozavimo atpažinimas ir pagalba, naloksonas', f.int(6, 15), 'overdose_response', d.cabinet, d.now, d.me);
      n++;
    }
  }
  return n;
}
