// tests/browser/screens.mjs — every screen of the real UI in real headless Chromium (Debian
// `chromium`, driven by playwright-core), with Tauri's IPC mocked through
// `@tauri-apps/api/mocks` (ui/src/browser/main.ts answers each command from the component
// tests' in-memory mock, with ui/src/browser/fixtures.ts as the account). Issue 15.
//
// For each screen, in each language (the browser's locale, `en-GB` and `zh-HK`, which the UI
// follows through navigator.languages) and in the light and the dark theme (the OS setting,
// `prefers-color-scheme`):
//   - it renders (the screen's title is visible);
//   - it is in the language asked for: <html lang> says so, and the title is in it (in zh-HK:
//     Chinese characters, and not the English title; in English: no Chinese characters);
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA rules, colour contrast included) finds no serious
//     or critical violation;
//   - a screenshot goes to $PARLEY_SCREENS (default out/screens/LANG/THEME/NAME.png);
//   - the page made no request outside the app (every other request is refused and counted).
// Exit 0 only when every screen passed in every language and theme.
//
// Usage: npm --prefix ui run build:browser && node tests/browser/screens.mjs
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, 'ui/dist-browser');
const OUT = process.env.PARLEY_SCREENS || join(ROOT, 'out/screens');
const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const require = createRequire(join(ROOT, 'ui/package.json'));
const { chromium } = require('playwright-core');
const { FluentBundle, FluentResource } = require('@fluent/bundle');
const AXE = require.resolve('axe-core/axe.min.js');
const ORIGIN = 'http://parley.test';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The languages: the browser locale asked for, and the UI language that must result. */
const LANGUAGES = [
  { locale: 'en-GB', lang: 'en' },
  { locale: 'zh-HK', lang: 'zh-HK' },
];
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The UI's own words for the top bar buttons, from its catalogues (ui/src/locales/LANG/app.ftl). */
function catalogue(lang) {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(readFileSync(join(ROOT, 'ui/src/locales', lang, 'app.ftl'), 'utf8')));
  if (errors.length) throw new Error(`app.ftl (${lang}): ${errors[0].message}`);
  return (id) => {
    const message = bundle.getMessage(id);
    if (!message?.value) throw new Error(`app.ftl (${lang}) has no ${id}`);
    return bundle.formatPattern(message.value);
  };
}
const WORDS = Object.fromEntries(LANGUAGES.map(({ lang }) => [lang, catalogue(lang)]));

const openTeam = async (page) => {
  await page.locator('button.room[data-room-id="!team:example.org"]').click();
  await page.getByText('Morning! The quarterly numbers are in.').waitFor();
};
const topBar = (id, exact = true) => async (page, lang) => {
  const name = WORDS[lang](id);
  await page.getByRole('button', { name: exact ? name : new RegExp(`^${name}`), exact }).click();
};

/**
 * Each screen: how to reach it from a fresh start (language-independent where the words are
 * not the top bar's), and its title, which shows it is there and which language it is in.
 */
