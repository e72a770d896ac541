// Secondary exchange: a peer picks up equipment for others (a `secondary` visit, supplies marked
// for peers) and may report the peers reached. No medical lines: nothing to check against the role.
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import type { ParsedInput } from '../../shared/api';
import type { Ctx } from './context';
import { getVisit, insertVisit } from './visits';
import type { VisitRecord } from './visit-records';

export function recordSecondary(ctx: Ctx, input: ParsedInput<'secondary.record'>): VisitRecord {
  if (input.supplies.length === 0 && !input.report) {
    throw new CoreError('validation', text('secondary.empty'), 'supplies');
  }
  return ctx.store.tx(() => {
    const id = insertVisit(ctx, {
      date: input.date, time: null, clientId: input.clientId, anonymousCount: 1, kind: 'secondary', siteId: input.siteId,
      supplies: input.supplies.map((s) => ({ ...s, forPeers: s.direction === 'out' })), services: [], tests: [],
      secondary: input.report, trainedSecondary: false, note: input.note ?? null,
    });
    const record = getVisit(ctx, id);
    audit(ctx.store, ctx.actor, 'create', 'visit', id, null, record);
    return record;
  });
}
