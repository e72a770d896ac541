// Today's automatic backup, on its own thread and its own connection, so that neither the
// window nor the core waits for it (at ten years of data it takes a minute). Started by the core
// worker after the first login of the day and on quit; the key never reaches the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { MIN_CACHE_MIB, openSqlite } from '../open';
import { Store } from '../store';
import { readKeyring } from '../keyring';
import { runAutomaticBackup } from '../backup/policy';
import type { BackupWorkerData, FromBackup } from './protocol';

const data = workerData as BackupWorkerData;
const dataKey = Buffer.from(data.dataKey);
let answer: FromBackup;
let store: Store | null = null;
try {
  // The copy reads every page once: the small cache, not the live connection's (db/open.ts cacheMiBFor).
  store = new Store(openSqlite(data.dbPath, { dataKey, readonly: false, cacheMiB: MIN_CACHE_MIB }), data.dbPath);
  const keyring = readKeyring(data.keyringPath);
  const result = runAutomaticBackup({ store, dataKey, keyring, keyringPath: data.keyringPath }, data.folder, new Date(), { refresh: data.refresh });
  answer = { ok: true, file: result.taken?.file ?? null };
} catch (e) {
  answer = { ok: false, message: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
} finally {
  store?.close();
  dataKey.fill(0);
}
parentPort?.postMessage(answer);
