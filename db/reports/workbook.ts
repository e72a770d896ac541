// The workbooks a manager sends (exceljs): donor, municipal and full. Every number comes from
// the one engine (runReport / indicatorsFor); the workbook only lays it out. Values, not
// formulas; one language (Lithuanian unless English is asked for); ready to print: A4, fit to
// the page's width by a computed scale, the header row (and label columns) repeated on every
// page, page breaks placed between groups so that a figure and its parts never split, month
// columns in sheets of at most six months; and a sheet that states how every figure was
// computed and the rules in force.
//
// Number cells carry formats the spreadsheet localises ('#,##0', '#,##0.0'): the thousands
// separator and decimal mark are the computer's locale's (Lithuanian: 28 190 in Excel, 28.190 in
// LibreOffice, and 23,1; English 28,190 and 23.1), as the definitions sheet says. Numbers written into text (the period's
// months, the budget in the head) are formatted here in the workbook's language.
import type * as ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { qb, type Store } from '../store';
import { INDICATORS, indicatorByKey, regularRuleText, type IndicatorValue } from '../../shared/indicators';
import { PART_LABELS, type Label } from '../../shared/indicator-parts';
import { daysInclusive, daysInMonth, localToday } from '../../shared/dates';
import { SITE_KINDS } from '../../shared/domain';
import { getSettings } from '../services/settings';
import { indicatorsFor, runReport, siteRefs, type ReportResult, type Step } from './index';
import { loadCatalogue, type CatalogueItem } from './engine';

import type { Template } from '../../shared/report-schemas';
export { TEMPLATES, type Template } from '../../shared/report-schemas';

export type WorkbookLanguage = 'lt' | 'en';

