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
// - What the field records beside (issue 17), drawn from a second seeded source so that the
//   records above stay as they were: HCV RNA tests some weeks after antibody positives (their
//   blood sampling taken from the doctor's other units, so gp_services stays), care steps after
//   positive HIV and RNA results, outcomes of most referrals, dated pharmacotherapy, how the
//   new clients came (many brought by the peers, with the peer's code, or through a point), a
//   training in overdose response in May 2009 after which the trained get naloxone kits and
//   some overdoses are reversed by peers, overdose reports through the year, filters and water.
import type { Ctx } from '../services/context';
import { createActivity } from '../services/activities';
import { saveProject } from '../services/projects';
import { saveSite } from '../services/sites';
import { updateSettings } from '../services/settings';
import { activityInput } from '../../shared/schemas';
import { monthsOf, addDays } from '../../shared/dates';
import type { CameVia, Infection, NaloxoneGiver, OverdoseOutcome, OverdoseReporter, ReferralDestination, ServiceType, TestResult, YesNoUnknown } from '../../shared/domain';
import { addSites, addStaffRecords, datesBetween, openingTime, type DemoPerson, type DemoStaff } from './common';
import { allocate, Random } from './random';
import { registerClients, workdaysBetween, workdaysOfMonth, writeVisits, type PlannedClient, type PlannedVisit } from './plan';
import { recordDemoCareStep, recordDemoOverdose, recordPharmacotherapyHistory, recordReferralOutcome } from './field';

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
  // The field records' own source: drawing them does not move the draws of the records above.
  const field = new Random(seed * 7 + 17);
  ctx.store.tx(() => build(ctx, rng, field));
}

/** The overdose-response training; naloxone kits are handed out from then on. */
const OVERDOSE_TRAINING = '2009-05-20';

