// Anonymous client codes (spec/domain.md "Privacy first").

const LT_FOLD: Record<string, string> = {
  Ą: 'A', Č: 'C', Ę: 'E', Ė: 'E', Į: 'I', Š: 'S', Ų: 'U', Ū: 'U', Ž: 'Z',
};

/** Upper-case and fold Lithuanian letters (and other Latin diacritics) to plain A–Z. */
export function foldLetters(text: string): string {
  const upper = text.toUpperCase();
  let out = '';
  for (const ch of upper) {
    const lt = LT_FOLD[ch];
    if (lt) out += lt;
    else out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return out;
}

/**
 * The form in which codes are stored and compared: NFC, upper-cased, letters folded, spaces
 * (at the ends and inside) removed. Invisible and control characters are NOT removed: a code
 * holding one is refused at the door (hasHiddenChar, the clientCode schema), never merged
 * silently with the code it looks like.
 */
export function normalizeCode(raw: string): string {
  return foldLetters(raw.normalize('NFC')).replace(/\p{Zs}+/gu, '').normalize('NFC');
}

// ---------- text hygiene: codes and every text field ----------

/**
 * Characters no code or text may hold, because they do not show or they steer how text
 * shows: controls (Cc: C0, DEL, C1), format characters (Cf: zero-width space, joiners, soft
 * hyphen, word joiner, byte order mark, left-to-right and right-to-left marks, embeddings,
 * overrides and isolates, Arabic letter mark, tags…), the other default-ignorable code points
 * (combining grapheme joiner, variation selectors, Hangul fillers…), line and paragraph
 * separators, lone surrogates and noncharacters. With them, a code that looks like another
 * is another, and text can hide what it says.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;
/** The same, but tab and line feed are allowed: multi-line notes. */
const HIDDEN_IN_LINES = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

/**
 * In notes, the invisible parts of an emoji as a phone or an emoji picker writes it: the emoji
 * form selector after a pictograph or a keycap base (❤️, #️⃣) and the joiner between pictographs
 * (👨‍👩‍👧). Taken out before the check, so that nothing else hidden passes with them.
 */
const EMOJI_SELECTOR = /(\p{Extended_Pictographic}|[#*0-9])\uFE0F/gu;
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;

/** Whether the text holds an invisible or control character; `multiLine` allows tab and line feed, and emoji (notes). */
export function hasHiddenChar(text: string, multiLine = false): boolean {
  if (!multiLine) return HIDDEN.test(text);
  return HIDDEN_IN_LINES.test(text.replace(EMOJI_SELECTOR, '$1').replace(EMOJI_JOINER, ''));
}

/** Text as it is stored: NFC; for multi-line text (notes) line ends as \n. Nothing is removed. */
export function toNfc(text: string, multiLine = false): string {
  const nfc = text.normalize('NFC');
  return multiLine ? nfc.replace(/\r\n?/g, '\n') : nfc;
}

export const SEX_DIGIT = { male: '1', female: '2', other: '3' } as const;

export interface CodeParts {
  motherFirstName: string;
  fatherFirstName: string;
  sex: keyof typeof SEX_DIGIT;
  birthYear: number;
}

function twoLetters(name: string): string {
  const letters = foldLetters(name).replace(/[^A-Z]/g, '');
  return letters.length >= 2 ? letters.slice(0, 2) : 'XX';
}

/**
 * The default code of the region: mother's first two letters, father's first two letters,
 * sex digit, birth year — e.g. ONJO11985. The names are used for this and never stored;
 * an unknown parent (empty name) gives XX.
 */
export function buildDefaultCode(parts: CodeParts): string {
  return `${twoLetters(parts.motherFirstName)}${twoLetters(parts.fatherFirstName)}${SEX_DIGIT[parts.sex]}${parts.birthYear}`;
}

/** The default code pattern: 4 letters, sex digit 1–3, four-digit year. A cabinet may set another. */
export const DEFAULT_CODE_PATTERN = '^[A-Z]{4}[123](19|20)[0-9]{2}$';

/** Reads sex and birth year back out of a code in the default pattern, if it is one. */
export function parseDefaultCode(code: string): { sex: 'male' | 'female' | 'other'; birthYear: number } | null {
  const m = /^[A-Z]{4}([123])((?:19|20)\d{2})$/.exec(code);
  if (!m) return null;
  const sex = m[1] === '1' ? 'male' : m[1] === '2' ? 'female' : 'other';
  return { sex, birthYear: Number(m[2]) };
}

/**
 * True when b is one edit (substitution, insertion, deletion) or one swap of two
 * neighbouring characters away from a — the typos that make duplicate clients. A swap of the
 * year's last two digits (JOAN11958 for JOAN11985) is a swap of neighbours too.
 */
export function isOneTypoApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diffs: number[] = [];
    for (let i = 0; i < la; i++) {
      if (a[i] !== b[i]) {
        diffs.push(i);
        if (diffs.length > 2) return false;
      }
    }
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** True when two years differ by one swap of two of their digits: 1958 for 1985, 1895 for 1985. */
export function isYearDigitSwap(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (x === y || x.length !== y.length) return false;
  const diffs = [...x].flatMap((ch, i) => (ch === y[i] ? [] : [i]));
  return diffs.length === 2 && x[diffs[0]] === y[diffs[1]] && x[diffs[1]] === y[diffs[0]];
}

/** What is known of a client, or of a code being registered, for the likely-duplicate check. */
export interface CodeFacts {
  code: string;
  sex: 'male' | 'female' | 'other' | 'unknown' | null;
  birthYear: number | null;
}

/**
 * Whether a client already registered is likely the one a new code stands for (spec/domain.md
 * "Typos make duplicates"): the codes one typo apart (isOneTypoApart), the same sex and the same
 * birth year where both are known. A year with two digits swapped counts as the same year: the
 * swap that makes JOAN11958 of JOAN11985 also makes 1958 of 1985, and the person is the same.
 */
export function isLikelyDuplicate(typed: CodeFacts, existing: CodeFacts): boolean {
  if (!isOneTypoApart(typed.code, existing.code)) return false;
  const sexKnown = (s: CodeFacts['sex']) => s !== null && s !== 'unknown';
  if (sexKnown(typed.sex) && sexKnown(existing.sex) && typed.sex !== existing.sex) return false;
  if (typed.birthYear !== null && existing.birthYear !== null && typed.birthYear !== existing.birthYear && !isYearDigitSwap(typed.birthYear, existing.birthYear)) return false;
  return true;
}
