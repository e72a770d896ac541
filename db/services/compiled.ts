// Kysely queries compiled once, for reads made per row of a list (each visit of a day's list,
// each client of a search answer): the query builder's row type, without building and compiling
// the same query again for every row.
import type { Compilable, CompiledQuery } from 'kysely';

/** Stands for the id while the query is compiled: a value no real id takes. */
const PLACEHOLDER = -7_316_519;

/**
 * A query over one id, compiled once with a placeholder for it; each call answers the same SQL
 * text (one cached prepared statement) with the id in the placeholder's place.
 */
export function compiledById<R>(build: (id: number) => Compilable<R>): (id: number) => Compilable<R> {
  const compiled = build(PLACEHOLDER).compile();
  const at = compiled.parameters.indexOf(PLACEHOLDER);
  if (at < 0 || compiled.parameters.lastIndexOf(PLACEHOLDER) !== at) {
    throw new Error(`compiledById: the id must be the query's parameter exactly once: ${compiled.sql.slice(0, 80)}`);
  }
  return (id) => ({
    compile: (): CompiledQuery<R> => ({ ...compiled, parameters: compiled.parameters.map((p, i) => (i === at ? id : p)) }),
  });
}
