// Text hygiene (issue 14): codes and every text field refuse control, zero-width and
// direction-mark characters (any Cc or Cf, and the other invisible ones) and are normalised to
// NFC, with a message naming the field. Passwords are left exactly as typed.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import { describeZodError } from '../../db/errors';
import { hasHiddenChar, normalizeCode } from '../../shared/codes';
import { REASON_TEXTS } from '../../shared/messages';
import { sayReason } from '../../shared/core-messages';
import * as s from '../../shared/schemas';
import { rescueRestoreInput } from '../../shared/data-schemas';
import { attempt, must, newCabinet } from '../db/helpers';

type Schema = z.ZodType;
interface Field {
  kind: 'code' | 'line' | 'name' | 'note';
  schema: Schema;
  base: Record<string, unknown>;
  /** The path of the field, as the message names it. */
  path: (string | number)[];
  /** A user name: letters outside A–Z are refused anyway, so no Lithuanian text. */
  asciiOnly?: boolean;
}

const visit = { date: '2024-05-02' };
const FIELDS: Record<string, Field> = {
  'clients.register code': { kind: 'code', schema: s.registerClientInput, base: { code: 'ONJO11985', sex: 'male', birthYear: 1985 }, path: ['code'] },
  'clients.duplicates code': { kind: 'code', schema: s.duplicatesInput, base: { code: 'ONJO11985' }, path: ['code'] },
  'clients.search query': { kind: 'code', schema: s.clientSearchInput, base: { query: 'ONJO' }, path: ['query'] },
  'clients.register note': { kind: 'note', schema: s.registerClientInput, base: { code: 'ONJO11985', sex: 'male', birthYear: 1985, note: 'ok' }, path: ['note'] },
  'clients.update note': { kind: 'note', schema: s.updateClientInput, base: { id: 1, sex: 'male', birthYear: 1985, injects: 'yes', inPharmacotherapy: false, note: 'ok' }, path: ['note'] },
  'visits note': { kind: 'note', schema: s.visitInput, base: { ...visit, note: 'ok' }, path: ['note'] },
  'visits.update note': { kind: 'note', schema: s.updateVisitInput, base: { id: 1, ...visit, note: 'ok' }, path: ['note'] },
  'outreach note': { kind: 'note', schema: s.outreachInput, base: { ...visit, placeId: 1, workerIds: [1], contacts: [], note: 'ok' }, path: ['note'] },
  'secondary note': { kind: 'note', schema: s.secondaryInput, base: { ...visit, clientId: 1, note: 'ok' }, path: ['note'] },
  'setup displayName': { kind: 'name', schema: s.setupInput, base: { userName: 'ona', displayName: 'Ona', password: 'password-1' }, path: ['displayName'] },
  'setup userName': { kind: 'name', schema: s.setupInput, base: { userName: 'ona', displayName: 'Ona', password: 'password-1' }, path: ['userName'], asciiOnly: true },
  'staff displayName': { kind: 'name', schema: s.staffAddInput, base: { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'password-1' }, path: ['displayName'] },
  'staff userName': { kind: 'name', schema: s.staffAddInput, base: { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'password-1' }, path: ['userName'], asciiOnly: true },
  'login userName': { kind: 'name', schema: s.loginInput, base: { userName: 'ona', password: 'x' }, path: ['userName'], asciiOnly: true },
  'recover userName': { kind: 'name', schema: s.recoverInput, base: { recoveryKey: 'ABCDEFGHIJKL', userName: 'ona', newPassword: 'password-1' }, path: ['userName'], asciiOnly: true },
  'rescue restore userName': { kind: 'name', schema: rescueRestoreInput, base: { file: 'b.db', userName: 'ona', password: 'x' }, path: ['userName'], asciiOnly: true },
  'site name': { kind: 'name', schema: s.siteInput, base: { name: 'Stotis', kind: 'outreach_place' }, path: ['name'] },
  'item labelLt': { kind: 'name', schema: s.itemInput, base: { key: 'water', category: 'other', labelLt: 'Vanduo', labelEn: 'Water' }, path: ['labelLt'] },
  'item labelEn': { kind: 'name', schema: s.itemInput, base: { key: 'water', category: 'other', labelLt: 'Vanduo', labelEn: 'Water' }, path: ['labelEn'] },
  'project title': { kind: 'name', schema: s.projectInput, base: { title: 'Projektas', donor: 'Fondas', from: '2024-01-01', to: '2024-12-31', budgetMinor: 100, currency: 'EUR' }, path: ['title'] },
  'project donor': { kind: 'name', schema: s.projectInput, base: { title: 'Projektas', donor: 'Fondas', from: '2024-01-01', to: '2024-12-31', budgetMinor: 100, currency: 'EUR' }, path: ['donor'] },
  'settings cabinetName': { kind: 'name', schema: s.settingsInput, base: { cabinetName: 'Kabinetas' }, path: ['cabinetName'] },
  'activity title': { kind: 'line', schema: s.activityInput, base: { ...visit, type: 'meeting', title: 'Susitikimas' }, path: ['title'] },
  'stock receipt source': { kind: 'line', schema: s.stockReceiptInput, base: { ...visit, itemKey: 'syringe_2ml', quantity: 10, source: 'Fondas' }, path: ['source'] },
  'merge reason': { kind: 'line', schema: s.mergeInput, base: { keepId: 1, mergeId: 2, reason: 'Dublikatas' }, path: ['reason'] },
  'void reason': { kind: 'line', schema: s.voidInput, base: { id: 1, reason: 'Klaida' }, path: ['reason'] },
};

