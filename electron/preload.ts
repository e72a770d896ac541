// The preload: exposes exactly the operations of the channel map as window.api, nothing generic.
// Built as CommonJS so it runs with sandbox: true; it imports only the plain list of names.
import { contextBridge, ipcRenderer } from 'electron';
import { API_IPC, CHANNEL_NAME_LIST, DIALOG_IPC, NOTICE_IPC } from '../shared/channel-names';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of CHANNEL_NAME_LIST) {
  api[name] = (input: unknown) => ipcRenderer.invoke(API_IPC, name, input);
}
contextBridge.exposeInMainWorld('api', Object.freeze(api));

// Notices of work behind the window (the day's backup, a stopped core): subscribe, and unsubscribe with the function returned.
contextBridge.exposeInMainWorld('notices', Object.freeze({
  subscribe(listener: (notice: unknown) => void): () => void {
    const relay = (_event: unknown, notice: unknown) => listener(notice);
    ipcRenderer.on(NOTICE_IPC, relay);
    return () => ipcRenderer.off(NOTICE_IPC, relay);
  },
}));

// The system's dialogs, run by the main process: a folder for backups, where to save a file the core made.
contextBridge.exposeInMainWorld('dialogs', Object.freeze({
  chooseFolder: (): Promise<unknown> => ipcRenderer.invoke(DIALOG_IPC, 'chooseFolder'),
  save: (file: unknown): Promise<unknown> => ipcRenderer.invoke(DIALOG_IPC, 'save', file),
}));
