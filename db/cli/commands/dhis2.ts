import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';
import { readMappingFile } from '../../dhis2/payload';
import { isValidDate } from '../../../shared/dates';

/** dhis2 --from DATE --to DATE --mapping FILE --out FILE: a DHIS2 dataValueSets payload. Through the channel map (dhis2.export). */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, from: { type: 'string' }, to: { type: 'string' }, mapping: { type: 'string' }, out: { type: 'string' } });
  const { from, to, mapping: mappingFile, out: outFile } = values;
  if (!from || !to || !mappingFile || !outFile) {
    const missing = (['from', 'to', 'mapping', 'out'] as const).find((name) => !values[name]);
    throw new UsageError(`--${missing} is required: dhis2 --from DATE --to DATE --mapping FILE --out FILE.`);
  }
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!isValidDate(v)) throw new UsageError(`--${name} must be a date written YYYY-MM-DD.`);
  }
  if (from > to) throw new UsageError('--from must not be after --to.');
  const mapping = readMappingFile(mappingFile);
  const core = await openCore(values, io);
  try {
    const result = await core.call('dhis2.export', { from, to, mapping });
    const out = resolve(outFile);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result.payload, null, 2)}\n`);
    io.out(json({ out, periods: result.periods, data_values: result.payload.dataValues.length, skipped: result.skipped }));
    for (const s of result.skipped) io.err(`slenkstis: note: ${s}`);
    return 0;
  } finally {
    core.close();
  }
}
