// `slenkstis COMMAND …` — see spec/cli.md. Each command lives in commands/NAME.ts.
import { processIo, reportError, UsageError, type Io } from './io';

export type Command = (args: string[], io: Io) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  init: () => import('./commands/init'),
  users: () => import('./commands/users'),
  verify: () => import('./commands/verify'),
  import: () => import('./commands/import'),
  export: () => import('./commands/export'),
  report: () => import('./commands/report'),
  followup: () => import('./commands/followup'),
  dhis2: () => import('./commands/dhis2'),
  backup: () => import('./commands/backup'),
  restore: () => import('./commands/restore'),
  demo: () => import('./commands/demo'),
  bench: () => import('./commands/bench'),
};

const USAGE = `Usage: slenkstis COMMAND [options]

Commands: ${Object.keys(commands).join(', ')}
Common options: --db PATH (or SLENKSTIS_DB), --user NAME; the password comes from
SLENKSTIS_PASSWORD or standard input, never from an argument.
Exit codes: 0 done, 1 rejected or check failed, 2 usage, 3 wrong user/password or role, 4 database missing/locked/damaged.`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.err(`slenkstis: unknown command "${name}".\n${USAGE}`);
    return 2;
  }
  try {
    const mod = await load();
    return await mod.run(rest, io);
  } catch (e) {
    return reportError(e, io);
  }
}

export function notBuilt(what: string): Command {
  return async () => {
    throw new UsageError(`"${what}" is not built yet.`);
  };
}
