#!/usr/bin/env node
// Renders the three workbooks (donor, municipal, full) of the kaunas-2008 demo's project period
// as a manager would send them, through LibreOffice to PDF and to PNG pages, so that they can be
// looked at (issue 18): docs/screenshots/workbook-<template>-p<N>.png.
//
//   node scripts/render-workbooks.mjs [--out docs/screenshots] [--keep DIR] [--pages donor=1,2,3 …] [--language en] [--template donor]…
//
// Needs LibreOffice (soffice) and poppler (pdftoppm) on PATH. LibreOffice is run in the workbook's
// locale, so that the numbers show with its separators (Lithuanian, LibreOffice's: 28.190; 23,1;
// English: 28,190; 23.1).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = `Usage: node scripts/render-workbooks.mjs [--out DIR] [--keep DIR] [--pages TEMPLATE=N,N…]… [--resolution DPI] [--language lt|en] [--template T]…

Renders the donor, municipal and full workbooks of the kaunas-2008 demo (2008-11-01 – 2009-10-31)
through LibreOffice to PDF and PNG pages: DIR/workbook-<template>-p<N>.png (in English:
DIR/workbook-<template>-en-p<N>.png).

  --out DIR          where the PNG pages go (default docs/screenshots)
  --keep DIR         keep the demo database, workbooks and PDFs in DIR (default: a temporary folder, removed)
  --pages T=N,N      the pages of template T to keep (default its first 6); may be given for each template
  --resolution DPI   PNG resolution (default 60)
  --language lt|en   the workbooks' language (default lt)
  --template T       render only this template (donor, municipal or full); may be given again
  -h, --help         this text`;
let values;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, 'docs', 'screenshots') },
      keep: { type: 'string' },
      pages: { type: 'string', multiple: true, default: [] },
      resolution: { type: 'string', default: '60' },
      language: { type: 'string', default: 'lt' },
      template: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const TEMPLATES = ['donor', 'municipal', 'full'];
if (values.language !== 'lt' && values.language !== 'en') {
  console.error(`--language ${values.language}: give lt or en\n\n${USAGE}`);
  process.exit(2);
}
const unknown = values.template.find((t) => !TEMPLATES.includes(t));
if (unknown !== undefined) {
  console.error(`--template ${unknown}: give one of ${TEMPLATES.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const rendered = values.template.length ? TEMPLATES.filter((t) => values.template.includes(t)) : TEMPLATES;
/** LibreOffice's locale: the workbook's language, so that its numbers show as a reader of it expects (28.190 in Lithuanian, 28,190 in English, as its texts write them). */
const LOCALE = values.language === 'en' ? 'en_GB.UTF-8' : 'lt_LT.UTF-8';
/** The pages' names: workbook-donor-p1.png, or workbook-donor-en-p1.png in English. */
const stem = (template) => `workbook-${template}${values.language === 'en' ? '-en' : ''}`;
const FROM = '2008-11-01';
const TO = '2009-10-31';
const MAX_PAGES = 6;
/** Pages kept per workbook (1-based); by default the first MAX_PAGES. */
const chosen = Object.fromEntries(values.pages.map((p) => {
  const [t, list] = p.split('=');
  const pages = (list ?? '').split(',').map(Number);
  if (!TEMPLATES.includes(t) || !pages.every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`--pages ${p}: give a template (${TEMPLATES.join(', ')}) and page numbers, e.g. donor=1,2,3\n\n${USAGE}`);
    process.exit(2);
  }
  return [t, pages];
}));

const work = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'slenkstis-render-'));
mkdirSync(work, { recursive: true });
mkdirSync(values.out, { recursive: true });
const password = 'render-password-42';
const env = { ...process.env, SLENKSTIS_PASSWORD: password, SLENKSTIS_TEST_KDF: process.env.SLENKSTIS_TEST_KDF ?? 'fast' };
const cli = (args) => execFileSync(process.execPath, [join(ROOT, 'scripts', 'slenkstis.mjs'), ...args], { env, encoding: 'utf8' });

try {
  const db = join(work, 'kaunas-2008.db');
  for (const f of readdirSync(work).filter((f) => f.startsWith('kaunas-2008.db'))) rmSync(join(work, f), { force: true });
  cli(['demo', '--scenario', 'kaunas-2008', '--db', db]);
  for (const template of rendered) {
    const xlsx = join(work, `${stem(template)}.xlsx`);
    const args = ['report', '--db', db, '--user', 'vadovas', '--from', FROM, '--to', TO, '--format', 'xlsx', '--template', template, '--language', values.language, '--out', xlsx];
    const answer = JSON.parse(cli(args));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', work, xlsx], {
      env: { ...process.env, LANG: LOCALE, LC_ALL: LOCALE, HOME: join(work, 'home') },
      stdio: 'ignore',
    });
    const pdf = join(work, `${stem(template)}.pdf`);
    const prefix = join(work, `page-${stem(template)}`);
    // The pages of an earlier run kept in the same folder (--keep) are not this run's.
    for (const old of readdirSync(work).filter((f) => f.startsWith(`page-${stem(template)}-`))) rmSync(join(work, old));
    execFileSync('pdftoppm', ['-png', '-r', values.resolution, pdf, prefix]);
    const pages = readdirSync(work).filter((f) => f.startsWith(`page-${stem(template)}-`) && f.endsWith('.png')).sort();
    const keep = chosen[template] ?? pages.map((_, i) => i + 1).slice(0, MAX_PAGES);
    for (const old of readdirSync(values.out).filter((f) => f.startsWith(`${stem(template)}-p`))) rmSync(join(values.out, old));
    for (const n of keep) {
      const file = pages[n - 1];
      if (!file) continue;
      copyFileSync(join(work, file), join(values.out, `${stem(template)}-p${n}.png`));
    }
    console.log(JSON.stringify({ template, sheets: answer.sheets, pdf, pages: pages.length, kept: keep.filter((n) => n <= pages.length) }));
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
