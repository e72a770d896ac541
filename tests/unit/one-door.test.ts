// The one door into the core, kept by reading the code (TypeScript's own parser):
// - no query result is cast with `as` (rows are typed by Kysely or by a declared `query`);
// - no service re-checks a role the channel map already names (no `requireRole`; the one
//   content check, `requireMedical`, only inside handlers of channels open to every role);
// - the command line reaches the data only through the channel map (db/cli/io.ts openCore).
// Each rule is also shown to catch a planted breach, so a rule that matches nothing fails.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../shared/api';

const root = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const parseSource = (file: string, text = readFileSync(file, 'utf8')) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

const unwrap = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? unwrap(e.expression) : e);

/** A database read: `.get(` `.all(` `.iterate(` on a statement, the store or a raw handle. */
const RESULT_METHODS = new Set(['get', 'all', 'iterate', 'row', 'rows']);
const DB_RECEIVER = /stmt\(|prepare\(|store|sqlite|\bdb\b|handle|statement/i;

/** Places where a query result is cast: file:line and the text. */
function castQueryResults(file: string, text?: string): string[] {
  const sf = parseSource(file, text);
  const found: string[] = [];
  walk(sf, (n) => {
    if (!ts.isAsExpression(n) && !ts.isTypeAssertionExpression(n)) return;
    const inner = unwrap(n.expression);
    if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return;
    const method = inner.expression.name.text;
    const receiver = inner.expression.expression.getText(sf);
    if (RESULT_METHODS.has(method) && DB_RECEIVER.test(receiver)) {
      found.push(`${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText(sf).slice(0, 90)}`);
    }
  });
  return found;
}

/** The top-level function a node is inside (its declared name, or the variable it is assigned to). */
function enclosingFunctionName(n: ts.Node): string | null {
  let name: string | null = null;
  for (let p: ts.Node | undefined = n; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p) && p.name) name = p.name.text;
    else if ((ts.isArrowFunction(p) || ts.isFunctionExpression(p)) && ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) name = p.parent.name.text;
  }
  return name;
}

/** Calls of `fn(...)` in a file, each with the top-level function it is in. */
function callsOf(fn: string, file: string, text?: string): Array<{ where: string; inside: string | null }> {
  const sf = parseSource(file, text);
  const out: Array<{ where: string; inside: string | null }> = [];
  walk(sf, (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === fn) {
      out.push({ where: `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, inside: enclosingFunctionName(n) });
    }
  });
  return out;
}

/** The channel each handler function serves, from db/handlers.ts: `'x.y': mod.fn` or `(ctx, i) => mod.fn(...)`. */
function handlerFunctions(): Map<string, Channel[]> {
  const sf = parseSource(join(root, 'db/handlers.ts'));
  const served = new Map<string, Channel[]>();
  walk(sf, (n) => {
    if (!ts.isPropertyAssignment(n) || !ts.isStringLiteral(n.name) || !(n.name.text in channels)) return;
    const channel = n.name.text as Channel;
    const names = new Set<string>();
    walk(n.initializer, (m) => {
      if (ts.isPropertyAccessExpression(m) && ts.isIdentifier(m.expression)) names.add(m.name.text);
      else if (ts.isIdentifier(m) && m === n.initializer) names.add(m.text);
    });
    for (const fn of names) served.set(fn, [...(served.get(fn) ?? []), channel]);
  });
  return served;
}

const dbFiles = tsFiles(join(root, 'db'));

describe('one door into the core', () => {
  it('casts no query result: rows are typed by the query builder or a declared query', () => {
    // The rule sees a planted cast, in each of the shapes it must catch.
    const planted = "const a = store.stmt('SELECT 1').get(1) as { x: number };\nconst b = <Row[]>(db.prepare('x').all());\nconst c = (ctx.store.stmt(q).all()) as Row[];\nconst d = new Map().get(1) as number;\n";
    expect(castQueryResults(join(root, 'db/planted.ts'), planted)).toHaveLength(3);

    // The store is the one place where a compiled Kysely query hands its result type (built from
    // db/schema.ts by the query builder) to its rows: its `all` and `get`, and nothing else there.
    const store = join(root, 'db/store.ts');
    expect(castQueryResults(store).map((w) => w.replace(/^.*?: /, ''))).toEqual([
      'this.stmt(c.sql).all(...(c.parameters as Param[])) as R[]',
      'this.stmt(c.sql).get(...(c.parameters as Param[])) as R | undefined',
    ]);
    const found = dbFiles.filter((f) => f !== store).flatMap((f) => castQueryResults(f));
    expect(found, `query results cast with "as":\n${found.join('\n')}`).toEqual([]);
  });

  it('checks no role the channel map already says: only the medical-lines check, only where every role may call', () => {
    const everywhere = dbFiles.flatMap((f) => callsOf('requireRole', f));
    expect(everywhere, 'requireRole is gone: the channel map (shared/api.ts) says who may call what').toEqual([]);

    const served = handlerFunctions();
    // The map of handler functions is read, not empty: a sample of what it must hold.
    expect(served.get('createVisit')).toEqual(['visits.create']);
    expect(served.size).toBeGreaterThan(30);

    const redundant = (calls: Array<{ where: string; inside: string | null }>) => calls.filter((c) => (served.get(c.inside ?? '') ?? []).some((ch) => channels[ch].access !== 'any'))
      .map((c) => `${c.where} in ${c.inside} (${served.get(c.inside ?? '')!.join(', ')})`);
    // A planted check inside the handler of a medical-only channel is caught.
    const planted = 'export function setTestResults(ctx: Ctx) {\n  requireMedical(ctx, "enter results");\n}\n';
    expect(redundant(callsOf('requireMedical', join(root, 'db/services/planted.ts'), planted))).toHaveLength(1);

    const medicalChecks = dbFiles.flatMap((f) => callsOf('requireMedical', f));
    expect(medicalChecks.length, 'the content check (medical lines in a visit) is still made').toBeGreaterThan(0);
    expect(redundant(medicalChecks)).toEqual([]);
  });

  it('the command line reaches the data only through the channel map', () => {
    // Commands that act on a database as a user go through db/cli/io.ts (openCore / coreAt).
    // Outside it: restore (a rescue of a file that may not open, like session.rescueRestore),
    // demo (writes a new demo file) and bench (measures). They are named here, on purpose.
    const outsideTheDoor = new Set(['restore.ts', 'demo.ts', 'bench.ts']);
    const commands = readdirSync(join(root, 'db/cli/commands')).filter((f) => f.endsWith('.ts'));
    expect(commands.length).toBeGreaterThan(8);
    const bypasses: string[] = [];
    for (const name of commands) {
      if (outsideTheDoor.has(name)) continue;
      const sf = parseSource(join(root, 'db/cli/commands', name));
      for (const st of sf.statements) {
        if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
        const from = st.moduleSpecifier.text;
        // The core's inside: services, the store, the vault, reports, register, backup.
        if (/\/(services|store|vault|open|reports|register|backup|handlers|core)(\/|$)/.test(from)) bypasses.push(`${name} imports ${from}`);
      }
    }
    expect(bypasses).toEqual([]);
  });
});