function build(ctx: Ctx, rng: Random, f: Random): void {
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
  // HCV RNA tests: most new antibody positives, some known ones, at a visit of theirs two weeks or
  // more after the antibody test (or, for a new positive with none left in the period, in the
  // weeks after it). Each takes a blood sample: the doctor's other units are that many fewer.
  const rna: Array<{ c: KClient; date: string; positive: boolean }> = [];
  for (const c of [...fresh.hcv, ...known.hcv]) {
    const isNew = fresh.hcv.has(c);
    if (!f.chance(isNew ? 0.7 : 0.3)) continue;
    const later = [...c.days].filter((d) => d >= addDays(c.testDays[c.testDays.length - 1], 14)).sort();
    if (later.length === 0 && !isNew) continue;
    const date = later.length > 0 ? f.pick(later.slice(0, 3)) : f.pick(workdaysBetween('2009-11-09', '2009-12-18'));
    rna.push({ c, date, positive: f.chance(0.75) });
  }
  const rnaInPeriod = rna.filter((r) => r.date <= KAUNAS_PERIOD.to).length;
  const gpUnits = allocate(T.gp.services - T.tests.combined - rnaInPeriod, gpVisits.map(() => 0.5 + rng.next()), 1, 8);
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

  // ---- the field's records on visits (their own source) ----
  for (const r of rna) {
    plan({
      date: r.date, time: openingTime(f), client: r.c, kind: 'medical', staff: doctor, services: [{ type: 'blood_sampling', units: 1 }],
      tests: [{ type: 'hcv_rna', laterResults: { after: 10, results: { hcv: r.positive ? 'positive' : 'negative' } } }],
    });
  }
  // The overdose-response training: the six peers still at work and six other regular clients; each
  // takes a naloxone kit at a later exchange, and peers take kits for their points.
  const trainees = [...peers.slice(0, 6), ...f.sample(regulars.filter((c) => !peers.includes(c)), 6)];
  for (const c of trainees) {
    const after = own.filter((v) => v.client === c && v.date > OVERDOSE_TRAINING && !v.voidReason);
    for (const v of f.sample(after, Math.min(after.length, f.int(1, 2)))) v.supplies.push({ itemKey: 'naloxone', direction: 'out', quantity: 1 });
  }
  for (const v of pickups) if (v.date > OVERDOSE_TRAINING && f.chance(0.3)) v.supplies.push({ itemKey: 'naloxone', direction: 'out', quantity: f.int(1, 2) });
  for (const v of f.sample(own, 180)) v.supplies.push({ itemKey: 'filter', direction: 'out', quantity: f.int(2, 10) });
  for (const v of f.sample(own, 140)) v.supplies.push({ itemKey: 'water', direction: 'out', quantity: f.int(5, 20) });

  noteCameVia(f, clients, visits, peerActivity(peers, pickups, peerPoints));

  // ---- write: clients first, then every record in date order; trainings, meetings, media ----
  registerClients(ctx, rng, clients, new Set());
  const activities = [
    { date: '2008-06-18', type: 'meeting', title: 'Susitikimas su Kauno visuomenės sveikatos centru', participants: 7, institution: 'health_care' },
    { date: '2008-11-19', type: 'training', topic: 'secondary_exchange', title: 'Antrinio keitimo mokymai (1 grupė)', participants: 6, trainedClientIds: peers.slice(0, 6).map((c) => c.id) },
    { date: '2008-11-26', type: 'training', topic: 'secondary_exchange', title: 'Antrinio keitimo mokymai (2 grupė)', participants: 3, trainedClientIds: peers.slice(6).map((c) => c.id) },
    { date: '2008-11-27', type: 'media', title: 'Straipsnis dienraštyje „Kauno diena“ apie kabinetą' },
    { date: '2008-12-10', type: 'meeting', title: 'Susitikimas savivaldybės Sveikatos skyriuje', participants: 8, institution: 'municipality' },
    { date: '2009-03-04', type: 'media', title: 'Reportažas regioninėje televizijoje' },
    { date: '2009-04-15', type: 'meeting', title: 'Apskritasis stalas su gydymo įstaigomis', participants: 12, institution: 'health_care' },
    // The trained are counted, not linked: a training's clients are those trained for secondary exchange.
    { date: OVERDOSE_TRAINING, type: 'training', topic: 'overdose_response', title: 'Perdozavimo atpažinimas ir pagalba, naloksonas', participants: trainees.length },
    { date: '2009-09-16', type: 'media', title: 'Interviu radijo laidoje' },
  ];
  writeVisits(visits.filter((v) => v.date < '2008-11-19'), rng);
  for (const a of activities) createActivity(desk1.ctx, activityInput.parse(a));
  writeVisits(visits.filter((v) => v.date >= '2008-11-19'), rng);
  // The points of the three peers who stopped became inaccessible.
  for (const id of points.slice(6)) saveSite(ctx, { id, name: `Taškas Nr. ${points.indexOf(id) + 1}`, kind: 'point', active: false });

  writeFieldRecords(f, {
    clients, peers, pickups, visits, rna,
    hivPositive: [...known.hiv, ...fresh.hiv], desk: [desk1, desk2], doctor, cabinet, peerPoints,
  });
}

interface FieldPlan {
  clients: KClient[];
  peers: KClient[];
  pickups: PlannedVisit[];
  visits: PlannedVisit[];
  rna: Array<{ c: KClient; date: string; positive: boolean }>;
  hivPositive: KClient[];
  desk: DemoStaff[];
  doctor: DemoStaff;
  cabinet: number;
  peerPoints: number[][];
}

/** When each peer took equipment for others (three weeks' grace after the last pick-up), and their points. */
function peerActivity(peers: KClient[], pickups: PlannedVisit[], peerPoints: number[][]) {
  return peers.map((peer, i) => {
    const days = pickups.filter((v) => v.client === peer).map((v) => v.date).sort();
    return { peer, points: peerPoints[i], from: days[0], to: addDays(days[days.length - 1], 21) };
  });
}

