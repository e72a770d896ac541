// The rules of spec/register-format.md, one by one, and a corpus of broken files: each is
// refused with its row numbers and columns, and the database file is unchanged (same hash).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { csv, fileHash, PASSWORD, removeDir, tempDb, type TempDb } from './helpers';
import { Core } from '../../db/core';
import { importRegister, type ImportReport, type RegisterFile } from '../../db/register/import';

const FIXTURES = join(__dirname, '../fixtures/register');
const fixture = (name: string): RegisterFile => ({ name, bytes: readFileSync(join(FIXTURES, name)) });
const where = (r: ImportReport) => r.errors.map((e) => `${e.row}:${e.column}`);

let db: TempDb;

/** Imports and asserts the import was refused without a byte of the database changing. */
async function refused(files: RegisterFile[], dryRun = false): Promise<ImportReport> {
  const before = fileHash(db.path);
  const report = await importRegister(db.ctx, files, { dryRun });
  expect(report.errors.length).toBeGreaterThan(0);
  expect(report.imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
  expect(fileHash(db.path)).toBe(before);
  return report;
}

async function imported(files: RegisterFile[]): Promise<ImportReport> {
  const report = await importRegister(db.ctx, files, { dryRun: false });
  expect(report.errors).toEqual([]);
  return report;
}

const count = (sql: string, ...params: unknown[]) => (db.ctx.store.sqlite.prepare(sql).get(...params) as { n: number }).n;

beforeAll(async () => {
  db = await tempDb();
  // Something already recorded, so "unchanged" means something.
  await imported([{ name: 'seed.csv', bytes: csv(['date,client_code,sex,birth_year,site,syringes_out', '2023-12-01,SEED11980,male,1980,Kaunas,3']) }]);
});
afterAll(() => {
  db.close();
  removeDir(db.dir);
});

describe('broken files are refused whole, every bad row listed, the database unchanged', () => {
  it('bad dates: a month 13, a day/month/year date, 30 February, an empty date', async () => {
    const r = await refused([fixture('bad-dates.csv')]);
    expect(where(r)).toEqual(['3:date', '4:date', '5:date', '6:date']);
    expect(r.errors[0]).toMatchObject({ file: 'bad-dates.csv', sheet: 'visits', row: 3, column: 'date' });
    expect(r.errors[0].message).toMatch(/YYYY-MM-DD/);
    expect(r.errors[3].message).toMatch(/every row needs the date/);
  });

  it('invisible and control characters: a look-alike code, a direction override in a site, a bell in a note; a line break in a note is fine', async () => {
    const bytes = csv([
      'date,client_code,sex,birth_year,site,syringes_out,note',
      '2024-06-03,ONJO\u200B11985,male,1985,Kabinetas,2,',
      '2024-06-03,ONJO11985,male,1985,Kabi\u202Enetas,2,',
      '2024-06-03,ONJO11985,male,1985,Kabinetas,2,ding\u0007',
      '2024-06-03,ONJO11985,male,1985,Kabinetas,2,"two\nlines"',
    ]);
    const r = await refused([{ name: 'hidden.csv', bytes }]);
    expect(where(r)).toEqual(['2:client_code', '3:site', '4:note']);
    for (const e of r.errors) expect(e.message).toMatch(/invisible or control character/);
  });

  it('negative and fractional counts', async () => {
    const r = await refused([fixture('negative-counts.csv')]);
    expect(where(r)).toEqual(['3:syringes_out', '4:anonymous_count', '5:syringes_out']);
    expect(r.errors[0].message).toMatch(/negative/);
    expect(r.errors[2].message).toMatch(/whole number/);
  });

  it('unknown columns, with a hint for a misspelt one', async () => {
    const r = await refused([fixture('unknown-columns.csv')]);
    expect(where(r)).toEqual(['1:synringes_in', '1:comment']);
    expect(r.errors[0].message).toMatch(/did you mean "syringes_in"/);
  });

  it('single-letter sex, with the reason', async () => {
    const r = await refused([fixture('single-letter-sex.csv')]);
    expect(where(r)).toEqual(['2:sex', '4:sex', '5:sex']);
    expect(r.errors[0].message).toMatch(/M means male in English but moteris/);
  });

  it('a test on a row for several anonymous people', async () => {
    const r = await refused([fixture('anonymous-test.csv')]);
    expect(where(r)).toEqual(['3:anonymous_count']);
    expect(r.errors[0].message).toMatch(/test stands for one person/);
  });

  it('contradictions inside a file are errors; an identical row is a likely duplicate', async () => {
    const r = await refused([fixture('duplicates-and-contradictions.csv')]);
    expect(where(r)).toEqual(['4:sex', '5:birth_year']);
    expect(r.warnings.some((w) => w.row === 3 && /identical to row 2/.test(w.message))).toBe(true);
  });

  it('an empty file, and a file with only blank lines', async () => {
    expect((await refused([fixture('empty.csv')])).errors[0]).toMatchObject({ row: null, message: expect.stringMatching(/empty/) });
    expect((await refused([{ name: 'blank.csv', bytes: Buffer.from('\r\n\r\n  \r\n') }])).errors[0].message).toMatch(/empty/);
  });

  it('binary junk, named .csv or .xlsx, and a zip that is no workbook', async () => {
    const junk = randomBytes(4096);
    expect((await refused([{ name: 'junk.csv', bytes: junk }])).errors[0].message).toMatch(/binary|UTF-8/);
    expect((await refused([{ name: 'junk.xlsx', bytes: junk }])).errors[0].message).toMatch(/not a workbook/);
    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), junk]);
    expect((await refused([{ name: 'fake.xlsx', bytes: fakeZip }])).errors[0].message).toMatch(/not a readable \.xlsx/);
  });

  it('activities: a negative participant count and an unknown type', async () => {
    const r = await refused([fixture('activities-bad.csv')]);
    expect(r.errors.every((e) => e.sheet === 'activities')).toBe(true);
    expect(where(r)).toEqual(['3:participants', '4:type']);
  });

  it('one bad file among good ones: nothing of any file is written', async () => {
    const good = { name: 'good.csv', bytes: csv(['date,client_code,syringes_out', '2024-02-01,GOOD11980,4']) };
    const r = await refused([good, fixture('negative-counts.csv')]);
    expect(r.errors.every((e) => e.file === 'negative-counts.csv')).toBe(true);
    expect(count(`SELECT count(*) AS n FROM clients WHERE code = 'GOOD11980'`)).toBe(0);
  });

  it('cross-cell rules: results without a test, a result the test does not give, referral_to without referrals, peers without a code', async () => {
    const r = (await refused([{ name: 'rules.csv', bytes: csv([
      'date,client_code,test_type,hiv_result,hcv_result,referral,referral_to,peers_reached_street,trained_secondary,tested_person',
      '2024-01-01,ABCD11985,,positive,,,,,,',
      '2024-01-01,ABCD11985,rapid_hiv,negative,positive,,,,,',
      '2024-01-01,ABCD11985,,,,,gp,,,',
      '2024-01-01,,,,,,,4,yes,',
      '2024-01-01,ABCD11985,hiv,,,,,,,arrestee',
      '2024-01-01,ABCD11985,,,,1,dentist,,,',
    ]) }]));
    expect(where(r)).toEqual(['2:hiv_result', '3:hcv_result', '4:referral_to', '5:peers_reached_street', '5:trained_secondary', '6:tested_person', '7:referral_to']);
  });

  it('a semicolon-separated file (as Lithuanian Excel saves CSV) is read by its header row', async () => {
    const r = await refused([{ name: 'excel-lt.csv', bytes: csv(['date;client_code;syringes_out', '2024-01-01;ABCD11985;-4']) }]);
    expect(where(r)).toEqual(['2:syringes_out']);
  });

  it('staff must be a user name, text has a length limit', async () => {
    const r = await refused([{ name: 'staff.csv', bytes: csv(['date,staff,note', `2024-01-01,Ona Petraitienė,`, `2024-01-01,ona,${'x'.repeat(501)}`]) }]);
    expect(where(r)).toEqual(['2:staff', '3:note']);
  });

  it('a file without a header row gets one clear error, not its first record read as column names', async () => {
    const r = await refused([{ name: 'no-header.csv', bytes: csv(['2024-01-05,PRIV21988,male,10', '2024-01-06,PRIV21988,male,4']) }]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 1, column: null, message: expect.stringMatching(/not a header row/) })]);
  });

  it('never repeats a cell in a message: a client code in the wrong column appears in no error or warning', async () => {
    const code = 'PRIV21988';
    const r = (await refused([{ name: 'shifted.csv', bytes: csv([
      `date,client_code,sex,birth_year,injects,kind,site,staff,syringes_out,referral_to,test_type,trained_secondary,${code}`,
      `${code},${code},${code},${code},${code},${code},${code},${code},${code},${code},${code},${code},1`,
    ]) }]));
    expect(r.errors.length).toBeGreaterThanOrEqual(10);
    expect(JSON.stringify([r.errors, r.warnings])).not.toContain(code);
    expect(JSON.stringify([r.errors, r.warnings]).toLowerCase()).not.toContain(code.toLowerCase());
  });

  it('a dry run with errors answers the same problems and writes nothing', async () => {
    const r = await refused([fixture('bad-dates.csv')], true);
    expect(where(r)).toEqual(['3:date', '4:date', '5:date', '6:date']);
  });
});

