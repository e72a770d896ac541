// Each test gets a fresh encrypted database in a temp folder and its own bridge to it.
import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../bridge/server';

export const test = base.extend<{ bridge: Bridge; dbDir: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  dbDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'slenkstis-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  bridge: async ({ dbDir }, use) => {
    const bridge = await startBridge({ dbPath: join(dbDir, 'slenkstis.db') });
    await use(bridge);
    await bridge.close();
  },
});

export { expect } from '@playwright/test';
