// The process the key-change crash harness kills: runs one operation (tests/crash/operation.ts)
// with SLENKSTIS_TRACE_PHASES=1 so that each step's mark reaches the harness on standard error
// before the step starts. Bundled by the harness (esbuild) so it starts in a fraction of a second.
//
//   node child.mjs OP DB   (secrets and files in the environment, never arguments)
import { processIo } from '../../db/cli/io';
import { runOperation } from './operation';

const [op, db] = process.argv.slice(2);

runOperation(op, db, process.env, processIo).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`child failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(70);
  },
);
