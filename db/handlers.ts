// The implementation of every non-session channel: a plain function of (ctx, parsed input).
import type { Channel, ChannelOutput, ParsedInput } from '../shared/api';
import type { Ctx } from './services/context';
import * as clients from './services/clients';
import * as visits from './services/visits';
import * as outreach from './services/outreach';
import * as activities from './services/activities';
import * as cat from './services/catalogue';
import { runReport } from './reports';
import { workbookBuffer } from './reports/workbook';
import * as register from './register/service';
import * as backup from './backup/service';
import { dhis2Export } from './dhis2/service';

export type SessionChannel = Extract<Channel, `session.${string}`>;
export type ServiceChannel = Exclude<Channel, SessionChannel>;

export type Handlers = {
  [K in ServiceChannel]: (ctx: Ctx, input: ParsedInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

export const handlers: Handlers = {
  'clients.search': clients.searchClients,
  'clients.card': (ctx, i) => clients.clientCard(ctx, i.id),
  'clients.duplicates': clients.likelyDuplicates,
  'clients.register': clients.registerClient,
  'clients.update': clients.updateClient,
  'clients.merge': clients.mergeClients,
  'clients.history': visits.clientHistory,
  'clients.lastVisitDefaults': (ctx, i) => visits.lastVisitDefaults(ctx, i.clientId),
  'visits.create': visits.createVisit,
  'visits.update': visits.updateVisit,
  'visits.void': visits.voidVisit,
  'visits.get': (ctx, i) => visits.getVisit(ctx, i.id),
  'visits.day': visits.visitsOfDay,
  'tests.setResults': visits.setTestResults,
  'tests.pending': (ctx) => visits.pendingTests(ctx),
  'outreach.create': outreach.createOutreachSession,
  'outreach.list': outreach.listOutreachSessions,
  'outreach.void': outreach.voidOutreachSession,
  'secondary.record': outreach.recordSecondary,
  'activities.create': activities.createActivity,
  'activities.list': activities.listActivities,
  'activities.void': activities.voidActivity,
  'stock.balance': (ctx) => activities.stockBalance(ctx),
  'stock.receive': activities.receiveStock,
  'stock.count': activities.countStock,
  'sites.list': (ctx) => cat.listSites(ctx),
  'sites.save': cat.saveSite,
  'items.list': (ctx) => cat.listItems(ctx),
  'items.save': cat.saveItem,
  'staff.list': (ctx) => cat.listStaff(ctx),
  'staff.add': cat.addStaff,
  'staff.disable': (ctx, i) => cat.disableStaff(ctx, i.id),
  'staff.setPassword': cat.resetStaffPassword,
  'staff.setRole': cat.setStaffRole,
  'projects.list': (ctx) => cat.listProjects(ctx),
  'projects.save': cat.saveProject,
  'settings.get': (ctx) => cat.getSettings(ctx),
  'settings.update': cat.updateSettings,
  'reports.run': (ctx, i) => runReport(ctx.store, i),
  'reports.workbook': async (ctx, i) => ({
    name: `slenkstis-${i.template}-${i.from}-${i.to}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: (await workbookBuffer(ctx.store, i)).toString('base64'),
  }),
  'audit.list': cat.listAudit,
  'audit.verify': (ctx) => cat.verifyDatabase(ctx),
  'register.check': register.checkRegisterFiles,
  'register.import': register.importRegisterFiles,
  'register.export': register.exportRegisterFiles,
  'backup.now': backup.backupNow,
  'backup.list': backup.listBackupsFor,
  'backup.setFolder': backup.setBackupFolder,
  'backup.restore': backup.restoreInApp,
  'dhis2.export': dhis2Export,
};
