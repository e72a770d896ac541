// The core: one open database, who is logged in, whether the screen is locked, and `call`,
// the single entry that the Electron IPC handler, the browser test bridge and the tests use.
// It validates the input with the channel's schema, checks the role, runs the service and
// answers a Result — never a raw Error, never a client code or a key in a message.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { channels, allowed, type Channel, type ChannelInput, type ChannelOutput } from '../shared/api';
import { fail, ok, type Result } from '../shared/result';
import { reasonOfText, type Reason } from '../shared/messages';
import { CoreError } from './errors';
import { handlers, type ServiceChannel } from './handlers';
import { makeCtx } from './services/context';
import { getSettings } from './services/catalogue';
import { audit, type Actor } from './audit';
import {
  changePassword, checkPassword, createDatabase, setPassword, unlockWithPassword, unlockWithRecovery, type StaffRow, type Vault,
} from './vault';
import { localToday } from '../shared/dates';
import { rescueBackups } from './backup/policy';
import { filesOf } from './keyfiles';
import { prepareRestore, restoreBackup } from './backup/restore';

type StaffInfo = ChannelOutput<'session.login'>;

const staffInfo = (r: StaffRow): StaffInfo => ({ id: r.id, userName: r.user_name, displayName: r.display_name, role: r.role });

/** The first problem of a zod error as one sentence naming the field, with its reason key for the UI. */
export function describeZodError(error: z.ZodError): { message: string; field?: string; reason: Reason } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  let msg = issue?.message ?? 'is not valid';
  let reason: Reason = { key: reasonOfText(msg) ?? 'invalid' };
  if (issue?.code === 'unrecognized_keys') {
    msg = `has unknown field(s): ${issue.keys.slice(0, 3).map((k) => k.slice(0, 40)).join(', ')}`;
    reason = { key: 'unknown_fields' };
  } else if (issue?.code === 'invalid_type') {
    msg = `has the wrong type (expected ${issue.expected})`;
    reason = { key: 'invalid_type' };
  } else if (issue?.code === 'too_small' && !reasonOfText(issue.message)) {
    reason = { key: 'too_small', params: { min: Number(issue.minimum), origin: issue.origin } };
  } else if (issue?.code === 'too_big' && !reasonOfText(issue.message)) {
    reason = { key: 'too_big', params: { max: Number(issue.maximum), origin: issue.origin } };
  } else if (issue?.code === 'invalid_value') {
    reason = { key: 'invalid_value' };
  }
  return { message: field ? `${field}: ${msg}` : `The input ${msg}`, field, reason };
}

export interface CoreOptions {
  today?: () => string;
  /** Called after every successful write (the automatic backup hooks in here). */
  onWrite?: () => void;
}

export class Core {
  private vault: Vault | null = null;
  private user: StaffInfo | null = null;
  private locked = false;
  private problem: string | null = null;
  private language: 'lt' | 'en' = 'lt';

  constructor(
    readonly dbPath: string,
    private readonly options: CoreOptions = {},
  ) {}

  get currentVault(): Vault | null {
    return this.vault;
  }

  get actor(): Actor | null {
    return this.user ? { staffId: this.user.id, userName: this.user.userName, role: this.user.role } : null;
  }