export interface WorkbookInput {
  from: string;
  to: string;
  siteIds: number[];
  template: Template;
  /** The workbook's one language; Lithuanian when not given. */
  language?: WorkbookLanguage;
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

/** What the municipality reads month by month: services by type, then supplies. */
export const MUNICIPAL_SERVICES: readonly string[] = [
  'visits', 'svc_information', 'svc_consultation', 'svc_health_education', 'svc_referral', 'svc_nsp_exchange', 'social_services_total',
  'pre_test_counselling', 'post_test_counselling', 'gp_by_type', 'gp_services', 'tests_by_type', 'anonymous_contacts',
  'syringes_distributed', 'needles_distributed', 'syringes_collected', 'needles_collected', 'alcohol_pads_distributed',
  'disinfectants_distributed', 'condoms_distributed', 'other_commodities',
];

/**
 * Figures with no meaning for one month: shown for the period only, their month cells empty.
 * indicators.md: regular_nsp_access over one month equals nsp_participants, "so a monthly
 * breakdown leaves it out and states why".
 */
export const PERIOD_ONLY: readonly string[] = ['regular_nsp_access'];

/**
 * Split figures whose zero parts are a finding, not work left undone ("no positive HIV case"):
 * never left out as zero rows.
 */
const FINDINGS: ReadonlySet<string> = new Set([
  'positive_results', 'new_positive_cases', 'hcv_cascade', 'hiv_cascade', 'overdoses_reported', 'overdoses_naloxone_given',
  'referrals_by_outcome', 'clients_by_sex', 'clients_by_age',
]);

/**
 * Figures of work a cabinet may never do (indicators.md "Secondary exchange and outreach",
 * "Advocacy and community work", tests by setting — the arrest house —, anonymous outreach
 * contacts and overdose-response training): the only figures "leave out zero rows" may leave
 * out. Reach and result figures (clients, new and regular clients, participants, supplies,
 * services, tests, positives) always stay, a 0 shown as 0.
 */
export const ACTIVITY_FIGURES: ReadonlySet<string> = new Set([
  'anonymous_contacts', 'outreach_workers', 'outreach_places', 'outreach_sessions',
  'secondary_exchange_peers', 'reached_secondary_street', 'reached_secondary_points', 'reached_secondary_total', 'reached_secondary_per_month',
  'secondary_points_active', 'clients_trained_secondary', 'tests_by_setting',
  'meetings', 'meeting_participants', 'meeting_participants_by_institution', 'media_items', 'overdose_response_trained',
]);

/**
 * Split figures by kind of work (a test's type, a GP service's type, a catalogue item, a
 * referral's destination): a part that is 0 is a kind not done and may be left out, the figure's
 * own row stays; when every part is 0 every part stays (0).
 */
export const KIND_SPLITS: ReadonlySet<string> = new Set(['tests_by_type', 'gp_by_type', 'other_commodities', 'referrals_by_destination']);

/** At most this many site columns on one sheet of the full workbook (with the label columns and the total, A4 landscape at full scale). */
export const SITE_COLUMNS = 4;

const NATURAL = new Intl.Collator('lt', { numeric: true });

/** At most this many month (or site) columns on one sheet, so that a sheet prints on one landscape page at a readable size. */
export const MAX_BLOCK_COLUMNS = 6;

// ---------- the workbook's words, in its one language ----------

const fmtNumber = (n: number, lang: WorkbookLanguage, decimals = 0): string =>
  new Intl.NumberFormat(lang === 'lt' ? 'lt-LT' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
const fmtMonths = (n: number, lang: WorkbookLanguage): string => fmtNumber(n, lang, Number.isInteger(n) ? 0 : 1);

/** A period shorter than a month (under 28 days): its length said in days ("0 mėn." for one day read as a mistake). */
const isUnderAMonth = (from: string, to: string): boolean => daysInclusive(from, to) < 28;

/** A period's length for a head: "12 mėn." / "12 months", or "1 d." / "1 day" under a month. */
function periodLength(p: { from: string; to: string; months: number }, lang: WorkbookLanguage): string {
  if (!isUnderAMonth(p.from, p.to)) return WORDS[lang].monthsOf(fmtMonths(p.months, lang));
  const days = daysInclusive(p.from, p.to);
  return lang === 'lt' ? `${days} d.` : `${days} ${days === 1 ? 'day' : 'days'}`;
}

const WORDS = {
  lt: {
    sheetReport: 'Ataskaita', sheetByMonth: 'Pagal mėnesius', sheetServices: 'Paslaugos', sheetClients: 'Klientai', sheetIndicators: 'Rodikliai',
    sheetMonths: 'Mėnesiai', sheetBySite: 'Pagal vietas', sheetDefinitions: 'Apibrėžimai',
    nr: 'Nr.', indicator: 'Rodiklis', value: 'Reikšmė', whole: 'Visas laikotarpis', total: 'Iš viso', key: 'Raktas', definition: 'Apibrėžimas',
    ageGroup: 'Amžiaus grupė', allSites: 'Visos vietos', selectedSites: 'Pasirinktos vietos',
    donorTitle: 'Projekto ataskaita: pagrindiniai rodikliai', donorReport: 'Projekto ataskaita', byMonth: 'pagal mėnesius',
    project: 'Projektas', donor: 'Rėmėjas', period: 'Laikotarpis', budget: 'Biudžetas', service: 'Paslaugų teikėjas', sites: 'Vietos',
    monthsOf: (m: string) => `${m} mėn.`, daysOf: (d: number) => `${d} d.`,
    fieldTitle: 'Perdozavimai, naloksonas ir gydymas po teigiamo tyrimo',
    definitionsAt: 'Apibrėžimai – lape „Apibrėžimai“.',
    distinctNote: 'Skirtingų klientų skaičiai per mėnesius nesumuojami į laikotarpio skaičių; paslaugų vienetai ir kiekiai sumuojami.',
    servicesNote: 'Paslaugos ir priemonės skaičiuojamos vienetais, apsilankymai – apsilankymo dienomis.',
    ageNote: (y: string, byMonthYear: boolean) => `Amžius: ${y} m. minus gimimo metai${byMonthYear ? ' (mėnesio stulpelyje – to mėnesio metai)' : ''}. Skirtingų klientų skaičiai per mėnesius nesumuojami.`,
    ageRule: (y: string, byMonthYear: boolean) => `Laikotarpio pabaigos metai (${y}) minus gimimo metai${byMonthYear ? '; mėnesio stulpelyje – to mėnesio metai (laikotarpis apima metų pabaigą)' : ''}.`,
    periodOnlyNote: (labels: string) => `${labels}: tik visam laikotarpiui (per vieną mėnesį rodiklis sutaptų su to mėnesio keitimo programos dalyviais), todėl mėnesių langeliai tušti.`,
    siteNote: (all: boolean) => `Skirtingų klientų skaičiai per vietas nesumuojami: klientas gali lankytis keliose vietose.${all
      ? ' Įrašai be vietos (susitikimai, publikacijos, mokymai, lauko darbo kontaktai be vietos) skaičiuojami tik stulpelyje „Visos vietos“.'
      : ''}`,
    municipalTitle: 'Žemo slenksčio paslaugos', servicesByMonth: 'paslaugos pagal mėnesius', servicesWord: 'paslaugos', clientsBySexAge: 'klientai pagal lytį ir amžių',
    everyIndicator: 'visi rodikliai', bySite: 'pagal vietas',
    costTitle: 'Kaina vienam rezultatui',
    costBudget: 'Projekto biudžetas',
    costPer: {
      clients: 'Vienam klientui', nsp_participants: 'Vienam keitimo programos dalyviui', syringes_distributed: 'Vienam išdalytam švirkštui',
      tests: 'Vienam atliktam tyrimui (visų rūšių tyrimai, ne tirti asmenys)',
    } as Record<string, string>,
    costCount: (n: string) => `skaičius: ${n}`,
    costNote: (from: string, to: string, same: boolean, filtered: boolean) => `Projekto biudžetas padalytas iš viso projekto rezultatų: projekto laikotarpio (${from} – ${to})${same ? '' : ', ne šios ataskaitos laikotarpio'}, visų vietų${filtered ? ' (ne tik šios ataskaitos vietų: biudžetas skirtas visam projektui)' : ''}. Tyrimai – visi atlikti tyrimai (rodiklis „Atlikti testai“, visų rūšių, HCV RNR įskaitant). Suapvalinta iki cento.`,
    costNoBudget: 'Projekto biudžetas neįrašytas (0), todėl kaina vienam rezultatui neskaičiuojama („–“).',
    costRule: 'Kaina vienam rezultatui',
    costRuleText: (filtered: boolean) => `Viso projekto kaina: projekto biudžetas padalytas iš projekto laikotarpio rezultatų visose vietose${filtered ? '; ir šioje pagal vietas atrinktoje ataskaitoje, nes biudžetas skirtas visam projektui, o pasirinktų vietų rezultatai – tik jo dalis' : ''}.`,
    costRuleNoBudget: 'Neskaičiuojama: projekto biudžetas neįrašytas (0).',
    definitionsTitle: 'Kaip apskaičiuotas kiekvienas skaičius',
    omittedRule: 'Praleistos eilutės',
    omitted: (list: string) => `Eilutės, kurių veiklos per laikotarpį nebuvo, praleistos: ${list}.`,
    omittedNone: 'Eilutės, kurių veiklos per laikotarpį nebuvo, praleidžiamos; šiame laikotarpyje tokių nebuvo.',
    omittedOff: 'Rodomos visos eilutės, ir tos, kurių veiklos per laikotarpį nebuvo (0).',
    periodOnlyRule: 'Tik visam laikotarpiui',
    periodOnly: (labels: string) => `${labels}: mėnesių stulpeliuose tuščia. Rodiklis skaičiuoja klientus, keitusius kiekvieną laikotarpio mėnesį; per vieną mėnesį jis lygus to mėnesio keitimo programos dalyviams, todėl mėnesio reikšmė nieko nepasakytų.`,
    hiddenField: 'Naloksono ir mokymų eilutės, kurių visos reikšmės lygios nuliui, paslėptos; gydymo kaskadų ir perdozavimų baigčių dalys rodomos visos, ir nuliai.',
    monthColumnsRule: 'Mėnesių stulpeliai',
    monthColumns: 'Skirtingų klientų skaičiai per mėnesius nesumuojami į laikotarpio skaičių; paslaugų vienetai ir kiekiai sumuojami.',
    oneMonth: (month: string, municipal: boolean) => `Laikotarpis neišeina iš vieno kalendorinio mėnesio (${month}), todėl ${municipal
      ? 'mėnesio stulpelio nėra: jis kartotų stulpelį „Visas laikotarpis“'
      : 'lapo pagal mėnesius nėra: vienintelis jo stulpelis kartotų laikotarpio reikšmes'}.`,
  },
  en: {
    sheetReport: 'Report', sheetByMonth: 'By month', sheetServices: 'Services', sheetClients: 'Clients', sheetIndicators: 'Indicators',
    sheetMonths: 'Months', sheetBySite: 'By site', sheetDefinitions: 'Definitions',
    nr: 'No.', indicator: 'Indicator', value: 'Value', whole: 'Whole period', total: 'Total', key: 'Key', definition: 'Definition',
    ageGroup: 'Age group', allSites: 'All sites', selectedSites: 'Selected sites',
    donorTitle: 'Project report: main indicators', donorReport: 'Project report', byMonth: 'by month',
    project: 'Project', donor: 'Donor', period: 'Period', budget: 'Budget', service: 'Service provider', sites: 'Sites',
    monthsOf: (m: string) => `${m} months`, daysOf: (d: number) => `${d} days`,
    fieldTitle: 'Overdose, naloxone and care after a positive test',
    definitionsAt: 'Definitions: sheet "Definitions".',
    distinctNote: 'Distinct counts of the months do not add up to the whole period; service units and quantities do.',
    servicesNote: 'Services and supplies in units; visits in visit-days.',
    ageNote: (y: string, byMonthYear: boolean) => `Age: ${y} minus the birth year${byMonthYear ? ' (in a month\'s column, that month\'s year)' : ''}. Distinct counts of the months do not add up.`,
    ageRule: (y: string, byMonthYear: boolean) => `The year of the period end (${y}) minus the birth year${byMonthYear ? '; in a month\'s column, that month\'s year (the period spans a year end)' : ''}.`,
    periodOnlyNote: (labels: string) => `${labels}: for the whole period only (over one month it would equal that month's NSP participants), so its month cells are empty.`,
    siteNote: (all: boolean) => `Distinct counts of the sites do not add up: a client may visit several.${all
      ? ' Records without a site (meetings, media items, trainings, outreach contacts without a place) count only in the "All sites" column.'
      : ''}`,
    municipalTitle: 'Low-threshold services', servicesByMonth: 'services by month', servicesWord: 'services', clientsBySexAge: 'clients by sex and age group',
    everyIndicator: 'every indicator', bySite: 'by site',
    costTitle: 'Cost per output',
    costBudget: 'Project budget',
    costPer: {
      clients: 'Per client', nsp_participants: 'Per NSP participant', syringes_distributed: 'Per syringe distributed',
      tests: 'Per test performed (tests of every type, not persons tested)',
    } as Record<string, string>,
    costCount: (n: string) => `count: ${n}`,
    costNote: (from: string, to: string, same: boolean, filtered: boolean) => `The project budget divided by the outputs of the whole project: of the project period (${from} – ${to})${same ? '' : ', not of this report\'s period'}, at every site${filtered ? ' (not only this report\'s sites: the budget is for the whole project)' : ''}. Tests: every test performed ("Tests performed", every type, HCV RNA included). Rounded to the cent.`,
    costNoBudget: 'No project budget is entered (0), so no cost per output is computed ("–").',
    costRule: 'Cost per output',
    costRuleText: (filtered: boolean) => `The whole project's unit cost: the project budget divided by the outputs of the project period at every site${filtered ? '; in this report filtered by site too, since the budget is for the whole project and the chosen sites\' outputs are only part of it' : ''}.`,
    costRuleNoBudget: 'Not computed: no project budget is entered (0).',
    definitionsTitle: 'How every figure was computed',
    omittedRule: 'Rows left out',
    omitted: (list: string) => `Rows of work not recorded in the period are left out: ${list}.`,
    omittedNone: 'Rows of work not recorded in the period are left out; this period has none.',
    omittedOff: 'Every row is shown, those of work not recorded in the period (0) too.',
    periodOnlyRule: 'Whole period only',
    periodOnly: (labels: string) => `${labels}: empty in the month columns. It counts clients with an exchange in every month of the period; over one month it equals that month's NSP participants, so a month's value would tell nothing.`,
    hiddenField: 'Rows of naloxone and training whose every value is zero are hidden; every part of the care cascades and of the overdose outcomes is shown, zeros too.',
    monthColumnsRule: 'Month columns',
    monthColumns: "Distinct counts of the months do not add up to the period's; service units and quantities do.",
    oneMonth: (month: string, municipal: boolean) => `The period lies within one calendar month (${month}), so ${municipal
      ? 'there is no month column: it would repeat the "Whole period" column'
      : 'there is no sheet by month: its one column would repeat the period\'s figures'}.`,
  },
} as const;
type Words = (typeof WORDS)[WorkbookLanguage];

// ---------- rows: an indicator, or one part of a split one ----------

interface Row {
  key: string;
  label: Label;
  decimal: boolean;
  /** A part row (indented under its indicator). */
  part: boolean;
  /** The title row of a split figure (no value of its own). */
  heading: boolean;
  /** Shown for the whole period only: empty in a month column. */
  periodOnly: boolean;
  value: (ind: Record<string, IndicatorValue>) => number | null;
}

function rowsOf(keys: readonly string[], catalogue: readonly CatalogueItem[]): Row[] {
  const out: Row[] = [];
  for (const key of keys) {
    const def = indicatorByKey.get(key);
    if (!def) throw new Error(`unknown indicator ${key}`);
    const periodOnly = PERIOD_ONLY.includes(key);
    if (!def.parts) {
      out.push({ key, label: def.label, decimal: !!def.decimal, part: false, heading: false, periodOnly, value: (ind) => scalar(ind[key]) });
      continue;
    }
    out.push({ key, label: def.label, decimal: false, part: false, heading: true, periodOnly, value: () => null });
    const parts: Array<[string, Label]> = def.parts === 'catalogue'
      ? catalogue.filter((i) => i.category === 'other').map((i) => [i.key, { lt: i.labelLt, en: i.labelEn }])
      : def.parts.map((p) => [p, PART_LABELS[key]?.[p] ?? { lt: p, en: p }]);
    for (const [p, label] of parts) {
      out.push({ key: `${key}.${p}`, label, decimal: false, part: true, heading: false, periodOnly, value: (ind) => partOf(ind[key], p) });
    }
  }
  return out;
}

const scalar = (v: IndicatorValue | undefined): number | null => (typeof v === 'number' ? v : null);
const partOf = (v: IndicatorValue | undefined, p: string): number | null => (v !== null && typeof v === 'object' ? v[p] ?? 0 : null);
const figureOf = (r: Row): string => r.key.split('.')[0];

/**
 * Rows of work not recorded in the period (zero for the whole period) left out, of work the
 * cabinet may never do only: a figure of ACTIVITY_FIGURES whose value is 0 (a split one: its zero
 * parts, and its title when every part is); a zero part of a KIND_SPLITS figure while another part
 * is not 0. Every other row stays (a reach or result figure reads 0, never "no row"). Answers the
 * rows kept and what was left out, in words.
 */
export function leaveOutZeroRows(rows: readonly Row[], whole: Record<string, IndicatorValue>, lang: WorkbookLanguage): { kept: Row[]; omitted: string[] } {
  const kept: Row[] = [];
  const omitted: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r.heading) {
      if (r.value(whole) === 0 && ACTIVITY_FIGURES.has(figureOf(r))) omitted.push(r.label[lang]);
      else kept.push(r);
      continue;
    }
    const parts: Row[] = [];
    while (i + 1 < rows.length && rows[i + 1].part && figureOf(rows[i + 1]) === r.key) parts.push(rows[++i]);
    const activity = ACTIVITY_FIGURES.has(r.key);
    if (FINDINGS.has(r.key) || (!activity && !KIND_SPLITS.has(r.key))) {
      kept.push(r, ...parts);
      continue;
    }
    const shown = parts.filter((p) => p.value(whole) !== 0);
    if (shown.length === 0 && !activity) {
      kept.push(r, ...parts);
      continue;
    }
    if (shown.length === 0) {
      omitted.push(r.label[lang]);
      continue;
    }
    kept.push(r, ...shown);
    const left = parts.filter((p) => p.value(whole) === 0);
    if (left.length) omitted.push(`${r.label[lang]}: ${left.map((p) => p.label[lang]).join(', ')}`);
  }
  return { kept, omitted };
}

