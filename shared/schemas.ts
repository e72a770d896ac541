// zod schemas of every operation's input and output. The channel map (api.ts) names them;
// main validates each IPC payload with them; the renderer's types come from them.
import { z } from 'zod';
import {
  ACTIVITY_TYPES, CAME_VIA, CARE_INFECTIONS, CARE_STEPS, DIRECTIONS, INFECTIONS, INJECTS, INSTITUTIONS, LIMITS, NALOXONE_GIVERS, NOTE_MAX, OVERDOSE_OUTCOMES,
  OVERDOSE_PLACES, OVERDOSE_REPORTERS, REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES, ROLES, SERVICE_TYPES, SEXES, SITE_KINDS, TESTED_PERSONS, TEST_RESULTS,
  TEST_TYPES, TRAINING_TOPICS, VISIT_KINDS, YES_NO_UNKNOWN,
} from './domain';
import { isValidDate } from './dates';
import { hasHiddenChar, toNfc } from './codes';
import { personalDataInNote } from './notes';
import { REASON_TEXTS as R } from './messages';

export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const dateStr = z.string().refine(isValidDate, { message: R.date });
export const count = z.number().int().min(0).max(10_000_000);
export const positiveCount = z.number().int().min(1).max(10_000_000);
// Text hygiene (issue 14): every text field is normalised to NFC and refuses invisible and
// control characters (shared/codes.ts hasHiddenChar), with a message naming the field. Only
// spaces (Zs) are trimmed off the ends: String.prototype.trim would quietly take a byte order
// mark, a tab or a line break off, and a hidden character is refused, never removed.
const SPACE_ENDS = /^\p{Zs}+|\p{Zs}+$/gu;
const visible = { message: R.invisible_chars };
/** One line of text: NFC, spaces trimmed off the ends, no invisible or control character. */
const line = () => z.string().overwrite((s) => toNfc(s).replace(SPACE_ENDS, '')).refine((s) => !hasHiddenChar(s), visible);
const PERSONAL_DATA_REASON = { phone: R.note_phone, personal_code: R.note_personal_code, email: R.note_email } as const;
/** Refuses a phone number, a personal code or an e-mail address (shared/notes.ts): free text never says who a client is. */
const withoutPersonalData = (s: string, ctx: z.RefinementCtx) => {
  const found = personalDataInNote(s);
  if (found) ctx.addIssue({ code: 'custom', message: PERSONAL_DATA_REASON[found] });
};
/** A free-text note (several lines: tab and line feed allowed, line ends as \n), NFC, capped, with no personal data. */
export const note = z.string().overwrite((s) => toNfc(s, true)).refine((s) => !hasHiddenChar(s, true), visible)
  .max(NOTE_MAX, { message: `at most ${NOTE_MAX} characters` }).superRefine(withoutPersonalData).nullable().optional();
/** One line of printable text (NFC, trimmed, no invisible or control character). */
export const text = (max: number) => line().max(max);
export const requiredText = (max: number) => text(max).refine((s) => s.length > 0, { message: R.required });
/** A client code as typed: the services fold it (normalizeCode); a hidden character is refused, never folded away. */
export const clientCode = requiredText(LIMITS.clientCode);
export const userName = line().min(2).max(LIMITS.userName).regex(/^[A-Za-z0-9._-]+$/, { message: R.user_name_chars });
/** A user name typed to log in (not checked against the naming rule: the account decides). */
export const loginName = line().min(1).max(40);
export const password = z.string().min(8, { message: R.password_short }).max(200);
export const role = z.enum(ROLES);
export const sex = z.enum(SEXES);
export const injects = z.enum(INJECTS);
export const birthYear = z.number().int().min(1900).max(2100);
export const empty = z.object({}).strict();

