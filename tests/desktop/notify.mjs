// tests/desktop/notify.mjs — a notification for every incoming event (issue 9).
//
// A real notification daemon (dunst under Xvfb, on the session bus of desktop-session) and a
// real Synapse. Run it through tests/desktop/e2e.sh inside desktop-session and with-homeserver:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh notify.mjs
//
// 1. The mix: A runs `parleyctl listen --notify` (the app's notifier, headless) while B and a
//    third account produce 50 events of every class another account can cause. Checks: 50
//    centre entries of the right kinds, the pop-ups read back from dunst count every one of
//    them (bursts counted by their number), and no message text reaches any pop-up.
// 2. A gap: a listener paused while 80 messages arrive records all of them once.
// 3. Backfill: A signs in on a new device in an account holding 500 old messages: no pop-up,
//    no centre entry.
// 4. The flood, in the real app: 1,000 messages from a bot, as fast as Synapse takes them; every one is
//    in the centre, a handful of pop-ups show, and the composer's input latency is measured
//    while it lasts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CTL, WORK, accessToken, assert, attr, check, click, closeApp, ctl, exec, findAll, findOne, jsonLines, launchApp, log,
  login, matrix, notificationMark, notifications, openRoom, rand, register, run, runSuite, s, seedDm, sendEvent, sleep,
  start, waitFor, wd,
} from './lib.mjs';

