// The morning's follow-up list (spec/domain.md "Follow-up"): who needs the team today, and why.
// Five rules, each over non-voided records of clients with a code (a person without a code
// cannot be asked back):
// - not_seen: a regular client — at least regularMinVisitDays visit-days in one calendar month
//   (the report's rule) within the current month and the FOLLOWUP_REGULAR_MONTHS - 1 before it —
//   whose last visit is followupWeeks weeks ago or longer;
// - result_not_given: a positive result with no post-test counselling at a visit of the client on
//   or after the day the result came;
// - test_due: a client seen within followupWeeks weeks who is due a test (the card's rule,
//   clients.testsDue, with the results known);
// - referral_no_outcome: a referral REFERRAL_OUTCOME_DAYS to REFERRAL_FOLLOWUP_DAYS days old with no outcome;
// - hcv_rna_missing: an HCV antibody positive (any HCV test but the RNA one) with no RNA test,
//   unless the client's HCV care has begun (a care step: the specialist tests RNA).
// Reasons are medical data (a positive result shows in most of them): medical staff and managers
// get them; everyone else gets the clients alone, in the same shape whatever the reason, sorted
// by code ("ask them to see the doctor"), and only for the reasons no result decides (not seen, a
// test due by its date, a referral without an outcome): who is on the desk's list, not only why,
// would otherwise tell a positive result.
import { z } from 'zod';
import { query } from '../store';
import type { ChannelOutput } from '../../shared/api';
import { HCV_ANTIBODY_TESTS, INFECTIONS, REFERRAL_DESTINATIONS, TEST_INFECTIONS, TEST_RESULTS, TEST_TYPES, type Infection, type TestResult } from '../../shared/domain';
import { addDays, addMonths } from '../../shared/dates';
import { isMedical, type Ctx } from './context';
import { getSettings } from './settings';
import { testsDue } from './clients';

/** A client is regular for the follow-up when the rule held in one of this many calendar months, the current one included. */
export const FOLLOWUP_REGULAR_MONTHS = 6;
/** A referral without an outcome is listed once it is this many days old… */
export const REFERRAL_OUTCOME_DAYS = 14;
/**
 * …and until it is this many days old: by then nobody can find out any more, and every referral
 * of the years before outcomes were recorded (migration 005) would otherwise fill the list.
 */
export const REFERRAL_FOLLOWUP_DAYS = 90;

