// tests/desktop/lib.mjs — helpers shared by the desktop WebDriver suites (e2e.mjs, dlp.mjs).
//
// Checks (`ok - NAME` / `not ok - NAME`), polling, child processes in their own process
// groups, parleyctl, a minimal W3C WebDriver client over Node's fetch, launching the app
// under tauri-driver, seeding an encrypted DM between two fresh users, and runSuite (the
// run/report/clean-up frame that ends with `N passed, M failed`).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
export const CTL = join(TARGET, 'debug/parleyctl');
export const APP = process.env.PARLEY_DESKTOP_BIN || join(TARGET, 'debug/parley-desktop');
export const SYNAPSE = join(ROOT, 'tests/harness/synapse');
export const NATIVE_DRIVER = process.env.PARLEY_NATIVE_DRIVER || '/usr/bin/WebKitWebDriver';
export const UI_TIMEOUT_MS = Number(process.env.PARLEY_E2E_TIMEOUT || 30) * 1000;
export const ARTIFACTS = process.env.PARLEY_ARTIFACTS || '';
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // W3C web element identifier key

/** The suite's name (the script's base name, e.g. `e2e`), prefixed to what it logs. */
export const SUITE = basename(process.argv[1] || 'desktop', '.mjs');
export const log = (msg) => console.error(`${SUITE}: ${msg}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const rand = () => randomBytes(4).toString('hex');
export const run = promisify(execFile);

for (const name of ['PARLEY_TEST_HOMESERVER', 'PARLEY_TEST_SYNAPSE_DIR', 'DISPLAY', 'TAURI_DRIVER']) {
  if (!process.env[name]) {
    console.error(`${SUITE}: FAIL: ${name} is not set (run through tests/desktop/e2e.sh inside desktop-session + with-homeserver)`);
    process.exit(2);
  }
}
export const HS = process.env.PARLEY_TEST_HOMESERVER;

// --- checks --------------------------------------------------------------------
export let passed = 0;
export let failed = 0;
export async function check(name, fn) {
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
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
/** Polls fn until it returns a truthy value; throws the last reason after the deadline. */
export async function waitFor(what, fn, timeoutMs = UI_TIMEOUT_MS) {
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
export const WORK = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
export const children = new Set(); // process-group leaders we started
export function start(cmd, args, opts) {
  // detached: a process group of its own, so tauri-driver, WebKitWebDriver and the app
  // they launch are stopped together by their group id.
  const child = spawn(cmd, args, { detached: true, ...opts });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
export function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
}
export async function stopAllAndWait() {
  stopAll();
  const deadline = Date.now() + 3000;
  while (children.size && Date.now() < deadline) await sleep(100);
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export async function ctl(profile, ...args) {
  const { stdout } = await run(CTL, ['--profile', profile, ...args], { timeout: 120_000 }).catch((err) => {
    throw new Error(`parleyctl ${args[0]} failed: ${err.stderr?.trim() || err.message}`);
  });
  return stdout;
}
export async function login(profile, user, password) {
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
export const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
export const jsonLines = (text) =>
  text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));

// --- WebDriver -----------------------------------------------------------------
export let wdBase = '';
export let sessionId = '';
export async function wd(method, path, body) {
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
export const s = (path) => `/session/${sessionId}${path}`;
export const findAll = async (css) => (await wd('POST', s('/elements'), { using: 'css selector', value: css })).map((e) => e[ELEMENT]);
export const text = (el) => wd('GET', s(`/element/${el}/text`));
export const attr = (el, name) => wd('GET', s(`/element/${el}/attribute/${encodeURIComponent(name)}`));
export const prop = (el, name) => wd('GET', s(`/element/${el}/property/${encodeURIComponent(name)}`));
export const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
export const execAsync = (script, args = []) => wd('POST', s('/execute/async'), { script, args });
export async function findOne(css) {
  const els = await findAll(css);
  if (els.length !== 1) throw new Error(`${els.length} elements match ${css}`);
  return els[0];
}

export async function findAllIn(el, css) {
  return (await wd('POST', s(`/element/${el}/elements`), { using: 'css selector', value: css })).map((e) => e[ELEMENT]);
}
export async function findIn(el, css) {
  return (await wd('POST', s(`/element/${el}/element`), { using: 'css selector', value: css }))[ELEMENT];
}

/** Points the WebDriver helpers at a tauri-driver (`base`) and a session id ('' = none). */
export function useWebDriver(base, id) {
  wdBase = base;
  sessionId = id;
}

let appLog = ''; // the output of the last tauri-driver/app started; runSuite shows its tail on failure

/**
 * Starts tauri-driver with `env` added to this process's environment (the app inherits it),
 * its output (and the app's) going to `logName` (in $PARLEY_ARTIFACTS if set), opens a
 * WebDriver session on the app (started with `args`) and returns `{ driver, log, session }`.
 */
export async function launchApp(env, logName, args = []) {
  const port = await freePort();
  const nativePort = await freePort();
  const logPath = ARTIFACTS ? join(ARTIFACTS, logName) : join(WORK, logName);
  if (ARTIFACTS) mkdirSync(ARTIFACTS, { recursive: true });
  appLog = logPath;
  const out = openSync(logPath, 'w');
  const driver = start(
    process.env.TAURI_DRIVER,
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', NATIVE_DRIVER],
    { stdio: ['ignore', out, out], env: { ...process.env, WEBKIT_DISABLE_DMABUF_RENDERER: '1', NO_COLOR: '1', ...env } },
  );
  useWebDriver(`http://127.0.0.1:${port}`, '');
  await waitFor(
    'tauri-driver to listen',
    async () => {
      if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
      return fetch(`${wdBase}/status`).then(() => true);
    },
    15_000,
  );
  const session = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: APP, args } } },
  }).catch((err) => {
    throw new Error(`could not start ${APP} under WebDriver: ${err.message}`);
  });
  useWebDriver(wdBase, session.sessionId);
  await wd('POST', s('/timeouts'), { script: 10_000 });
  return { driver, log: logPath, session };
}