/** Starts `parleyctl listen --notify` for `profile`; `notices()` gives the distinct entries so far. */
function listenNotify(profile) {
  const child = start(CTL, ['--profile', profile, 'listen', '--notify', '--json', '--timeout', '900'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const notices = () => {
    const byId = new Map();
    for (const line of jsonLines(stdout)) if (line.notice) byId.set(line.notice.id, line.notice);
    return [...byId.values()];
  };
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await new Promise((res) => (child.exitCode !== null ? res() : child.on('close', res)));
  };
  child.on('close', (code, signal) => {
    if (code !== 0 && signal === null) log(`parleyctl listen exited with ${code}: ${stderr.trim().slice(-500)}`);
  });
  return { notices, stop, pid: child.pid };
}

/** How many events a pop-up stands for: "N new …" counts N, any other pop-up one. */
const represented = (n) => Number(/^(\d+) (new|missed|reactions|files)/.exec(n.summary)?.[1] ?? 1);

const countBy = (items, key) => items.reduce((m, i) => ({ ...m, [key(i)]: (m[key(i)] ?? 0) + 1 }), {});

async function mix() {
  const secret = `confidential-${rand()}`; // in every message body: must never reach a pop-up
  const { a, b, room } = await seedDm('notify', `seed ${secret}`);
  const tokenB = await accessToken(b);
  const [mine] = jsonLines(await ctl(a.profile, 'send', room, `my message ${secret}`));
  assert(mine?.event_id, `A's message was not sent: ${JSON.stringify(mine)}`);
  const c = await register(`notify_c_${rand()}`);
  const tokenC = await accessToken(c);
  const file = join(WORK, 'report.pdf');
  writeFileSync(file, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  const mark = await notificationMark();
  const listen = listenNotify(a.profile);
  await sleep(5000); // the listener's first sync

  const expected = {};
  const expect = (kind, n) => (expected[kind] = (expected[kind] ?? 0) + n);
  log('B sends 26 messages, 3 mentions, 3 replies, 3 reactions, 3 files; calls 3 times');
  await ctl(b.profile, 'send', room, ...Array.from({ length: 26 }, (_, i) => `message ${i} ${secret}`));
  expect('message', 26);
  for (let i = 0; i < 3; i++) {
    await sendEvent(tokenB, room, 'm.room.message', {
      msgtype: 'm.text', body: `${a.name}: look at this ${secret}`, 'm.mentions': { user_ids: [a.id] },
    });
    await sendEvent(tokenB, room, 'm.room.message', {
      msgtype: 'm.text', body: `reply ${i} ${secret}`, 'm.relates_to': { 'm.in_reply_to': { event_id: mine.event_id } },
    });
    await sendEvent(tokenB, room, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: mine.event_id, key: ['👍', '🎉', '👀'][i] } });
    await ctl(b.profile, 'send-file', room, file);
    await sendEvent(tokenB, room, 'm.call.invite', {
      call_id: `c${rand()}`, lifetime: 60000, version: '1', party_id: 'p1', offer: { type: 'offer', sdp: 'v=0\r\n' },
    });
  }
  expect('mention', 3);
  expect('reply', 3);
  expect('reaction', 3);
  expect('file_offer', 3);
  expect('call', 3);
  log('B invites A to 3 rooms, asks twice to verify, brings C into the DM, changes its encryption, resets its identity');
  for (let i = 0; i < 3; i++) await matrix(tokenB, 'POST', '/createRoom', { name: `Project ${i}`, invite: [a.id] });
  expect('invite', 3);
  for (let i = 0; i < 2; i++) {
    const verify = start(CTL, ['--profile', b.profile, 'verify', 'request', a.id, '--json'], { stdio: 'ignore' });
    await waitFor(`verification request ${i + 1}`, async () => listen.notices().filter((n) => n.kind === 'verification_request').length === i + 1, 90_000);
    process.kill(-verify.pid, 'SIGTERM');
    await new Promise((res) => (verify.exitCode !== null ? res() : verify.on('close', res)));
  }
  expect('verification_request', 2);
  await matrix(tokenB, 'POST', `/rooms/${encodeURIComponent(room)}/invite`, { user_id: c.id });
  await matrix(tokenC, 'POST', `/rooms/${encodeURIComponent(room)}/join`, {});
  expect('membership', 2);
  await matrix(tokenB, 'PUT', `/rooms/${encodeURIComponent(room)}/state/m.room.encryption/`, {
    algorithm: 'm.megolm.v1.aes-sha2', rotation_period_ms: 86400000, rotation_period_msgs: 50,
  });
  expect('encryption_change', 1);
  const reset = start(CTL, ['--profile', b.profile, 'identity', 'reset', '--password-stdin'], { stdio: ['pipe', 'ignore', 'pipe'] });
  reset.stdin.end(`${b.password}\n`);
  await new Promise((res) => reset.on('close', res));
  expect('identity_change', 1);

  const total = Object.values(expected).reduce((x, y) => x + y, 0);
  assert(total === 50, `the script makes ${total} events, not 50`);
  await waitFor(`${total} centre entries`, async () => listen.notices().length >= total, 120_000);
  // A busy room's burst window grows (up to a minute): wait for the last summary.
  const shown = await waitFor('pop-ups for every event', async () => {
    const got = await notifications(mark);
    return got.reduce((sum, n) => sum + represented(n), 0) >= total ? got : null;
  }, 120_000).catch(async () => notifications(mark));
  await listen.stop();

  const centre = jsonLines(await ctl(a.profile, 'notices', 'list', '--json'));
  await check('every one of the 50 events is in the notification centre, of the right kind', async () => {
    assert(centre.length === total, `${centre.length} entries: ${JSON.stringify(countBy(centre, (n) => n.kind))}`);
    const got = countBy(centre, (n) => n.kind);
    for (const [kind, n] of Object.entries(expected)) assert(got[kind] === n, `${kind}: ${got[kind] ?? 0} of ${n} (all: ${JSON.stringify(got)})`);
    assert(centre.every((n) => !n.read), 'entries arrived read');
  });
  await check('the pop-ups stand for every event, bursts counted by their number', async () => {
    const counted = shown.reduce((sum, n) => sum + represented(n), 0);
    assert(counted === total, `pop-ups account for ${counted} events, not ${total}: ${JSON.stringify(shown.map((n) => n.summary))}`);
    assert(shown.length < total, `nothing was coalesced: ${shown.length} pop-ups`);
    assert(shown.some((n) => /^\d+ new (messages|notifications) in /.test(n.summary)), `no burst summary: ${JSON.stringify(shown.map((n) => n.summary))}`);
    // Each invitation is a room of its own, so each pops up alone, naming the room.
    const invites = shown.filter((n) => / invited you to Project \d$/.test(n.summary));
    assert(invites.length === 3, `invitation pop-ups: ${JSON.stringify(invites)}`);
    log(`${shown.length} pop-ups for ${total} events: ${JSON.stringify(countBy(shown, (n) => n.summary.replace(/\d+/g, 'N').replace(/ in .*/, '')))}`);
  });
  await check('no message text reaches any pop-up or the centre on disk under the default policy', async () => {
    const leaked = shown.filter((n) => `${n.summary} ${n.body}`.includes('confidential-') || /message \d+|reply \d+|look at this/.test(n.body + n.summary));
    assert(leaked.length === 0, `message text in pop-ups: ${JSON.stringify(leaked)}`);
    const { stdout } = await run('grep', ['-r', '-l', secret, join(a.profile, 'notices')]).catch((e) => ({ stdout: e.stdout ?? '' }));
    assert(stdout.trim() === '', `message text in the centre's files: ${stdout}`);
  });
  await check('a new sign-in to the account is announced and recorded', async () => {
    const mark2 = await notificationMark();
    const again = listenNotify(a.profile);
    await sleep(4000);
    await login(join(WORK, 'a-second-device'), a.name, a.password);
    await waitFor('the new sign-in notice', async () => again.notices().some((n) => n.kind === 'new_sign_in'), 60_000);
    await sleep(1000);
    await again.stop();
    const pops = await notifications(mark2);
    assert(pops.some((n) => n.summary.startsWith('New sign-in to your account (')), `no sign-in pop-up: ${JSON.stringify(pops)}`);
    const entries = jsonLines(await ctl(a.profile, 'notices', 'list', '--json'));
    assert(entries.filter((n) => n.kind === 'new_sign_in').length === 1, `sign-ins recorded: ${JSON.stringify(entries.filter((n) => n.kind === 'new_sign_in'))}`);
    assert(entries.length === total + 1, `the centre has ${entries.length} entries after a restart, not ${total + 1}: ${JSON.stringify(countBy(entries, (n) => n.kind))} ${JSON.stringify(entries.filter((n) => n.kind === 'identity_change'))}`);
  });
  return { a, b, room };
}

