// A small hand-made cabinet for report tests: the data of tests/reports/engine.test.ts (copied,
// through the same services; that file is not changed), and the records of issue 17's figures on
// top of it (naloxone, referral outcomes, dated pharmacotherapy, how new clients came, overdose
// reports, trainings with a topic, an HCV RNA test and care steps), each with what it must and must
// not count written beside it. Period P = 2025-01-01 .. 2025-03-31.
import { join } from 'node:path';
import type { z } from 'zod';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { registerClient, mergeClients } from '../../db/services/clients';
import { createVisit, voidVisit } from '../../db/services/visits';
import { createOutreachSession, voidOutreachSession } from '../../db/services/outreach';
import { recordSecondary } from '../../db/services/secondary';
import { createActivity, voidActivity } from '../../db/services/activities';
import { recordCareStep, voidCareStep } from '../../db/services/care';
import { setReferralOutcome } from '../../db/services/referrals';
import { saveSite } from '../../db/services/sites';
import { updateSettings } from '../../db/services/settings';
import { addStaffRecords, type DemoStaff } from '../../db/demo/common';
import { activityInput, careStepInput, outreachInput, registerClientInput, secondaryInput, visitInput } from '../../shared/schemas';

export const P = { from: '2025-01-01', to: '2025-03-31' } as const;

export interface Cabinet {
  vault: Vault;
  ctx: Ctx;
  site: Record<string, number>;
  client: Record<string, number>;
  staff: DemoStaff[];
}

const out = (itemKey: string, quantity: number, forPeers = false) => ({ itemKey, direction: 'out' as const, quantity, forPeers });
const back = (itemKey: string, quantity: number) => ({ itemKey, direction: 'in' as const, quantity });

