// Who is logged in, whether the screen is locked, and the session channels (`session.*`) as
// typed handlers over that state: login, setup, recovery, lock and unlock, the rescue restore.
import { existsSync } from 'node:fs';
import type { ChannelOutput, ParsedInput } from '../shared/api';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';
import { getSettings } from './services/settings';
import { audit, type Actor } from './audit';
import {
  changePassword, checkPassword, createDatabase, setPassword, unlockWithPassword, unlockWithRecovery, type StaffRow, type Vault,
} from './vault';
import { rescueBackups } from './backup/policy';
import { filesOf } from './keyfiles';
import { prepareRestore, restoreBackup } from './backup/restore';
import { ProblemNote } from './problem-note';
import { qb } from './store';
import type { SessionChannel } from './handlers';

type StaffInfo = ChannelOutput<'session.login'>;

const staffInfo = (r: StaffRow): StaffInfo => ({ id: r.id, userName: r.user_name, displayName: r.display_name, role: r.role });

/** The state of one window's (or one command's) session on one database file. */
export class Session {
  vault: Vault | null = null;
  user: StaffInfo | null = null;
  locked = false;
  language: 'lt' | 'en' = 'lt';
  languageChosen = false;
  readonly problem: ProblemNote;
  /**
   * Set (1) when the person asks to stop the long job running now. Shared memory, so that the
   * main process can set it while the core's thread is busy with that very job (worker/host.ts).
   */
  readonly cancel: Int32Array;

  constructor(readonly dbPath: string, cancel: Int32Array = new Int32Array(new SharedArrayBuffer(4))) {
    this.problem = new ProblemNote(dbPath);
    this.cancel = cancel;
  }

  cancelJob(): void {
    Atomics.store(this.cancel, 0, 1);
  }

  get actor(): Actor | null {
    return this.user ? { staffId: this.user.id, userName: this.user.userName, role: this.user.role } : null;
  }

  open(vault: Vault, staff: StaffRow): void {
    this.vault = vault;
    this.user = staffInfo(staff);
    this.locked = false;
    this.problem.clear();
    if (!this.languageChosen) this.language = getSettings({ store: vault.store }).language;
  }

  close(): void {
    this.vault?.store.close();
    this.vault = null;
    this.user = null;
    this.locked = false;
  }

  /** The logged-in state a handler needs, or the answer that nobody is. */
  need(): { vault: Vault; user: StaffInfo; actor: Actor } {
    const { vault, user, actor } = this;
    if (!vault || !user || !actor) throw new CoreError('locked', text('door.log_in'));
    return { vault, user, actor };
  }
}

export type SessionHandlers = {
  [K in SessionChannel]: (session: Session, input: ParsedInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

export const sessionHandlers: SessionHandlers = {
  'session.status': (session) => {
    // A restore killed between its renames leaves the switch record and no file yet: the next login finishes it.
    const exists = existsSync(session.dbPath) || existsSync(filesOf(session.dbPath).switchRecord);
    const problem = session.vault ? null : session.problem.current();
    const state = !exists ? 'no_database' : problem ? 'unreadable' : !session.vault ? 'logged_out' : session.locked ? 'locked' : 'ready';
    const settings = session.vault ? getSettings({ store: session.vault.store }) : null;
    return {
      state,
      user: session.vault && !session.locked ? session.user : null,
      problem: state === 'unreadable' ? problem : null,
      idleLockMinutes: settings?.idleLockMinutes ?? 5,
      language: session.language,
    };
  },

  'session.setup': async (session, i) => {
    session.close();
    const { vault, recoveryKey, staff } = await createDatabase(session.dbPath, i);
    session.open(vault, staff);
    return { recoveryKey, user: session.need().user };
  },

  'session.login': async (session, i) => {
    session.close();
    const { vault, staff } = await unlockWithPassword(session.dbPath, i.userName, i.password);
    session.open(vault, staff);
    return session.need().user;
  },

  'session.recover': async (session, i) => {
    session.close();
    const vault = await unlockWithRecovery(session.dbPath, i.recoveryKey);
    const staff = vault.store.get(qb.selectFrom('staff').select(['id', 'user_name', 'display_name', 'role', 'active']).where('user_name', '=', i.userName.toLowerCase()));
    if (!staff || !staff.active) {
      vault.store.close();
      throw new CoreError('validation', text('session.no_account'), 'userName');
    }
    try {
      // The new password and its audit entry: one key change (the file gets a new key).
      setPassword(vault, staff.user_name, i.newPassword, (s) => audit(s, { staffId: staff.id, userName: staff.user_name, role: staff.role }, 'recover', 'staff', staff.id, null, { with: 'recovery key' }));
    } catch (e) {
      vault.store.close();
      throw e;
    }
    session.open(vault, staff);
    return session.need().user;
  },

  'session.logout': (session) => {
    session.close();
    return { done: true };
  },

  'session.lock': (session) => {
    if (session.vault) session.locked = true;
    return { done: true };
  },

  'session.unlock': (session, i) => {
    const { vault, user } = session.need();
    if (!checkPassword(vault, user.userName, i.password)) throw new CoreError('auth', text('session.wrong_password'), 'password');
    session.locked = false;
    return user;
  },

  'session.changePassword': (session, i) => {
    const { vault, actor } = session.need();
    changePassword(vault, actor, i.oldPassword, i.newPassword);
    return { done: true };
  },

  // What can be offered without any key: the backups in the folder noted beside the database.
  'session.rescueList': (session) => rescueBackups(session.dbPath),

  'session.rescueRestore': async (session, i) => {
    if (session.vault) throw new CoreError('rejected', text('session.rescue_open'));
    // Only when the database really cannot be opened: a healthy database is restored after a
    // login, from the Backups screen.
    if (existsSync(session.dbPath) && !session.problem.current()) {
      throw new CoreError('rejected', text('session.rescue_opens'));
    }
    const offered = rescueBackups(session.dbPath).backups.some((b) => b.file === i.file);
    if (!offered) throw new CoreError('validation', text('session.rescue_not_offered'), 'file');
    const prepared = prepareRestore(i.file, i.userName, i.password);
    // Today's access is checked by the restore itself: the person must hold a key now, or,
    // when today's keyring cannot be read, prove the recovery key.
    restoreBackup(prepared, session.dbPath, { password: i.password, recoveryKey: i.recoveryKey });
    session.problem.clear();
    const { vault, staff } = await unlockWithPassword(session.dbPath, i.userName, i.password);
    session.open(vault, staff);
    return session.need().user;
  },

  'session.cancelJob': (session) => {
    session.cancelJob();
    return { done: true };
  },

  'session.setLanguage': (session, i) => {
    session.language = i.language;
    session.languageChosen = true;
    return { done: true };
  },
};
