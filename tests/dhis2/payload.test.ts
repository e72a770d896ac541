// The DHIS2 export: the mapping file is checked (unknown indicator keys named by entry), the
// periods follow DHIS2's period strings, and the payload has the shape DHIS2 documents for
// POST /api/dataValueSets ("Sending bulks of data values": period and orgUnit on each value).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { addVisit, PASSWORD, removeDir, tempDb, type TempDb } from '../register/helpers';
import { buildDhis2Payload, dhis2Periods, parseMapping } from '../../db/dhis2/payload';
import { runReport } from '../../db/reports';
import { registerClient } from '../../db/services/clients';
import { setReferralOutcome } from '../../db/services/referrals';
import { indicatorByKey } from '../../shared/indicators';
import { registerClientInput } from '../../shared/schemas';
import { main } from '../../db/cli/main';
import type { Io } from '../../db/cli/io';

const EXAMPLE = join(__dirname, '../../docs/dhis2-mapping.example.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { dataValues: Array<Record<string, string>> } & Record<string, unknown>;

/** The documented shape, written from DHIS2's web API documentation (data.md), independently of our schema. */
const uid = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/);
const documentedPayload = (period: RegExp) => z.object({
  dataSet: uid.optional(),
  completeDate: z.string().optional(),
  period: z.string().optional(),
  orgUnit: uid.optional(),
  attributeOptionCombo: uid.optional(),
  dataValues: z.array(z.object({
    dataElement: uid,
    period: z.string().regex(period),
    orgUnit: uid,
    categoryOptionCombo: uid.optional(),
    attributeOptionCombo: uid.optional(),
    value: z.string().regex(/^-?\d+(\.\d+)?$/),
    comment: z.string().optional(),
  }).strict()).min(1),
}).strict();

describe('the mapping', () => {
  it('the shipped example is valid', () => {
    expect(parseMapping(example()).dataValues.length).toBeGreaterThan(10);
  });

  it('rejects unknown indicator keys, naming the entry', () => {
    const m = example();
    m.dataValues[2] = { indicator: 'syringes_handed', dataElement: 'AbCdEfGhIj1' };
    expect(() => parseMapping(m)).toThrow(/entry 3: "syringes_handed" is not an indicator key/);
  });

  it('rejects a split figure without its part, a scalar with a part, an unknown part, a bad identifier, a double target and unknown fields', () => {
    const bad = (entry: Record<string, string>) => () => parseMapping({ ...example(), dataValues: [entry] });
    expect(bad({ indicator: 'clients_by_sex', dataElement: 'AbCdEfGhIj1' })).toThrow(/entry 1: "clients_by_sex" is split into parts/);
    expect(bad({ indicator: 'clients.male', dataElement: 'AbCdEfGhIj1' })).toThrow(/"clients" has no parts/);
    expect(bad({ indicator: 'clients_by_age.elderly', dataElement: 'AbCdEfGhIj1' })).toThrow(/not a part of clients_by_age/);
    expect(bad({ indicator: 'clients', dataElement: 'x' })).toThrow(/dataValues\.0\.dataElement: must be a DHIS2 identifier/);
    expect(bad({ indicator: 'clients', dataElement: 'AbCdEfGhIj1', colour: 'red' })).toThrow(/unknown field\(s\) colour/);
    expect(() => parseMapping({ ...example(), dataValues: [{ indicator: 'clients', dataElement: 'AbCdEfGhIj1' }, { indicator: 'visits', dataElement: 'AbCdEfGhIj1' }] }))
      .toThrow(/entry 2 \(visits\) sends to the same data element/);
    expect(() => parseMapping({ ...example(), periodType: 'Weekly' })).toThrow(/periodType/);
  });
});

describe('periods', () => {
  it('are DHIS2 period strings', () => {
    expect(dhis2Periods('2024-01-01', '2024-03-31', 'Monthly').map((p) => p.period)).toEqual(['202401', '202402', '202403']);
    expect(dhis2Periods('2023-10-01', '2024-06-30', 'Quarterly')).toEqual([
      { period: '2023Q4', from: '2023-10-01', to: '2023-12-31' },
      { period: '2024Q1', from: '2024-01-01', to: '2024-03-31' },
      { period: '2024Q2', from: '2024-04-01', to: '2024-06-30' },
    ]);
    expect(dhis2Periods('2023-01-01', '2024-12-31', 'Yearly').map((p) => p.period)).toEqual(['2023', '2024']);
    expect(dhis2Periods('2024-02-01', '2024-02-29', 'Monthly')[0]).toEqual({ period: '202402', from: '2024-02-01', to: '2024-02-29' });
  });

  it('must cover whole periods', () => {
    expect(() => dhis2Periods('2024-01-15', '2024-03-31', 'Monthly')).toThrow(/first day of a month/);
    expect(() => dhis2Periods('2024-02-01', '2024-06-30', 'Quarterly')).toThrow(/first day of a quarter/);
    expect(() => dhis2Periods('2024-01-01', '2024-05-31', 'Quarterly')).toThrow(/last day of a quarter/);
    expect(() => dhis2Periods('2024-01-01', '2024-06-30', 'Yearly')).toThrow(/last day of a year/);
  });
});

