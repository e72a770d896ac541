// Report periods from the presets of the report screen: a calendar month, a quarter, a year,
// a project's period, or dates typed by hand. Dates are YYYY-MM-DD text (STYLE.md).
import { daysInMonth, isValidDate } from '../../shared/dates';

export interface Period {
  from: string;
  to: string;
}

export const PRESETS = ['month', 'quarter', 'year', 'project', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

const pad = (n: number): string => String(n).padStart(2, '0');

export function monthPeriod(year: number, month: number): Period {
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}` };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return { from: monthPeriod(year, first).from, to: monthPeriod(year, first + 2).to };
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The month before the one of `today` (what a monthly report is usually about). */
export function previousMonth(today: string): { year: number; month: number } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
}

export const quarterOf = (month: number): number => Math.floor((month - 1) / 3) + 1;

/** Typed dates as a period, or null while they are incomplete or the wrong way round. */
export function customPeriod(from: string, to: string): Period | null {
  if (!isValidDate(from) || !isValidDate(to) || from > to) return null;
  return { from, to };
}

/** Years offered by the pickers: this year back to 2000 (registers from years back are imported). */
export function yearsUpTo(year: number): number[] {
  const out: number[] = [];
  for (let y = year; y >= 2000; y--) out.push(y);
  return out;
}
