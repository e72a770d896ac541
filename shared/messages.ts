// Validation messages as stable keys. The schemas give zod these English sentences; the door
// turns an issue back into its key (reasonOfText) and answers {message (in the asker's
// language), field, reason: {key, params}}; shared/core-messages says a reason in Lithuanian
// or English, for the door's message and for the form's text beside the field.

/** The fixed sentences of the schemas (shared/schemas.ts), by key. */
export const REASON_TEXTS = {
  date: 'must be a date written YYYY-MM-DD',
  time: 'must be a time written HH:MM',
  required: 'is required',
  invisible_chars: 'contains an invisible or control character (such as a zero-width space or a direction mark): type it again rather than pasting it',
  user_name_chars: 'use letters, digits, dot, dash or underscore',
  password_short: 'at least 8 characters',
  one_for_client: 'must be 1 for a visit of a known client',
  one_for_known_client: 'must be 1 for a known client',
  one_for_test: 'must be 1 on a record with a test: a test stands for one person',
  training_needs_client: 'needs a client: only a known client can be trained for secondary exchange',
  report_needs_client: 'needs a client: peers reached are reported by a known client',
  one_worker: 'at least one worker',
  period_order: 'the start must not be after the end',
  item_key_chars: 'use lower-case letters, digits and underscores',
  currency: 'a three-letter currency code such as EUR',
  pattern: 'is not a valid pattern',
  note_phone: 'must not hold a phone number (a note never says who a client is or how to reach them)',
  note_personal_code: 'must not hold a personal code (a note never says who a client is)',
  note_email: 'must not hold an e-mail address (a note never says who a client is or how to reach them)',
} as const;

/** The keys of the schemas' sentences, of zod's own issues, and of the core's refusals that name a field (medical_*: requireMedicalContent). */
export type ReasonKey =
  | keyof typeof REASON_TEXTS
  | 'too_small' | 'too_big' | 'invalid_type' | 'invalid_value' | 'unknown_fields' | 'invalid'
  | 'medical_services' | 'medical_tests';

export interface Reason {
  key: ReasonKey;
  params?: Record<string, string | number>;
}

const BY_TEXT = new Map<string, keyof typeof REASON_TEXTS>(Object.entries(REASON_TEXTS).map(([k, v]) => [v, k as keyof typeof REASON_TEXTS]));

/** The reason key of a schema message, when it is one of the fixed sentences. */
export const reasonOfText = (message: string): keyof typeof REASON_TEXTS | undefined => BY_TEXT.get(message);