/** Types `text` into the element matching `css` (cleared first). */
export async function typeInto(css, text) {
  const el = await findOne(css);
  await wd('POST', s(`/element/${el}/clear`), {});
  await wd('POST', s(`/element/${el}/value`), { text });
}

/**
 * Every process as `{ pid, ppid, pgid, comm, startMs }`; startMs is when it started, in ms
 * since the epoch (10 ms steps). The boot time is taken from /proc/uptime now rather than
 * /proc/stat's `btime`, which is rounded to the second (here it was 140 ms off).
 */
export function processes() {
  const bootMs = Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3), so field N is fields[N - 3]; CLK_TCK is 100 on Linux.
    out.push({ pid: Number(pid), ppid: Number(fields[1]), pgid: Number(fields[2]), comm, startMs: bootMs + Number(fields[19]) * 10 });
  }
  return out;
}

/** The process `name` in process group `pgid` (throws if there is none). */
export function processIn(pgid, name) {
  const found = processes().find((p) => p.comm === name.slice(0, 15) && p.pgid === pgid);
  if (!found) throw new Error(`no ${name} process in group ${pgid}`);
  return found;
}

/** When the process `name` in process group `pgid` started (ms since the epoch, 10 ms steps). */
export const processStart = (pgid, name) => processIn(pgid, name).startMs;

/** Ends the current WebDriver session, if any (the app exits). */
async function endSession() {
  if (sessionId) {
    await wd('DELETE', s('')).catch((err) => log(`deleting the session: ${err.message}`));
    useWebDriver(wdBase, '');
  }
}

