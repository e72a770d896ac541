import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';
import { isValidDate } from '../../../shared/dates';

function writeAtomic(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/**
 * export --format csv|xlsx --out PATH [--from DATE --to DATE]
 * CSV writes PATH/visits.csv, PATH/activities.csv, PATH/overdoses.csv and PATH/care.csv; XLSX writes
 * the workbook PATH with the four sheets.
 * Through the channel map (register.export, audited there).
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
  const format = values.format;
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError('--format csv or --format xlsx is required.');
  if (!values.out) throw new UsageError('--out PATH is required (a folder for csv, a file for xlsx).');
  for (const [name, v] of [['--from', values.from], ['--to', values.to]] as const) {
    if (v !== undefined && !isValidDate(v)) throw new UsageError(`${name} must be a date written YYYY-MM-DD.`);
  }
  if (values.from && values.to && values.from > values.to) throw new UsageError('--from must not be after --to.');
  const core = await openCore(values, io);
  try {
    const result = await core.call('register.export', { format, from: values.from ?? null, to: values.to ?? null });
    const out = resolve(values.out);
    const written: string[] = [];
    for (const f of result.files) {
      const path = format === 'csv' ? join(out, f.name) : out;
      writeAtomic(path, Buffer.from(f.dataBase64, 'base64'));
      written.push(path);
    }
    io.out(json({
      format, files: written, visits: result.visits, rows: result.rows, activities: result.activities, overdoses: result.overdoses, care: result.care,
      notes: result.notes,
    }));
    for (const n of result.notes) io.err(`slenkstis: note: ${n}`);
    return 0;
  } finally {
    core.close();
  }
}