const fieldValue = (f: Field) => f.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], f.base) as string;
const withValue = (f: Field, value: string): Record<string, unknown> => ({ ...f.base, [f.path[0]]: value });
const parse = (f: Field, value: string) => f.schema.safeParse(withValue(f, value));

function expectRefused(f: Field, value: string) {
  const r = parse(f, value);
  expect(r.success, `${JSON.stringify(value)} accepted`).toBe(false);
  const d = describeZodError(r.error as z.ZodError);
  expect(d.field).toBe(f.path.join('.'));
  expect(d.reason.key).toBe('invisible_chars');
  expect(d.message).toBe(`${f.path.join('.')}: ${REASON_TEXTS.invisible_chars}`);
}

/** The value at the field's path after parsing. */
function answered(f: Field, value: string): unknown {
  const r = parse(f, value);
  expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  return (r.data as Record<string, unknown>)[f.path[0] as string];
}

// Every code point of category Cc or Cf (surrogates are Cs and cannot stand alone in a code point list).
const CC_CF: number[] = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  if (/[\p{Cc}\p{Cf}]/u.test(String.fromCodePoint(cp))) CC_CF.push(cp);
}

describe('text hygiene: the schemas', () => {
  it('knows every Cc and Cf character (sanity of the list the properties draw from)', () => {
    expect(CC_CF.length).toBeGreaterThan(150);
    for (const cp of [0x07, 0x7f, 0x85, 0xad, 0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2060, 0x2066, 0x2069, 0xfeff, 0xe0001]) {
      expect(CC_CF).toContain(cp);
    }
  });

  it('every example input is good as it stands (so a refusal below is the field\'s)', () => {
    for (const [name, f] of Object.entries(FIELDS)) expect(f.schema.safeParse(f.base).success, name).toBe(true);
  });

  for (const [name, f] of Object.entries(FIELDS)) {
    it(`${name}: refuses U+200B, U+202E, U+0007 and U+FEFF, wherever they are, naming the field`, () => {
      const ok = fieldValue(f);
      for (const bad of ['\u200b', '\u202e', '\u0007', '\ufeff', '\u200e', '\u2066', '\u00ad', '\u0085', '\u2028']) {
        expectRefused(f, `${ok.slice(0, 2)}${bad}${ok.slice(2)}`);
        expectRefused(f, `${bad}${ok}`);
        expectRefused(f, `${ok}${bad}`);
      }
      // What a line of text takes: no tab or line break inside (a note takes both).
      if (f.kind !== 'note') {
        expectRefused(f, `${ok.slice(0, 2)}\t${ok.slice(2)}`);
        expectRefused(f, `${ok.slice(0, 2)}\n${ok.slice(2)}`);
      }
    });

    if (!f.asciiOnly) {
      it(`${name}: stores NFC and takes ordinary Lithuanian text`, () => {
        const nfd = 'S\u030Ciauliai'; // "Šiauliai" with a combining caron
        expect(answered(f, nfd)).toBe('Šiauliai');
        expect(answered(f, 'Ąžuolas, Šiauliai – 2024')).toBe('Ąžuolas, Šiauliai – 2024');
      });
    }
  }

  it('notes keep their lines and tabs; line ends become \\n', () => {
    const f = FIELDS['visits note'];
    expect(answered(f, 'pirma eilutė\n\tantra')).toBe('pirma eilutė\n\tantra');
    expect(answered(f, 'a\r\nb\rc')).toBe('a\nb\nc');
    expectRefused(f, 'a\u2028b');
    expect(answered(f, null as unknown as string)).toBeNull();
  });

  it('a line of text is trimmed of spaces only, never of an invisible or control character', () => {
    const f = FIELDS['site name'];
    expect(answered(f, ' \u00a0Stotis \u3000')).toBe('Stotis');
    expectRefused(f, ' \ufeffStotis ');
    expectRefused(f, 'Stotis\n');
    expectRefused(f, '\tStotis');
  });

  it('passwords are neither restricted nor normalised', () => {
    const weird = 'S\u030Cla\u200bp\u202e\u0007tas\ufeff!';
    const r = s.staffAddInput.safeParse({ userName: 'ona', displayName: 'Ona', role: 'social_worker', password: weird });
    expect(r.success).toBe(true);
    expect(r.data?.password).toBe(weird);
    expect(s.loginInput.parse({ userName: 'ona', password: weird }).password).toBe(weird);
    expect(s.changePasswordInput.parse({ oldPassword: weird, newPassword: weird }).newPassword).toBe(weird);
  });
});