/** Ends the WebDriver session (the app exits) and stops tauri-driver. */
export async function closeApp(driver) {
  await endSession();
  try {
    process.kill(-driver.pid, 'SIGTERM');
  } catch {}
  const deadline = Date.now() + 5000;
  while (children.has(driver) && Date.now() < deadline) await sleep(100);
  // The app (same process group) quits cleanly on SIGTERM and may outlive tauri-driver a moment;
  // until it is gone it holds the profile's single-instance name, and a relaunch on the same
  // profile would only hand over its arguments and exit.
  const groupAlive = () => {
    try {
      process.kill(-driver.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (groupAlive() && Date.now() < deadline + 10_000) await sleep(100);
  // One that still has not quit would also hold its profile's lock, and the next launch on
  // that profile would be refused: end it, and say so.
  if (groupAlive()) {
    log('the app did not quit within 15 s of SIGTERM; killing it');
    try {
      process.kill(-driver.pid, 'SIGKILL');
    } catch {}
    const killed = Date.now() + 5000;
    while (groupAlive() && Date.now() < killed) await sleep(100);
  }
}

/** Starts `parleyctl listen` for `count` messages; resolves to the messages that arrived. */
export function listenFor(profile, count, timeoutSecs) {
  const child = start(CTL, ['--profile', profile, 'listen', '--json', '--count', String(count), '--timeout', String(timeoutSecs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((res) =>
    child.on('close', (code) =>
      res({ code, stderr, messages: jsonLines(stdout).filter((e) => e.kind === 'message' || e.kind === 'undecryptable') }),
    ),
  );
}

// --- plain Matrix HTTP (what another client, or a hostile one, would send) ----------
/** A fresh access token for `user` (a new device of theirs). */
export async function accessToken(user) {
  const res = await fetch(`${HS}/_matrix/client/v3/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: user.name }, password: user.password }),
  });
  const body = await res.json();
  assert(body.access_token, `login failed: ${JSON.stringify(body)}`);
  return body.access_token;
}
/** Calls the client-server API as `token`; resolves to the JSON answer, throws on an error status. */
export async function matrix(token, method, path, body) {
  const res = await fetch(`${HS}/_matrix/client/v3${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}
/** Sends one room event as `token` (unencrypted: what a plain client or a bot sends). */
export const sendEvent = (token, room, type, content) =>
  matrix(token, 'PUT', `/rooms/${encodeURIComponent(room)}/send/${type}/t${rand()}${rand()}`, content);
/** Registers a fresh user on the test Synapse; returns `{ name, password, id }`. */
export async function register(name, password = `pw-${rand()}${rand()}`) {
  const user = { name, password };
  const { stdout } = await run(SYNAPSE, ['register', process.env.PARLEY_TEST_SYNAPSE_DIR, user.name, user.password]);
  user.id = stdout.trim();
  assert(/^@[^:]+:.+$/.test(user.id), `synapse register printed ${JSON.stringify(stdout)}`);
  return user;
}
/**
 * The desktop notifications dunst has shown (newest first), only those after `mark` (from
 * `notificationMark()`) if given. Pop-ups reach the history when they expire (300 ms here).
 */
export async function notifications(mark = 0) {
  const { stdout } = await run('dunstctl', ['history']);
  return JSON.parse(stdout)
    .data.flat()
    .map((n) => ({ id: n.id?.data ?? 0, summary: n.summary?.data ?? '', body: n.body?.data ?? '' }))
    .filter((n) => n.id > mark);
}
/** A mark for `notifications(mark)`: the newest notification id so far. */
export async function notificationMark() {
  await sleep(1000); // let pop-ups still on screen expire into the history
  return Math.max(0, ...(await notifications()).map((n) => n.id));
}

// --- seeding -------------------------------------------------------------------
/**
 * Registers two fresh users `${prefix}_a_…` and `${prefix}_b_…` on the Synapse, signs both in
 * with parleyctl (profiles WORK/a, WORK/b), has A create an encrypted DM with B, B join it
 * and send `seeded`. Returns `{ a, b, room }`; a user is `{ name, password, profile, id }`.
 */
export async function seedDm(prefix, seeded) {
  const t0 = Date.now();
  const id = rand();
  const a = { name: `${prefix}_a_${id}`, password: `pw-${rand()}${rand()}`, profile: join(WORK, `${prefix}_a`) };
  const b = { name: `${prefix}_b_${id}`, password: `pw-${rand()}${rand()}`, profile: join(WORK, `${prefix}_b`) };

  log(`registering ${a.name} and ${b.name}`);
  for (const u of [a, b]) {
    u.id = (await register(u.name, u.password)).id;
  }
  log('signing both in with parleyctl, creating the DM, seeding a message from B');
  await Promise.all([login(a.profile, a.name, a.password), login(b.profile, b.name, b.password)]);
  const { room_id: room } = JSON.parse(await ctl(a.profile, 'dm', 'create', b.id, '--json'));
  assert(room?.startsWith('!'), `dm create gave no room id`);
  await ctl(b.profile, 'join', room);
  // A syncs once B is a member, so A holds B's cross-signed device keys before any room
  // key from B arrives: a room key received while the sender's device is still unknown is
  // stored as untrusted, and under CrossSignedOrLegacy its messages stayed unreadable.
  await ctl(a.profile, 'rooms', '--json');
  await ctl(b.profile, 'send', room, seeded);
  log(`room ${room} ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return { a, b, room };
}

// --- secrets hygiene -------------------------------------------------------------
/** Where WebKitGTK keeps the app's web data (local storage, IndexedDB, caches). */
export const WEBVIEW_DIRS = [
  join(process.env.XDG_DATA_HOME || join(homedir(), '.local/share'), 'org.parley.desktop'),
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'org.parley.desktop'),
];

/** Every file under each of `places` (files or folders; missing ones are skipped). */
function filesIn(places) {
  const out = [];
  for (const place of places.filter(existsSync)) {
    let entries;
    try {
      entries = readdirSync(place, { withFileTypes: true });
    } catch {
      out.push(place);
      continue;
    }
    for (const e of entries) {
      const path = join(place, e.name);
      if (e.isDirectory()) out.push(...filesIn([path]));
      else if (e.isFile()) out.push(path);
    }
  }
  return out;
}

/** "what in file" for each of `secrets` ({ what: text }) found in a file under `places`. */
export function secretsFoundIn(places, secrets) {
  const found = [];
  for (const file of filesIn(places)) {
    const bytes = readFileSync(file);
    for (const [what, text] of Object.entries(secrets)) {
      if (text && bytes.includes(Buffer.from(text))) found.push(`${what} in ${file}`);
    }
  }
  return found;
}

// --- running a suite -----------------------------------------------------------
/**
 * Runs `main` (its checks print `ok - …` / `not ok - …`); on a failure shows the tail of the
 * last app log; ends the session, stops every child, removes WORK; prints
 * `N passed, M failed` (an exception out of `main` counts as one failure) and exits 1 on failure.
 */
export async function runSuite(main) {
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
  if ((fatal || failed) && appLog) {
    try {
      const lines = stripAnsi(readFileSync(appLog, 'utf8')).trimEnd().split('\n');
      const tail = lines.slice(-30).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
      console.error(`${SUITE}: tauri-driver/app output (last 30 lines${ARTIFACTS ? `, all in ${appLog}` : ''}):\n${tail.join('\n')}`);
    } catch {}
  }
  await endSession();
  await stopAllAndWait();
  rmSync(WORK, { recursive: true, force: true });
  let failures = failed;
  if (fatal) {
    console.error(`${SUITE}: FAIL: ${fatal.message}`);
    failures++;
  }
  console.log(`${passed} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

/** Clicks the top bar's button labelled `name` (e.g. "Activity"). */
export async function clickTopBar(name) {
  const el = await waitFor(`the "${name}" button`, async () => {
    const found = await exec(
      `return [...document.querySelectorAll('header.topbar button')].find((b) => b.textContent.trim() === arguments[0]) ?? null;`,
      [name],
    );
    return found?.[ELEMENT];
  });
  await wd('POST', s(`/element/${el}/click`), {});
}

/** Opens the Activity page and returns its entries `{ kind, decision, text }` and `intact`. */
export async function activity() {
  await clickTopBar('Activity');
  return waitFor('the Activity page', async () =>
    exec(`const page = document.querySelector('[data-testid="activity"]');
          const status = page?.querySelector('[role="status"]');
          if (!status) return null;
          return { intact: status.dataset.intact === 'true', status: status.textContent,
                   entries: [...page.querySelectorAll('li')].map((li) => ({ kind: li.dataset.kind, decision: li.dataset.decision, text: li.textContent })) };`),
  );
}

/** Clicks an element. */
export const click = async (el) => wd('POST', s(`/element/${el}/click`), {});

/** Selects `room` in the room list (unless it is already open) and waits for its timeline. */
export async function openRoom(room) {
  // The list reorders by recency while sync catches up: a click can land on the room that
  // just moved under the pointer, so click again until this room's timeline is the one shown.
  await waitFor(`the timeline of room ${room}`, async () => {
    const el = (await findAll(`button.room[data-room-id="${room}"]`))[0];
    if (!el) return false;
    if ((await attr(el, 'aria-current')) !== 'true') await click(el);
    return waitFor('the room to open', async () => (await findAll(`section.timeline[data-room-id="${room}"]`)).length === 1, 2000).catch(() => false);
  });
}

/**
 * A policy root for `PARLEY_POLICY_DIR` holding one mandatory file `managed/NAME.json` with
 * `json`, owned and moded as the policy loader insists (DESIGN.md §4).
 */
export function managedPolicy(name, json) {
  const dir = join(WORK, `policy-${name}`);
  mkdirSync(join(dir, 'managed'), { recursive: true });
  writeFileSync(join(dir, 'managed', `${name}.json`), json);
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'managed'), 0o755);
  chmodSync(join(dir, 'managed', `${name}.json`), 0o644);
  return dir;
}

/**
 * A recording stand-in for the OS opener: an `xdg-open` (put `bin` first on the app's PATH)
 * that appends its arguments to a file, so "opened" means "handed to the OS", counted exactly.
 * `opened()` lists what it was given, one entry per call.
 */
export function openerStub() {
  const bin = join(WORK, 'bin');
  const record = join(WORK, 'opened.txt');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${record}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const opened = () => (existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean) : []);
  return { bin, opened };
}
