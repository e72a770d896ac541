// The built main process (out/main/index.js, as electron-vite builds it for the app) loaded under
// plain Node with a recording stand-in for `electron` (electron-stub.mjs): it creates the window
// with the security options, registers the one relay, round-trips calls from the trusted frame
// through the core's worker thread to the real core on a temporary database, refuses a foreign
// frame, locks on suspend, takes the day's backup after the first login without making the login
// wait, and takes the backup again on quit before it ends. The real-Electron smoke test is
// tests/e2e/electron-smoke.spec.ts (skipped, with its reason, where there is no Electron binary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const PASSWORD = 'correct horse battery';

interface Message {
  kind: string;
  id?: number;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
  error?: string;
  [k: string]: unknown;
}

describe('the main process, built, under Node with a stand-in for Electron', () => {
  let dir: string;
  let child: ChildProcess;
  const messages: Message[] = [];
  let next = 1;

  const ask = (cmd: Record<string, unknown>): Promise<Message> => {
    const id = next++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: Message) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      };
      child.on('message', onMessage);
      child.send({ ...cmd, id });
    });
  };
  const invoke = async (channel: string, input: unknown, foreign = false) =>
    (await ask({ cmd: 'invoke', ipc: 'slenkstis:api', channel, input, foreign })).result!;
  const waitFor = async (pred: (m: Message) => boolean, ms = 20_000): Promise<Message> => {
    const start = Date.now();
    for (;;) {
      const hit = messages.find(pred);
      if (hit) return hit;
      if (Date.now() - start > ms) throw new Error(`not seen in ${ms} ms; seen: ${JSON.stringify(messages.map((m) => m.kind))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    // The app's own build of the main process and its worker threads.
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'pipe' });
    for (const f of ['index.js', 'core-worker.js', 'backup-worker.js']) expect(existsSync(join(root, 'out/main', f))).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'slenkstis-main-'));
    child = fork(join(root, 'out/main/index.js'), [], {
      execArgv: ['--import', join(root, 'tests/main/stub-loader.mjs')],
      env: { ...process.env, SLENKSTIS_DB: join(dir, 'slenkstis.db'), STUB_APPDATA: dir, STUB_FOLDER: join(dir, 'chosen'), STUB_SAVE_AS: join(dir, 'saved.xlsx') },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.on('message', (m: Message) => messages.push(m));
    // Ready once the relay is registered.
    for (let i = 0; i < 200; i++) {
      const s = await ask({ cmd: 'state' });
      if ((s.handlers as string[]).length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }, 120_000);

  afterAll(() => {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one hardened window, the relay and the dialogs, and calls from the trusted frame reach the real core through its thread', async () => {
    const s = await ask({ cmd: 'state' });
    expect(s.handlers).toEqual(['slenkstis:api', 'slenkstis:dialog']);
    expect(s.sessionHardened).toBe(true);
    expect(s.events).toContain('enableSandbox');
    expect(s.openHandler).toEqual({ action: 'deny' });
    const [win] = s.windows as Array<{ options: { webPreferences: Record<string, unknown> }; url: string }>;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(win.url).toMatch(/^file:.*renderer\/index\.html$/);

    expect(await invoke('session.status', {})).toMatchObject({ ok: true, value: { state: 'no_database' } });
    const setup = await invoke('session.setup', { userName: 'ona', displayName: 'Ona', password: PASSWORD });
    expect(setup).toMatchObject({ ok: true, value: { user: { userName: 'ona', role: 'manager' } } });
    // Setting up logs the manager in: the day's first backup follows; let it end before going on.
    await waitFor((m) => m.kind === 'sent' && (m.payload as { state?: string }).state === 'done');
    const site = await invoke('sites.save', { name: 'Kabinetas', kind: 'cabinet' });
    expect(site).toMatchObject({ ok: true, value: { name: 'Kabinetas' } });
    expect(await invoke('sites.list', {})).toMatchObject({ ok: true, value: [{ name: 'Kabinetas' }] });
    // The window's input only: a file named by its path is refused from the window.
    expect(await invoke('register.check', { files: [{ name: 'x', path: '/etc/passwd' }] })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('refuses a call from a foreign frame, changing nothing', async () => {
    const r = await invoke('sites.save', { name: 'Svetima', kind: 'cabinet' }, true);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('sites.list', {})).toMatchObject({ ok: true, value: [{ name: 'Kabinetas' }] });
  });

  it('the login answers, and the day\'s backup then runs on its own thread with notices to the window', async () => {
    rmSync(join(dir, 'backups'), { recursive: true, force: true });
    messages.length = 0;
    const login = await invoke('session.login', { userName: 'ona', password: PASSWORD });
    expect(login).toMatchObject({ ok: true, value: { userName: 'ona' } });
    await waitFor((m) => m.kind === 'sent' && (m.payload as { state?: string }).state === 'done');
    // The phases, in the order the main process saw them: the login answered before the backup began.
    const phases = messages.map((m) => (m.kind === 'sent' ? `backup ${(m.payload as { state: string }).state}` : m.kind));
    expect(phases.filter((p) => p !== 'state')).toEqual(['answer', 'backup running', 'backup done']);
    expect(readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.db'))).toHaveLength(1);
  });

  it('runs the system\'s dialogs for the trusted window only, and saves a file whole under the chosen name', async () => {
    const dialogCall = async (kind: string, arg?: unknown, foreign = false) => (await ask({ cmd: 'invoke', ipc: 'slenkstis:dialog', channel: kind, input: arg, foreign })).result!;
    expect(await dialogCall('chooseFolder')).toEqual({ ok: true, value: join(dir, 'chosen') });
    const bytes = Buffer.from('PK\u0003\u0004 a workbook');
    const file = { name: 'slenkstis-full.xlsx', mimeType: 'application/octet-stream', dataBase64: bytes.toString('base64') };
    expect(await dialogCall('save', file)).toEqual({ ok: true, value: join(dir, 'saved.xlsx') });
    expect(readFileSync(join(dir, 'saved.xlsx'))).toEqual(bytes);
    expect(existsSync(join(dir, 'saved.xlsx.partial'))).toBe(false);
    const s = await ask({ cmd: 'state' });
    expect(s.events).toContain('showOpenDialog:openDirectory,createDirectory');
    expect((s.events as string[]).find((e) => e.startsWith('showSaveDialog:'))).toMatch(/slenkstis-full\.xlsx$/);
    // A foreign frame gets nothing; a name with a folder in it is refused.
    expect(await dialogCall('chooseFolder', undefined, true)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dialogCall('save', { ...file, name: '../../etc/x' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dialogCall('format-disk')).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('locks on suspend: the next call answers "locked" until the password is given', async () => {
    await ask({ cmd: 'power', event: 'suspend' });
    expect(await invoke('sites.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await invoke('session.unlock', { password: PASSWORD })).toMatchObject({ ok: true });
    expect(await invoke('sites.list', {})).toMatchObject({ ok: true });
  });

  it('on closing the window takes the day\'s backup again, tells the window, then quits', async () => {
    const before = readdirSync(join(dir, 'backups'));
    const daily = join(dir, 'backups', before.find((f) => f.endsWith('.db'))!);
    const bytesBefore = readFileSync(daily);
    messages.length = 0;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await ask({ cmd: 'close-window' });
    // A second close while the copy is taken waits too (it does not end the app mid-copy).
    await ask({ cmd: 'close-window' });
    await waitFor((m) => m.kind === 'quit', 60_000);
    expect(await exited).toBe(0);
    expect(messages.filter((m) => m.kind === 'close-prevented')).toHaveLength(2);
    expect(messages.filter((m) => m.kind === 'quit')).toHaveLength(1);
    expect(messages.some((m) => m.kind === 'sent' && (m.payload as { onQuit?: boolean }).onQuit === true)).toBe(true);
    // The copy was taken again (every copy is encrypted afresh: other bytes), under the same name, and no partial file is left.
    const after = readdirSync(join(dir, 'backups'));
    expect(after).toEqual(before);
    expect(readFileSync(daily).equals(bytesBefore)).toBe(false);
    expect(after.some((f) => f.includes('partial'))).toBe(false);
  }, 90_000);
});
