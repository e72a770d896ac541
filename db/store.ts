// A Store is an open, keyed, migrated database: the raw better-sqlite3 handle for hot paths
// and transactions, and a Kysely query builder whose queries are compiled and run through
// cached prepared statements (synchronously, so a service is one atomic transaction).
import {
  DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable,
} from 'kysely';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Database } from './schema';
import type { SqliteDb } from './open';

/** Builds queries only; they are run by Store. */
export const qb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Param = string | number | bigint | Buffer | null;

export class Store {
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly sqlite: SqliteDb,
    readonly path: string,
  ) {}

  /** A prepared statement, prepared once per SQL text. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.sqlite.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  all<R>(query: Compilable<R>): R[] {
    const c = query.compile();
    return this.stmt(c.sql).all(...(c.parameters as Param[])) as R[];
  }

  get<R>(query: Compilable<R>): R | undefined {
    const c = query.compile();
    return this.stmt(c.sql).get(...(c.parameters as Param[])) as R | undefined;
  }

  run(query: Compilable<unknown>): { changes: number; lastInsertRowid: number } {
    const c = query.compile();
    const r = this.stmt(c.sql).run(...(c.parameters as Param[]));
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
  }

  /** Runs fn in one transaction (IMMEDIATE, so two writers queue on the busy timeout instead of failing). */
  tx<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  setting<T>(key: string, fallback: T): T {
    const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
