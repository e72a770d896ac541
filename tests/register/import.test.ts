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
import { pharmacotherapyOn, registerClient, setPharmacotherapy, voidPharmacotherapyChange } from '../../db/services/clients';
import { pharmacotherapyInput, registerClientInput } from '../../shared/schemas';

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

describe('the columns and sheets of issue 17', () => {
  let fresh: TempDb;
  const q = (sql: string, ...params: unknown[]) => fresh.ctx.store.sqlite.prepare(sql).all(...params);
  const importInto = async (files: RegisterFile[], dryRun = false) => {
    const r = await importRegister(fresh.ctx, files, { dryRun });
    expect(r.errors).toEqual([]);
    return r;
  };
  beforeAll(async () => {
    fresh = await tempDb();
  });
  afterAll(() => {
    fresh.close();
    removeDir(fresh.dir);
  });

  it('a register written before these columns and sheets existed imports as before: every new column empty', async () => {
    // Good files: kept apart from tests/fixtures/register, the corpus of bad files.
    const old = (name: string): RegisterFile => ({ name, bytes: readFileSync(join(__dirname, '../fixtures/register-old', name)) });
    const r = await importInto([old('visits.csv'), old('activities.csv')]);
    expect(r.imported).toEqual({ visits: 4, activities: 3, overdoses: 0, care: 0, clients_created: 2 });
    expect(q(`SELECT code, sex, birth_year, injects, in_pharmacotherapy, came_via, referred_by_code FROM clients ORDER BY code`)).toEqual([
      { code: 'ONJO11985', sex: 'male', birth_year: 1985, injects: 'yes', in_pharmacotherapy: 0, came_via: 'unknown', referred_by_code: null },
      { code: 'RUTA22001', sex: 'female', birth_year: 2001, injects: 'no', in_pharmacotherapy: 0, came_via: 'unknown', referred_by_code: null },
    ]);
    expect(q(`SELECT v.date, i.key, l.direction, l.quantity FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id ORDER BY v.id, l.id`)).toEqual([
      { date: '2023-11-06', key: 'syringe', direction: 'out', quantity: 10 },
      { date: '2023-11-06', key: 'syringe', direction: 'in', quantity: 8 },
      { date: '2023-11-06', key: 'alcohol_pad', direction: 'out', quantity: 10 },
      { date: '2023-11-06', key: 'condom', direction: 'out', quantity: 12 },
      { date: '2023-11-08', key: 'syringe', direction: 'out', quantity: 40 },
    ]);
    expect(q(`SELECT type, units, referral_to, referral_outcome FROM service_lines WHERE type = 'referral'`)).toEqual([
      { type: 'referral', units: 1, referral_to: 'pharmacotherapy', referral_outcome: null },
    ]);
    expect(q(`SELECT date, type, topic, participants, institution FROM activities ORDER BY date`)).toEqual([
      { date: '2023-11-09', type: 'meeting', topic: null, participants: 6, institution: 'law_enforcement' },
      { date: '2023-11-10', type: 'training', topic: null, participants: 3, institution: null },
      { date: '2023-11-20', type: 'media', topic: null, participants: 0, institution: null },
    ]);
    expect(q(`SELECT count(*) AS n FROM pharmacotherapy_changes UNION ALL SELECT count(*) FROM activity_clients UNION ALL SELECT count(*) FROM overdoses
      UNION ALL SELECT count(*) FROM care_steps`)).toEqual([{ n: 0 }, { n: 0 }, { n: 0 }, { n: 0 }]);
  });

  it('in_pharmacotherapy: a change only where the status differs from the one in force, the rows of a client taken by day whatever their order', async () => {
    // PHAR: no on 3 May (nothing in force: not a change), yes on the 10th, yes again on the 20th (no change), no on the 25th;
    // in the file out of order. PHBB: yes on 1 June.
    const r = await importInto([{ name: 'pharma.csv', bytes: csv([
      'date,client_code,in_pharmacotherapy,syringes_out',
      '2024-05-20,PHAR11980,yes,1',
      '2024-05-03,PHAR11980,no,1',
      '2024-05-25,PHAR11980,no,1',
      '2024-05-10,PHAR11980,yes,1',
      '2024-05-12,PHAR11980,,1',
      '2024-06-01,PHBB21990,yes,1',
    ]) }]);
    expect(r.imported.visits).toBe(6);
    const changes = () => q(`SELECT c.code, x.date, x.status FROM pharmacotherapy_changes x JOIN clients c ON c.id = x.client_id ORDER BY c.code, x.date, x.id`);
    expect(changes()).toEqual([
      { code: 'PHAR11980', date: '2024-05-10', status: 1 },
      { code: 'PHAR11980', date: '2024-05-25', status: 0 },
      { code: 'PHBB21990', date: '2024-06-01', status: 1 },
    ]);
    // The status today (the tests' today is 2024-06-30).
    expect(q(`SELECT code, in_pharmacotherapy FROM clients WHERE code LIKE 'PH%' ORDER BY code`)).toEqual([
      { code: 'PHAR11980', in_pharmacotherapy: 0 }, { code: 'PHBB21990', in_pharmacotherapy: 1 },
    ]);
    // Against the stored changes: yes on 15 May is in force already (from the 10th); yes on the 28th is a change (out from the 25th).
    await importInto([{ name: 'pharma-2.csv', bytes: csv(['date,client_code,in_pharmacotherapy,needles_out', '2024-05-15,PHAR11980,yes,2', '2024-05-28,PHAR11980,yes,2']) }]);
    expect(changes().filter((c) => (c as { code: string }).code === 'PHAR11980')).toEqual([
      { code: 'PHAR11980', date: '2024-05-10', status: 1 },
      { code: 'PHAR11980', date: '2024-05-25', status: 0 },
      { code: 'PHAR11980', date: '2024-05-28', status: 1 },
    ]);
    expect(q(`SELECT in_pharmacotherapy FROM clients WHERE code = 'PHAR11980'`)).toEqual([{ in_pharmacotherapy: 1 }]);
  });

  it('in_pharmacotherapy: two rows of one client and day must say the same, wherever they are in the files', async () => {
    const before = fileHash(fresh.path);
    const r = await importRegister(fresh.ctx, [
      { name: 'a.csv', bytes: csv(['date,client_code,in_pharmacotherapy,syringes_out', '2024-05-04,PHCC11970,yes,1']) },
      { name: 'b.csv', bytes: csv(['date,client_code,in_pharmacotherapy,needles_out', '2024-05-05,PHCC11970,no,1', '2024-05-04,PHCC11970,no,3']) },
    ], { dryRun: false });
    expect(r.errors).toEqual([{ file: 'b.csv', sheet: 'visits', row: 3, column: 'in_pharmacotherapy', message: 'says otherwise than row 2 of a.csv for the same client on the same day: one status a day.' }]);
    expect(fileHash(fresh.path)).toBe(before);
  });

  it('in_pharmacotherapy against a client the app has in pharmacotherapy: the import and the app agree on every day and today', async () => {
    const ctx = fresh.ctx;
    const reg = (code: string, inPharmacotherapy: boolean) =>
      registerClient(ctx, registerClientInput.parse({ code, sex: 'male', birthYear: 1975, injects: 'yes', inPharmacotherapy, confirmNotDuplicate: true })).id;
    // In pharmacotherapy from 1 April (the desk's change), and one whose only change was voided (not in pharmacotherapy).
    const a = reg('OATA11975', false);
    setPharmacotherapy(ctx, pharmacotherapyInput.parse({ clientId: a, date: '2024-04-01', status: true }));
    const v = reg('OATV11975', true);
    const voidable = q(`SELECT id FROM pharmacotherapy_changes WHERE client_id = ?`, v) as Array<{ id: number }>;
    voidPharmacotherapyChange(ctx, { id: voidable[0].id, reason: 'wrong client' });
    const status = (id: number) => (q(`SELECT in_pharmacotherapy AS s FROM clients WHERE id = ?`, id)[0] as { s: number }).s === 1;
    /** The desk's status today is what the app computes from the changes that stand (none: not in pharmacotherapy). */
    const agree = (id: number) => expect(status(id)).toBe(pharmacotherapyOn(ctx, id, ctx.today()));
    const changes = (id: number) => q(`SELECT date, status FROM pharmacotherapy_changes WHERE client_id = ? AND voided_at IS NULL ORDER BY date, id`, id);

    // An old file (no column) and a file whose cells are empty say nothing: nothing changes.
    await importInto([{ name: 'oat-old.csv', bytes: csv(['date,client_code,syringes_out', '2024-05-02,OATA11975,1', '2024-05-02,OATV11975,1']) }]);
    await importInto([{ name: 'oat-empty.csv', bytes: csv(['date,client_code,in_pharmacotherapy,syringes_out', '2024-05-03,OATA11975,,1', '2024-05-03,OATV11975,,1']) }]);
    expect([status(a), status(v)]).toEqual([true, false]);
    agree(a);
    agree(v);
    expect(changes(a)).toEqual([{ date: '2024-04-01', status: 1 }]);
    expect(changes(v)).toEqual([]);

    // 'no' before the change says what was in force then (the app refuses that change as already in force): nothing stored.
    expect(() => setPharmacotherapy(ctx, pharmacotherapyInput.parse({ clientId: a, date: '2024-03-10', status: false }))).toThrow();
    expect(() => setPharmacotherapy(ctx, pharmacotherapyInput.parse({ clientId: v, date: '2024-05-04', status: false }))).toThrow();
    await importInto([{ name: 'oat-before.csv', bytes: csv(['date,client_code,in_pharmacotherapy,syringes_out', '2024-03-10,OATA11975,no,1', '2024-05-04,OATV11975,no,1']) }]);
    expect(changes(a)).toEqual([{ date: '2024-04-01', status: 1 }]);
    expect(changes(v)).toEqual([]);
    expect([status(a), status(v)]).toEqual([true, false]);

    // 'no' after it is a change, as the app records it: the status today is no.
    await importInto([{ name: 'oat-after.csv', bytes: csv(['date,client_code,in_pharmacotherapy,syringes_out', '2024-06-10,OATA11975,no,1']) }]);
    expect(changes(a)).toEqual([{ date: '2024-04-01', status: 1 }, { date: '2024-06-10', status: 0 }]);
    expect(status(a)).toBe(false);
    agree(a);
    // And 'yes' for the client whose change was voided starts it again.
    await importInto([{ name: 'oat-again.csv', bytes: csv(['date,client_code,in_pharmacotherapy,syringes_out', '2024-06-11,OATV11975,yes,1']) }]);
    expect(status(v)).toBe(true);
    agree(v);
  });

  it('came_via and referred_by_code: read for a new code, the first row kept, a later different one said; a known client is not changed', async () => {
    const r = await importInto([{ name: 'came.csv', bytes: csv([
      'date,client_code,came_via,referred_by_code,syringes_out',
      '2024-05-06,CAME11980,peer,šajo11985,1',
      '2024-05-07,CAME11980,self,,1',
      '2024-05-06,CAMB11981,point,,1',
      '2024-05-06,ONJO11985,outreach,,1',
    ]) }]);
    expect(q(`SELECT code, came_via, referred_by_code FROM clients WHERE code IN ('CAME11980', 'CAMB11981', 'ONJO11985') ORDER BY code`)).toEqual([
      { code: 'CAMB11981', came_via: 'point', referred_by_code: null },
      { code: 'CAME11980', came_via: 'peer', referred_by_code: 'SAJO11985' },
      { code: 'ONJO11985', came_via: 'unknown', referred_by_code: null },
    ]);
    expect(r.warnings.filter((w) => w.column === 'came_via').map((w) => [w.row, w.message])).toEqual([
      [3, 'self differs from row 2 of this file (peer) for the same code; the first is kept.'],
      [5, "outreach differs from the client's record (unknown); an import changes no client, so the record was kept."],
    ]);
  });

  it('other_items and referral_outcome: supply lines of the catalogue items handed out, the outcome on the referral lines', async () => {
    const r = await importInto([{ name: 'items.csv', bytes: csv([
      'date,client_code,anonymous_count,kind,other_items,referral,referral_to,referral_outcome',
      '2024-05-08,ITEM11980,,cabinet,naloxone:1;filter:10,2,gp,not_arrived',
      '2024-05-08,,3,outreach,NALOXONE:2,,,',
      '2024-05-09,ITEM11980,,secondary,water:20,1,,unknown',
    ]) }]);
    expect(r.imported.visits).toBe(3);
    expect(q(`SELECT v.date, i.key, l.direction, l.quantity, l.for_peers FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id
      WHERE v.date IN ('2024-05-08', '2024-05-09') ORDER BY v.id, l.id`)).toEqual([
      { date: '2024-05-08', key: 'naloxone', direction: 'out', quantity: 1, for_peers: 0 },
      { date: '2024-05-08', key: 'filter', direction: 'out', quantity: 10, for_peers: 0 },
      { date: '2024-05-08', key: 'naloxone', direction: 'out', quantity: 2, for_peers: 0 },
      // Taken by a peer for others, as every secondary pick-up's supplies.
      { date: '2024-05-09', key: 'water', direction: 'out', quantity: 20, for_peers: 1 },
    ]);
    expect(q(`SELECT v.date, l.units, l.referral_to, l.referral_outcome, l.outcome_date FROM service_lines l JOIN visits v ON v.id = l.visit_id
      WHERE v.date IN ('2024-05-08', '2024-05-09') AND l.type = 'referral' ORDER BY v.id`)).toEqual([
      { date: '2024-05-08', units: 2, referral_to: 'gp', referral_outcome: 'not_arrived', outcome_date: '2024-06-30' },
      { date: '2024-05-09', units: 1, referral_to: null, referral_outcome: null, outcome_date: null },
    ]);
  });

  it('trained_codes: clients a visits row of the same import creates (the activities file read first) or the database knows; a code nobody names is created with a warning', async () => {
    const r = await importInto([
      { name: 'trainings.csv', bytes: csv([
        'date,type,topic,title,participants,trained_codes',
        '2024-05-10,training,secondary_exchange,Antrinis keitimas,3,TRNA11980; trnb21985 ;ONJO11985;TRNA11980',
        '2024-05-11,training,overdose_response,Perdozavimas,2,TRNC11970',
      ]) },
      { name: 'visits.csv', bytes: csv(['date,client_code,sex,birth_year,syringes_out', '2024-05-09,TRNA11980,male,1980,1', '2024-05-09,TRNB21985,female,1985,1']) },
    ]);
    expect(r.imported).toEqual({ visits: 2, activities: 2, overdoses: 0, care: 0, clients_created: 3 });
    expect(r.warnings.filter((w) => w.column === 'trained_codes')).toEqual([{
      file: 'trainings.csv', sheet: 'activities', row: 3, column: 'trained_codes',
      message: 'code 1 of the cell is neither a client in the database nor on a row of the files; a new client is created for it. Check it for a typo.',
    }]);
    expect(q(`SELECT a.topic, c.code FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
      WHERE a.date IN ('2024-05-10', '2024-05-11') ORDER BY a.date, c.code`)).toEqual([
      { topic: 'secondary_exchange', code: 'ONJO11985' },
      { topic: 'secondary_exchange', code: 'TRNA11980' },
      { topic: 'secondary_exchange', code: 'TRNB21985' },
      { topic: 'overdose_response', code: 'TRNC11970' },
    ]);
  });

  it('a meeting with three institutions is three rows, stored as three activities of one date, title and site', async () => {
    await importInto([{ name: 'meeting.csv', bytes: csv([
      'date,type,title,participants,institution,site',
      '2024-05-13,meeting,Dėl naloksono,5,law_enforcement,Kabinetas',
      '2024-05-13,meeting,Dėl naloksono,3,municipality,Kabinetas',
      '2024-05-13,meeting,Dėl naloksono,2,health_care,Kabinetas',
    ]) }]);
    expect(q(`SELECT a.title, a.participants, a.institution, s.name AS site FROM activities a JOIN sites s ON s.id = a.site_id WHERE a.date = '2024-05-13' ORDER BY a.id`)).toEqual([
      { title: 'Dėl naloksono', participants: 5, institution: 'law_enforcement', site: 'Kabinetas' },
      { title: 'Dėl naloksono', participants: 3, institution: 'municipality', site: 'Kabinetas' },
      { title: 'Dėl naloksono', participants: 2, institution: 'health_care', site: 'Kabinetas' },
    ]);
  });

  it('overdoses and care in a workbook with the four sheets: counted in the answer, a new code creates its client, empty cells are "unknown"', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('visits').addRows([['date', 'client_code', 'test_type', 'hcv_result'], ['2024-05-14', 'CARE11975', 'hcv', 'positive']]);
    wb.addWorksheet('activities').addRows([['date', 'type', 'title']]);
    wb.addWorksheet('overdoses').addRows([
      ['date', 'client_code', 'reported_by', 'place', 'naloxone_given', 'naloxone_by', 'ambulance', 'outcome', 'site', 'staff', 'note'],
      ['2024-05-15', 'ODNE11960', 'peer', 'street', 'yes', 'peer', 'no', 'survived', 'Kabinetas', 'rasa', 'naloksonas padėjo'],
      ['2024-05-16', null, 'staff', null, null, null, null, 'died', null, null, null],
    ]);
    wb.addWorksheet('care').addRows([
      ['date', 'client_code', 'infection', 'step', 'site', 'staff'],
      ['2024-05-20', 'care11975', 'hcv', 'linked_to_care', 'Kabinetas', null],
      ['2024-06-10', 'CARE11975', 'hcv', 'treatment_started', null, 'rasa'],
    ]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await importInto([{ name: 'field.xlsx', bytes }], true);
    expect(dry.imported).toEqual({ visits: 1, activities: 0, overdoses: 2, care: 2, clients_created: 2 });
    const r = await importInto([{ name: 'field.xlsx', bytes }]);
    expect(r.imported).toEqual(dry.imported);
    expect(q(`SELECT o.date, c.code, o.reported_by, o.place, o.naloxone_given, o.naloxone_by, o.ambulance, o.outcome, s.name AS site, st.user_name AS staff, o.note
      FROM overdoses o LEFT JOIN clients c ON c.id = o.client_id LEFT JOIN sites s ON s.id = o.site_id LEFT JOIN staff st ON st.id = o.staff_id ORDER BY o.date`)).toEqual([
      { date: '2024-05-15', code: 'ODNE11960', reported_by: 'peer', place: 'street', naloxone_given: 'yes', naloxone_by: 'peer', ambulance: 'no', outcome: 'survived', site: 'Kabinetas', staff: 'rasa', note: 'naloksonas padėjo' },
      { date: '2024-05-16', code: null, reported_by: 'staff', place: 'other', naloxone_given: 'unknown', naloxone_by: null, ambulance: 'unknown', outcome: 'died', site: null, staff: null, note: null },
    ]);
    // A code first seen on an overdose report creates the client, with sex and birth year from the code when the pattern is the default one.
    expect(q(`SELECT code FROM clients WHERE code = 'ODNE11960'`)).toEqual([{ code: 'ODNE11960' }]);
    expect(q(`SELECT k.date, c.code, k.infection, k.step FROM care_steps k JOIN clients c ON c.id = k.client_id ORDER BY k.date`)).toEqual([
      { date: '2024-05-20', code: 'CARE11975', infection: 'hcv', step: 'linked_to_care' },
      { date: '2024-06-10', code: 'CARE11975', infection: 'hcv', step: 'treatment_started' },
    ]);
    const audit = q(`SELECT after_json FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`) as Array<{ after_json: string }>;
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ visits: 1, overdoses: 2, care: 2, clients_created: 2 });
  });
});
