// tests/desktop/e2e.mjs — desktop end-to-end test through WebDriver.
//
// Drives the real app (WebKitGTK webview) with tauri-driver + WebKitWebDriver, speaking
// the W3C WebDriver protocol with Node's built-in fetch. The other side of the chat is
// the real `parleyctl` against a real Synapse. Run it through tests/desktop/e2e.sh, e.g.
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh
//
// Environment: PARLEY_TEST_HOMESERVER, PARLEY_TEST_SYNAPSE_DIR (tests/with-homeserver),
// DISPLAY + D-Bus + keyring (tests/harness/desktop-session), TAURI_DRIVER (path, from
// e2e.sh), CARGO_TARGET_DIR, optional PARLEY_ARTIFACTS (screenshot and logs go there)
// and PARLEY_E2E_TIMEOUT (seconds each UI wait may take, default 30).
//
// Prints `ok - NAME` / `not ok - NAME` per check and finally `N passed, M failed`.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
const CTL = join(TARGET, 'debug/parleyctl');
const APP = process.env.PARLEY_DESKTOP_BIN || join(TARGET, 'debug/parley-desktop');
const SYNAPSE = join(ROOT, 'tests/harness/synapse');
const NATIVE_DRIVER = process.env.PARLEY_NATIVE_DRIVER || '/usr/bin/WebKitWebDriver';
const UI_TIMEOUT_MS = Number(process.env.PARLEY_E2E_TIMEOUT || 30) * 1000;
const ARTIFACTS = process.env.PARLEY_ARTIFACTS || '';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // W3C web element identifier key

const log = (msg) => console.error(`e2e: ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = () => randomBytes(4).toString('hex');
const run = promisify(execFile);

for (const name of ['PARLEY_TEST_HOMESERVER', 'PARLEY_TEST_SYNAPSE_DIR', 'DISPLAY', 'TAURI_DRIVER']) {
  if (!process.env[name]) {
    console.error(`e2e: FAIL: ${name} is not set (run through tests/desktop/e2e.sh inside desktop-session + with-homeserver)`);
    process.exit(2);
  }
}
const HS = process.env.PARLEY_TEST_HOMESERVER;

// --- checks --------------------------------------------------------------------
let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}`);
    console.log(`  # ${String(err?.message ?? err).replaceAll('\n', '\n  # ')}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
/** Polls fn until it returns a truthy value; throws the last reason after the deadline. */
async function waitFor(what, fn, timeoutMs = UI_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err?.message ?? String(err);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what} (last: ${last})`);
    await sleep(250);
  }
}

// --- processes -----------------------------------------------------------------
const WORK = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
const children = new Set(); // process-group leaders we started
function start(cmd, args, opts) {
  // detached: a process group of its own, so tauri-driver, WebKitWebDriver and the app
  // they launch are stopped together by their group id.
  const child = spawn(cmd, args, { detached: true, ...opts });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
}
async function stopAllAndWait() {
  stopAll();
  const deadline = Date.now() + 3000;
  while (children.size && Date.now() < deadline) await sleep(100);
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function ctl(profile, ...args) {
  const { stdout } = await run(CTL, ['--profile', profile, ...args], { timeout: 120_000 }).catch((err) => {
    throw new Error(`parleyctl ${args[0]} failed: ${err.stderr?.trim() || err.message}`);
  });
  return stdout;
}
async function login(profile, user, password) {
  mkdirSync(profile, { mode: 0o700 });
  const child = execFile(CTL, ['--profile', profile, 'login', '--homeserver', HS, '--user', user, '--password-stdin'], {
    timeout: 120_000,
  });
  child.stdin.end(`${password}\n`);
  const [code, stderr] = await new Promise((res) => {
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (c) => res([c, err]));
  });
  if (code !== 0) throw new Error(`parleyctl login ${user} failed: ${stderr.trim()}`);
}
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const jsonLines = (text) =>
  text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));

