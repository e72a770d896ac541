import { defineConfig } from 'vitest/config';

// `npm run soak`: the long crash soaks, not part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/**/*.soak.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 12 * 3600_000,
    hookTimeout: 600_000,
    env: { SLENKSTIS_TEST_KDF: 'fast' },
  },
});