describe('the payload', () => {
  let db: TempDb;
  beforeAll(async () => {
    db = await tempDb();
    const a = registerClient(db.ctx, registerClientInput.parse({ code: 'ONJO11985', sex: 'male', birthYear: 1985, injects: 'yes' })).id;
    const b = registerClient(db.ctx, registerClientInput.parse({ code: 'RUTA22001', sex: 'female', birthYear: 2001, confirmNotDuplicate: true })).id;
    addVisit(db.ctx, { date: '2024-01-10', clientId: a, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'syringe', direction: 'in', quantity: 4 }] });
    addVisit(db.ctx, { date: '2024-01-11', clientId: b, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 6 }], tests: [{ type: 'rapid_hiv', results: { hiv: 'negative' } }] });
    addVisit(db.ctx, { date: '2024-02-20', clientId: a, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 20 }], tests: [{ type: 'combined', results: { hiv: 'positive', hbv: 'negative', hcv: 'positive' } }] });
  });
  afterAll(() => {
    db.close();
    removeDir(db.dir);
  });
  const report = (i: Parameters<typeof runReport>[1]) => runReport(db.ctx.store, i);

  it('has the shape DHIS2 documents, and carries the report figures of each month', () => {
    const mapping = parseMapping(example());
    const { payload, periods, skipped } = buildDhis2Payload(mapping, '2024-01-01', '2024-03-31', report);
    expect(periods).toEqual(['202401', '202402', '202403']);
    expect(documentedPayload(/^\d{6}$/).safeParse(payload).success).toBe(true);
    expect(payload.dataSet).toBe('pBOMPrpg1QX');
    const value = (indicator: string, period: string) => {
      const entry = mapping.dataValues.find((e) => e.indicator === indicator)!;
      return payload.dataValues.find((v) => v.period === period && v.dataElement === entry.dataElement && v.categoryOptionCombo === entry.categoryOptionCombo)?.value;
    };
    for (const period of periods) {
      const month = `${period.slice(0, 4)}-${period.slice(4)}`;
      const to = `${month}-${new Date(Date.UTC(+period.slice(0, 4), +period.slice(4), 0)).getUTCDate()}`;
      const figures = runReport(db.ctx.store, { from: `${month}-01`, to, siteIds: [], monthly: false }).indicators;
      expect(value('clients', period)).toBe(String(figures.clients));
      expect(value('syringes_distributed', period)).toBe(String(figures.syringes_distributed));
      expect(value('clients_by_sex.female', period)).toBe(String((figures.clients_by_sex as Record<string, number>).female));
    }
    expect(value('clients', '202401')).toBe('2');
    expect(value('syringes_distributed', '202402')).toBe('20');
    expect(value('positive_results.hiv', '202402')).toBe('1');
    expect(value('tests_by_type.combined', '202402')).toBe('1');
    // No syringes in March: the return rate cannot be computed, so no value is sent.
    expect(value('syringe_return_rate', '202403')).toBeUndefined();
    expect(skipped.some((s) => s.startsWith('202403 syringe_return_rate'))).toBe(true);
    expect(value('syringe_return_rate', '202401')).toBe('40');
  });

  it('sums a quarter and a year as the report does', () => {
    const q = buildDhis2Payload(parseMapping({ ...example(), periodType: 'Quarterly' }), '2024-01-01', '2024-03-31', report);
    expect(documentedPayload(/^\d{4}Q[1-4]$/).safeParse(q.payload).success).toBe(true);
    expect(q.payload.dataValues.find((v) => v.dataElement === 'SlnkSyr0001')).toMatchObject({ period: '2024Q1', value: '30', orgUnit: 'DiszpKrYNg8' });
    const y = buildDhis2Payload(parseMapping({ ...example(), periodType: 'Yearly' }), '2024-01-01', '2024-12-31', report);
    expect(documentedPayload(/^\d{4}$/).safeParse(y.payload).success).toBe(true);
    expect(y.payload.dataValues.find((v) => v.dataElement === 'SlnkCli0001')).toMatchObject({ period: '2024', value: '2' });
  });

  it('slenkstis dhis2 writes the payload; a bad mapping exits 1 naming the entry', async () => {
    db.close();
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { SLENKSTIS_PASSWORD: PASSWORD }, stdin: Readable.from([]) as unknown as Io['stdin'] };
      const code = await main(['dhis2', '--db', db.path, '--user', 'ona', ...args], io);
      return { code, out: out.join(''), err: err.join('') };
    };
    const outFile = join(db.dir, 'dhis2.json');
    const ok = await run(['--from', '2024-01-01', '--to', '2024-03-31', '--mapping', EXAMPLE, '--out', outFile]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ periods: ['202401', '202402', '202403'] });
    expect(documentedPayload(/^\d{6}$/).safeParse(JSON.parse(readFileSync(outFile, 'utf8'))).success).toBe(true);
    const badMapping = join(db.dir, 'bad.json');
    writeFileSync(badMapping, JSON.stringify({ ...example(), dataValues: [{ indicator: 'clients', dataElement: 'AbCdEfGhIj1' }, { indicator: 'klientai', dataElement: 'AbCdEfGhIj2' }] }));
    const bad = await run(['--from', '2024-01-01', '--to', '2024-03-31', '--mapping', badMapping, '--out', outFile]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/entry 2: "klientai" is not an indicator key/);
    const half = await run(['--from', '2024-01-15', '--to', '2024-03-31', '--mapping', EXAMPLE, '--out', outFile]);
    expect(half.code).toBe(1);
    expect((await run(['--from', '2024-01-01', '--mapping', EXAMPLE, '--out', outFile])).code).toBe(2);
  });
});

