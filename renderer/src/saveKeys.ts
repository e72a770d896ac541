// The same keys on every recording screen: Ctrl+Enter (Cmd+Enter on a Mac) saves from any field;
// a plain Enter never saves — in a field it moves on to the next one, as Tab does (issue 15: a
// double Enter on the desk saved an empty visit); Escape cancels when the form offers it.
import type { FormEvent, KeyboardEvent } from 'react';

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Focuses the field after `from` inside `within`, in the order Tab would take. */
export function focusNext(within: HTMLElement, from: HTMLElement): void {
  const all = [...within.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0);
  const next = all[all.indexOf(from) + 1];
  next?.focus();
}

/**
 * A plain Enter in a form: in a one-line field it moves on to the next field and never submits
 * the form; on a button it presses the button; in a text area it is a new line; in a list box
 * (a select) the list takes it. Returns true when it handled the key.
 */
export function enterMovesOn(e: KeyboardEvent<HTMLElement>): boolean {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return false;
  const target = e.target;
  if (!(target instanceof HTMLInputElement)) return false;
  // Never the browser's implicit submission; a select's own list handles Enter before us.
  e.preventDefault();
  if (target.getAttribute('role') === 'combobox' || target.getAttribute('aria-expanded') === 'true') return true;
  focusNext(e.currentTarget, target);
  return true;
}

export const isSaveKey = (e: KeyboardEvent<HTMLElement>): boolean => e.key === 'Enter' && (e.ctrlKey || e.metaKey);

export function saveKeys(save: () => Promise<unknown> | void, cancel?: () => void) {
  return {
    onSubmit(e: FormEvent<HTMLElement>) {
      e.preventDefault();
      void save();
    },
    onKeyDown(e: KeyboardEvent<HTMLElement>) {
      if (isSaveKey(e)) {
        e.preventDefault();
        void save();
      } else if (enterMovesOn(e)) {
        // moved on
      } else if (cancel && e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    },
  };
}
