// Real encrypted databases in temporary folders, for the register, backup and DHIS2 tests.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { createVisit } from '../../db/services/visits';
import { visitInput } from '../../shared/schemas';
import type { ChannelInput } from '../../shared/api';

export const PASSWORD = 'correct horse battery';

export interface TempDb {
  dir: string;
  path: string;
  vault: Vault;
  ctx: Ctx;
  recoveryKey: string;
  close(): void;
}

export function tempDir(prefix = 'slenkstis-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A new encrypted database with a manager `ona`. */
export async function tempDb(dir = tempDir()): Promise<TempDb> {
  const path = join(dir, 'slenkstis.db');
  const { vault, recoveryKey, staff } = await createDatabase(path, { userName: 'ona', displayName: 'Ona Manager', password: PASSWORD });
  const ctx = makeCtx(vault.store, { staffId: staff.id, userName: staff.user_name, role: staff.role }, vault, () => '2024-06-30');
  return { dir, path, vault, ctx, recoveryKey, close: () => vault.store.close() };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The SHA-256 of the database file and of its WAL (if any): "the database file is unchanged". */
export function fileHash(path: string): string {
  const h = createHash('sha256').update(readFileSync(path));
  if (existsSync(`${path}-wal`)) h.update(readFileSync(`${path}-wal`));
  return h.digest('hex');
}

export function addVisit(ctx: Ctx, v: ChannelInput<'visits.create'>) {
  return createVisit(ctx, visitInput.parse(v));
}

export function csv(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
