// The workbooks a manager sends (exceljs): donor, municipal and full. Every number comes from
// the one engine (runReport / indicatorsFor); the workbook only lays it out. Values, not
// formulas; Lithuanian labels first with English beside; ready to print (landscape A4, fit to
// width, repeated header row, frozen header, number formats); and a sheet that states how
// every figure was computed and the rules in force.
import ExcelJS from 'exceljs';
import { qb, type Store } from '../store';
import { INDICATORS, indicatorByKey, regularRuleText, type IndicatorValue } from '../../shared/indicators';
import { PART_LABELS, type Label } from '../../shared/indicator-parts';
import { daysInclusive, daysInMonth, localToday } from '../../shared/dates';
import { getSettings } from '../services/settings';
import { indicatorsFor, runReport, siteRefs, type ReportResult, type Step } from './index';
import { loadCatalogue, type CatalogueItem } from './engine';

import type { Template } from '../../shared/report-schemas';
export { TEMPLATES, type Template } from '../../shared/report-schemas';

export interface WorkbookInput {
  from: string;
  to: string;
  siteIds: number[];
  template: Template;
}

/** The main indicators in the order the seed reports give them (Kaunas' list, then Kėdainiai's, then the rest of their text). */
export const DONOR_MAIN: readonly string[] = [
  'clients', 'nsp_participants', 'reached_secondary_total', 'pwid_tested', 'syringes_distributed', 'needles_distributed',
  'syringes_collected', 'needles_collected', 'condoms_distributed', 'alcohol_pads_distributed', 'social_services_total', 'gp_services',
  'clients_trained_secondary',
  'regular_clients', 'new_clients', 'syringes_per_participant', 'syringes_per_participant_month', 'tests_by_type', 'positive_results',
  'outreach_workers', 'secondary_exchange_peers',
  'new_nsp_participants', 'secondary_points_active', 'reached_secondary_street', 'reached_secondary_points', 'reached_secondary_per_month',
  'svc_information', 'svc_consultation', 'svc_health_education', 'svc_referral', 'svc_nsp_exchange', 'persons_tested', 'new_positive_cases',
  'gp_clients', 'tests_by_setting', 'outreach_places', 'meeting_participants',
];

/**
 * Overdose, naloxone and care after a positive test (issue 17): appended to the donor workbook when
 * any of them is not zero in the period, each row left hidden while all its values are zero.
 */
export const DONOR_FIELD: readonly string[] = [
  'naloxone_kits_distributed', 'naloxone_recipients', 'overdose_response_trained', 'overdoses_reported', 'overdoses_naloxone_given',
  'hcv_cascade', 'hiv_cascade',
];
const DONOR_FIELD_TITLE = 'Perdozavimai, naloksonas ir gydymas po teigiamo tyrimo / Overdose, naloxone and care after a positive test';

/** Whether a value column holds anything but zero (or nothing) for a row. */
const shows = (r: Row, cols: ReadonlyArray<{ indicators: Record<string, IndicatorValue> }>): boolean => cols.some((c) => (r.value(c.indicators) ?? 0) !== 0);

/**
 * The donor's section of DONOR_FIELD below a table, when any of it is not zero in the period
 * (`whole`): a title row, then its table; a row whose values are all zero is hidden, and a split
 * figure's title with it when every part is. Answers the next free row.
 */
function donorFieldSection(
  ws: ExcelJS.Worksheet, startRow: number, catalogue: readonly CatalogueItem[], whole: Record<string, IndicatorValue>,
  labelCols: Array<{ header: string; width: number; cell: (r: Row) => string }>,
  valueCols: Array<{ header: string; width: number; indicators: Record<string, IndicatorValue> }>,
): number {
  const rows = rowsOf(DONOR_FIELD, catalogue);
  if (!rows.some((r) => !r.heading && (r.value(whole) ?? 0) !== 0)) return startRow;
  const title = ws.getRow(startRow);
  title.getCell(1).value = DONOR_FIELD_TITLE;
  title.font = { bold: true, size: 12 };
  const end = table(ws, startRow + 1, rows, labelCols, valueCols);
  rows.forEach((r, i) => {
    const visible = r.heading ? rows.some((x) => x.part && x.key.startsWith(`${r.key}.`) && shows(x, valueCols)) : shows(r, valueCols);
    if (!visible) ws.getRow(startRow + 2 + i).hidden = true;
  });
  return end;
}