async function backfill() {
  const { a, b, room } = await seedDm('backfill', 'first');
  log('B sends 500 messages before A signs in on a new device');
  const tokenB = await accessToken(b);
  for (let i = 0; i < 500; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => sendEvent(tokenB, room, 'm.room.message', { msgtype: 'm.text', body: `old ${i + j}` })));
  }
  await ctl(b.profile, 'send', room, 'the newest old message');
  const mark = await notificationMark();
  const fresh = join(WORK, 'a-fresh');
  await login(fresh, a.name, a.password);
  const listen = listenNotify(fresh);
  await sleep(5000);
  // Read the history as the app does when the room is opened: back-pagination over all of it.
  await listen.stop();
  const history = jsonLines(await ctl(fresh, 'history', room, '--json', '--limit', '520'));
  const again = listenNotify(fresh);
  await sleep(4000);
  await again.stop();
  await check('back-filling 500 old messages on a new device shows no pop-up and records nothing', async () => {
    assert(history.length >= 500, `only ${history.length} old messages were loaded`);
    await sleep(1000);
    const pops = await notifications(mark);
    assert(pops.length === 0, `pop-ups for history: ${JSON.stringify(pops.slice(0, 5))}`);
    const entries = jsonLines(await ctl(fresh, 'notices', 'list', '--json'));
    const old = entries.filter((n) => n.kind !== 'new_sign_in');
    assert(old.length === 0, `history in the centre: ${JSON.stringify(old.slice(0, 5))}`);
  });
}

/**
 * A client that falls behind (paused while 80 messages arrive) gets a limited sync: the
 * event cache keeps only the newest 20 and leaves a gap. Every message must still be recorded.
 */
async function gap() {
  const { a, b, room } = await seedDm('gap', 'before the gap');
  const tokenB = await accessToken(b);
  const listen = listenNotify(a.profile);
  await sleep(5000);
  await sendEvent(tokenB, room, 'm.room.message', { msgtype: 'm.text', body: 'seen live' });
  await waitFor('the live message', async () => listen.notices().length === 1, 60_000);
  process.kill(-listen.pid, 'SIGSTOP');
  for (let i = 0; i < 80; i += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, j) => sendEvent(tokenB, room, 'm.room.message', { msgtype: 'm.text', body: `while away ${i + j}` })));
  }
  process.kill(-listen.pid, 'SIGCONT');
  await check('messages that fell into a sync gap are still recorded, each once', async () => {
    await waitFor('81 centre entries', async () => {
      const got = listen.notices().length;
      if (got < 81) throw new Error(`${got} entries`);
      return true;
    }, 90_000);
    await sleep(3000);
    const events = listen.notices().map((n) => n.event_id);
    assert(new Set(events).size === 81 && events.length === 81, `${events.length} entries, ${new Set(events).size} distinct`);
  });
  await listen.stop();
}

