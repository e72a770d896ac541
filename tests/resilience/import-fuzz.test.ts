import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Core } from '../../db/core';
import { must, newCabinet } from '../db/helpers';

// Property-based fuzzing of register files (spec/register-format.md): random headers and cells,
// hostile text, random bytes. The import answers, never throws; a rejected file writes nothing.

const COLUMNS = ['date', 'client_code', 'anonymous_count', 'sex', 'birth_year', 'injects', 'kind', 'site', 'staff', 'syringes_out', 'syringes_in', 'needles_out',
  'alcohol_pads', 'condoms', 'consultation', 'referral', 'referral_to', 'test_type', 'hiv_result', 'note', 'trained_secondary'];
const HOSTILE = ['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)', "'; DROP TABLE visits; --", '\u0000\u0007', 'ž'.repeat(600), '"quoted, with comma"', '\r\n', '1e9', '-5', 'NaN', 'vyras', 'M', '2024-02-30', '2024-01-15', 'ONJO11985', 'šajo11985', 'yes', 'combined', 'positive'];

const cell = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }), fc.integer({ min: -10, max: 5000 }).map(String), fc.constant(''));
const csvQuote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const csvFile = fc.record({
  header: fc.uniqueArray(fc.oneof(fc.constantFrom(...COLUMNS), fc.constantFrom('Date', 'klientas', 'syringes', '')), { minLength: 1, maxLength: 8 }),
  rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 9 }), { maxLength: 6 }),
}).map(({ header, rows }) => [header.join(','), ...rows.map((r) => r.map(csvQuote).join(','))].join('\r\n'));

const anyFile = fc.oneof(
  { weight: 5, arbitrary: csvFile.map((t) => Buffer.from(t, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constant(Buffer.from('PK\u0003\u0004 not really a zip')) },
);

let core: Core;
let runs = 0;
let rejected = 0;
let imported = 0;

beforeAll(async () => {
  ({ core } = await newCabinet());
});

const count = (sql: string) => (core.currentVault!.store.sqlite.prepare(sql).get() as { n: number }).n;

describe('import of hostile files', () => {
  it('answers every file with counts or row-numbered errors; a rejected file writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyFile, fc.constantFrom('visits.csv', 'register.xlsx', 'x.csv'), fc.boolean(), async (bytes, name, dryRun) => {
        runs++;
        const before = { visits: count('SELECT count(*) AS n FROM visits'), audit: count('SELECT count(*) AS n FROM audit_log'), clients: count('SELECT count(*) AS n FROM clients') };
        const r = await core.call(dryRun ? 'register.check' : 'register.import', { files: [{ name, dataBase64: bytes.toString('base64') }] });
        expect(r.ok || ['validation', 'rejected'].includes(r.error.code)).toBe(true);
        if (!r.ok) return;
        const report = r.value;
        for (const e of report.errors) {
          expect(typeof e.message).toBe('string');
          expect(e.message.length).toBeLessThan(500);
          expect(e.row === null || e.row >= 1).toBe(true);
        }
        const after = { visits: count('SELECT count(*) AS n FROM visits'), audit: count('SELECT count(*) AS n FROM audit_log'), clients: count('SELECT count(*) AS n FROM clients') };
        if (report.errors.length > 0 || dryRun) {
          rejected += report.errors.length > 0 ? 1 : 0;
          expect(after).toEqual(before);
          expect(report.imported.visits === 0 || dryRun).toBe(true);
        } else {
          imported++;
          expect(after.visits - before.visits).toBe(report.imported.visits);
          expect(after.clients - before.clients).toBe(report.imported.clients_created);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
    expect(runs).toBe(400);
    expect(rejected).toBeGreaterThan(100);
    // Some random files are valid registers: the property covers the accepting path too.
    expect(imported).toBeGreaterThan(0);
    expect(core.currentVault!.store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
  });

  it('a formula-looking note goes in as text and comes out neutralised on export', async () => {
    const csv = 'date,client_code,sex,birth_year,syringes_out,note\r\n2026-11-02,FORM11980,male,1980,5,"=HYPERLINK(""http://evil"")"\r\n';
    const r = await must(core, 'register.import', { files: [{ name: 'formula.csv', dataBase64: Buffer.from(csv).toString('base64') }] });
    expect(r.errors).toEqual([]);
    const out = await must(core, 'register.export', { format: 'csv', from: '2026-11-02', to: '2026-11-02' });
    const visits = Buffer.from(out.files.find((f) => f.name.startsWith('visits'))!.dataBase64, 'base64').toString('utf8');
    expect(visits).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(visits).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
