// The days a dated record may carry, said once for the records typed in the app (visits, overdose
// reports, care steps, activities, pharmacotherapy changes): not after today, not before 1990 — the bounds the register
// import gives a file's dates (db/register/parse.ts).
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { Ctx } from './context';

export const FIRST_RECORD_DATE = '1990-01-01';

/** A validation error on `field` when the day is after today or before 1990. */
export function checkRecordDate(ctx: Ctx, date: string, field = 'date'): void {
  if (date > ctx.today() || date < FIRST_RECORD_DATE) throw new CoreError('validation', text('record.date_range'), field);
}
