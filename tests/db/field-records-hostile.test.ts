// Issue 17's records tried as a hurried or hostile user would (review h40): each case failed before
// its fix — a test result dated years ahead was stored (and kept the result "not given" on the
// follow-up list whatever counselling followed), a care step saved twice was stored twice, and a
// meeting's institution entered again was added into the same meeting, doubling its participants;
// a referral's outcome said again moved the day it was recorded and was audited as a change.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Core } from '../../db/core';
import type { ChannelInput } from '../../shared/api';
import { attempt, must, newCabinet } from './helpers';
import { removeDir, tempDb, addVisit } from '../register/helpers';
import { makeCtx } from '../../db/services/context';
import { setReferralOutcome } from '../../db/services/referrals';

const TODAY = '2026-11-20';
const opened: Array<{ core: Core; dir: string }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.core.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

async function cabinet(language: 'lt' | 'en' = 'en') {
  const c = await newCabinet({ today: () => TODAY });
  opened.push(c);
  await must(c.core, 'session.setLanguage', { language });
  const client = async (code: string) => (await must(c.core, 'clients.register', { code, sex: 'male', birthYear: 1985, injects: 'yes', confirmNotDuplicate: true })).id;
  const visit = (input: ChannelInput<'visits.create'>) => must(c.core, 'visits.create', { siteId: c.cabinet.id, ...input });
  return { ...c, client, visit };
}

async function refused(core: Core, channel: Parameters<typeof attempt>[1], input: unknown): Promise<{ code: string; field?: string; message: string }> {
  const r = await attempt(core, channel, input);
  if (r.ok) throw new Error(`${channel} was not refused`);
  return { code: r.error.code, field: r.error.field, message: r.error.message };
}