// ---------- session ----------
export const staffInfo = z.object({ id, userName: z.string(), displayName: z.string(), role });
export const sessionStatus = z.object({
  state: z.enum(['no_database', 'logged_out', 'locked', 'ready', 'unreadable']),
  user: staffInfo.nullable(),
  /** For the unreadable state: what is wrong, in one sentence. */
  problem: z.string().nullable(),
  idleLockMinutes: z.number().int(),
  language: z.enum(['lt', 'en']),
});
export const setupInput = z.object({ userName, displayName: requiredText(80), password }).strict();
export const setupOutput = z.object({ recoveryKey: z.string(), user: staffInfo });
export const loginInput = z.object({ userName: loginName, password: z.string().min(1).max(200) }).strict();
export const unlockInput = z.object({ password: z.string().min(1).max(200) }).strict();
export const recoverInput = z.object({ recoveryKey: z.string().min(10).max(64), userName: loginName, newPassword: password }).strict();
export const changePasswordInput = z.object({ oldPassword: z.string().min(1).max(200), newPassword: password }).strict();

// ---------- clients ----------
export const clientSummary = z.object({
  id,
  code: z.string(),
  sex,
  birthYear: z.number().int().nullable(),
  injects,
  inPharmacotherapy: z.boolean(),
  lastVisit: z.string().nullable(),
  /** Set when the code typed was merged into this client. */
  viaMergedCode: z.string().nullable(),
});
export const clientSearchInput = z.object({ query: text(40), limit: z.number().int().min(1).max(100).default(10) }).strict();
export const registerClientInput = z.object({
  code: clientCode,
  sex,
  birthYear: birthYear.nullable(),
  injects: injects.default('unknown'),
  /** True records a change "in pharmacotherapy" dated today (clients.setPharmacotherapy dates one otherwise). */
  inPharmacotherapy: z.boolean().default(false),
  /** How the new client came (indicators.md "How new clients came"). */
  cameVia: z.enum(CAME_VIA).default('unknown'),
  /** For cameVia 'peer' only: the peer's client code as typed (folded like a code; the peer need not be a client here). */
  referredByCode: text(LIMITS.clientCode).nullable().default(null),
  note,
  /** Registering although close codes exist: the worker saw them and chose a new client. */
  confirmNotDuplicate: z.boolean().default(false),
}).strict();
export const updateClientInput = z.object({
  id, sex, birthYear: birthYear.nullable(), injects,
  /** A status other than the client's today records a change dated today. */
  inPharmacotherapy: z.boolean(), note,
  /** Absent: unchanged. A route other than 'peer' drops the peer's code unless one is given (then refused). */
  cameVia: z.enum(CAME_VIA).optional(),
  /** Absent: unchanged (while the client came via a peer); null: none. */
  referredByCode: text(LIMITS.clientCode).nullable().optional(),
}).strict();
/** A dated change of a client's opioid agonist therapy status (indicators.md clients_in_pharmacotherapy). */
export const pharmacotherapyInput = z.object({ clientId: id, status: z.boolean(), date: dateStr }).strict();
export const duplicatesInput = z.object({ code: clientCode, sex: sex.optional(), birthYear: birthYear.nullable().optional() }).strict();
export const mergeInput = z.object({ keepId: id, mergeId: id, reason: requiredText(200).superRefine(withoutPersonalData) }).strict();
export const idInput = z.object({ id }).strict();

const infectionResult = z.enum(TEST_RESULTS).nullable();
export const lastTest = z.object({ date: z.string(), result: infectionResult, type: z.enum(TEST_TYPES) });
export const clientCard = z.object({
  client: clientSummary,
  note: z.string().nullable(),
  firstVisit: z.string().nullable(),
  visitsThisMonth: z.number().int(),
  syringesOutThisMonth: z.number().int(),
  syringesInThisMonth: z.number().int(),
  syringesOutTotal: z.number().int(),
  syringesInTotal: z.number().int(),
  lastTests: z.object({ hiv: lastTest.nullable(), hbv: lastTest.nullable(), hcv: lastTest.nullable() }),
  flags: z.array(z.enum(['hiv_test_due', 'hcv_test_due', 'hbv_test_due', 'results_pending'])),
  /** Test results are for medical staff (domain.md): for other roles each result is null and this is true. */
  resultsHidden: z.boolean(),
  /**
   * The dated pharmacotherapy changes, oldest first, voided ones included and marked (the card
   * shows them struck through; the status is the latest change that stands): every role's, like
   * the status itself (the desk records it; it is not a test result or a care step).
   */
  pharmacotherapy: z.array(z.object({ id, date: z.string(), status: z.boolean(), voided: z.object({ at: z.string(), reason: z.string() }).nullable() })),
  cameVia: z.enum(CAME_VIA),
  referredByCode: z.string().nullable(),
});

