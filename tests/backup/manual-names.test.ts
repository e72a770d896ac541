import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualName } from '../../db/backup/policy';
import { must, newCabinet } from '../db/helpers';

describe('manual backups', () => {
  it('two taken in the same second are two files, both listed', async () => {
    const a = manualName('abcd-1234', new Date(2026, 10, 22, 14, 5, 9, 10));
    const b = manualName('abcd-1234', new Date(2026, 10, 22, 14, 5, 9, 11));
    expect(a).not.toBe(b);
    const { core, dir } = await newCabinet();
    const folder = join(dir, 'stick');
    const first = await must(core, 'backup.now', { folder });
    const second = await must(core, 'backup.now', { folder });
    expect(second.file).not.toBe(first.file);
    const list = await must(core, 'backup.list', { folder });
    expect(list.backups.filter((x) => x.kind === 'manual').map((x) => x.file).sort()).toEqual([first.file, second.file].sort());
    core.close();
  });
});
