// The core's own thread: the one Core (db/core.ts) of the app's window, answering the calls the
// main process relays, so that a long report, an import or a backup never freezes the window.
// After the first login of the day it answers at once and starts the day's backup on a thread
// of its own (backup-worker.ts), telling the window while it runs.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Core } from '../core';
import { channels, type Channel } from '../../shared/api';
import { fail } from '../../shared/result';
import { backupFolderOf } from '../backup/policy';
import type { BackupWorkerData, CoreWorkerData, FromBackup, FromCore, ToCore } from './protocol';

const port = parentPort;
if (!port) throw new Error('core-worker.ts runs as a worker thread.');
const data = workerData as CoreWorkerData;
const post = (m: FromCore) => port.postMessage(m);

/** Progress at most ten times a second within a phase (always a phase's first step and a job's last), so the window is not flooded. */
let last = { at: 0, key: '' };
const core = new Core(data.dbPath, {
  cancel: new Int32Array(data.cancel),
  onProgress: (channel, p) => {
    const now = Date.now();
    const key = `${channel}/${p.phase}`;
    if (key === last.key && now - last.at < 100 && p.done < p.total) return;
    last = { at: now, key };
    post({ kind: 'notice', notice: { type: 'progress', channel, ...p } });
  },
});

let backup: Promise<FromBackup> | null = null;

/** Today's backup on its own thread (one at a time); null when nobody is logged in. */
function startBackup(refresh: boolean): Promise<FromBackup> | null {
  if (backup) return backup;
  const vault = core.currentVault;
  if (!vault || !vault.store.sqlite.open) return null;
  const job: BackupWorkerData = {
    dbPath: vault.store.path, dataKey: new Uint8Array(vault.dataKey), keyringPath: vault.keyringPath,
    folder: backupFolderOf(vault.store), refresh,
  };
  post({ kind: 'notice', notice: { type: 'backup', state: 'running' } });
  backup = new Promise<FromBackup>((resolve) => {
    const w = new Worker(data.backupWorker, { workerData: job });
    job.dataKey.fill(0);
    let answered = false;
    w.once('message', (m: FromBackup) => {
      answered = true;
      resolve(m);
    });
    w.once('error', (e) => resolve({ ok: false, message: e.message.split('\n')[0] }));
    w.once('exit', () => {
      if (!answered) resolve({ ok: false, message: 'The backup stopped before it ended; no copy was written.' });
    });
  }).then((r) => {
    backup = null;
    post({ kind: 'notice', notice: r.ok ? { type: 'backup', state: 'done', file: r.file } : { type: 'backup', state: 'failed', message: `The automatic backup failed: ${r.message}` } });
    return r;
  });
  return backup;
}

const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(channels, name);

port.on('message', (m: ToCore) => {
  void (async () => {
    switch (m.kind) {
      case 'call': {
        // A key change or a restore puts a new file in place: the day's backup, reading the file
        // on its own thread, ends first (else it would read a file its key no longer opens, or,
        // on Windows, keep the file from being replaced).
        if (backup && isChannel(m.channel) && channels[m.channel].replacesFile) await backup;
        const result = m.origin === 'local' ? await core.callLocal(m.channel, m.input) : await core.call(m.channel, m.input);
        post({ kind: 'answer', id: m.id, result });
        // The first login of the day takes the day's backup (the key is only there after a login),
        // after the login has answered.
        if (result.ok && isChannel(m.channel) && channels[m.channel].opensSession) startBackup(false);
        return;
      }
      case 'backup': {
        const r = await (startBackup(m.refresh) ?? Promise.resolve(null));
        post({ kind: 'answer', id: m.id, result: r === null ? { ok: true, value: null } : r.ok ? { ok: true, value: r.file } : fail('backup_failed', r.message) });
        return;
      }
      case 'close': {
        if (backup) await backup;
        core.close();
        post({ kind: 'answer', id: m.id, result: { ok: true, value: null } });
        port.close();
        return;
      }
    }
  })();
});
