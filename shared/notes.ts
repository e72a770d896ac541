// What a free-text note may not hold (spec/domain.md "Privacy first": no name, personal number,
// address or phone is ever stored). One rule for every note, typed at the desk (shared/schemas
// `note`) or read from a register file.

/** The kinds of personal data a note is refused for. */
export type PersonalData = 'phone' | 'personal_code' | 'email';

// Between the digits of a phone number as people write it: a space (a no-break one too), dash,
// dot or slash, or a bracket around the area code — "8 612 34567", "8-612-34567", "(8 37) 123456",
// "+370 (612) 34567".
const DASHES = '\\-\u2010-\u2015';
const SEP = `[\\p{Zs}.${DASHES}/()]{0,2}`;
const digits = (n: number) => `\\d(?:${SEP}\\d){${n - 1}}`;
// A number starts where no digit comes just before it, and ends where no digit comes just after
// (a space between two numbers separates them; a dash or dot does not, as in 2026-01-05).
const START = `(?<!\\d[.${DASHES}/]?)`;
const END = `(?![.${DASHES}/]?\\d)`;

const PHONE = new RegExp(
  [
    // Any number with an international prefix: +370 612 34567, +44 20 7946 0958, 00370 612 34567.
    `\\+${SEP}${digits(7)}(?:${SEP}\\d){0,8}`,
    `${START}00${SEP}[1-9](?:${SEP}\\d){6,13}`,
    // Lithuanian: the country code without a plus (370 612 34567, 37061234567), or the trunk
    // prefix 8 (or 0, its successor from 2025) before the eight-digit national number, whose first
    // digit is 3–8 (area codes and mobiles): 861234567, 8 612 34567, 8 37 123456, 0612 34567.
    `${START}\\(?370${SEP}[3-8]${SEP}${digits(7)}`,
    `${START}\\(?[80]${SEP}[3-8]${SEP}${digits(7)}`,
    // A mobile number without a prefix: 612 34567, 61234567.
    `${START}6${SEP}${digits(7)}`,
  ].map((p) => `(?:${p})${END}`).join('|'),
  'u',
);
// A personal code (asmens kodas): 11 digits in a row, standing alone. Any such number is taken for
// one, whatever its date part: a mistyped personal code is still one, and a note has no other
// use for eleven digits. Phones are looked for first (37061234567 is a phone).
const PERSONAL_CODE = /(?<!\d)\d{11}(?!\d)/;
// A personal code written in groups, as people copy it from a document: 385 0101 1234,
// 385-01-01-1234, 385.0101.1234 — its own shape (century-and-sex digit 3–6, a month, a day,
// four digits), so that a date followed by a count ("2026-01-05 100") is not taken for one.
const PERSONAL_CODE_GROUPED = /(?<![\d.-])[3-6]\d\d[\s.-]?(?:0[1-9]|1[0-2])[\s.-]?(?:0[1-9]|[12]\d|3[01])[\s.-]?\d{4}(?![\d])/;
// One character of the local part is enough to know there is an address (a "+" there would make
// the search try every start in a long run of letters: quadratic, 2 ms on a 400-character note).
const EMAIL = /[\p{L}\p{N}._%+-]@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

/**
 * The first kind of personal data a note holds, or null: a phone number (Lithuanian forms and
 * any number with an international prefix), a personal code (11 digits) or an e-mail address.
 * Dates (2026-01-05, 2026.01.05), quantities, client codes and times are not refused.
 */
export function personalDataInNote(text: string): PersonalData | null {
  if (EMAIL.test(text)) return 'email';
  if (PHONE.test(text)) return 'phone';
  if (PERSONAL_CODE.test(text) || PERSONAL_CODE_GROUPED.test(text)) return 'personal_code';
  return null;
}
