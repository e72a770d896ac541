// 002: a database id (ties the keyring to the file) and the default settings.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const defaults: Record<string, unknown> = {
    // Written out, not imported: a migration is what it was when it ran (shared/codes.ts DEFAULT_CODE_PATTERN may change).
    codePattern: '^[A-Z]{4}[123](19|20)[0-9]{2}$',
    regularMinVisitDays: 3,
    pwidPopulationEstimate: null,
    idleLockMinutes: 5,
    testDueMonths: 6,
    language: 'lt',
    coverageLowBelow: 100,
    coverageHighFrom: 200,
    cabinetName: '',
  };
  for (const [key, value] of Object.entries(defaults)) {
    await sql`INSERT OR IGNORE INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})`.execute(db);
  }
}
