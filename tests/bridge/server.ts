// The test bridge: serves the built renderer over http://127.0.0.1 and gives it window.api
// backed by the real core in this Node process. For tests and development only — it is never
// part of the packaged app (electron.builder.yml packs out/ alone).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Core, type CoreOptions } from '../../db/core';
import { CHANNEL_NAME_LIST } from '../../shared/channel-names';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

const BRIDGE_JS = `(() => {
  const names = ${JSON.stringify(CHANNEL_NAME_LIST)};
  const api = {};
  for (const name of names) {
    api[name] = (input) => fetch('/api/' + name, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) })
      .then((r) => r.json());
  }
  window.api = Object.freeze(api);
})();`;

export interface Bridge {
  url: string;
  core: Core;
  close(): Promise<void>;
}

/**
 * The page's server without a core of its own: the browser tests keep one per worker, so every
 * test's page loads from the same origin (the browser's cache and compiled scripts carry over
 * from test to test) while each test brings its own database (`serve`).
 */
export interface BridgeServer {
  url: string;
  /** The core that answers /api/ from now on (null: every call is refused). */
  serve(core: Core | null): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBridge(opts: { dbPath: string; staticDir?: string; port?: number; core?: CoreOptions }): Promise<Bridge> {
  const server = await startBridgeServer(opts);
  const core = new Core(opts.dbPath, opts.core);
  server.serve(core);
  return {
    url: server.url,
    core,
    close: async () => {
      core.close();
      await server.close();
    },
  };
}

export async function startBridgeServer(opts: { staticDir?: string; port?: number } = {}): Promise<BridgeServer> {
  const staticDir = resolve(opts.staticDir ?? join(import.meta.dirname, '../../renderer/dist'));
  let core: Core | null = null;
  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Only this page may call: another web page open in the same browser must not (no foreign
    // Host, as with DNS rebinding; no foreign Origin; JSON only, which forces a CORS preflight).
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421).end();
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if ((origin && origin !== `http://${host}`) || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
        res.writeHead(403).end();
        return;
      }
      let input: unknown = {};
      try {
        const body = await readBody(req);
        input = body ? JSON.parse(body) : {};
      } catch {
        input = undefined;
      }
      const result =
        input === undefined ? { ok: false, error: { code: 'validation', message: 'The request was not JSON.' } }
        : core === null ? { ok: false, error: { code: 'internal', message: 'No database is being served.' } }
        : await core.call(url.pathname.slice(5), input);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(BRIDGE_JS);
      return;
    }
    const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(staticDir, rel));
    if (file !== staticDir && !file.startsWith(staticDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let data = await readFile(file);
      if (file.endsWith('index.html')) {
        data = Buffer.from(data.toString('utf8').replace('<head>', '<head>\n    <script src="./bridge.js"></script>'));
      }
      // The built assets carry their content's hash in the name: the browser may keep them (and
      // its compiled scripts) across pages; the page itself is asked for every time.
      const cache = rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
      res.end(data);
    } catch {
      res.writeHead(404).end('not found');
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    serve: (next) => {
      core = next;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
