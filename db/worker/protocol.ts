// The messages between the main process (db/worker/host.ts) and the core's worker
// (db/worker/core-worker.ts). Both ends are this app's own code in one process: typed, not parsed.
import type { Origin } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { Notice } from '../../shared/notices';

export interface CoreWorkerData {
  dbPath: string;
  /** The cancel flag (one Int32): the main thread sets it while the core is busy with the job. */
  cancel: SharedArrayBuffer;
  /** Where the backup worker's file is (beside the core worker's). */
  backupWorker: string;
}

export type ToCore =
  | { kind: 'call'; id: number; channel: string; input: unknown; origin: Origin }
  /** Today's automatic backup (refresh: take it again, on quit). Answers when it has ended. */
  | { kind: 'backup'; id: number; refresh: boolean }
  /** Waits for a running backup, closes the database; the worker then ends. */
  | { kind: 'close'; id: number };

export type FromCore =
  | { kind: 'answer'; id: number; result: Result<unknown> }
  | { kind: 'notice'; notice: Notice };

/** What the core worker hands the backup worker: the key stays inside the worker threads. */
export interface BackupWorkerData {
  dbPath: string;
  dataKey: Uint8Array;
  keyringPath: string;
  folder: string;
  refresh: boolean;
}

export type FromBackup = { ok: true; file: string | null } | { ok: false; message: string };
