// Each test gets a fresh encrypted database in a temp folder, its own core on it, and its own page.
// The page is served from one origin per worker and opened in one browser context per worker, so
// the renderer's scripts load from the browser's cache, already compiled, after the first test
// (a fresh context for every test cost about 1.2 s of Chromium's CPU each). What a test leaves
// in the browser is wiped before the next: its page is closed and the origin's storage cleared.
// A test that changes the context itself (the fake clock) asks for a context of its own:
// `test.use({ ownContext: true })`.
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { startBridgeServer, type Bridge, type BridgeServer } from '../bridge/server';

interface TestFixtures {
  bridge: Bridge;
  dbDir: string;
  ownContext: boolean;
}
interface WorkerFixtures {
  bridgeServer: BridgeServer;
  sharedContext: BrowserContext;
  /** The worker's page, replaced when wiping it after a test fails. */
  sharedPage: { page: Page | null };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  bridgeServer: [async ({}, use) => {
    const server = await startBridgeServer();
    await use(server);
    await server.close();
  }, { scope: 'worker' }],
  sharedContext: [async ({ browser }, use, workerInfo) => {
    const { viewport, locale } = workerInfo.project.use;
    const context = await browser.newContext({ viewport, locale });
    await use(context);
    await context.close();
  }, { scope: 'worker' }],
  sharedPage: [async ({ sharedContext }, use) => {
    const holder: { page: Page | null } = { page: null };
    await use(holder);
    await holder.page?.close();
    void sharedContext;
  }, { scope: 'worker' }],
  ownContext: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  dbDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'slenkstis-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  bridge: async ({ dbDir, bridgeServer }, use) => {
    const core = new Core(join(dbDir, 'slenkstis.db'));
    bridgeServer.serve(core);
    await use({ url: bridgeServer.url, core, close: async () => core.close() });
    bridgeServer.serve(null);
    core.close();
  },
  context: async ({ ownContext, sharedContext, browser }, use, testInfo) => {
    if (!ownContext) {
      await use(sharedContext);
      return;
    }
    const { viewport, locale } = testInfo.project.use;
    const own = await browser.newContext({ viewport, locale });
    await use(own);
    await own.close();
  },
  // The page depends on the bridge, so it is left before the test's core is closed.
  page: async ({ ownContext, context, sharedContext, sharedPage, bridge, bridgeServer }, use, testInfo) => {
    void bridge;
    if (ownContext) {
      const page = await context.newPage();
      await use(page);
      await page.close();
      return;
    }
    // One page for the worker's tests (a new page is a new renderer process: about 0.4 s). Each
    // test starts it as a fresh one would be: the project's viewport, screen media, nothing stored.
    sharedPage.page ??= await sharedContext.newPage();
    const page = sharedPage.page;
    const { viewport } = testInfo.project.use;
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: null });
    await use(page);
    // What the test left in the browser does not reach the next one: its document is left (an
    // empty page of the same origin) and the origin's storage cleared. A page that cannot be
    // wiped (a failed test's) is closed and the next test gets a new one.
    try {
      await page.goto(`${bridgeServer.url}wipe`);
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await sharedContext.clearCookies();
    } catch {
      await page.close().catch(() => undefined);
      sharedPage.page = null;
    }
  },
});

export { expect } from '@playwright/test';
