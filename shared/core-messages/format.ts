// What the two catalogues share: the language, numbers and plural forms in it, and the places
// in a register file that messages name.

export type Lang = 'lt' | 'en';

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  lt: new Intl.NumberFormat('lt-LT'),
  en: new Intl.NumberFormat('en-GB'),
};
const pluralRules = new Intl.PluralRules('lt-LT');

/** A count in the language's digits grouping ("1 048 576" in Lithuanian, "1,048,576" in English). Not for years or codes. */
export const num = (lang: Lang, n: number): string => numberFormats[lang].format(n);

/** Megabytes, rounded, as a limit is said. */
export const mb = (lang: Lang, bytes: number): string => `${num(lang, Math.round(bytes / (1024 * 1024)))} MB`;

/**
 * The Lithuanian noun for a count: one (1, 21, 101…: "klientas"), few (2–9, 22…: "klientai"),
 * other (0, 10–20, 30…: "klientų"). Intl's "many" is for fractions, which counts never are.
 */
export function ltPlural(n: number, one: string, few: string, other: string): string {
  const rule = pluralRules.select(n);
  return rule === 'one' ? one : rule === 'few' ? few : other;
}

/** Where in a file a limit or a damage was found. */
export type FilePlace =
  | { at: 'row'; row: number }
  | { at: 'rows_read'; rows: number }
  | { at: 'sheet'; sheet: number; row?: number }
  | { at: 'shared_strings' };

/** A text as the file had it, cut short and quoted: never translated. */
export const quoted = (s: string): string => JSON.stringify(s.slice(0, 60));
