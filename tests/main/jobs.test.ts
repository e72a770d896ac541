// Long jobs through the core's worker, as the app runs them: they report their phase and done
// of total while the main thread stays free, and a cancel asked from the main thread (while the
// core's thread is busy with that very job) stops the job before it has written anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemo, DEMO_USER } from '../../db/demo';
import { CoreHost } from '../../db/worker/host';
import { bundleWorkerFiles } from '../../db/worker/worker-files';
import type { Notice } from '../../shared/notices';

const root = join(import.meta.dirname, '..', '..');
const PASSWORD = 'jobs-password-1';

describe('long jobs in the core\'s worker', () => {
  let dir: string;
  let host: CoreHost;
  const notices: Notice[] = [];
  let onNotice: (n: Notice) => void = () => undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slenkstis-jobs-'));
    await createDemo(join(dir, 'slenkstis.db'), { scenario: 'large', visits: 20_000, seed: 3, password: PASSWORD });
    host = new CoreHost({ dbPath: join(dir, 'slenkstis.db'), files: await bundleWorkerFiles(root), onNotice: (n) => {
      notices.push(n);
      onNotice(n);
    } });
    const login = await host.call('session.login', { userName: DEMO_USER, password: PASSWORD });
    expect(login.ok).toBe(true);
    await host.backup(false);
  }, 120_000);

  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const progressOf = (channel: string) => notices.filter((n): n is Extract<Notice, { type: 'progress' }> => n.type === 'progress' && n.channel === channel);

  it('a report over many months tells its progress, ending at done = total', async () => {
    notices.length = 0;
    const r = await host.call('reports.run', { from: '2015-01-01', to: '2024-12-31', siteIds: [], monthly: true });
    expect(r.ok).toBe(true);
    const steps = progressOf('reports.run');
    // The period and its 120 months are counted in one pass over the facts: a start and an end.
    expect(steps.length).toBeGreaterThan(1);
    expect(steps[0]).toMatchObject({ phase: 'figures', done: 0 });
    const last = steps[steps.length - 1];
    expect(last.total).toBeGreaterThan(0);
    expect(last.done).toBe(last.total);
    expect(r.ok && r.value.monthly?.length).toBe(120);
    // Done only grows.
    expect(steps.map((s) => s.done)).toEqual([...steps.map((s) => s.done)].sort((a, b) => a - b));
  }, 120_000);

  it('a workbook cancelled half-way stops with "cancelled" and gives no file; the next one runs whole', async () => {
    notices.length = 0;
    let asked = false;
    onNotice = (n) => {
      // Phase 1: the job is running on the core's thread (its first step is told); phase 2: the
      // main thread asks to stop it, and the job's next step stops it before any byte is answered.
      if (!asked && n.type === 'progress' && n.channel === 'reports.workbook' && n.done < n.total) {
        asked = true;
        void host.call('session.cancelJob', {});
      }
    };
    const r = await host.call('reports.workbook', { from: '2015-01-01', to: '2024-12-31', siteIds: [], template: 'full' });
    onNotice = () => undefined;
    expect(asked).toBe(true);
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // A cancel belongs to the job it was asked for: the next job starts with the flag down.
    const again = await host.call('reports.workbook', { from: '2024-01-01', to: '2024-03-31', siteIds: [], template: 'donor' });
    expect(again.ok).toBe(true);
  }, 120_000);

  it('an import cancelled while it writes rolls back: the figures and the audit log as before', async () => {
    const lines = ['date,client_code,sex,birth_year,site,syringes_out,syringes_in'];
    for (let i = 0; i < 12_000; i++) lines.push(`2023-0${1 + (i % 9)}-1${i % 10},CANC${1 + (i % 2)}${1960 + (i % 40)},male,${1960 + (i % 40)},Atšaukimas,${1 + (i % 9)},${i % 5}`);
    const file = join(dir, 'cancel.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const figures = async () => {
      const r = await host.call('reports.run', { from: '2000-01-01', to: '2027-12-31', siteIds: [], monthly: false });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.indicators;
    };
    const auditHead = async () => {
      const r = await host.call('audit.list', { limit: 1 });
      if (!r.ok) throw new Error(r.error.message);
      return r.value[0]?.id;
    };
    const before = { figures: await figures(), head: await auditHead() };
    const phases: string[] = [];
    let asked = false;
    onNotice = (n) => {
      if (n.type !== 'progress' || n.channel !== 'register.import') return;
      phases.push(n.phase);
      // Phase 1: rows read and checked; phase 2: inside the writing transaction, the stop is asked.
      if (!asked && n.phase === 'writing' && n.done > 0) {
        asked = true;
        void host.call('session.cancelJob', {});
      }
    };
    const r = await host.callLocal('register.import', { files: [{ name: 'cancel.csv', path: file }] });
    onNotice = () => undefined;
    expect(phases).toContain('checking');
    expect(phases).toContain('writing');
    expect(asked).toBe(true);
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect({ figures: await figures(), head: await auditHead() }).toEqual(before);
    // Asked again without a stop, the same file imports whole.
    const again = await host.callLocal('register.import', { files: [{ name: 'cancel.csv', path: file }] });
    expect(again).toMatchObject({ ok: true, value: { imported: { visits: 12_000 } } });
  }, 120_000);

  it('a password change asked while the day\'s backup runs waits for it, and both succeed', async () => {
    notices.length = 0;
    const marks: string[] = [];
    onNotice = (n) => {
      if (n.type === 'backup') marks.push(`backup ${n.state}`);
    };
    const backup = host.backup(true);
    // The mark: the change is asked while the backup runs (its "running" came, its end not yet).
    while (!marks.includes('backup running')) await new Promise((r) => setTimeout(r, 1));
    marks.push('change asked');
    const changed = await host.call('session.changePassword', { oldPassword: PASSWORD, newPassword: 'jobs-password-2' });
    marks.push('change answered');
    const backedUp = await backup;
    expect(backedUp).toMatchObject({ ok: true });
    onNotice = () => undefined;
    expect(marks.slice(0, 2)).toEqual(['backup running', 'change asked']);
    expect(changed).toEqual({ ok: true, value: { done: true } });
    expect(marks.indexOf('backup done')).toBeLessThan(marks.indexOf('change answered'));
    // The new password opens the database; the old one no longer does.
    expect((await host.call('session.login', { userName: DEMO_USER, password: 'jobs-password-2' })).ok).toBe(true);
    expect((await host.call('session.login', { userName: DEMO_USER, password: PASSWORD })).ok).toBe(false);
    expect((await host.call('session.login', { userName: DEMO_USER, password: 'jobs-password-2' })).ok).toBe(true);
  }, 120_000);

  it('a backup cancelled before it is put in place leaves no file, not even a partial one', async () => {
    const out = join(dir, 'manual', 'copy.db');
    let asked = false;
    onNotice = (n) => {
      if (!asked && n.type === 'progress' && n.channel === 'backup.now' && n.phase === 'copy') {
        asked = true;
        void host.call('session.cancelJob', {});
      }
    };
    const r = await host.callLocal('backup.now', { out });
    onNotice = () => undefined;
    expect(asked).toBe(true);
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(dir, 'manual'))).toEqual([]);
  }, 120_000);
});
