// tests/xss/chromium.mjs — the XSS corpus through Parley's sanitiser, rendered in real
// headless Chromium (Debian `chromium`, driven by playwright-core). Issue 8.
//
// For every payload in tests/corpus/xss/payloads.jsonl: sanitise it with the real
// `parleyctl html sanitize --jsonl`, insert the output into a page with NO Content Security
// Policy (so only the sanitiser stands between the payload and the browser), and count:
//   - script executions: every payload calls `__xss('ID')` if it runs;
//   - outgoing requests: any request the page makes after it loaded (payloads that leak
//     point at http://127.0.0.1:9/leak/…);
//   - mutation XSS: the browser's re-serialisation of the inserted markup, sanitised and
//     rendered again, must come back unchanged (otherwise parsing created something new).
// A positive control inserts the raw payloads too and must see executions and requests,
// proving the counters work. Exit 0 only when the sanitised run counted zero of each.
//
// Usage: node tests/xss/chromium.mjs   (needs $CARGO_TARGET_DIR/debug/parleyctl)
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { payloads, sanitize as sanitizeWith } from './corpus.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
const CTL = join(TARGET, 'debug/parleyctl');
const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const { chromium } = createRequire(join(ROOT, 'ui/package.json'))('playwright-core');

const sanitize = (documents) => sanitizeWith(CTL, documents);

const PAGE = 'http://parley.test/';

async function render(browser, documents) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const hits = [];
  const requests = [];
  let navigations = 0;
  // The page itself is served from memory; every other request is counted and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === PAGE) return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body><div id="c"></div></body></html>' });
    requests.push(url);
    return route.abort();
  });
  // Survive navigations and reach every frame: an exposed function, an init script, and
  // dialogs (alert/confirm/print) counted as executions too.
  await page.exposeFunction('__xss', (id) => hits.push(String(id)));
  await page.addInitScript(() => {
    // Frames from data: URLs have an opaque origin: those payloads report by postMessage.
    window.addEventListener('message', (e) => {
      if (typeof e.data === 'string' && e.data.startsWith('__xss:')) window.__xss(e.data.slice(6));
    });
  });
  page.on('dialog', (dialog) => {
    hits.push(`dialog:${dialog.type()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.goto(PAGE);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const reserialized = [];
  for (const html of documents) {
    try {
      reserialized.push(
        await page.evaluate(async (markup) => {
          const c = document.getElementById('c');
          c.innerHTML = markup;
          // Give load/error/animation/toggle handlers a chance to fire.
          await new Promise((r) => setTimeout(r, 30));
          const back = c.innerHTML;
          c.innerHTML = '';
          return back;
        }, html),
      );
    } catch {
      // The payload navigated the page away: counted by `framenavigated`; start afresh.
      reserialized.push(null);
      await page.goto(PAGE).catch(() => {});
    }
  }
  await page.waitForTimeout(300);
  await context.close();
  return { hits, requests, navigations, reserialized };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const clean = sanitize(payloads.map((p) => p.html));
  const sanitized = await render(browser, clean.map((c) => c.html));
  // Re-parse: the browser's serialisation, sanitised again and rendered again, must be the
  // same markup (compared as the browser serialises both, so escaping style cannot differ).
  const again = await render(browser, sanitize(sanitized.reserialized.map((h) => h ?? '')).map((c) => c.html));
  sanitized.hits.push(...again.hits);
  sanitized.requests.push(...again.requests);
  sanitized.navigations += again.navigations;
  const mutated = sanitized.reserialized
    .map((html, i) => ({ id: payloads[i].id, html, again: again.reserialized[i] }))
    .filter((m) => m.html !== m.again);
  const control = await render(browser, payloads.map((p) => p.html));

  console.log(`xss-chromium: ${payloads.length} payloads`);
  console.log(`xss-chromium: raw payloads (control): ${new Set(control.hits).size} payloads executed, ${control.requests.length} outgoing requests, ${control.navigations} navigations`);
  console.log(`xss-chromium: sanitised: ${sanitized.hits.length} script executions, ${sanitized.requests.length} outgoing requests, ${sanitized.navigations} navigations, ${mutated.length} changed on re-parse`);
  let failed = false;
  if (control.hits.length === 0 || control.requests.length === 0) {
    console.log('not ok - the positive control saw no execution or no request: the counters cannot be trusted');
    failed = true;
  }
  if (sanitized.hits.length) {
    console.log(`not ok - scripts ran: ${[...new Set(sanitized.hits)].join(', ')}`);
    failed = true;
  }
  if (sanitized.requests.length) {
    console.log(`not ok - requests left the page: ${[...new Set(sanitized.requests)].slice(0, 20).join(', ')}`);
    failed = true;
  }
  if (sanitized.navigations) {
    console.log(`not ok - the page navigated ${sanitized.navigations} time(s)`);
    failed = true;
  }
  if (mutated.length) {
    console.log(`not ok - markup changed when re-parsed (possible mutation XSS): ${mutated.slice(0, 10).map((m) => m.id).join(', ')}`);
    for (const m of mutated.slice(0, 3)) console.log(`  # ${m.id}: ${JSON.stringify(m.html)} -> ${JSON.stringify(m.again)}`);
    failed = true;
  }
  if (!failed) console.log('ok - no script ran, no request left, nothing mutated on re-parse');
  process.exitCode = failed ? 1 : 0;
} finally {
  await browser.close();
}
