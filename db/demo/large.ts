// The `large` demo: N visits in one calendar year at a busy city service (a cabinet, a mobile
// unit, outreach places, secondary-exchange points, the arrest house), for the benchmark.
// Written with prepared statements in a few large transactions (the services would audit
// every visit); the bulk load is audited as one entry.
import { audit } from '../audit';
import { qb } from '../store';
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
  /** Distinct clients (default: one per 50 visits, so 20,000 for a million). */
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
}

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
  const rng = new Random(opts.seed);
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
  const nClients = Math.max(20, opts.clients ?? Math.round(total / 50));
  // Each client is around for a stretch of the years: some from the start, most joining later,
  // staying from two months to four years.
  const startDay = Array.from({ length: nClients }, () => (rng.chance(0.1) ? 0 : rng.int(0, DAYS - 30)));
  const endDay = startDay.map((d) => Math.min(DAYS, d + rng.int(60, Math.min(4 * 365, DAYS))));
  // The share of the clients around in any one year, for a plausible population estimate.
  const meanShare = startDay.reduce((sum, d, i) => sum + (endDay[i] - d) / DAYS, 0) / nClients;
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
  const want = weights.map((w, i) => (w / wsum) * (endDay[i] - startDay[i]));
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
    const span = endDay[c] - startDay[c];
    byDay[workdaysFrom(startDay[c])].push(c); // the first visit on the day the client comes in
    for (let k = 1; k < perClient[c]; k++) {
      let d = startDay[c] + Math.floor(rng.next() * span);
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
  const insService = st.stmt('INSERT INTO service_lines (visit_id, type, units, referral_to) VALUES (?, ?, ?, ?)');
  const insTest = st.stmt('INSERT INTO tests (visit_id, type, tested_person, hiv_result, hbv_result, hcv_result, result_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insReport = st.stmt('INSERT INTO secondary_reports (visit_id, point_site_id, peers_street, peers_points) VALUES (?, ?, ?, ?)');

  const now = nowIso();
  const me = ctx.actor.staffId;
  const clientIds: number[] = new Array(nClients);
  const summary: LargeSummary = { visits: 0, clients: nClients, supplyLines: 0, serviceLines: 0, tests: 0 };

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
      clientIds[c] = Number(insClient.run(code, sex, rng.chance(0.04) ? null : year, injects, rng.chance(0.15) ? 1 : 0, now).lastInsertRowid);
    }
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
    insService.run(visitId, type, units, referralTo);
    summary.serviceLines++;
  };
  const result = () => (rng.chance(0.5) ? 'positive' : 'negative');
  const test = (visitId: number, date: string, type: 'combined' | 'rapid_hiv', person: string) => {
    const hiv = rng.chance(0.06) ? 'positive' : 'negative';
    insTest.run(visitId, type, person, hiv, type === 'combined' ? (rng.chance(0.08) ? 'positive' : 'negative') : null, type === 'combined' ? result() : null, date);
    summary.tests++;
  };

  let written = 0;
  const writeDay = (day: number) => {
    const date = dates[day];
    for (const c of byDay[day]) {
      const voided = rng.chance(0.002);
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
          test(id, date, 'rapid_hiv', rng.chance(0.85) ? 'arrestee' : 'officer');
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
          if (rng.chance(0.35)) {
            service(id, 'pre_test_counselling');
            service(id, 'blood_sampling');
            test(id, date, rng.chance(0.7) ? 'combined' : 'rapid_hiv', 'client');
          }
        } else if (kind === 'arrest_house') {
          const id = Number(insVisit.run(date, openingTime(rng, 10, 14), client, 1, 'arrest_house', arrestHouse, rng.pick(medics), null, 0, now, me, ...voidFields).lastInsertRowid);
          service(id, 'consultation');
          if (rng.chance(0.5)) test(id, date, 'rapid_hiv', 'client');
        } else {
          const site = kind === 'mobile' ? mobile : cabinet;
          const id = Number(insVisit.run(date, openingTime(rng), client, 1, 'cabinet', site, rng.pick(desk), null, rng.chance(0.0005) ? 1 : 0, now, me, ...voidFields).lastInsertRowid);
          if (rng.chance(0.82)) exchange(id, 1, 0);
          if (rng.chance(0.25)) service(id, 'consultation');
          if (rng.chance(0.15)) service(id, 'information');
          if (rng.chance(0.08)) service(id, 'health_education');
          if (rng.chance(0.03)) service(id, 'referral', 1, rng.pick(REFERRALS));
        }
      }
      written++;
      if (written % CHUNK === 0) opts.progress?.(written, total);
    }
  };

  // A few big transactions: the WAL stays bounded and the progress can be shown.
  let day = 0;
  while (day < DAYS) {
    const start = written;
    st.tx(() => {
      while (day < DAYS && written - start < CHUNK) writeDay(day++);
    });
  }
  summary.visits = written;
  st.tx(() => audit(st, ctx.actor, 'bulk_load', 'demo', null, null, { scenario: 'large', seed: opts.seed, ...summary }));
  // Count the report facts now, as part of the load, rather than at the first report.
  useMemoryTemp(st);
  st.tx(() => refreshFacts(st));
  if (written % CHUNK !== 0) opts.progress?.(written, total);
  return summary;
}
