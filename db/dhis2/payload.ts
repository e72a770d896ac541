// The DHIS2 aggregate export: the report's figures for each period of the mapping's period
// type, as a `dataValueSets` payload (DHIS2 web API, "Sending bulks of data values": period
// and orgUnit on each data value, so one payload carries several periods).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { daysInMonth } from '../../shared/dates';
import { dhis2Mapping, type Dhis2Mapping, type Dhis2Payload, type Dhis2PeriodType } from '../../shared/data-schemas';
import type { ReportOutput } from '../../shared/report-schemas';
import { isIndicatorKey } from '../../shared/indicators';

export interface Dhis2Period {
  /** DHIS2's period string: 202401 (Monthly), 2024Q1 (Quarterly), 2024 (Yearly). */
  period: string;
  from: string;
  to: string;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * The DHIS2 periods that make up from..to. The range must start on the first day and end on
 * the last day of a period: a half month reported as a month would be wrong in DHIS2.
 */
export function dhis2Periods(from: string, to: string, type: Dhis2PeriodType): Dhis2Period[] {
  const months = type === 'Monthly' ? 1 : type === 'Quarterly' ? 3 : 12;
  const fy = +from.slice(0, 4);
  const fm = +from.slice(5, 7);
  if (from.slice(8) !== '01' || (fm - 1) % months !== 0) {
    throw new CoreError('validation', text('dhis2.period_start', { type, example: `${fy}-${p2(type === 'Monthly' ? fm : 1)}-01` }), 'from');
  }
  const ty = +to.slice(0, 4);
  const tm = +to.slice(5, 7);
  if (+to.slice(8) !== daysInMonth(ty, tm) || tm % months !== 0) {
    throw new CoreError('validation', text('dhis2.period_end', { type }), 'to');
  }
  const out: Dhis2Period[] = [];
  let y = fy;
  let m = fm;
  while (y < ty || (y === ty && m <= tm)) {
    const endM = m + months - 1;
    const period = type === 'Monthly' ? `${y}${p2(m)}` : type === 'Quarterly' ? `${y}Q${(m + 2) / 3}` : `${y}`;
    out.push({ period, from: `${y}-${p2(m)}-01`, to: `${y}-${p2(endM)}-${p2(daysInMonth(y, endM))}` });
    m += months;
    if (m > 12) {
      m -= 12;
      y++;
    }
  }
  return out;
}

export type ReportFn = (input: { from: string; to: string; siteIds: number[]; monthly: boolean }) => ReportOutput;

/** DHIS2 takes values as text; decimals keep at most the one decimal the reports show. */
const valueText = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10));

export interface Dhis2Export {
  payload: Dhis2Payload;
  periods: string[];
  /** Mapped figures that had no value (not computable, or an unknown catalogue item), in sentences. */
  skipped: string[];
}

export function buildDhis2Payload(mapping: Dhis2Mapping, from: string, to: string, report: ReportFn): Dhis2Export {
  const periods = dhis2Periods(from, to, mapping.periodType);
  const dataValues: Dhis2Payload['dataValues'] = [];
  const skipped: string[] = [];
  for (const p of periods) {
    const figures = report({ from: p.from, to: p.to, siteIds: [], monthly: false }).indicators;
    for (const e of mapping.dataValues) {
      const [key, part] = e.indicator.split('.');
      // The mapping file was checked against the catalogue (checkIndicatorRef): the key is known.
      const figure = isIndicatorKey(key) ? figures[key] : undefined;
      let value: number | null | undefined;
      if (figure === null || figure === undefined) value = figure;
      else if (typeof figure === 'number') value = part === undefined ? figure : undefined;
      else value = part === undefined ? undefined : figure[part];
      if (value === null || value === undefined) {
        skipped.push(`${p.period} ${e.indicator}: ${value === null ? 'cannot be computed for this period (for example, no PWID estimate is set)' : 'the report has no such figure (is the catalogue item key right?)'}; no value sent.`);
        continue;
      }
      dataValues.push({
        dataElement: e.dataElement,
        period: p.period,
        orgUnit: mapping.orgUnit,
        ...(e.categoryOptionCombo ? { categoryOptionCombo: e.categoryOptionCombo } : {}),
        ...((e.attributeOptionCombo ?? mapping.attributeOptionCombo) ? { attributeOptionCombo: e.attributeOptionCombo ?? mapping.attributeOptionCombo } : {}),
        value: valueText(value),
      });
    }
  }
  return { payload: { ...(mapping.dataSet ? { dataSet: mapping.dataSet } : {}), dataValues }, periods: periods.map((p) => p.period), skipped };
}

/** The first few problems of a mapping, naming the entries (the command line's, in English). */
export function describeMappingError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.');
    return i.code === 'custom' || !path ? i.message : `${path}: ${i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${parts.join('; ')}${more}`;
}

export function parseMapping(raw: unknown): Dhis2Mapping {
  const parsed = dhis2Mapping.safeParse(raw);
  if (!parsed.success) throw new CoreError('validation', text('dhis2.mapping_invalid', { issues: describeMappingError(parsed.error) }));
  return parsed.data;
}

export function readMappingFile(path: string): Dhis2Mapping {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    throw new CoreError('not_found', text('dhis2.mapping_unreadable', { path }));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (e) {
    throw new CoreError('validation', text('dhis2.mapping_json', { path, detail: (e as Error).message }));
  }
  return parseMapping(raw);
}
