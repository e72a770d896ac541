import type { Store } from '../store';
import type { Actor } from '../audit';
import type { Vault } from '../vault';
import { CoreError } from '../errors';
import { localToday } from '../../shared/dates';
import { MEDICAL_ROLES } from '../../shared/domain';

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

/** Whether the actor is medical staff (or a manager): who records and sees medical services, tests and results (domain.md). */
export const isMedical = (ctx: Pick<Ctx, 'actor'>): boolean => MEDICAL_ROLES.some((r) => r === ctx.actor.role);

/**
 * The one role check a service makes: medical content (medical services, tests) inside an
 * operation every role may call (access 'any' in shared/api.ts). Who may call a channel at all
 * is the channel map's, checked by Core.call before the handler runs: never repeated here.
 */
export function requireMedical(ctx: Ctx, what: string, field?: string): void {
  if (!isMedical(ctx)) {
    throw new CoreError('forbidden', `Your account (${ctx.actor.role.replace('_', ' ')}) may not ${what}.`, field);
  }
}