describe('text hygiene: properties over every Cc and Cf character', () => {
  const hidden = fc.constantFrom(...CC_CF).map((cp) => String.fromCodePoint(cp));
  const insertInto = (ok: string) => fc.tuple(fc.integer({ min: 0, max: ok.length }), hidden).map(([i, h]) => ({ value: `${ok.slice(0, i)}${h}${ok.slice(i)}`, h }));

  it('a client code holding any of them is refused, at the register and at the duplicate check', () => {
    fc.assert(fc.property(insertInto('ONJO11985'), ({ value }) => {
      expectRefused(FIELDS['clients.register code'], value);
      expectRefused(FIELDS['clients.duplicates code'], value);
    }), { numRuns: 1000 });
  });

  it('a site name holding any of them is refused; a note any but tab and line feed (and a carriage return, made a line end)', () => {
    fc.assert(fc.property(insertInto('Stotis Šiauliai'), ({ value, h }) => {
      expectRefused(FIELDS['site name'], value);
      if (h === '\t' || h === '\n' || h === '\r') expect(parse(FIELDS['visits note'], value).success).toBe(true);
      else expectRefused(FIELDS['visits note'], value);
    }), { numRuns: 1000 });
  });

  it('whatever a text field accepts is NFC and holds none of them', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('S', 'š', '\u030C', '\u0307', 'e', 'E', '\u0328', ' ', '\n', 'A', '\u200b', '\u0007'), hidden, fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 30 });
    fc.assert(fc.property(anyText, (value) => {
      for (const f of [FIELDS['site name'], FIELDS['visits note'], FIELDS['clients.register code']]) {
        const r = parse(f, value);
        if (!r.success) continue;
        const out = (r.data as Record<string, unknown>)[f.path[0] as string] as string;
        expect(out).toBe(out.normalize('NFC'));
        expect(hasHiddenChar(out, f.kind === 'note')).toBe(false);
        expect(/[\p{Cf}]/u.test(out)).toBe(false);
      }
    }), { numRuns: 2000 });
  });

  it('normalizeCode never removes them (a look-alike is refused, not merged) and answers NFC', () => {
    fc.assert(fc.property(insertInto('ONJO11985'), ({ value, h }) => {
      expect(normalizeCode(value)).not.toBe('ONJO11985');
      expect(normalizeCode(value)).toContain(h);
    }), { numRuns: 500 });
    expect(normalizeCode('S\u030CAJO11985')).toBe('SAJO11985');
    expect(normalizeCode(' šajo\u00a011985 ')).toBe('SAJO11985');
  });
});