/** Sends `n` plain messages as `token` into `room`, `parallel` at a time; resolves to the seconds it took. */
async function flood(token, room, n, parallel) {
  const t0 = Date.now();
  for (let i = 0; i < n; i += parallel) {
    await Promise.all(
      Array.from({ length: Math.min(parallel, n - i) }, (_, j) => sendEvent(token, room, 'm.room.message', { msgtype: 'm.text', body: `flood ${i + j} confidential` })),
    );
  }
  return (Date.now() - t0) / 1000;
}

async function desktopFlood() {
  const { a, b, room } = await seedDm('flood', 'before the flood');
  const tokenB = await accessToken(b);
  const { driver } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info' }, 'desktop-notify.log');
  await openRoom(room);
  const composer = await findOne('#composer-input');
  await sleep(3000); // the first sync settles
  const mark = await notificationMark();

  // In the page: how late a 50 ms timer fires (main-thread stalls) while the flood lasts.
  await exec(`window.__lag = []; let last = performance.now();
    window.__lagTimer = setInterval(() => { const now = performance.now(); window.__lag.push(now - last - 50); last = now; }, 50);
    return true;`);
  const typed = [];
  let typing = true;
  const typist = (async () => {
    // Keystrokes through WebDriver, each timed until the composer shows it.
    for (let i = 0; typing && i < 200; i++) {
      const before = Date.now();
      await wd('POST', s(`/element/${composer}/value`), { text: 'x' });
      await waitFor('the keystroke to show', async () => (await exec('return document.querySelector("#composer-input").value.length;')) === i + 1, 10_000);
      typed.push(Date.now() - before);
      await sleep(100);
    }
  })();
  const seconds = await flood(tokenB, room, 1000, 25);
  log(`B sent 1,000 messages in ${seconds.toFixed(1)} s`);
  await sleep(3000); // the last messages arrive while the composer is still in use
  typing = false;
  await typist;
  const lag = await exec('clearInterval(window.__lagTimer); return window.__lag;');
  await waitFor('1,000 centre entries', async () => {
    const total = await centreTotal();
    if (total < 1000) throw new Error(`${total} entries`);
    return true;
  }, 120_000);
  const pops = await waitFor('pop-ups for every message', async () => {
    const got = await notifications(mark);
    return got.reduce((sum, n) => sum + represented(n), 0) >= 1000 ? got : null;
  }, 120_000).catch(async () => notifications(mark));

  await check('a flood of 1,000 messages loses nothing from the centre and shows only a handful of pop-ups', async () => {
    const total = await centreTotal();
    assert(total === 1000, `the centre holds ${total} entries`);
    const counted = pops.reduce((sum, n) => sum + represented(n), 0);
    assert(counted === 1000, `pop-ups account for ${counted} messages: ${JSON.stringify(pops.map((n) => n.summary))}`);
    assert(pops.length <= 6, `${pops.length} pop-ups in ${seconds.toFixed(0)} s: ${JSON.stringify(pops.map((n) => n.summary))}`);
    assert(pops.every((n) => !`${n.summary} ${n.body}`.includes('confidential')), 'message text in a pop-up');
    log(`flood: ${pops.length} pop-ups: ${JSON.stringify(pops.map((n) => n.summary))}`);
  });
  await check('the composer keeps taking input during the flood (latency measured)', async () => {
    assert(typed.length >= 10, `only ${typed.length} keystrokes were typed during the flood`);
    const sorted = [...typed].sort((x, y) => x - y);
    const lags = [...lag].sort((x, y) => x - y);
    const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
    log(`keystroke to screen (WebDriver round trip): median ${pct(sorted, 50)} ms, p95 ${pct(sorted, 95)} ms, max ${sorted.at(-1)} ms over ${sorted.length}`);
    log(`main-thread timer lateness: median ${pct(lags, 50).toFixed(1)} ms, p95 ${pct(lags, 95).toFixed(1)} ms, max ${lags.at(-1).toFixed(1)} ms over ${lags.length} ticks`);
  });
  await closeApp(driver);
}

/** The number of centre entries, read from the Notifications page of the app. */
async function centreTotal() {
  const page = await findAll('[data-testid="notice-count"]');
  if (page.length === 0) await click(await findOne('[data-testid="notifications-button"]'));
  const el = await findOne('[data-testid="notice-count"]');
  return Number(await attr(el, 'data-total'));
}

async function main() {
  const t0 = Date.now();
  await mix();
  await gap();
  await backfill();
  await desktopFlood();
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