/** What the municipality reads month by month: services by type, then supplies. */
export const MUNICIPAL_SERVICES: readonly string[] = [
  'visits', 'svc_information', 'svc_consultation', 'svc_health_education', 'svc_referral', 'svc_nsp_exchange', 'social_services_total',
  'pre_test_counselling', 'post_test_counselling', 'gp_by_type', 'gp_services', 'tests_by_type', 'anonymous_contacts',
  'syringes_distributed', 'needles_distributed', 'syringes_collected', 'needles_collected', 'alcohol_pads_distributed',
  'disinfectants_distributed', 'condoms_distributed', 'other_commodities',
];

// ---------- rows: an indicator, or one part of a split one ----------

interface Row {
  key: string;
  label: Label;
  decimal: boolean;
  /** A part row (indented under its indicator). */
  part: boolean;
  /** The title row of a split figure (no value of its own). */
  heading: boolean;
  value: (ind: Record<string, IndicatorValue>) => number | null;
}

function rowsOf(keys: readonly string[], catalogue: readonly CatalogueItem[]): Row[] {
  const out: Row[] = [];
  for (const key of keys) {
    const def = indicatorByKey.get(key);
    if (!def) throw new Error(`unknown indicator ${key}`);
    if (!def.parts) {
      out.push({ key, label: def.label, decimal: !!def.decimal, part: false, heading: false, value: (ind) => scalar(ind[key]) });
      continue;
    }
    out.push({ key, label: def.label, decimal: false, part: false, heading: true, value: () => null });
    const parts: Array<[string, Label]> = def.parts === 'catalogue'
      ? catalogue.filter((i) => i.category === 'other').map((i) => [i.key, { lt: i.labelLt, en: i.labelEn }])
      : def.parts.map((p) => [p, PART_LABELS[key]?.[p] ?? { lt: p, en: p }]);
    for (const [p, label] of parts) {
      out.push({ key: `${key}.${p}`, label, decimal: false, part: true, heading: false, value: (ind) => partOf(ind[key], p) });
    }
  }
  return out;
}

const scalar = (v: IndicatorValue | undefined): number | null => (typeof v === 'number' ? v : null);
const partOf = (v: IndicatorValue | undefined, p: string): number | null => (v !== null && typeof v === 'object' ? v[p] ?? 0 : null);

// ---------- styles ----------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFB0B0B0' } };
const INT = '#,##0';
const DEC = '#,##0.0';
const DASH = '–';

/** Lines a text takes in a column of this width (LibreOffice and Excel do not fit wrapped rows of a written file). */
const linesIn = (text: string, width: number): number => Math.max(1, Math.ceil(text.length / Math.max(1, width * 1.15 - 1)));
const heightFor = (lines: number): number => Math.max(15, lines * 15 + 2);

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = { bottom: { style: 'medium' }, top: THIN, left: THIN, right: THIN };
  });
  let lines = 1;
  row.eachCell((c, col) => (lines = Math.max(lines, linesIn(String(c.value ?? ''), row.worksheet.getColumn(col).width ?? 10))));
  row.height = Math.max(30, heightFor(lines));
}

function styleBody(row: ExcelJS.Row, r: Row, firstValueCol: number): void {
  row.eachCell({ includeEmpty: true }, (c, col) => {
    c.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    if (col >= firstValueCol) {
      c.numFmt = r.decimal ? DEC : INT;
      c.alignment = { horizontal: 'right', vertical: 'top' };
    } else {
      c.alignment = { vertical: 'top', wrapText: true, indent: r.part && col > 1 ? 2 : 0 };
    }
    if (r.heading) c.fill = HEADING_FILL;
  });
  if (r.heading || !r.part) row.font = { bold: r.heading };
}

interface PrintInfo {
  title: string;
  headerRow: number;
}

