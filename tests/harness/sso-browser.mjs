#!/usr/bin/env node
// Headless browser for SSO logins in tests. See tests/harness/README.md.
//
//   node tests/harness/sso-browser.mjs URL LOGIN_NAME [PASSWORD]
//
// URL is Synapse's SSO redirect, e.g.
//   http://127.0.0.1:P/_matrix/client/v3/login/sso/redirect/oidc-parley?redirectUrl=http://127.0.0.1:N/callback?state=S
// Drives Debian's /usr/bin/chromium (headless, --no-sandbox) with playwright-core from
// ui/node_modules: fills the test IdP's login form (tests/harness/oidc) with LOGIN_NAME and
// PASSWORD (default $PARLEY_OIDC_PASSWORD, else "parley-test-password"), confirms its
// consent page, clicks through Synapse's "Continue to your account" page if one appears,
// and stops when the browser is sent to the redirectUrl's origin (the client's loopback
// listener). Then it prints that page's body text on stdout and exits 0.
// Steps go to stderr. Exit 1 on any failure (with the reason) or after
// $PARLEY_SSO_BROWSER_TIMEOUT seconds (default 60); exit 2 on bad usage.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length < 2 || args.length > 3) {
  console.error('usage: node tests/harness/sso-browser.mjs URL LOGIN_NAME [PASSWORD]');
  process.exit(2);
}
const [startUrl, loginName] = args;
const password = args[2] ?? (process.env.PARLEY_OIDC_PASSWORD || 'parley-test-password');
const timeoutMs = Number(process.env.PARLEY_SSO_BROWSER_TIMEOUT || 60) * 1000;
const chromiumPath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
const step = (msg) => console.error(`sso-browser: [${((Date.now() - t0) / 1000).toFixed(2)}s] ${msg}`);
const die = (msg) => {
  console.error(`sso-browser: FAILED: ${msg}`);
  process.exit(1);
};
let browser;
// Report, close the browser (so no chromium is left behind), exit 1.
let failing = false;
const fail = async (msg) => {
  if (failing) return; // e.g. the aborted navigation of the browser being closed
  failing = true;
  console.error(`sso-browser: FAILED: ${msg}`);
  setTimeout(() => process.exit(1), 3000).unref();
  await browser?.close().catch(() => {});
  process.exit(1);
};

let target;
try {
  const redirectUrl = new URL(startUrl).searchParams.get('redirectUrl');
  if (!redirectUrl) die(`URL has no redirectUrl parameter: ${startUrl}`);
  target = new URL(redirectUrl).origin;
} catch (e) {
  die(`bad URL ${startUrl}: ${e.message}`);
}
if (!existsSync(chromiumPath)) die(`${chromiumPath} missing (Debian package chromium; or set PARLEY_CHROMIUM)`);

// playwright-core is a dev dependency of the UI (make deps installs ui/node_modules).
const uiRequire = createRequire(new URL('../../ui/package.json', import.meta.url));
let chromium;
try {
  ({ chromium } = uiRequire('playwright-core'));
} catch (e) {
  die(`cannot load playwright-core from ui/node_modules (run make deps): ${e.message}`);
}

const onTarget = (url) => {
  try {
    return new URL(url).origin === target;
  } catch {
    return false;
  }
};

const deadline = setTimeout(async () => {
  let last = '';
  try {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) last = `; last page ${page.url()}:\n${(await page.innerText('body', { timeout: 1000 })).slice(0, 2000)}`;
  } catch {
    // the page may be mid-navigation
  }
  await fail(`not sent to ${target} within ${timeoutMs / 1000}s${last}`);
}, timeoutMs);