// --- WebDriver -----------------------------------------------------------------
let wdBase = '';
let sessionId = '';
async function wd(method, path, body) {
  const res = await fetch(`${wdBase}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  }).catch((err) => {
    throw new Error(`WebDriver ${method} ${path}: ${err.message}`);
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = data.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${res.status} ${v.error ?? ''} ${v.message ?? ''}`.trim());
  }
  return data.value;
}
const s = (path) => `/session/${sessionId}${path}`;
const findAll = async (css) => (await wd('POST', s('/elements'), { using: 'css selector', value: css })).map((e) => e[ELEMENT]);
const text = (el) => wd('GET', s(`/element/${el}/text`));
const attr = (el, name) => wd('GET', s(`/element/${el}/attribute/${encodeURIComponent(name)}`));
const prop = (el, name) => wd('GET', s(`/element/${el}/property/${encodeURIComponent(name)}`));
const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
const execAsync = (script, args = []) => wd('POST', s('/execute/async'), { script, args });
async function findOne(css) {
  const els = await findAll(css);
  if (els.length !== 1) throw new Error(`${els.length} elements match ${css}`);
  return els[0];
}

// --- the test ------------------------------------------------------------------
let driverLog = '';
async function main() {
  const t0 = Date.now();
  const id = rand();
  const a = { name: `e2e_a_${id}`, password: `pw-${rand()}${rand()}`, profile: join(WORK, 'a') };
  const b = { name: `e2e_b_${id}`, password: `pw-${rand()}${rand()}`, profile: join(WORK, 'b') };
  const seeded = `seeded-${rand()} hello from bob`;
  const reply = `reply-${rand()} hello from alice's desktop`;

  log(`registering ${a.name} and ${b.name}`);
  for (const u of [a, b]) {
    const { stdout } = await run(SYNAPSE, ['register', process.env.PARLEY_TEST_SYNAPSE_DIR, u.name, u.password]);
    u.id = stdout.trim();
    assert(/^@[^:]+:.+$/.test(u.id), `synapse register printed ${JSON.stringify(stdout)}`);
  }
  log('signing both in with parleyctl, creating the DM, seeding a message from B');
  await Promise.all([login(a.profile, a.name, a.password), login(b.profile, b.name, b.password)]);
  const { room_id: room } = JSON.parse(await ctl(a.profile, 'dm', 'create', b.id, '--json'));
  assert(room?.startsWith('!'), `dm create gave no room id`);
  await ctl(b.profile, 'join', room);
  await ctl(b.profile, 'send', room, seeded);
  log(`room ${room} ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  // tauri-driver; the app inherits its environment.
  const port = await freePort();
  const nativePort = await freePort();
  driverLog = ARTIFACTS ? join(ARTIFACTS, 'desktop-e2e.log') : join(WORK, 'driver.log');
  if (ARTIFACTS) mkdirSync(ARTIFACTS, { recursive: true });
  const out = openSync(driverLog, 'w');
  const driver = start(
    process.env.TAURI_DRIVER,
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', NATIVE_DRIVER],
    {
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        PARLEY_PROFILE: a.profile,
        WEBKIT_DISABLE_DMABUF_RENDERER: '1',
        PARLEY_WEBVIEW_CONSOLE: '1',
        NO_COLOR: '1',
        // The geolocation check reads the app's warning about the denied permission request.
        PARLEY_LOG: [process.env.PARLEY_LOG || 'info', 'parley_desktop::hardening=warn'].join(','),
      },
    },
  );
  wdBase = `http://127.0.0.1:${port}`;
  await waitFor(
    'tauri-driver to listen',
    async () => {
      if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
      return fetch(`${wdBase}/status`).then(() => true);
    },
    15_000,
  );
  const session = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: APP } } },
  }).catch((err) => {
    throw new Error(`could not start ${APP} under WebDriver: ${err.message}`);
  });
  sessionId = session.sessionId;
  log(`WebDriver session ${sessionId} (${session.capabilities?.browserName} ${session.capabilities?.browserVersion})`);
  await wd('POST', s('/timeouts'), { script: 10_000 });

  await check('app is signed in as A', async () => {
    const user = await waitFor('the account bar', async () => {
      const [el] = await findAll('[data-testid="account-user"]');
      return el && (await text(el)).trim();
    });
    assert(user === a.id, `account bar shows ${JSON.stringify(user)}, expected ${a.id}`);
    assert((await findAll('input#password')).length === 0, 'the login form is still shown');
  });

  await check('encrypted DM with B is in the room list', async () => {
    const el = await waitFor('the DM in the room list', async () => (await findAll(`button.room[data-room-id="${room}"]`))[0]);
    const content = (await prop(el, 'textContent')).replace(/\s+/g, ' ').trim();
    assert(/\bDM\b/.test(content), `room entry has no DM badge: ${JSON.stringify(content)}`);
    assert(content.endsWith('encrypted') && !content.includes('not encrypted'), `room entry is not marked encrypted: ${JSON.stringify(content)}`);
    if ((await attr(el, 'aria-current')) !== 'true') await wd('POST', s(`/element/${el}/click`), {});
  });

  await check("B's seeded message is shown, decrypted", async () => {
    await waitFor('the timeline of the DM', async () => (await findAll(`section.timeline[data-room-id="${room}"]`)).length === 1);
    // A fresh start may show the message as undecryptable for a moment (the room key or
    // B's cross-signing identity arrives with the first sync); it must then decrypt.
    let shown = [];
    const msg = await waitFor(`B's message to read ${JSON.stringify(seeded)}`, async () => {
      shown = [];
      for (const el of await findAll(`li.message[data-sender="${b.id}"]`)) {
        const body = (await text(await findIn(el, '.body'))).trim();
        if (body === seeded) return { el, body };
        shown.push(body);
        if (/Unable to decrypt/.test(body)) log(`seen while waiting: ${JSON.stringify(body)}`);
      }
      throw new Error(`messages from B show ${JSON.stringify(shown)}`);
    });
    assert((await attr(msg.el, 'data-encrypted')) === 'true', 'the message is not marked as end-to-end encrypted');
    assert((await findAllIn(msg.el, '.utd, .unenc')).length === 0, 'the message carries an undecryptable/unencrypted marker');
  });

  await check('reply typed in the composer reaches B, decrypted', async () => {
    const listen = start(CTL, ['--profile', b.profile, 'listen', '--json', '--count', '1', '--timeout', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    listen.stdout.on('data', (d) => (stdout += d));
    listen.stderr.on('data', (d) => (stderr += d));
    const done = new Promise((res) => listen.on('close', res));
    await sleep(4000); // let listen reach its first sync
    const input = await findOne('#composer-input');
    await wd('POST', s(`/element/${input}/value`), { text: `${reply}\uE007` });
    const code = await done;
    assert(code === 0, `parleyctl listen exited ${code}: ${stderr.trim()}`);
    const messages = jsonLines(stdout).filter((e) => e.kind === 'message' || e.kind === 'undecryptable');
    assert(messages.length === 1, `B received ${messages.length} messages: ${JSON.stringify(messages)}`);
    const [m] = messages;
    assert(m.kind === 'message' && m.body === reply, `B received ${JSON.stringify(m)}, expected body ${JSON.stringify(reply)}`);
    assert(m.encrypted === true && m.sender === a.id && m.room_id === room, `unexpected message metadata: ${JSON.stringify(m)}`);
    // The desktop shows it as its own, acknowledged message, and the composer is empty again.
    await waitFor('the reply to be acknowledged in the timeline', async () => {
      for (const el of await findAll(`li.message.own[data-event-id]`)) {
        if ((await text(await findIn(el, '.body'))).trim() === reply) return true;
      }
      return false;
    });
    assert((await prop(input, 'value')) === '', 'the composer was not cleared after sending');
  });

  await check('no link points outside the app', async () => {
    const offApp = await exec(
      `return [...document.querySelectorAll('a[href], area[href]')]
         .map((a) => a.href).filter((h) => new URL(h, location.href).origin !== location.origin);`,
    );
    assert(offApp.length === 0, `links leaving the app: ${offApp.join(', ')}`);
  });

  const media = await exec(`return navigator.mediaDevices ? 'present' : 'absent';`);
  log(`navigator.mediaDevices: ${media}`);

  await check('geolocation is refused (error callback, no position)', async () => {
    const result = await execAsync(
      `const done = arguments[arguments.length - 1];
       if (!navigator.geolocation) { done({ api: 'absent' }); return; }
       const timer = setTimeout(() => done({ api: 'present', outcome: 'no callback' }), 5000);
       navigator.geolocation.getCurrentPosition(
         () => { clearTimeout(timer); done({ api: 'present', outcome: 'position' }); },
         (e) => { clearTimeout(timer); done({ api: 'present', outcome: 'error', code: e.code, message: e.message }); },
         { timeout: 4000 });`,
    );
    log(`geolocation: ${JSON.stringify(result)}`);
    assert(result.api === 'absent' || result.outcome === 'error', `geolocation gave ${JSON.stringify(result)}`);
    // 1 = PERMISSION_DENIED (the app's policy); 2/3 would mean the platform simply had no fix.
    assert(result.api === 'absent' || result.code === 1, `geolocation failed with code ${result.code} (${result.message}), not PERMISSION_DENIED`);
    // ...and it was the app's own WebKit permission handler that said no (src-tauri hardening).
    if (result.api === 'present') {
      await waitFor('the app to log its denial of the geolocation request', async () =>
        /permission request denied.*WebKitGeolocationPermissionRequest/.test(stripAnsi(readFileSync(driverLog, 'utf8'))),
        5000,
      );
    }
  });

  await check('the webview reported no CSP violation', async () => {
    // Debug builds copy the webview console to the app log (PARLEY_WEBVIEW_CONSOLE=1).
    const hits = stripAnsi(readFileSync(driverLog, 'utf8'))
      .split('\n')
      .filter((l) => /Refused to (load|execute|apply|connect)|Content.Security.Policy/i.test(l));
    assert(hits.length === 0, `CSP violations:\n${hits.join('\n')}`);
  });

  if (ARTIFACTS) {
    const png = await wd('GET', s('/screenshot'));
    writeFileSync(join(ARTIFACTS, 'desktop-e2e.png'), Buffer.from(png, 'base64'));
    log(`screenshot: ${join(ARTIFACTS, 'desktop-e2e.png')}`);
  }
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

async function findAllIn(el, css) {
  return (await wd('POST', s(`/element/${el}/elements`), { using: 'css selector', value: css })).map((e) => e[ELEMENT]);
}
async function findIn(el, css) {
  return (await wd('POST', s(`/element/${el}/element`), { using: 'css selector', value: css }))[ELEMENT];
}

async function cleanup() {
  if (sessionId) {
    await wd('DELETE', s('')).catch((err) => log(`deleting the session: ${err.message}`));
    sessionId = '';
  }
  await stopAllAndWait();
  rmSync(WORK, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopAll();
    rmSync(WORK, { recursive: true, force: true });
    process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]);
  });
}

let fatal = null;
try {
  await main();
} catch (err) {
  fatal = err;
}
if ((fatal || failed) && driverLog) {
  try {
    const lines = stripAnsi(readFileSync(driverLog, 'utf8')).trimEnd().split('\n');
    const tail = lines.slice(-30).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
    console.error(`e2e: tauri-driver/app output (last 30 lines${ARTIFACTS ? `, all in ${driverLog}` : ''}):\n${tail.join('\n')}`);
  } catch {}
}
await cleanup();
if (fatal) {
  console.error(`e2e: FAIL: ${fatal.message}`);
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
