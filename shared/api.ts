// The channel map: every operation the UI (through the preload or the test bridge), the
// command line and the tests can call — its input schema, output schema and who may call it.
// One source of truth for names, types and roles (the model is Actual Budget's handler map).
import { z } from 'zod';
import { MEDICAL_ROLES, type Role } from './domain';
import * as s from './schemas';
import {
  explainInput, explainOutput, explainXlsxInput, fileOutput, reportInput, reportOutput, workbookInput, workbookOutput,
} from './report-schemas';
import * as d from './data-schemas';

/** public: no login needed; any: every logged-in role; otherwise the roles listed. */
export type Access = 'public' | 'any' | readonly Role[];

const ALL: Access = 'any';
const MEDICAL: readonly Role[] = MEDICAL_ROLES;
const MANAGER: readonly Role[] = ['manager'];

/**
 * What callers need to know of an operation besides its types, said once here (no guessing from
 * names): `writes` — it changes the database (the automatic backup and the UI's refresh follow
 * it); `opensSession` — it logs someone in (the day's first backup follows it).
 */
export interface Marks<L extends z.ZodType = z.ZodNever> {
  writes?: boolean;
  opensSession?: boolean;
  /** A long job: it reports its progress (phase, done of total) and can be cancelled until it has written. */
  long?: boolean;
  /**
   * It puts a new database file in place of the old one (a key change re-encrypts into a new file;
   * a restore brings a backup back): the app's day backup, which reads the file on its own thread,
   * is waited for first. A key change or a restore on a channel without this mark is refused (db/vault.ts).
   */
  replacesFile?: boolean;
  /**
   * The wider input that only local callers may send — the command line and the main process,
   * never the window: files named by their path on this computer. The window sends bytes.
   */
  local?: L;
}

function op<I extends z.ZodType, O extends z.ZodType, L extends z.ZodType = z.ZodNever>(input: I, output: O, access: Access, marks: Marks<L> = {}) {
  return {
    input, output, access, writes: marks.writes ?? false, opensSession: marks.opensSession ?? false, long: marks.long ?? false,
    replacesFile: marks.replacesFile ?? false, local: marks.local ?? null,
  };
}

/** Who is calling: the window (IPC relay, browser bridge) or a local caller (command line, main process). */
export type Origin = 'window' | 'local';

const W: Marks = { writes: true };
/** A write that re-encrypts the file with a new key. */
const KEYS: Marks = { writes: true, replacesFile: true };

const ok = z.object({ done: z.literal(true) });

