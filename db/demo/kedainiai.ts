// kedainiai-2011: low-threshold services of the Kėdainiai primary health care centre,
// 2011-03-15 .. 2011-06-15 (spec/scenarios.md). The figures of that table follow from the
// plan below by construction; days, quantities and codes come from the seed.
//
// The quarter, as planned:
// - 6 regular clients known since 2010 exchange at the cabinet almost weekly; 2 of them, in
//   pharmacotherapy, also take equipment for peers. 14 new clients are met by the two outreach
//   workers (a nurse and a social worker) in the 7 higher-risk places, never more than twice a
//   month. 3 older clients come only for a talk and a test.
// - 41 rapid HIV tests: 20 of clients, 13 of people met in outreach who give no code, and a
//   campaign day in the police arrest house (6 arrestees, 2 officers, all negative); 2 positive.
// - Four advocacy meetings with 30 participants in all.
// - An outreach session entered twice (the copy names a third worker) and a meeting entered twice
//   are voided: neither may count.
// - What the field records beside (issue 17), from a second seeded source so that the records
//   above stay as they were: the new clients came through outreach, a few brought by the two
//   peers (with the peer's code) or referred; the client whose rapid test was positive is
//   referred to the AIDS centre, arrives, and is followed in care; the pharmacotherapy patients'
//   treatment is dated from before 2010; the referral to pharmacotherapy has its outcome; three
//   overdoses are reported; filters go out with some exchanges.
import type { Ctx } from '../services/context';
import { createActivity, voidActivity } from '../services/activities';
import { createOutreachSession, voidOutreachSession } from '../services/outreach';
import { saveProject } from '../services/projects';
import { updateSettings } from '../services/settings';
import { activityInput, outreachInput } from '../../shared/schemas';
import type { ServiceType } from '../../shared/domain';
import { addSites, addStaffRecords, datesBetween, weekday, type DemoPerson } from './common';
import { recordDemoCareStep, recordDemoOverdose, recordPharmacotherapyHistory, recordReferralOutcome } from './field';
import { addDays } from '../../shared/dates';
import { allocate, Random } from './random';
import { registerClients, workdaysBetween, workdaysOfMonth, writeVisits, type PlannedClient, type PlannedSupply, type PlannedVisit } from './plan';
import { monthsOf } from '../../shared/dates';

export const KEDAINIAI_PERIOD = { from: '2011-03-15', to: '2011-06-15' } as const;
const HISTORY = { from: '2010-05-03', to: '2011-03-14' } as const;
const MONTHS = monthsOf(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to);

const T = {
  regular: 6,
  newClients: 14,
  talkOnly: 3,
  former: 5,
  syringes: 461,
  places: 7,
  anonymousTests: 13,
  newClientsTested: 10,
  arrestees: 6,
  officers: 2,
  meetings: [
    { date: '2011-04-07', title: 'Susitikimas su Kėdainių policijos komisariato vadovybe', participants: 8, institution: 'law_enforcement' },
    { date: '2011-04-28', title: 'Savivaldybės tarybos narių susitikimas dėl žemo slenksčio paslaugų', participants: 9, institution: 'municipality' },
    { date: '2011-05-26', title: 'Pasitarimas su gydytojais', participants: 7, institution: 'health_care' },
    { date: '2011-06-09', title: 'ŽIV prevencijos ir socialinio darbo specialistų susitikimas', participants: 6, institution: 'other' },
  ],
} as const;

interface Contact {
  client: PlannedClient | null;
  anonymousCount: number;
  supplies: PlannedSupply[];
  services: Array<{ type: ServiceType; units: number }>;
}

interface Session {
  date: string;
  placeId: number;
  contacts: Contact[];
}

/** The cabinet's staff: every role has a login in a demo database (createDemo). */
export const KEDAINIAI_STAFF: readonly DemoPerson[] = [
  { userName: 'sl.daiva', displayName: 'Daiva (slaugytoja, lauko darbuotoja)', role: 'medical' },
  { userName: 'sd.tomas', displayName: 'Tomas (socialinis darbuotojas, lauko darbuotojas)', role: 'social_worker' },
  { userName: 'sd.laima', displayName: 'Laima (socialinė darbuotoja)', role: 'social_worker' },
];

export function generateKedainiai(ctx: Ctx, seed: number): void {
  const rng = new Random(seed);
  // The field records' own source: drawing them does not move the draws of the records above.
  const field = new Random(seed * 7 + 17);
  ctx.store.tx(() => build(ctx, rng, field));
}

