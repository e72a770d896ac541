import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The long files first (a fresh clone has no timings cached, and vitest would otherwise start
 * them last, by file size, and wait for them alone): the SIGKILL campaigns, then the rest in
 * vitest's own order. With two workers this keeps the suite's wall time near half its total.
 */
const LONG_FIRST = ['tests/crash/keys-crash.test.ts', 'tests/resilience/crash.test.ts', 'tests/register/large.test.ts'];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((name) => f.moduleId.replaceAll('\\', '/').endsWith(name));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over scrypt and the disk.
    maxWorkers: 2,
    // One module graph per worker, not one per file: every file re-evaluated the core's modules
    // (about 70 s of the suite's 300 CPU-seconds). The tests share no module state: each makes its
    // own database and Core, and the one that changes the environment puts it back.
    isolate: false,
    sequence: { sequencer: LongFirst },
    // Keys derived at N=2^14 instead of 2^17: the suite derives thousands. Only NODE_ENV=test
    // under plain Node takes it (db/keyring.ts); tests/db/kdf.test.ts checks today's cost itself.
    env: { SLENKSTIS_TEST_KDF: 'fast' },
  },
});