  /** Typed for callers that name a known channel; untyped for what arrives over IPC. */
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  call(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  async call(channel: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!Object.prototype.hasOwnProperty.call(channels, channel)) return fail('unknown_channel', 'There is no such operation.');
    const name = channel as Channel;
    const def = channels[name];
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const { message, field, reason } = describeZodError(parsed.error);
      return fail('validation', message, field, reason);
    }
    if (def.access !== 'public') {
      if (!this.vault || !this.user) return fail('locked', 'Log in first.');
      if (this.locked) return fail('locked', 'The screen is locked: enter your password.');
      if (!allowed(def.access, this.user.role)) {
        return fail('forbidden', `Your account (${this.user.role.replace('_', ' ')}) may not do this.`);
      }
    }
    try {
      const value = name.startsWith('session.') ? await this.session(name, parsed.data) : await this.service(name as ServiceChannel, parsed.data);
      return ok(value);
    } catch (e) {
      return this.toFailure(e);
    }
  }

  private async service(name: ServiceChannel, input: unknown): Promise<unknown> {
    const ctx = makeCtx(this.vault!.store, this.actor!, this.vault, this.options.today ?? (() => localToday()));
    const handler = handlers[name] as (c: typeof ctx, i: unknown) => unknown;
    const value = await handler(ctx, input);
    if (channels[name].writes) this.options.onWrite?.();
    return value;
  }

  /**
   * A note beside the database that it could not be read, so that the app opens on the restore
   * offer after a restart too (damage inside the file can only be seen with a key). No secrets in it.
   */
  private get problemNote(): string {
    return `${this.dbPath}.problem.json`;
  }

  private setProblem(message: string): void {
    this.problem = message;
    try {
      writeFileSync(this.problemNote, `${JSON.stringify({ at: new Date().toISOString(), problem: message })}\n`, { mode: 0o600 });
    } catch {
      // A read-only folder: the offer still shows in this session.
    }
  }

  private clearProblem(): void {
    this.problem = null;
    rmSync(this.problemNote, { force: true });
  }

  private notedProblem(): string | null {
    if (this.problem) return this.problem;
    try {
      const note = JSON.parse(readFileSync(this.problemNote, 'utf8')) as { problem?: unknown };
      return typeof note.problem === 'string' ? note.problem : null;
    } catch {
      return null;
    }
  }

  private toFailure(e: unknown): Result<never> {
    if (e instanceof CoreError) {
      if (e.code === 'db_unreadable') this.setProblem(e.message);
      return fail(e.code, e.message, e.field);
    }
    const msg = e instanceof Error ? e.message : '';
    if (/SQLITE_BUSY|database is locked/i.test(msg)) return fail('db_busy', 'The database is busy with another program; nothing was saved. Try again.');
    if (/SQLITE_FULL|disk is full|ENOSPC/i.test(msg)) return fail('disk_full', 'The disk is full; nothing was saved. Free some space and try again.');
    if (/SQLITE_CONSTRAINT/i.test(msg)) return fail('rejected', 'The record breaks a rule of the database (a missing or duplicate reference); nothing was saved.');
    if (/connection is not open/i.test(msg)) {
      // The file was closed under the session (a failed restore): log out rather than fail on.
      this.close();
      return fail('locked', 'The database was closed; log in again.');
    }
    const code = (e as { code?: unknown }).code;
    if (/SQLITE_NOTADB|SQLITE_CORRUPT/.test(String(code)) || /malformed|not a database/i.test(msg)) {
      // Damage found while working: close the file so the app shows the restore offer
      // instead of going on with a database that cannot be trusted.
      this.close();
      this.setProblem('The database file is damaged. Restore the latest good backup.');
      return fail('db_unreadable', this.problem!);
    }
    return fail('internal', 'Something unexpected went wrong; nothing was saved. If it happens again, tell the manager.');
  }

  private async session(name: Channel, input: unknown): Promise<unknown> {
    switch (name) {
      case 'session.status': {
        // A restore killed between its renames leaves the switch record and no file yet: the next login finishes it.
        const exists = existsSync(this.dbPath) || existsSync(filesOf(this.dbPath).switchRecord);
        const problem = this.vault ? null : this.notedProblem();
        const state = !exists ? 'no_database' : problem ? 'unreadable' : !this.vault ? 'logged_out' : this.locked ? 'locked' : 'ready';
        const settings = this.vault ? getSettings({ store: this.vault.store }) : null;
        return {
          state,
          user: this.vault && !this.locked ? this.user : null,
          problem: state === 'unreadable' ? problem : null,
          idleLockMinutes: settings?.idleLockMinutes ?? 5,
          language: this.language,
        };
      }
      case 'session.setup': {
        const i = input as z.output<(typeof channels)['session.setup']['input']>;
        this.close();
        const { vault, recoveryKey, staff } = await createDatabase(this.dbPath, i);
        this.open(vault, staff);
        return { recoveryKey, user: this.user };
      }
      case 'session.login': {
        const i = input as z.output<(typeof channels)['session.login']['input']>;
        this.close();
        const { vault, staff } = await unlockWithPassword(this.dbPath, i.userName, i.password);
        this.open(vault, staff);
        return this.user;
      }
      case 'session.recover': {
        const i = input as z.output<(typeof channels)['session.recover']['input']>;
        this.close();
        const vault = await unlockWithRecovery(this.dbPath, i.recoveryKey);
        const staff = vault.store.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE user_name = ?').get(i.userName.toLowerCase()) as StaffRow | undefined;
        if (!staff || !staff.active) {
          vault.store.close();
          throw new CoreError('validation', 'There is no active account with this user name.', 'userName');
        }
        try {
          // The new password and its audit entry: one key change (the file gets a new key).
          setPassword(vault, staff.user_name, i.newPassword, (s) => audit(s, { staffId: staff.id, userName: staff.user_name, role: staff.role }, 'recover', 'staff', staff.id, null, { with: 'recovery key' }));
        } catch (e) {
          vault.store.close();
          throw e;
        }
        this.open(vault, staff);
        return this.user;
      }
      case 'session.logout':
        this.close();
        return { done: true };
      case 'session.lock':
        if (this.vault) this.locked = true;
        return { done: true };
      case 'session.unlock': {
        const i = input as { password: string };
        if (!this.vault || !this.user) throw new CoreError('locked', 'Log in first.');
        if (!checkPassword(this.vault, this.user.userName, i.password)) throw new CoreError('auth', 'Wrong password.', 'password');
        this.locked = false;
        return this.user;
      }
      case 'session.changePassword': {
        const i = input as { oldPassword: string; newPassword: string };
        changePassword(this.vault!, this.actor!, i.oldPassword, i.newPassword);
        return { done: true };
      }
      case 'session.rescueList':
        // What can be offered without any key: the backups in the folder noted beside the database.
        return rescueBackups(this.dbPath);
      case 'session.rescueRestore': {
        if (this.vault) throw new CoreError('rejected', 'The database is open; restore from the manager screens instead.');
        // Only when the database really cannot be opened: a healthy database is restored after a
        // login, from the Backups screen.
        if (existsSync(this.dbPath) && !this.notedProblem()) {
          throw new CoreError('rejected', 'The database opens: log in and restore from the Backups screen.');
        }
        const i = input as { file: string; userName: string; password: string; recoveryKey?: string };
        const offered = rescueBackups(this.dbPath).backups.some((b) => b.file === i.file);
        if (!offered) throw new CoreError('validation', 'That file is not one of the backups offered.', 'file');
        const prepared = prepareRestore(i.file, i.userName, i.password);
        // Today's access is checked by the restore itself: the person must hold a key now, or,
        // when today's keyring cannot be read, prove the recovery key.
        restoreBackup(prepared, this.dbPath, { password: i.password, recoveryKey: i.recoveryKey });
        this.clearProblem();
        const { vault, staff } = await unlockWithPassword(this.dbPath, i.userName, i.password);
        this.open(vault, staff);
        return this.user;
      }
      case 'session.setLanguage':
        this.language = (input as { language: 'lt' | 'en' }).language;
        this.languageChosen = true;
        return { done: true };
      default:
        throw new CoreError('internal', 'Unknown session operation.');
    }
  }

  private open(vault: Vault, staff: StaffRow): void {
    this.vault = vault;
    this.user = staffInfo(staff);
    this.locked = false;
    this.clearProblem();
    if (!this.languageChosen) this.language = getSettings({ store: vault.store }).language;
  }

  private languageChosen = false;

  close(): void {
    this.vault?.store.close();
    this.vault = null;
    this.user = null;
    this.locked = false;
  }
}