async function main() {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-proxy-server'],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  // The overall deadline above reports timeouts; no step gives up before it.
  page.setDefaultTimeout(timeoutMs + 10000);

  // The loopback listener's answer (or failure) ends the run.
  let targetResult = null;
  let resolveTarget;
  const targetDone = new Promise((r) => { resolveTarget = r; });
  page.on('request', (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) step(`-> ${req.method()} ${req.url()}`);
  });
  page.on('response', (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && onTarget(res.url())) {
      targetResult ??= { url: res.url(), status: res.status() };
    }
  });
  page.on('requestfailed', (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && onTarget(req.url())) {
      resolveTarget({ url: req.url(), error: req.failure()?.errorText || 'failed' });
    }
  });
  page.on('load', () => {
    if (onTarget(page.url())) resolveTarget(targetResult ?? { url: page.url(), status: 0 });
  });

  step(`open ${startUrl} (stop at ${target})`);
  await page.goto(startUrl, { waitUntil: 'commit' }).catch((e) => {
    if (!onTarget(page.url())) throw e;
  });

  const done = [];
  // Each page is acted on once; acting leads to a navigation, which the next loop sees.
  const acted = new Set();
  while (true) {
    const result = await Promise.race([targetDone, page.waitForLoadState('domcontentloaded').then(() => null)]);
    if (result) return finish(page, result);
    if (onTarget(page.url())) {
      return finish(page, await targetDone);
    }
    const url = page.url();
    const key = `${url}#${await page.evaluate(() => document.body?.innerHTML.length ?? 0).catch(() => 0)}`;
    const kind = await page.evaluate((targetOrigin) => {
      const q = (s) => document.querySelector(s);
      if (q('input[name="login"]') && q('input[type="password"]')) {
        return { kind: 'login', error: q('#error')?.textContent || null };
      }
      if (q('#consent')) return { kind: 'consent' };
      const link = [...document.querySelectorAll('a[href]')].find((a) => a.href.startsWith(`${targetOrigin}/`) || a.href === targetOrigin);
      if (link) return { kind: 'synapse-confirm', text: document.body.innerText.slice(0, 300) };
      return { kind: 'other', text: document.body?.innerText.slice(0, 2000) ?? '' };
    }, target).catch(() => ({ kind: 'navigating' }));

    if (kind.kind === 'navigating' || acted.has(key)) {
      await Promise.race([targetDone, page.waitForURL((u) => u.href !== url, { waitUntil: 'commit' }).catch(() => {}), sleep(250)]);
      continue;
    }
    acted.add(key);
    switch (kind.kind) {
      case 'login':
        if (kind.error) return fail(`the IdP refused the login for "${loginName}": ${kind.error}`);
        if (done.includes('login')) return fail('the IdP asked for a login again');
        step(`IdP login page ${url}: signing in as "${loginName}"`);
        await page.fill('input[name="login"]', loginName);
        await page.fill('input[type="password"]', password);
        done.push('login');
        await Promise.all([page.waitForURL((u) => u.href !== url, { waitUntil: 'commit' }).catch(() => {}), page.click('#submit, button[type="submit"]')]);
        break;
      case 'consent':
        step(`IdP consent page ${url}: Continue`);
        done.push('consent');
        await Promise.all([page.waitForURL((u) => u.href !== url, { waitUntil: 'commit' }).catch(() => {}), page.click('#consent')]);
        break;
      case 'synapse-confirm':
        step(`Synapse confirmation page ${url} ("${kind.text.replace(/\s+/g, ' ').trim()}"): clicking through`);
        done.push('synapse-confirm');
        await page.click(`a[href^="${target}"]`);
        break;
      default: {
        // Possibly still loading (a redirect by script); otherwise a dead end, e.g. an error page.
        await Promise.race([targetDone, page.waitForURL((u) => u.href !== url, { waitUntil: 'commit', timeout: 3000 }).catch(() => {})]);
        if (page.url() === url && !onTarget(url)) {
          return fail(`stuck on ${url}:\n${kind.text}`);
        }
      }
    }
  }
}

async function finish(page, result) {
  clearTimeout(deadline);
  if (result.error) return fail(`the loopback listener ${result.url} did not answer: ${result.error}`);
  step(`reached ${result.url} (HTTP ${result.status})`);
  let text = '';
  try {
    await page.waitForLoadState('load', { timeout: 10000 });
    text = await page.innerText('body');
  } catch (e) {
    step(`could not read the page body: ${e.message}`);
  }
  console.error(`sso-browser: final URL ${result.url}`);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  await browser.close().catch(() => {});
  process.exit(0);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

main().catch((e) => fail(e.message));
