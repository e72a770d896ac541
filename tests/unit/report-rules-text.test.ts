// The printed report's rules (renderer/src/reportRules.ts) are made from the report's stated rules
// with the locale's words. Made with the English catalogue they must be the engine's own sentences
// (rules.applied), word for word and in order, over reports that differ in every rule that varies:
// so a rule the engine adds or rewords fails here until the printed report says it too. The
// Lithuanian ones are as many, and Lithuanian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Core } from '../../db/core';
import { appliedRuleSentences, type Say } from '../../renderer/src/reportRules';
import { must, newCabinet } from '../db/helpers';
import { englishWords } from '../lt-words';

type Tree = { [k: string]: string | Tree };
const catalogue = (lang: string): Say => {
  const tree = JSON.parse(readFileSync(`renderer/src/locales/${lang}.json`, 'utf8')) as Tree;
  return (key, params = {}) => {
    const text = key.split('.').reduce<Tree | string | undefined>((t, p) => (typeof t === 'object' ? t[p] : undefined), tree);
    if (typeof text !== 'string') throw new Error(`No text ${key} in ${lang}.json`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name]));
  };
};

let core: Core;

beforeAll(async () => {
  core = (await newCabinet({ today: () => '2026-11-20' })).core;
  const client = await must(core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 });
  await must(core, 'visits.create', { date: '2026-07-02', clientId: client.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }] });
});

afterAll(() => core.close());

describe('the printed report states the rules the engine applied', () => {
  it('in English word for word, in Lithuanian as many and Lithuanian, over every rule that varies', async () => {
    const en = catalogue('en');
    const lt = catalogue('lt');
    const seen = new Set<string>();
    const check = async (from: string, to: string) => {
      const report = await must(core, 'reports.run', { from, to, monthly: true });
      expect(appliedRuleSentences(report, 'en', en)).toEqual(report.rules.applied);
      const inLt = appliedRuleSentences(report, 'lt', lt);
      expect(inLt).toHaveLength(report.rules.applied.length);
      for (const s of inLt) expect(englishWords(s), s).toEqual([]);
      const r = report.rules;
      seen.add(`estimate:${r.pwid_population_estimate !== null}`).add(`perMonthNull:${r.per_month_null}`).add(`sexFromCode:${r.sex_birth_year_from_code}`);
    };
    await check('2026-07-01', '2026-09-30');
    // A period too short for per-month figures, and one whose last month is.
    await check('2026-07-01', '2026-07-10');
    await check('2026-07-01', '2026-08-10');
    await must(core, 'settings.update', { pwidPopulationEstimate: 1500 });
    await check('2026-07-01', '2026-09-30');
    // A code pattern of the cabinet's own: sex and birth year are not taken from codes.
    await must(core, 'settings.update', { codePattern: '^[A-Z]{3}[0-9]{4}$' });
    await check('2026-07-01', '2026-09-30');
    expect([...seen].sort()).toEqual(['estimate:false', 'estimate:true', 'perMonthNull:false', 'perMonthNull:true', 'sexFromCode:false', 'sexFromCode:true']);
  });
});
