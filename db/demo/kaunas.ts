// kaunas-2008: the Kaunas City Social Service Centre's low-threshold cabinet, 2008-11-01 ..
// 2009-10-31 (spec/scenarios.md). Every figure of that table follows from the plan below by
// construction; the rest (which day, how many, which client) is drawn from the seed.
//
// The cabinet's year, as planned:
// - 516 clients come in the period: 209 exchange (47 of them exchanged before the period,
//   25 came before without exchanging, 137 are new), 307 come for consultations, the doctor
//   and tests only. 60 former clients appear in the history only.
// - 172 of the 209 are regular (at least 3 visit-days in some month); the other 37 and all
//   non-exchanging clients never come more than twice a month.
// - 9 regular clients are trained (two trainings in November 2008) and pick up equipment for
//   peers from December; 3 stop during the year, and with them 5 of the 11 points.
// - 234 combined tests for 207 clients (27 retested), results entered a week later; known
//   positives were tested positive before the period.
// - The doctor treats 430 known clients and 251 people who give no code.
import type { Ctx } from '../services/context';
import { createActivity } from '../services/activities';
import { saveProject } from '../services/projects';
import { saveSite } from '../services/sites';
import { updateSettings } from '../services/settings';
import { activityInput } from '../../shared/schemas';
import { monthsOf, addDays } from '../../shared/dates';
import type { Infection, ReferralDestination, ServiceType, TestResult } from '../../shared/domain';
import { addSites, addStaffRecords, type DemoPerson } from './common';
import { allocate, Random } from './random';
import { registerClients, workdaysBetween, workdaysOfMonth, writeVisits, type PlannedClient, type PlannedVisit } from './plan';

export const KAUNAS_PERIOD = { from: '2008-11-01', to: '2009-10-31' } as const;
const HISTORY = { from: '2007-03-01', to: '2008-10-31' } as const;
const MONTHS = monthsOf(KAUNAS_PERIOD.from, KAUNAS_PERIOD.to);

/** The figures of spec/scenarios.md that the plan is built to give. */
const T = {
  clients: { aOld: 47, aPrev: 25, aNew: 137, bOld: 110, bNew: 197, former: 60 },
  regular: 172,
  peers: 9,
  exchangeRecords: 3501,
  sameDayRepeats: 15,
  svc: { information: 94, consultation: 559, health_education: 275, referral: 194 } as Record<string, number>,
  tests: { combined: 234, persons: 207, retested: 27, testedA: 120, testedB: 87, pwidB: 43 },
  positives: { hiv: [12, 7], hbv: [6, 6], hcv: [112, 54] } as Record<Infection, [number, number]>,
  gp: { services: 2784, knownClients: 430, anonymousPeople: 251, anonymousRecords: 220 },
  supplies: { syringesOut: 28190, needlesOut: 14796, syringesIn: 30697, needlesIn: 19948, condoms: 1600, pads: 8570 },
  reached: { street: 91, points: 195 },
} as const;

interface KClient extends PlannedClient {
  group: 'aOld' | 'aPrev' | 'aNew' | 'bOld' | 'bNew' | 'former';
  regular: boolean;
  /** Days with a record in the period. */
  days: Set<string>;
  testDays: string[];
}

const participant = (c: KClient) => c.group === 'aOld' || c.group === 'aPrev' || c.group === 'aNew';
const old = (c: KClient) => c.group === 'aOld' || c.group === 'aPrev' || c.group === 'bOld';

/** The cabinet's staff: every role has a login in a demo database (createDemo). */
export const KAUNAS_STAFF: readonly DemoPerson[] = [
  { userName: 'sd.vilma', displayName: 'Vilma (socialinė darbuotoja)', role: 'social_worker' },
  { userName: 'sd.andrius', displayName: 'Andrius (socialinis darbuotojas)', role: 'social_worker' },
  { userName: 'gyd.ruta', displayName: 'Rūta (bendrosios praktikos gydytoja)', role: 'medical' },
  { userName: 'sl.irena', displayName: 'Irena (slaugytoja)', role: 'medical' },
];

