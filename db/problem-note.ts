// The note beside the database that it could not be read, so that the app opens on the restore
// offer after a restart too (damage inside the file can only be seen with a key). No secrets in it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const noteShape = z.object({ at: z.string(), problem: z.string() });

export class ProblemNote {
  private problem: string | null = null;

  constructor(private readonly dbPath: string) {}

  private get file(): string {
    return `${this.dbPath}.problem.json`;
  }

  set(message: string): void {
    this.problem = message;
    try {
      writeFileSync(this.file, `${JSON.stringify({ at: new Date().toISOString(), problem: message })}\n`, { mode: 0o600 });
    } catch {
      // A read-only folder: the offer still shows in this session.
    }
  }

  clear(): void {
    this.problem = null;
    rmSync(this.file, { force: true });
  }

  /** The problem of this session, else the one noted by an earlier run, else null. */
  current(): string | null {
    if (this.problem) return this.problem;
    try {
      const note = noteShape.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return note.success ? note.data.problem : null;
    } catch {
      return null;
    }
  }
}
