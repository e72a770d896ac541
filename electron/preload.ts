// The preload: exposes exactly the operations of the channel map as window.api, nothing generic.
// Built as CommonJS so it runs with sandbox: true; it imports only the plain list of names.
import { contextBridge, ipcRenderer } from 'electron';
import { API_IPC, CHANNEL_NAME_LIST } from '../shared/channel-names';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of CHANNEL_NAME_LIST) {
  api[name] = (input: unknown) => ipcRenderer.invoke(API_IPC, name, input);
}
contextBridge.exposeInMainWorld('api', Object.freeze(api));