// ---------- styles ----------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFB0B0B0' } };
/** Formats shown with the locale's own separators (Lithuanian: 28 190 or 28.190, and 23,1). */
const INT = '#,##0';
const DEC = '#,##0.0';
const DASH = '–';
const ROW_HEIGHT = 15;
const NOTE_SIZE = 10;
/** Every cell names its font (a cell without one prints in LibreOffice's default, a serif). */
const FONT = { name: 'Calibri', size: 11 } as const;

/** Lines a text takes in a column of this width (LibreOffice and Excel do not fit wrapped rows of a written file). */
const linesIn = (text: string, width: number): number => {
  const perLine = Math.max(1, width * 1.1 - 2);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
};
const heightFor = (lines: number): number => Math.max(ROW_HEIGHT, lines * 14 + 1);

function styleHeader(row: ExcelJS.Row): void {
  row.font = { ...FONT, bold: true };
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
    c.font = { ...FONT, bold: r.heading };
  });
}

// ---------- printing: page setup and page breaks ----------

/** A4 in points, the margins in inches (as pageSetup takes them). */
const A4 = { short: 595.28, long: 841.89 };
const MARGINS = { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
/** What a page is sure to hold: the estimates of wrapped rows are rough, and a break Excel adds by itself could split a group. */
const PAGE_SAFETY = 0.95;
/** Excel's width of a column in pixels (Calibri 11: a character unit is 7 px, plus 5 px of padding). */
const columnPx = (width: number): number => Math.trunc(width * 7 + 5);

type Orientation = 'portrait' | 'landscape';
const usableWidthPx = (o: Orientation): number => ((o === 'portrait' ? A4.short : A4.long) - (MARGINS.left + MARGINS.right) * 72) / 0.75;
const usableHeightPt = (o: Orientation): number => (o === 'portrait' ? A4.long : A4.short) - (MARGINS.top + MARGINS.bottom) * 72;

/** Rows that stay on one page: a split figure's title with its parts, a section's title with its table's header and first group. */
interface Block {
  first: number;
  last: number;
}

interface PrintInfo {
  title: string;
  /** The header row repeated on every page. */
  headerRow: number;
  orientation: Orientation;
  /** Label columns repeated on every page and frozen on screen. */
  labelCols?: number;
  blocks: Block[];
}

const heightOf = (ws: ExcelJS.Worksheet, n: number): number => (ws.getRow(n).hidden ? 0 : ws.getRow(n).height ?? ROW_HEIGHT);

/** The scale that fits the sheet's columns to the page's width (Excel and LibreOffice honour manual breaks with a scale; not always with "fit to"). */
export function scaleToWidth(ws: ExcelJS.Worksheet, orientation: Orientation): number {
  let px = 0;
  for (let c = 1; c <= ws.columnCount; c++) px += columnPx(ws.getColumn(c).width ?? 9);
  return Math.min(100, Math.floor((usableWidthPx(orientation) / px) * 100));
}

/**
 * Page breaks before a block that would not fit the rest of its page: a block is never split
 * (unless it is taller than a page). Rows' heights are the ones set on them (every row of a
 * table has one), at the sheet's scale.
 */
function placeBreaks(ws: ExcelJS.Worksheet, info: PrintInfo, scale: number): void {
  const capacity = (usableHeightPt(info.orientation) * PAGE_SAFETY * 100) / scale;
  const title = heightOf(ws, info.headerRow);
  const blocks = [...info.blocks].sort((a, b) => a.first - b.first);
  let used = 0;
  for (let n = 1; n < (blocks[0]?.first ?? 1); n++) used += heightOf(ws, n);
  let onPage = 0;
  for (const b of blocks) {
    let h = 0;
    for (let n = b.first; n <= b.last; n++) h += heightOf(ws, n);
    if (h === 0) continue;
    if (used + h > capacity && onPage > 0) {
      ws.getRow(b.first - 1).addPageBreak();
      used = (b.first > info.headerRow ? title : 0) + h;
      onPage = 1;
    } else {
      used += h;
      onPage++;
    }
  }
}

/** Excel refuses (asks to repair) a page header or footer longer than 255 characters, its codes included. */
export const HEADER_FOOTER_MAX = 255;

/**
 * A page header: `codes` then the text, its ampersands doubled (a lone & starts a code), cut with
 * "…" to fit HEADER_FOOTER_MAX: a project's title is up to 200 characters, a cabinet's name 120.
 */
export function headerText(codes: string, text: string): string {
  const esc = (t: string) => t.replace(/&/g, '&&');
  const whole = `${codes}${esc(text)}`;
  if (whole.length <= HEADER_FOOTER_MAX) return whole;
  const chars = [...text];
  let n = chars.length;
  while (n > 0 && `${codes}${esc(chars.slice(0, n).join('').trimEnd())}…`.length > HEADER_FOOTER_MAX) n--;
  return `${codes}${esc(chars.slice(0, n).join('').trimEnd())}…`;
}

function printReady(ws: ExcelJS.Worksheet, info: PrintInfo): void {
  const labelCols = info.labelCols ?? 0;
  ws.views = [{ state: 'frozen', xSplit: labelCols, ySplit: info.headerRow, activeCell: `${colLetter(labelCols + 1)}${info.headerRow + 1}` }];
  const scale = scaleToWidth(ws, info.orientation);
  ws.pageSetup = {
    paperSize: 9, orientation: info.orientation, fitToPage: false, scale,
    margins: MARGINS,
    printTitlesRow: `${info.headerRow}:${info.headerRow}`,
    ...(labelCols > 0 ? { printTitlesColumn: `A:${colLetter(labelCols)}` } : {}),
  };
  ws.headerFooter = { oddHeader: headerText('&L&B', info.title), oddFooter: `&LSlenkstis&C&P / &N&R${localToday()}` };
  placeBreaks(ws, info, scale);
}

const colLetter = (n: number): string => String.fromCharCode(64 + n);

/** A month column's heading; a month cut by the period shows its days, under it. */
function monthHeading(month: string, from: string, to: string): string {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(+month.slice(0, 4), +month.slice(5, 7))).padStart(2, '0')}`;
  const a = first < from ? from : first;
  const b = last > to ? to : last;
  // On a line of its own: a column of 11 does not hold "2009-05 (1–20)", and LibreOffice wraps it after the dash.
  return a === first && b === last ? month : `${month}\n(${+a.slice(8)}–${+b.slice(8)})`;
}

interface LabelCol {
  header: string;
  width: number;
  cell: (r: Row) => string;
  /** The cells' font size, when not the sheet's 11 pt; such a column holds one word a cell: it shrinks to fit, never wraps. */
  size?: number;
}
interface ValueCol {
  header: string;
  width: number;
  indicators: Record<string, IndicatorValue>;
  /** A month's (or a site's) column: figures of PERIOD_ONLY are left empty in a month column. */
  month?: boolean;
}

/**
 * A table: label columns, then one value column per figure set, under a header row (none when
 * `header` is false: a section below a table of the same columns, whose header is printed on top
 * of every page). Answers the next free row and the blocks it makes.
 */
function table(ws: ExcelJS.Worksheet, startRow: number, rows: readonly Row[], labelCols: LabelCol[], valueCols: ValueCol[], header = true): { end: number; blocks: Block[] } {
  labelCols.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(ws.getColumn(i + 1).width ?? 0, c.width)));
  valueCols.forEach((c, i) => (ws.getColumn(labelCols.length + i + 1).width = Math.max(ws.getColumn(labelCols.length + i + 1).width ?? 0, c.width)));
  if (header) {
    const head = ws.getRow(startRow);
    head.values = [...labelCols.map((c) => c.header), ...valueCols.map((c) => c.header)];
    styleHeader(head);
  }
  const blocks: Block[] = [];
  let n = header ? startRow + 1 : startRow;
  let prev: Row | null = null;
  for (const r of rows) {
    const row = ws.getRow(n);
    row.values = [
      ...labelCols.map((c) => c.cell(r)),
      ...valueCols.map((c) => (r.heading || (c.month && r.periodOnly) ? '' : r.value(c.indicators) ?? DASH)),
    ];
    styleBody(row, r, labelCols.length + 1);
    labelCols.forEach((c, i) => {
      if (c.size === undefined) return;
      row.getCell(i + 1).font = { ...FONT, bold: r.heading, size: c.size };
      row.getCell(i + 1).alignment = { vertical: 'top', shrinkToFit: true };
    });
    const lines = Math.max(...labelCols.map((c, i) => (c.size === undefined ? linesIn(c.cell(r), ws.getColumn(i + 1).width ?? c.width) : 1)));
    row.height = heightFor(lines);
    // A part stays with its figure's title (and the parts before it).
    if (r.part && prev && figureOf(prev) === figureOf(r)) blocks[blocks.length - 1].last = n;
    else blocks.push({ first: n, last: n });
    prev = r;
    n++;
  }
  // The header stays with the first group.
  if (blocks.length) blocks[0].first = startRow;
  else blocks.push({ first: startRow, last: startRow });
  return { end: n, blocks };
}

const indent = (r: Row, s: string) => (r.part ? `   ${s}` : s);
const labelCol = (header: string, width: number, lang: WorkbookLanguage): LabelCol => ({ header, width, cell: (r) => indent(r, r.label[lang]) });

/** A note below a table (merged over its columns, wrapped): one block of its own. */
function note(ws: ExcelJS.Worksheet, rowNo: number, text: string, span: number): Block {
  const row = ws.getRow(rowNo);
  row.getCell(1).value = text;
  row.getCell(1).font = { ...FONT, italic: true, size: NOTE_SIZE };
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  if (span > 1) ws.mergeCells(rowNo, 1, rowNo, span);
  let width = 0;
  for (let c = 1; c <= span; c++) width += ws.getColumn(c).width ?? 9;
  row.height = heightFor(linesIn(text, width * 1.05));
  return { first: rowNo, last: rowNo };
}

/**
 * A note below a table stays on the page of the table's last group: on a page of its own (the
 * header row and one line of italics) it read as a page left blank by mistake.
 */
function keepWithLast(blocks: Block[], b: Block): void {
  const last = blocks.reduce((a, x) => (x.last > a.last ? x : a));
  last.last = Math.max(last.last, b.last);
}

/** Splits columns into sheets (pages) of at most `max`, as evenly as it can: 12 months → 6 + 6, 7 → 4 + 3. */
export function chunks<T>(items: readonly T[], max: number): T[][] {
  if (items.length === 0) return [[]];
  const pages = Math.ceil(items.length / max);
  const per = Math.ceil(items.length / pages);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

// ---------- the definitions sheet ----------

function rulesOf(report: ReportResult, ctx: Context): Array<[string, string]> {
  const r = report.rules;
  const days = daysInclusive(report.period.from, report.period.to);
  const months = fmtMonths(report.period.months, ctx.lang);
  const underAMonth = isUnderAMonth(report.period.from, report.period.to);
  // A month's column counts age by its own year (engine.ts: each bucket's end): said when that is not the period's.
  const acrossYearEnd = ctx.hasMonths && report.period.from.slice(0, 4) !== report.period.to.slice(0, 4);
  const w = ctx.words;
  const omittedRow: Array<[string, string]> = ctx.omitZeroRows
    ? [[w.omittedRule, ctx.omitted.length ? w.omitted(ctx.omitted.join('; ')) : w.omittedNone]]
    : [[w.omittedRule, w.omittedOff]];
  const periodOnly = PERIOD_ONLY.filter((k) => ctx.periodOnlyShown.has(k)).map((k) => `„${indicatorByKey.get(k)?.label[ctx.lang] ?? k}“`);
  const periodOnlyRow: Array<[string, string]> = periodOnly.length && ctx.hasMonths ? [[w.periodOnlyRule, w.periodOnly(periodOnly.join(', '))]] : [];
  // One calendar month: no month columns (said why); else how the month columns add up.
  const monthsRow: [string, string] = ctx.hasMonths
    ? [w.monthColumnsRule, w.monthColumns]
    : [w.monthColumnsRule, w.oneMonth(report.period.from.slice(0, 7), ctx.input.template === 'municipal')];
  const level = r.coverage_level;
  if (ctx.lang === 'lt') {
    const levelLt = level === 'low' ? 'žema' : level === 'medium' ? 'vidutinė' : 'aukšta';
    return [
      ['Laikotarpis', `${report.period.from} – ${report.period.to}; ${underAMonth ? `${days} d.` : `${months} mėn. (${days} d.)`}`],
      ['Mėnesiai', 'Visi kalendoriniai mėnesiai, kai laikotarpis prasideda 1 d. ir baigiasi mėnesio paskutinę dieną; kitaip dienos / 30,4375.'],
      ['Vietos', report.sites.length ? report.sites.join(', ') : 'Visos vietos'],
      ['Nuolatiniai klientai', regularRuleText(r.regular_min_visit_days, 'lt')],
      ['Vartotojų skaičiaus įvertis', r.pwid_population_estimate === null ? 'Nenustatytas: aprėpties rodikliai neskaičiuojami.' : fmtNumber(r.pwid_population_estimate, 'lt')],
      ['Aprėpties lygiai', `Žema iki ${r.coverage_low_below}, vidutinė ${r.coverage_low_below}–${r.coverage_high_from - 1}, aukšta nuo ${r.coverage_high_from} švirkštų vienam vartotojui per metus${level ? `; šiame laikotarpyje: ${levelLt}` : ''}.`],
      ['Anuliuoti įrašai', 'Anuliuoti apsilankymai, lauko darbo sesijos, veiklos, pranešimai apie perdozavimus, gydymo etapai ir pakaitinio gydymo pakeitimai niekur neskaičiuojami.'],
      ['Lytis ir gimimo metai', r.sex_birth_year_from_code
        ? 'Kai registras ar forma jų nenurodė, paimti iš kodo (lyties skaitmuo ir gimimo metai; numatytasis kodo šablonas).'
        : 'Tik tokie, kokie įrašyti (kodo šablonas ne numatytasis).'],
      ['Apvalinimas', 'Viena dešimtoji, pusė į viršų, skaičiuojant iš tikslios reikšmės.'],
      ['Mėnesio rodikliai', `Rodiklių „per mėnesį“ langeliuose „–“ (neskaičiuojama), kai laikotarpis ar mėnuo trumpesnis nei ${r.per_month_min_days} d.${r.per_month_null ? ' Šioje ataskaitoje taip yra.' : ''}`],
      ['Pakaitinis gydymas', 'Kliento būklė paskutinę laikotarpio dieną: naujausias iki jos įrašytas pakeitimas.'],
      ['Tarpininkavimo rezultatas', 'Kai rezultatas neįrašytas – „nežinoma“.'],
      ['HCV RNR tyrimas', 'Skaičiuojamas tarp tyrimų ir hepatito C gydymo kaskadoje, bet ne kaip dar vienas teigiamas rezultatas ar naujas atvejis.'],
      ['Apsilankymo diena', 'Kliento ir datos pora: du to paties kliento įrašai tą pačią dieną yra viena diena.'],
      ['Pirmasis apsilankymas', 'Ankstyviausias neanuliuotas apsilankymas bet kurioje vietoje, nepaisant vietų filtro.'],
      ['Amžius', w.ageRule(report.period.to.slice(0, 4), acrossYearEnd)],
      monthsRow,
      ...periodOnlyRow,
      ...omittedRow,
      ...(ctx.fieldHidden ? [['Paslėptos eilutės', w.hiddenField] as [string, string]] : []),
      ...(ctx.cost ? [[w.costRule, ctx.cost] as [string, string]] : []),
      ...(ctx.pointsLeftOut.length ? [['Antrinio keitimo taškai', `${ctx.pointsLeftOut.join(', ')}: be savo stulpelio lapuose „Pagal vietas“. Taškų darbas įrašomas kabineto apsilankymuose, todėl jų skaičiai – kabineto stulpelyje (ir „Iš viso“).`] as [string, string]] : []),
      ['Skaičių formatas', 'Skaičiai įrašyti kaip skaičiai: tūkstančių skyriklį ir dešimtainį ženklą rodo skaičiuoklė pagal kompiuterio kalbos nustatymus (lietuviškai, pvz., 28 190 arba 28.190; 23,1).'],
      ['Parengta', `${localToday()}, Slenkstis${ctx.cabinetName ? ` – ${ctx.cabinetName}` : ''}`],
    ];
  }
  return [
    ['Period', `${report.period.from} – ${report.period.to}; ${underAMonth ? `${days} ${days === 1 ? 'day' : 'days'}` : `${months} months (${days} days)`}`],
    ['Months', "Whole calendar months when the period runs from a 1st to a month's last day; otherwise days / 30.4375."],
    ['Sites', report.sites.length ? report.sites.join(', ') : 'All sites'],
    ['Regular clients', regularRuleText(r.regular_min_visit_days, 'en')],
    ['PWID population estimate', r.pwid_population_estimate === null ? 'Not set: coverage figures are not computed.' : fmtNumber(r.pwid_population_estimate, 'en')],
    ['Coverage levels', `Low below ${r.coverage_low_below}, medium ${r.coverage_low_below}–${r.coverage_high_from - 1}, high from ${r.coverage_high_from} syringes per PWID per year${level ? `; this period: ${level}` : ''}.`],
    ['Voided records', 'Voided visits, outreach sessions, activities, overdose reports, care steps and pharmacotherapy changes never count.'],
    ['Sex and birth year', r.sex_birth_year_from_code
      ? 'Taken from the code (its sex digit and birth year; the default code pattern) where the register or the form left them empty.'
      : 'Only as recorded (the code pattern is not the default one).'],
    ['Rounding', 'One decimal, half up, computed on the exact value.'],
    ['Per-month figures', `"–" (not computed) in the cells of a per-month figure for a period or month shorter than ${r.per_month_min_days} days.${r.per_month_null ? ' This report has such a period or month.' : ''}`],
    ['Pharmacotherapy', "A client's status on the period's last day: the latest dated change on or before it."],
    ['Referral outcome', 'Nothing recorded counts as unknown.'],
    ['HCV RNA test', 'Counts among the tests and in the hepatitis C care cascade, never as another positive result or new case.'],
    ['Visit-day', 'A (client, date) pair: two entries of one client on one day are one visit-day.'],
    ['First visit', 'The earliest non-voided visit at any site, whatever the site filter.'],
    ['Age', w.ageRule(report.period.to.slice(0, 4), acrossYearEnd)],
    monthsRow,
    ...periodOnlyRow,
    ...omittedRow,
    ...(ctx.fieldHidden ? [['Hidden rows', w.hiddenField] as [string, string]] : []),
    ...(ctx.cost ? [[w.costRule, ctx.cost] as [string, string]] : []),
    ...(ctx.pointsLeftOut.length ? [['Secondary exchange points', `${ctx.pointsLeftOut.join(', ')}: no column of their own on the "By site" sheets. A point's work is recorded on the cabinet's visits, so its figures are in the cabinet's column (and the total).`] as [string, string]] : []),
    ['Number format', "Figures are stored as numbers: the spreadsheet shows their thousands separator and decimal mark by the computer's locale settings (in English 28,190; 23.1)."],
    ['Prepared', `${localToday()}, Slenkstis${ctx.cabinetName ? ` – ${ctx.cabinetName}` : ''}`],
  ];
}

