import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAppUrl, isTrustedSender, windowOptions } from '../../electron/security';
import type { Session, WebContents } from 'electron';

describe('Electron hardening', () => {
  it('window options: context isolation, sandbox, no node integration, no webviews', () => {
    const w = windowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(w.contextIsolation).toBe(true);
    expect(w.sandbox).toBe(true);
    expect(w.nodeIntegration).toBe(false);
    expect(w.nodeIntegrationInWorker).toBe(false);
    expect(w.nodeIntegrationInSubFrames).toBe(false);
    expect(w.webviewTag).toBe(false);
    expect(w.webSecurity).toBe(true);
    expect(w.allowRunningInsecureContent).toBe(false);
    expect(w.preload).toMatch(/\.cjs$/);
    // Developer tools only when the main process allows them (outside the packaged app, on request).
    expect(w.devTools).toBe(false);
    expect(windowOptions('/p.cjs', true).webPreferences!.devTools).toBe(true);
  });

  it('the packaged app flips the fuses: not runnable as Node, no NODE_OPTIONS or inspector, asar only and checked', () => {
    const yml = readFileSync('electron.builder.yml', 'utf8');
    const fuses = /electronFuses:\n((?: {2}\w+: (?:true|false)\n)+)/.exec(yml)?.[1] ?? '';
    const set = Object.fromEntries(fuses.trim().split('\n').map((l) => l.trim().split(': ')).map(([k, v]) => [k, v === 'true']));
    expect(set).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true,
    });
    // The main process reads SLENKSTIS_DB and SLENKSTIS_DEVTOOLS only when the app is not packaged.
    const main = readFileSync('electron/main.ts', 'utf8');
    expect(main).toMatch(/process\.env\.SLENKSTIS_DB && !app\.isPackaged/);
    expect(main).toMatch(/!app\.isPackaged && process\.env\.SLENKSTIS_DEVTOOLS === '1'/);
  });

  it('the CSP allows only the app itself, in the header and in the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies navigation away, new windows, webviews and every permission', () => {
    const handlers: Record<string, (...a: unknown[]) => void> = {};
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (event: string, fn: (...a: unknown[]) => void) => {
        handlers[event] = fn;
      },
      setWindowOpenHandler: (fn: () => { action: string }) => {
        openHandler = fn;
      },
    } as unknown as WebContents;
    const app = 'file:///opt/slenkstis/out/renderer/index.html';
    hardenWebContents(contents, app);
    const nav = { preventDefault: vi.fn() };
    handlers['will-navigate'](nav, 'https://example.org/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    handlers['will-navigate'](own, app);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    handlers['will-attach-webview'](webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });

    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    const ses = {
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      setDevicePermissionHandler: () => undefined,
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
    } as unknown as Session;
    hardenSession(ses);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const cb = vi.fn();
      permission!(null, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    const out = vi.fn();
    headers!({ responseHeaders: {} }, out);
    expect(out.mock.calls[0][0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('serves IPC only to the main frame showing the app page', () => {
    const app = 'file:///opt/slenkstis/out/renderer/index.html';
    const main = { url: app };
    expect(isTrustedSender(main, main, app)).toBe(true);
    expect(isTrustedSender({ url: app }, main, app)).toBe(false); // another frame
    const evil = { url: 'https://evil.example/' };
    expect(isTrustedSender(evil, evil, app)).toBe(false);
    expect(isTrustedSender(null, main, app)).toBe(false);
    expect(isAppUrl('file:///opt/slenkstis/out/renderer/other.html', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
  });

  it('the preload exposes exactly the channel map and nothing generic', () => {
    const src = readFileSync('electron/preload.ts', 'utf8');
    expect(src).toMatch(/CHANNEL_NAME_LIST/);
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\b\s*\)/);
    expect(src).not.toMatch(/\bsend\(/);
    // One listener, on the one fixed notice channel (the day's backup, a stopped core): nothing the page can choose.
    const listens = [...src.matchAll(/\b(on|once|addListener)\(([^,)]*)/g)].map((m) => m[2].trim());
    expect(listens).toEqual(['NOTICE_IPC']);
    expect(src).toMatch(/exposeInMainWorld\('notices'/);
  });
});