describe('the figures of issue 17 in DHIS2', () => {
  // The catalogue's figures of issue 17, each a data element, its parts category option combos (docs/dhis2-mapping.example.json).
  const FIELD_KEYS = [
    'needles_syringes_distributed', 'needles_syringes_per_pwid_year', 'referrals_by_outcome', 'referral_arrival_rate', 'clients_in_pharmacotherapy',
    'naloxone_kits_distributed', 'naloxone_recipients', 'overdose_response_trained', 'overdoses_reported', 'overdoses_naloxone_given',
    'hcv_cascade', 'hiv_cascade', 'new_clients_by_route', 'new_clients_via_secondary',
  ];
  let db: TempDb;
  beforeAll(async () => {
    db = await tempDb();
    const a = registerClient(db.ctx, registerClientInput.parse({ code: 'ONJO11985', sex: 'male', birthYear: 1985, injects: 'yes' })).id;
    const v = addVisit(db.ctx, {
      date: '2024-01-10', clientId: a, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }, { itemKey: 'needle', direction: 'out', quantity: 5 }, { itemKey: 'naloxone', direction: 'out', quantity: 2 }],
      services: [{ type: 'referral', units: 1, referralTo: 'detoxification' }, { type: 'referral', units: 1, referralTo: 'gp' }],
    });
    setReferralOutcome(db.ctx, { visitId: v.id, referralTo: 'detoxification', outcome: 'arrived' });
    addVisit(db.ctx, { date: '2024-01-11', clientId: a, kind: 'medical', tests: [{ type: 'combined', results: { hiv: 'negative', hbv: 'negative', hcv: 'positive' } }] });
    db.vault.store.sqlite.prepare(`INSERT INTO overdoses (date, outcome, naloxone_given, naloxone_by, created_at) VALUES ('2024-01-20', 'died', 'yes', 'ambulance', '2024-01-20T10:00:00Z')`).run();
  });
  afterAll(() => {
    db.close();
    removeDir(db.dir);
  });

  it('the shipped example maps every new figure, and every part of the split ones', () => {
    const mapped = new Set(parseMapping(example()).dataValues.map((e) => e.indicator));
    for (const key of FIELD_KEYS) {
      const parts = indicatorByKey.get(key)?.parts;
      if (Array.isArray(parts)) for (const part of parts) expect(mapped.has(`${key}.${part}`), `${key}.${part}`).toBe(true);
      else expect(mapped.has(key), key).toBe(true);
    }
  });

  it('sends their values for the month, and skips those that cannot be computed', () => {
    const mapping = parseMapping(example());
    const { payload, skipped } = buildDhis2Payload(mapping, '2024-01-01', '2024-01-31', (i) => runReport(db.ctx.store, i));
    expect(documentedPayload(/^\d{6}$/).safeParse(payload).success).toBe(true);
    const value = (indicator: string) => {
      const entry = mapping.dataValues.find((e) => e.indicator === indicator)!;
      return payload.dataValues.find((x) => x.dataElement === entry.dataElement && x.categoryOptionCombo === entry.categoryOptionCombo)?.value;
    };
    expect(value('needles_syringes_distributed')).toBe('15');
    expect(value('naloxone_kits_distributed')).toBe('2');
    expect(value('naloxone_recipients')).toBe('1');
    expect(value('referrals_by_outcome.arrived')).toBe('1');
    expect(value('referrals_by_outcome.unknown')).toBe('1');
    expect(value('referral_arrival_rate')).toBe('50');
    expect(value('overdoses_reported.died')).toBe('1');
    expect(value('overdoses_naloxone_given.ambulance')).toBe('1');
    expect(value('overdoses_naloxone_given.peer')).toBe('0');
    expect(value('hcv_cascade.antibody_positive')).toBe('1');
    expect(value('new_clients_by_route.unknown')).toBe('1');
    // No PWID estimate is set: per person per year cannot be computed, and is said so.
    expect(value('needles_syringes_per_pwid_year')).toBeUndefined();
    expect(skipped.some((x) => x.startsWith('202401 needles_syringes_per_pwid_year: cannot be computed'))).toBe(true);
  });
});
