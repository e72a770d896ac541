// An import holds what it checked until it has written: while it runs, the session stays as it
// is and nothing else is saved; a Stop is heard up to the commit, for a file of any size; a text
// date the database would refuse, or a year no register holds, is refused at the check.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { csv, PASSWORD, removeDir, tempDb } from './helpers';
import { Core } from '../../db/core';
import type { Progress } from '../../db/services/context';

async function cabinet(onProgress: (core: Core, p: Progress) => void) {
  const own = await tempDb();
  own.close();
  let core: Core | null = null;
  core = new Core(own.path, { onProgress: (_channel, p) => onProgress(core!, p) });
  expect((await core.call('session.login', { userName: 'ona', password: PASSWORD })).ok).toBe(true);
  return { core, done: () => { core!.close(); removeDir(own.dir); } };
}

async function workbook(rows: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('visits');
  ws.addRow(['date', 'client_code', 'sex', 'birth_year', 'site', 'syringes_out']);
  for (let i = 0; i < rows; i++) ws.addRow([`2024-0${1 + (i % 9)}-1${i % 10}`, `HOLD${1 + (i % 2)}${1960 + (i % 40)}`, 'male', 1960 + (i % 40), 'Laikymas', 1 + (i % 9)]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('while an import runs', () => {
  it('the session is not changed under it and nothing else is saved; the import then writes what it checked', async () => {
    const asked: Array<{ phase: string; answers: Array<Promise<unknown>> }> = [];
    const { core, done } = await cabinet((c, p) => {
      // The mark: the calls are made inside the check (before any write), once.
      if (p.phase !== 'checking' || asked.length > 0) return;
      asked.push({
        phase: p.phase,
        answers: [
          c.call('session.logout', {}),
          c.call('session.login', { userName: 'ona', password: PASSWORD }),
          c.call('clients.register', { code: 'HOLD11960', sex: 'male', birthYear: 1960 }),
          c.call('sites.list', {}),
        ],
      });
    });
    try {
      const r = await core.call('register.import', { files: [{ name: 'hold.xlsx', dataBase64: await workbook(3000) }] });
      expect(asked.map((a) => a.phase)).toEqual(['checking']);
      const [logout, login, register, read] = await Promise.all(asked[0].answers);
      expect(logout).toMatchObject({ ok: false, error: { code: 'db_busy' } });
      expect(login).toMatchObject({ ok: false, error: { code: 'db_busy' } });
      // A client the file treats as new is not registered meanwhile: the checked import still writes.
      expect(register).toMatchObject({ ok: false, error: { code: 'db_busy' } });
      expect(read).toMatchObject({ ok: true });
      expect(r).toMatchObject({ ok: true, value: { imported: { visits: 3000 } } });
      expect(await core.call('session.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
    } finally {
      done();
    }
  }, 60_000);

  it('a Stop asked at the first written step of a small file (fewer rows than a progress step) still stops it before the commit', async () => {
    const marks: string[] = [];
    const { core, done } = await cabinet((c, p) => {
      if (p.phase === 'writing' && !marks.includes('stop asked')) {
        marks.push('stop asked');
        void c.call('session.cancelJob', {});
      }
    });
    try {
      const lines = ['date,client_code,sex,birth_year,site,syringes_out'];
      for (let i = 0; i < 1500; i++) lines.push(`2024-0${1 + (i % 9)}-1${i % 10},SMAL${1 + (i % 2)}${1960 + (i % 40)},male,${1960 + (i % 40)},Mažas,${1 + (i % 9)}`);
      const r = await core.call('register.import', { files: [{ name: 'small.csv', dataBase64: csv(lines).toString('base64') }] });
      expect(marks).toEqual(['stop asked']);
      expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      const day = await core.call('visits.day', { date: '2024-01-10' });
      expect(day.ok && day.value.length).toBe(0);
    } finally {
      done();
    }
  }, 60_000);

  it('refuses at the check a text date the database would refuse, and years no register holds', async () => {
    const { core, done } = await cabinet(() => undefined);
    try {
      const lines = ['date,client_code,syringes_out', '0050-01-01,YEAR11970,1', '1950-01-01,YEAR11970,1', '2205-03-01,YEAR11970,1', '2024-03-01,YEAR11970,1'];
      const r = await core.callLocal('register.check', { files: [{ name: 'years.csv', dataBase64: csv(lines).toString('base64') }] });
      expect(r.ok && r.value.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['2:date', '3:date', '4:date']);
    } finally {
      done();
    }
  });
});
