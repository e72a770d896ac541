// `npm run dev:browser`: the built renderer on http://127.0.0.1:5199 against the real core.
import { resolve } from 'node:path';
import { startBridge } from './server';
import { defaultDbPath } from '../../db/cli/io';

const dbPath = resolve(process.env.SLENKSTIS_DB ?? defaultDbPath(process.env));
const bridge = await startBridge({ dbPath, port: Number(process.env.PORT ?? 5199) });
process.stdout.write(`Slenkstis (browser, test bridge) on ${bridge.url} — database ${dbPath}\n`);
