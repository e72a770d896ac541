// The renderer's only way to the core: window.api, provided by the preload in Electron and by
// the test bridge in a browser. Typed by the channel map.
import type { Api, Channel, ChannelInput, ChannelOutput } from '../../shared/api';
import type { ApiError, Result } from '../../shared/result';
import { sayReason } from '../../shared/core-messages';
import { currentLanguage } from './i18n';

declare global {
  interface Window {
    api: Api;
  }
}

type LockedListener = () => void;
const lockedListeners = new Set<LockedListener>();
const unreadableListeners = new Set<LockedListener>();

/**
 * Called when the core answers "locked" to a logged-in call: the computer was locked or went
 * to sleep behind the app's back (Electron's main locks the core then). The app shows the
 * lock screen.
 */
export function onCoreLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

/**
 * Called when the core answers that the database cannot be read (found at login, or while
 * working: the core then closes the file). The app shows the restore offer, never a crash.
 */
export function onCoreUnreadable(listener: LockedListener): () => void {
  unreadableListeners.add(listener);
  return () => unreadableListeners.delete(listener);
}

export function call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>> {
  const fn = window.api?.[channel] as ((i: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>) | undefined;
  if (!fn) return Promise.resolve({ ok: false, error: { code: 'no_api', message: 'The app core is not connected.' } });
  return fn(input)
    .catch(() => ({ ok: false as const, error: { code: 'ipc', message: 'The app core did not answer.' } }))
    .then((r) => {
      if (!r.ok && r.error.code === 'locked' && !channel.startsWith('session.')) lockedListeners.forEach((l) => l());
      if (!r.ok && r.error.code === 'db_unreadable') unreadableListeners.forEach((l) => l());
      return r;
    });
}

/**
 * The core's message without the "field.path: " it starts with when it is about a field,
 * for showing next to that field.
 */
export function errorText(error: ApiError): string {
  const translated = reasonText(error);
  if (translated) return translated;
  if (error.field && error.message.startsWith(`${error.field}: `)) return error.message.slice(error.field.length + 2);
  return error.message;
}

/**
 * A validation message in the screen's language, without the field (the form shows it at the
 * field), from the core's reason key and the core's own catalogue; null when there is none.
 */
export function reasonText(error: ApiError): string | null {
  return error.reason ? sayReason(currentLanguage(), error.reason) : null;
}

export type { ApiError };
