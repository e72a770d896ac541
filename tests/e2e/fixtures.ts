// Each test gets a fresh encrypted database in a temp folder, its own core on it, and its own page.
// The page is served from one origin per worker and opened in one browser context per worker, so
// the renderer's scripts load from the browser's cache, already compiled, after the first test
// (a fresh context for every test cost about 1.2 s of Chromium's CPU each). What a test leaves
// in the browser is wiped before the next: its document is left, the origin's storage cleared, and
// what it set on the page undone (routes, listeners, emulated media, the viewport). What cannot be
// undone (a script run at every load, an exposed function, the fake clock) is refused on the shared
// page: such a test asks for a context of its own, `test.use({ ownContext: true })`; so does a test
// that sets context options of its own (`test.use({ locale })` and the like), without asking.
import { test as base, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { startBridgeServer, type Bridge, type BridgeServer } from '../bridge/server';

interface TestFixtures {
  bridge: Bridge;
  dbDir: string;
  ownContext: boolean;
  /** The context options this test runs with (the project's, and any the test sets with test.use). */
  testContextOptions: BrowserContextOptions;
}

/** The options of a context that the shared one must have for a test to run in it. */
const OPTION_NAMES = [
  'viewport', 'locale', 'colorScheme', 'timezoneId', 'permissions', 'geolocation', 'extraHTTPHeaders', 'offline', 'javaScriptEnabled',
  'userAgent', 'deviceScaleFactor', 'isMobile', 'hasTouch', 'acceptDownloads', 'bypassCSP', 'ignoreHTTPSErrors', 'httpCredentials',
] as const;
type OptionName = (typeof OPTION_NAMES)[number];

/** Playwright's own values of the options a test leaves unset (as its option fixtures give them). */
const PLAYWRIGHT_DEFAULTS: BrowserContextOptions = {
  colorScheme: 'light', offline: false, javaScriptEnabled: true, isMobile: false, hasTouch: false, acceptDownloads: true, bypassCSP: false, ignoreHTTPSErrors: false,
};

/** The options of the worker's shared context: the project's, over Playwright's defaults. */
const projectOptions = (use: Parameters<typeof contextOptionsOf>[0]): BrowserContextOptions => ({ ...PLAYWRIGHT_DEFAULTS, ...contextOptionsOf(use) });

function contextOptionsOf(use: Partial<Record<OptionName, unknown>> & { contextOptions?: BrowserContextOptions }): BrowserContextOptions {
  const out: Record<string, unknown> = { ...(use.contextOptions ?? {}) };
  for (const name of OPTION_NAMES) if (use[name] !== undefined) out[name] = use[name];
  return out as BrowserContextOptions;
}

/** Options as comparable text: top-level keys in order (a nested value, as a viewport, keeps its own). */
const canonical = (o: BrowserContextOptions): string => JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
const sameOptions = (a: BrowserContextOptions, b: BrowserContextOptions): boolean => canonical(a) === canonical(b);

/** Makes `names` of `target` throw: what a test cannot undo on the worker's shared page and context. */
function refuse(target: object, names: string[]): void {
  for (const name of names) {
    Object.defineProperty(target, name, {
      get: () => {
        throw new Error(`${name} cannot be undone on the page the tests share: give this test a context of its own, test.use({ ownContext: true }).`);
      },
    });
  }
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
    const context = await browser.newContext(projectOptions(workerInfo.project.use));
    refuse(context, ['addInitScript', 'exposeBinding', 'exposeFunction']);
    // Playwright reads the context's clock itself: its methods are refused, not the clock.
    refuse(context.clock, ['install', 'setFixedTime', 'setSystemTime', 'runFor', 'fastForward', 'pauseAt', 'resume']);
    await use(context);
    await context.close();
  }, { scope: 'worker' }],
  sharedPage: [async ({ sharedContext }, use) => {
    const holder: { page: Page | null } = { page: null };
    await use(holder);
    await holder.page?.close();
    // (sharedContext is named so that it is torn down after this page, not before.)
    void sharedContext;
  }, { scope: 'worker' }],
  ownContext: [false, { option: true }],
  testContextOptions: async ({ viewport, locale, colorScheme, timezoneId, permissions, geolocation, extraHTTPHeaders, offline, javaScriptEnabled,
    userAgent, deviceScaleFactor, isMobile, hasTouch, acceptDownloads, bypassCSP, ignoreHTTPSErrors, httpCredentials, contextOptions }, use) => {
    await use(contextOptionsOf({ viewport, locale, colorScheme, timezoneId, permissions, geolocation, extraHTTPHeaders, offline, javaScriptEnabled,
      userAgent, deviceScaleFactor, isMobile, hasTouch, acceptDownloads, bypassCSP, ignoreHTTPSErrors, httpCredentials, contextOptions }));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  dbDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'slenkstis-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  bridge: async ({ dbDir, bridgeServer }, use) => {
    const core = new Core(join(dbDir, 'slenkstis.db'));
    bridgeServer.serve(core);
    const close = async () => {
      bridgeServer.serve(null);
      core.close();
    };
    await use({ url: bridgeServer.url, core, close });
    await close();
  },
  // The worker's context, unless the test asks for its own or runs with other context options.
  context: async ({ ownContext, testContextOptions, sharedContext, browser }, use, testInfo) => {
    if (!ownContext && sameOptions(testContextOptions, projectOptions(testInfo.project.use))) {
      await use(sharedContext);
      return;
    }
    const own = await browser.newContext(testContextOptions);
    await use(own);
    await own.close();
  },
  // The page depends on the bridge, so it is left before the test's core is closed.
  page: async ({ context, sharedContext, sharedPage, bridge, bridgeServer }, use, testInfo) => {
    void bridge;
    if (context !== sharedContext) {
      const page = await context.newPage();
      await use(page);
      await page.close();
      return;
    }
    // One page for the worker's tests (a new page is a new renderer process: about 0.4 s). Each
    // test starts it as a fresh one would be: the project's viewport and media, nothing stored,
    // no routes, none of an earlier test's listeners.
    if (!sharedPage.page) {
      const fresh = await sharedContext.newPage();
      refuse(fresh, ['addInitScript', 'exposeBinding', 'exposeFunction']);
      sharedPage.page = fresh;
    }
    const page = sharedPage.page;
    const { viewport, colorScheme } = testInfo.project.use;
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: null, colorScheme: colorScheme ?? 'light', reducedMotion: 'no-preference', forcedColors: 'none' });
    // Playwright's page is an event emitter at run time; its type shows only on/off/once.
    const emitter = page as unknown as EventEmitter;
    const listeners = new Map(emitter.eventNames().map((e) => [e, new Set(emitter.listeners(e))]));
    await use(page);
    // What the test left in the browser does not reach the next one: its document is left (an
    // empty page of the same origin), the origin's storage cleared, its routes and listeners
    // removed. A page that cannot be wiped (a failed test's) is closed and the next test gets a
    // new one (Playwright also starts a new worker after a failure).
    try {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await sharedContext.unrouteAll({ behavior: 'ignoreErrors' });
      for (const event of emitter.eventNames()) {
        const before = listeners.get(event);
        for (const l of emitter.listeners(event)) if (!before?.has(l)) emitter.off(event, l as (...args: unknown[]) => void);
      }
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
