// Electron main: one window with secure defaults, one IPC handler that checks the sender and
// hands the call to the core. No SQL here.
import { app, BrowserWindow, ipcMain, powerMonitor, session } from 'electron';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Core } from '../db/core';
import { API_IPC } from '../shared/channel-names';
import { channels, type Channel } from '../shared/api';
import { fail } from '../shared/result';
import { hardenSession, hardenWebContents, isTrustedSender, windowOptions } from './security';
import { autoBackup } from '../db/backup/policy';
import { dbPathIn } from '../db/paths';

app.enableSandbox();
// A second start only brings the first window forward (see 'second-instance'); it stops here.
if (!app.requestSingleInstanceLock()) app.exit(0);

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let backupTimer: NodeJS.Timeout | null = null;

/** Automatic backups never stop the app: a missing USB stick is a warning, not a crash. */
function backupNow(refresh = false): void {
  const result = autoBackup(core?.currentVault ?? null, { refresh });
  if (!result.ok) console.warn(result.error.message);
}

const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(channels, name);

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
  mainWindow = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')));
  hardenWebContents(mainWindow.webContents, url);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(url);
}

app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, appUrl()));

// Every file the app writes beside its database is readable by its owner only.
if (process.platform !== 'win32') process.umask(0o077);

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  core = new Core(dbPath());
  ipcMain.handle(API_IPC, async (event, channel: unknown, input: unknown) => {
    if (!mainWindow || !isTrustedSender(event.senderFrame, mainWindow.webContents.mainFrame, appUrl())) {
      return fail('forbidden', 'This request did not come from the Slenkstis window.');
    }
    if (typeof channel !== 'string') return fail('validation', 'Unknown operation.');
    const result = await core!.call(channel, input);
    // The first login of the day takes the day's backup (the key is only there after a login).
    if (result.ok && isChannel(channel) && channels[channel].opensSession) backupNow();
    return result;
  });
  // Daily: an hourly tick that does nothing while today's copy exists.
  backupTimer = setInterval(() => backupNow(), 60 * 60 * 1000);
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

app.on('window-all-closed', () => {
  if (backupTimer) clearInterval(backupTimer);
  // On quit the day's copy is taken again, so it holds the whole day's work.
  backupNow(true);
  core?.close();
  app.quit();
});