/** A character of a monospaced font at 9 pt, in px: Consolas is 0.55 em, but LibreOffice without it prints in Liberation or DejaVu Mono, 0.6 em. */
export const MONO_9_PX = 7.2;

/**
 * The definitions sheet's key column: the longest key on one line in a monospaced 9 pt (MONO_9_PX
 * a character, 4 px of padding each side; a column of width w is w × 7 + 5 px), and no wider (the
 * rules' names above it are shorter).
 */
export const DEFINITIONS_KEY_WIDTH = Math.ceil((Math.max(...INDICATORS.map((d) => d.key.length)) * MONO_9_PX + 8 - 5) / 7);

function definitionsSheet(wb: ExcelJS.Workbook, report: ReportResult, ctx: Context): void {
  const w = ctx.words;
  const ws = wb.addWorksheet(w.sheetDefinitions, { properties: { tabColor: { argb: 'FF808080' } } });
  const widths = [DEFINITIONS_KEY_WIDTH, 36, 136 - DEFINITIONS_KEY_WIDTH - 36];
  widths.forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const title = ws.getRow(1);
  title.getCell(1).value = w.definitionsTitle;
  title.getCell(1).font = { ...FONT, bold: true, size: 13 };
  title.height = 22;
  const blocks: Block[] = [{ first: 1, last: 1 }];
  let n = 2;
  for (const [k, v] of rulesOf(report, ctx)) {
    const row = ws.getRow(n);
    row.getCell(1).value = k;
    row.getCell(2).value = v;
    ws.mergeCells(n, 2, n, 3);
    row.getCell(1).font = { ...FONT, bold: true };
    row.getCell(2).font = FONT;
    row.getCell(1).alignment = { vertical: 'top', wrapText: true };
    row.getCell(2).alignment = { vertical: 'top', wrapText: true };
    row.height = heightFor(Math.max(linesIn(v, widths[1] + widths[2]), linesIn(k, widths[0])));
    blocks.push({ first: n, last: n });
    n++;
  }
  ws.getRow(n).height = ROW_HEIGHT;
  n++;
  const headerRow = n;
  const header = ws.getRow(n++);
  header.values = [w.key, w.indicator, w.definition];
  styleHeader(header);
  blocks.push({ first: headerRow, last: headerRow + 1 });
  for (const def of INDICATORS) {
    const row = ws.getRow(n);
    row.values = [def.key, def.label[ctx.lang], def.definition[ctx.lang]];
    row.eachCell((c) => {
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
      c.font = FONT;
    });
    row.getCell(1).font = { name: 'Consolas', size: 9 };
    row.height = heightFor(Math.max(linesIn(def.definition[ctx.lang], widths[2]), linesIn(def.label[ctx.lang], widths[1]), linesIn(def.key, widths[0] * 1.1)));
    if (n > headerRow + 1) blocks.push({ first: n, last: n });
    n++;
  }
  printReady(ws, { title: w.definitionsTitle, headerRow, orientation: 'landscape', blocks });
  ws.views = [{ state: 'frozen', ySplit: headerRow, activeCell: `A${headerRow + 1}` }];
}

