import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';
import { reportInput, TEMPLATES, type Template } from '../../../shared/report-schemas';
import { CoreError, describeZodError } from '../../errors';
import { text } from '../../../shared/core-messages';

const isTemplate = (t: string): t is Template => (TEMPLATES as readonly string[]).includes(t);

/**
 * report --from DATE --to DATE [--site NAME]… [--format json|xlsx] [--template donor|municipal|full] [--language lt|en] [--out FILE]
 * JSON (default) to standard output or --out: {"period", "sites", "rules", "indicators"}.
 * XLSX needs --out; the template defaults to full, the workbook's language to Lithuanian. Manager only (the channel map says so):
 * through reports.run and reports.workbook, like the app's Reports screen.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...COMMON,
    from: { type: 'string' },
    to: { type: 'string' },
    site: { type: 'string', multiple: true },
    format: { type: 'string' },
    template: { type: 'string' },
    language: { type: 'string' },
    out: { type: 'string' },
  });
  if (!values.from || !values.to) throw new UsageError('report needs --from DATE and --to DATE (YYYY-MM-DD).');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'xlsx') throw new UsageError('--format must be json or xlsx.');
  if (values.template !== undefined && !isTemplate(values.template)) {
    throw new UsageError(`--template must be one of: ${TEMPLATES.join(', ')}.`);
  }
  if (values.template !== undefined && format !== 'xlsx') throw new UsageError('--template applies to --format xlsx.');
  if (values.language !== undefined && values.language !== 'lt' && values.language !== 'en') throw new UsageError('--language must be lt or en.');
  if (values.language !== undefined && format !== 'xlsx') throw new UsageError('--language applies to --format xlsx.');
  if (format === 'xlsx' && !values.out) throw new UsageError('--format xlsx needs --out FILE.');
  const checked = reportInput.safeParse({ from: values.from, to: values.to });
  if (!checked.success) {
    io.err(`slenkstis: ${describeZodError(checked.error).message.replace(/^to: /, '')}`);
    return 1;
  }

  const core = await openCore(values, io);
  try {
    const sites = values.site?.length ? await core.call('sites.list', {}) : [];
    const siteIds = (values.site ?? []).map((name) => {
      const wanted = name.trim().toLowerCase();
      const site = sites.find((s) => s.name.toLowerCase() === wanted);
      if (!site) throw new CoreError('not_found', text('cli.no_site', { name: name.slice(0, 80) }));
      return site.id;
    });
    const { from, to } = checked.data;
    if (format === 'json') {
      const { period, sites: reported, rules, indicators } = await core.call('reports.run', { from, to, siteIds, monthly: false });
      const answer = json({ period, sites: reported, rules, indicators });
      if (values.out) writeFileSync(resolve(values.out), `${answer}\n`);
      else io.out(answer);
      return 0;
    }
    const template = values.template !== undefined && isTemplate(values.template) ? values.template : 'full';
    const out = resolve(values.out ?? '');
    const language = values.language === 'en' ? 'en' : 'lt';
    const file = await core.call('reports.workbook', { from, to, siteIds, template, language });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.partial`, Buffer.from(file.dataBase64, 'base64'));
    renameSync(`${out}.partial`, out);
    io.out(json({ out, template, sheets: file.sheets }));
    return 0;
  } finally {
    core.close();
  }
}
