// Phase marks of the long, multi-step operations (key changes, restore, backup, import), for the
// crash harness: with SLENKSTIS_TRACE_PHASES=1 each mark is written to standard error before the
// step it names, so that a SIGKILL can be aimed inside a chosen step and its landing read back.
// SLENKSTIS_KILL_AT_PHASE=NAME kills the process itself at that mark (a kill exactly between two
// steps). Neither carries any data: only the step's name.
import { writeSync } from 'node:fs';

const trace = process.env.SLENKSTIS_TRACE_PHASES === '1';
const killAt = process.env.SLENKSTIS_KILL_AT_PHASE ?? '';

export function phase(name: string): void {
  if (!trace) return;
  writeSync(2, `phase ${name}\n`);
  if (killAt === name) process.kill(process.pid, 'SIGKILL');
}
