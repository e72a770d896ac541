import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over scrypt and the disk.
    maxWorkers: 2,
    // Keys derived at N=2^14 instead of 2^17: the suite derives thousands. Only NODE_ENV=test
    // under plain Node takes it (db/keyring.ts); tests/db/kdf.test.ts checks today's cost itself.
    env: { SLENKSTIS_TEST_KDF: 'fast' },
  },
});
