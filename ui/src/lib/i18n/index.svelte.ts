/**
 * The UI's languages: Fluent catalogues (`src/locales/LOCALE/*.ftl`, one file per area of the
 * app) and the locale-aware date and number formats that go with them.
 *
 * `t()` and the formatters read the current locale from reactive state, so every text on
 * screen follows a change of language at once, without reloading.
 */
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { negotiateLanguages } from '@fluent/langneg';

/** The languages the UI ships, in the order they are offered. */
export const LOCALES = ['en', 'zh-HK'] as const;
export type Locale = (typeof LOCALES)[number];
/** The person's choice: follow the system, or one language. */
export type LanguageChoice = 'system' | Locale;

/** Each language's name in itself, as the language menu shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-HK': '繁體中文（香港）' };

const FALLBACK: Locale = 'en';
const STORAGE_KEY = 'parley.language';

/** Every catalogue file, by path (`../../locales/LOCALE/AREA.ftl`). */
const SOURCES = import.meta.glob('../../locales/*/*.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** A catalogue problem: a syntax error or an id defined twice. */
export interface CatalogueProblem {
  locale: string;
  file: string;
  message: string;
}

/** The catalogue files of one locale, parsed. */
export function catalogueFiles(locale: Locale): { file: string; resource: FluentResource }[] {
  const prefix = `../../locales/${locale}/`;
  return Object.entries(SOURCES)
    .filter(([path]) => path.startsWith(prefix))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ file: path.slice(prefix.length), resource: new FluentResource(text) }));
}

function buildBundle(locale: Locale, problems: CatalogueProblem[]): FluentBundle {
  // Isolation marks off: placeables are our own words or values the UI already shows in
  // their own elements; the marks would only make the text differ from what is read out.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  for (const { file, resource } of catalogueFiles(locale)) {
    for (const error of bundle.addResource(resource)) {
      problems.push({ locale, file, message: error.message });
    }
  }
  return bundle;
}

const problems: CatalogueProblem[] = [];
const BUNDLES: Record<Locale, FluentBundle> = {
  en: buildBundle('en', problems),
  'zh-HK': buildBundle('zh-HK', problems),
};

/** Problems found while loading the catalogues (the tests require none). */
export function catalogueProblems(): readonly CatalogueProblem[] {
  return problems;
}

/** The locale the system asks for, narrowed to the ones the UI has. */
export function systemLocale(requested: readonly string[] = navigatorLanguages()): Locale {
  const [best] = negotiateLanguages([...requested], [...LOCALES], {
    defaultLocale: FALLBACK,
    strategy: 'lookup',
  });
  return isLocale(best) ? best : FALLBACK;
}

function navigatorLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readChoice(): LanguageChoice {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : 'system';
  } catch {
    // Storage unavailable (a locked-down webview): follow the system.
    return 'system';
  }
}

const state = $state<{ choice: LanguageChoice; locale: Locale }>({ choice: 'system', locale: FALLBACK });

function apply(choice: LanguageChoice) {
  state.choice = choice;
  state.locale = choice === 'system' ? systemLocale() : choice;
  if (typeof document !== 'undefined') document.documentElement.lang = state.locale;
}

apply(readChoice());

/** The language in use. */
export function currentLocale(): Locale {
  return state.locale;
}

/** What the person chose (which may be "follow the system"). */
export function languageChoice(): LanguageChoice {
  return state.choice;
}

/** Changes the language (remembered on this device) and every text on screen with it. */
export function setLanguage(choice: LanguageChoice) {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // Not remembered, but still applied for this run.
  }
  apply(choice);
}

/** Arguments of a message: numbers, strings or dates. */
export type MessageArgs = Record<string, FluentVariable>;

/**
 * The text of message `id` in the current language (falling back to English, then to the id
 * itself, which the catalogue tests make impossible for ids used in the code).
 */
export function t(id: string, args?: MessageArgs): string {
  for (const locale of state.locale === FALLBACK ? [FALLBACK] : [state.locale, FALLBACK]) {
    const text = translate(locale, id, args);
    if (text !== null) return text;
  }
  return id;
}

/**
 * The text of message `id` in `locale` alone (no fallback), or null when that catalogue lacks
 * it or cannot fill it in with `args`. For text that must match another source exactly.
 */
export function translate(locale: Locale, id: string, args?: MessageArgs): string | null {
  const bundle = BUNDLES[locale];
  const message = bundle.getMessage(id);
  if (!message?.value) return null;
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, args, errors);
  return errors.length === 0 ? text : null;
}

/** Whether `id` exists in the given locale's catalogue. */
export function hasMessage(locale: Locale, id: string): boolean {
  return BUNDLES[locale].hasMessage(id);
}

const formatCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  const full = `${state.locale}|${key}`;
  let format = formatCache.get(full) as T | undefined;
  if (!format) {
    format = make();
    formatCache.set(full, format);
  }
  return format;
}

/** Date and time formats the UI uses, named by what they are for. */
const DATE_STYLES = {
  /** A message's time of day. */
  time: { hour: '2-digit', minute: '2-digit' },
  /** A day separator in the timeline. */
  day: { dateStyle: 'full' },
  /** When something happened, with the date. */
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  /** An audit or notice entry, to the second. */
  precise: { dateStyle: 'medium', timeStyle: 'medium' },
  /** A notice entry, compact. */
  short: { dateStyle: 'short', timeStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formats a date (or milliseconds since the epoch) in the current language. */
export function formatDate(value: Date | number, style: keyof typeof DATE_STYLES): string {
  const format = cached(`d:${style}`, () => new Intl.DateTimeFormat(state.locale, DATE_STYLES[style]));
  return (format as Intl.DateTimeFormat).format(value);
}

/** Formats a number in the current language (at most `fractionDigits` decimals). */
export function formatNumber(value: number, fractionDigits = 0): string {
  const format = cached(
    `n:${fractionDigits}`,
    () => new Intl.NumberFormat(state.locale, { maximumFractionDigits: fractionDigits }),
  );
  return format.format(value);
}
