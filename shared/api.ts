// The channel map: every operation the UI (through the preload or the test bridge), the
// command line and the tests can call — its input schema, output schema and who may call it.
// One source of truth for names, types and roles (the model is Actual Budget's handler map).
import { z } from 'zod';
import type { Role } from './domain';
import * as s from './schemas';
import { fileOutput, reportInput, reportOutput, workbookInput } from './report-schemas';
import * as d from './data-schemas';

/** public: no login needed; any: every logged-in role; otherwise the roles listed. */
export type Access = 'public' | 'any' | readonly Role[];

const ALL: Access = 'any';
const MEDICAL: readonly Role[] = ['medical', 'manager'];
const MANAGER: readonly Role[] = ['manager'];

function op<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { input, output, access };
}

const ok = z.object({ done: z.literal(true) });

export const channels = {
  // session
  'session.status': op(s.empty, s.sessionStatus, 'public'),
  'session.setup': op(s.setupInput, s.setupOutput, 'public'),
  'session.login': op(s.loginInput, s.staffInfo, 'public'),
  'session.recover': op(s.recoverInput, s.staffInfo, 'public'),
  'session.logout': op(s.empty, ok, 'public'),
  'session.lock': op(s.empty, ok, 'public'),
  'session.unlock': op(s.unlockInput, s.staffInfo, 'public'),
  'session.changePassword': op(s.changePasswordInput, ok, ALL),
  'session.rescueList': op(s.empty, d.backupListOutput, 'public'),
  'session.rescueRestore': op(d.rescueRestoreInput, s.staffInfo, 'public'),
  'session.setLanguage': op(z.object({ language: z.enum(['lt', 'en']) }).strict(), ok, 'public'),

  // clients
  'clients.search': op(s.clientSearchInput, z.array(s.clientSummary), ALL),
  'clients.card': op(s.idInput, s.clientCard, ALL),
  'clients.duplicates': op(s.duplicatesInput, z.array(s.clientSummary), ALL),
  'clients.register': op(s.registerClientInput, s.clientSummary, ALL),
  'clients.update': op(s.updateClientInput, s.clientSummary, ALL),
  'clients.merge': op(s.mergeInput, s.clientSummary, MANAGER),
  'clients.history': op(s.historyInput, z.array(s.visitRecord), ALL),
  'clients.lastVisitDefaults': op(z.object({ clientId: s.id }).strict(), s.visitDefaults, ALL),

  // visits (medical lines and tests are checked against the role inside the service)
  'visits.create': op(s.visitInput, s.visitRecord, ALL),
  'visits.update': op(s.updateVisitInput, s.visitRecord, ALL),
  'visits.void': op(s.voidInput, ok, ALL),
  'visits.get': op(s.idInput, s.visitRecord, ALL),
  'visits.day': op(s.dayInput, z.array(s.visitRecord), ALL),
  'tests.setResults': op(s.setResultsInput, s.visitRecord, MEDICAL),
  'tests.pending': op(s.empty, z.array(s.pendingTest), MEDICAL),

  // outreach and secondary exchange
  'outreach.create': op(s.outreachInput, s.outreachSession, ALL),
  'outreach.list': op(s.periodInput, z.array(s.outreachSession), ALL),
  'outreach.void': op(s.voidInput, ok, ALL),
  'secondary.record': op(s.secondaryInput, s.visitRecord, ALL),

  // activities and stock
  'activities.create': op(s.activityInput, s.activityRecord, ALL),
  'activities.list': op(s.periodInput, z.array(s.activityRecord), ALL),
  'activities.void': op(s.voidInput, ok, ALL),
  'stock.balance': op(s.empty, z.array(s.stockBalance), ALL),
  'stock.receive': op(s.stockReceiptInput, z.array(s.stockBalance), MANAGER),
  'stock.count': op(s.stockCountInput, z.array(s.stockBalance), MANAGER),

  // catalogues and settings
  'sites.list': op(s.empty, z.array(s.siteRecord), ALL),
  'sites.save': op(s.siteInput, s.siteRecord, MANAGER),
  'items.list': op(s.empty, z.array(s.itemRecord), ALL),
  'items.save': op(s.itemInput, s.itemRecord, MANAGER),
  'staff.list': op(s.empty, z.array(s.staffRecord), ALL),
  'staff.add': op(s.staffAddInput, s.staffRecord, MANAGER),
  'staff.disable': op(s.idInput, s.staffRecord, MANAGER),
  'staff.setPassword': op(s.staffPasswordInput, ok, MANAGER),
  'staff.setRole': op(s.staffRoleInput, s.staffRecord, MANAGER),
  'projects.list': op(s.empty, z.array(s.projectRecord), ALL),
  'projects.save': op(s.projectInput, s.projectRecord, MANAGER),
  'settings.get': op(s.empty, s.settingsRecord, ALL),
  'settings.update': op(s.settingsInput, s.settingsRecord, MANAGER),

  // reports and the audit log
  'reports.run': op(reportInput, reportOutput, MANAGER),
  'reports.workbook': op(workbookInput, fileOutput, MANAGER),
  'audit.list': op(s.auditListInput, z.array(s.auditRecord), MANAGER),
  'audit.verify': op(s.empty, s.verifyOutput, MANAGER),

  // data in and out: register import/export, backups, DHIS2 (manager only, spec/domain.md)
  'register.check': op(d.registerFilesInput, d.importReport, MANAGER),
  'register.import': op(d.registerFilesInput, d.importReport, MANAGER),
  'register.export': op(d.registerExportInput, d.registerExportOutput, MANAGER),
  'backup.now': op(d.backupNowInput, d.backupInfo, MANAGER),
  'backup.list': op(d.backupListInput, d.backupListOutput, MANAGER),
  'backup.setFolder': op(d.backupFolderInput, d.backupFolderOutput, MANAGER),
  'backup.restore': op(d.backupRestoreInput, d.backupRestoreOutput, MANAGER),
  'dhis2.export': op(d.dhis2ExportInput, d.dhis2ExportOutput, MANAGER),
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<K extends Channel> = z.input<Channels[K]['input']>;
export type ParsedInput<K extends Channel> = z.output<Channels[K]['input']>;
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