function build(ctx: Ctx, rng: Random, f: Random): void {
  updateSettings(ctx, { cabinetName: 'VšĮ Kėdainių pirminės sveikatos priežiūros centras, žemo slenksčio paslaugos' });
  saveProject(ctx, {
    title: 'Expanding harm reduction services and increasing the accessibility in the community in Kėdainiai region',
    donor: 'UNODC', from: KEDAINIAI_PERIOD.from, to: KEDAINIAI_PERIOD.to, budgetMinor: 610_000, currency: 'LTL',
  });
  const [cabinet, arrestHouse, ...places] = addSites(ctx, [
    { name: 'Žemo slenksčio kabinetas', kind: 'cabinet' },
    { name: 'Kėdainių policijos areštinė', kind: 'arrest_house' },
    ...Array.from({ length: T.places }, (_, i) => ({ name: `Didesnės rizikos vieta Nr. ${i + 1}`, kind: 'outreach_place' as const })),
  ]);
  const [nurse, outreachWorker, desk] = addStaffRecords(ctx, KEDAINIAI_STAFF);

  // ---- clients ----
  let n = 0;
  const mk = (count: number, pharmacotherapy = false): PlannedClient[] => Array.from({ length: count }, () => ({
    n: n++, sex: rng.chance(0.85) ? 'male' : 'female', birthYear: rng.chance(0.6) ? rng.int(1975, 1988) : rng.int(1960, 1992), injects: 'yes', pharmacotherapy,
  }));
  const regular = [...mk(2, true), ...mk(T.regular - 2)];
  const peers = regular.slice(0, 2);
  const fresh = mk(T.newClients);
  const talkOnly = mk(T.talkOnly, true);
  const former = mk(T.former);
  const days = new Map<PlannedClient, Set<string>>([...regular, ...fresh, ...talkOnly].map((c) => [c, new Set<string>()]));

  const visits: PlannedVisit[] = [];
  const plan = (v: Omit<PlannedVisit, 'time' | 'anonymousCount' | 'supplies' | 'services' | 'tests' | 'siteId'> & Partial<PlannedVisit>): PlannedVisit => {
    const full: PlannedVisit = { time: null, anonymousCount: 1, supplies: [], services: [], tests: [], siteId: cabinet, ...v };
    visits.push(full);
    if (full.client && full.date >= KEDAINIAI_PERIOD.from) days.get(full.client)?.add(full.date);
    return full;
  };
  const freeDays = (c: PlannedClient, month: string) => workdaysOfMonth(month, KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to).filter((d) => !days.get(c)?.has(d));

  // ---- outreach: two afternoons a week, every place at least once ----
  const sessionDays = workdaysBetween(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to).filter((d) => weekday(d) === 2 || weekday(d) === 4);
  const placeOrder = rng.shuffle([...places]);
  const sessions: Session[] = sessionDays.filter(() => rng.chance(0.9)).map((date, i) => ({
    date, placeId: i < placeOrder.length ? placeOrder[i] : rng.pick(places), contacts: [],
  }));
  for (const s of sessions) {
    for (let k = rng.int(1, 3); k > 0; k--) s.contacts.push({ client: null, anonymousCount: rng.int(1, 3), supplies: [], services: [] });
  }

  // New clients: met first in outreach, then at most twice a month, in outreach or at the cabinet.
  const exchangeHolders: Array<{ supplies: PlannedSupply[] }> = [];
  const contactsOf = new Map<PlannedClient, Array<{ session: Session; contact: Contact }>>();
  for (const c of fresh) {
    const first = rng.pick(sessions.slice(0, sessions.length - 2));
    const contact: Contact = { client: c, anonymousCount: 1, supplies: [], services: [{ type: 'information', units: 1 }] };
    first.contacts.push(contact);
    days.get(c)?.add(first.date);
    contactsOf.set(c, [{ session: first, contact }]);
    exchangeHolders.push(contact);
    for (let more = rng.int(0, 3); more > 0; more--) {
      const later = rng.pick(sessions.filter((s) => s.date > first.date));
      const month = later.date.slice(0, 7);
      const inMonth = [...(days.get(c) ?? [])].filter((d) => d.startsWith(month)).length;
      if (inMonth >= 2 || days.get(c)?.has(later.date)) continue;
      if (rng.chance(0.6)) {
        const again: Contact = { client: c, anonymousCount: 1, supplies: [], services: [] };
        later.contacts.push(again);
        days.get(c)?.add(later.date);
        contactsOf.get(c)?.push({ session: later, contact: again });
        exchangeHolders.push(again);
      } else {
        const free = freeDays(c, month).filter((d) => d > first.date);
        if (free.length > 0) exchangeHolders.push(plan({ date: rng.pick(free), client: c, kind: 'cabinet', staff: desk }));
      }
    }
  }
  for (const s of sessions) for (const contact of s.contacts) if (contact.client === null && rng.chance(0.85)) exchangeHolders.push(contact);

  // Regular clients: the cabinet almost weekly, at least 3 days in one month of the period.
  for (const c of regular) {
    const peak = rng.pick(MONTHS.slice(1, 3));
    for (const month of MONTHS) {
      const k = month === peak ? rng.int(3, 4) : month === MONTHS[0] || month === MONTHS[MONTHS.length - 1] ? rng.int(1, 2) : rng.int(2, 4);
      for (const date of rng.sample(freeDays(c, month), k)) exchangeHolders.push(plan({ date, client: c, kind: 'cabinet', staff: desk }));
    }
  }
  // Two of them, in pharmacotherapy, take equipment for peers and report the peers reached.
  for (const c of peers) {
    for (const month of MONTHS.slice(1)) {
      exchangeHolders.push(plan({
        date: rng.pick(freeDays(c, month)), client: c, kind: 'secondary', staff: desk,
        secondary: { report: rng.chance(0.7) ? { pointId: null, peersStreet: rng.int(2, 5), peersPoints: 0 } : null },
      }));
    }
  }
  // Older clients who come only for a talk (and a test).
  for (const c of talkOnly) {
    for (const month of rng.sample(MONTHS.slice(0, 3), rng.int(1, 2))) {
      plan({ date: rng.pick(freeDays(c, month)), client: c, kind: 'cabinet', staff: desk, services: [{ type: 'consultation', units: 1 }] });
    }
  }

  // ---- supplies: the syringes of the quarter over every exchange, and the rest beside them ----
  const syringes = allocate(T.syringes, exchangeHolders.map(() => 0.5 + rng.next()), 1, 12);
  exchangeHolders.forEach((h, i) => {
    h.supplies.push({ itemKey: 'syringe_2ml', direction: 'out', quantity: syringes[i] });
    if (rng.chance(0.6)) h.supplies.push({ itemKey: 'syringe', direction: 'in', quantity: rng.int(1, syringes[i] + 2) });
    if (rng.chance(0.5)) h.supplies.push({ itemKey: 'needle', direction: 'out', quantity: rng.int(1, 6) });
    if (rng.chance(0.7)) h.supplies.push({ itemKey: 'alcohol_pad', direction: 'out', quantity: rng.int(2, 10) });
    if (rng.chance(0.35)) h.supplies.push({ itemKey: 'disinfectant', direction: 'out', quantity: 1 });
    if (rng.chance(0.3)) h.supplies.push({ itemKey: 'condom', direction: 'out', quantity: rng.int(1, 5) });
  });
  for (const s of sessions) {
    for (const contact of s.contacts) {
      if (contact.client === null && rng.chance(0.5)) contact.services.push({ type: rng.pick(['information', 'health_education'] as const), units: 1 });
    }
    if (rng.chance(0.4)) s.contacts[0].supplies.push({ itemKey: 'leaflet', direction: 'out', quantity: rng.int(2, 6) });
  }
  for (const v of visits) {
    if (v.kind === 'cabinet' && v.client && regular.includes(v.client) && rng.chance(0.4)) v.services.push({ type: rng.pick(['consultation', 'health_education', 'information'] as const), units: 1 });
  }
  rng.pick(visits.filter((v) => v.kind === 'cabinet' && v.client && regular.includes(v.client))).services.push({ type: 'referral', units: 1, referralTo: 'pharmacotherapy' });

  // ---- tests: 41 rapid HIV tests, 2 positive ----
  const rapid = (positive: boolean) => [{ type: 'rapid_hiv' as const, results: { hiv: positive ? ('positive' as const) : ('negative' as const) } }];
  const counselling = [{ type: 'pre_test_counselling' as const, units: 1 }, { type: 'post_test_counselling' as const, units: 1 }];
  const newTested = rng.sample(fresh, T.newClientsTested);
  newTested.forEach((c, i) => {
    const { session } = rng.pick(contactsOf.get(c) ?? []);
    plan({ date: session.date, client: c, kind: 'outreach', siteId: session.placeId, staff: nurse, services: counselling, tests: rapid(i === 0) });
  });
  for (let i = 0; i < T.anonymousTests; i++) {
    const s = rng.pick(sessions);
    plan({ date: s.date, client: null, kind: 'outreach', siteId: s.placeId, staff: nurse, services: counselling, tests: rapid(i === 0) });
  }
  for (const c of [...regular, ...talkOnly]) {
    const own = [...(days.get(c) ?? [])].sort();
    const testDays = c === regular[2] ? [own[0], own[own.length - 1]] : [rng.pick(own)];
    for (const date of testDays) plan({ date, client: c, kind: 'medical', staff: nurse, services: counselling, tests: rapid(false) });
  }
  const campaign = '2011-05-18';
  for (let i = 0; i < T.arrestees + T.officers; i++) {
    plan({
      date: campaign, client: null, kind: 'arrest_house', siteId: arrestHouse, staff: nurse, services: counselling,
      tests: [{ type: 'rapid_hiv', testedPerson: i < T.arrestees ? 'arrestee' : 'officer', results: { hiv: 'negative' } }],
    });
  }

  // ---- the field's records on visits (their own source) ----
  // The positive rapid test: referred to the AIDS centre for the confirmatory test and care.
  const positiveVisit = visits.find((v) => v.client === newTested[0] && v.tests.length > 0) as PlannedVisit;
  positiveVisit.services = [...positiveVisit.services, { type: 'referral', units: 1, referralTo: 'hiv_care' }];
  for (const h of exchangeHolders) if (f.chance(0.25)) h.supplies.push({ itemKey: 'filter', direction: 'out', quantity: f.int(1, 5) });

  // ---- history: the regular and older clients since 2010, and some who stopped coming ----
  const historyDays = workdaysBetween(HISTORY.from, HISTORY.to);
  for (const c of [...regular, ...talkOnly, ...former]) {
    const exchanges = !talkOnly.includes(c);
    for (const date of rng.sample(historyDays, regular.includes(c) ? rng.int(12, 30) : rng.int(1, 5))) {
      plan({
        date, client: c, kind: 'cabinet', staff: desk,
        supplies: exchanges ? [{ itemKey: 'syringe_2ml', direction: 'out', quantity: rng.int(2, 10) }] : [],
        services: exchanges ? [] : [{ type: 'consultation', units: 1 }],
      });
    }
  }

  // How they came, noted at registration: the new clients met in outreach, three brought by the
  // peers, one referred; of the older clients some said they came by themselves.
  f.shuffle([...fresh]).forEach((c, i) => {
    c.cameVia = i < 3 ? 'peer' : i === 3 ? 'referral' : 'outreach';
    if (i < 3) c.referredBy = f.pick(peers);
  });
  for (const c of [...regular, ...talkOnly, ...former]) if (f.chance(0.4)) c.cameVia = 'self';

  // ---- write, day by day ----
  registerClients(ctx, rng, [...regular, ...fresh, ...talkOnly, ...former], new Set());
  writeVisits(visits.filter((v) => v.date < KEDAINIAI_PERIOD.from), rng);
  for (const date of workdaysBetween(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to)) {
    for (const s of sessions.filter((x) => x.date === date)) {
      createOutreachSession(nurse.ctx, outreachInput.parse({
        date: s.date, placeId: s.placeId, workerIds: [nurse.id, outreachWorker.id],
        contacts: s.contacts.map((c) => ({
          clientId: c.client ? c.client.id : null, anonymousCount: c.anonymousCount,
          supplies: c.supplies.map((x) => ({ itemKey: x.itemKey, direction: x.direction, quantity: x.quantity })), services: c.services,
        })),
      }));
    }
    writeVisits(visits.filter((v) => v.date === date), rng);
    for (const m of T.meetings.filter((x) => x.date === date)) createActivity(desk.ctx, activityInput.parse({ type: 'meeting', ...m }));
  }
  createActivity(desk.ctx, activityInput.parse({ type: 'media', date: '2011-06-14', title: 'Rizikos vietų žemėlapis pristatytas partneriams (rajono laikraštis)' }));

  // Entered twice by mistake and voided: they must not count.
  const copy = sessions[Math.floor(sessions.length / 2)];
  const duplicate = createOutreachSession(desk.ctx, outreachInput.parse({
    date: copy.date, placeId: copy.placeId, workerIds: [desk.id, outreachWorker.id],
    contacts: [{ clientId: null, anonymousCount: 2, supplies: [{ itemKey: 'syringe_2ml', direction: 'out', quantity: 10 }] }],
  }));
  voidOutreachSession(ctx, { id: duplicate.id, reason: 'Sesija įvesta du kartus' });
  // The desk refuses a meeting's institution entered twice for one meeting; a copy typed with the next day's date is taken.
  const meetingCopy = createActivity(desk.ctx, activityInput.parse({ type: 'meeting', ...T.meetings[1], date: addDays(T.meetings[1].date, 1) }));
  voidActivity(ctx, { id: meetingCopy.id, reason: 'Susitikimas įvestas du kartus, kita data' });

  // ---- the field's records written after the visits ----
  const firstDay = (c: PlannedClient) => visits.filter((v) => v.client === c).map((v) => v.date).sort()[0]
    ?? sessions.filter((s) => s.contacts.some((x) => x.client === c)).map((s) => s.date).sort()[0];
  // The referrals' outcomes: the AIDS centre confirmed and took the positive client into care.
  const linked = addDays(positiveVisit.date, f.int(10, 25));
  recordReferralOutcome(nurse, positiveVisit.id as number, 'hiv_care', 'arrived', linked);
  recordDemoCareStep(nurse, newTested[0].id as number, 'hiv', 'linked_to_care', linked);
  const treated = addDays(linked, f.int(60, 150));
  recordDemoCareStep(nurse, newTested[0].id as number, 'hiv', 'treatment_started', treated);
  recordDemoCareStep(nurse, newTested[0].id as number, 'hiv', 'virally_suppressed', addDays(treated, f.int(120, 200)));
  const toPharmacotherapy = visits.find((v) => v.services.some((x) => x.type === 'referral' && x.referralTo === 'pharmacotherapy')) as PlannedVisit;
  const arrived = f.chance(0.6);
  const outcomeDate = addDays(toPharmacotherapy.date, f.int(7, 21));
  recordReferralOutcome(desk, toPharmacotherapy.id as number, 'pharmacotherapy', arrived ? 'arrived' : 'not_arrived', outcomeDate);

  // Pharmacotherapy, dated: the patients in treatment since before 2010 (one with a break); the
  // referred client who arrived and dropped out; one former client who stopped.
  for (const c of [...peers, ...talkOnly]) {
    const start = addDays(firstDay(c), -f.int(60, 500));
    const broke = c === talkOnly[0] ? [{ date: addDays(start, 90), status: false }, { date: addDays(start, 90 + f.int(20, 60)), status: true }] : [];
    recordPharmacotherapyHistory(desk, c.id as number, [{ date: start, status: true }, ...broke], true);
  }
  const referred = toPharmacotherapy.client as PlannedClient;
  if (arrived && !referred.pharmacotherapy) {
    recordPharmacotherapyHistory(desk, referred.id as number, [{ date: outcomeDate, status: true }, { date: addDays(outcomeDate, f.int(20, 60)), status: false }], false);
  }
  const stopped = f.pick(former);
  const began = addDays(firstDay(stopped), f.int(0, 60));
  recordPharmacotherapyHistory(desk, stopped.id as number, [{ date: began, status: true }, { date: addDays(began, f.int(40, 150)), status: false }], false);

  // Overdoses told of in the quarter: at a peer's, in the street where outreach found a new
  // client, and one heard of with nothing more known.
  const quarter = datesBetween(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to);
  recordDemoOverdose(desk, {
    date: f.pick(quarter), siteId: cabinet, clientId: null, reportedBy: 'peer', place: 'home',
    naloxoneGiven: 'yes', naloxoneBy: 'ambulance', ambulance: 'yes', outcome: 'survived', note: 'Pranešė antrinio keitimo dalyvis',
  });
  const s = f.pick(sessions.filter((x) => x.contacts.some((k) => k.client !== null)));
  const met = f.pick(s.contacts.filter((k) => k.client !== null)).client as PlannedClient;
  recordDemoOverdose(outreachWorker, {
    date: s.date, siteId: s.placeId, clientId: met.id as number, reportedBy: 'staff', place: 'street',
    naloxoneGiven: 'no', naloxoneBy: null, ambulance: 'yes', outcome: 'survived', note: 'Lauko darbuotojai iškvietė greitąją',
  });
  recordDemoOverdose(desk, {
    date: f.pick(quarter), siteId: cabinet, clientId: null, reportedBy: 'other', place: 'other',
    naloxoneGiven: 'unknown', naloxoneBy: null, ambulance: 'unknown', outcome: 'unknown', note: null,
  });
}
