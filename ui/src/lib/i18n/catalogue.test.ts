// The catalogues are complete and consistent: every language has every message with the same
// variables, nothing is left untranslated, and every id the code uses exists (and vice versa).
import { describe, expect, it } from 'vitest';
import type { FluentResource } from '@fluent/bundle';
import { LOCALES, catalogueFiles, catalogueProblems, formatNumber, setLanguage, systemLocale, t } from './index.svelte';

/** Message id → the sorted names of the variables its value and attributes use. */
function variablesById(resources: FluentResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const resource of resources) {
    for (const message of resource.body) {
      const names = new Set<string>();
      JSON.stringify(message, (key, value) => {
        if (value && typeof value === 'object' && value.type === 'var') names.add(value.name);
        return value;
      });
      out.set(message.id, [...names].sort().join(','));
    }
  }
  return out;
}

const perLocale = Object.fromEntries(
  LOCALES.map((locale) => [locale, variablesById(catalogueFiles(locale).map((f) => f.resource))]),
);
const english = perLocale.en!;

/** Words that are the same in every language (names, codes). */
const SAME_IN_EVERY_LANGUAGE = new Set<string>([]);

/** The UI's code (tests excluded: they may name ids that must not exist). */
const SOURCE_TEXT = import.meta.glob(['../../**/*.svelte', '../../**/*.ts', '!../../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const sources = Object.entries(SOURCE_TEXT).map(([path, text]) => ({ path, text }));

describe('catalogues', () => {
  it('parse without errors or duplicate ids', () => {
    expect(catalogueProblems()).toEqual([]);
    for (const locale of LOCALES) expect(catalogueFiles(locale).length).toBeGreaterThan(0);
  });

  it('have the same messages with the same variables in every language', () => {
    for (const locale of LOCALES) {
      expect([...perLocale[locale]!.entries()].sort(), `catalogue ${locale}`).toEqual([...english.entries()].sort());
    }
  });

  it('translate every message (no English text copied into another language)', () => {
    const englishText = new Map(catalogueFiles('en').flatMap((f) => f.resource.body.map((m) => [m.id, JSON.stringify(m.value)])));
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const copied = catalogueFiles(locale)
        .flatMap((f) => f.resource.body)
        .filter((m) => !SAME_IN_EVERY_LANGUAGE.has(m.id) && JSON.stringify(m.value) === englishText.get(m.id))
        .map((m) => m.id);
      expect(copied, `untranslated in ${locale}`).toEqual([]);
    }
  });

  it('hold every id the code asks for', () => {
    const missing: string[] = [];
    for (const { path, text } of sources) {
      for (const [, id] of text.matchAll(/\bt\(\s*'([a-z0-9-]+)'/g)) {
        if (!english.has(id!)) missing.push(`${path}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('hold no message the code never names', () => {
    const allCode = sources.map((s) => s.text).join('\n');
    const unused = [...english.keys()].filter((id) => !allCode.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });
});

describe('language', () => {
  it('follows the system, narrowed to the languages Parley has', () => {
    expect(systemLocale(['zh-HK'])).toBe('zh-HK');
    expect(systemLocale(['zh-Hant-HK', 'en'])).toBe('zh-HK');
    expect(systemLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(systemLocale(['fr-FR'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('switches every message, the document language and number formats at once', () => {
    setLanguage('zh-HK');
    expect(t('app-sign-out')).toBe('登出');
    expect(document.documentElement.lang).toBe('zh-HK');
    setLanguage('en');
    expect(t('app-sign-out')).toBe('Sign out');
    expect(formatNumber(1234567.25, 1)).toBe('1,234,567.3');
    expect(document.documentElement.lang).toBe('en');
  });

  it('fills in variables and falls back to the id for an unknown message', () => {
    setLanguage('en');
    expect(t('settings-language-system', { language: 'English' })).toBe('Same as the system (English)');
    expect(t('no-such-message')).toBe('no-such-message');
  });
});