function printReady(ws: ExcelJS.Worksheet, info: PrintInfo, freezeCols = 0): void {
  ws.views = [{ state: 'frozen', xSplit: freezeCols, ySplit: info.headerRow, activeCell: `A${info.headerRow + 1}` }];
  // A sheet much wider than a landscape page prints on two (or more) pages across, the label columns repeated.
  let width = 0;
  for (let c = 1; c <= ws.columnCount; c++) width += ws.getColumn(c).width ?? 9;
  const across = Math.max(1, Math.ceil(width / 260));
  ws.pageSetup = {
    paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: across, fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    printTitlesRow: `${info.headerRow}:${info.headerRow}`,
    ...(across > 1 && freezeCols > 0 ? { printTitlesColumn: `A:${String.fromCharCode(64 + freezeCols)}` } : {}),
  };
  const esc = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter = { oddHeader: `&L&B${esc(info.title)}`, oddFooter: `&LSlenkstis&C&P / &N&R${esc(localToday())}` };
}

/** A month column's heading; a month cut by the period shows its days. */
function monthHeading(month: string, from: string, to: string): string {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(+month.slice(0, 4), +month.slice(5, 7))).padStart(2, '0')}`;
  const a = first < from ? from : first;
  const b = last > to ? to : last;
  return a === first && b === last ? month : `${month} (${+a.slice(8)}–${+b.slice(8)})`;
}

const WHOLE = 'Visas laikotarpis / Whole period';
const WHOLE_WIDTH = 18;

/** A table: label columns, then one value column per figure set. */
function table(
  ws: ExcelJS.Worksheet, startRow: number, rows: Row[], labelCols: Array<{ header: string; width: number; cell: (r: Row) => string }>,
  valueCols: Array<{ header: string; width: number; indicators: Record<string, IndicatorValue> }>,
): number {
  labelCols.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(ws.getColumn(i + 1).width ?? 0, c.width)));
  valueCols.forEach((c, i) => (ws.getColumn(labelCols.length + i + 1).width = Math.max(ws.getColumn(labelCols.length + i + 1).width ?? 0, c.width)));
  const header = ws.getRow(startRow);
  header.values = [...labelCols.map((c) => c.header), ...valueCols.map((c) => c.header)];
  styleHeader(header);
  let n = startRow + 1;
  for (const r of rows) {
    const row = ws.getRow(n++);
    row.values = [
      ...labelCols.map((c) => c.cell(r)),
      ...valueCols.map((c) => (r.heading ? '' : r.value(c.indicators) ?? DASH)),
    ];
    styleBody(row, r, labelCols.length + 1);
    const lines = Math.max(...labelCols.map((c, i) => linesIn(c.cell(r), ws.getColumn(i + 1).width ?? c.width)));
    if (lines > 1) row.height = heightFor(lines);
  }
  return n;
}

const indent = (r: Row, s: string) => (r.part ? `   ${s}` : s);
const ltEnCols = (width: number) => [
  { header: 'Rodiklis', width, cell: (r: Row) => indent(r, r.label.lt) },
  { header: 'Indicator', width, cell: (r: Row) => indent(r, r.label.en) },
];
/** Beside a row of months the labels are narrower (and wrap) so that a year fits a landscape page. */
const LT_EN_COLS = ltEnCols(36);

function note(ws: ExcelJS.Worksheet, rowNo: number, text: string, span: number): void {
  const row = ws.getRow(rowNo);
  row.getCell(1).value = text;
  row.getCell(1).font = { italic: true, size: 9 };
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  if (span > 1) ws.mergeCells(rowNo, 1, rowNo, span);
  row.height = 30;
}

// ---------- the definitions sheet ----------

function definitionsSheet(wb: ExcelJS.Workbook, report: ReportResult, ctx: Context): void {
  const ws = wb.addWorksheet('Apibrėžimai', { properties: { tabColor: { argb: 'FF808080' } } });
  const rules: Array<[string, string]> = [
    ['Laikotarpis / Period', `${report.period.from} – ${report.period.to}; ${report.period.months} mėn. / months (${daysInclusive(report.period.from, report.period.to)} d. / days)`],
    ['Mėnesiai / Months', 'Visi kalendoriniai mėnesiai, kai laikotarpis prasideda 1 d. ir baigiasi mėnesio paskutinę dieną; kitaip dienos / 30,4375. / Whole calendar months when the period runs from a 1st to a month\'s last day; otherwise days / 30.4375.'],
    ['Vietos / Sites', report.sites.length ? report.sites.join(', ') : 'Visos vietos / All sites'],
    ['Nuolatiniai klientai / Regular clients', `${regularRuleText(report.rules.regular_min_visit_days, 'lt')} / ${regularRuleText(report.rules.regular_min_visit_days, 'en')}`],
    ['Vartotojų skaičiaus įvertis / PWID population estimate', report.rules.pwid_population_estimate === null ? 'Nenustatytas: aprėpties rodikliai neskaičiuojami. / Not set: coverage figures are not computed.' : String(report.rules.pwid_population_estimate)],
    ['Aprėpties lygiai / Coverage levels', `Žema iki ${report.rules.coverage_low_below}, vidutinė ${report.rules.coverage_low_below}–${report.rules.coverage_high_from - 1}, aukšta nuo ${report.rules.coverage_high_from} švirkštų vienam vartotojui per metus${report.rules.coverage_level ? `; šiame laikotarpyje: ${report.rules.coverage_level}` : ''}. / Low below ${report.rules.coverage_low_below}, medium ${report.rules.coverage_low_below}–${report.rules.coverage_high_from - 1}, high from ${report.rules.coverage_high_from} syringes per PWID per year${report.rules.coverage_level ? `; this period: ${report.rules.coverage_level}` : ''}.`],
    ['Anuliuoti įrašai / Voided records', 'Anuliuoti apsilankymai, lauko darbo sesijos, veiklos, pranešimai apie perdozavimus, gydymo etapai ir pakaitinio gydymo pakeitimai niekur neskaičiuojami. / Voided visits, outreach sessions, activities, overdose reports, care steps and pharmacotherapy changes never count.'],
    ['Lytis ir gimimo metai / Sex and birth year', report.rules.sex_birth_year_from_code
      ? 'Kai registras ar forma jų nenurodė, paimti iš kodo (lyties skaitmuo ir gimimo metai; numatytasis kodo šablonas). / Taken from the code (its sex digit and birth year; the default code pattern) where the register or the form left them empty.'
      : 'Tik tokie, kokie įrašyti (kodo šablonas ne numatytasis). / Only as recorded (the code pattern is not the default one).'],
    ['Apvalinimas / Rounding', 'Viena dešimtoji, pusė į viršų, skaičiuojant iš tikslios reikšmės. / One decimal, half up, computed on the exact value.'],
    ['Mėnesio rodikliai / Per-month figures', `Tušti, kai laikotarpis ar mėnuo trumpesnis nei ${report.rules.per_month_min_days} d.${report.rules.per_month_null ? ' Šioje ataskaitoje taip yra. / This report has such a period or month.' : ''} / Empty for a period or month shorter than ${report.rules.per_month_min_days} days.`],
    ['Pakaitinis gydymas / Pharmacotherapy', 'Kliento būklė paskutinę laikotarpio dieną: naujausias iki jos įrašytas pakeitimas. / A client\'s status on the period\'s last day: the latest dated change on or before it.'],
    ['Tarpininkavimo rezultatas / Referral outcome', 'Kai rezultatas neįrašytas – „nežinoma“. / Nothing recorded counts as unknown.'],
    ['Apsilankymo diena / Visit-day', 'Kliento ir datos pora: du to paties kliento įrašai tą pačią dieną yra viena diena. / A (client, date) pair: two entries of one client on one day are one visit-day.'],
    ['Pirmasis apsilankymas / First visit', 'Ankstyviausias neanuliuotas apsilankymas bet kurioje vietoje, nepaisant vietų filtro. / The earliest non-voided visit at any site, whatever the site filter.'],
    ['Amžius / Age', `Laikotarpio pabaigos metai (${report.period.to.slice(0, 4)}) minus gimimo metai. / The year of the period end minus the birth year.`],
    ['Mėnesių stulpeliai / Month columns', 'Skirtingų klientų skaičiai per mėnesius nesumuojami į laikotarpio skaičių; paslaugų vienetai ir kiekiai sumuojami. / Distinct counts of the months do not add up to the period\'s; units and quantities do.'],
    ['Parengta / Prepared', `${localToday()}, Slenkstis${ctx.cabinetName ? ` – ${ctx.cabinetName}` : ''}`],
  ];
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 34;
  ws.getColumn(3).width = 34;
  ws.getColumn(4).width = 60;
  ws.getColumn(5).width = 60;
  const title = ws.getRow(1);
  title.getCell(1).value = 'Kaip apskaičiuotas kiekvienas skaičius / How every figure was computed';
  title.font = { bold: true, size: 13 };
  let n = 2;
  for (const [k, v] of rules) {
    const row = ws.getRow(n);
    row.getCell(1).value = k;
    row.getCell(2).value = v;
    ws.mergeCells(n, 2, n, 5);
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top', wrapText: true };
    row.getCell(2).alignment = { vertical: 'top', wrapText: true };
    row.height = heightFor(Math.max(linesIn(v, 34 + 34 + 60 + 60), linesIn(k, 30)));
    n++;
  }
  n++;
  const headerRow = n;
  const header = ws.getRow(n++);
  header.values = ['Raktas / Key', 'Rodiklis', 'Indicator', 'Apibrėžimas', 'Definition'];
  styleHeader(header);
  for (const def of INDICATORS) {
    const row = ws.getRow(n++);
    row.values = [def.key, def.label.lt, def.label.en, def.definition.lt, def.definition.en];
    row.eachCell((c) => {
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    });
    row.getCell(1).font = { name: 'Consolas', size: 9 };
    row.height = heightFor(Math.max(linesIn(def.definition.lt, 60), linesIn(def.definition.en, 60), linesIn(def.label.lt, 34), linesIn(def.label.en, 34)));
  }
  printReady(ws, { title: 'Apibrėžimai / Definitions', headerRow });
  ws.views = [{ state: 'frozen', ySplit: headerRow, activeCell: `A${headerRow + 1}` }];
}

// ---------- the three templates ----------

interface Context {
  store: Store;
  input: WorkbookInput;
  report: ReportResult;
  catalogue: CatalogueItem[];
  cabinetName: string;
  monthCols: Array<{ header: string; width: number; indicators: Record<string, IndicatorValue> }>;
  wholeCol: { header: string; width: number; indicators: Record<string, IndicatorValue> };
}

interface Project {
  title: string;
  donor: string;
  date_from: string;
  date_to: string;
  budget_minor: number;
  currency: string;
}

/** The project the period belongs to: the one with exactly this period, else the one that overlaps it most. */
function projectFor(store: Store, from: string, to: string): Project | null {
  const rows = store.all(qb.selectFrom('projects').select(['title', 'donor', 'date_from', 'date_to', 'budget_minor', 'currency']).orderBy('date_from'));
  let best: Project | null = null;
  let bestDays = 0;
  for (const p of rows) {
    if (p.date_from === from && p.date_to === to) return p;
    const a = p.date_from > from ? p.date_from : from;
    const b = p.date_to < to ? p.date_to : to;
    const days = a <= b ? daysInclusive(a, b) : 0;
    if (days > bestDays) {
      best = p;
      bestDays = days;
    }
  }
  return best;
}

function donorSheets(wb: ExcelJS.Workbook, c: Context): void {
  const ws = wb.addWorksheet('Ataskaita');
  const project = projectFor(c.store, c.input.from, c.input.to);
  const r = c.report;
  ws.getColumn(1).width = 6;
  const head: Array<[string, string | number, string?]> = [
    ['Projektas / Project', project?.title ?? '–'],
    ['Rėmėjas / Donor', project?.donor ?? '–'],
    ['Laikotarpis / Period', `${r.period.from} – ${r.period.to} (${String(r.period.months).replace('.', ',')} mėn. / ${r.period.months} months)`],
    ['Biudžetas / Budget', project ? project.budget_minor / 100 : '–', project ? `#,##0.00 "${project.currency}"` : undefined],
    ['Paslaugų teikėjas / Service', c.cabinetName || '–'],
    ['Vietos / Sites', r.sites.length ? r.sites.join(', ') : 'Visos vietos / All sites'],
  ];
  const title = ws.getRow(1);
  title.getCell(1).value = 'Projekto ataskaita: pagrindiniai rodikliai / Project report: main indicators';
  title.font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, 4);
  head.forEach(([k, v, fmt], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = k;
    ws.mergeCells(i + 2, 1, i + 2, 2);
    row.getCell(3).value = v;
    ws.mergeCells(i + 2, 3, i + 2, 4);
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(3).alignment = { horizontal: 'left', wrapText: true, vertical: 'top' };
    if (fmt) row.getCell(3).numFmt = fmt;
    row.height = heightFor(linesIn(String(v), 46 + 16));
  });
  const headerRow = head.length + 3;
  const rows = rowsOf(DONOR_MAIN, c.catalogue);
  // The main indicators, then those of the field's section, numbered on.
  const numbers = new Map([...DONOR_MAIN, ...DONOR_FIELD].map((key, i) => [key, String(i + 1)]));
  const labelCols = [{ header: 'Nr.', width: 6, cell: (x: Row) => (x.part ? '' : numbers.get(x.key) ?? '') }, ...ltEnCols(46)];
  const valueCol = [{ ...c.wholeCol, header: 'Reikšmė / Value', width: 16 }];
  const mainEnd = table(ws, headerRow, rows, labelCols, valueCol);
  const end = donorFieldSection(ws, mainEnd + 1, c.catalogue, r.indicators, labelCols, valueCol);
  note(ws, end + 1, `${regularRuleText(r.rules.regular_min_visit_days, 'lt')} ${regularRuleText(r.rules.regular_min_visit_days, 'en')} Apibrėžimai – lape „Apibrėžimai“. / Definitions: sheet "Apibrėžimai".`, 4);
  printReady(ws, { title: project?.title ?? 'Projekto ataskaita / Project report', headerRow });

  const monthly = wb.addWorksheet('Pagal mėnesius');
  const monthCols = [...c.monthCols, c.wholeCol];
  const mMainEnd = table(monthly, 1, rowsOf(DONOR_MAIN, c.catalogue), LT_EN_COLS, monthCols);
  const mEnd = donorFieldSection(monthly, mMainEnd + 1, c.catalogue, r.indicators, LT_EN_COLS, monthCols);
  note(monthly, mEnd + 1, 'Skirtingų klientų skaičiai per mėnesius nesumuojami į laikotarpio skaičių. / Distinct counts of the months do not add up to the whole period.', 4);
  printReady(monthly, { title: `${project?.title ?? 'Projekto ataskaita'}: pagal mėnesius / by month`, headerRow: 1 }, 2);
}

