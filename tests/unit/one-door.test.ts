// The one door into the core, kept by reading the code (TypeScript's own parser):
// - no result of better-sqlite3 is given an unchecked type (`as`, or type arguments): rows are
//   typed by Kysely or by a declared `query` (asked of the type checker, not of names);
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

/**
 * Places where a result of better-sqlite3 (a statement's get/all/iterate, a pragma, …) is given a
 * type it was not checked to have: an `as` on the call or on a variable holding its answer, or a
 * type argument (`prepare<P, Row>()`). Which calls are better-sqlite3's is asked of TypeScript's
 * type checker (the called signature is declared in its types), not guessed from names.
 */
function uncheckedSqliteTypings(program: ts.Program, files: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const fromSqlite = (e: ts.Expression): boolean => {
    const inner = unwrap(e);
    if (ts.isCallExpression(inner)) {
      const decl = checker.getResolvedSignature(inner)?.getDeclaration();
      return !!decl && /better-sqlite3/.test(decl.getSourceFile().fileName);
    }
    if (ts.isIdentifier(inner)) {
      const decl = checker.getSymbolAtLocation(inner)?.valueDeclaration;
      return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && fromSqlite(decl.initializer);
    }
    return false;
  };
  const found: string[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not in the program: ${file}`);
    walk(sf, (n) => {
      const cast = (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && !ts.isConstTypeReference(n.type) && fromSqlite(n.expression);
      const typeArgs = ts.isCallExpression(n) && !!n.typeArguments?.length && fromSqlite(n);
      if (cast || typeArgs) found.push(`${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText(sf).slice(0, 90)}`);
    });
  }
  return found;
}

/** A program over some files, with the project's compiler options. */
function programOf(files: readonly string[]): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json could not be read');
  return ts.createProgram(files, { ...config.options, noEmit: true });
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
    // The rule sees a planted breach in each shape it must catch, and leaves a Map alone.
    const plantedFile = join(root, 'db/planted-casts.ts');
    const planted = [
      "import Sqlite from 'better-sqlite3-multiple-ciphers';",
      "const db = new Sqlite(':memory:');",
      "type Row = { x: number };",
      "export const a = db.prepare('SELECT 1 AS x').get() as Row;",
      "const s = db.prepare('SELECT 1 AS x');",
      "const held = s.all();",
      "export const b = held as Row[];",
      "export const c = db.prepare<[], Row>('SELECT 1 AS x').get();",
      "export const d = db.pragma('user_version', { simple: true }) as number;",
      "export const e = (s.get()) as unknown as Row;",
      "export const f = new Map<number, string>().get(1) as string;",
    ].join('\n');
    const host = ts.createCompilerHost({});
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) => (name === plantedFile ? ts.createSourceFile(name, planted, lang, true) : original(name, lang, ...rest));
    host.fileExists = ((exists) => (name: string) => name === plantedFile || exists(name))(host.fileExists.bind(host));
    const plantedProgram = ts.createProgram([plantedFile], { ...programOf([]).getCompilerOptions(), noEmit: true }, host);
    const caught = uncheckedSqliteTypings(plantedProgram, [plantedFile]);
    // Lines 4, 7, 8, 9 and 10 of the planted file; not the Map on line 11.
    expect(caught.map((c) => c.split(':')[1])).toEqual(['4', '7', '8', '9', '10']);

    // The store is the one place where a compiled Kysely query hands its result type (built from
    // db/schema.ts by the query builder) to its rows, and where a declared query's rows get the
    // type their first row was checked to have: exactly these, and nothing else there.
    const store = join(root, 'db/store.ts');
    const program = programOf(dbFiles);
    expect(uncheckedSqliteTypings(program, [store]).map((w) => w.replace(/^.*?: /, ''))).toEqual([
      'this.stmt(c.sql).all(...(c.parameters as Param[])) as R[]',
      'this.stmt(c.sql).get(...(c.parameters as Param[])) as R | undefined',
    ]);
    const found = uncheckedSqliteTypings(program, dbFiles.filter((f) => f !== store));
    expect(found, `query results typed without a check:\n${found.join('\n')}`).toEqual([]);
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
