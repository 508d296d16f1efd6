// tests/desktop/shell.mjs — the app as a desktop citizen (issue 15): one instance per
// profile, Matrix links opened inside the app, the window remembered, the tray.
//
// The real app (WebKitGTK) through tauri-driver against a real Synapse; the second launch is
// the real binary on the same session D-Bus. Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh shell.mjs
//
// Checks: a second `parley-desktop matrix:roomid/…` exits 0 at once and the running app shows
// that room (and a matrix.to link with an event the same); a link to a room A is not in, and
// a malformed one, give the plain sentence and join nothing; a matrix.to link in a message
// opens the room inside the app without the external-link dialog; SIGTERM quits cleanly and
// the resized window comes back at that size, and a link given at start opens once signed in;
// the tray's label (read from the indicator on the session bus, no tray host needed) follows
// the notification centre's unread count and Mark all read clears it.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP, ELEMENT, WORK, accessToken, assert, check, closeApp, ctl, exec, findAll, launchApp, log, matrix,
  openRoom, rand, run, runSuite, s, seedDm, sleep, start, text, waitFor, wd,
} from './lib.mjs';

const CONFIG_HOME = join(WORK, 'config');
const STATE_FILE = join(CONFIG_HOME, 'org.parley.desktop', '.window-state.json');

/** Runs a second `parley-desktop` with `args` on A's profile; resolves to its exit code and output. */
function secondLaunch(profile, args, timeoutMs = 20_000) {
  const child = start(APP, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_PROFILE: profile, XDG_CONFIG_HOME: CONFIG_HOME, WEBKIT_DISABLE_DMABUF_RENDERER: '1', NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((res) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      res({ code: 'timeout', output });
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, output });
    });
  });
}

