import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// The bridge (and so the core) runs in the test worker: keys derived at the suite's cheap cost
// (db/keyring.ts; never in Electron). The UI benchmark's config keeps today's cost.
process.env.NODE_ENV ??= 'test';
process.env.SLENKSTIS_TEST_KDF ??= 'fast';

// Debian's Chromium (Playwright's own browser download does not work on these machines).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'lt-LT',
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
