// The data in and out channels through Core.call, as the app calls them: validation, roles,
// base64 files, and a restore that leaves the app on the restored database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Core } from '../../db/core';
import type { ChannelInput } from '../../shared/api';
import { csv, PASSWORD, removeDir, tempDir } from '../register/helpers';

const b64 = (b: Buffer) => b.toString('base64');
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, '../../docs/dhis2-mapping.example.json'), 'utf8')) as ChannelInput<'dhis2.export'>['mapping'];

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

let dir: string;
let core: Core;
beforeAll(async () => {
  dir = tempDir();
  core = new Core(join(dir, 'app.db'));
  value(await core.call('session.setup', { userName: 'ona', displayName: 'Ona', password: PASSWORD }));
});
afterAll(() => {
  core.close();
  removeDir(dir);
});

const register = csv(['date,client_code,sex,birth_year,kind,site,syringes_out,syringes_in', '2024-01-05,ONJO11985,male,1985,cabinet,Kabinetas,10,8', '2024-01-06,,,,outreach,Stotis,5,']);

describe('register channels', () => {
  it('register.check answers the problems and counts without writing; register.import writes', async () => {
    const check = value(await core.call('register.check', { files: [{ name: 'v.csv', dataBase64: b64(register) }] }));
    expect(check).toMatchObject({ imported: { visits: 2, activities: 0, clients_created: 1 }, errors: [] });
    const bad = value(await core.call('register.check', { files: [{ name: 'bad.csv', dataBase64: b64(csv(['date,client_code,sex', '2024-01-05,ONJO11985,M'])) }] }));
    expect(bad.errors).toEqual([expect.objectContaining({ file: 'bad.csv', sheet: 'visits', row: 2, column: 'sex' })]);
    const done = value(await core.call('register.import', { files: [{ name: 'v.csv', dataBase64: b64(register) }] }));
    expect(done.imported.visits).toBe(2);
    const twice = value(await core.call('register.import', { files: [{ name: 'v.csv', dataBase64: b64(register) }] }));
    expect(twice.errors[0].message).toMatch(/jau importuotas/);
  });

  it('validates the input: not base64, no files', async () => {
    expect(await core.call('register.check', { files: [{ name: 'v.csv', dataBase64: '***' }] })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await core.call('register.check', { files: [] })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('register.export answers base64 files in both formats', async () => {
    const csvOut = value(await core.call('register.export', { format: 'csv' }));
    expect(csvOut.files.map((f) => f.name)).toEqual(['visits.csv', 'activities.csv', 'overdoses.csv', 'care.csv']);
    expect(Buffer.from(csvOut.files[0].dataBase64, 'base64').toString('utf8')).toContain('2024-01-05,ONJO11985');
    const xlsx = value(await core.call('register.export', { format: 'xlsx', from: '2024-01-06', to: '2024-01-31' }));
    expect(xlsx).toMatchObject({ visits: 1, rows: 1, files: [{ name: 'register.xlsx' }] });
    expect(await core.call('register.export', { format: 'xlsx', from: '2024-02-01', to: '2024-01-01' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('dhis2.export answers the payload', async () => {
    const out = value(await core.call('dhis2.export', { from: '2024-01-01', to: '2024-01-31', mapping: EXAMPLE }));
    expect(out.periods).toEqual(['202401']);
    expect(out.payload.dataValues.find((v) => v.dataElement === 'SlnkSyr0001')).toMatchObject({ value: '15', period: '202401' });
    const bad = await core.call('dhis2.export', { from: '2024-01-01', to: '2024-01-31', mapping: { ...EXAMPLE, dataValues: [{ indicator: 'nope', dataElement: 'AbCdEfGhIj1' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'mapping.dataValues.0.indicator', message: 'DHIS2 susiejimas, reikšmė Nr. 1, rodiklis: netinkama reikšmė' } });
  });
});

describe('backup channels', () => {
  it('a chosen folder, a backup now, the list, and a restore that puts the app on the restored database', async () => {
    const folder = join(dir, 'stick');
    expect(value(await core.call('backup.setFolder', { folder }))).toEqual({ folder });
    expect(await core.call('backup.setFolder', { folder: 'relative/path' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    const info = value(await core.call('backup.now', {}));
    expect(info.file.startsWith(folder)).toBe(true);
    const list = value(await core.call('backup.list', {}));
    expect(list).toMatchObject({ folder, backups: [{ file: info.file, kind: 'manual', hasKeyring: true }] });

    // A visit after the backup, which the restore takes away.
    value(await core.call('visits.create', { date: '2024-01-07', anonymousCount: 2, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 2 }] }));
    expect(value(await core.call('visits.day', { date: '2024-01-07' }))).toHaveLength(1);
    expect(await core.call('backup.restore', { file: info.file, password: 'wrong password!' })).toMatchObject({ ok: false, error: { code: 'auth' } });
    const restored = value(await core.call('backup.restore', { file: info.file, password: PASSWORD }));
    expect(restored).toMatchObject({ loginAgain: true, replacedKeptAs: expect.stringMatching(/app\.db\.replaced-/) });
    // The app goes on, on the restored file, and after a new login.
    expect(value(await core.call('visits.day', { date: '2024-01-07' }))).toHaveLength(0);
    value(await core.call('session.logout', {}));
    value(await core.call('session.login', { userName: 'ona', password: PASSWORD }));
    expect(value(await core.call('audit.verify', {}))).toMatchObject({ integrity: true, auditChain: true });
    expect(value(await core.call('visits.day', { date: '2024-01-05' }))).toHaveLength(1);
  });

  it('is for managers only', async () => {
    value(await core.call('staff.add', { userName: 'jonas', displayName: 'Jonas', role: 'social_worker', password: PASSWORD }));
    value(await core.call('session.login', { userName: 'jonas', password: PASSWORD }));
    for (const [channel, input] of [
      ['backup.now', {}], ['backup.list', {}], ['register.check', { files: [{ name: 'v.csv', dataBase64: b64(register) }] }],
      ['register.export', { format: 'csv' }], ['dhis2.export', { from: '2024-01-01', to: '2024-01-31', mapping: EXAMPLE }],
    ] as const) {
      expect(await core.call(channel, input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    value(await core.call('session.login', { userName: 'ona', password: PASSWORD }));
  });
});