describe('text hygiene through the core: refused with the field named, stored as NFC', () => {
  let cab: Awaited<ReturnType<typeof newCabinet>>;
  beforeAll(async () => {
    cab = await newCabinet();
  });
  afterAll(() => {
    cab.core.close();
    rmSync(cab.dir, { recursive: true, force: true });
  });

  it('a code with a zero-width space or a right-to-left override does not make a new client', async () => {
    await must(cab.core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 });
    for (const code of ['ONJO\u200b11985', 'ONJO11985\u202e', '\ufeffONJO11985']) {
      const r = await attempt(cab.core, 'clients.register', { code, sex: 'male', birthYear: 1985, confirmNotDuplicate: true });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('validation');
      expect(r.error.field).toBe('code');
      expect(r.error.message).toBe(`Kodas: ${sayReason('lt', { key: 'invisible_chars' })}`);
      expect(r.error.reason).toEqual({ key: 'invisible_chars' });
    }
    const nfd = await must(cab.core, 'clients.register', { code: 'S\u030CAJO11985', sex: 'male', birthYear: 1985, note: 'Atėjo su draugu\nS\u030Ciauliai' });
    expect(nfd.code).toBe('SAJO11985');
    const card = await must(cab.core, 'clients.card', { id: nfd.id });
    expect(card.note).toBe('Atėjo su draugu\nŠiauliai');
    const bell = await attempt(cab.core, 'clients.update', { id: nfd.id, sex: 'male', birthYear: 1985, injects: 'yes', inPharmacotherapy: false, note: 'ding\u0007' });
    expect(bell.ok ? null : bell.error.message).toBe(`Pastaba: ${sayReason('lt', { key: 'invisible_chars' })}`);
  });

  it('a site name is stored as NFC, and one with a byte order mark is refused', async () => {
    const site = await must(cab.core, 'sites.save', { name: 'S\u030Ciauliai – stotis', kind: 'outreach_place' });
    expect(site.name).toBe('Šiauliai – stotis');
    expect((await must(cab.core, 'sites.list', {})).map((x) => x.name)).toContain('Šiauliai – stotis');
    const bom = await attempt(cab.core, 'sites.save', { name: 'Stotis\ufeff', kind: 'outreach_place' });
    expect(bom.ok ? null : bom.error.message).toBe(`Pavadinimas: ${sayReason('lt', { key: 'invisible_chars' })}`);
  });
});

describe('emoji in notes', () => {
  it('a note may hold emoji as a phone writes them (form selector, joiners, skin tones, flags); nothing else hidden passes with them', () => {
    for (const note of ['Ačiū ❤️', '👨‍👩‍👧 šeima', '#️⃣ 3', '👍🏽', '🇱🇹']) {
      expect(hasHiddenChar(note, true), note).toBe(false);
      expect(s.visitInput.shape.note.safeParse(note).success, note).toBe(true);
    }
    // The same invisible characters outside an emoji, or next to one but not part of it, are refused.
    for (const note of ['a\u200Db', '\uFE0Fa', '👍\u200B', '❤️\u202E']) expect(hasHiddenChar(note, true), JSON.stringify(note)).toBe(true);
    // A code or a one-line name takes no emoji joiner or selector at all.
    expect(hasHiddenChar('Ačiū ❤️')).toBe(true);
  });
});
