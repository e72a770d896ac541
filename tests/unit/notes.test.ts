// Notes never say who a client is (spec/domain.md "Privacy first"; issue 15: an imported note
// "Jonas Petraitis tel. 861234567" passed). One rule, shared/notes.ts, for every note typed or imported.
import { describe, expect, it } from 'vitest';
import { personalDataInNote } from '../../shared/notes';
import { describeZodError } from '../../db/errors';
import { mergeInput, outreachInput, registerClientInput, secondaryInput, updateClientInput, visitInput, voidInput } from '../../shared/schemas';
import { REASON_TEXTS } from '../../shared/messages';
import { sayReason } from '../../shared/core-messages';

describe('personal data in a note', () => {
  it('finds phone numbers as they are written in Lithuania and abroad', () => {
    for (const text of [
      '861234567', '+37061234567', '8 612 34567', '8-612-34567', '8 (612) 34567', '(8 612) 34567', '+370 612 34567', '+370 (612) 34567',
      '370 612 34567', '37061234567', '00370 612 34567', '0612 34567', '612 34567', '61234567', '8 37 123456', '(8 37) 123456',
      '8 5 212 3456', '8-5-212-3456', '8\u00a0612\u00a034567', '8–612–34567', '+44 20 7946 0958',
      'Jonas Petraitis tel. 861234567', 'tel.861234567', 'skambinti 861234567.', 'Tel: 8 612 345 67', 'gavo 10, tel 861234567',
    ]) {
      expect(personalDataInNote(text), text).toBe('phone');
    }
  });

  it('finds a personal code (11 digits) and an e-mail address', () => {
    for (const text of ['38501011234', 'a.k. 38501011234', 'a.k.:49912311234, atėjo', '12345678901']) expect(personalDataInNote(text), text).toBe('personal_code');
    // Written in groups, as copied from a document (review).
    for (const text of ['a.k. 385 0101 1234', '385-01-01-1234', 'kodas 385.0101.1234', '4990101 1234']) expect(personalDataInNote(text), text).toBe('personal_code');
    // A date and a count, or a date and a time, are not one.
    for (const text of ['2026-01-05 100 švirkštų', '2026-01-05 1030', 'nuo 2025-12-01 iki 2026-01-05']) expect(personalDataInNote(text), text).toBeNull();
    for (const text of ['vardas.pavarde@gmail.com', 'rašyti x@y.lt', 'el. p. jonas_p+1@pastas.example.com']) expect(personalDataInNote(text), text).toBe('email');
  });

  it('leaves dates, quantities, client codes and times alone', () => {
    for (const text of [
      '2026-01-05', '2026.01.05', '05/01/2026', '2026 01 05', '2026–01–05', '2026-01-05 - 2026-02-05', 'nuo 2026-01-05 iki 2026-01-10, 3 kartus',
      '2026-11-20 14:30', '10 out, 12 back, 10 pads', '2 ml ir 5 ml po 10', 'išduota 100 švirkštų', 'grąžino 60, paėmė 80', '1000', '20 vnt.',
      '12,50 EUR', '8 kartus', 'kambarys 6, 2 aukštas', 'ONJO11985', 'kodas JOAN11985 ir ONJO21990', '1985-1990', '14:30',
      'susitikimas @ kabinete', 'partija 12345678', 'tel. nėra', '', 'Nukreiptas į priklausomybės ligų centrą',
    ]) {
      expect(personalDataInNote(text), text).toBeNull();
    }
  });
});

describe('every note field refuses personal data, naming the field with a reason the screen translates', () => {
  const refusal = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    return describeZodError(r.error as Parameters<typeof describeZodError>[0]);
  };

  it('visit, client, outreach and secondary-exchange notes, and the reasons for a void or a merge', () => {
    const cases: Array<[{ safeParse(v: unknown): { success: boolean; error?: unknown } }, Record<string, unknown>, string]> = [
      [visitInput, { date: '2026-01-05', note: 'Jonas Petraitis tel. 861234567' }, 'note'],
      [registerClientInput, { code: 'ONJO11985', sex: 'male', birthYear: 1985, note: 'Jonas Petraitis tel. 861234567' }, 'note'],
      [updateClientInput, { id: 1, sex: 'male', birthYear: 1985, injects: 'yes', inPharmacotherapy: false, note: 'Jonas Petraitis tel. 861234567' }, 'note'],
      [outreachInput, { date: '2026-01-05', placeId: 1, workerIds: [1], contacts: [], note: 'Jonas Petraitis tel. 861234567' }, 'note'],
      [secondaryInput, { date: '2026-01-05', clientId: 1, note: 'Jonas Petraitis tel. 861234567' }, 'note'],
      [voidInput, { id: 1, reason: 'paskambino 861234567' }, 'reason'],
      [mergeInput, { keepId: 1, mergeId: 2, reason: 'tas pats, tel. 861234567' }, 'reason'],
    ];
    for (const [schema, value, field] of cases) {
      const e = refusal(schema, value);
      expect(e).toEqual({ field, message: `${field}: ${REASON_TEXTS.note_phone}`, reason: { key: 'note_phone' } });
    }
    expect(refusal(visitInput, { date: '2026-01-05', note: 'a.k. 38501011234' }).reason.key).toBe('note_personal_code');
    expect(refusal(visitInput, { date: '2026-01-05', note: 'x@y.lt' }).reason.key).toBe('note_email');
    // A note about the visit passes.
    expect(visitInput.safeParse({ date: '2026-01-05', note: '2026-01-05 grąžino 12, paėmė 10; kitą kartą 2 ml' }).success).toBe(true);
  });

  it('each reason has its sentence in both languages of the screen', () => {
    for (const key of ['note_phone', 'note_personal_code', 'note_email'] as const) {
      expect(sayReason('lt', { key }), key).toMatch(/pastabose niekada nerašoma/);
      expect(sayReason('en', { key }), key).toBe(REASON_TEXTS[key]);
    }
  });
});
