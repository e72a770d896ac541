// The implementation of every non-session channel: a plain function of (ctx, parsed input).
import type { Channel, ChannelOutput, ParsedInput } from '../shared/api';
import type { Ctx } from './services/context';
import * as clients from './services/clients';
import * as visits from './services/visits';
import * as tests from './services/tests';
import * as care from './services/care';
import { setReferralOutcome } from './services/referrals';
import { followupList } from './services/followup';
import * as overdoses from './services/overdoses';
import * as outreach from './services/outreach';
import * as secondary from './services/secondary';
import * as activities from './services/activities';
import * as stock from './services/stock';
import * as sites from './services/sites';
import * as items from './services/items';
import * as staff from './services/staff';
import * as projects from './services/projects';
import * as settings from './services/settings';
import * as audit from './services/audit';
import { runReport } from './reports';
import { buildWorkbook } from './reports/workbook';
import { explainReportFigure, explainToXlsx, partsOf } from './reports/explain';
import { loadCatalogue } from './reports/engine';
import { siteRefs } from './reports';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';
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
  'clients.setPharmacotherapy': clients.setPharmacotherapy,
  'clients.voidPharmacotherapyChange': clients.voidPharmacotherapyChange,
  'clients.merge': clients.mergeClients,
  'clients.history': clients.clientHistory,
  'clients.lastVisitDefaults': (ctx, i) => clients.lastVisitDefaults(ctx, i.clientId),
  'visits.create': visits.createVisit,
  'visits.update': visits.updateVisit,
  'visits.void': visits.voidVisit,
  'visits.get': (ctx, i) => visits.getVisit(ctx, i.id),
  'visits.day': visits.visitsOfDay,
  // The effective value of a cabinet setting, so it lives with the settings.
  'visits.plausibleQuantities': (ctx) => settings.plausibleQuantities(ctx),
  'tests.setResults': tests.setTestResults,
  'tests.pending': (ctx) => tests.pendingTests(ctx),
  'care.list': care.listCareSteps,
  'care.record': care.recordCareStep,
  'care.void': care.voidCareStep,
  'referrals.setOutcome': setReferralOutcome,
  'followup.list': (ctx) => followupList(ctx),
  'overdoses.record': overdoses.recordOverdose,
  'overdoses.list': overdoses.listOverdoses,
  'overdoses.void': overdoses.voidOverdose,
  'outreach.create': outreach.createOutreachSession,
  'outreach.list': outreach.listOutreachSessions,
  'outreach.void': outreach.voidOutreachSession,
  'secondary.record': secondary.recordSecondary,
  'activities.create': activities.createActivity,
  'activities.list': activities.listActivities,
  'activities.void': activities.voidActivity,
  'stock.balance': (ctx) => stock.stockBalance(ctx),
  'stock.receive': stock.receiveStock,
  'stock.count': stock.countStock,
  'sites.list': (ctx) => sites.listSites(ctx),
  'sites.save': sites.saveSite,
  'items.list': (ctx) => items.listItems(ctx),
  'items.save': items.saveItem,
  'staff.list': (ctx) => staff.listStaff(ctx),
  'staff.add': staff.addStaff,
  'staff.disable': (ctx, i) => staff.disableStaff(ctx, i.id),
  'staff.setPassword': staff.resetStaffPassword,
  'staff.setRole': staff.setStaffRole,
  'projects.list': (ctx) => projects.listProjects(ctx),
  'projects.save': projects.saveProject,
  'settings.get': (ctx) => settings.getSettings(ctx),
  'settings.update': settings.updateSettings,
  'reports.run': (ctx, i) => runReport(ctx.store, i, ctx.step, ctx.today()),
  'reports.workbook': async (ctx, i) => {
    const wb = await buildWorkbook(ctx.store, i, ctx.step, ctx.today());
    // Writing the file is the last step; a cancel asked by now stops before the bytes are made.
    ctx.step('writing', 0, 1);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    ctx.step('writing', 1, 1);
    return {
      name: `slenkstis-${i.template}-${i.from}-${i.to}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      dataBase64: bytes.toString('base64'),
      sheets: wb.worksheets.map((w) => w.name),
    };
  },
  'reports.explain': (ctx, i) => explainChecked(ctx, i),
  'reports.explainXlsx': async (ctx, i) => {
    const explanation = explainChecked(ctx, i);
    ctx.step('writing', 0, 1);
    const bytes = await explainToXlsx(explanation, i.language);
    ctx.step('writing', 1, 1);
    return {
      name: `slenkstis-${i.key}${i.part ? `-${i.part}` : ''}-${i.from}-${i.to}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      dataBase64: bytes.toString('base64'),
    };
  },
  'audit.list': audit.listAudit,
  'audit.verify': (ctx) => audit.verifyDatabase(ctx),
  'register.check': register.checkRegisterFiles,
  'register.import': register.importRegisterFiles,
  'register.export': register.exportRegisterFiles,
  'backup.now': backup.backupNow,
  'backup.list': backup.listBackupsFor,
  'backup.setFolder': backup.setBackupFolder,
  'backup.restore': backup.restoreInApp,
  'dhis2.export': dhis2Export,
};

/**
 * The records behind a figure, as explain.ts lists them, after the checks a window's input needs
 * and the explainer leaves to its callers: the sites exist (as for reports.run) and the part is
 * one of the figure's (the catalogue's other items for other_commodities), each refused in words.
 */
function explainChecked(ctx: Ctx, i: ParsedInput<'reports.explain'> | ParsedInput<'reports.explainXlsx'>) {
  siteRefs(ctx.store, i.siteIds);
  if (i.part !== null && !(partsOf(i.key, loadCatalogue(ctx.store)) ?? []).includes(i.part)) {
    throw new CoreError('validation', text('reports.no_part', { key: i.key, part: i.part }), 'part');
  }
  ctx.step('explaining', 0, 1);
  return explainReportFigure(ctx.store, { ...i, limit: 'limit' in i ? i.limit : undefined });
}
