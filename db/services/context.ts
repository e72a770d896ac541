import type { Store } from '../store';
import type { Actor } from '../audit';
import type { Vault } from '../vault';
import { CoreError } from '../errors';
import { localToday } from '../../shared/dates';

/** What every service gets: the open store, who acts, and (for key operations) the vault. */
export interface Ctx {
  store: Store;
  actor: Actor;
  vault: Vault | null;
  /** Today's local date; tests may pin it. */
  today(): string;
}

export function makeCtx(store: Store, actor: Actor, vault: Vault | null = null, today: () => string = () => localToday()): Ctx {
  // A key change reopens the vault's connection on the re-encrypted file: the store is always the vault's current one.
  return {
    get store() {
      return vault ? vault.store : store;
    },
    actor,
    vault,
    today,
  };
}

export const nowIso = (): string => new Date().toISOString();

export function notFound(what: string): never {
  throw new CoreError('not_found', `${what} was not found.`);
}

export function requireRole(ctx: Ctx, roles: readonly string[], what: string, field?: string): void {
  if (!roles.includes(ctx.actor.role)) {
    throw new CoreError('forbidden', `Your account (${ctx.actor.role.replace('_', ' ')}) may not ${what}.`, field);
  }
}
