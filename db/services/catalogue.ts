// Sites, catalogue items, staff accounts, projects, settings and the audit log.
import { audit, verifyAuditChain } from '../audit';
import { CoreError } from '../errors';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { nowIso, notFound, requireRole, type Ctx } from './context';
import { checkKeyring, hasKeyringEntry, revoke, setPassword, type Vault } from '../vault';
import { DEFAULT_CODE_PATTERN } from '../../shared/codes';
import { settingsRecord } from '../../shared/schemas';

const MANAGER = ['manager'] as const;

// ---------- sites ----------
type SiteRecord = ChannelOutput<'sites.save'>;
const toSite = (r: { id: number; name: string; kind: SiteRecord['kind']; active: number }): SiteRecord => ({ id: r.id, name: r.name, kind: r.kind, active: r.active === 1 });

export function listSites(ctx: Ctx): SiteRecord[] {
  return (ctx.store.stmt('SELECT id, name, kind, active FROM sites ORDER BY active DESC, name').all() as Parameters<typeof toSite>[0][]).map(toSite);
}

export function saveSite(ctx: Ctx, input: ParsedInput<'sites.save'>): SiteRecord {
  requireRole(ctx, MANAGER, 'change sites');
  return ctx.store.tx(() => {
    const clash = ctx.store.stmt('SELECT id FROM sites WHERE name = ? COLLATE NOCASE AND id <> ?').get(input.name, input.id ?? 0);
    if (clash) throw new CoreError('rejected', 'Another site already has this name.', 'name');
    if (input.id === undefined) {
      const id = Number(ctx.store.stmt('INSERT INTO sites (name, kind, active, created_at) VALUES (?, ?, ?, ?)').run(input.name, input.kind, input.active ? 1 : 0, nowIso()).lastInsertRowid);
      const after = ctx.store.stmt('SELECT * FROM sites WHERE id = ?').get(id);
      audit(ctx.store, ctx.actor, 'create', 'site', id, null, after);
      return toSite(after as Parameters<typeof toSite>[0]);
    }
    const before = ctx.store.stmt('SELECT * FROM sites WHERE id = ?').get(input.id);
    if (!before) notFound('The site');
    ctx.store.stmt('UPDATE sites SET name = ?, kind = ?, active = ? WHERE id = ?').run(input.name, input.kind, input.active ? 1 : 0, input.id);
    const after = ctx.store.stmt('SELECT * FROM sites WHERE id = ?').get(input.id);
    audit(ctx.store, ctx.actor, 'update', 'site', input.id, before, after);
    return toSite(after as Parameters<typeof toSite>[0]);
  });
}

// ---------- items ----------
type ItemRecord = ChannelOutput<'items.save'>;
interface ItemRow { id: number; key: string; category: ItemRecord['category']; label_lt: string; label_en: string; low_stock_threshold: number | null; active: number }
const toItem = (r: ItemRow): ItemRecord => ({
  id: r.id, key: r.key, category: r.category, labelLt: r.label_lt, labelEn: r.label_en, lowStockThreshold: r.low_stock_threshold, active: r.active === 1,
});

export function listItems(ctx: Ctx): ItemRecord[] {
  return (ctx.store.stmt('SELECT * FROM items ORDER BY id').all() as ItemRow[]).map(toItem);
}

export function saveItem(ctx: Ctx, input: ParsedInput<'items.save'>): ItemRecord {
  requireRole(ctx, MANAGER, 'change the catalogue');
  return ctx.store.tx(() => {
    const clash = ctx.store.stmt('SELECT id FROM items WHERE key = ? AND id <> ?').get(input.key, input.id ?? 0);
    if (clash) throw new CoreError('rejected', 'Another item already has this key.', 'key');
    const vals = [input.key, input.category, input.labelLt, input.labelEn, input.lowStockThreshold, input.active ? 1 : 0] as const;
    if (input.id === undefined) {
      const id = Number(ctx.store.stmt('INSERT INTO items (key, category, label_lt, label_en, low_stock_threshold, active) VALUES (?, ?, ?, ?, ?, ?)').run(...vals).lastInsertRowid);
      const after = ctx.store.stmt('SELECT * FROM items WHERE id = ?').get(id) as ItemRow;
      audit(ctx.store, ctx.actor, 'create', 'item', id, null, after);
      return toItem(after);
    }
    const before = ctx.store.stmt('SELECT * FROM items WHERE id = ?').get(input.id) as ItemRow | undefined;
    if (!before) notFound('The item');
    if (before.key !== input.key) throw new CoreError('rejected', 'The key of an item in use cannot change (reports and files refer to it); add a new item instead.', 'key');
    ctx.store.stmt('UPDATE items SET key = ?, category = ?, label_lt = ?, label_en = ?, low_stock_threshold = ?, active = ? WHERE id = ?').run(...vals, input.id);
    const after = ctx.store.stmt('SELECT * FROM items WHERE id = ?').get(input.id) as ItemRow;
    audit(ctx.store, ctx.actor, 'update', 'item', input.id, before, after);
    return toItem(after);
  });
}

