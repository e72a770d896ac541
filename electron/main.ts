// Electron main: one window with secure defaults, one IPC handler that checks the sender and
// hands the call to the core. No SQL here.
import { app, BrowserWindow, ipcMain, powerMonitor, session } from 'electron';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Core } from '../db/core';
import { API_IPC } from '../shared/channel-names';
import { fail } from '../shared/result';
import { hardenSession, hardenWebContents, isTrustedSender, windowOptions } from './security';

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

function dbPath(): string {
  if (process.env.SLENKSTIS_DB) return process.env.SLENKSTIS_DB;
  const dir = app.getPath('userData');
  mkdirSync(dir, { recursive: true });
  return join(dir, 'slenkstis.db');
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

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  core = new Core(dbPath());
  ipcMain.handle(API_IPC, async (event, channel: unknown, input: unknown) => {
    if (!mainWindow || !isTrustedSender(event.senderFrame, mainWindow.webContents.mainFrame, appUrl())) {
      return fail('forbidden', 'This request did not come from the Slenkstis window.');
    }
    if (typeof channel !== 'string') return fail('validation', 'Unknown operation.');
    return core!.call(channel, input);
  });
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
  core?.close();
  app.quit();
});
