// The main process's side of the core's worker: starts it, relays typed calls to it and their
// answers back, passes on its notices, and restarts it after it died. The Electron main and the
// browser bridge use this host; tests use it under plain Node (the worker's code is bundled on
// demand there, see worker-files.ts).
//
// Why a worker thread (node:worker_threads) rather than Electron's utilityProcess: the same code
// runs and is tested under plain Node, where there is no Electron binary; a worker thread with
// resource limits that runs out of memory ends alone (ERR_WORKER_OUT_OF_MEMORY) and the app
// says so; better-sqlite3 supports worker threads. Signal Desktop runs its SQL the same way.
import { Worker } from 'node:worker_threads';
import type { Channel, ChannelInput, ChannelOutput, LocalInput, Origin } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import type { Notice } from '../../shared/notices';
import type { CoreWorkerData, FromCore, ToCore } from './protocol';

export interface WorkerFiles {
  core: string;
  backup: string;
}

export interface HostOptions {
  dbPath: string;
  files: WorkerFiles;
  /** Work going on behind the window (the day's backup). */
  onNotice?: (n: Notice) => void;
  /** The worker stopped unexpectedly: its calls were answered "core_stopped"; the next call starts a new one. */
  onStopped?: (reason: string) => void;
  /** Heap limit of the worker (MB): a file that needs more ends the worker, not the app. */
  maxHeapMb?: number;
}

/** The answer a call gets when the core's thread ended under it: nothing was half written (SQLite rolls back). */
const CORE_STOPPED = 'The app\u2019s core stopped unexpectedly; nothing was half written. It starts again with the next step: log in again.';

type Pending = { resolve: (r: Result<unknown>) => void };

export class CoreHost {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private closing: Promise<void> | null = null;
  /** Shared with the core's thread: set here while that thread is busy with the job to stop. */
  private readonly cancel = new SharedArrayBuffer(4);

  constructor(private readonly options: HostOptions) {}

  private start(): Worker {
    const data: CoreWorkerData = { dbPath: this.options.dbPath, cancel: this.cancel, backupWorker: this.options.files.backup };
    const w = new Worker(this.options.files.core, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 4096 },
    });
    w.on('message', (m: FromCore) => {
      if (m.kind === 'notice') {
        this.options.onNotice?.(m.notice);
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m.result);
    });
    const stopped = (reason: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      const calls = [...this.pending.values()];
      this.pending.clear();
      for (const p of calls) p.resolve(fail('core_stopped', CORE_STOPPED));
      if (!this.closing) this.options.onStopped?.(reason);
    };
    w.on('error', (e) => stopped(e.message));
    w.on('exit', (code) => stopped(`exit ${code}`));
    this.worker = w;
    return w;
  }

  private send(message: (id: number) => ToCore): Promise<Result<unknown>> {
    if (this.closing) return Promise.resolve(fail('core_stopped', 'The app is closing.'));
    const w = this.worker ?? this.start();
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      w.postMessage(message(id));
    });
  }

  /** A call from the window: the window's input schema. */
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  call(channel: string, input: unknown): Promise<Result<unknown>>;
  call(channel: string, input: unknown): Promise<Result<unknown>> {
    return this.relay(channel, input, 'window');
  }

  /** A call from the main process itself (after its own dialog): may name files by path. */
  callLocal<K extends Channel>(channel: K, input: LocalInput<K>): Promise<Result<ChannelOutput<K>>>;
  callLocal(channel: string, input: unknown): Promise<Result<unknown>>;
  callLocal(channel: string, input: unknown): Promise<Result<unknown>> {
    return this.relay(channel, input, 'local');
  }

  private relay(channel: string, input: unknown, origin: Origin): Promise<Result<unknown>> {
    // Answered here, not by the core's thread, which is busy with the very job to stop.
    if (channel === 'session.cancelJob') {
      Atomics.store(new Int32Array(this.cancel), 0, 1);
      return Promise.resolve({ ok: true, value: { done: true } });
    }
    return this.send((id) => ({ kind: 'call', id, channel, input, origin }));
  }

  /** Today's automatic backup now (refresh: again), answered when it has ended; null when nobody is logged in. */
  backup(refresh: boolean): Promise<Result<unknown>> {
    if (!this.worker) return Promise.resolve({ ok: true, value: null });
    return this.send((id) => ({ kind: 'backup', id, refresh }));
  }

  /** Waits for a running backup, closes the database and ends the worker. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const w = this.worker;
    if (!w) return Promise.resolve();
    const id = this.next++;
    this.closing = new Promise<void>((resolve) => {
      const done = () => resolve();
      w.once('exit', done);
      this.pending.set(id, { resolve: () => void w.terminate().then(done, done) });
      w.postMessage({ kind: 'close', id } satisfies ToCore);
    });
    return this.closing;
  }
}
