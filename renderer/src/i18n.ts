// i18next with Lithuanian as the default language and English one switch away.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import lt from './locales/lt.json';
import en from './locales/en.json';

export type Language = 'lt' | 'en';

const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('slenkstis.language')) as Language | null;

void i18n.use(initReactI18next).init({
  resources: { lt: { translation: lt }, en: { translation: en } },
  lng: saved ?? 'lt',
  fallbackLng: 'lt',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lang: Language): void {
  localStorage.setItem('slenkstis.language', lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** Numbers and dates in the locale's format. */
export const formatNumber = (n: number, digits = 0): string =>
  new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'lt-LT', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

export const formatDate = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'lt-LT', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(y, m - 1, d));
};

export default i18n;
