// Lint: typescript-eslint, plus import rules that keep the layers of STYLE.md apart.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'zlib', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

export const layerRules = {
  shared: pattern(
    ['electron', 'electron/*', ...nodeBuiltins, 'react', 'react-dom', 'react/*', '**/db/**', '**/db', '**/electron/**', '**/renderer/**', 'better-sqlite3*', 'kysely', 'exceljs'],
    'shared/ is contract code: no electron, node:*, react or db/ imports.'
  ),
  db: pattern(
    ['electron', 'electron/*', 'react', 'react-dom', 'react/*', '@mantine/*', '**/electron/**', '**/renderer/**'],
    'db/ runs under plain Node: no electron, react or renderer imports.'
  ),
  renderer: pattern(
    ['electron', 'electron/*', ...nodeBuiltins, '**/db/**', '**/db', '**/electron/**', 'better-sqlite3*', 'kysely', 'exceljs'],
    'renderer/ sees only shared/ and window.api: no electron, node:* or db/ imports.'
  ),
};

const restrict = (p) => ({ 'no-restricted-imports': ['error', { patterns: [p] }] });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'renderer/dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['db/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['scripts/**/*.mjs', 'eslint.config.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  { files: ['tests/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly' } } },
  { files: ['shared/**'], rules: restrict(layerRules.shared) },
  { files: ['db/**'], rules: restrict(layerRules.db) },
  { files: ['renderer/src/**'], rules: restrict(layerRules.renderer) },
);
