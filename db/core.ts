// The core's one door: `call`, which the Electron IPC relay, the browser test bridge, the
// command line and the tests all use. It validates the input with the channel's schema (the
// window's, or a local caller's wider one), checks the role the channel map names, runs the
// handler (a session handler over the Session, or a service over a Ctx) and answers a Result —
// never a raw Error, never a client code or a key in a message. The messages are said here, in
// the language of whoever asked: the window's session language, English for local callers
// (the command line). Nothing else lives here.
import type { z } from 'zod';
import { channels, allowed, type Channel, type ChannelInput, type ChannelOutput, type LocalInput, type Origin } from '../shared/api';
import { fail, ok, type Result } from '../shared/result';
import { say, text, type Lang, type Text } from '../shared/core-messages';
import { CoreError, describeZodError, failureOf } from './errors';
import { handlers, type ServiceChannel, type SessionChannel } from './handlers';
import { makeCtx, type JobControl, type Progress } from './services/context';
import type { Actor } from './audit';
import type { Vault } from './vault';
import { localToday } from '../shared/dates';
import { Session, sessionHandlers } from './session';

export interface CoreOptions {
  today?: () => string;
  /** Called after every successful write (the automatic backup hooks in here). */
  onWrite?: () => void;
  /** How far a long job (a channel marked `long`) is. */
  onProgress?: (channel: Channel, p: Progress) => void;
  /** The cancel flag, shared with the main process when the core runs in its worker. */
  cancel?: Int32Array;
}

/** What the screen may still do while an import writes: ask the state, lock, stop the job. */
const OPEN_DURING_LONG_WRITE = new Set<Channel>(['session.status', 'session.lock', 'session.cancelJob']);

/** Calls that open, close or replace the session: not while a long job runs in it. */
const SESSION_CHANGING = new Set<Channel>(['session.setup', 'session.login', 'session.logout', 'session.recover', 'session.rescueRestore']);

const isSessionChannel = (name: Channel): name is SessionChannel => name.startsWith('session.');

export class Core {
  private readonly session: Session;
  /** The long job running now, if any. */
  private longJob: Channel | null = null;

  constructor(
    readonly dbPath: string,
    private readonly options: CoreOptions = {},
  ) {
    this.session = new Session(dbPath, options.cancel);
  }

  get currentVault(): Vault | null {
    return this.session.vault;
  }

  get actor(): Actor | null {
    return this.session.actor;
  }

  /** Typed for callers that name a known channel; untyped for what arrives over IPC. Always the window's input. */
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  call(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  call(channel: string, rawInput: unknown): Promise<Result<unknown>> {
    return this.dispatch(channel, rawInput, 'window');
  }

  /** The door for local callers (the command line, the main process): may name files by path. */
  callLocal<K extends Channel>(channel: K, input: LocalInput<K>): Promise<Result<ChannelOutput<K>>>;
  callLocal(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  callLocal(channel: string, rawInput: unknown): Promise<Result<unknown>> {
    return this.dispatch(channel, rawInput, 'local');
  }

  private async dispatch(channel: string, rawInput: unknown, origin: Origin): Promise<Result<unknown>> {
    // The window hears the language its screen is in (session.setLanguage, else the cabinet's
    // setting); the command line answers in English, as spec/cli.md shows its answers.
    const lang: Lang = origin === 'local' ? 'en' : this.session.language;
    const said = (t: Text) => say(lang, t);
    if (!Object.prototype.hasOwnProperty.call(channels, channel)) return fail('unknown_channel', said(text('door.no_channel')));
    const name = channel as Channel;
    const def = channels[name];
    // The window's input schema, always; the wider local one only for local callers.
    const schema: z.ZodType = origin === 'local' && def.local ? def.local : def.input;
    const parsed = schema.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const { message, field, reason } = describeZodError(parsed.error, lang);
      return fail('validation', message, field, reason);
    }
    const { session } = this;
    if (def.access !== 'public') {
      if (!session.vault || !session.user) return fail('locked', said(text('door.log_in')));
      if (session.locked) return fail('locked', said(text('door.locked')));
      if (!allowed(def.access, session.user.role)) return fail('forbidden', said(text('door.forbidden', { role: session.user.role })));
    }
    // A long job writing across awaits (an import) holds the one transaction: nothing else may
    // write into it or read what it has not committed; the screen may still ask, lock and stop.
    if (session.vault?.store.longWriteOpen && !OPEN_DURING_LONG_WRITE.has(name)) {
      return fail('db_busy', said(text('door.import_writing')));
    }
    // While a long job runs, the session stays as it is (a job meeting a closed connection would
    // end the next person's session); while one that writes runs (an import, a restore), nothing
    // else writes — what it checked must still hold when it writes.
    if (this.longJob && name !== this.longJob) {
      if (SESSION_CHANGING.has(name)) return fail('db_busy', said(text('door.long_job_session')));
      if (def.writes && channels[this.longJob].writes) return fail('db_busy', said(text('door.long_job_writes')));
    }
    const vaultAtStart = session.vault;
    try {
      const value = isSessionChannel(name) ? await this.runSession(name, parsed.data) : await this.runService(name, parsed.data, lang);
      return ok(value);
    } catch (e) {
      const { result, closeSession } = failureOf(e, lang);
      // Only the session this call worked in is closed, never one opened since.
      if (closeSession && session.vault === vaultAtStart) this.close();
      // An unreadable file (found at login or while working) is noted, so the restore offer shows after a restart too.
      if (!result.ok && result.error.code === 'db_unreadable') session.problem.set(result.error.message);
      return result;
    }
  }

  private async runSession(name: SessionChannel, input: unknown): Promise<unknown> {
    // Validated above against this channel's schema: the handler's input type.
    const handler = sessionHandlers[name] as (s: Session, i: unknown) => unknown;
    const vault = this.session.vault;
    if (vault) vault.mayReplaceFile = channels[name].replacesFile;
    try {
      return await handler(this.session, input);
    } finally {
      if (vault) vault.mayReplaceFile = undefined;
    }
  }

  private async runService(name: ServiceChannel, input: unknown, lang: Lang): Promise<unknown> {
    const { vault, actor } = this.session.need();
    const def = channels[name];
    // One long job at a time: a Stop always means the job running now, and two heavy jobs never
    // compete. A long job starts with the flag down; a cancel asked before it started is not its.
    if (def.long) {
      if (this.longJob) throw new CoreError('db_busy', text('door.long_job'));
      Atomics.store(this.session.cancel, 0, 0);
    }
    const job: JobControl = {
      progress: (p) => {
        if (def.long) this.options.onProgress?.(name, p);
      },
      cancelRequested: () => def.long && Atomics.load(this.session.cancel, 0) === 1,
    };
    const ctx = makeCtx(vault.store, actor, vault, this.options.today ?? (() => localToday()), job, lang);
    // Validated above against this channel's schema: the handler's input type.
    const handler = handlers[name] as (c: typeof ctx, i: unknown) => unknown;
    if (def.long) this.longJob = name;
    // Only a channel marked replacesFile may put a new file in place (a key change, a restore).
    vault.mayReplaceFile = def.replacesFile;
    let value: unknown;
    try {
      value = await handler(ctx, input);
    } finally {
      if (def.long) this.longJob = null;
      vault.mayReplaceFile = undefined;
    }
    if (channels[name].writes) this.options.onWrite?.();
    return value;
  }

  close(): void {
    this.session.close();
  }
}
