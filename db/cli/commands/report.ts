import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMON, json, openAs, parse, UsageError, type Io } from '../io';
import { reportInput } from '../../../shared/report-schemas';
import { describeZodError } from '../../core';
import { CoreError } from '../../errors';
import { runReport } from '../../reports';
import { TEMPLATES, writeWorkbook, type Template } from '../../reports/workbook';

/**
 * report --from DATE --to DATE [--site NAME]… [--format json|xlsx] [--template donor|municipal|full] [--out FILE]
 * JSON (default) to standard output or --out: {"period", "sites", "rules", "indicators"}.
 * XLSX needs --out; the template defaults to full. Manager only.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...COMMON,
    from: { type: 'string' },
    to: { type: 'string' },
    site: { type: 'string', multiple: true },
    format: { type: 'string' },
    template: { type: 'string' },
    out: { type: 'string' },
  });
  if (!values.from || !values.to) throw new UsageError('report needs --from DATE and --to DATE (YYYY-MM-DD).');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'xlsx') throw new UsageError('--format must be json or xlsx.');
  if (values.template !== undefined && !(TEMPLATES as readonly string[]).includes(values.template)) {
    throw new UsageError(`--template must be one of: ${TEMPLATES.join(', ')}.`);
  }
  if (values.template !== undefined && format !== 'xlsx') throw new UsageError('--template applies to --format xlsx.');
  if (format === 'xlsx' && !values.out) throw new UsageError('--format xlsx needs --out FILE.');
  const checked = reportInput.safeParse({ from: values.from, to: values.to });
  if (!checked.success) {
    io.err(`slenkstis: ${describeZodError(checked.error).message.replace(/^to: /, '')}`);
    return 1;
  }

  const session = await openAs(values, io, ['manager']);
  try {
    const store = session.ctx.store;
    const siteIds = (values.site ?? []).map((name) => {
      const row = store.stmt('SELECT id FROM sites WHERE name = ? COLLATE NOCASE').get(name.trim()) as { id: number } | undefined;
      if (!row) throw new CoreError('not_found', `There is no site named "${name.slice(0, 80)}"; the names are listed on the Sites screen.`);
      return row.id;
    });
    const input = { ...checked.data, siteIds };
    if (format === 'json') {
      const { period, sites, rules, indicators } = runReport(store, { ...input, monthly: false });
      const text = json({ period, sites, rules, indicators });
      if (values.out) writeFileSync(resolve(values.out), `${text}\n`);
      else io.out(text);
      return 0;
    }
    const template: Template = (values.template as Template | undefined) ?? 'full';
    const out = resolve(values.out as string);
    const written = await writeWorkbook(store, { ...input, template }, out);
    io.out(json({ out, template, sheets: written.sheets }));
    return 0;
  } finally {
    session.close();
  }
}
