// Likely duplicates against what is stored: only a stored visit of the same day and client (or an
// anonymous contact of the same day) can be identical, and only the days a file shares with the
// database are read whole — however far apart they are, and however much history lies between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, removeDir, tempDb, type TempDb } from './helpers';
import { importRegister, RowIdentities } from '../../db/register/import';

let db: TempDb;

beforeAll(async () => {
  db = await tempDb();
  const rows = ['date,client_code,sex,birth_year,site,syringes_out,condoms'];
  // Years of history for two known clients and anonymous contacts.
  for (let d = 0; d < 900; d++) {
    const date = new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    rows.push(`${date},DUPA11970,male,1970,Kaunas,${1 + (d % 5)},0`, `${date},DUPB21980,female,1980,Kaunas,2,${d % 3}`, `${date},,,,Kaunas,1,1`);
  }
  const r = await importRegister(db.ctx, [{ name: 'history.csv', bytes: csv(rows) }], { dryRun: false });
  expect(r.errors).toEqual([]);
}, 60_000);

afterAll(() => {
  db.close();
  removeDir(db.dir);
});

describe('rows identical to a stored visit', () => {
  it('are found on days far apart, for a known client and for an anonymous contact; a different row of the same day and client is not', async () => {
    const file = csv([
      'date,client_code,site,syringes_out,condoms',
      // Identical to stored visits (2021-01-01: d = 0; 2023-06-19: d = 899).
      '2021-01-01,DUPA11970,Kaunas,1,0',
      '2023-06-19,,Kaunas,1,1',
      // Same day and client, another quantity: not identical.
      '2021-01-01,DUPB21980,Kaunas,9,0',
      // A new client on a stored day: nothing stored can be identical.
      '2022-03-03,DUPC11990,Kaunas,1,0',
    ]);
    const r = await importRegister(db.ctx, [{ name: 'again.csv', bytes: file }], { dryRun: true });
    expect(r.errors).toEqual([]);
    const stored = r.warnings.filter((w) => /already recorded/.test(w.message));
    expect(stored.map((w) => [w.row, w.message.match(/recorded on (\S+):/)?.[1]])).toEqual([[2, '2021-01-01'], [3, '2023-06-19']]);
    expect(r.imported).toEqual({ visits: 4, activities: 0, overdoses: 0, care: 0, clients_created: 1 });
  });
});

describe('the table of row identities', () => {
  it('answers the first place of each identity, through growing from a small size, and lists each identity once', () => {
    const table = new RowIdentities(1);
    const key = (i: number) => [i * 2654435761 | 0, i, -i] as const;
    for (let i = 0; i < 10_000; i++) expect(table.firstOrAdd(key(i), i)).toBeUndefined();
    // Identities seen before answer where they were first seen, whatever the place now.
    for (let i = 0; i < 10_000; i += 7) expect(table.firstOrAdd(key(i), 50_000 + i)).toBe(i);
    // Keys differing in one word only are different rows.
    expect(table.firstOrAdd([key(3)[0], key(3)[1], 12345], 99_999)).toBeUndefined();
    expect(table.size).toBe(10_001);
    const places = [...table.entries()].map(([, at]) => at).sort((a, b) => a - b);
    expect(places).toEqual([...Array.from({ length: 10_000 }, (_, i) => i), 99_999]);
  });
});
