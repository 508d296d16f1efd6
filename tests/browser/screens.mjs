// tests/browser/screens.mjs — every screen of the real UI in real headless Chromium (Debian
// `chromium`, driven by playwright-core), with Tauri's IPC mocked through
// `@tauri-apps/api/mocks` (ui/src/browser/main.ts answers each command from the component
// tests' in-memory mock, with ui/src/browser/fixtures.ts as the account). Issue 15.
//
// For each screen, in the light and the dark theme (the OS setting, `prefers-color-scheme`):
//   - it renders (a landmark or heading of the screen is visible);
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA rules, colour contrast included) finds no serious
//     or critical violation;
//   - a screenshot goes to $PARLEY_SCREENS (default out/screens/THEME/NAME.png);
//   - the page made no request outside the app (every other request is refused and counted).
// Exit 0 only when every screen passed in both themes.
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
const AXE = require.resolve('axe-core/axe.min.js');
const ORIGIN = 'http://parley.test';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const openTeam = async (page) => {
  await page.locator('button.room[data-room-id="!team:example.org"]').click();
  await page.getByText('Morning! The quarterly numbers are in.').waitFor();
};
const topBar = (label) => async (page) => {
  await page.getByRole('button', { name: label, exact: true }).click();
};

/** Each screen: how to reach it from a fresh start, and what shows it is there. */
const SCREENS = [
  { name: 'login', scenario: 'signed-out', steps: [], shown: (p) => p.getByRole('heading', { name: 'Sign in to Parley' }) },
  { name: 'chats', steps: [openTeam], shown: (p) => p.getByRole('region', { name: /Requests/ }) },
  {
    name: 'link-dialog',
    steps: [openTeam, (p) => p.getByRole('button', { name: 'https://examp1e-login.com/verify' }).click()],
    shown: (p) => p.getByRole('dialog'),
  },
  {
    name: 'outside-members-question',
    steps: [openTeam, (p) => p.getByLabel('Message Team').fill('Here are the totals.'), (p) => p.getByRole('button', { name: 'Send', exact: true }).click()],
    shown: (p) => p.getByRole('dialog'),
  },
  {
    name: 'verification-request',
    steps: [
      openTeam,
      (p) => p.evaluate(() => window.parleyEmit('engine-events', [{
        kind: 'verification', flow_id: 'f1', user_id: '@bob:example.org', incoming: true, self_verification: false, state: 'requested',
      }])),
    ],
    shown: (p) => p.getByRole('dialog', { name: /Verify/ }),
  },
  { name: 'notifications', steps: [topBar(/^Notifications/)], shown: (p) => p.getByRole('heading', { name: /Notifications/ }) },
  { name: 'privacy', steps: [topBar('Privacy & security')], shown: (p) => p.getByRole('heading', { name: 'Privacy & security' }) },
  { name: 'activity', steps: [topBar('Activity')], shown: (p) => p.getByRole('heading', { name: /Activity/ }) },
  { name: 'security', steps: [topBar('Security')], shown: (p) => p.getByRole('heading', { name: /Security/ }).first() },
  { name: 'about', steps: [topBar('About')], shown: (p) => p.getByRole('heading', { name: 'About Parley' }) },
];

async function visit(browser, theme, screen) {
  const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 800 } });
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
    for (const step of screen.steps) await step(page);
    await screen.shown(page).waitFor({ timeout: 10_000 });
    // Let transitions and late renders settle before measuring.
    await page.waitForTimeout(150);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    mkdirSync(join(OUT, theme), { recursive: true });
    await page.screenshot({ path: join(OUT, theme, `${screen.name}.png`), fullPage: true });
    const problems = [
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
  for (const theme of ['light', 'dark']) {
    for (const screen of SCREENS) {
      const { checks, problems } = await visit(browser, theme, screen);
      if (problems.length === 0) {
        console.log(`ok - ${screen.name} (${theme}): renders; axe: ${checks} rules pass, no serious or critical violation`);
      } else {
        failed++;
        console.log(`not ok - ${screen.name} (${theme})`);
        for (const p of problems) console.log(`  # ${p}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`screens: ${SCREENS.length * 2 - failed} passed, ${failed} failed; screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