const SCREENS = [
  { name: 'login', scenario: 'signed-out', steps: [], title: '#login-title' },
  { name: 'chats', steps: [openTeam], title: '#requests-heading' },
  {
    name: 'link-dialog',
    steps: [openTeam, (p) => p.locator('button.link[data-link-index]').first().click()],
    title: '#link-dialog-title',
  },
  {
    name: 'outside-members-question',
    steps: [openTeam, (p) => p.locator('form.composer textarea').fill('Here are the totals.'), (p) => p.locator('form.composer button[type=submit]').click()],
    title: '#external-send-title',
  },
  {
    name: 'verification-request',
    steps: [
      openTeam,
      (p) => p.evaluate(() => window.parleyEmit('engine-events', [{
        kind: 'verification', flow_id: 'f1', user_id: '@bob:example.org', incoming: true, self_verification: false, state: 'requested',
      }])),
    ],
    title: '#verify-title',
  },
  { name: 'new-chat', steps: [(p) => p.locator('[data-testid="new-chat-button"]').click()], title: '#newchat-title' },
  {
    name: 'new-room',
    steps: [(p) => p.locator('[data-testid="new-chat-button"]').click(), (p) => p.locator('input[name="kind"][value="room"]').check()],
    title: '#newchat-title',
  },
  {
    name: 'room-details',
    steps: [openTeam, (p) => p.locator('[data-testid="room-info-button"]').click(), (p) => p.locator('[data-testid="room-members"] li').first().waitFor()],
    title: '#room-info-title',
  },
  { name: 'room-switcher', steps: [openTeam, (p) => p.keyboard.press('Control+K'), (p) => p.keyboard.type('e')], title: '#switcher-title' },
  { name: 'notifications', steps: [topBar('app-notifications', false)], title: '#centre-title' },
  { name: 'privacy', steps: [topBar('app-privacy')], title: '#privacy-title' },
  { name: 'activity', steps: [topBar('app-activity')], title: '#activity-title' },
  { name: 'security', steps: [topBar('app-security')], title: '#security-title' },
  { name: 'settings', steps: [topBar('app-settings')], title: '#settings-title' },
  { name: 'about', steps: [topBar('app-about')], title: '#about-title' },
];

/** Each screen's English title, from its English run, which the other languages must not show. */
const englishTitles = new Map();

/** What is wrong with the page's language, if anything. */
async function languageProblems(page, lang, screen, title) {
  const problems = [];
  const htmlLang = await page.evaluate(() => document.documentElement.lang);
  if (htmlLang !== lang) problems.push(`<html lang="${htmlLang}">, expected "${lang}"`);
  if (lang === 'en') {
    englishTitles.set(screen.name, title);
    if (CJK.test(title)) problems.push(`English title with Chinese characters: "${title}"`);
  } else {
    if (!CJK.test(title)) problems.push(`title not translated: "${title}"`);
    if (title === englishTitles.get(screen.name)) problems.push(`title is the English one: "${title}"`);
  }
  return problems;
}

async function visit(browser, { locale, lang }, theme, screen) {
  const context = await browser.newContext({ locale, colorScheme: theme, viewport: { width: 1280, height: 800 } });
  const outside = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      outside.push(url.href);
      return route.abort();
    }
    const file = join(DIST, url.pathname === '/' ? 'browser.html' : url.pathname);
    if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(`${ORIGIN}/browser.html?scenario=${screen.scenario ?? 'signed-in'}`);
    for (const step of screen.steps) await step(page, lang);
    const heading = page.locator(screen.title);
    await heading.waitFor({ timeout: 10_000 });
    const wrongLanguage = await languageProblems(page, lang, screen, (await heading.innerText()).trim());
    // Let transitions and late renders settle before measuring.
    await page.waitForTimeout(150);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    mkdirSync(join(OUT, lang, theme), { recursive: true });
    await page.screenshot({ path: join(OUT, lang, theme, `${screen.name}.png`), fullPage: true });
    const problems = [
      ...wrongLanguage,
      ...serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} (${n.any[0]?.message ?? n.failureSummary})`).join("; ")}`),
      ...errors.map((e) => `page error: ${e}`),
      ...outside.map((u) => `request outside the app: ${u}`),
    ];
    return { checks: result.passes.length, problems };
  } catch (err) {
    return { checks: 0, problems: [`did not render: ${err.message.split('\n')[0]}`] };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
let failed = 0;
try {
  // English first: the other languages are compared with its titles.
  for (const language of LANGUAGES) {
    for (const theme of ['light', 'dark']) {
      for (const screen of SCREENS) {
        const { checks, problems } = await visit(browser, language, theme, screen);
        const label = `${screen.name} (${language.lang}, ${theme})`;
        if (problems.length === 0) {
          console.log(`ok - ${label}: renders in ${language.lang}; axe: ${checks} rules pass, no serious or critical violation`);
        } else {
          failed++;
          console.log(`not ok - ${label}`);
          for (const p of problems) console.log(`  # ${p}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`screens: ${SCREENS.length * LANGUAGES.length * 2 - failed} passed, ${failed} failed; screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
