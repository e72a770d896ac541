// Tests: results entered later (the medical screen), and the tests still waiting for one.
// Both channels are the medical staff's in the channel map: no role check here.
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { qb } from '../store';
import { INFECTIONS, resultsTheTestDoesNotGive, testTypesGiving } from '../../shared/domain';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { notFound, type Ctx } from './context';
import { visitRecord, type VisitRecord } from './visit-records';

/** Tests still waiting for a result, of clients and of people without a code, oldest first. */
export function pendingTests(ctx: Ctx): ChannelOutput<'tests.pending'> {
  const rows = ctx.store.all(
    qb.selectFrom('tests as t').innerJoin('visits as v', 'v.id', 't.visit_id').leftJoin('clients as c', 'c.id', 'v.client_id')
      .select([
        't.id as testId', 'v.id as visitId', 'v.date', 'v.client_id as clientId', 'c.code as clientCode', 't.tested_person as testedPerson',
        't.type', 't.hiv_result', 't.hbv_result', 't.hcv_result',
      ])
      .where('v.voided_at', 'is', null)
      // A test still waiting for a result it gives, written from TEST_INFECTIONS (not a second copy of the rule).
      .where((eb) => eb.or(INFECTIONS.map((inf) => eb.and([eb('t.type', 'in', testTypesGiving(inf)), eb(`t.${inf}_result`, 'is', null)]))))
      .orderBy('v.date').orderBy('t.id').limit(500),
  );
  return rows.map(({ hiv_result, hbv_result, hcv_result, ...r }) => ({ ...r, results: { hiv: hiv_result, hbv: hbv_result, hcv: hcv_result } }));
}

export function setTestResults(ctx: Ctx, input: ParsedInput<'tests.setResults'>): VisitRecord {
  return ctx.store.tx(() => {
    const t = ctx.store.get(
      qb.selectFrom('tests as t').innerJoin('visits as v', 'v.id', 't.visit_id')
        .select(['t.visit_id', 't.type', 'v.voided_at', 'v.date']).where('t.id', '=', input.testId),
    );
    if (!t) notFound('test');
    if (t.voided_at) throw new CoreError('rejected', text('tests.visit_voided'));
    const before = visitRecord(ctx, t.visit_id);
    const [inf] = resultsTheTestDoesNotGive(t.type, input.results);
    if (inf) throw new CoreError('validation', text('tests.no_result', { type: t.type, infection: inf }), `results.${inf}`);
    const resultDate = input.resultDate ?? ctx.today();
    if (resultDate < t.date) throw new CoreError('validation', text('tests.result_before'), 'resultDate');
    // A result is known on the day it came, never later than today: a result dated ahead would keep it
    // "not given" on the follow-up list whatever counselling followed.
    if (resultDate > ctx.today()) throw new CoreError('validation', text('tests.result_future'), 'resultDate');
    ctx.store.run(
      qb.updateTable('tests').set({ hiv_result: input.results.hiv, hbv_result: input.results.hbv, hcv_result: input.results.hcv, result_date: resultDate })
        .where('id', '=', input.testId),
    );
    const after = visitRecord(ctx, t.visit_id);
    audit(ctx.store, ctx.actor, 'set_results', 'test', input.testId, before.tests, after.tests);
    return after;
  });
}
