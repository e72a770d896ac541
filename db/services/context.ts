import type { Store } from '../store';
import type { Actor } from '../audit';
import type { Vault } from '../vault';
import { CoreError } from '../errors';
import { localToday } from '../../shared/dates';
import { MEDICAL_ROLES } from '../../shared/domain';
import type { Reason } from '../../shared/messages';
import { text, type Lang, type MedicalAct, type Thing } from '../../shared/core-messages';

/** How far a long job is: its phase and done of total (rows, months, sheets, steps). */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/** What a long job reports to, and how it learns that the person cancelled it. */
export interface JobControl {
  progress(p: Progress): void;
  /** True once the person asked to stop the job running now. */
  cancelRequested(): boolean;
}

const NO_JOB: JobControl = { progress: () => undefined, cancelRequested: () => false };

/** What every service gets: the open store, who acts, and (for key operations) the vault. */
export interface Ctx {
  store: Store;
  actor: Actor;
  vault: Vault | null;
  /** Today's local date; tests may pin it. */
  today(): string;
  /**
   * A long job's step: reports its progress, and stops the job (CoreError 'cancelled') when the
   * person asked to. Call it only where stopping leaves nothing written: before the job writes,
   * or inside its one transaction (which then rolls back); the last step (done = total) only reports.
   */
  step(phase: string, done: number, total: number): void;
  /**
   * The language of whoever asked: the few answers that carry sentences rather than errors (the
   * register check's problems) say them in it. Errors are keyed and said by the door.
   */
  lang: Lang;
}

export function makeCtx(store: Store, actor: Actor, vault: Vault | null = null, today: () => string = () => localToday(), job: JobControl = NO_JOB, lang: Lang = 'en'): Ctx {
  // A key change reopens the vault's connection on the re-encrypted file: the store is always the vault's current one.
  return {
    get store() {
      return vault ? vault.store : store;
    },
    actor,
    vault,
    today,
    lang,
    step(phase, done, total) {
      // The last step (done = total) reports only: the job has ended, there is nothing left to stop.
      if (done < total && job.cancelRequested()) throw new CoreError('cancelled', text('door.cancelled'));
      job.progress({ phase, done, total });
    },
  };
}

export const nowIso = (): string => new Date().toISOString();

export function notFound(thing: Thing): never {
  throw new CoreError('not_found', text('record.not_found', { thing }));
}

/** Whether the actor is medical staff (or a manager): who records and sees medical services, tests and results (domain.md). */
export const isMedical = (ctx: Pick<Ctx, 'actor'>): boolean => MEDICAL_ROLES.some((r) => r === ctx.actor.role);

/**
 * The one role check a service makes: medical content (medical services, tests) inside an
 * operation every role may call (access 'any' in shared/api.ts). Who may call a channel at all
 * is the channel map's, checked by Core.call before the handler runs: never repeated here.
 */
export function requireMedical(ctx: Ctx, act: MedicalAct, field?: string, reason?: Reason): void {
  if (!isMedical(ctx)) throw new CoreError('forbidden', text('record.medical_only', { role: ctx.actor.role, act }), field, reason);
}