// ---------- visits ----------
export const supplyLine = z.object({
  itemKey: z.string().min(1).max(40),
  direction: z.enum(DIRECTIONS),
  quantity: positiveCount.max(LIMITS.supplyQuantity),
  forPeers: z.boolean().default(false),
}).strict();
export const serviceLine = z.object({
  type: z.enum(SERVICE_TYPES),
  units: positiveCount.max(LIMITS.serviceUnits),
  referralTo: z.enum(REFERRAL_DESTINATIONS).nullable().default(null),
}).strict();
export const testResults = z.object({ hiv: infectionResult.default(null), hbv: infectionResult.default(null), hcv: infectionResult.default(null) }).strict();
export const testLine = z.object({
  /** On an edit: the test being kept (its id and result date stay); absent for a new test. */
  id: id.optional(),
  type: z.enum(TEST_TYPES),
  testedPerson: z.enum(TESTED_PERSONS).default('client'),
  results: testResults.default({ hiv: null, hbv: null, hcv: null }),
}).strict();
export const secondaryReport = z.object({ pointId: id.nullable().default(null), peersStreet: count.max(LIMITS.peersReached), peersPoints: count.max(LIMITS.peersReached) }).strict();

const visitFields = {
  date: dateStr,
  time: z.string().regex(/^\d{2}:\d{2}$/, { message: R.time }).nullable().default(null),
  clientId: id.nullable().default(null),
  anonymousCount: positiveCount.max(LIMITS.anonymousCount).default(1),
  kind: z.enum(VISIT_KINDS).default('cabinet'),
  siteId: id.nullable().default(null),
  supplies: z.array(supplyLine).max(60).default([]),
  services: z.array(serviceLine).max(40).default([]),
  tests: z.array(testLine).max(6).default([]),
  secondary: secondaryReport.nullable().default(null),
  trainedSecondary: z.boolean().default(false),
  note,
};

/** What the rules across a visit's fields look at: the same for a form and for a register row. */
export interface VisitShape {
  hasClient: boolean;
  anonymousCount: number;
  hasTest: boolean;
  trainedSecondary: boolean;
  reportsPeers: boolean;
}

/**
 * The rules across a visit's fields, said once: the app's forms (visitRules below) and the
 * register reader (db/register/parse.ts) both ask this, each naming its own field for a rule.
 */
export function visitRuleBreaches(v: VisitShape): Array<'one_for_client' | 'one_for_test' | 'training_needs_client' | 'report_needs_client'> {
  const out: Array<'one_for_client' | 'one_for_test' | 'training_needs_client' | 'report_needs_client'> = [];
  if (v.hasClient && v.anonymousCount !== 1) out.push('one_for_client');
  if (!v.hasClient && v.hasTest && v.anonymousCount !== 1) out.push('one_for_test');
  if (!v.hasClient && v.trainedSecondary) out.push('training_needs_client');
  if (!v.hasClient && v.reportsPeers) out.push('report_needs_client');
  return out;
}

const RULE_FIELD = { one_for_client: 'anonymousCount', one_for_test: 'anonymousCount', training_needs_client: 'trainedSecondary', report_needs_client: 'secondary' } as const;

function visitRules<T extends z.ZodType<{ clientId: number | null; anonymousCount: number; tests: unknown[]; trainedSecondary: boolean; secondary: unknown }>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    const shape = { hasClient: v.clientId !== null, anonymousCount: v.anonymousCount, hasTest: v.tests.length > 0, trainedSecondary: v.trainedSecondary, reportsPeers: !!v.secondary };
    for (const rule of visitRuleBreaches(shape)) ctx.addIssue({ code: 'custom', path: [RULE_FIELD[rule]], message: R[rule] });
  });
}

export const visitInput = visitRules(z.object(visitFields).strict());
export const updateVisitInput = visitRules(z.object({ id, ...visitFields }).strict());
/** Why a record is voided: kept in the record and the audit log for good, so no personal data either. */
export const voidInput = z.object({ id, reason: requiredText(200).superRefine(withoutPersonalData) }).strict();
export const setResultsInput = z.object({ testId: id, results: testResults, resultDate: dateStr.nullable().default(null) }).strict();

