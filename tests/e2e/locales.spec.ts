// The two catalogues carry the same keys, and every key the screens ask for by name exists:
// an untranslated key would show on screen as "desk.save".
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

type Tree = { [k: string]: string | Tree };
const lt = JSON.parse(readFileSync('renderer/src/locales/lt.json', 'utf8')) as Tree;
const en = JSON.parse(readFileSync('renderer/src/locales/en.json', 'utf8')) as Tree;
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

test('Lithuanian and English have the same keys, none empty', () => {
  expect(keys(en).sort()).toEqual(keys(lt).sort());
  for (const tree of [lt, en]) {
    for (const k of keys(tree)) expect(k.split('.').reduce<Tree | string>((t, p) => (t as Tree)[p], tree), k).not.toBe('');
  }
});

test('every key the screens name literally is in the catalogue', () => {
  const have = new Set(keys(lt));
  const missing: string[] = [];
  for (const file of sources('renderer/src')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (!have.has(m[1])) missing.push(`${file}: ${m[1]}`);
  }
  expect(missing).toEqual([]);
});