describe('importing', () => {
  it('takes header names in any order and any case, and folds Lithuanian letters in codes', async () => {
    const report = (await imported([{ name: 'order.csv', bytes: csv([
      'Syringes_Out, SITE ,client_code,DATE,sex,birth_year,injects',
      '10,Kaunas,šajo21985,2024-01-05,moteris,1985,yes',
      '4,Kaunas,SAJO21985,2024-01-06,,,',
    ]) }]));
    expect(report.imported).toEqual({ visits: 2, activities: 0, overdoses: 0, care: 0, clients_created: 1 });
    const c = db.ctx.store.sqlite.prepare(`SELECT id, sex, birth_year, injects FROM clients WHERE code = 'SAJO21985'`).get() as { id: number; sex: string; birth_year: number; injects: string };
    expect(c).toMatchObject({ sex: 'female', birth_year: 1985, injects: 'yes' });
    expect(count('SELECT count(*) AS n FROM visits WHERE client_id = ?', c.id)).toBe(2);
  });

  it('refuses the same file twice (its hash is remembered) and leaves the database unchanged', async () => {
    const file = { name: 'once.csv', bytes: csv(['date,client_code,syringes_out', '2024-02-03,ONCE11970,7']) };
    await imported([file]);
    const r = await refused([{ ...file, name: 'renamed.csv' }]);
    expect(r.errors[0].message).toMatch(/already imported .*once\.csv/);
  });

  it('a dry run checks everything, answers the counts and writes nothing', async () => {
    const before = fileHash(db.path);
    const r = await importRegister(db.ctx, [{ name: 'dry.csv', bytes: csv(['date,client_code,syringes_out', '2024-02-04,DRYR11970,7', '2024-02-04,,3']) }], { dryRun: true });
    expect(r).toMatchObject({ imported: { visits: 2, activities: 0, overdoses: 0, care: 0, clients_created: 1 }, errors: [] });
    expect(fileHash(db.path)).toBe(before);
    // …and the same file can still be imported for real afterwards.
    expect((await importRegister(db.ctx, [{ name: 'dry.csv', bytes: csv(['date,client_code,syringes_out', '2024-02-04,DRYR11970,7', '2024-02-04,,3']) }], { dryRun: false })).errors).toEqual([]);
  });

  it('reports a row identical to a stored visit as a likely duplicate (a warning)', async () => {
    const r = await imported([{ name: 'again.csv', bytes: csv(['date,site,syringes_out,client_code', '2024-02-03,,7,ONCE11970']) }]);
    expect(r.warnings).toEqual([expect.objectContaining({ file: 'again.csv', row: 2, message: expect.stringMatching(/likely duplicate/) })]);
  });

  it('reports sex or birth year contradicting a known client as an error, and does not apply it', async () => {
    const r = await refused([{ name: 'contra.csv', bytes: csv(['date,client_code,sex,birth_year', '2024-03-01,SAJO21985,male,', '2024-03-02,SAJO21985,,1986', '2024-03-03,SAJO21985,unknown,1985']) }]);
    expect(where(r)).toEqual(['2:sex', '3:birth_year']);
    expect(r.errors[0].message).toMatch(/registered as female/);
  });

  it('creates new sites and staff (staff as inactive records), and audits the whole import once', async () => {
    const auditBefore = count('SELECT count(*) AS n FROM audit_log');
    const r = await imported([{ name: 'new-names.csv', bytes: csv(['date,client_code,kind,site,staff,syringes_out', '2024-03-05,NEWS11975,outreach,Turgus,petras,2', '2024-03-05,,outreach,Turgus,rasa,1']) }]);
    expect(r.warnings.map((w) => w.column)).toEqual(['site', 'staff', 'staff']);
    expect(db.ctx.store.sqlite.prepare(`SELECT kind FROM sites WHERE name = 'Turgus'`).get()).toEqual({ kind: 'outreach_place' });
    expect(db.ctx.store.sqlite.prepare(`SELECT active, role FROM staff WHERE user_name = 'petras'`).get()).toEqual({ active: 0, role: 'social_worker' });
    // One outreach session for the place and day, with both workers.
    expect(count(`SELECT count(*) AS n FROM outreach_workers w JOIN outreach_sessions o ON o.id = w.session_id JOIN sites s ON s.id = o.site_id WHERE s.name = 'Turgus'`)).toBe(2);
    expect(count('SELECT count(*) AS n FROM audit_log')).toBe(auditBefore + 1);
    const entry = db.ctx.store.sqlite.prepare(`SELECT action, entity, after_json FROM audit_log ORDER BY id DESC LIMIT 1`).get() as { action: string; entity: string; after_json: string };
    expect(entry).toMatchObject({ action: 'import', entity: 'register' });
    expect(JSON.parse(entry.after_json)).toMatchObject({ visits: 2, clients_created: 1, staff_created: ['petras', 'rasa'], sites_created: ['Turgus'] });
  });

  it('writes visits through the desk code path: lines, tests, secondary reports, training', async () => {
    (await imported([{ name: 'lines.csv', bytes: csv([
      'date,client_code,kind,site,syringes_out,needles_in,alcohol_pads,consultation,referral,referral_to,test_type,hiv_result,hbv_result,hcv_result,wound_care,peers_reached_street,peers_reached_points,point,trained_secondary,tested_person,anonymous_count',
      '2024-04-01,LINE11980,secondary,Kaunas,20,,,,,,,,,,,6,9,Parkas,yes,,',
      '2024-04-01,LINE11980,medical,Kaunas,,5,10,1,2,detoxification,combined,negative,positive,,1,,,,,,',
      '2024-04-02,,arrest_house,Areštinė,,,,,,,rapid_hiv,negative,,,,,,,,arrestee,1',
    ]) }]));
    const client = (db.ctx.store.sqlite.prepare(`SELECT id FROM clients WHERE code = 'LINE11980'`).get() as { id: number }).id;
    expect(count(`SELECT count(*) AS n FROM supply_lines l JOIN visits v ON v.id = l.visit_id WHERE v.client_id = ? AND v.kind = 'secondary' AND l.for_peers = 1`, client)).toBe(1);
    expect(db.ctx.store.sqlite.prepare(`SELECT r.peers_street, r.peers_points, s.name, s.kind FROM secondary_reports r JOIN visits v ON v.id = r.visit_id JOIN sites s ON s.id = r.point_site_id WHERE v.client_id = ?`).get(client))
      .toEqual({ peers_street: 6, peers_points: 9, name: 'Parkas', kind: 'point' });
    expect(db.ctx.store.sqlite.prepare(`SELECT t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result FROM tests t JOIN visits v ON v.id = t.visit_id WHERE v.client_id = ?`).get(client))
      .toEqual({ type: 'combined', tested_person: 'client', hiv_result: 'negative', hbv_result: 'positive', hcv_result: null });
    expect(db.ctx.store.sqlite.prepare(`SELECT units, referral_to FROM service_lines l JOIN visits v ON v.id = l.visit_id WHERE v.client_id = ? AND l.type = 'referral'`).get(client)).toEqual({ units: 2, referral_to: 'detoxification' });
    expect(db.ctx.store.sqlite.prepare(`SELECT t.tested_person FROM tests t JOIN visits v ON v.id = t.visit_id WHERE v.kind = 'arrest_house'`).get()).toEqual({ tested_person: 'arrestee' });
    expect(count(`SELECT count(*) AS n FROM visits WHERE client_id = ? AND trained_secondary = 1`, client)).toBe(1);
  });

  it('imports activities', async () => {
    const r = await imported([{ name: 'activities.csv', bytes: csv(['date,type,title,participants,institution,site', '2024-05-02,meeting,Police and outreach,12,law_enforcement,Kaunas', '2024-05-09,media,Radio,,,']) }]);
    expect(r.imported).toEqual({ visits: 0, activities: 2, overdoses: 0, care: 0, clients_created: 0 });
  });

  it('a file with a header and no rows imports nothing and is not remembered', async () => {
    const empty = { name: 'activities.csv', bytes: csv(['date,type,title,participants,institution,site']) };
    expect((await imported([empty])).imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
    expect((await imported([empty])).imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
  });

  it('refuses an import by a role other than manager, at the door, from the window and from the command line alike', async () => {
    // Through the core's one door (the channel map says register.* is the manager's), on a database of its own.
    const own = await tempDb();
    own.close();
    const core = new Core(own.path);
    try {
      expect((await core.call('session.login', { userName: 'ona', password: PASSWORD })).ok).toBe(true);
      const added = await core.call('staff.add', { userName: 'jonas', displayName: 'Jonas', role: 'social_worker', password: 'another long password' });
      expect(added.ok).toBe(true);
      expect((await core.call('session.login', { userName: 'jonas', password: 'another long password' })).ok).toBe(true);
      const before = fileHash(own.path);
      const bytes = fixture('bad-dates.csv').bytes.toString('base64');
      const fromWindow = await core.call('register.import', { files: [{ name: 'bad-dates.csv', dataBase64: bytes }] });
      const fromCli = await core.callLocal('register.check', { files: [{ name: 'bad-dates.csv', path: join(FIXTURES, 'bad-dates.csv') }] });
      for (const r of [fromWindow, fromCli]) expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(fileHash(own.path)).toBe(before);
      // The window may not name a file by its path: that input is the command line's only.
      const byPath = await core.call('register.check', { files: [{ name: 'x', path: join(FIXTURES, 'bad-dates.csv') }] } as never);
      expect(byPath).toMatchObject({ ok: false, error: { code: 'validation' } });
    } finally {
      core.close();
      removeDir(own.dir);
    }
  });
});

describe('while an import writes', () => {
  it('holds its one transaction: every call but the status, the lock and the stop is refused, and nothing it has not committed is read', async () => {
    const own = await tempDb();
    own.close();
    const seen: Array<{ phase: string; sites: unknown; status: unknown }> = [];
    let core: Core | null = null;
    core = new Core(own.path, {
      onProgress: (_channel, p) => {
        // Inside the import's transaction (phase "writing", rows already written): what the door answers.
        if (p.phase !== 'writing' || p.done === 0 || seen.length > 0 || core === null) return;
        const sites = core.call('sites.list', {});
        const status = core.call('session.status', {});
        seen.push({ phase: p.phase, sites, status });
      },
    });
    try {
      expect((await core.call('session.login', { userName: 'ona', password: PASSWORD })).ok).toBe(true);
      const lines = ['date,client_code,sex,birth_year,site,syringes_out'];
      for (let i = 0; i < 5000; i++) lines.push(`2024-0${1 + (i % 9)}-1${i % 10},HOLD${1 + (i % 2)}${1960 + (i % 40)},male,${1960 + (i % 40)},Laikymas,${1 + (i % 9)}`);
      const r = await core.call('register.import', { files: [{ name: 'hold.csv', dataBase64: csv(lines).toString('base64') }] });
      expect(r).toMatchObject({ ok: true, value: { imported: { visits: 5000 } } });
      // The mark: the calls were made inside the writing phase, not before or after it.
      expect(seen.map((x) => x.phase)).toEqual(['writing']);
      expect(await seen[0].sites).toMatchObject({ ok: false, error: { code: 'db_busy', message: expect.stringMatching(/Rašomas importas/) } });
      expect(await seen[0].status).toMatchObject({ ok: true });
      // Afterwards the door is open again, and the import's site is there.
      const after = await core.call('sites.list', {});
      expect(after.ok && after.value.map((x) => x.name)).toContain('Laikymas');
    } finally {
      core.close();
      removeDir(own.dir);
    }
  });
});

describe('an import stopped while it writes', () => {
  it.each(['csv', 'xlsx'] as const)('rolls back whole (%s): the stop is the answer, never a half-written import', async (format) => {
    const own = await tempDb();
    own.close();
    const marks: string[] = [];
    let core: Core | null = null;
    core = new Core(own.path, {
      onProgress: (_channel, p) => {
        // Inside the writing transaction, rows already written: the stop is asked.
        if (p.phase === 'writing' && p.done > 0 && !marks.includes('stop asked') && core) {
          marks.push('stop asked');
          void core.call('session.cancelJob', {});
        }
      },
    });
    try {
      expect((await core.call('session.login', { userName: 'ona', password: PASSWORD })).ok).toBe(true);
      const header = ['date', 'client_code', 'sex', 'birth_year', 'site', 'syringes_out'];
      const rows = Array.from({ length: 5000 }, (_, i) => [`2024-0${1 + (i % 9)}-1${i % 10}`, `STOP${1 + (i % 2)}${1960 + (i % 40)}`, 'male', 1960 + (i % 40), 'Stabdymas', 1 + (i % 9)]);
      let bytes: Buffer;
      if (format === 'csv') bytes = csv([header.join(','), ...rows.map((r) => r.join(','))]);
      else {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('visits');
        ws.addRow(header);
        for (const r of rows) ws.addRow(r);
        bytes = Buffer.from(await wb.xlsx.writeBuffer());
      }
      const before = fileHash(own.path);
      const r = await core.call('register.import', { files: [{ name: `stop.${format}`, dataBase64: bytes.toString('base64') }] });
      expect(marks).toEqual(['stop asked']);
      expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      const visits = await core.call('visits.day', { date: '2024-01-10' });
      expect(visits.ok && visits.value.length).toBe(0);
      expect(fileHash(own.path)).toBe(before);
      // Asked again without a stop, it imports whole.
      const again = await core.call('register.import', { files: [{ name: `stop.${format}`, dataBase64: bytes.toString('base64') }] });
      expect(again).toMatchObject({ ok: true, value: { imported: { visits: 5000 } } });
    } finally {
      core.close();
      removeDir(own.dir);
    }
  }, 60_000);
});

describe('xlsx registers', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('accepts date cells and text dates, keeps the row numbers of the sheet, and ignores other sheets with a warning', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Visits');
      ws.addRow(['date', 'client_code', 'syringes_out', 'note']);
      ws.addRow([new Date(Date.UTC(2024, 5, 3)), 'XLSX11980', 4, { richText: [{ text: 'rich ' }, { text: 'text' }] }]);
      ws.getCell('A2').numFmt = 'yyyy-mm-dd';
      ws.addRow([]);
      ws.addRow(['2024-06-04', 'XLSX11980', 2, null]);
      wb.addWorksheet('Notes').addRow(['anything']);
    });
    const r = await imported([{ name: 'register.xlsx', bytes }]);
    expect(r.imported.visits).toBe(2);
    expect(r.warnings).toEqual([expect.objectContaining({ sheet: 'Notes', message: expect.stringMatching(/not part of the register/) })]);
    expect(db.ctx.store.sqlite.prepare(`SELECT v.date, v.note FROM visits v JOIN clients c ON c.id = v.client_id WHERE c.code = 'XLSX11980' ORDER BY v.date`).all())
      .toEqual([{ date: '2024-06-03', note: 'rich text' }, { date: '2024-06-04', note: null }]);
  });

  it('reports bad cells with the row numbers a spreadsheet shows', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('visits');
      ws.addRow(['date', 'client_code', 'sex', 'syringes_out']);
      ws.addRow(['2024-06-03', 'XLSX21981', 'F', 1]);
      ws.addRow([]);
      ws.addRow([]);
      ws.addRow([45000, 'XLSX21981', 'female', -2]);
      ws.addRow(['2024-06-05', 'XLSX21981', 'female', 1.5]);
      const acts = wb.addWorksheet('activities');
      acts.addRow(['date', 'type', 'participants']);
      acts.addRow(['2024-06-05', 'meeting', 'many']);
    });
    const r = await refused([{ name: 'bad.xlsx', bytes }]);
    expect(r.errors.map((e) => `${e.sheet}:${e.row}:${e.column}`)).toEqual([
      'activities:2:participants', 'visits:2:sex', 'visits:5:date', 'visits:5:syringes_out', 'visits:6:syringes_out',
    ]);
  });

  it('refuses a workbook without any sheet of the register (visits, activities, overdoses, care)', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('Sheet1').addRow(['date']));
    expect((await refused([{ name: 'sheet1.xlsx', bytes }])).errors[0].message).toMatch(/no sheet named visits, activities, overdoses or care/);
  });
});