/** The cabinet of engine.test.ts, in a new encrypted file in `dir`. */
export async function buildCabinet(dir: string): Promise<Cabinet> {
  const created = await createDatabase(join(dir, 'cabinet.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  const vault = created.vault;
  const ctx = makeCtx(vault.store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, vault);
  const site: Record<string, number> = {};
  const client: Record<string, number> = {};
  const visit = (c: Ctx, v: z.input<typeof visitInput>) => createVisit(c, visitInput.parse(v));
  for (const [key, name, kind] of [
    ['A', 'Kabinetas', 'cabinet'], ['B', 'Filialas', 'cabinet'], ['P1', 'Stotis', 'outreach_place'], ['P2', 'Turgus', 'outreach_place'],
    ['P3', 'Garažai', 'outreach_place'], ['X', 'Taškas X', 'point'], ['H', 'Areštinė', 'arrest_house'],
  ] as const) site[key] = saveSite(ctx, { name, kind, active: true }).id;
  const staff = addStaffRecords(ctx, [
    { userName: 'w1', displayName: 'W1', role: 'social_worker' }, { userName: 'w2', displayName: 'W2', role: 'social_worker' },
    { userName: 'w3', displayName: 'W3', role: 'social_worker' }, { userName: 'w4', displayName: 'W4 nurse', role: 'medical' },
    { userName: 'w5', displayName: 'W5', role: 'social_worker' },
  ]);
  updateSettings(ctx, { pwidPopulationEstimate: 100, regularMinVisitDays: 3 });
  const reg = (key: string, code: string, sex: 'male' | 'female' | 'other', birthYear: number | null, injects: 'yes' | 'no') =>
    (client[key] = registerClient(ctx, registerClientInput.parse({ code, sex, birthYear, injects, confirmNotDuplicate: true })).id);
  reg('c1', 'ONJO11990', 'male', 1990, 'yes');
  reg('c2', 'RAPE22006', 'female', 2006, 'no');
  reg('c3', 'VIAN31985', 'other', null, 'yes');
  reg('c4', 'DAKA11960', 'male', 1960, 'yes');
  reg('c5', 'LIVY12010', 'male', 2010, 'no');
  reg('c6', 'ZIRO11980', 'male', 1980, 'yes');
  reg('c7', 'RAPA22006', 'female', 2006, 'no');

  const A = site.A;
  visit(ctx, { date: '2024-12-10', clientId: client.c1, siteId: A, supplies: [out('syringe', 5)] });
  visit(ctx, { date: '2025-01-06', clientId: client.c1, siteId: A, supplies: [out('syringe_2ml', 10), back('syringe', 8), out('alcohol_pad', 10)], services: [{ type: 'consultation', units: 1 }] });
  visit(ctx, { date: '2025-01-06', clientId: client.c1, siteId: A, supplies: [out('needle', 4)] });
  visit(ctx, { date: '2025-01-15', clientId: client.c1, siteId: A, supplies: [out('syringe', 6), back('needle', 3), out('disinfectant', 1)] });
  visit(ctx, { date: '2025-01-31', clientId: client.c1, siteId: A, supplies: [out('syringe', 2)] });
  visit(ctx, { date: '2025-02-10', clientId: client.c1, siteId: site.B, supplies: [out('syringe', 4)] });
  visit(ctx, { date: '2025-03-03', clientId: client.c1, siteId: A, supplies: [out('syringe', 3), out('water', 2)], trainedSecondary: true });
  const mistake = visit(ctx, { date: '2025-03-11', clientId: client.c1, siteId: A, supplies: [out('syringe', 100)] });
  voidVisit(ctx, { id: mistake.id, reason: 'wrong client' });
  visit(ctx, { date: '2025-04-01', clientId: client.c1, siteId: A, supplies: [out('syringe', 50)] });
  visit(ctx, { date: '2025-01-30', clientId: client.c2, siteId: A, services: [{ type: 'consultation', units: 1 }] });
  visit(ctx, { date: '2025-01-31', clientId: client.c2, siteId: A, services: [{ type: 'information', units: 2 }] });
  visit(ctx, { date: '2025-02-01', clientId: client.c7, siteId: A, services: [{ type: 'health_education', units: 1 }] });
  visit(ctx, { date: '2025-02-02', clientId: client.c2, siteId: A, services: [{ type: 'referral', units: 1, referralTo: 'detoxification' }, { type: 'referral', units: 1 }] });
  mergeClients(ctx, { keepId: client.c2, mergeId: client.c7, reason: 'the same person, a typo' });
  visit(ctx, { date: '2024-06-01', clientId: client.c3, kind: 'medical', siteId: A, tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
  visit(ctx, {
    date: '2025-03-05', clientId: client.c3, kind: 'medical', siteId: A,
    services: [{ type: 'wound_care', units: 2 }, { type: 'dressing', units: 1 }, { type: 'pre_test_counselling', units: 1 }],
    tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'positive', hcv: 'positive' } }],
  });
  recordSecondary(ctx, secondaryInput.parse({ date: '2025-03-20', clientId: client.c3, siteId: A, supplies: [out('syringe', 20)], report: { pointId: site.X, peersStreet: 3, peersPoints: 5 } }));
  createOutreachSession(ctx, outreachInput.parse({
    date: '2025-02-03', placeId: site.P1, workerIds: [staff[0].id, staff[1].id], contacts: [
      { clientId: client.c4, supplies: [out('syringe', 3)] },
      { anonymousCount: 3, supplies: [out('syringe', 6), out('condom', 2)] },
      { anonymousCount: 1, services: [{ type: 'information', units: 1 }] },
    ],
  }));
  createOutreachSession(ctx, outreachInput.parse({ date: '2025-02-03', placeId: site.P2, workerIds: [staff[2].id], contacts: [{ anonymousCount: 2, supplies: [out('needle', 2)] }] }));
  visit(staff[3].ctx, { date: '2025-02-04', kind: 'outreach', siteId: site.P1, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
  const copy = createOutreachSession(ctx, outreachInput.parse({ date: '2025-03-15', placeId: site.P3, workerIds: [staff[4].id], contacts: [{ anonymousCount: 4, supplies: [out('syringe', 40)] }] }));
  voidOutreachSession(ctx, { id: copy.id, reason: 'entered twice' });
  visit(ctx, { date: '2025-03-10', clientId: client.c5, kind: 'arrest_house', siteId: site.H, services: [{ type: 'post_test_counselling', units: 1 }], tests: [{ type: 'rapid_hiv', results: { hiv: 'negative' } }] });
  visit(ctx, { date: '2025-03-10', kind: 'arrest_house', siteId: site.H, tests: [{ type: 'rapid_hiv', testedPerson: 'arrestee', results: { hiv: 'negative' } }] });
  visit(ctx, { date: '2025-03-10', kind: 'arrest_house', siteId: site.H, tests: [{ type: 'rapid_hiv', testedPerson: 'officer', results: { hiv: 'negative' } }] });
  visit(ctx, { date: '2025-02-12', kind: 'medical', siteId: A, anonymousCount: 2, services: [{ type: 'gp_other', units: 1 }] });
  const only = visit(ctx, { date: '2025-02-12', clientId: client.c6, siteId: A, supplies: [out('syringe', 7)] });
  voidVisit(ctx, { id: only.id, reason: 'wrong code' });
  const act = (a: z.input<typeof activityInput>) => createActivity(ctx, activityInput.parse(a));
  act({ date: '2024-12-01', type: 'meeting', participants: 7, institution: 'municipality' });
  act({ date: '2025-01-20', type: 'meeting', participants: 10, institution: 'municipality' });
  act({ date: '2025-02-20', type: 'meeting', participants: 5 });
  act({ date: '2025-03-01', type: 'media', title: 'Radio' });
  act({ date: '2025-03-12', type: 'training', trainedClientIds: [client.c1, client.c5] });
  voidActivity(ctx, { id: act({ date: '2025-03-13', type: 'meeting', participants: 50, institution: 'politicians' }).id, reason: 'entered twice' });
  return { vault, ctx, site, client, staff };
}

/** A note that must never show in an explanation. */
export const SECRET = 'SLAPTA-PASTABA';

/**
 * Issue 17's records on top of the cabinet. What each figure of P must be, worked out by hand:
 * - naloxone_kits_distributed 5 (c1 2, two anonymous people 2, c3 1 for peers; not the voided 9);
 *   naloxone_recipients 4 (c1, c3 and the two anonymous people);
 * - referrals_by_outcome { arrived 1, not_arrived 0, unknown 1 }, referral_arrival_rate 50;
 * - clients_in_pharmacotherapy 2: c1 (yes since 2024-11-01), c2 (its merged code's yes of
 *   2025-01-05; its own "no" of 2025-02-15 is voided); not c4 (no on 2025-03-15), not c5 (yes only
 *   from 2025-04-05);
 * - new_clients_by_route: new clients c2 (peer), c4 (outreach), c5 (point): { peer 1, outreach 1,
 *   point 1, others 0 }; new_clients_via_secondary 2; c1 (self) is not new;
 * - overdoses_reported { survived 1, died 1, unknown 1 } (not the voided one, nor April's);
 *   overdoses_naloxone_given { peer 1, other 1 } (the giver not recorded is other);
 * - overdose_response_trained 6 (not the secondary-exchange training's 4, not the voided 30);
 * - hcv_cascade: c3 antibody positive, RNA tested and RNA positive on 25 March, linked to care on
 *   28 March; treatment started only on 10 April: { 1, 1, 1, 1, 0, 0 };
 * - hiv_cascade: c1 positive in December 2024, linked to care in January, treatment started in
 *   February; the suppression is voided: { 1, 1, 1, 0 }. The anonymous positive is nobody's.
 */
export function addFieldRecords(cab: Cabinet): void {
  const { ctx, site, client, vault } = cab;
  const visit = (v: z.input<typeof visitInput>) => createVisit(ctx, visitInput.parse(v));
  const A = site.A;
  // Naloxone.
  visit({ date: '2025-02-20', clientId: client.c1, siteId: A, supplies: [out('naloxone', 2)], note: SECRET });
  visit({ date: '2025-03-21', siteId: A, anonymousCount: 2, supplies: [out('naloxone', 2)] });
  recordSecondary(ctx, secondaryInput.parse({ date: '2025-03-22', clientId: client.c3, siteId: A, supplies: [out('naloxone', 1, true)] }));
  const wrong = visit({ date: '2025-03-23', clientId: client.c4, siteId: A, supplies: [out('naloxone', 9)] });
  voidVisit(ctx, { id: wrong.id, reason: 'wrong client' });
  // Referral outcomes: c2's detoxification referral arrived; the one without a destination has nothing recorded.
  const referral = vault.store.sqlite.prepare(`SELECT v.id FROM visits v JOIN service_lines s ON s.visit_id = v.id WHERE s.referral_to = 'detoxification'`).get() as { id: number };
  setReferralOutcome(ctx, { visitId: referral.id, referralTo: 'detoxification', outcome: 'arrived' });
  // Dated pharmacotherapy (no service writes it yet: the rows as migration 007 keeps them).
  const change = (clientId: number, date: string, status: 0 | 1, voided = false) => vault.store.exec(
    `INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at, voided_at, void_reason) VALUES (?, ?, ?, '2025-01-01T00:00:00Z', ?, ?)`,
    clientId, date, status, voided ? '2025-03-01T00:00:00Z' : null, voided ? 'mistake' : null,
  );
  change(client.c1, '2024-11-01', 1);
  change(client.c7, '2025-01-05', 1);
  change(client.c2, '2025-02-15', 0, true);
  change(client.c4, '2025-01-10', 1);
  change(client.c4, '2025-03-15', 0);
  change(client.c5, '2025-04-05', 1);
  // How the clients came.
  const came = (clientId: number, via: string, peer: string | null = null) => vault.store.exec('UPDATE clients SET came_via = ?, referred_by_code = ? WHERE id = ?', via, peer, clientId);
  came(client.c1, 'self');
  came(client.c2, 'peer', 'ONJO11990');
  came(client.c4, 'outreach');
  came(client.c5, 'point');
  // Overdose reports.
  const overdose = (o: { date: string; siteId: number | null; clientId: number | null; given: string; by: string | null; outcome: string; voided?: boolean }) => vault.store.exec(
    `INSERT INTO overdoses (date, site_id, client_id, reported_by, place, naloxone_given, naloxone_by, ambulance, outcome, note, created_at, voided_at, void_reason)
     VALUES (?, ?, ?, 'peer', 'street', ?, ?, 'unknown', ?, ?, '2025-01-01T00:00:00Z', ?, ?)`,
    o.date, o.siteId, o.clientId, o.given, o.by, o.outcome, SECRET, o.voided ? '2025-03-03T00:00:00Z' : null, o.voided ? 'twice' : null,
  );
  overdose({ date: '2025-01-15', siteId: A, clientId: client.c1, given: 'yes', by: 'peer', outcome: 'survived' });
  overdose({ date: '2025-02-10', siteId: null, clientId: null, given: 'yes', by: null, outcome: 'died' });
  overdose({ date: '2025-03-01', siteId: site.P1, clientId: client.c4, given: 'no', by: null, outcome: 'unknown' });
  overdose({ date: '2025-03-02', siteId: A, clientId: client.c4, given: 'yes', by: 'staff', outcome: 'survived', voided: true });
  overdose({ date: '2025-04-02', siteId: A, clientId: client.c1, given: 'yes', by: 'ambulance', outcome: 'survived' });
  // Trainings with a topic.
  const training = (date: string, participants: number, topic: string, voided = false) => {
    const a = createActivity(ctx, activityInput.parse({ date, type: 'training', title: `Mokymai ${topic}`, participants, siteId: A }));
    vault.store.exec('UPDATE activities SET topic = ? WHERE id = ?', topic, a.id);
    if (voided) voidActivity(ctx, { id: a.id, reason: 'entered twice' });
  };
  training('2025-02-25', 6, 'overdose_response');
  training('2025-02-26', 4, 'secondary_exchange');
  training('2025-02-27', 30, 'overdose_response', true);
  // Care: c3's RNA test and care steps; c1 HIV positive before P, then its care.
  visit({ date: '2025-03-25', clientId: client.c3, kind: 'medical', siteId: A, tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
  visit({ date: '2024-12-12', clientId: client.c1, kind: 'medical', siteId: A, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
  const care = (clientId: number, infection: 'hcv' | 'hiv', step: string, date: string) =>
    recordCareStep(ctx, careStepInput.parse({ clientId, infection, step, date, siteId: A, note: SECRET }));
  care(client.c3, 'hcv', 'linked_to_care', '2025-03-28');
  care(client.c3, 'hcv', 'treatment_started', '2025-04-10');
  care(client.c1, 'hiv', 'linked_to_care', '2025-01-20');
  care(client.c1, 'hiv', 'treatment_started', '2025-02-20');
  voidCareStep(ctx, { id: care(client.c1, 'hiv', 'virally_suppressed', '2025-03-20').id, reason: 'not yet' });
}