// ---------- staff ----------
type StaffRecord = ChannelOutput<'staff.add'>;
interface StaffRow { id: number; user_name: string; display_name: string; role: StaffRecord['role']; active: number }
const toStaff = (r: StaffRow): StaffRecord => ({ id: r.id, userName: r.user_name, displayName: r.display_name, role: r.role, active: r.active === 1 });
const staffRow = (ctx: Ctx, id: number): StaffRow => {
  const r = ctx.store.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  if (!r) notFound('The staff account');
  return r;
};

export function listStaff(ctx: Ctx): StaffRecord[] {
  return (ctx.store.stmt('SELECT id, user_name, display_name, role, active FROM staff ORDER BY active DESC, display_name').all() as StaffRow[]).map(toStaff);
}

function needVault(ctx: Ctx): Vault {
  if (!ctx.vault) throw new CoreError('internal', 'This operation needs the keyring, which is not open.');
  return ctx.vault;
}

export function addStaff(ctx: Ctx, input: ParsedInput<'staff.add'>): StaffRecord {
  requireRole(ctx, MANAGER, 'add staff accounts');
  const vault = needVault(ctx);
  const name = input.userName.toLowerCase();
  const existing = ctx.store.stmt('SELECT id, active FROM staff WHERE user_name = ?').get(name) as { id: number; active: number } | undefined;
  if (existing && existing.active) throw new CoreError('rejected', 'This user name is taken.', 'userName');
  // The record, its audit entry and the key: one change, written into the re-encrypted file.
  setPassword(vault, name, input.password, (s) => {
    let id: number;
    if (existing) {
      // A staff record created by an import, or disabled before (inactive, no key), becomes a real account.
      s.stmt('UPDATE staff SET display_name = ?, role = ?, active = 1 WHERE id = ?').run(input.displayName, input.role, existing.id);
      id = existing.id;
    } else {
      id = Number(s.stmt('INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, ?, 1, ?)').run(name, input.displayName, input.role, nowIso()).lastInsertRowid);
    }
    audit(s, ctx.actor, 'create', 'staff', id, null, s.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE id = ?').get(id));
  });
  const row = vault.store.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE user_name = ?').get(name) as StaffRow;
  return toStaff(row);
}

/**
 * Disables an account: its keyring entry removed and the file re-encrypted with a new key, the
 * record and its audit entry written in the same change. If the key change cannot run (another
 * program has the file open), nothing changes and the manager can try again. An account left
 * inactive with its entry still there (an interrupted disable of an older version) is finished.
 */
export function disableStaff(ctx: Ctx, id: number): StaffRecord {
  requireRole(ctx, MANAGER, 'disable staff accounts');
  const vault = needVault(ctx);
  const before = staffRow(ctx, id);
  if (before.id === ctx.actor.staffId) throw new CoreError('rejected', 'You cannot disable your own account.', 'id');
  if (!before.active && !hasKeyringEntry(vault, before.user_name)) throw new CoreError('rejected', 'This account is already disabled.', 'id');
  revoke(vault, before.user_name, (s) => {
    s.stmt('UPDATE staff SET active = 0 WHERE id = ?').run(id);
    audit(s, ctx.actor, 'disable', 'staff', id, before, { ...(s.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE id = ?').get(id) as StaffRow), rekeyed: true });
  });
  return toStaff(staffRow(ctx, id));
}

/** A manager sets a new password for an account (a forgotten one): a new key for the file, the old password opens nothing. */
export function resetStaffPassword(ctx: Ctx, input: ParsedInput<'staff.setPassword'>): { done: true } {
  requireRole(ctx, MANAGER, 'set passwords');
  const vault = needVault(ctx);
  const row = staffRow(ctx, input.id);
  if (!row.active) throw new CoreError('rejected', 'This account is disabled; add it again to give it a password.', 'id');
  setPassword(vault, row.user_name, input.newPassword, (s) => audit(s, ctx.actor, 'set_password', 'staff', input.id, null, { user_name: row.user_name }));
  return { done: true as const };
}

export function setStaffRole(ctx: Ctx, input: ParsedInput<'staff.setRole'>): StaffRecord {
  requireRole(ctx, MANAGER, 'change roles');
  return ctx.store.tx(() => {
    const before = staffRow(ctx, input.id);
    if (before.id === ctx.actor.staffId && input.role !== 'manager') throw new CoreError('rejected', 'You cannot take the manager role from yourself.', 'role');
    ctx.store.stmt('UPDATE staff SET role = ? WHERE id = ?').run(input.role, input.id);
    const after = staffRow(ctx, input.id);
    audit(ctx.store, ctx.actor, 'update', 'staff', input.id, before, after);
    return toStaff(after);
  });
}

// ---------- projects ----------
type ProjectRecord = ChannelOutput<'projects.save'>;
interface ProjectRow { id: number; title: string; donor: string; date_from: string; date_to: string; budget_minor: number; currency: string }
const toProject = (r: ProjectRow): ProjectRecord => ({ id: r.id, title: r.title, donor: r.donor, from: r.date_from, to: r.date_to, budgetMinor: r.budget_minor, currency: r.currency });

export function listProjects(ctx: Ctx): ProjectRecord[] {
  return (ctx.store.stmt('SELECT * FROM projects ORDER BY date_from DESC').all() as ProjectRow[]).map(toProject);
}

export function saveProject(ctx: Ctx, input: ParsedInput<'projects.save'>): ProjectRecord {
  requireRole(ctx, MANAGER, 'change projects');
  return ctx.store.tx(() => {
    const vals = [input.title, input.donor, input.from, input.to, input.budgetMinor, input.currency] as const;
    let id = input.id;
    let before: ProjectRow | undefined;
    if (id === undefined) {
      id = Number(ctx.store.stmt('INSERT INTO projects (title, donor, date_from, date_to, budget_minor, currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...vals, nowIso()).lastInsertRowid);
    } else {
      before = ctx.store.stmt('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
      if (!before) notFound('The project');
      ctx.store.stmt('UPDATE projects SET title = ?, donor = ?, date_from = ?, date_to = ?, budget_minor = ?, currency = ? WHERE id = ?').run(...vals, id);
    }
    const after = ctx.store.stmt('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow;
    audit(ctx.store, ctx.actor, before ? 'update' : 'create', 'project', id, before ?? null, after);
    return toProject(after);
  });
}

// ---------- settings ----------
type Settings = ChannelOutput<'settings.get'>;
export const SETTING_DEFAULTS: Settings = {
  codePattern: DEFAULT_CODE_PATTERN,
  regularMinVisitDays: 3,
  pwidPopulationEstimate: null,
  idleLockMinutes: 5,
  testDueMonths: 6,
  language: 'lt',
  coverageLowBelow: 100,
  coverageHighFrom: 200,
  cabinetName: '',
};

export function getSettings(ctx: Pick<Ctx, 'store'>): Settings {
  // Each stored value that has its field's shape, else the default: the record as a whole is then checked.
  const merged: Record<string, unknown> = { ...SETTING_DEFAULTS };
  for (const [key, field] of Object.entries(settingsRecord.shape)) {
    const value = ctx.store.setting<unknown>(key, field, undefined);
    if (value !== undefined) merged[key] = value;
  }
  return settingsRecord.parse(merged);
}

export function updateSettings(ctx: Ctx, input: ParsedInput<'settings.update'>): Settings {
  requireRole(ctx, MANAGER, 'change settings');
  return ctx.store.tx(() => {
    const before = getSettings(ctx);
    const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as Settings;
    if (next.coverageLowBelow >= next.coverageHighFrom) throw new CoreError('validation', 'The low coverage limit must be below the high one.', 'coverageHighFrom');
    const put = ctx.store.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const [k, v] of Object.entries(input)) if (v !== undefined) put.run(k, JSON.stringify(v));
    audit(ctx.store, ctx.actor, 'update', 'settings', null, before, next);
    return next;
  });
}

// ---------- audit ----------
export function listAudit(ctx: Ctx, input: ParsedInput<'audit.list'>): ChannelOutput<'audit.list'> {
  requireRole(ctx, MANAGER, 'read the audit log');
  const rows = ctx.store.stmt('SELECT * FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?').all(input.beforeId, input.beforeId, input.limit) as Array<{
    id: number; at: string; user_name: string; action: string; entity: string; entity_id: number | null; before_json: string | null; after_json: string | null;
  }>;
  return rows.map((r) => ({ id: r.id, at: r.at, userName: r.user_name, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before_json, after: r.after_json }));
}

/** Integrity check of the file and of the audit chain. */
export function verifyDatabase(ctx: Pick<Ctx, 'store'> & { vault?: Vault | null }): ChannelOutput<'audit.verify'> {
  const problems: string[] = [];
  const rows = ctx.store.sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const integrity = rows.length === 1 && rows[0].integrity_check === 'ok';
  if (!integrity) problems.push(...rows.slice(0, 20).map((r) => `Integrity: ${r.integrity_check}`));
  const fk = ctx.store.sqlite.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`${fk.length} record(s) refer to records that do not exist.`);
  // The chain inside the file, then its head against the anchor kept outside it (a cut-off tail).
  const chain = [...verifyAuditChain(ctx.store), ...(ctx.vault ? checkKeyring(ctx.vault) : [])];
  problems.push(...chain);
  return { integrity: integrity && fk.length === 0, auditChain: chain.length === 0, problems };
}
