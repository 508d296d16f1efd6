// tests/desktop/xss.mjs — the XSS corpus rendered in the app's own WebKitGTK webview (issue 8),
// plus the webview's refusal to navigate or open windows.
//
// The real app under tauri-driver (no sign-in needed: the checks run in its page). Each payload
// of tests/corpus/xss/payloads.jsonl is sanitised by the real `parleyctl html sanitize --jsonl`
// and inserted into the page; the suite counts script executions (`__xss(ID)`), resources the
// page fetched (Resource Timing) and CSP violations (a refused request is still an attempt).
// Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh xss.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CTL, ROOT, WORK, assert, check, closeApp, exec, execAsync, launchApp, log, runSuite, s, sleep, wd } from './lib.mjs';
import { payloads, sanitize as sanitizeWith } from '../xss/corpus.mjs';

const sanitize = (documents) => sanitizeWith(CTL, documents).map((clean) => clean.html);

async function main() {
  const profile = join(WORK, 'empty-profile');
  mkdirSync(profile, { recursive: true });
  const { driver } = await launchApp({ PARLEY_PROFILE: profile, PARLEY_LOG: 'info' }, 'desktop-xss.log');
  const start = await exec('return location.href;');
  const clean = sanitize(payloads.map((p) => p.html));

  await check(`${payloads.length} sanitised XSS payloads in the WebKitGTK webview: no script, no request, no CSP violation`, async () => {
    await exec(`window.__hits = []; window.__violations = [];
                window.__xss = (id) => window.__hits.push(String(id));
                window.addEventListener('message', (e) => { if (typeof e.data === 'string' && e.data.startsWith('__xss:')) window.__hits.push(e.data.slice(6)); });
                document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.blockedURI + ' ' + e.violatedDirective));
                window.__resourcesBefore = performance.getEntriesByType('resource').length;
                const c = document.createElement('div'); c.id = 'xss-stage'; document.body.appendChild(c);`);
    for (let i = 0; i < clean.length; i += 25) {
      await execAsync(
        `const done = arguments[arguments.length - 1];
         const c = document.getElementById('xss-stage');
         (async () => { for (const html of arguments[0]) { c.innerHTML = html; await new Promise((r) => setTimeout(r, 20)); } c.innerHTML = ''; done(true); })();`,
        [clean.slice(i, i + 25)],
      );
    }
    await sleep(500);
    const result = await exec(`return { hits: window.__hits, violations: window.__violations,
      resources: performance.getEntriesByType('resource').slice(window.__resourcesBefore).map((e) => e.name) };`);
    log(`webkit: ${result.hits.length} executions, ${result.resources.length} requests, ${result.violations.length} CSP violations`);
    assert(result.hits.length === 0, `scripts ran: ${result.hits.join(', ')}`);
    assert(result.resources.length === 0, `requests: ${result.resources.slice(0, 10).join(', ')}`);
    assert(result.violations.length === 0, `blocked attempts: ${result.violations.slice(0, 10).join(', ')}`);
  });

  await check('window.location = … and window.open(…) do nothing', async () => {
    const opened = await exec(`const w = window.open('https://example.org/', '_blank'); return w === null ? 'null' : typeof w;`);
    await exec(`setTimeout(() => { window.location = 'https://example.org/'; }, 0); return true;`).catch(() => {});
    await sleep(2000);
    const now = await exec('return location.href;');
    assert(now === start, `the webview navigated to ${now}`);
    assert(opened === 'null', `window.open returned ${opened}`);
    const handles = await exec('return document.title;');
    assert(typeof handles === 'string', 'the page stopped answering');
  });

  await check('400 malformed IPC calls are answered with errors, and the app survives', async () => {
    // Every command the UI may call, except `login` (it would try to sign in somewhere) and
    // `ui_ready`/`session_restore` (no arguments to get wrong).
    const build = readFileSync(join(ROOT, 'src-tauri/build.rs'), 'utf8');
    const commands = [...build.slice(build.indexOf('const COMMANDS')).split('];')[0].matchAll(/"([a-z_]+)"/g)]
      .map((m) => m[1])
      .filter((c) => !['login', 'ui_ready', 'session_restore'].includes(c));
    // 400 round trips through the isolation frame take a few seconds; allow for a busy machine.
    await wd('POST', s('/timeouts'), { script: 60_000 });
    const result = await execAsync(
      `const done = arguments[arguments.length - 1];
       const commands = arguments[0];
       let seed = 12345;
       const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
       const keys = ['roomId', 'eventId', 'index', 'body', 'userId', 'acknowledged', 'sensitiveDataConfirmed', 'x', '__proto__', ''];
       const value = (depth) => {
         switch (rnd(depth > 3 ? 7 : 9)) {
           case 0: return null;
           case 1: return rnd(2) === 0;
           case 2: return [0, -1, 2 ** 53, -(2 ** 63), 1e308, 0.5][rnd(6)];
           case 3: return '';
           case 4: return ['!', '$', '!a:b', '$e', '\u0000', '\u202e!r:x', 'x'.repeat(100000), '🙂'.repeat(50)][rnd(8)];
           case 5: return String.fromCharCode(...Array.from({ length: rnd(40) }, () => rnd(0xffff)));
           case 6: return rnd(1000);
           case 7: return Array.from({ length: rnd(5) }, () => value(depth + 1));
           default: return Object.fromEntries(Array.from({ length: rnd(5) }, () => [keys[rnd(keys.length)], value(depth + 1)]));
         }
       };
       (async () => {
         const outcomes = { errors: 0, resolved: 0, codes: {}, slowest: [] };
         for (let i = 0; i < 400; i++) {
           const cmd = commands[rnd(commands.length)];
           const args = rnd(5) === 0 ? value(0) : Object.fromEntries(Array.from({ length: rnd(4) }, () => [keys[rnd(keys.length)], value(1)]));
           const started = performance.now();
           try {
             await window.__TAURI_INTERNALS__.invoke(cmd, args && typeof args === 'object' && !Array.isArray(args) ? args : { value: args });
             outcomes.resolved++;
           } catch (e) {
             outcomes.errors++;
             const code = e?.code ?? (typeof e === 'string' ? 'string' : 'other');
             outcomes.codes[code] = (outcomes.codes[code] ?? 0) + 1;
           }
           outcomes.slowest.push([cmd, Math.round(performance.now() - started)]);
           outcomes.slowest = outcomes.slowest.sort((a, b) => b[1] - a[1]).slice(0, 5);
         }
         let after;
         try { await window.__TAURI_INTERNALS__.invoke('rooms'); after = 'resolved'; } catch (e) { after = e?.code ?? String(e); }
         done({ ...outcomes, after });
       })();`,
      [commands],
    );
    log(`ipc fuzz: ${JSON.stringify(result)}`);
    assert(result.errors + result.resolved === 400, `not every call was answered: ${JSON.stringify(result)}`);
    assert(result.after === 'not_logged_in', `after the fuzzing the app answered ${JSON.stringify(result.after)}`);
    assert(driver.exitCode === null, 'tauri-driver (and the app under it) exited');
  });

  await check('commands the isolation frame does not list are refused with an error, never run', async () => {
    // Tauri's own and plugin commands the app does not use, and a made-up one: each must
    // reject (not hang: the promise of a dropped call would never settle).
    const refused = ['plugin:webview|create_webview_window', 'plugin:window|close', 'plugin:updater|check', 'delete_everything'];
    const result = await execAsync(
      `const done = arguments[arguments.length - 1];
       Promise.all(arguments[0].map((cmd) => Promise.race([
         window.__TAURI_INTERNALS__.invoke(cmd, { label: 'evil', url: 'https://example.org/' })
           .then(() => cmd + ': resolved', (e) => cmd + ': rejected ' + String(e?.message ?? e).slice(0, 80)),
         new Promise((r) => setTimeout(() => r(cmd + ': no answer in 10 s'), 10000)),
       ]))).then(done);`,
      [refused],
    );
    log(`refused: ${JSON.stringify(result)}`);
    assert(result.every((r) => r.includes(': rejected ')), `not all refused: ${JSON.stringify(result)}`);
    assert(result.every((r) => r.includes('parley_refused_by_isolation')), `refused elsewhere than the isolation frame: ${JSON.stringify(result)}`);
    const windows = await wd('GET', s('/window/handles'));
    assert(windows.length === 1, `${windows.length} windows: a refused call opened one`);
    assert(await exec('return document.title;') !== null, 'the page stopped answering');
  });

  await closeApp(driver);
}

await runSuite(main);
