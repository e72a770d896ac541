// The names of the channel map, without schemas, for the preload (which must stay tiny).
// api.ts checks at compile time that this list and the map agree.
export const CHANNEL_NAME_LIST = [
  'session.status', 'session.setup', 'session.login', 'session.recover', 'session.logout', 'session.lock',
  'session.unlock', 'session.changePassword', 'session.setLanguage', 'session.cancelJob', 'session.rescueList', 'session.rescueRestore',
  'clients.search', 'clients.card', 'clients.duplicates', 'clients.register', 'clients.update', 'clients.setPharmacotherapy', 'clients.voidPharmacotherapyChange', 'clients.merge',
  'clients.history', 'clients.lastVisitDefaults',
  'visits.create', 'visits.update', 'visits.void', 'visits.get', 'visits.day', 'visits.plausibleQuantities', 'tests.setResults', 'tests.pending',
  'care.list', 'care.record', 'care.void', 'referrals.setOutcome', 'followup.list',
  'overdoses.record', 'overdoses.list', 'overdoses.void',
  'outreach.create', 'outreach.list', 'outreach.void', 'secondary.record',
  'activities.create', 'activities.list', 'activities.void', 'stock.balance', 'stock.receive', 'stock.count',
  'sites.list', 'sites.save', 'items.list', 'items.save', 'staff.list', 'staff.add', 'staff.disable',
  'staff.setPassword', 'staff.setRole', 'projects.list', 'projects.save', 'settings.get', 'settings.update',
  'reports.run', 'reports.workbook', 'reports.explain', 'reports.explainXlsx', 'audit.list', 'audit.verify',
  'register.check', 'register.import', 'register.export', 'backup.now', 'backup.list', 'backup.setFolder',
  'backup.restore', 'dhis2.export',
] as const;

/** The single IPC channel that carries every call: `invoke(API_IPC, name, input)`. */
export const API_IPC = 'slenkstis:api';

/** The main process's own dialogs (a folder to choose, a file to save): `invoke(DIALOG_IPC, 'chooseFolder' | 'save', …)`. */
export const DIALOG_IPC = 'slenkstis:dialog';

/** Notices from the main process to the window (the day's backup running, the core stopped): `on(NOTICE_IPC, …)`. */
export const NOTICE_IPC = 'slenkstis:notice';
