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
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activity, clickTopBar,
  ARTIFACTS, assert, attr, check, exec, execAsync, findAll, findAllIn, findIn, findOne, launchApp, listenFor,
  log, prop, rand, runSuite, s, seedDm, sleep, stripAnsi, text, waitFor, wd,
} from './lib.mjs';

// --- the test ------------------------------------------------------------------
async function main() {
  const t0 = Date.now();
  const seeded = `seeded-${rand()} hello from bob`;
  const reply = `reply-${rand()} hello from alice's desktop`;
  const { a, b, room } = await seedDm('e2e', seeded);

  // tauri-driver; the app inherits its environment.
  const { session, log: driverLog } = await launchApp(
    {
      PARLEY_PROFILE: a.profile,
      PARLEY_WEBVIEW_CONSOLE: '1',
      // The geolocation check reads the app's warning about the denied permission request.
      PARLEY_LOG: [process.env.PARLEY_LOG || 'info', 'parley_desktop::hardening=warn'].join(','),
    },
    'desktop-e2e.log',
  );
  log(`WebDriver session ${session.sessionId} (${session.capabilities?.browserName} ${session.capabilities?.browserVersion})`);

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
    const listening = listenFor(b.profile, 1, 60);
    await sleep(4000); // let listen reach its first sync
    const input = await findOne('#composer-input');
    await wd('POST', s(`/element/${input}/value`), { text: `${reply}\uE007` });
    const { code, stderr, messages } = await listening;
    assert(code === 0, `parleyctl listen exited ${code}: ${stderr.trim()}`);
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

  await check('camera and microphone cannot be reached from the page', async () => {
    // The media-stream API is switched off in Rust (hardening.rs), so there is nothing to
    // ask; were it on, the permission handler (shown refusing geolocation below) would say no.
    const result = await execAsync(
      `const done = arguments[arguments.length - 1];
       if (!navigator.mediaDevices?.getUserMedia) { done({ api: 'absent' }); return; }
       navigator.mediaDevices.getUserMedia({ video: true, audio: true })
         .then((stream) => { stream.getTracks().forEach((t) => t.stop()); done({ api: 'present', outcome: 'granted' }); },
               (e) => done({ api: 'present', outcome: 'refused', name: e.name }));`,
    );
    log(`getUserMedia: ${JSON.stringify(result)}`);
    assert(result.api === 'absent' || result.outcome === 'refused', `getUserMedia gave ${JSON.stringify(result)}`);
  });

  await check('WebGL and Web Audio are off (GPU-driver and audio surface the app never uses)', async () => {
    // Separate canvases: a canvas that has given one kind of context refuses the other.
    const result = await exec(
      `return {
         webgl: !!document.createElement('canvas').getContext('webgl'),
         webgl2: !!document.createElement('canvas').getContext('webgl2'),
         audio: typeof AudioContext !== 'undefined' || typeof webkitAudioContext !== 'undefined',
       };`,
    );
    log(`webgl/audio: ${JSON.stringify(result)}`);
    assert(!result.webgl && !result.webgl2 && !result.audio, `still on: ${JSON.stringify(result)}`);
  });

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

  await check('the denied request is recorded in the audit log (Activity page)', async () => {
    const page = await activity();
    assert(page.intact, `the audit log does not verify: ${page.status}`);
    const denied = page.entries.filter((e) => e.kind === 'permission' && e.decision === 'denied');
    assert(denied.some((e) => e.text.includes('location')), `no denied location request in ${JSON.stringify(page.entries)}`);
    await clickTopBar('Activity'); // back to the chats
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

await runSuite(main);