export const visitRecord = z.object({
  id,
  date: z.string(),
  time: z.string().nullable(),
  clientId: z.number().int().nullable(),
  clientCode: z.string().nullable(),
  anonymousCount: z.number().int(),
  kind: z.enum(VISIT_KINDS),
  siteId: z.number().int().nullable(),
  siteName: z.string().nullable(),
  staffName: z.string().nullable(),
  supplies: z.array(z.object({ itemKey: z.string(), direction: z.enum(DIRECTIONS), quantity: z.number().int(), forPeers: z.boolean() })),
  services: z.array(z.object({
    type: z.enum(SERVICE_TYPES), units: z.number().int(), referralTo: z.enum(REFERRAL_DESTINATIONS).nullable(),
    /** For a referral: whether the client arrived, recorded later; null: nothing recorded yet. */
    referralOutcome: z.enum(REFERRAL_OUTCOMES).nullable(),
  })),
  tests: z.array(z.object({ id, type: z.enum(TEST_TYPES), testedPerson: z.enum(TESTED_PERSONS), results: z.object({ hiv: infectionResult, hbv: infectionResult, hcv: infectionResult }), resultDate: z.string().nullable() })),
  secondary: z.object({ pointId: z.number().int().nullable(), peersStreet: z.number().int(), peersPoints: z.number().int() }).nullable(),
  trainedSecondary: z.boolean(),
  note: z.string().nullable(),
  voided: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export const pendingTest = z.object({
  testId: id, visitId: id, date: z.string(), clientId: z.number().int().nullable(), clientCode: z.string().nullable(),
  testedPerson: z.enum(TESTED_PERSONS), type: z.enum(TEST_TYPES),
  results: z.object({ hiv: infectionResult, hbv: infectionResult, hcv: infectionResult }),
});
export const historyInput = z.object({ clientId: id, limit: z.number().int().min(1).max(500).default(50), includeVoided: z.boolean().default(true) }).strict();
export const dayInput = z.object({ date: dateStr, siteId: id.nullable().default(null) }).strict();
export const visitDefaults = z.object({
  supplies: z.array(supplyLine.required()),
  services: z.array(serviceLine.required()),
  fromDate: z.string().nullable(),
});

// ---------- care after a positive test, referral outcomes, follow-up ----------
export const careStepInput = z.object({
  clientId: id,
  infection: z.enum(CARE_INFECTIONS),
  step: z.enum(CARE_STEPS),
  date: dateStr,
  siteId: id.nullable().default(null),
  note,
}).strict();
export const careStepRecord = z.object({
  id, clientId: z.number().int(), clientCode: z.string(), infection: z.enum(CARE_INFECTIONS), step: z.enum(CARE_STEPS), date: z.string(),
  siteId: z.number().int().nullable(), siteName: z.string().nullable(), staffName: z.string().nullable(), note: z.string().nullable(),
  voided: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export const careListInput = z.object({ clientId: id, includeVoided: z.boolean().default(true) }).strict();
/** The outcome of a visit's referral to a destination (null destination: the referral without one); a null outcome takes it back to nothing recorded. */
export const referralOutcomeInput = z.object({
  visitId: id,
  referralTo: z.enum(REFERRAL_DESTINATIONS).nullable(),
  outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
}).strict();
const followupReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_seen'), lastVisit: z.string() }),
  z.object({
    kind: z.literal('result_not_given'), testId: id, visitId: id, date: z.string(), resultDate: z.string(), type: z.enum(TEST_TYPES),
    infections: z.array(z.enum(INFECTIONS)),
  }),
  z.object({ kind: z.literal('test_due'), infections: z.array(z.enum(INFECTIONS)) }),
  z.object({ kind: z.literal('referral_no_outcome'), visitId: id, date: z.string(), referralTo: z.enum(REFERRAL_DESTINATIONS).nullable() }),
  z.object({ kind: z.literal('hcv_rna_missing'), testId: id, date: z.string() }),
]);
export const FOLLOWUP_REASONS = ['not_seen', 'result_not_given', 'test_due', 'referral_no_outcome', 'hcv_rna_missing'] as const;
/**
 * Today's follow-up list. Medical staff and managers get each client's reasons; the desk gets the
 * clients alone, all alike ("ask them to see the doctor"): never why (domain.md).
 */
export const followupOutput = z.discriminatedUnion('view', [
  z.object({ view: z.literal('desk'), date: z.string(), clients: z.array(z.object({ clientId: id, clientCode: z.string() })) }),
  z.object({
    view: z.literal('medical'), date: z.string(), notSeenWeeks: z.number().int(),
    clients: z.array(z.object({ clientId: id, clientCode: z.string(), lastVisit: z.string().nullable(), reasons: z.array(followupReason) })),
  }),
]);

// ---------- overdose reports (indicators.md "Overdose and naloxone") ----------
/**
 * An overdose a client, peer or worker tells of. The person who overdosed is a client or
 * anonymous (null). Who gave naloxone is said only when it was given (the core refuses it
 * otherwise, naming the field); the date follows the records' rule (not after today, from 1990).
 */
export const overdoseInput = z.object({
  date: dateStr,
  siteId: id.nullable().default(null),
  clientId: id.nullable().default(null),
  reportedBy: z.enum(OVERDOSE_REPORTERS),
  place: z.enum(OVERDOSE_PLACES),
  naloxoneGiven: z.enum(YES_NO_UNKNOWN).default('unknown'),
  naloxoneBy: z.enum(NALOXONE_GIVERS).nullable().default(null),
  ambulance: z.enum(YES_NO_UNKNOWN).default('unknown'),
  outcome: z.enum(OVERDOSE_OUTCOMES).default('unknown'),
  note,
}).strict();
export const overdoseRecord = z.object({
  id, date: z.string(), siteId: z.number().int().nullable(), siteName: z.string().nullable(),
  /** The person who overdosed; null: anonymous. */
  clientId: z.number().int().nullable(), clientCode: z.string().nullable(),
  reportedBy: z.enum(OVERDOSE_REPORTERS), place: z.enum(OVERDOSE_PLACES), naloxoneGiven: z.enum(YES_NO_UNKNOWN),
  naloxoneBy: z.enum(NALOXONE_GIVERS).nullable(), ambulance: z.enum(YES_NO_UNKNOWN), outcome: z.enum(OVERDOSE_OUTCOMES),
  note: z.string().nullable(),
  /** Who recorded it (the session's staff). */
  staffName: z.string().nullable(),
  voided: z.boolean(),
  /** Why it was voided; null while it stands. */
  voidReason: z.string().nullable(),
});
/** A period's overdose reports, newest first, voided ones included (marked); for one client when clientId is given. */
export const overdoseListInput = z.object({ from: dateStr, to: dateStr, clientId: id.optional() }).strict()
  .refine((p) => p.from <= p.to, { message: R.period_order, path: ['to'] });

// ---------- outreach ----------
export const outreachContact = z.object({
  clientId: id.nullable().default(null),
  anonymousCount: positiveCount.max(LIMITS.anonymousCount).default(1),
  supplies: z.array(supplyLine).max(60).default([]),
  services: z.array(serviceLine).max(40).default([]),
  /** Tests done in the street (medical accounts only, checked by the core): as on a visit. */
  tests: z.array(testLine).max(6).default([]),
}).strict().superRefine((c, ctx) => {
  if (c.clientId !== null && c.anonymousCount !== 1) ctx.addIssue({ code: 'custom', path: ['anonymousCount'], message: R.one_for_known_client });
  if (c.clientId === null && c.tests.length > 0 && c.anonymousCount !== 1) ctx.addIssue({ code: 'custom', path: ['anonymousCount'], message: R.one_for_test });
});
export const outreachInput = z.object({
  date: dateStr,
  placeId: id,
  workerIds: z.array(id).min(1, { message: R.one_worker }).max(20),
  contacts: z.array(outreachContact).max(500),
  note,
}).strict();
export const outreachSession = z.object({
  id, date: z.string(), placeId: z.number().int(), placeName: z.string(), workers: z.array(z.string()),
  knownContacts: z.number().int(), anonymousContacts: z.number().int(), syringesOut: z.number().int(), syringesIn: z.number().int(),
  voided: z.boolean(),
});
export const periodInput = z.object({ from: dateStr, to: dateStr }).strict().refine((p) => p.from <= p.to, { message: R.period_order, path: ['to'] });

// ---------- secondary exchange ----------
export const secondaryInput = z.object({
  date: dateStr,
  clientId: id,
  siteId: id.nullable().default(null),
  supplies: z.array(supplyLine).max(60).default([]),
  report: secondaryReport.nullable().default(null),
  note,
}).strict();

// ---------- activities ----------
/** One institution of a meeting and its participants. */
export const activityInstitution = z.object({ institution: z.enum(INSTITUTIONS), participants: count.max(LIMITS.participants) }).strict();
export const activityInput = z.object({
  date: dateStr,
  type: z.enum(ACTIVITY_TYPES),
  title: text(LIMITS.title).nullable().default(null),
  /** One institution and its participants (or the total); for several, `institutions` instead. */
  participants: count.max(LIMITS.participants).default(0),
  institution: z.enum(INSTITUTIONS).nullable().default(null),
  /**
   * A meeting (or a training) with several institutions: one row each, with the same date, title
   * and site, which the reports count as one meeting (indicators.md `meetings`).
   */
  institutions: z.array(activityInstitution).max(5).default([]),
  siteId: id.nullable().default(null),
  /** A training's topic; trainings only (a training without one is stored without). */
  topic: z.enum(TRAINING_TOPICS).nullable().default(null),
  /** For a training of clients for secondary exchange: the clients trained. */
  trainedClientIds: z.array(id).max(200).default([]),
  /** The same by their codes as typed (folded; a merged code finds its client); an unknown code is refused. */
  trainedCodes: z.array(clientCode).max(200).default([]),
}).strict();
export const activityRecord = z.object({
  id, date: z.string(), type: z.enum(ACTIVITY_TYPES), title: z.string().nullable(), participants: z.number().int(),
  institution: z.enum(INSTITUTIONS).nullable(), siteId: z.number().int().nullable(), voided: z.boolean(),
  topic: z.enum(TRAINING_TOPICS).nullable(),
  /** The codes of the clients trained at it (those that survive merges), in code order. */
  trainedCodes: z.array(z.string()),
});
/**
 * What activities.create answers: its first row's record, how many rows it wrote (one per
 * institution) and their ids. Always given; typed optional so that a listed record (the
 * renderer's ActivityRecord is this output's type) still fits it.
 */
export const activityCreated = activityRecord.extend({ rows: z.number().int().optional(), ids: z.array(id).optional() });

// ---------- stock ----------
export const stockReceiptInput = z.object({ date: dateStr, itemKey: z.string().min(1).max(40), quantity: positiveCount.max(10_000_000), source: text(120).nullable().default(null) }).strict();
export const stockCountInput = z.object({ date: dateStr, itemKey: z.string().min(1).max(40), quantity: count }).strict();
export const stockBalance = z.object({
  itemKey: z.string(), labelLt: z.string(), labelEn: z.string(),
  received: z.number().int(), distributed: z.number().int(), balance: z.number().int(),
  lastCount: z.object({ date: z.string(), quantity: z.number().int() }).nullable(),
  lowStockThreshold: z.number().int().nullable(), low: z.boolean(),
});

// ---------- catalogues: sites, items, staff, projects, settings ----------
export const siteRecord = z.object({ id, name: z.string(), kind: z.enum(SITE_KINDS), active: z.boolean() });
export const siteInput = z.object({ id: id.optional(), name: requiredText(LIMITS.name), kind: z.enum(SITE_KINDS), active: z.boolean().default(true) }).strict();
export const itemRecord = z.object({
  id, key: z.string(), category: z.enum(['syringe', 'needle', 'alcohol_pad', 'disinfectant', 'condom', 'other']),
  labelLt: z.string(), labelEn: z.string(), lowStockThreshold: z.number().int().nullable(), active: z.boolean(),
});
export const itemInput = z.object({
  id: id.optional(),
  key: z.string().trim().min(2).max(40).regex(/^[a-z0-9_]+$/, { message: R.item_key_chars }),
  category: z.enum(['syringe', 'needle', 'alcohol_pad', 'disinfectant', 'condom', 'other']),
  labelLt: requiredText(80), labelEn: requiredText(80),
  lowStockThreshold: count.nullable().default(null), active: z.boolean().default(true),
}).strict();
export const staffRecord = z.object({ id, userName: z.string(), displayName: z.string(), role, active: z.boolean() });
export const staffAddInput = z.object({ userName, displayName: requiredText(80), role, password }).strict();
export const staffPasswordInput = z.object({ id, newPassword: password }).strict();
export const staffRoleInput = z.object({ id, role }).strict();
export const projectRecord = z.object({
  id, title: z.string(), donor: z.string(), from: z.string(), to: z.string(), budgetMinor: z.number().int(), currency: z.string(),
});
export const projectInput = z.object({
  id: id.optional(), title: requiredText(200), donor: requiredText(120), from: dateStr, to: dateStr,
  budgetMinor: z.number().int().min(0).max(LIMITS.budgetMinor), currency: z.string().trim().regex(/^[A-Z]{3}$/, { message: R.currency }),
}).strict().refine((p) => p.from <= p.to, { message: R.period_order, path: ['to'] });
export const settingsRecord = z.object({
  codePattern: z.string(),
  regularMinVisitDays: z.number().int(),
  pwidPopulationEstimate: z.number().int().nullable(),
  idleLockMinutes: z.number().int(),
  testDueMonths: z.number().int(),
  /** The follow-up list's "not seen for" weeks (regular clients), and how recently a client was seen for "test due". */
  followupWeeks: z.number().int(),
  language: z.enum(['lt', 'en']),
  coverageLowBelow: z.number().int(),
  coverageHighFrom: z.number().int(),
  cabinetName: z.string(),
  /** The quantity of a supply line above which the forms ask for a confirmation; null: each item's from the cabinet's history (visits.plausibleQuantities). */
  confirmQuantityAbove: z.number().int().nullable(),
  /** Per workbook template: whether rows of work not recorded in the period (all zero) are left out (issue 18; donor on by default). */
  workbookOmitZeroRows: z.object({ donor: z.boolean(), municipal: z.boolean(), full: z.boolean() }),
});
export const settingsInput = z.object({
  codePattern: z.string().overwrite((p) => toNfc(p)).refine((p) => !hasHiddenChar(p), visible).max(200).refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, { message: R.pattern }).optional(),
  regularMinVisitDays: z.number().int().min(1).max(31).optional(),
  pwidPopulationEstimate: z.number().int().min(1).max(10_000_000).nullable().optional(),
  idleLockMinutes: z.number().int().min(1).max(120).optional(),
  testDueMonths: z.number().int().min(1).max(60).optional(),
  followupWeeks: z.number().int().min(1).max(52).optional(),
  language: z.enum(['lt', 'en']).optional(),
  coverageLowBelow: z.number().int().min(1).max(10_000).optional(),
  coverageHighFrom: z.number().int().min(1).max(10_000).optional(),
  cabinetName: text(120).optional(),
  confirmQuantityAbove: z.number().int().min(1).max(LIMITS.supplyQuantity).nullable().optional(),
  workbookOmitZeroRows: z.object({ donor: z.boolean(), municipal: z.boolean(), full: z.boolean() }).strict().optional(),
}).strict();

/** Per item key: the quantity of a supply line above which the forms ask for a confirmation (a second Ctrl+Enter). */
export const plausibleQuantities = z.object({ byItem: z.record(z.string(), z.number().int()) });

// ---------- audit ----------
export const auditRecord = z.object({
  id, at: z.string(), userName: z.string(), action: z.string(), entity: z.string(), entityId: z.number().int().nullable(),
  before: z.string().nullable(), after: z.string().nullable(),
});
export const auditListInput = z.object({ limit: z.number().int().min(1).max(500).default(100), beforeId: id.nullable().default(null) }).strict();
export const verifyOutput = z.object({ integrity: z.boolean(), auditChain: z.boolean(), problems: z.array(z.string()) });
