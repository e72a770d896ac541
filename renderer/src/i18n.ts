// i18next with Lithuanian as the default language and English one switch away.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/lt';
import 'dayjs/locale/en-gb';
import lt from './locales/lt.json';
import en from './locales/en.json';

export type Language = 'lt' | 'en';

dayjs.extend(customParseFormat);

const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('slenkstis.language')) as Language | null;
const initial: Language = saved === 'en' ? 'en' : 'lt';

void i18n.use(initReactI18next).init({
  resources: { lt: { translation: lt }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'lt',
  interpolation: { escapeValue: false },
  returnNull: false,
});
if (typeof document !== 'undefined') document.documentElement.lang = initial;

export function setLanguage(lang: Language): void {
  localStorage.setItem('slenkstis.language', lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export const currentLanguage = (): Language => (i18n.language === 'en' ? 'en' : 'lt');

const intlLocale = (): string => (currentLanguage() === 'en' ? 'en-GB' : 'lt-LT');

/** The dayjs locale and the date format the date fields use (Lithuania writes ISO dates). */
export const dayjsLocale = (): string => (currentLanguage() === 'en' ? 'en-gb' : 'lt');
export const dateInputFormat = (): string => (currentLanguage() === 'en' ? 'DD/MM/YYYY' : 'YYYY-MM-DD');

/** Numbers and dates in the locale's format. */
export const formatNumber = (n: number, digits = 0): string =>
  new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

export const formatDate = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(y, m - 1, d));
};

/** A UTC timestamp (audit, voids) in local date and time; with seconds where two can fall in one minute (backups). */
export const formatDateTime = (isoTimestamp: string, withSeconds = false): string =>
  new Intl.DateTimeFormat(intlLocale(), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' as const } : {}),
  }).format(new Date(isoTimestamp));

/** A calendar month (YYYY-MM) as the locale names it, e.g. "2026 m. spal." or "Oct 2026". */
export const formatMonth = (ym: string): string => {
  const [y, m] = ym.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'short' }).format(new Date(y, m - 1, 1));
};

/** A month's full name in the locale (for pickers), 1 = January. */
export const monthName = (month: number): string => {
  const name = new Intl.DateTimeFormat(intlLocale(), { month: 'long' }).format(new Date(2000, month - 1, 1));
  return name.charAt(0).toUpperCase() + name.slice(1);
};

/** A file size in kB or MB, in the locale's number format. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), 1)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} kB`;

/** Money kept in minor units (cents), shown in the project's currency. */
export const formatMoney = (minor: number, currency: string): string =>
  new Intl.NumberFormat(intlLocale(), { style: 'currency', currency }).format(minor / 100);

/** A catalogue item's label in the current language. */
export const itemLabel = (item: { labelLt: string; labelEn: string }): string => (currentLanguage() === 'en' ? item.labelEn : item.labelLt);

export default i18n;
