import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { COMMON, json, openAs, parse, UsageError, type Io } from '../io';
import { buildDhis2Payload, readMappingFile } from '../../dhis2/payload';
import { runReport } from '../../reports';
import { isValidDate } from '../../../shared/dates';

/** dhis2 --from DATE --to DATE --mapping FILE --out FILE: a DHIS2 dataValueSets payload. */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, from: { type: 'string' }, to: { type: 'string' }, mapping: { type: 'string' }, out: { type: 'string' } });
  for (const name of ['from', 'to', 'mapping', 'out'] as const) {
    if (!values[name]) throw new UsageError(`--${name} is required: dhis2 --from DATE --to DATE --mapping FILE --out FILE.`);
  }
  for (const name of ['from', 'to'] as const) {
    if (!isValidDate(values[name]!)) throw new UsageError(`--${name} must be a date written YYYY-MM-DD.`);
  }
  if (values.from! > values.to!) throw new UsageError('--from must not be after --to.');
  const mapping = readMappingFile(values.mapping!);
  const session = await openAs(values, io, ['manager']);
  try {
    const result = buildDhis2Payload(mapping, values.from!, values.to!, (i) => runReport(session.ctx.store, i));
    const out = resolve(values.out!);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result.payload, null, 2)}\n`);
    io.out(json({ out, periods: result.periods, data_values: result.payload.dataValues.length, skipped: result.skipped }));
    for (const s of result.skipped) io.err(`slenkstis: note: ${s}`);
    return 0;
  } finally {
    session.close();
  }
}
