import i18next, { type TOptions } from 'i18next';
import { browserStorage } from './key-value-storage.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { Store } from './store.ts';

/**
 * The console's two languages. Chinese first: a browser that prefers Chinese, or one that prefers
 * neither language (a new desk), gets zh-CN; the agent's choice in the top bar is kept in
 * localStorage. i18next does the lookups, the interpolation and the plurals (Intl.PluralRules picks
 * `_one`/`_other`); dates and numbers go through Intl in `intlLocale()`.
 */

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
export const defaultLocale: Locale = 'zh-CN';

/** A message key: a plural's base name without `_one`/`_other`. */
export type MessageKey = keyof typeof en extends infer K
  ? K extends `${infer Base}_one`
    ? Base
    : K extends `${infer Base}_other`
      ? Base
      : K
  : never;

export type MessageValues = Record<string, string | number>;

const storageKey = 'wechat-cs:locale';

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/**
 * The language to start in: the agent's stored choice, else the first of the browser's preferred
 * languages the console speaks (any Chinese variant reads zh-CN), else Chinese.
 */
export function preferredLocale(stored: string | null | undefined, languages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return defaultLocale;
}

function browserLanguages(): readonly string[] {
  const navigatorLike = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } })
    .navigator;
  if (navigatorLike?.languages?.length) return navigatorLike.languages;
  return navigatorLike?.language ? [navigatorLike.language] : [];
}

function storedLocale(): string | null {
  try {
    return browserStorage()?.getItem(storageKey) ?? null;
  } catch {
    return null;
  }
}

const instance = i18next.createInstance();
const initial = preferredLocale(storedLocale(), browserLanguages());
void instance.init({
  lng: initial,
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  // Keys are flat ("thread.loading"): dots and colons are part of the key.
  keySeparator: false,
  nsSeparator: false,
  // Preact escapes text; escaping here would show &amp; to the agent.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/** The language in use; components re-render when it changes (see hooks/use-locale.ts). */
export const localeStore = new Store<Locale>(initial);

/** `<html lang>`, which screen readers and the browser's fonts go by. Without a DOM (tests), nothing. */
function markPage(locale: Locale): void {
  const page = (globalThis as { document?: { documentElement: { lang: string } } }).document;
  if (page) page.documentElement.lang = locale;
}
markPage(initial);

export function currentLocale(): Locale {
  return localeStore.state;
}

/** The locale Intl formats dates and numbers in: day-month order and a 24-hour clock for English. */
export function intlLocale(locale: Locale = currentLocale()): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN';
}

/** Switches the language, remembers the choice, and tells the page (`<html lang>`). */
export function setLocale(locale: Locale, remember = true): void {
  void instance.changeLanguage(locale);
  if (remember) {
    try {
      browserStorage()?.setItem(storageKey, locale);
    } catch {
      // The choice holds for this tab.
    }
  }
  markPage(locale);
  localeStore.update(() => locale);
}

/** The sentence for `key` in the current language, with `values` filled in (`count` picks a plural). */
export function t(key: MessageKey, values?: MessageValues): string {
  return instance.t(key, values as TOptions) as string;
}

/** Every key and its sentence in one language, for the tests. */
export const catalogues: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  'zh-CN': zhCN,
};