function municipalSheets(wb: ExcelJS.Workbook, c: Context): void {
  const title = `${c.cabinetName || 'Žemo slenksčio paslaugos'} ${c.input.from} – ${c.input.to}`;
  const services = wb.addWorksheet('Paslaugos');
  const sEnd = table(services, 1, rowsOf(MUNICIPAL_SERVICES, c.catalogue), LT_EN_COLS, [...c.monthCols, { ...c.wholeCol, header: 'Iš viso / Total' }]);
  note(services, sEnd + 1, 'Paslaugos skaičiuojamos vienetais, priemonės – vienetais; apsilankymai – apsilankymo dienomis. / Services in service units, supplies in pieces; visits in visit-days.', 4);
  printReady(services, { title: `${title}: paslaugos pagal mėnesius / services by month`, headerRow: 1 }, 2);

  const clients = wb.addWorksheet('Klientai');
  const sexRows = [...rowsOf(['clients'], c.catalogue), ...rowsOf(['clients_by_sex'], c.catalogue).filter((r) => r.part)];
  const cols = [...c.monthCols, c.wholeCol];
  const end1 = table(clients, 1, sexRows, LT_EN_COLS, cols);
  const ageHeader = end1 + 1;
  const ageRows = [...rowsOf(['clients'], c.catalogue), ...rowsOf(['clients_by_age'], c.catalogue).filter((r) => r.part)];
  const end2 = table(clients, ageHeader, ageRows, [
    { header: 'Amžiaus grupė', width: 36, cell: (r) => indent(r, r.label.lt) },
    { header: 'Age group', width: 36, cell: (r) => indent(r, r.label.en) },
  ], cols);
  note(clients, end2 + 1, `Amžius: ${c.input.to.slice(0, 4)} m. minus gimimo metai. Skirtingų klientų skaičiai per mėnesius nesumuojami. / Age: ${c.input.to.slice(0, 4)} minus the birth year. Distinct counts of the months do not add up.`, 4);
  printReady(clients, { title: `${title}: klientai pagal lytį ir amžių / clients by sex and age group`, headerRow: 1 }, 2);
}

