// zod schemas of the data in and out channels: register import and export, backups and
// restore, the DHIS2 export, and the DHIS2 mapping file (checked the same way on the command
// line and in the app).
import { z } from 'zod';
import { REASON_TEXTS } from './messages';
import { dateStr, loginName } from './schemas';
import { indicatorByKey } from './indicators';

// ---------- register import and export ----------
/** A file from the app: its name (for the answer's "file") and its bytes as base64. */
export const registerFileInput = z.object({
  name: z.string().trim().min(1).max(255),
  // 64 MiB of base64: a register of several hundred thousand rows.
  dataBase64: z.string().max(64 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' }),
}).strict();
export const registerFilesInput = z.object({ files: z.array(registerFileInput).min(1).max(20) }).strict();
/** From the command line: the files named by their path (read by the core, with no size cap of base64). */
export const registerFilesLocalInput = z.object({
  files: z.array(z.union([registerFileInput, z.object({ name: z.string().min(1).max(4096), path: z.string().min(1).max(4096) }).strict()])).min(1),
}).strict();

export const importProblem = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
/** The answer of `slenkstis import` (spec/cli.md), also the app's. */
export const importReport = z.object({
  imported: z.object({
    visits: z.number().int(), activities: z.number().int(), overdoses: z.number().int(), care: z.number().int(), clients_created: z.number().int(),
  }),
  errors: z.array(importProblem),
  warnings: z.array(importProblem),
});
/** The counts of an import that wrote nothing (spec/cli.md names every one). */
export const NOTHING_IMPORTED: z.infer<typeof importReport>['imported'] = { visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 };

export const registerExportInput = z.object({
  format: z.enum(['csv', 'xlsx']),
  from: dateStr.nullable().default(null),
  to: dateStr.nullable().default(null),
}).strict().refine((p) => !p.from || !p.to || p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });
export const registerExportOutput = z.object({
  files: z.array(z.object({ name: z.string(), mimeType: z.string(), dataBase64: z.string() })),
  visits: z.number().int(),
  rows: z.number().int(),
  activities: z.number().int(),
  overdoses: z.number().int(),
  care: z.number().int(),
  /** What the register format could not carry, in sentences. */
  notes: z.array(z.string()),
});

// ---------- backups ----------
const folder = z.string().trim().min(1).max(1000);
export const backupNowInput = z.object({ folder: folder.optional() }).strict();
/** From the command line: the exact file to write (`backup --out FILE`). */
export const backupNowLocalInput = z.union([backupNowInput, z.object({ out: z.string().min(1).max(4096) }).strict()]);
export const backupInfo = z.object({ file: z.string(), keyringFile: z.string(), bytes: z.number().int(), takenAt: z.string() });
export const backupListInput = z.object({ folder: folder.optional() }).strict();
export const backupEntry = z.object({
  file: z.string(), name: z.string(), kind: z.enum(['daily', 'manual']), date: z.string(), bytes: z.number().int(),
  modifiedAt: z.string(), hasKeyring: z.boolean(),
});
export const backupListOutput = z.object({ folder: z.string(), backups: z.array(backupEntry) });
export const backupFolderInput = z.object({ folder }).strict();
export const backupFolderOutput = z.object({ folder: z.string() });
export const backupRestoreInput = z.object({
  file: z.string().trim().min(1).max(1000),
  /** The manager's password as it was when the backup was taken: it opens the backup's keyring. */
  password: z.string().min(1).max(200),
}).strict();
export const backupRestoreOutput = z.object({
  restored: z.string(),
  replacedKeptAs: z.string().nullable(),
  /** Always true: log in again, the restored database may know other accounts. */
  loginAgain: z.literal(true),
});

/** The restore offer when the database cannot be opened: no login possible, so the backup's own password is asked. */
export const rescueRestoreInput = z.object({
  file: z.string().trim().min(1).max(1000),
  userName: loginName,
  password: z.string().min(1).max(200),
  /** Asked for when today's keyring cannot be read: only what it proves is admitted. */
  recoveryKey: z.string().trim().min(10).max(64).optional(),
}).strict();

