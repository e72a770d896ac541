#!/usr/bin/env node
// The `slenkstis` command: runs the TypeScript core under plain Node through tsx.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../db/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