// ---------- the three templates ----------

interface Context {
  store: Store;
  input: WorkbookInput;
  lang: WorkbookLanguage;
  words: Words;
  report: ReportResult;
  catalogue: CatalogueItem[];
  cabinetName: string;
  /** The template's setting: rows of work not recorded in the period left out. */
  omitZeroRows: boolean;
  /** What was left out, in words (for the definitions sheet). */
  omitted: string[];
  /** Figures of PERIOD_ONLY that a month sheet shows. */
  periodOnlyShown: Set<string>;
  /** Whether the workbook has month columns: only when the period spans more than one calendar month (one column of one month would repeat the period's). */
  hasMonths: boolean;
  /** Whether the donor's field section hid a row of zeros. */
  fieldHidden: boolean;
  /** How the cost per output was computed (for the definitions sheet); null without a cost section. */
  cost: string | null;
  /** Secondary-exchange points left out of the full workbook's site columns. */
  pointsLeftOut: string[];
  months: Array<{ month: string; header: string; indicators: Record<string, IndicatorValue> }>;
  whole: Record<string, IndicatorValue>;
  wholeCol: () => ValueCol;
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

/** The outputs a project's budget is divided by (the donor's cost per output). */
export const COST_OUTPUTS = ['clients', 'nsp_participants', 'syringes_distributed', 'tests'] as const;
export type CostOutput = (typeof COST_OUTPUTS)[number];

/**
 * Cost per output: the budget (in minor units) over each output of the project period; `tests`
 * is every test performed (the sum of tests_by_type, HCV RNA included), not persons tested.
 * In major units, rounded half up to the cent; null where the output is 0, and every one null
 * for a budget of 0 (no budget entered: an empty budget field saves 0).
 */
export function costPerOutput(budgetMinor: number, ind: Record<string, IndicatorValue>): Record<CostOutput, { count: number; cost: number | null }> {
  const tests = ind.tests_by_type;
  const counts: Record<CostOutput, number> = {
    clients: scalar(ind.clients) ?? 0,
    nsp_participants: scalar(ind.nsp_participants) ?? 0,
    syringes_distributed: scalar(ind.syringes_distributed) ?? 0,
    tests: tests !== null && typeof tests === 'object' ? Object.values(tests).reduce((a, b) => a + b, 0) : 0,
  };
  const out = {} as Record<CostOutput, { count: number; cost: number | null }>;
  for (const k of COST_OUTPUTS) out[k] = { count: counts[k], cost: counts[k] > 0 && budgetMinor > 0 ? Math.floor(budgetMinor / counts[k] + 0.5) / 100 : null };
  return out;
}

const textRow = (ws: ExcelJS.Worksheet, n: number, text: string, span: number, width: number, font: Partial<ExcelJS.Font> = {}): void => {
  const row = ws.getRow(n);
  row.getCell(1).value = text;
  row.getCell(1).font = { ...FONT, ...font };
  row.getCell(1).alignment = { vertical: 'top', wrapText: true };
  ws.mergeCells(n, 1, n, span);
  row.height = heightFor(linesIn(text, width / ((font.size ?? 11) / 11)));
};

/** Rows of a template's figures, zero rows left out when the template's setting says so (what was left out noted once). */
function rowsFor(c: Context, keys: readonly string[], note = true): Row[] {
  const rows = rowsOf(keys, c.catalogue);
  if (!c.omitZeroRows) return rows;
  const { kept, omitted } = leaveOutZeroRows(rows, c.whole, c.lang);
  if (note) for (const o of omitted) if (!c.omitted.includes(o)) c.omitted.push(o);
  return kept;
}

/** Whether a value column holds anything but zero (or nothing) for a row. */
const shows = (r: Row, cols: readonly ValueCol[]): boolean => cols.some((c) => (r.value(c.indicators) ?? 0) !== 0);

/**
 * The donor's section of DONOR_FIELD below a table, when any of it is not zero in the period:
 * a title row, then its table; a figure's row whose values are all zero is hidden (naloxone kits
 * and recipients, overdose-response training), but never a part of a cascade or of an outcome
 * (FINDINGS: "cured 0", "died 0" are findings). Answers the next free row and the section's blocks.
 */
function donorFieldSection(ws: ExcelJS.Worksheet, startRow: number, c: Context, labelCols: LabelCol[], valueCols: ValueCol[]): { end: number; blocks: Block[] } {
  const rows = rowsOf(DONOR_FIELD, c.catalogue);
  if (!rows.some((r) => !r.heading && (r.value(c.whole) ?? 0) !== 0)) return { end: startRow, blocks: [] };
  const title = ws.getRow(startRow);
  title.getCell(1).value = c.words.fieldTitle;
  title.getCell(1).font = { ...FONT, bold: true, size: 12 };
  title.height = 20;
  // The columns are those of the table above: its header row is printed on top of every page.
  const t = table(ws, startRow + 1, rows, labelCols, valueCols, false);
  rows.forEach((r, i) => {
    const visible = FINDINGS.has(figureOf(r)) || shows(r, valueCols);
    if (!visible) {
      ws.getRow(startRow + 1 + i).hidden = true;
      c.fieldHidden = true;
    }
  });
  // The title stays with the header and the first group.
  t.blocks[0].first = startRow;
  return t;
}

/**
 * The months of the period in groups of at most MAX_BLOCK_COLUMNS, each group a sheet: its name,
 * and its columns. A period within one calendar month has no month columns: no sheet, or (`keep`,
 * a sheet that is the workbook's content) one sheet without month columns.
 */
function monthSheets(c: Context, base: string, keep = false): Array<{ name: string; cols: ValueCol[] }> {
  if (!c.hasMonths) return keep ? [{ name: base, cols: [] }] : [];
  const groups = chunks(c.months, MAX_BLOCK_COLUMNS);
  return groups.map((g) => ({
    name: groups.length === 1 || g.length === 0 ? base : `${base} ${g[0].month}–${g[g.length - 1].month}`,
    cols: g.map((m) => ({ header: m.header, width: 11, indicators: m.indicators, month: true })),
  }));
}

function donorSheets(wb: ExcelJS.Workbook, c: Context): void {
  const w = c.words;
  const lang = c.lang;
  const ws = wb.addWorksheet(w.sheetReport);
  const project = projectFor(c.store, c.input.from, c.input.to);
  const r = c.report;
  const widths = [6, 64, 16];
  widths.forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const span = widths.reduce((a, b) => a + b, 0);
  textRow(ws, 1, w.donorTitle, 3, span, { bold: true, size: 14 });
  const head = [
    `${w.project}: ${project?.title ?? DASH}`,
    `${w.donor}: ${project?.donor ?? DASH}`,
    `${w.period}: ${r.period.from} – ${r.period.to} (${periodLength(r.period, lang)})`,
    `${w.budget}: ${project && project.budget_minor > 0 ? `${fmtNumber(project.budget_minor / 100, lang, 2)} ${project.currency}` : DASH}`,
    `${w.service}: ${c.cabinetName || DASH}`,
    `${w.sites}: ${r.sites.length ? r.sites.join(', ') : w.allSites}`,
  ];
  head.forEach((text, i) => textRow(ws, i + 2, text, 3, span));
  ws.getRow(head.length + 2).height = ROW_HEIGHT;
  const headerRow = head.length + 3;
  const rows = rowsFor(c, DONOR_MAIN);
  // Numbered as shown (1, 2, 3… with no gap for a row left out or hidden): the main indicators, then those of the field's section.
  const fieldShown = rowsOf(DONOR_FIELD, c.catalogue).some((x) => !x.heading && (x.value(c.whole) ?? 0) !== 0)
    ? DONOR_FIELD.filter((k) => FINDINGS.has(k) || (scalar(c.whole[k]) ?? 0) !== 0)
    : [];
  const numbers = new Map([...rows.filter((x) => !x.part).map((x) => x.key), ...fieldShown].map((key, i) => [key, String(i + 1)]));
  const labelCols: LabelCol[] = [{ header: w.nr, width: widths[0], cell: (x) => (x.part ? '' : numbers.get(x.key) ?? '') }, labelCol(w.indicator, widths[1], lang)];
  const valueCol: ValueCol[] = [{ header: w.value, width: widths[2], indicators: c.whole }];
  const main = table(ws, headerRow, rows, labelCols, valueCol);
  const blocks = [...main.blocks];
  // The head stays with the table's header.
  blocks[0].first = 1;
  const field = donorFieldSection(ws, main.end + 1, c, labelCols, valueCol);
  blocks.push(...field.blocks);
  let end = field.end;
  if (project) {
    const cost = costSection(ws, end + 1, c, project, span);
    blocks.push(cost.block);
    end = cost.end;
  }
  keepWithLast(blocks, note(ws, end + 1, `${regularRuleText(r.rules.regular_min_visit_days, lang)} ${w.definitionsAt}`, 3));
  printReady(ws, { title: project?.title ?? w.donorReport, headerRow, orientation: 'portrait', blocks });

  const monthRows = rows;
  for (const sheet of monthSheets(c, w.sheetByMonth)) {
    const monthly = wb.addWorksheet(sheet.name);
    const cols = [...sheet.cols, { header: w.whole, width: 14, indicators: c.whole }];
    const labels = [labelCol(w.indicator, 48, lang)];
    const t = table(monthly, 1, monthRows, labels, cols);
    const f = donorFieldSection(monthly, t.end + 1, c, labels, cols);
    const mBlocks = [...t.blocks, ...f.blocks];
    keepWithLast(mBlocks, note(monthly, f.end + 1, w.distinctNote, 1 + cols.length));
    printReady(monthly, { title: `${project?.title ?? w.donorReport}: ${w.byMonth}`, headerRow: 1, orientation: 'landscape', labelCols: 1, blocks: mBlocks });
  }
}

/**
 * The donor's cost per output, below its tables: the budget over the outputs of the whole project
 * (its period, every site), whatever the report's period and site filter: the budget bought the
 * whole project's work, not one site's. A budget of 0 is no budget: every cost "–", and why.
 */
function costSection(ws: ExcelJS.Worksheet, start: number, c: Context, project: Project, span: number): { end: number; block: Block } {
  const w = c.words;
  const samePeriod = project.date_from === c.input.from && project.date_to === c.input.to;
  const filtered = c.input.siteIds.length > 0;
  const budget = project.budget_minor > 0;
  const ind = samePeriod && !filtered ? c.whole : indicatorsFor(c.store, project.date_from, project.date_to, []);
  const costs = costPerOutput(project.budget_minor, ind);
  c.cost = budget ? w.costRuleText(filtered) : w.costRuleNoBudget;
  const money = `#,##0.00 "${project.currency}"`;
  const title = ws.getRow(start);
  title.getCell(1).value = w.costTitle;
  title.getCell(1).font = { ...FONT, bold: true, size: 12 };
  title.height = 20;
  // No header of its own: its columns are the report's (Rodiklis, Reikšmė), whose header row is
  // printed on top of every page; a second one under it repeated the same words.
  const lines: Array<[string, number | string]> = [
    [w.costBudget, budget ? project.budget_minor / 100 : DASH],
    ...COST_OUTPUTS.map((k): [string, number | string] => [`${w.costPer[k]} (${w.costCount(fmtNumber(costs[k].count, c.lang))})`, costs[k].cost ?? DASH]),
  ];
  let n = start + 1;
  for (const [label, value] of lines) {
    const row = ws.getRow(n++);
    row.values = ['', label, value];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
      cell.alignment = col === 3 ? { horizontal: 'right', vertical: 'top' } : { vertical: 'top', wrapText: true };
      cell.font = FONT;
      if (col === 3) cell.numFmt = money;
    });
    row.height = heightFor(linesIn(label, ws.getColumn(2).width ?? 60));
  }
  textRow(ws, n, budget ? w.costNote(project.date_from, project.date_to, samePeriod, filtered) : w.costNoBudget, 3, span, { italic: true, size: NOTE_SIZE });
  return { end: n + 1, block: { first: start, last: n } };
}

