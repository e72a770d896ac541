// Putting a core error next to the field it is about. The core names the field by its dotted
// input path; a form that has that path shows it there, anything else shows above the form.
import type { ReactNode } from 'react';
import { errorText, type ApiError } from '../api';
import i18n from '../i18n';

// The core answers in the screen's language (session.setLanguage), the field named in words.
// These codes are said by the screen itself: the answers that never reached the core (ipc,
// no_api, core_stopped), and those whose meaning does not depend on the input, which the key
// and file code (db/vault.ts, db/keyfiles.ts) may still word in English.
const GENERAL = ['auth', 'locked', 'db_busy', 'disk_full', 'db_unreadable', 'internal', 'ipc', 'no_api', 'cancelled', 'core_stopped'] as const;

/** The sentence for an alert above a form. */
export function generalMessage(error: ApiError): string {
  if ((GENERAL as readonly string[]).includes(error.code)) return i18n.t(`apiError.${error.code}`);
  return error.message;
}

export interface FieldErrorTarget {
  setFieldError(path: string, error: string): void;
}

/**
 * Shows the error at its field when `fields` maps its path (exactly, or by the longest known
 * prefix) to one of the form's fields; returns the text for the general alert otherwise.
 */
export function placeApiError(error: ApiError, form: FieldErrorTarget, fields: Record<string, string>): string | null {
  if (error.field) {
    let path = error.field;
    for (;;) {
      const target = fields[path];
      if (target) {
        form.setFieldError(target, errorText(error));
        return null;
      }
      const dot = path.lastIndexOf('.');
      if (dot < 0) break;
      path = path.slice(0, dot);
    }
  }
  return generalMessage(error);
}

/** The identity map for forms whose fields are named like the input. */
export const sameNames = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, n]));

/**
 * The map for a list the form builds the input's list from: item i of the input list `list`
 * (and anything below it) goes to the form field `targets[i]`; items without a target are left
 * to the general alert.
 */
export function listFields(list: string, targets: readonly (string | null | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  targets.forEach((target, i) => {
    if (target) out[`${list}.${i}`] = target;
  });
  return out;
}

/** The form's errors below `prefix`, keyed by the rest of their path (for a part drawn by a child component). */
export function errorsUnder(errors: Record<string, ReactNode>, prefix: string): Record<string, ReactNode> {
  const out: Record<string, ReactNode> = {};
  for (const [path, error] of Object.entries(errors)) if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = error;
  return out;
}
