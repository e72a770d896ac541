// A recording stand-in for the `electron` module: what the main process asks of Electron is
// recorded, and the test (the parent process, over the fork's IPC channel) drives it: invoke the
// relay as the trusted window or as a foreign frame, send power events, quit. No Electron binary.
import { EventEmitter } from 'node:events';

const record = { windows: [], handlers: [], sessionHardened: false, quit: 0, sent: [], events: [] };
const send = (m) => process.send?.(m);

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.mainFrame = { url: '' };
    this.openHandler = null;
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel, payload) {
    record.sent.push({ channel, payload });
    send({ kind: 'sent', channel, payload });
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.webContents.mainFrame.url = url;
    this.url = url;
    return Promise.resolve();
  }
  once(event, fn) {
    return super.once(event, fn);
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this.ready = new Promise((r) => (this.markReady = r));
  }
  enableSandbox() {
    record.events.push('enableSandbox');
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return this.ready;
  }
  getPath(name) {
    return process.env.STUB_APPDATA ?? `/tmp/stub-${name}`;
  }
  quit() {
    // Like Electron: 'before-quit' may be prevented; otherwise the app ends.
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    record.quit += 1;
    send({ kind: 'quit' });
    setTimeout(() => process.exit(0), 50);
  }
  exit(code) {
    process.exit(code);
  }
}

export const app = new App();

export const ipcMain = {
  handle(channel, fn) {
    record.handlers.push({ channel, fn });
  },
};

export const powerMonitor = new EventEmitter();

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {
      record.sessionHardened = true;
    },
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onHeadersReceived() {} },
  },
};

export const dialog = {
  async showOpenDialog(win, options) {
    record.events.push(`showOpenDialog:${options.properties.join(',')}`);
    return { canceled: false, filePaths: [process.env.STUB_FOLDER ?? '/tmp'] };
  },
  async showSaveDialog(win, options) {
    record.events.push(`showSaveDialog:${options.defaultPath}`);
    return { canceled: false, filePath: process.env.STUB_SAVE_AS ?? '/tmp/saved' };
  },
};

export const contextBridge = { exposeInMainWorld() {} };
export const ipcRenderer = { invoke() {}, on() {}, off() {} };

// The test's commands.
process.on('message', async (m) => {
  const win = record.windows[0];
  try {
    switch (m.cmd) {
      case 'state':
        send({
          kind: 'state', id: m.id,
          windows: record.windows.map((w) => ({ options: w.options, url: w.url })),
          handlers: record.handlers.map((h) => h.channel),
          sessionHardened: record.sessionHardened,
          events: record.events,
          openHandler: win?.webContents.openHandler?.() ?? null,
        });
        return;
      case 'invoke': {
        const h = record.handlers.find((x) => x.channel === m.ipc);
        const frame = m.foreign ? { url: win.webContents.mainFrame.url } : win.webContents.mainFrame;
        const result = await h.fn({ senderFrame: frame }, m.channel, m.input);
        send({ kind: 'answer', id: m.id, result });
        return;
      }
      case 'power':
        powerMonitor.emit(m.event);
        send({ kind: 'answer', id: m.id, result: null });
        return;
      case 'close-window':
        // The person closes the window: Electron emits 'close', which may be prevented.
        win.emit('close', { preventDefault: () => send({ kind: 'close-prevented' }) });
        send({ kind: 'answer', id: m.id, result: null });
        return;
    }
  } catch (e) {
    send({ kind: 'answer', id: m.id, error: String(e?.stack ?? e) });
  }
});

setImmediate(() => app.markReady());
