#!/usr/bin/env node
// The `slenkstis` command: runs the TypeScript core under plain Node through tsx.
import { register } from 'tsx/esm/api';
// Every file the command writes (exports, backups, the database) is readable by its owner only.
if (process.platform !== 'win32') process.umask(0o077);
register();
const { main } = await import('../db/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