/** The pid of the app tauri-driver started (a descendant of `driver` running APP). */
function appPid(driver) {
  const parents = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const descends = (pid) => {
    for (let p = pid; p > 1; p = parents.get(p) ?? 0) if (p === driver.pid) return true;
    return false;
  };
  const found = [...parents.keys()].filter((pid) => {
    try {
      return descends(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === APP;
    } catch {
      return false;
    }
  });
  assert(found.length === 1, `expected one app process under tauri-driver, found ${found.length}`);
  return found[0];
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** What the tray says for `n` unread notifications (src-tauri/src/tray.rs `label`). */
const trayText = (n) => (n === 0 ? 'Parley' : `Parley: ${n} unread notification${n === 1 ? '' : 's'}`);
/** The indicator's object (tray-icon names it after the tray id, `parley`). */
const TRAY_ITEM = '/org/ayatana/NotificationItem/tray_icon_tray_app_parley';
const BUS = ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method'];

/**
 * The tray label of process `pid` as libayatana-appindicator publishes it on the session bus
 * (`XAyatanaLabel`, what a tray host shows next to the icon); null while there is none.
 */
async function trayLabel(pid) {
  const { stdout: names } = await run('gdbus', [...BUS, 'org.freedesktop.DBus.ListNames']);
  for (const name of names.match(/:1\.\d+/g) ?? []) {
    const owner = await run('gdbus', [...BUS, 'org.freedesktop.DBus.GetConnectionUnixProcessID', name]).then(
      (r) => Number(r.stdout.match(/\d+/g)?.pop()),
      () => 0,
    );
    if (owner !== pid) continue;
    const got = await run('gdbus', ['call', '--session', '--dest', name, '--object-path', TRAY_ITEM, '--method',
      'org.freedesktop.DBus.Properties.Get', 'org.kde.StatusNotifierItem', 'XAyatanaLabel']).catch(() => null);
    const label = got?.stdout.match(/<'(.*)'>/)?.[1];
    if (label !== undefined) return label;
  }
  return null;
}

const shownRoom = () => exec(`return document.querySelector('section.timeline')?.dataset.roomId ?? null;`);
const linkError = async () => {
  const el = (await findAll('[data-testid="matrix-link-error"]'))[0];
  return el ? text(el) : null;
};

async function main() {
  const t0 = Date.now();
  const { a, b, room: dm } = await seedDm('shell', 'hello from B');
  const server = a.id.slice(a.id.indexOf(':') + 1);
  // A second room of A's (to switch away from the DM) and a room only B is in.
  const tokenA = await accessToken(a);
  const tokenB = await accessToken(b);
  const { room_id: other } = await matrix(tokenA, 'POST', '/createRoom', { name: `Shell other ${rand()}`, preset: 'private_chat' });
  const aliasName = `shell_b_${rand()}`;
  const { room_id: bOnly } = await matrix(tokenB, 'POST', '/createRoom', { name: 'Only B', preset: 'public_chat', room_alias_name: aliasName });
  const alias = `#${aliasName}:${server}`;
  await ctl(b.profile, 'send', dm, `the other room: https://matrix.to/#/${other}`);

  const env = { PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info', XDG_CONFIG_HOME: CONFIG_HOME };
  let { driver, log: appLog } = await launchApp(env, 'desktop-shell.log');
  await openRoom(other);

  await check('a second launch with a matrix: link exits 0 at once and the running app shows that room', async () => {
    const started = Date.now();
    const second = await secondLaunch(a.profile, [`matrix:roomid/${dm.slice(1)}`]);
    assert(second.code === 0, `the second launch ended with ${second.code}: ${second.output.slice(-500)}`);
    log(`second launch handed over its link and exited in ${Date.now() - started} ms`);
    await waitFor('the DM to be shown', async () => (await shownRoom()) === dm);
    assert((await linkError()) === null, `a link error is shown: ${await linkError()}`);
  });

  await check('a matrix.to link with an event opens that room too', async () => {
    await openRoom(dm);
    const eventId = await waitFor('the seeded message in the DM', () =>
      exec(`return document.querySelector('li.message[data-event-id]')?.dataset.eventId ?? null;`),
    );
    await openRoom(other);
    const second = await secondLaunch(a.profile, [`https://matrix.to/#/${encodeURIComponent(dm)}/${encodeURIComponent(eventId)}?via=${server}`]);
    assert(second.code === 0, `the second launch ended with ${second.code}`);
    await waitFor('the DM to be shown', async () => (await shownRoom()) === dm);
  });

  await check('a link to a room A is not in gives the plain sentence and joins nothing', async () => {
    await openRoom(other);
    const second = await secondLaunch(a.profile, [`https://matrix.to/#/${alias}`]);
    assert(second.code === 0, `the second launch ended with ${second.code}`);
    const sentence = await waitFor('the sentence', linkError);
    assert(sentence.includes(`You are not in ${alias}`) && sentence.includes('never make you join'), `the sentence was: ${sentence}`);
    assert((await shownRoom()) === other, 'the shown room changed');
    const joined = await matrix(tokenA, 'GET', '/joined_rooms');
    assert(!joined.joined_rooms.includes(bOnly), 'A joined the room from the link');
  });

  await check('a malformed Matrix link gives the plain sentence', async () => {
    const second = await secondLaunch(a.profile, ['matrix:u/nobody']);
    assert(second.code === 0, `the second launch ended with ${second.code}`);
    await waitFor('the sentence', async () => (await linkError())?.includes('This Matrix link does not point to a valid room, message or person.'));
  });

  await check('a matrix.to link in a message opens the room inside the app, without the link dialog', async () => {
    await openRoom(dm);
    const button = await waitFor('the matrix.to link in the DM', async () => {
      const found = await exec(
        `return [...document.querySelectorAll('li.message button.link')].find((b) => b.textContent.includes('matrix.to')) ?? null;`,
      );
      return found?.[ELEMENT];
    });
    await wd('POST', s(`/element/${button}/click`), {});
    await waitFor('the other room to be shown', async () => (await shownRoom()) === other);
    assert((await findAll('[role="dialog"]')).length === 0, 'the external-link dialog opened');
  });

  await check('the tray shows the unread count of the notification centre, and Mark all read clears it', async () => {
    const output = readFileSync(appLog, 'utf8');
    assert(/tray entry added|no tray entry/.test(output), 'the app log says nothing about the tray');
    const pid = appPid(driver);
    const unread = async () => Number((await exec(`return document.querySelector('[data-testid="unread-notices"]')?.textContent ?? '0';`)) || 0);
    const before = await unread();
    await waitFor(`the tray to say ${trayText(before)}`, async () => (await trayLabel(pid)) === trayText(before));
    await ctl(b.profile, 'send', dm, `ping for the tray ${rand()}`);
    const now = await waitFor('a new unread notification', async () => ((await unread()) > before ? unread() : null));
    await waitFor(`the tray to say ${trayText(now)}`, async () => (await trayLabel(pid)) === trayText(now));
    await wd('POST', s(`/element/${(await findAll('[data-testid="notifications-button"]'))[0]}/click`), {});
    const markAll = await waitFor('Mark all read', async () => {
      const found = await exec(`return [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Mark all read') ?? null;`);
      return found?.[ELEMENT];
    });
    await wd('POST', s(`/element/${markAll}/click`), {});
    await waitFor('the tray to say Parley', async () => (await trayLabel(pid)) === 'Parley');
    await wd('POST', s(`/element/${(await findAll('[data-testid="notifications-button"]'))[0]}/click`), {}); // back to the chats
  });

  let size = null;
  await check('SIGTERM quits cleanly and saves the window size', async () => {
    const before = await wd('GET', s('/window/rect'));
    const want = { width: before.width === 900 ? 960 : 900, height: before.height === 640 ? 600 : 640 };
    await wd('POST', s('/window/rect'), want);
    size = await waitFor('the window to take the new size', async () => {
      const rect = await wd('GET', s('/window/rect'));
      return rect.width === want.width && rect.height === want.height ? rect : null;
    });
    await sleep(500); // the plugin caches the size from the resize event
    const pid = appPid(driver);
    process.kill(pid, 'SIGTERM');
    await waitFor('the app to exit', async () => !alive(pid), 15_000);
    assert(existsSync(STATE_FILE), `no window state at ${STATE_FILE}`);
    const saved = Object.values(JSON.parse(readFileSync(STATE_FILE, 'utf8')));
    assert(saved.length === 1, `the window state holds ${saved.length} windows`);
    const keys = Object.keys(saved[0]).sort().join(',');
    assert(keys === 'decorated,fullscreen,height,maximized,prev_x,prev_y,visible,width,x,y', `unexpected keys in the window state: ${keys}`);
    assert(/SIGTERM: quitting/.test(readFileSync(appLog, 'utf8')), 'the app did not log a clean quit');
    await closeApp(driver);
  });

  await check('relaunched with a matrix: link: the window has the saved size and shows that room', async () => {
    assert(size, 'no size was set');
    // The DM has the newest message, so without the link it would be the room shown first.
    ({ driver, log: appLog } = await launchApp(env, 'desktop-shell-relaunch.log', [`matrix:roomid/${other.slice(1)}`]));
    await waitFor('the app to be signed in', async () => (await findAll('[data-testid="account-user"]')).length === 1);
    const rect = await wd('GET', s('/window/rect'));
    assert(rect.width === size.width && rect.height === size.height, `the window came back at ${rect.width}x${rect.height}, not ${size.width}x${size.height}`);
    await waitFor('the room of the link to be shown', async () => (await shownRoom()) === other);
  });

  log(`suite took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  await closeApp(driver);
}

await runSuite(main);
