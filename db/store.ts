// A Store is an open, keyed, migrated database: the raw better-sqlite3 handle for hot paths
// and transactions, and a Kysely query builder whose queries are compiled and run through
// cached prepared statements (synchronously, so a service is one atomic transaction).
import {
  DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable,
} from 'kysely';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
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

export type Param = string | number | bigint | Buffer | null;

/**
 * A raw statement for what the query builder cannot say well (the report engine's CTEs, bulk
 * paths): its SQL and the shape of its rows, declared once, side by side. The shape is a zod
 * schema: the first row of every answer is checked against it, so a column renamed or retyped
 * fails loudly at once instead of flowing on as a wrong type (the rest are trusted to be alike;
 * one check per call keeps hot paths fast). No `as` on a query result anywhere else.
 */
export interface Query<R, P extends readonly Param[]> {
  readonly sql: string;
  readonly row: z.ZodType<R>;
  /** Phantom: the parameters' types. */
  readonly params?: P;
}

export function query<R, P extends readonly Param[] = Param[]>(sql: string, row: z.ZodType<R>): Query<R, P> {
  return { sql, row };
}

function checked<R>(q: Query<R, readonly Param[]>, rows: unknown[]): R[] {
  if (rows.length > 0) {
    const first = q.row.safeParse(rows[0]);
    if (!first.success) {
      throw new Error(`A query's rows do not have the declared shape (${first.error.issues[0]?.path.join('.') ?? '?'}: ${first.error.issues[0]?.message ?? ''}): ${q.sql.slice(0, 80)}`);
    }
    rows[0] = first.data;
  }
  // Checked above (first row) against the declared schema; the rest come from the same statement.
  return rows as R[];
}

const allText = (xs: unknown[]): xs is string[] => xs.every((x) => typeof x === 'string');

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

  /** Rows of a declared raw statement (see `query`). */
  rows<R, P extends readonly Param[]>(q: Query<R, P>, ...params: P): R[] {
    return checked(q, this.stmt(q.sql).all(...params));
  }

  /** The first row of a declared raw statement, or undefined. */
  row<R, P extends readonly Param[]>(q: Query<R, P>, ...params: P): R | undefined {
    const r = this.stmt(q.sql).get(...params);
    return r === undefined ? undefined : checked(q, [r])[0];
  }

  /**
   * The one column of a raw statement's rows, each checked to be text: a long list (every code)
   * without an object per row.
   */
  texts(sql: string, ...params: readonly Param[]): string[] {
    const s = this.stmt(sql);
    let values: unknown[];
    try {
      values = s.pluck(true).all(...params);
    } finally {
      s.pluck(false);
    }
    if (!allText(values)) throw new Error(`A query's column is not text: ${sql.slice(0, 80)}`);
    return values;
  }

  /** A raw write (no rows to type). */
  exec(sql: string, ...params: readonly Param[]): { changes: number; lastInsertRowid: number } {
    const r = this.stmt(sql).run(...params);
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
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

  /** Whether a long job holds the write transaction across awaits (txAsync): other calls wait for it. */
  get longWriteOpen(): boolean {
    return this.longWrite;
  }

  private longWrite = false;

  /**
   * One transaction around a job that awaits (an import reading its files again as it writes):
   * committed when fn resolves, rolled back when it throws. While it is open the core refuses
   * every other call but the session's status, lock and stop (core.ts): nothing else can slip
   * into the transaction or read what is not yet committed.
   */
  async txAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (this.sqlite.inTransaction) throw new Error('txAsync inside another transaction');
    this.sqlite.exec('BEGIN IMMEDIATE');
    this.longWrite = true;
    try {
      const value = await fn();
      this.sqlite.exec('COMMIT');
      return value;
    } catch (e) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw e;
    } finally {
      this.longWrite = false;
    }
  }

  /** A setting (stored as JSON), checked against its schema; the fallback when absent or not of that shape. */
  setting<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const row = this.get(qb.selectFrom('settings').select('value').where('key', '=', key));
    if (!row) return fallback;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      return fallback;
    }
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