function municipalSheets(wb: ExcelJS.Workbook, c: Context): void {
  const w = c.words;
  const lang = c.lang;
  const title = `${c.cabinetName || w.municipalTitle} ${c.input.from} – ${c.input.to}`;
  const services = rowsFor(c, MUNICIPAL_SERVICES);
  for (const sheet of monthSheets(c, w.sheetServices, true)) {
    const ws = wb.addWorksheet(sheet.name);
    const t = table(ws, 1, services, [labelCol(w.indicator, 44, lang)], [...sheet.cols, { header: c.hasMonths ? w.total : w.whole, width: 14, indicators: c.whole }]);
    const blocks = [...t.blocks];
    keepWithLast(blocks, note(ws, t.end + 1, w.servicesNote, 2 + sheet.cols.length));
    printReady(ws, { title: `${title}: ${c.hasMonths ? w.servicesByMonth : w.servicesWord}`, headerRow: 1, orientation: 'landscape', labelCols: 1, blocks });
  }
  const sexRows = [...rowsOf(['clients'], c.catalogue), ...rowsFor(c, ['clients_by_sex']).filter((r) => r.part)];
  const ageRows = [...rowsOf(['clients'], c.catalogue), ...rowsFor(c, ['clients_by_age']).filter((r) => r.part)];
  for (const sheet of monthSheets(c, w.sheetClients, true)) {
    const ws = wb.addWorksheet(sheet.name);
    const cols = [...sheet.cols, { header: w.whole, width: 14, indicators: c.whole }];
    const t1 = table(ws, 1, sexRows, [labelCol(w.indicator, 44, lang)], cols);
    ws.getRow(t1.end).height = ROW_HEIGHT;
    const t2 = table(ws, t1.end + 1, ageRows, [labelCol(w.ageGroup, 44, lang)], cols);
    const blocks = [...t1.blocks, ...t2.blocks];
    keepWithLast(blocks, note(ws, t2.end + 1, w.ageNote(c.input.to.slice(0, 4), c.hasMonths && c.input.from.slice(0, 4) !== c.input.to.slice(0, 4)), 1 + cols.length));
    printReady(ws, { title: `${title}: ${w.clientsBySexAge}`, headerRow: 1, orientation: 'landscape', labelCols: 1, blocks });
  }
}

