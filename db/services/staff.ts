// Staff accounts: the list, and a manager's changes (the channel map says who): add, disable, a
// new password, a role. Adding, disabling and a new password change the file's keys (db/vault.ts).
import { qb } from '../store';
import type { Staff } from '../schema';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { hasKeyringEntry, revoke, setPassword, type Vault } from '../vault';
import { nowIso, notFound, type Ctx } from './context';

type StaffRecord = ChannelOutput<'staff.add'>;

const staffRows = qb.selectFrom('staff').select(['id', 'user_name', 'display_name', 'role', 'active']);
function toStaff(r: Pick<Staff, 'id' | 'user_name' | 'display_name' | 'role' | 'active'>): StaffRecord {
  return { id: r.id, userName: r.user_name, displayName: r.display_name, role: r.role, active: r.active === 1 };
}

function staffRow(ctx: Ctx, id: number): Pick<Staff, 'id' | 'user_name' | 'display_name' | 'role' | 'active'> {
  const r = ctx.store.get(staffRows.where('id', '=', id));
  if (!r) notFound('staff');
  return r;
}

export function listStaff(ctx: Ctx): StaffRecord[] {
  return ctx.store.all(staffRows.orderBy('active', 'desc').orderBy('display_name')).map(toStaff);
}

function needVault(ctx: Ctx): Vault {
  if (!ctx.vault) throw new CoreError('internal', text('error.no_keyring'));
  return ctx.vault;
}

export function addStaff(ctx: Ctx, input: ParsedInput<'staff.add'>): StaffRecord {
  const vault = needVault(ctx);
  const name = input.userName.toLowerCase();
  const existing = ctx.store.get(qb.selectFrom('staff').select(['id', 'active']).where('user_name', '=', name));
  if (existing && existing.active) throw new CoreError('rejected', text('staff.name_taken'), 'userName');
  // The record, its audit entry and the key: one change, written into the re-encrypted file.
  setPassword(vault, name, input.password, (s) => {
    let id: number;
    if (existing) {
      // A staff record created by an import, or disabled before (inactive, no key), becomes a real account.
      s.run(qb.updateTable('staff').set({ display_name: input.displayName, role: input.role, active: 1 }).where('id', '=', existing.id));
      id = existing.id;
    } else {
      id = s.run(qb.insertInto('staff').values({ user_name: name, display_name: input.displayName, role: input.role, active: 1, created_at: nowIso() })).lastInsertRowid;
    }
    audit(s, ctx.actor, 'create', 'staff', id, null, s.get(staffRows.where('id', '=', id)));
  });
  const row = vault.store.get(staffRows.where('user_name', '=', name));
  if (!row) notFound('staff');
  return toStaff(row);
}

/**
 * Disables an account: its keyring entry removed and the file re-encrypted with a new key, the
 * record and its audit entry written in the same change. If the key change cannot run (another
 * program has the file open), nothing changes and the manager can try again. An account left
 * inactive with its entry still there (an interrupted disable of an older version) is finished.
 */
export function disableStaff(ctx: Ctx, id: number): StaffRecord {
  const vault = needVault(ctx);
  const before = staffRow(ctx, id);
  if (before.id === ctx.actor.staffId) throw new CoreError('rejected', text('staff.disable_self'), 'id');
  if (!before.active && !hasKeyringEntry(vault, before.user_name)) throw new CoreError('rejected', text('staff.already_disabled'), 'id');
  revoke(vault, before.user_name, (s) => {
    s.run(qb.updateTable('staff').set({ active: 0 }).where('id', '=', id));
    audit(s, ctx.actor, 'disable', 'staff', id, before, { ...s.get(staffRows.where('id', '=', id)), rekeyed: true });
  });
  return toStaff(staffRow(ctx, id));
}

/** A new password for an account (a forgotten one): a new key for the file, the old password opens nothing. */
export function resetStaffPassword(ctx: Ctx, input: ParsedInput<'staff.setPassword'>): { done: true } {
  const vault = needVault(ctx);
  const row = staffRow(ctx, input.id);
  if (!row.active) throw new CoreError('rejected', text('staff.disabled'), 'id');
  setPassword(vault, row.user_name, input.newPassword, (s) => audit(s, ctx.actor, 'set_password', 'staff', input.id, null, { user_name: row.user_name }));
  return { done: true as const };
}

export function setStaffRole(ctx: Ctx, input: ParsedInput<'staff.setRole'>): StaffRecord {
  return ctx.store.tx(() => {
    const before = staffRow(ctx, input.id);
    if (before.id === ctx.actor.staffId && input.role !== 'manager') throw new CoreError('rejected', text('staff.keep_manager'), 'role');
    ctx.store.run(qb.updateTable('staff').set({ role: input.role }).where('id', '=', input.id));
    const after = staffRow(ctx, input.id);
    audit(ctx.store, ctx.actor, 'update', 'staff', input.id, before, after);
    return toStaff(after);
  });
}