function fullSheets(wb: ExcelJS.Workbook, c: Context): void {
  const title = `${c.cabinetName || 'Slenkstis'} ${c.input.from} – ${c.input.to}`;
  const keyCol = { header: 'Raktas / Key', width: 44, cell: (r: Row) => r.key };
  const all = wb.addWorksheet('Rodikliai');
  table(all, 1, rowsOf(INDICATORS.map((d) => d.key), c.catalogue), [keyCol, ...LT_EN_COLS], [c.wholeCol, ...c.monthCols]);
  printReady(all, { title: `${title}: visi rodikliai / every indicator`, headerRow: 1 }, 3);

  const sites = c.input.siteIds.length
    ? siteRefs(c.store, c.input.siteIds)
    : c.store.all(qb.selectFrom('sites').select(['id', 'name']).orderBy('kind').orderBy('name'));
  const bySite = wb.addWorksheet('Pagal vietas');
  table(bySite, 1, rowsOf(INDICATORS.map((d) => d.key), c.catalogue), [keyCol, ...LT_EN_COLS], [
    ...sites.map((s) => ({ header: s.name, width: 14, indicators: indicatorsFor(c.store, c.input.from, c.input.to, [s.id]) })),
    { ...c.wholeCol, header: c.input.siteIds.length ? 'Pasirinktos vietos / Selected sites' : 'Visos vietos / All sites' },
  ]);
  printReady(bySite, { title: `${title}: pagal vietas / by site`, headerRow: 1 }, 3);
}