// ---------- DHIS2 ----------
export const DHIS2_PERIOD_TYPES = ['Monthly', 'Quarterly', 'Yearly'] as const;
export type Dhis2PeriodType = (typeof DHIS2_PERIOD_TYPES)[number];

/** A DHIS2 identifier (uid): a letter, then ten letters or digits. */
export const dhis2Uid = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, { message: 'must be a DHIS2 identifier: a letter, then 10 letters or digits' });

/**
 * Whether an indicator reference is known: a figure's key (`clients`), or a key and one of
 * its parts (`clients_by_sex.male`). Answers the reason when not.
 */
export function checkIndicatorRef(ref: string): string | null {
  const [key, part, ...rest] = ref.split('.');
  const def = indicatorByKey.get(key);
  if (!def || rest.length > 0) return `"${ref}" is not an indicator key of indicators.md`;
  if (part === undefined) {
    return def.parts ? `"${ref}" is split into parts: name one, e.g. "${key}.${def.parts === 'catalogue' ? 'water' : def.parts[0]}"` : null;
  }
  if (!def.parts) return `"${key}" has no parts, so "${ref}" is not a figure`;
  if (def.parts === 'catalogue') return /^[a-z0-9_]{2,40}$/.test(part) ? null : `"${part}" is not a catalogue item key`;
  return def.parts.includes(part) ? null : `"${part}" is not a part of ${key} (parts: ${def.parts.join(', ')})`;
}

export const dhis2MappingEntry = z.object({
  indicator: z.string().min(1).max(80),
  dataElement: dhis2Uid,
  categoryOptionCombo: dhis2Uid.optional(),
  attributeOptionCombo: dhis2Uid.optional(),
}).strict();

/** The mapping file of `slenkstis dhis2` (docs/dhis2-mapping.example.json). */
export const dhis2Mapping = z.object({
  orgUnit: dhis2Uid,
  periodType: z.enum(DHIS2_PERIOD_TYPES),
  dataSet: dhis2Uid.optional(),
  attributeOptionCombo: dhis2Uid.optional(),
  dataValues: z.array(dhis2MappingEntry).min(1).max(2000),
}).strict().superRefine((m, ctx) => {
  const seen = new Map<string, number>();
  m.dataValues.forEach((e, i) => {
    const problem = checkIndicatorRef(e.indicator);
    if (problem) ctx.addIssue({ code: 'custom', path: ['dataValues', i, 'indicator'], message: `entry ${i + 1}: ${problem}` });
    const target = `${e.dataElement}/${e.categoryOptionCombo ?? ''}/${e.attributeOptionCombo ?? ''}`;
    const first = seen.get(target);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['dataValues', i, 'dataElement'], message: `entry ${i + 1} (${e.indicator}) sends to the same data element and category option combo as entry ${first + 1}` });
    } else seen.set(target, i);
  });
});
export type Dhis2Mapping = z.output<typeof dhis2Mapping>;

export const dhis2ExportInput = z.object({ from: dateStr, to: dateStr, mapping: dhis2Mapping }).strict()
  .refine((p) => p.from <= p.to, { message: REASON_TEXTS.period_order, path: ['to'] });

/** The payload DHIS2's /api/dataValueSets takes (its web API documentation, "Sending bulks of data values"). */
export const dhis2DataValue = z.object({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  categoryOptionCombo: z.string().optional(),
  attributeOptionCombo: z.string().optional(),
  value: z.string(),
  comment: z.string().optional(),
}).strict();
export const dhis2Payload = z.object({
  dataSet: z.string().optional(),
  dataValues: z.array(dhis2DataValue),
}).strict();
export type Dhis2Payload = z.output<typeof dhis2Payload>;
export const dhis2ExportOutput = z.object({
  payload: dhis2Payload,
  periods: z.array(z.string()),
  /** Mapped figures without a value, in sentences. */
  skipped: z.array(z.string()),
});