/** The font size of the full workbook's key column: smaller than the labels (a key is a stable name to look up, not a word to read). */
export const KEY_FONT_SIZE = 9;

/**
 * The full workbook's key column. A key is one unbreakable word: at 11 pt in 28 columns the
 * longer ones spilled over the label or were cut. At KEY_FONT_SIZE every figure's key and most
 * parts' fit; the few longest (figure.part up to 51 characters,
 * "meeting_participants_by_institution.law_enforcement") shrink to fit their cell. Wider, the
 * months and sites no longer fit a landscape page as LibreOffice measures columns.
 */
export const FULL_KEY_WIDTH = 28;

function fullSheets(wb: ExcelJS.Workbook, c: Context): void {
  const w = c.words;
  const lang = c.lang;
  const title = `${c.cabinetName || 'Slenkstis'} ${c.input.from} – ${c.input.to}`;
  const keyCol: LabelCol = { header: w.key, width: FULL_KEY_WIDTH, cell: (r: Row) => r.key, size: KEY_FONT_SIZE };
  const rows = rowsFor(c, INDICATORS.map((d) => d.key));
  const all = wb.addWorksheet(w.sheetIndicators);
  const t = table(all, 1, rows, [keyCol, labelCol(w.indicator, 50, lang)], [{ ...c.wholeCol(), width: 16 }]);
  printReady(all, { title: `${title}: ${w.everyIndicator}`, headerRow: 1, orientation: 'portrait', labelCols: 2, blocks: t.blocks });

  const periodOnly = rows.filter((r) => r.periodOnly && !r.part).map((r) => `„${r.label[lang]}“`);
  for (const sheet of monthSheets(c, w.sheetMonths)) {
    if (sheet.cols.length === 0) break;
    const ws = wb.addWorksheet(sheet.name);
    const m = table(ws, 1, rows, [keyCol, labelCol(w.indicator, 38, lang)], sheet.cols);
    const blocks = [...m.blocks];
    if (periodOnly.length) {
      for (const r of rows) if (r.periodOnly) c.periodOnlyShown.add(figureOf(r));
      keepWithLast(blocks, note(ws, m.end + 1, w.periodOnlyNote(periodOnly.join(', ')), 2 + sheet.cols.length));
    }
    keepWithLast(blocks, note(ws, m.end + (periodOnly.length ? 2 : 1), w.distinctNote, 2 + sheet.cols.length));
    printReady(ws, { title: `${title}: ${w.byMonth}`, headerRow: 1, orientation: 'landscape', labelCols: 2, blocks });
  }

  // A secondary-exchange point has no column: its work is recorded on the cabinet's visits, so its
  // own column would be zeros (said on the definitions sheet). Sites by kind, then by name
  // naturally (Nr. 2 before Nr. 10).
  const chosen = c.input.siteIds.length ? new Set(siteRefs(c.store, c.input.siteIds).map((s) => s.id)) : null;
  const known = c.store.all(qb.selectFrom('sites').select(['id', 'name', 'kind'])).filter((s) => !chosen || chosen.has(s.id));
  const points = known.filter((s) => s.kind === 'point');
  if (points.length) c.pointsLeftOut = points.map((s) => s.name).sort(NATURAL.compare);
  const sites = known
    .filter((s) => s.kind !== 'point')
    .sort((a, b) => SITE_KINDS.indexOf(a.kind) - SITE_KINDS.indexOf(b.kind) || NATURAL.compare(a.name, b.name));
  const siteCols: ValueCol[] = sites.map((s) => ({ header: s.name, width: 13, indicators: indicatorsFor(c.store, c.input.from, c.input.to, [s.id]) }));
  const groups = chunks(siteCols, SITE_COLUMNS);
  groups.forEach((g, i) => {
    const first = groups.slice(0, i).reduce((a, x) => a + x.length, 0) + 1;
    const name = groups.length === 1 ? w.sheetBySite : `${w.sheetBySite} ${first}–${first + g.length - 1}`;
    const ws = wb.addWorksheet(name);
    const s = table(ws, 1, rows, [keyCol, labelCol(w.indicator, 38, lang)], [
      ...g,
      { header: c.input.siteIds.length ? w.selectedSites : w.allSites, width: 14, indicators: c.whole },
    ]);
    // Why the sites' columns do not add up to the total (the Kaunas demo: 0 meetings at its one site, 2 in all).
    keepWithLast(s.blocks, note(ws, s.end + 1, w.siteNote(c.input.siteIds.length === 0), 3 + g.length));
    printReady(ws, { title: `${title}: ${w.bySite}`, headerRow: 1, orientation: 'landscape', labelCols: 2, blocks: s.blocks });
  });
}

/** Builds the workbook of a template for a period and site filter, in one language. */
export async function buildWorkbook(store: Store, input: WorkbookInput, step: Step = () => undefined, today: string = localToday()): Promise<ExcelJS.Workbook> {
  const report = runReport(store, { from: input.from, to: input.to, siteIds: input.siteIds, monthly: true }, step, today);
  const lang: WorkbookLanguage = input.language ?? 'lt';
  const settings = getSettings({ store });
  const words = WORDS[lang];
  const months = (report.monthly ?? []).map((m) => ({ month: m.month, header: monthHeading(m.month, input.from, input.to), indicators: m.indicators }));
  const ctx: Context = {
    store, input, lang, words, report,
    catalogue: loadCatalogue(store),
    cabinetName: settings.cabinetName,
    omitZeroRows: settings.workbookOmitZeroRows[input.template],
    omitted: [],
    periodOnlyShown: new Set(),
    hasMonths: months.length > 1,
    fieldHidden: false,
    cost: null,
    pointsLeftOut: [],
    months,
    whole: report.indicators,
    wholeCol: () => ({ header: words.whole, width: 16, indicators: report.indicators }),
  };
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
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
