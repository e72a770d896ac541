import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { MANAGER, must, newCabinet, tempDir } from '../db/helpers';

/**
 * A real full disk: a 4 MiB tmpfs (needs root, as on CI); elsewhere SQLite's max_page_count
 * stands in for it (an injected write failure with the same SQLITE_FULL error).
 */
let mountPoint: string | null = null;

beforeAll(() => {
  const dir = join(tempDir('slenkstis-full-'), 'mnt');
  mkdirSync(dir);
  try {
    execSync(`mount -t tmpfs -o size=4m tmpfs ${dir}`, { stdio: 'ignore' });
    mountPoint = dir;
  } catch {
    mountPoint = null;
  }
});

afterAll(() => {
  if (mountPoint) execSync(`umount ${mountPoint}`, { stdio: 'ignore' });
});

function fill(dir: string) {
  // Leave a little room: enough for the database to open, not for many visits.
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler-${i}`), Buffer.alloc(64 * 1024));
    } catch {
      rmSync(join(dir, `filler-${i}`), { force: true });
      rmSync(join(dir, 'filler-0'), { force: true });
      return;
    }
  }
}

describe('disk full during a save', () => {
  it('the save fails with a message, the earlier data is intact and the file opens again', async () => {
    const dir = mountPoint ?? tempDir();
    const { core, dbPath, cabinet } = await newCabinet({ dir });
    const client = await must(core, 'clients.register', { code: 'FULL11980', sex: 'male', birthYear: 1980 });
    if (mountPoint) fill(mountPoint);
    else core.currentVault!.store.sqlite.pragma(`max_page_count = ${(core.currentVault!.store.sqlite.pragma('page_count', { simple: true }) as number) + 8}`);
    let saved = 0;
    let failure: { code: string; message: string } | null = null;
    for (let i = 0; i < 5000 && !failure; i++) {
      const r = await core.call('visits.create', { date: '2026-11-20', clientId: client.id, siteId: cabinet.id, note: 'x'.repeat(400), supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
      if (r.ok) saved++;
      else failure = r.error;
    }
    expect(saved).toBeGreaterThan(0);
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe('disk_full');
    expect(failure!.message).toMatch(/Diskas pilnas; niekas neišsaugota/);
    core.close();
    if (mountPoint) execSync(`rm -f ${mountPoint}/filler-*`);
    const again = new Core(dbPath);
    await must(again, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    const history = await must(again, 'clients.history', { clientId: client.id, limit: 500 });
    expect(history).toHaveLength(saved);
    expect((await must(again, 'audit.verify', {})).problems).toEqual([]);
    // And it goes on working once there is room.
    expect((await again.call('visits.create', { date: '2026-11-21', clientId: client.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] })).ok).toBe(true);
    again.close();
  });
});

describe('disk full during a backup', () => {
  it('the backup fails with a message, leaves no half-written copy, and the database and earlier backups are intact', async () => {
    const { core, dir } = await newCabinet();
    const client = await must(core, 'clients.register', { code: 'BKUP11980', sex: 'male', birthYear: 1980 });
    for (let i = 0; i < 300; i++) await must(core, 'visits.create', { date: '2026-11-20', clientId: client.id, note: 'y'.repeat(300), supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] });
    // The backup folder is the small disk: one good backup fits, then it is filled up.
    const folder = mountPoint ?? join(dir, 'stick');
    const first = await must(core, 'backup.now', { folder });
    const { readdirSync, statSync } = await import('node:fs');
    const before = readdirSync(folder).filter((f) => !f.startsWith('filler-')).sort();
    let failure: { code: string; message: string } | null = null;
    if (mountPoint) {
      fill(mountPoint);
      const r = await core.call('backup.now', { folder });
      failure = r.ok ? null : r.error;
    } else {
      // No tmpfs here (not root): a folder that cannot be written stands in for the full disk.
      const { chmodSync } = await import('node:fs');
      chmodSync(folder, 0o500);
      const r = await core.call('backup.now', { folder });
      chmodSync(folder, 0o700);
      failure = r.ok ? null : r.error;
    }
    expect(failure).not.toBeNull();
    expect(failure!.message).toMatch(/disk|space|full|written|write/i);
    // No half-written copy, the earlier backup as it was.
    expect(readdirSync(folder).filter((f) => !f.startsWith('filler-')).sort()).toEqual(before);
    expect(statSync(first.file).size).toBe(first.bytes);
    // The database goes on working.
    expect((await core.call('visits.create', { date: '2026-11-21', clientId: client.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] })).ok).toBe(true);
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
    if (mountPoint) execSync(`rm -f ${mountPoint}/filler-* ${mountPoint}/slenkstis*`);
  });
});