/** Builds the workbook of a template for a period and site filter. */
export async function buildWorkbook(store: Store, input: WorkbookInput, step: Step = () => undefined): Promise<ExcelJS.Workbook> {
  const report = runReport(store, { from: input.from, to: input.to, siteIds: input.siteIds, monthly: true }, step);
  const catalogue = loadCatalogue(store);
  const ctx: Context = {
    store, input, report, catalogue,
    cabinetName: getSettings({ store }).cabinetName,
    monthCols: (report.monthly ?? []).map((m) => ({ header: monthHeading(m.month, input.from, input.to), width: 12, indicators: m.indicators })),
    wholeCol: { header: WHOLE, width: WHOLE_WIDTH, indicators: report.indicators },
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Slenkstis';
  wb.created = new Date();
  wb.title = `${input.template} ${input.from} – ${input.to}`;
  // The figures are counted (the report's own steps); then the sheets, each step a place where a
  // Stop ends the job (nothing is written before the bytes are answered).
  step('sheets', 0, 2);
  if (input.template === 'donor') donorSheets(wb, ctx);
  else if (input.template === 'municipal') municipalSheets(wb, ctx);
  else fullSheets(wb, ctx);
  step('sheets', 1, 2);
  definitionsSheet(wb, report, ctx);
  step('sheets', 2, 2);
  return wb;
}

export async function writeWorkbook(store: Store, input: WorkbookInput, out: string): Promise<{ sheets: string[] }> {
  const wb = await buildWorkbook(store, input);
  await wb.xlsx.writeFile(out);
  return { sheets: wb.worksheets.map((w) => w.name) };
}

/** The workbook as bytes (for the app's export button, which saves through a dialog). */
export async function workbookBuffer(store: Store, input: WorkbookInput): Promise<Buffer> {
  const wb = await buildWorkbook(store, input);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
