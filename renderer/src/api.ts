// The renderer's only way to the core: window.api, provided by the preload in Electron and by
// the test bridge in a browser. Typed by the channel map.
import type { Api, Channel, ChannelInput, ChannelOutput } from '../../shared/api';
import type { Result } from '../../shared/result';

declare global {
  interface Window {
    api: Api;
  }
}

export function call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>> {
  const fn = window.api?.[channel] as ((i: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>) | undefined;
  if (!fn) return Promise.resolve({ ok: false, error: { code: 'no_api', message: 'The app core is not connected.' } });
  return fn(input).catch(() => ({ ok: false as const, error: { code: 'ipc', message: 'The app core did not answer.' } }));
}