/** The first day of each client's non-voided records. */
function firstDays(visits: PlannedVisit[]): Map<KClient, string> {
  const out = new Map<KClient, string>();
  for (const v of visits) {
    if (!v.client || v.voidReason) continue;
    const c = v.client as KClient;
    if ((out.get(c) ?? '9') > v.date) out.set(c, v.date);
  }
  return out;
}

/**
 * How each client came, noted at registration: the peers brought many of the new clients (98% of
 * those reached in the streets joined, the report says), with the peer's code; the points some; the
 * rest came alone, were referred or were not asked. Clients from before the period mostly not asked.
 */
function noteCameVia(f: Random, clients: KClient[], visits: PlannedVisit[], peerActive: ReturnType<typeof peerActivity>): void {
  const firstDay = firstDays(visits);
  for (const c of clients) {
    const first = firstDay.get(c);
    const isNew = first !== undefined && first >= KAUNAS_PERIOD.from;
    const byPeer = isNew ? peerActive.filter((x) => first >= x.from && first <= x.to) : [];
    const points = isNew && first >= '2008-12-01';
    const routes: Array<readonly [CameVia, number]> = !isNew
      ? [['unknown', 65], ['self', 25], ['referral', 10]]
      : participant(c)
        ? [['peer', byPeer.length > 0 ? 45 : 0], ['point', points ? 15 : 0], ['self', 20], ['referral', 5], ['unknown', 15]]
        : [['self', 40], ['referral', 25], ['peer', byPeer.length > 0 ? 6 : 0], ['point', points ? 3 : 0], ['outreach', 3], ['unknown', 23]];
    c.cameVia = f.weighted(routes);
    if (c.cameVia === 'peer') c.referredBy = f.pick(byPeer).peer;
  }
}

/**
 * The records written after the visits: referral outcomes, care steps, dated pharmacotherapy,
 * overdose reports. None of them changes a figure of scenarios.md.
 */
