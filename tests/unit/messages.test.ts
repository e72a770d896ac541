import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../db/errors';
import { visitInput, staffAddInput } from '../../shared/schemas';
import { REASON_TEXTS } from '../../shared/messages';

const reasonOf = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return describeZodError(r.error as Parameters<typeof describeZodError>[0]);
};

describe('validation messages carry a reason key for the UI to translate', () => {
  it('names the field, keeps the English sentence, and gives the key and its numbers', () => {
    const date = reasonOf(visitInput, { date: '2024-02-30' });
    expect(date).toEqual({ message: `date: ${REASON_TEXTS.date}`, field: 'date', reason: { key: 'date' } });
    const anon = reasonOf(visitInput, { date: '2024-02-01', clientId: 3, anonymousCount: 2 });
    expect(anon.reason.key).toBe('one_for_client');
    const qty = reasonOf(visitInput, { date: '2024-02-01', supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 0 }] });
    expect(qty.field).toBe('supplies.0.quantity');
    expect(qty.reason).toEqual({ key: 'too_small', params: { min: 1, origin: 'number' } });
    const pw = reasonOf(staffAddInput, { userName: 'ona', displayName: 'Ona', role: 'medical', password: 'short' });
    expect(pw.reason.key).toBe('password_short');
    const extra = reasonOf(visitInput, { date: '2024-02-01', sneaky: 1 });
    expect(extra.reason.key).toBe('unknown_fields');
  });
});