export const channels = {
  // session
  'session.status': op(s.empty, s.sessionStatus, 'public'),
  'session.setup': op(s.setupInput, s.setupOutput, 'public', { writes: true, opensSession: true }),
  'session.login': op(s.loginInput, s.staffInfo, 'public', { opensSession: true }),
  'session.recover': op(s.recoverInput, s.staffInfo, 'public', { writes: true, opensSession: true, replacesFile: true }),
  'session.logout': op(s.empty, ok, 'public'),
  'session.lock': op(s.empty, ok, 'public'),
  'session.unlock': op(s.unlockInput, s.staffInfo, 'public'),
  'session.changePassword': op(s.changePasswordInput, ok, ALL, KEYS),
  'session.rescueList': op(s.empty, d.backupListOutput, 'public'),
  'session.rescueRestore': op(d.rescueRestoreInput, s.staffInfo, 'public', { writes: true, opensSession: true, replacesFile: true }),
  'session.setLanguage': op(z.object({ language: z.enum(['lt', 'en']) }).strict(), ok, 'public'),
  // Stops the long job running now (a report, a workbook, an import…) if it has not written yet.
  'session.cancelJob': op(s.empty, ok, 'public'),

  // clients
  'clients.search': op(s.clientSearchInput, z.array(s.clientSummary), ALL),
  'clients.card': op(s.idInput, s.clientCard, ALL),
  'clients.duplicates': op(s.duplicatesInput, z.array(s.clientSummary), ALL),
  'clients.register': op(s.registerClientInput, s.clientSummary, ALL, W),
  'clients.update': op(s.updateClientInput, s.clientSummary, ALL, W),
  // A dated change of the pharmacotherapy status (any role: the desk notes it, as it does at registration).
  'clients.setPharmacotherapy': op(s.pharmacotherapyInput, s.clientSummary, ALL, W),
  // A change recorded by mistake is voided with a reason, by the same roles (answers the client's status today after it).
  'clients.voidPharmacotherapyChange': op(s.voidInput, s.clientSummary, ALL, W),
  'clients.merge': op(s.mergeInput, s.clientSummary, MANAGER, W),
  'clients.history': op(s.historyInput, z.array(s.visitRecord), ALL),
  'clients.lastVisitDefaults': op(z.object({ clientId: s.id }).strict(), s.visitDefaults, ALL),

  // visits (medical lines and tests are checked against the role inside the service)
  'visits.create': op(s.visitInput, s.visitRecord, ALL, W),
  'visits.update': op(s.updateVisitInput, s.visitRecord, ALL, W),
  'visits.void': op(s.voidInput, ok, ALL, W),
  'visits.get': op(s.idInput, s.visitRecord, ALL),
  'visits.day': op(s.dayInput, z.array(s.visitRecord), ALL),
  // The quantity of a supply line above which the forms ask for a confirmation, per item (a
  // manager's setting, else the cabinet's own history): read by every role that records visits.
  'visits.plausibleQuantities': op(s.empty, s.plausibleQuantities, ALL),
  'tests.setResults': op(s.setResultsInput, s.visitRecord, MEDICAL, W),
  'tests.pending': op(s.empty, z.array(s.pendingTest), MEDICAL),

  // care after a positive test (medical data: medical staff and managers only), referral outcomes, the follow-up list
  'care.list': op(s.careListInput, z.array(s.careStepRecord), MEDICAL),
  'care.record': op(s.careStepInput, s.careStepRecord, MEDICAL, W),
  'care.void': op(s.voidInput, ok, MEDICAL, W),
  'referrals.setOutcome': op(s.referralOutcomeInput, s.visitRecord, ALL, W),
  // Every role: the desk's answer names the clients only, medical staff's says why (db/services/followup.ts).
  'followup.list': op(s.empty, s.followupOutput, ALL),

  // overdose reports (any role hears of them; voided, never deleted)
  'overdoses.record': op(s.overdoseInput, s.overdoseRecord, ALL, W),
  'overdoses.list': op(s.overdoseListInput, z.array(s.overdoseRecord), ALL),
  'overdoses.void': op(s.voidInput, ok, ALL, W),

  // outreach and secondary exchange
  'outreach.create': op(s.outreachInput, s.outreachSession, ALL, W),
  'outreach.list': op(s.periodInput, z.array(s.outreachSession), ALL),
  'outreach.void': op(s.voidInput, ok, ALL, W),
  'secondary.record': op(s.secondaryInput, s.visitRecord, ALL, W),

  // activities and stock
  'activities.create': op(s.activityInput, s.activityCreated, ALL, W),
  'activities.list': op(s.periodInput, z.array(s.activityRecord), ALL),
  'activities.void': op(s.voidInput, ok, ALL, W),
  'stock.balance': op(s.empty, z.array(s.stockBalance), ALL),
  'stock.receive': op(s.stockReceiptInput, z.array(s.stockBalance), MANAGER, W),
  'stock.count': op(s.stockCountInput, z.array(s.stockBalance), MANAGER, W),

  // catalogues and settings
  'sites.list': op(s.empty, z.array(s.siteRecord), ALL),
  'sites.save': op(s.siteInput, s.siteRecord, MANAGER, W),
  'items.list': op(s.empty, z.array(s.itemRecord), ALL),
  'items.save': op(s.itemInput, s.itemRecord, MANAGER, W),
  'staff.list': op(s.empty, z.array(s.staffRecord), ALL),
  'staff.add': op(s.staffAddInput, s.staffRecord, MANAGER, KEYS),
  'staff.disable': op(s.idInput, s.staffRecord, MANAGER, KEYS),
  'staff.setPassword': op(s.staffPasswordInput, ok, MANAGER, KEYS),
  'staff.setRole': op(s.staffRoleInput, s.staffRecord, MANAGER, W),
  'projects.list': op(s.empty, z.array(s.projectRecord), ALL),
  'projects.save': op(s.projectInput, s.projectRecord, MANAGER, W),
  'settings.get': op(s.empty, s.settingsRecord, ALL),
  'settings.update': op(s.settingsInput, s.settingsRecord, MANAGER, W),

  // reports and the audit log
  'reports.run': op(reportInput, reportOutput, MANAGER, { long: true }),
  'reports.workbook': op(workbookInput, workbookOutput, MANAGER, { long: true }),
  // Explain this number: the records behind one figure (client codes, dates, the lines that count)
  // and the definition applied; the first rows for the screen, the whole list as a workbook.
  'reports.explain': op(explainInput, explainOutput, MANAGER, { long: true }),
  'reports.explainXlsx': op(explainXlsxInput, fileOutput, MANAGER, { long: true }),
  'audit.list': op(s.auditListInput, z.array(s.auditRecord), MANAGER),
  // Whether the file and the audit chain are whole: no record in the answer, so any account may ask (as `slenkstis verify` always allowed).
  'audit.verify': op(s.empty, s.verifyOutput, ALL),

  // data in and out: register import/export, backups, DHIS2 (manager only, spec/domain.md)
  'register.check': op(d.registerFilesInput, d.importReport, MANAGER, { long: true, local: d.registerFilesLocalInput }),
  'register.import': op(d.registerFilesInput, d.importReport, MANAGER, { writes: true, long: true, local: d.registerFilesLocalInput }),
  'register.export': op(d.registerExportInput, d.registerExportOutput, MANAGER, { writes: true, long: true }),
  'backup.now': op(d.backupNowInput, d.backupInfo, MANAGER, { writes: true, long: true, local: d.backupNowLocalInput }),
  'backup.list': op(d.backupListInput, d.backupListOutput, MANAGER),
  'backup.setFolder': op(d.backupFolderInput, d.backupFolderOutput, MANAGER, W),
  'backup.restore': op(d.backupRestoreInput, d.backupRestoreOutput, MANAGER, { writes: true, long: true, replacesFile: true }),
  'dhis2.export': op(d.dhis2ExportInput, d.dhis2ExportOutput, MANAGER),
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<K extends Channel> = z.input<Channels[K]['input']>;
type LocalSchema<K extends Channel> = NonNullable<Channels[K]['local']> extends z.ZodNever ? Channels[K]['input'] : NonNullable<Channels[K]['local']>;
/** What a local caller may send (see Marks.local): the window's input, or the wider local one. */
export type LocalInput<K extends Channel> = z.input<LocalSchema<K>>;
/** What a handler gets: the window's input, or from a local caller the wider local one. */
export type ParsedInput<K extends Channel> = z.output<LocalSchema<K>>;
export type ChannelOutput<K extends Channel> = z.output<Channels[K]['output']>;

export const CHANNEL_NAMES = Object.keys(channels) as Channel[];

/** Whether a role may call a channel (public channels: anybody). */
export function allowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'any' || access.includes(role);
}

// Compile-time check: the preload's name list and the map name the same channels.
type ListedName = (typeof import('./channel-names').CHANNEL_NAME_LIST)[number];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const channelListMatches: Same<ListedName, Channel> = true;

/** The API as the renderer sees it (window.api): one async function per channel. */
export type Api = {
  [K in Channel]: (input: ChannelInput<K>) => Promise<import('./result').Result<ChannelOutput<K>>>;
};