type Followup = ChannelOutput<'followup.list'>;
type MedicalView = Extract<Followup, { view: 'medical' }>;
type Reason = MedicalView['clients'][number]['reasons'][number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const result = z.enum(TEST_RESULTS).nullable();

const NOT_SEEN = query<{ client_id: number; last_visit: string }, [string, number, string]>(
  `WITH days AS (SELECT DISTINCT client_id, date FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL AND date >= ?),
        regular AS (SELECT DISTINCT client_id FROM days GROUP BY client_id, substr(date, 1, 7) HAVING count(*) >= ?)
   SELECT r.client_id, (SELECT max(v.date) FROM visits v WHERE v.client_id = r.client_id AND v.voided_at IS NULL) AS last_visit
   FROM regular r WHERE last_visit <= ?`,
  z.object({ client_id: z.number(), last_visit: z.string() }),
);

const NOT_GIVEN = query<{ client_id: number; test_id: number; visit_id: number; date: string; result_date: string; type: (typeof TEST_TYPES)[number]; hiv: TestResult | null; hbv: TestResult | null; hcv: TestResult | null }, []>(
  // Each client's last post-test counselling, read once (a look-up per positive test took 20 times as long at 200,000 visits).
  `WITH told AS (SELECT g.client_id, max(g.date) AS last FROM service_lines s JOIN visits g ON g.id = s.visit_id
                 WHERE s.type = 'post_test_counselling' AND g.voided_at IS NULL AND g.client_id IS NOT NULL GROUP BY g.client_id)
   SELECT v.client_id, t.id AS test_id, v.id AS visit_id, v.date, coalesce(t.result_date, v.date) AS result_date, t.type,
          t.hiv_result AS hiv, t.hbv_result AS hbv, t.hcv_result AS hcv
   FROM tests t JOIN visits v ON v.id = t.visit_id LEFT JOIN told ON told.client_id = v.client_id
   WHERE v.client_id IS NOT NULL AND v.voided_at IS NULL AND 'positive' IN (t.hiv_result, t.hbv_result, t.hcv_result)
     AND (told.last IS NULL OR told.last < coalesce(t.result_date, v.date))
   ORDER BY v.date, t.id`,
  z.object({ client_id: z.number(), test_id: z.number(), visit_id: z.number(), date: z.string(), result_date: z.string(), type: z.enum(TEST_TYPES), hiv: result, hbv: result, hcv: result }),
);

/** The tests of the clients seen since a day, newest first: the card's "last test" per infection. */
const TESTS_OF_SEEN = query<{ client_id: number; date: string; type: (typeof TEST_TYPES)[number]; hiv: TestResult | null; hbv: TestResult | null; hcv: TestResult | null }, [string]>(
  `SELECT v.client_id, v.date, t.type, t.hiv_result AS hiv, t.hbv_result AS hbv, t.hcv_result AS hcv
   FROM tests t JOIN visits v ON v.id = t.visit_id
   WHERE v.voided_at IS NULL AND v.client_id IN (SELECT client_id FROM visits WHERE date >= ? AND client_id IS NOT NULL AND voided_at IS NULL)
   ORDER BY v.date DESC, t.id DESC`,
  z.object({ client_id: z.number(), date: z.string(), type: z.enum(TEST_TYPES), hiv: result, hbv: result, hcv: result }),
);
const SEEN_SINCE = query<{ client_id: number }, [string]>(
  `SELECT DISTINCT client_id FROM visits WHERE date >= ? AND client_id IS NOT NULL AND voided_at IS NULL`,
  z.object({ client_id: z.number() }),
);

const NO_OUTCOME = query<{ client_id: number; visit_id: number; date: string; referral_to: (typeof REFERRAL_DESTINATIONS)[number] | null }, [string, string]>(
  `SELECT DISTINCT v.client_id, v.id AS visit_id, v.date, s.referral_to
   FROM visits v JOIN service_lines s ON s.visit_id = v.id
   WHERE v.date BETWEEN ? AND ? AND s.type = 'referral' AND s.referral_outcome IS NULL AND v.client_id IS NOT NULL AND v.voided_at IS NULL
   ORDER BY v.date, v.id`,
  z.object({ client_id: z.number(), visit_id: z.number(), date: z.string(), referral_to: z.enum(REFERRAL_DESTINATIONS).nullable() }),
);

const RNA_MISSING = query<{ client_id: number; test_id: number; date: string }, []>(
  `SELECT v.client_id, min(t.id) AS test_id, min(v.date) AS date
   FROM tests t JOIN visits v ON v.id = t.visit_id
   WHERE t.type IN (${list(HCV_ANTIBODY_TESTS)}) AND t.hcv_result = 'positive' AND v.client_id IS NOT NULL AND v.voided_at IS NULL
     AND v.client_id NOT IN (SELECT rv.client_id FROM tests r JOIN visits rv ON rv.id = r.visit_id WHERE r.type = 'hcv_rna' AND rv.voided_at IS NULL AND rv.client_id IS NOT NULL)
     AND v.client_id NOT IN (SELECT k.client_id FROM care_steps k WHERE k.infection = 'hcv' AND k.voided_at IS NULL)
   GROUP BY v.client_id`,
  z.object({ client_id: z.number(), test_id: z.number(), date: z.string() }),
);

const CLIENTS = query<{ id: number; code: string; last_visit: string | null }, [string]>(
  `SELECT c.id, c.code, (SELECT max(v.date) FROM visits v WHERE v.client_id = c.id AND v.voided_at IS NULL) AS last_visit
   FROM clients c WHERE c.id IN (SELECT value FROM json_each(?))`,
  z.object({ id: z.number(), code: z.string(), last_visit: z.string().nullable() }),
);

/**
 * Every reason of every client on today's list, by client. For the desk (`seesResults` false)
 * only the reasons that do not depend on a result: not seen, a test due by its date alone, a
 * referral without an outcome — so that who is on the desk's list says nothing of anyone's result.
 */
function reasonsByClient(ctx: Ctx, seesResults: boolean): { byClient: Map<number, Reason[]>; weeks: number } {
  const settings = getSettings(ctx);
  const today = ctx.today();
  const weeks = settings.followupWeeks;
  const seenSince = addDays(today, -7 * weeks + 1);
  const byClient = new Map<number, Reason[]>();
  const add = (clientId: number, reason: Reason) => {
    const reasons = byClient.get(clientId) ?? [];
    reasons.push(reason);
    byClient.set(clientId, reasons);
  };
  const st = ctx.store;

  const regularSince = `${addMonths(today, -(FOLLOWUP_REGULAR_MONTHS - 1)).slice(0, 7)}-01`;
  for (const r of st.rows(NOT_SEEN, regularSince, settings.regularMinVisitDays, addDays(today, -7 * weeks))) {
    add(r.client_id, { kind: 'not_seen', lastVisit: r.last_visit });
  }

  for (const t of seesResults ? st.rows(NOT_GIVEN) : []) {
    add(t.client_id, {
      kind: 'result_not_given', testId: t.test_id, visitId: t.visit_id, date: t.date, resultDate: t.result_date, type: t.type,
      infections: INFECTIONS.filter((inf) => t[inf] === 'positive'),
    });
  }

  const last = new Map<number, Record<Infection, { date: string; result: TestResult | null } | null>>();
  for (const c of st.rows(SEEN_SINCE, seenSince)) last.set(c.client_id, { hiv: null, hbv: null, hcv: null });
  for (const t of st.rows(TESTS_OF_SEEN, seenSince)) {
    const tests = last.get(t.client_id);
    if (!tests) continue;
    for (const inf of TEST_INFECTIONS[t.type]) tests[inf] ??= { date: t.date, result: t[inf] };
  }
  const dueBefore = addMonths(today, -settings.testDueMonths);
  for (const [clientId, tests] of last) {
    const due = testsDue(tests, dueBefore, seesResults);
    if (due.length > 0) add(clientId, { kind: 'test_due', infections: due });
  }

  for (const r of st.rows(NO_OUTCOME, addDays(today, -REFERRAL_FOLLOWUP_DAYS), addDays(today, -REFERRAL_OUTCOME_DAYS))) {
    add(r.client_id, { kind: 'referral_no_outcome', visitId: r.visit_id, date: r.date, referralTo: r.referral_to });
  }

  if (seesResults) for (const r of st.rows(RNA_MISSING)) add(r.client_id, { kind: 'hcv_rna_missing', testId: r.test_id, date: r.date });

  return { byClient, weeks };
}

/** Today's follow-up list: with its reasons for medical staff and managers, the clients alone for the desk. */
export function followupList(ctx: Ctx): Followup {
  const { byClient, weeks } = reasonsByClient(ctx, isMedical(ctx));
  const clients = ctx.store.rows(CLIENTS, JSON.stringify([...byClient.keys()])).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
  const date = ctx.today();
  if (!isMedical(ctx)) return { view: 'desk', date, clients: clients.map((c) => ({ clientId: c.id, clientCode: c.code })) };
  return {
    view: 'medical', date, notSeenWeeks: weeks,
    clients: clients.map((c) => ({ clientId: c.id, clientCode: c.code, lastVisit: c.last_visit, reasons: byClient.get(c.id) ?? [] })),
  };
}
