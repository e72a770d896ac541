// Electron main, kept thin: one window with secure defaults, IPC handlers that check the
// sender and relay the call to the core's own thread (db/worker/host.ts) or run a system dialog, power and lock
// events, and the backup on quit. No SQL and no long work here: the window never waits on it.
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, session } from 'electron';
import { basename, dirname, join } from 'node:path';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { pathToFileURL } from 'node:url';
import { API_IPC, DIALOG_IPC, NOTICE_IPC } from '../shared/channel-names';
import { fail } from '../shared/result';
import type { Notice } from '../shared/notices';
import { hardenSession, hardenWebContents, isTrustedSender, windowOptions } from './security';
import { dbPathIn } from '../db/paths';
import { CoreHost } from '../db/worker/host';
import { builtWorkerFiles } from '../db/worker/worker-files';

app.enableSandbox();
// A second start only brings the first window forward (see 'second-instance'); it stops here.
if (!app.requestSingleInstanceLock()) app.exit(0);

let mainWindow: BrowserWindow | null = null;
let core: CoreHost | null = null;
let backupTimer: NodeJS.Timeout | null = null;

/** Work behind the window (the day's backup, a stopped core) is shown to the person at it. */
function tell(notice: Notice): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(NOTICE_IPC, notice);
}

/** The database: db/paths.ts's place in appData (the command line's default too); SLENKSTIS_DB only outside the packaged app. */
function dbPath(): string {
  const path = process.env.SLENKSTIS_DB && !app.isPackaged ? process.env.SLENKSTIS_DB : dbPathIn(app.getPath('appData'));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

function appUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && dev) return dev;
  return pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
}

function createWindow(): void {
  const url = appUrl();
  // SLENKSTIS_DEVTOOLS (like SLENKSTIS_DB) is honoured only outside the packaged app.
  mainWindow = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs'), !app.isPackaged && process.env.SLENKSTIS_DEVTOOLS === '1'));
  hardenWebContents(mainWindow.webContents, url);
  mainWindow.on('close', (event) => {
    if (mayQuit) return;
    event.preventDefault();
    quitAfterBackup();
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(url);
}

app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, appUrl()));

// Every file the app writes beside its database is readable by its owner only.
if (process.platform !== 'win32') process.umask(0o077);

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  const files = builtWorkerFiles(__dirname);
  if (!files) throw new Error(`The core's worker files are missing beside ${__dirname}: the build is incomplete.`);
  const host = new CoreHost({
    dbPath: dbPath(),
    files,
    onNotice: tell,
    onStopped: () => tell({ type: 'stopped' }),
  });
  core = host;
  ipcMain.handle(API_IPC, async (event, channel: unknown, input: unknown) => {
    if (!mainWindow || !isTrustedSender(event.senderFrame, mainWindow.webContents.mainFrame, appUrl())) {
      return fail('forbidden', 'This request did not come from the Slenkstis window.');
    }
    if (typeof channel !== 'string') return fail('validation', 'Unknown operation.');
    // The core's thread answers; the first login of the day starts the day's backup there,
    // after answering, and tells the window while it runs.
    return host.call(channel, input);
  });
  // The system's dialogs, for the trusted window only: a folder, and where to save a file the core made.
  ipcMain.handle(DIALOG_IPC, async (event, kind: unknown, arg: unknown) => {
    if (!mainWindow || !isTrustedSender(event.senderFrame, mainWindow.webContents.mainFrame, appUrl())) {
      return fail('forbidden', 'This request did not come from the Slenkstis window.');
    }
    if (kind === 'chooseFolder') {
      const r = await dialog.showOpenDialog(mainWindow, { properties: ['openDirectory', 'createDirectory'] });
      return { ok: true, value: r.canceled ? null : (r.filePaths[0] ?? null) };
    }
    if (kind === 'save') {
      const file = fileToSave.safeParse(arg);
      if (!file.success) return fail('validation', 'The file to save is not valid.');
      const r = await dialog.showSaveDialog(mainWindow, { defaultPath: join(app.getPath('documents'), basename(file.data.name)) });
      if (r.canceled || !r.filePath) return { ok: true, value: null };
      // Written whole or not at all: a partial file (of a name nobody has) never takes the name.
      const partial = join(dirname(r.filePath), `.${basename(r.filePath)}.${randomBytes(6).toString('hex')}.partial`);
      try {
        writeFileSync(partial, Buffer.from(file.data.dataBase64, 'base64'), { flag: 'wx' });
        renameSync(partial, r.filePath);
      } catch (e) {
        rmSync(partial, { force: true });
        const code = e instanceof Error && 'code' in e ? String(e.code) : '';
        // The window says it in its language from the system's code (renderer/src/files.ts).
        return fail('rejected', code === 'ENOSPC' ? 'The disk is full; the file was not saved.' : `The file could not be saved there (${code || 'error'}); choose another folder.`, code || 'error');
      }
      return { ok: true, value: r.filePath };
    }
    return fail('validation', 'Unknown dialog.');
  });
  // Daily: an hourly tick that does nothing while today's copy exists.
  backupTimer = setInterval(() => void host.backup(false), 60 * 60 * 1000);
  // Lock when the computer is locked or goes to sleep: the screen is seen by clients.
  powerMonitor.on('lock-screen', () => void core?.call('session.lock', {}));
  powerMonitor.on('suspend', () => void core?.call('session.lock', {}));
  createWindow();
});

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

/** A file the window asks to save: a plain name (no folders) and its bytes as base64. */
const fileToSave = z.object({
  name: z.string().min(1).max(255).regex(/^[^\\/:*?"<>|\p{Cc}]+$/u),
  mimeType: z.string().max(200),
  dataBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
}).strict();

let quitting = false;
let mayQuit = false;
/** The longest a quit waits for the day's copy; past it the app quits (a partial copy is removed at the next start). */
const QUIT_WAIT_MS = 10 * 60 * 1000;

/**
 * Quitting stops a long job that has not written yet, takes the day's copy again (so it holds
 * the whole day's work) and waits for it, with a notice in the still open window; then the core
 * closes the database, its thread ends, and the app quits. Closing the window and quitting from
 * the menu both come here, once: a second close or quit meanwhile waits too.
 */
function quitAfterBackup(): void {
  if (quitting) return;
  quitting = true;
  if (backupTimer) clearInterval(backupTimer);
  const host = core;
  const finish = () => {
    core = null;
    mayQuit = true;
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.destroy();
    app.quit();
  };
  if (!host) return finish();
  tell({ type: 'backup', state: 'running', onQuit: true });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref());
  const work = host.call('session.cancelJob', {}).then(() => host.backup(true)).then(() => host.close());
  void Promise.race([work, timeout]).finally(finish);
}

app.on('before-quit', (event) => {
  if (mayQuit) return;
  event.preventDefault();
  quitAfterBackup();
});

app.on('window-all-closed', () => app.quit());