function writeFieldRecords(f: Random, p: FieldPlan): void {
  const { visits, doctor, cabinet } = p;
  const desk = () => f.pick(p.desk);
  const peerActive = peerActivity(p.peers, p.pickups, p.peerPoints);
  const written = visits.filter((v) => !v.voidReason && v.client);
  const daysOf = new Map<KClient, string[]>();
  for (const v of written) {
    const c = v.client as KClient;
    const list = daysOf.get(c) ?? [];
    list.push(v.date);
    daysOf.set(c, list);
  }
  for (const list of daysOf.values()) list.sort();
  const firstDay = (c: KClient) => (daysOf.get(c) ?? [])[0];
  /** The last day anything was recorded about a client (no overdose death before it). */
  const lastSeen = new Map<KClient, string>();
  const seen = (c: KClient, date: string) => {
    if ((lastSeen.get(c) ?? '') < date) lastSeen.set(c, date);
  };
  for (const [c, list] of daysOf) seen(c, list[list.length - 1]);

  // ---- referral outcomes: most recorded one to five weeks later, a fifth never found out ----
  const ARRIVED: Record<string, number> = { pharmacotherapy: 0.55, detoxification: 0.45, gp: 0.7, hiv_care: 0.7, tb: 0.6, sti: 0.6, social_services: 0.6, other: 0.45 };
  const arrivedAt = new Map<KClient, Map<string, string>>();
  for (const v of written) {
    for (const s of v.services) {
      if (s.type !== 'referral' || f.chance(0.2)) continue;
      const to = s.referralTo ?? 'other';
      const outcome = f.chance(ARRIVED[to] / 0.8) ? 'arrived' : 'not_arrived';
      const date = addDays(v.date, f.int(7, 35));
      recordReferralOutcome(desk(), v.id as number, s.referralTo ?? null, outcome, date);
      const c = v.client as KClient;
      seen(c, date);
      if (outcome === 'arrived') {
        const mine = arrivedAt.get(c) ?? new Map<string, string>();
        if (!mine.has(to)) mine.set(to, date);
        arrivedAt.set(c, mine);
      }
    }
  }

  // ---- care after a positive result ----
  const step = (c: KClient, infection: 'hiv' | 'hcv', s: 'linked_to_care' | 'treatment_started' | 'cured' | 'virally_suppressed', date: string) => {
    recordDemoCareStep(doctor, c.id as number, infection, s, date);
    seen(c, date);
  };
  const firstPositive = (c: KClient, inf: 'hiv' | 'hcv') => written
    .filter((v) => v.client === c && v.tests.some((t) => t.results?.[inf] === 'positive' || t.laterResults?.results[inf] === 'positive'))
    .map((v) => v.date).sort()[0];
  for (const c of p.hivPositive) {
    // Linked at the AIDS centre: the day a referral there after the result was found kept, or weeks after the result.
    const positive = firstPositive(c, 'hiv');
    const referred = arrivedAt.get(c)?.get('hiv_care');
    const linked = referred && referred >= addDays(positive, 7) ? referred : f.chance(0.75) ? addDays(positive, f.int(14, 60)) : null;
    if (!linked) continue;
    step(c, 'hiv', 'linked_to_care', linked);
    if (!f.chance(0.6)) continue;
    const treated = addDays(linked, f.int(30, 240));
    step(c, 'hiv', 'treatment_started', treated);
    if (f.chance(0.8)) step(c, 'hiv', 'virally_suppressed', addDays(treated, f.int(60, 150)));
  }
  for (const r of p.rna.filter((x) => x.positive)) {
    if (!f.chance(0.55)) continue;
    const linked = addDays(r.date, 10 + f.int(14, 45));
    step(r.c, 'hcv', 'linked_to_care', linked);
    if (!f.chance(0.35)) continue;
    const treated = addDays(linked, f.int(20, 90));
    step(r.c, 'hcv', 'treatment_started', treated);
    // Peginterferon for 48 weeks, cured when the virus is still undetectable 24 weeks after.
    if (f.chance(0.55)) step(r.c, 'hcv', 'cured', addDays(treated, f.int(336 + 168, 336 + 200)));
  }

  // ---- pharmacotherapy, dated: the history ends in the status planned for the client today ----
  for (const c of p.clients) {
    const first = firstDay(c);
    if (!first) {
      if (c.pharmacotherapy) throw new Error('kaunas: a client in pharmacotherapy without a visit to date it by');
      continue;
    }
    const referred = arrivedAt.get(c)?.get('pharmacotherapy');
    const changes: Array<{ date: string; status: boolean }> = [];
    if (c.pharmacotherapy) {
      if (referred) {
        // Referred and arrived: the treatment started then; a few had tried it years before.
        if (f.chance(0.3)) changes.push({ date: addDays(referred, -f.int(300, 600)), status: true }, { date: addDays(referred, -f.int(60, 250)), status: false });
        changes.push({ date: referred, status: true });
      } else {
        const start = f.chance(0.6) ? addDays(first, -f.int(30, 700)) : f.pick(daysOf.get(c) ?? [first]);
        changes.push({ date: start, status: true });
        if (f.chance(0.15)) {
          const stop = addDays(start, f.int(60, 200));
          changes.push({ date: stop, status: false }, { date: addDays(stop, f.int(30, 120)), status: true });
        }
      }
    } else if (referred) {
      // Started after the referral and dropped out.
      changes.push({ date: referred, status: true }, { date: addDays(referred, f.int(20, 180)), status: false });
    } else if (f.chance(0.05)) {
      const start = addDays(first, -f.int(100, 900));
      changes.push({ date: start, status: true }, { date: addDays(start, f.int(60, 300)), status: false });
    }
    if (changes.length > 0) {
      recordPharmacotherapyHistory(desk(), c.id as number, changes, c.pharmacotherapy);
      for (const ch of changes) seen(c, ch.date);
    }
  }

  // ---- overdose reports: about two a month; after the May training peers reverse some with the
  //      naloxone they were given; deaths first, of people last seen in the weeks before ----
  const SCRIPT: Array<[OverdoseOutcome, YesNoUnknown, NaloxoneGiver | null, number]> = [
    ['died', 'yes', 'ambulance', 1], ['died', 'no', null, 2],
    ['survived', 'yes', 'ambulance', 6], ['survived', 'yes', 'staff', 1], ['survived', 'yes', 'peer', 4], ['survived', 'yes', 'other', 1],
    ['survived', 'no', null, 3], ['survived', 'unknown', null, 2], ['unknown', 'unknown', null, 2],
  ];
  const periodDays = datesBetween(KAUNAS_PERIOD.from, KAUNAS_PERIOD.to);
  const injecting = p.clients.filter((c) => c.injects === 'yes');
  const dead = new Set<KClient>();
  for (const [outcome, given, by, count] of SCRIPT) {
    for (let k = 0; k < count; k++) {
      const date = f.pick(by === 'peer' ? periodDays.filter((d) => d > OVERDOSE_TRAINING) : periodDays);
      let client: KClient | null = null;
      if (outcome === 'died') {
        const gone = injecting.filter((c) => !dead.has(c) && (lastSeen.get(c) ?? '9') < date && (lastSeen.get(c) ?? '') >= addDays(date, -90));
        if (gone.length > 0 && f.chance(0.7)) client = f.pick(gone);
        if (client) dead.add(client);
      } else if (f.chance(0.65)) {
        const near = injecting.filter((c) => !dead.has(c) && (daysOf.get(c) ?? []).some((d) => d >= addDays(date, -30) && d <= addDays(date, 30)));
        if (near.length > 0) client = f.pick(near);
      }
      const reportedBy: OverdoseReporter = by === 'staff' ? 'staff' : by === 'peer' ? 'peer'
        : f.weighted(outcome === 'died' ? [['peer', 40], ['other', 60]] as const : client ? [['client', 45], ['peer', 25], ['other', 30]] as const : [['peer', 45], ['other', 35], ['client', 20]] as const);
      const active = by === 'peer' ? peerActive.filter((x) => x.from <= date && date <= x.to) : [];
      const peer = active.length > 0 ? f.pick(active) : null;
      const o = {
        date, clientId: client ? (client.id as number) : null, reportedBy,
        siteId: peer && f.chance(0.5) ? f.pick(peer.points) : cabinet,
        place: by === 'staff' ? 'other' : f.weighted([['street', 35], ['home', 40], ['shelter', 10], ['other', 15]] as const),
        naloxoneGiven: given, naloxoneBy: by,
        ambulance: by === 'ambulance' ? 'yes' : outcome === 'died' ? f.weighted([['yes', 80], ['unknown', 20]] as const) : f.weighted([['yes', 45], ['no', 35], ['unknown', 20]] as const),
        outcome,
        note: by === 'staff' ? 'Prie kabineto durų; naloksoną suleido gydytoja, iškviesta greitoji'
          : by === 'peer' ? 'Naloksoną suleido mokymuose dalyvavęs klientas'
            : outcome === 'died' ? 'Apie mirtį pranešė pažįstami' : null,
      };
      recordDemoOverdose(by === 'staff' ? doctor : desk(), o);
      if (client) seen(client, date);
    }
  }
}

function referralFor(rng: Random, c: KClient | null, hivPositive: (c: KClient) => boolean): ReferralDestination {
  if (c && hivPositive(c) && rng.chance(0.7)) return 'hiv_care';
  return rng.weighted([['pharmacotherapy', 35], ['detoxification', 20], ['gp', 10], ['tb', 5], ['sti', 5], ['social_services', 15], ['other', 10]] as const);
}