export function generateKaunas(ctx: Ctx, seed: number): void {
  const rng = new Random(seed);
  ctx.store.tx(() => build(ctx, rng));
}

function build(ctx: Ctx, rng: Random): void {
  // ---- the cabinet ----
  updateSettings(ctx, { cabinetName: 'Kauno miesto socialinių paslaugų centras, socialinių ligų (žemo slenksčio paslaugų) kabinetas' });
  saveProject(ctx, {
    title: "Harm reduction programme in Kaunas City Social Service Centre's Social Disease (Low-threshold service) cabinet",
    donor: 'UNODC', from: KAUNAS_PERIOD.from, to: KAUNAS_PERIOD.to, budgetMinor: 5_600_000, currency: 'LTL',
  });
  const [cabinet] = addSites(ctx, [{ name: 'Socialinių ligų kabinetas', kind: 'cabinet' }]);
  const points = addSites(ctx, Array.from({ length: 11 }, (_, i) => ({ name: `Taškas Nr. ${i + 1}`, kind: 'point' as const })));
  const [desk1, desk2, doctor, nurse] = addStaffRecords(ctx, KAUNAS_STAFF);
  const desk = () => (rng.chance(0.6) ? desk1 : desk2);
  const medic = () => (rng.chance(0.55) ? doctor : nurse);

  // ---- clients ----
  let n = 0;
  const clients: KClient[] = [];
  for (const [group, count] of Object.entries(T.clients) as Array<[KClient['group'], number]>) {
    for (let i = 0; i < count; i++) {
      const birthYear = rng.chance(0.7) ? rng.int(1972, 1986) : rng.int(1955, 1990);
      clients.push({
        n: n++, group, sex: rng.chance(0.8) ? 'male' : 'female', birthYear,
        injects: group.startsWith('a') || group === 'former' ? 'yes' : 'unknown',
        pharmacotherapy: rng.chance(group.startsWith('b') ? 0.15 : 0.08),
        regular: false, days: new Set(), testDays: [],
      });
    }
  }
  const inPeriod = clients.filter((c) => c.group !== 'former');
  const aClients = inPeriod.filter(participant);
  const bClients = inPeriod.filter((c) => !participant(c));
  const peers = rng.sample(aClients.filter(old), T.peers);
  const regular = new Set([...peers, ...rng.sample(aClients.filter((c) => !peers.includes(c)), T.regular - T.peers)]);
  for (const c of regular) c.regular = true;

  const visits: PlannedVisit[] = [];
  const plan = (v: Omit<PlannedVisit, 'time' | 'anonymousCount' | 'supplies' | 'services' | 'tests' | 'siteId'> & Partial<PlannedVisit>): PlannedVisit => {
    const full: PlannedVisit = { time: null, anonymousCount: 1, supplies: [], services: [], tests: [], siteId: cabinet, ...v };
    visits.push(full);
    if (full.client && full.date >= KAUNAS_PERIOD.from && !full.voidReason) (full.client as KClient).days.add(full.date);
    return full;
  };

  // ---- secondary exchange: 9 peers from December; peers 7-9 stop in spring with their 5 points ----
  const peerPoints = peers.map((_, i) => (i < 6 ? [points[i]] : i === 6 ? [points[6], points[7]] : i === 7 ? [points[8], points[9]] : [points[10]]));
  const pickups: PlannedVisit[] = [];
  peers.forEach((peer, i) => {
    const lastMonth = i < 6 ? 11 : 3 + i - 6 + 1; // the three who stop: after March, April, May
    for (let m = 1; m <= lastMonth; m++) {
      for (const date of rng.sample(workdaysOfMonth(MONTHS[m]), rng.int(1, 3))) {
        pickups.push(plan({ date, client: peer, kind: 'secondary', staff: desk(), secondary: { report: null } }));
      }
    }
  });

  // ---- own exchange visits: the days of each participant ----
  const ownTotal = T.exchangeRecords - pickups.length - T.sameDayRepeats;
  const nonRegular = aClients.filter((c) => !c.regular);
  const regulars = aClients.filter((c) => c.regular);
  const nonRegularDays = nonRegular.map(() => rng.int(1, 7));
  const regularDays = allocate(ownTotal - nonRegularDays.reduce((a, b) => a + b, 0), regulars.map(() => 0.2 + rng.next() * 1.8), 4, 80);
  const exchangeVisits: PlannedVisit[] = [...pickups];
  const monthDays = (month: string, k: number, taken: Set<string>) => rng.sample(workdaysOfMonth(month).filter((d) => !taken.has(d)), k);
  regulars.forEach((c, i) => {
    const total = regularDays[i];
    const minMonths = Math.ceil(total / 12);
    let start = c.group === 'aNew' ? rng.int(0, 10) : rng.chance(0.8) ? 0 : rng.int(0, 6);
    start = Math.min(start, 12 - minMonths);
    const span = Math.max(minMonths, Math.min(12 - start, total - 2, rng.int(3, 12)));
    const peak = rng.int(0, span - 1);
    const perMonth = allocate(total, Array.from({ length: span }, () => rng.next() + 0.3), Array.from({ length: span }, (_, k) => (k === peak ? 3 : 1)), 12);
    perMonth.forEach((k, m) => {
      for (const date of monthDays(MONTHS[start + m], k, c.days)) exchangeVisits.push(plan({ date, client: c, kind: 'cabinet', staff: desk() }));
    });
  });
  nonRegular.forEach((c, i) => {
    const total = nonRegularDays[i];
    const pool = MONTHS.slice(c.group === 'aNew' ? rng.int(0, 8) : 0);
    const months = rng.sample(pool, Math.min(pool.length, rng.int(Math.ceil(total / 2), total))).sort();
    const effective = Math.min(total, months.length * 2);
    nonRegularDays[i] = effective;
    allocate(effective, months.map(() => 1), 1, 2).forEach((k, m) => {
      for (const date of monthDays(months[m], k, c.days)) exchangeVisits.push(plan({ date, client: c, kind: 'cabinet', staff: desk() }));
    });
  });
  // Monthly months may leave fewer days than drawn for a non-regular client; top up the regulars.
  let missing = T.exchangeRecords - T.sameDayRepeats - exchangeVisits.length;
  while (missing > 0) {
    const c = rng.pick(regulars);
    const month = rng.pick(MONTHS);
    const free = workdaysOfMonth(month).filter((d) => !c.days.has(d));
    if (free.length === 0) continue;
    exchangeVisits.push(plan({ date: rng.pick(free), client: c, kind: 'cabinet', staff: desk() }));
    missing--;
  }
  // A few came back the same day (two records, one visit-day).
  for (const v of rng.sample(exchangeVisits.filter((x) => x.kind === 'cabinet' && x.client && (x.client as KClient).regular), T.sameDayRepeats)) {
    exchangeVisits.push(plan({ date: v.date, client: v.client, kind: 'cabinet', staff: desk() }));
  }
  // One peer's refresher training, noted on a visit.
  const peerVisits = exchangeVisits.filter((v) => v.client === peers[0] && v.kind === 'cabinet');
  const laterVisits = peerVisits.filter((v) => v.date >= '2009-03-01');
  rng.pick(laterVisits.length > 0 ? laterVisits : peerVisits).trainedSecondary = true;

  // ---- clients who do not exchange: one to five days, never more than two in a month ----
  for (const c of bClients) {
    const k = rng.int(1, 5);
    const months = rng.sample(MONTHS, Math.min(k, Math.ceil(k / 2) + rng.int(0, 2))).sort();
    allocate(Math.min(k, months.length * 2), months.map(() => 1), 1, 2).forEach((cnt, m) => {
      for (const date of monthDays(months[m], cnt, c.days)) c.days.add(date);
    });
  }

  // ---- tests: who, when, and with which results ----
  const pickTested = (list: KClient[], count: number, oldShare: number) => {
    const olds = list.filter(old);
    const takeOld = Math.min(olds.length, Math.round(count * oldShare));
    return [...rng.sample(olds, takeOld), ...rng.sample(list.filter((c) => !old(c)), count - takeOld)];
  };
  const testedA = pickTested(aClients, T.tests.testedA, 0.46);
  const testedB = pickTested(bClients, T.tests.testedB, 0.57);
  const tested = [...testedA, ...testedB];
  const spread = (c: KClient) => {
    const d = [...c.days].sort();
    return d.length >= 2 && addDays(d[0], 60) <= d[d.length - 1];
  };
  const retested = new Set(rng.sample(tested.filter(spread), T.tests.retested));
  for (const c of tested) {
    const d = [...c.days].sort();
    c.testDays = retested.has(c) ? [d[0], d[d.length - 1]] : [rng.pick(d)];
  }
  rng.sample(testedB, T.tests.pwidB).forEach((c) => (c.injects = 'yes'));
  for (const c of bClients) if (c.injects === 'unknown') c.injects = testedB.includes(c) ? (rng.chance(0.5) ? 'no' : 'unknown') : rng.weighted([['yes', 35], ['no', 40], ['unknown', 25]] as const);
  if (testedB.filter((c) => c.injects === 'yes').length !== T.tests.pwidB) throw new Error('kaunas: people who inject among the tested do not add up');

  // Per infection: the new positives (first positive in the period, new clients tested once) and the
  // known positives (positive before the period; every test of theirs in the period is positive).
  const known: Record<Infection, Set<KClient>> = { hiv: new Set(), hbv: new Set(), hcv: new Set() };
  const fresh: Record<Infection, Set<KClient>> = { hiv: new Set(), hbv: new Set(), hcv: new Set() };
  const singleNew = tested.filter((c) => !old(c) && c.testDays.length === 1);
  const oldTested = tested.filter(old);
  fresh.hcv = new Set(rng.sample(singleNew, T.positives.hcv[1]));
  fresh.hiv = new Set(rng.sample([...fresh.hcv], T.positives.hiv[1]));
  fresh.hbv = new Set(rng.sample(singleNew, T.positives.hbv[1]));
  const chooseKnown = (pool: KClient[], results: number): Set<KClient> => {
    const out = new Set<KClient>();
    let rest = results;
    for (const c of rng.shuffle([...pool])) {
      if (rest === 0) break;
      if (c.testDays.length <= rest) {
        out.add(c);
        rest -= c.testDays.length;
      }
    }
    if (rest !== 0) throw new Error('kaunas: not enough known positives to reach the positive results');
    return out;
  };
  known.hcv = chooseKnown(oldTested, T.positives.hcv[0] - T.positives.hcv[1]);
  known.hiv = chooseKnown([...known.hcv], T.positives.hiv[0] - T.positives.hiv[1]);
  known.hbv = chooseKnown(oldTested, T.positives.hbv[0] - T.positives.hbv[1]);
  const resultOf = (c: KClient, inf: Infection): TestResult => (known[inf].has(c) || fresh[inf].has(c) ? 'positive' : 'negative');
  const hivPositive = (c: KClient) => known.hiv.has(c) || fresh.hiv.has(c);

  for (const c of tested) {
    for (const date of c.testDays) {
      plan({
        date, client: c, kind: 'medical', staff: doctor,
        services: [{ type: 'pre_test_counselling', units: 1 }, { type: 'blood_sampling', units: 1 }],
        tests: [{ type: 'combined', laterResults: { after: 7, results: { hiv: resultOf(c, 'hiv'), hbv: resultOf(c, 'hbv'), hcv: resultOf(c, 'hcv') } } }],
      });
    }
  }

  // ---- the doctor: 430 known clients (the tested among them) and 251 people without a code ----
  const treated = new Set<KClient>(tested);
  for (const c of rng.sample(inPeriod.filter((x) => !treated.has(x)), T.gp.knownClients - treated.size)) treated.add(c);
  const gpVisits: PlannedVisit[] = [];
  for (const c of treated) {
    const times = tested.includes(c) ? rng.int(0, 2) : rng.int(1, 4);
    for (let k = 0; k < times; k++) gpVisits.push(plan({ date: rng.pick([...c.days]), client: c, kind: 'medical', staff: medic() }));
  }
  const anonymousCounts = allocate(T.gp.anonymousPeople, Array.from({ length: T.gp.anonymousRecords }, () => 1), 1, 3);
  const periodWorkdays = workdaysBetween(KAUNAS_PERIOD.from, KAUNAS_PERIOD.to);
  for (const count of anonymousCounts) gpVisits.push(plan({ date: rng.pick(periodWorkdays), client: null, anonymousCount: count, kind: 'medical', staff: medic() }));
  const gpUnits = allocate(T.gp.services - T.tests.combined, gpVisits.map(() => 0.5 + rng.next()), 1, 8);
  gpVisits.forEach((v, i) => {
    const u = gpUnits[i];
    const primary = rng.weighted([['wound_care', 40], ['dressing', 35], ['gp_other', 15], ['blood_sampling', 10]] as const);
    if (u >= 2 && primary === 'wound_care' && rng.chance(0.6)) {
      const a = rng.int(1, u - 1);
      v.services.push({ type: 'wound_care', units: a }, { type: 'dressing', units: u - a });
    } else {
      v.services.push({ type: primary, units: u });
    }
  });

  // ---- days of non-exchanging clients without a record yet: a talk at the desk ----
  const hasRecord = new Set(visits.filter((v) => v.client).map((v) => `${(v.client as KClient).n}|${v.date}`));
  const deskVisits: PlannedVisit[] = [];
  for (const c of bClients) {
    for (const date of c.days) {
      if (!hasRecord.has(`${c.n}|${date}`) || rng.chance(0.25)) deskVisits.push(plan({ date, client: c, kind: 'cabinet', staff: desk() }));
    }
  }
  // Post-test counselling at the client's next visit after the test.
  for (const c of tested) {
    for (const t of c.testDays) {
      const next = [...c.days].sort().find((d) => d > addDays(t, 6));
      const v = next && visits.find((x) => x.client === c && x.date === next && !x.secondary);
      if (v) v.services.push({ type: 'post_test_counselling', units: 1 });
    }
  }

  // ---- social services: every desk talk has one; the rest over the exchange visits ----
  const budget: Record<string, number> = { ...T.svc };
  for (const v of deskVisits) {
    if (Object.values(budget).every((left) => left <= 0)) throw new Error('kaunas: more desk talks than social service units');
    const type = rng.weighted(Object.entries(budget).map(([k, left]) => [k, left] as const));
    v.services.push({ type: type as ServiceType, units: 1, ...(type === 'referral' ? { referralTo: referralFor(rng, v.client as KClient, hivPositive) } : {}) });
    budget[type]--;
  }
  const withServices = [...deskVisits, ...exchangeVisits.filter((v) => !v.secondary)];
  for (const [type, left] of Object.entries(budget)) {
    if (left === 0) continue;
    const free = withServices.filter((v) => !v.services.some((s) => s.type === type));
    const lines = Math.min(free.length, Math.max(1, Math.round(left * 0.85)));
    const units = allocate(left, Array.from({ length: lines }, () => 1), 1, 3);
    rng.sample(free, lines).forEach((v, i) => v.services.push({
      type: type as ServiceType, units: units[i], ...(type === 'referral' ? { referralTo: referralFor(rng, v.client as KClient, hivPositive) } : {}),
    }));
  }

  // ---- supplies over the exchange records ----
  const weightOf = (v: PlannedVisit) => (v.secondary ? 6 : 0.4 + rng.next() * 1.2);
  const subset = (share: number) => exchangeVisits.filter((v) => v.secondary || rng.chance(share));
  const size = new Map<number, string>(aClients.map((c) => [c.n, rng.chance(0.7) ? 'syringe_2ml' : 'syringe_5ml']));
  const put = (list: PlannedVisit[], total: number, itemKey: (v: PlannedVisit) => string, direction: 'out' | 'in', max: number) => {
    allocate(total, list.map(weightOf), 1, list.map((v) => (v.secondary ? max * 3 : max))).forEach((q, i) => list[i].supplies.push({ itemKey: itemKey(list[i]), direction, quantity: q }));
  };
  const syringe = (v: PlannedVisit) => size.get((v.client as KClient).n) ?? 'syringe';
  put(exchangeVisits, T.supplies.syringesOut, syringe, 'out', 60);
  put(subset(0.85), T.supplies.syringesIn, syringe, 'in', 80);
  put(subset(0.6), T.supplies.needlesOut, () => 'needle', 'out', 60);
  put(subset(0.5), T.supplies.needlesIn, () => 'needle', 'in', 80);
  put(subset(0.7), T.supplies.pads, () => 'alcohol_pad', 'out', 40);
  const own = exchangeVisits.filter((v) => !v.secondary);
  const condomVisits = rng.sample(own, 420);
  allocate(T.supplies.condoms, condomVisits.map(() => 1), 1, 10).forEach((q, i) => condomVisits[i].supplies.push({ itemKey: 'condom', direction: 'out', quantity: q }));
  for (const v of rng.sample(own, 90)) v.supplies.push({ itemKey: 'disinfectant', direction: 'out', quantity: rng.int(1, 3) });
  for (const v of rng.sample(own, 60)) v.supplies.push({ itemKey: 'leaflet', direction: 'out', quantity: 1 });

  // ---- reports of peers reached: every point at least once ----
  const reports: Array<{ v: PlannedVisit; point: number | null }> = [];
  peers.forEach((peer, i) => {
    const mine = pickups.filter((v) => v.client === peer).sort((a, b) => (a.date < b.date ? -1 : 1));
    mine.forEach((v, k) => {
      const pointFirst = k < peerPoints[i].length ? peerPoints[i][k] : null;
      if (pointFirst !== null) reports.push({ v, point: pointFirst });
      else if (rng.chance(0.65)) reports.push({ v, point: rng.chance(0.6) ? rng.pick(peerPoints[i]) : null });
    });
  });
  const streetReports = reports.filter((r) => r.point === null);
  const pointReports = reports.filter((r) => r.point !== null);
  const street = allocate(T.reached.street, streetReports.map(() => 1), 1, 8);
  const atPoints = allocate(T.reached.points, pointReports.map(() => 1), 1, 12);
  streetReports.forEach((r, i) => (r.v.secondary = { report: { pointId: null, peersStreet: street[i], peersPoints: 0 } }));
  pointReports.forEach((r, i) => (r.v.secondary = { report: { pointId: r.point, peersStreet: 0, peersPoints: atPoints[i] } }));

  // ---- mistakes, voided with a reason (they must not count anywhere) ----
  const nonRegularWithTwo = nonRegular.filter((c) => MONTHS.some((m) => [...c.days].filter((d) => d.startsWith(m)).length === 2));
  for (const c of rng.sample(nonRegularWithTwo, Math.min(3, nonRegularWithTwo.length))) {
    const month = MONTHS.find((m) => [...c.days].filter((d) => d.startsWith(m)).length === 2) as string;
    const date = rng.pick(workdaysOfMonth(month).filter((d) => !c.days.has(d)));
    plan({ date, client: c, kind: 'cabinet', staff: desk(), supplies: [{ itemKey: 'syringe_2ml', direction: 'out', quantity: 10 }], voidReason: 'Įrašyta ne tam klientui' });
  }
  for (const c of rng.sample(bClients, 2)) {
    plan({ date: rng.pick(periodWorkdays), client: c, kind: 'cabinet', staff: desk(), supplies: [{ itemKey: 'syringe_5ml', direction: 'out', quantity: 20 }, { itemKey: 'needle', direction: 'in', quantity: 15 }], services: [{ type: 'consultation', units: 1 }], voidReason: 'Dubliuotas įrašas' });
  }

  // ---- history before the period (for "new" and "first ever") ----
  const historyDays = workdaysBetween(HISTORY.from, HISTORY.to);
  for (const c of clients.filter((x) => old(x) || x.group === 'former')) {
    const exchanges = c.group === 'aOld' || c.group === 'former' || (c.group === 'bOld' && rng.chance(0.1));
    const days = rng.sample(historyDays, c.group === 'aOld' ? rng.int(2, 10) : rng.int(1, 4)).sort();
    for (const date of days) {
      plan({
        date, client: c, kind: 'cabinet', staff: desk(),
        supplies: exchanges ? [{ itemKey: 'syringe_2ml', direction: 'out', quantity: rng.int(3, 15) }, { itemKey: 'syringe', direction: 'in', quantity: rng.int(0, 15) || 1 }] : [],
        services: [{ type: 'consultation', units: 1 }],
      });
    }
    const knownAny = known.hiv.has(c) || known.hbv.has(c) || known.hcv.has(c);
    if (knownAny || (tested.includes(c) && rng.chance(0.3))) {
      plan({
        date: rng.pick(days), client: c, kind: 'medical', staff: doctor,
        services: [{ type: 'pre_test_counselling', units: 1 }, { type: 'blood_sampling', units: 1 }],
        tests: [{ type: 'combined', results: { hiv: known.hiv.has(c) ? 'positive' : 'negative', hbv: known.hbv.has(c) ? 'positive' : 'negative', hcv: known.hcv.has(c) ? 'positive' : 'negative' } }],
      });
    }
  }

  // ---- write: clients first, then every record in date order; trainings, meetings, media ----
  registerClients(ctx, rng, clients, new Set());
  const activities = [
    { date: '2008-06-18', type: 'meeting', title: 'Susitikimas su Kauno visuomenės sveikatos centru', participants: 7, institution: 'health_care' },
    { date: '2008-11-19', type: 'training', title: 'Antrinio keitimo mokymai (1 grupė)', participants: 6, trainedClientIds: peers.slice(0, 6).map((c) => c.id) },
    { date: '2008-11-26', type: 'training', title: 'Antrinio keitimo mokymai (2 grupė)', participants: 3, trainedClientIds: peers.slice(6).map((c) => c.id) },
    { date: '2008-11-27', type: 'media', title: 'Straipsnis dienraštyje „Kauno diena“ apie kabinetą' },
    { date: '2008-12-10', type: 'meeting', title: 'Susitikimas savivaldybės Sveikatos skyriuje', participants: 8, institution: 'municipality' },
    { date: '2009-03-04', type: 'media', title: 'Reportažas regioninėje televizijoje' },
    { date: '2009-04-15', type: 'meeting', title: 'Apskritasis stalas su gydymo įstaigomis', participants: 12, institution: 'health_care' },
    { date: '2009-09-16', type: 'media', title: 'Interviu radijo laidoje' },
  ];
  writeVisits(visits.filter((v) => v.date < '2008-11-19'), rng);
  for (const a of activities) createActivity(desk1.ctx, activityInput.parse(a));
  writeVisits(visits.filter((v) => v.date >= '2008-11-19'), rng);
  // The points of the three peers who stopped became inaccessible.
  for (const id of points.slice(6)) saveSite(ctx, { id, name: `Taškas Nr. ${points.indexOf(id) + 1}`, kind: 'point', active: false });
}

function referralFor(rng: Random, c: KClient | null, hivPositive: (c: KClient) => boolean): ReferralDestination {
  if (c && hivPositive(c) && rng.chance(0.7)) return 'hiv_care';
  return rng.weighted([['pharmacotherapy', 35], ['detoxification', 20], ['gp', 10], ['tb', 5], ['sti', 5], ['social_services', 15], ['other', 10]] as const);
}

