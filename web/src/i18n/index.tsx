/**
 * The interface language: Vietnamese by default, English on request. The choice is kept in the browser and, once
 * signed in, on the account. Every label comes from the catalogs (`catalogs.ts`: the shared texts of `vi.ts` and
 * `en.ts` and each area's own), given to the provider.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { dayjs } from '../lib/dates.ts';
import { setApiLocale, type Locale } from '../lib/api.ts';
import type { MessageKey } from './messages.ts';

export type { MessageKey, Locale };

export type Catalogs = Record<Locale, Record<MessageKey, string>>;
const STORAGE_KEY = 'cellbase.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

function translate(catalog: Catalogs[Locale], key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalog[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The stored choice, or null when the person never chose (then the account's setting applies). */
export function storedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'vi' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

function applyLocale(locale: Locale) {
  setApiLocale(locale);
  dayjs.locale(locale);
  document.documentElement.lang = locale;
}

interface I18nValue {
  locale: Locale;
  /** Switches the language; `remember` keeps it in the browser (default). */
  setLocale(locale: Locale, remember?: boolean): void;
  t: Translate;
  /** Whether a catalog has this key (for codes sent by the server). */
  has(key: string): key is MessageKey;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ catalogs, children }: { catalogs: Catalogs; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = storedLocale() ?? 'vi';
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale, remember = true) => {
    applyLocale(next);
    if (remember) {
      try {
        window.localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // private mode: the choice lasts for this page only
      }
    }
    setLocaleState(next);
  }, []);
  const value = useMemo<I18nValue>(() => ({
    locale,
    setLocale,
    t: (key, params) => translate(catalogs[locale], key, params),
    has: (key): key is MessageKey => key in catalogs.vi,
  }), [catalogs, locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** A bilingual label from the shared contracts ({ vi, en }). */
export function useLabel() {
  const { locale } = useI18n();
  return useCallback((label: { vi: string; en: string } | undefined, fallback = '') => (label ? label[locale] : fallback), [locale]);
}
