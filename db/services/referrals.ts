// What became of a referral (spec/indicators.md referrals_by_outcome): whether the client arrived
// where referred, recorded later — from the client's history or the follow-up list. On the
// visit's referral lines to that destination; null takes the outcome back to "nothing recorded".
// Any role records referrals, so any role records their outcome (the channel map says so).
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { qb } from '../store';
import type { ParsedInput } from '../../shared/api';
import type { Ctx } from './context';
import { visitRecord, type VisitRecord } from './visit-records';

export function setReferralOutcome(ctx: Ctx, input: ParsedInput<'referrals.setOutcome'>): VisitRecord {
  return ctx.store.tx(() => {
    const before = visitRecord(ctx, input.visitId);
    if (before.voided) throw new CoreError('rejected', text('referrals.visit_voided'));
    const lines = qb.updateTable('service_lines')
      .where('visit_id', '=', input.visitId).where('type', '=', 'referral')
      .where((eb) => (input.referralTo === null ? eb('referral_to', 'is', null) : eb('referral_to', '=', input.referralTo)));
    const toThat = before.services.filter((s) => s.type === 'referral' && s.referralTo === input.referralTo);
    if (toThat.length === 0) throw new CoreError('validation', text('referrals.none'), 'referralTo');
    // The same outcome said again (from the history, then from the follow-up list) changes nothing:
    // the day it was first recorded stays, and nothing is audited.
    if (toThat.every((s) => s.referralOutcome === input.outcome)) return before;
    ctx.store.run(
      lines.set({ referral_outcome: input.outcome, outcome_date: input.outcome === null ? null : ctx.today() })
        .where((eb) => (input.outcome === null ? eb('referral_outcome', 'is not', null) : eb.or([eb('referral_outcome', 'is', null), eb('referral_outcome', '!=', input.outcome)]))),
    );
    const after = visitRecord(ctx, input.visitId);
    audit(ctx.store, ctx.actor, 'set_outcome', 'referral', input.visitId, before.services, after.services);
    return after;
  });
}
