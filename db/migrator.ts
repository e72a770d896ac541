import { Kysely, SqliteDialect, sql } from 'kysely';
import { z } from 'zod';
import type { SqliteDb } from './open';
import { migrations } from './migrations';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';

export const LATEST_VERSION = Object.keys(migrations).length;

const userVersion = (sqlite: SqliteDb): number => z.number().parse(sqlite.pragma('user_version', { simple: true }));

/** Refuses, before anything is written, a file made by a newer version of the app. */
export function checkVersion(sqlite: SqliteDb): number {
  const version = userVersion(sqlite);
  if (version > LATEST_VERSION) {
    throw new CoreError('db_newer', text('db.newer', { version, latest: LATEST_VERSION }));
  }
  return version;
}

/**
 * Runs every migration the file has not had yet, each in its own IMMEDIATE transaction that
 * re-reads the version first: when the app and the command line open an old file at once, one
 * of them migrates and the other waits and finds it done.
 */
export async function migrate(sqlite: SqliteDb): Promise<number> {
  const current = checkVersion(sqlite);
  const names = Object.keys(migrations).sort();
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  for (let i = current; i < names.length; i++) {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const now = userVersion(sqlite);
      if (now <= i) {
        await migrations[names[i]].up(db);
        await sql.raw(`PRAGMA user_version = ${i + 1}`).execute(db);
      }
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    }
  }
  return names.length;
}
