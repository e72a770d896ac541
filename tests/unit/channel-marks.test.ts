// The channel map says which operations write and which open a session (shared/api.ts); the
// core's write hook and the Electron main's first backup of the day follow those marks. Here the
// marks are checked against what the operations really do to the database.
import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../shared/api';
import { Core } from '../../db/core';
import { readFileSync } from 'node:fs';
import { changePassword } from '../../db/vault';
import { MANAGER, must, newCabinet } from '../db/helpers';

describe('the marks of the channel map', () => {
  it('a channel marked as not writing changes nothing in the database; one marked as writing does', async () => {
    const writes: string[] = [];
    const { core, cabinet, dbPath } = await newCabinet({ onWrite: () => writes.push('write') });
    const changes = () => (core.currentVault!.store.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const client = await must(core, 'clients.register', { code: 'MARK11980', sex: 'male', birthYear: 1980 });
    const reads: Array<[Channel, unknown]> = [
      ['session.status', {}], ['clients.search', { query: 'MAR' }], ['clients.card', { id: client.id }], ['clients.history', { clientId: client.id }],
      ['sites.list', {}], ['items.list', {}], ['staff.list', {}], ['projects.list', {}], ['settings.get', {}], ['stock.balance', {}],
      ['tests.pending', {}], ['audit.list', { limit: 5 }], ['audit.verify', {}],
    ];
    // (reports.run is not among them: it brings its pre-counted facts up to date, a cache of the
    // records, which is a change to the file but not to any record; it is marked as not writing.)
    expect(channels['reports.run'].writes).toBe(false);
    for (const [channel, input] of reads) {
      expect(channels[channel].writes, channel).toBe(false);
      const before = changes();
      writes.length = 0;
      const r = await core.call(channel, input);
      expect(r.ok, `${channel}: ${JSON.stringify(r)}`).toBe(true);
      expect(changes(), channel).toBe(before);
      expect(writes, channel).toEqual([]);
    }
    const written: Array<[Channel, unknown]> = [
      ['visits.create', { date: '2026-11-20', clientId: client.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 2 }] }],
      ['sites.save', { name: 'Punktas', kind: 'point' }],
      ['settings.update', { idleLockMinutes: 7 }],
    ];
    for (const [channel, input] of written) {
      expect(channels[channel].writes, channel).toBe(true);
      const before = changes();
      writes.length = 0;
      const r = await core.call(channel, input);
      expect(r.ok, `${channel}: ${JSON.stringify(r)}`).toBe(true);
      expect(changes(), channel).toBeGreaterThan(before);
      expect(writes, channel).toEqual(['write']);
    }
    core.close();
    // The session openers are exactly the operations that log someone in.
    const openers = (Object.keys(channels) as Channel[]).filter((c) => channels[c].opensSession).sort();
    expect(openers).toEqual(['session.login', 'session.recover', 'session.rescueRestore', 'session.setup']);
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    c.close();
  });
});

describe('the replacesFile mark', () => {
  it('a key change from a call whose channel is not marked replacesFile is refused, and nothing changes', async () => {
    const { core, dbPath } = await newCabinet();
    const vault = core.currentVault!;
    const before = readFileSync(dbPath);
    // As the door sets it around a call of an unmarked channel.
    vault.mayReplaceFile = false;
    expect(() => changePassword(vault, core.actor!, MANAGER.password, 'another-pass-1')).toThrow(/not marked as replacing the database file/);
    vault.mayReplaceFile = undefined;
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    // Through the door, on its marked channel, the same change goes through.
    expect(channels['session.changePassword'].replacesFile).toBe(true);
    expect((await core.call('session.changePassword', { oldPassword: MANAGER.password, newPassword: 'another-pass-1' })).ok).toBe(true);
    core.close();
  });

  it('marks exactly the channels that put a new file in place', () => {
    const marked = (Object.keys(channels) as Channel[]).filter((c) => channels[c].replacesFile).sort();
    // Every other channel that reached a key change or a restore would be refused by the guard
    // above, and its own tests would fail.
    expect(marked).toEqual(['backup.restore', 'session.changePassword', 'session.recover', 'session.rescueRestore', 'staff.add', 'staff.disable', 'staff.setPassword']);
  });
});