describe('issue 17 records, tried by a hurried or hostile user', () => {
  it('a test result dated after today is refused, naming the result date; today and the test\'s day are taken', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client('ONJO11985');
    const v = await visit({ date: '2026-11-02', clientId: a, kind: 'medical', tests: [{ type: 'hcv' }] });
    const results = { hiv: null, hbv: null, hcv: 'positive' as const };
    for (const resultDate of ['2026-11-21', '2099-05-01']) {
      expect(await refused(core, 'tests.setResults', { testId: v.tests[0].id, results, resultDate }))
        .toEqual({ code: 'validation', field: 'resultDate', message: 'The result date cannot be after today.' });
    }
    expect((await must(core, 'tests.pending', {})).map((t) => t.testId)).toEqual([v.tests[0].id]);
    const set = await must(core, 'tests.setResults', { testId: v.tests[0].id, results, resultDate: TODAY });
    expect(set.tests[0].resultDate).toBe(TODAY);
    // Counselled today: the result is given, and the follow-up list says nothing more of it.
    await visit({ date: TODAY, clientId: a, services: [{ type: 'post_test_counselling', units: 1 }] });
    const list = await must(core, 'followup.list', {});
    const reasons = list.view === 'medical' ? list.clients.flatMap((c) => c.reasons.map((r) => r.kind)) : [];
    expect(reasons).not.toContain('result_not_given');
  });

  it('an RNA result for a test whose visit was voided is refused, and that test waits for nothing', async () => {
    const { core, client, visit } = await cabinet();
    const a = await client('ONJO11985');
    const v = await visit({ date: '2026-11-02', clientId: a, kind: 'medical', tests: [{ type: 'hcv_rna' }] });
    await must(core, 'visits.void', { id: v.id, reason: 'Ne tas klientas' });
    expect(await refused(core, 'tests.setResults', { testId: v.tests[0].id, results: { hiv: null, hbv: null, hcv: 'positive' } }))
      .toEqual({ code: 'rejected', field: undefined, message: 'The visit of this test is voided.' });
    expect(await must(core, 'tests.pending', {})).toEqual([]);
  });

  it('a care step saved twice (same client, infection, step and day) is refused; another day, another step or a voided one is not', async () => {
    const { core, client, visit } = await cabinet('lt');
    const a = await client('ONJO11985');
    await visit({ date: '2026-09-15', clientId: a, kind: 'medical', tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
    const step = { clientId: a, infection: 'hcv', step: 'linked_to_care', date: '2026-10-01' } as const;
    const first = await must(core, 'care.record', step);
    expect(await refused(core, 'care.record', step)).toEqual({ code: 'rejected', field: 'step', message: 'Etapas: šis gydymo etapas klientui tą dieną jau įrašytas.' });
    await must(core, 'care.record', { ...step, date: '2026-10-02' });
    await must(core, 'care.record', { ...step, step: 'treatment_started' });
    await must(core, 'care.void', { id: first.id, reason: 'Ne ta diena' });
    await must(core, 'care.record', step);
    expect((await must(core, 'care.list', { clientId: a, includeVoided: false })).map((s) => [s.step, s.date]))
      .toEqual([['treatment_started', '2026-10-01'], ['linked_to_care', '2026-10-01'], ['linked_to_care', '2026-10-02']]);
  });

  it('a meeting\'s institution entered again for the same meeting (day, title folded, site) is refused; the figures stay those of the first entry', async () => {
    const { core, cabinet: site } = await cabinet();
    const meeting = (extra: Partial<ChannelInput<'activities.create'>>) => ({ date: '2026-11-05', type: 'meeting' as const, title: 'Policija', siteId: site.id, ...extra });
    await must(core, 'activities.create', meeting({ participants: 3, institution: 'law_enforcement' }));
    await must(core, 'activities.create', meeting({ institutions: [{ institution: 'municipality', participants: 2 }, { institution: 'other', participants: 1 }] }));
    const message = 'Institution: this meeting (same day, title and site) already has participants from this institution; void that row and record it again with all of them, or give this meeting another title.';
    expect(await refused(core, 'activities.create', meeting({ title: ' POLICIJA ', participants: 3, institution: 'law_enforcement' })))
      .toEqual({ code: 'rejected', field: 'institution', message });
    expect(await refused(core, 'activities.create', meeting({ institutions: [{ institution: 'health_care', participants: 2 }, { institution: 'municipality', participants: 2 }] })))
      .toEqual({ code: 'rejected', field: 'institutions.1.institution', message });
    // None given is `other`, which the meeting has.
    expect((await refused(core, 'activities.create', meeting({ participants: 4 }))).field).toBe('institution');
    const figures = async () => {
      const r = (await must(core, 'reports.run', { from: '2026-11-01', to: '2026-11-30', siteIds: [], monthly: false })).indicators;
      return [r.meetings, r.meeting_participants];
    };
    expect(await figures()).toEqual([1, 6]);
    // Another institution joins the meeting; another title, another day or another site is another meeting; a voided row frees its institution.
    await must(core, 'activities.create', meeting({ participants: 2, institution: 'health_care' }));
    await must(core, 'activities.create', meeting({ title: 'Policija II', participants: 1, institution: 'law_enforcement' }));
    await must(core, 'activities.create', meeting({ date: '2026-11-06', participants: 1, institution: 'law_enforcement' }));
    await must(core, 'activities.create', meeting({ siteId: null, participants: 1, institution: 'law_enforcement' }));
    expect(await figures()).toEqual([4, 11]);
    const [first] = (await must(core, 'activities.list', { from: '2026-11-05', to: '2026-11-05' })).filter((a) => a.institution === 'law_enforcement' && a.title === 'Policija' && a.siteId === site.id);
    await must(core, 'activities.void', { id: first.id, reason: 'Per mažai dalyvių' });
    await must(core, 'activities.create', meeting({ participants: 5, institution: 'law_enforcement' }));
    expect(await figures()).toEqual([4, 13]);
  });

  it('a referral outcome said twice keeps the day it was first recorded and audits nothing; another outcome is a change', async () => {
    const db = await tempDb();
    try {
      const client = db.ctx.store.sqlite.prepare(`INSERT INTO clients (code, sex, birth_year, injects, created_at) VALUES ('ONJO11985', 'male', 1985, 'yes', '2024-01-01')`).run().lastInsertRowid as number;
      const v = addVisit(db.ctx, { date: '2024-06-03', clientId: client, services: [{ type: 'referral', units: 1, referralTo: 'gp' }, { type: 'referral', units: 1, referralTo: 'tb' }] });
      const later = makeCtx(db.ctx.store, db.ctx.actor, db.vault, () => '2024-06-20');
      const lines = () => db.ctx.store.sqlite.prepare(`SELECT referral_to, referral_outcome, outcome_date FROM service_lines WHERE visit_id = ? ORDER BY id`).all(v.id);
      const audited = () => (db.ctx.store.sqlite.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'referral'`).get() as { n: number }).n;
      setReferralOutcome(db.ctx, { visitId: v.id, referralTo: 'gp', outcome: 'arrived' });
      setReferralOutcome(later, { visitId: v.id, referralTo: 'gp', outcome: 'arrived' });
      expect(lines()).toEqual([
        { referral_to: 'gp', referral_outcome: 'arrived', outcome_date: '2024-06-30' },
        { referral_to: 'tb', referral_outcome: null, outcome_date: null },
      ]);
      expect(audited()).toBe(1);
      setReferralOutcome(later, { visitId: v.id, referralTo: 'gp', outcome: 'not_arrived' });
      setReferralOutcome(later, { visitId: v.id, referralTo: 'tb', outcome: null });
      expect(lines()).toEqual([
        { referral_to: 'gp', referral_outcome: 'not_arrived', outcome_date: '2024-06-20' },
        { referral_to: 'tb', referral_outcome: null, outcome_date: null },
      ]);
      expect(audited()).toBe(2);
      expect(() => setReferralOutcome(later, { visitId: v.id, referralTo: 'sti', outcome: 'arrived' })).toThrow();
    } finally {
      db.close();
      removeDir(db.dir);
    }
  });
});
