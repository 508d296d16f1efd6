// tests/desktop/verification.mjs — emoji verification in the real desktop app (issue 4).
//
// The real app (WebKitGTK) through tauri-driver as A; B is the real parleyctl on a real
// Synapse, answering from the command line. Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh verification.mjs
//
// Checks: B's messages carry the "unverified" shield; an incoming request from B shows a
// dialog, is accepted there, shows 7 emoji, and B answering "they don't match" ends it as a
// mismatch on both sides (nothing verified); "Verify" in the direct chat's header starts a
// verification that B accepts, both sides show the same 7 emoji, "They match" verifies, and
// B's next message carries no shield; the Activity page records the mismatch and the
// verification. Then recovery: A sets it up on the Security page (the key is shown once); a
// new device of A's account signs in unverified, restores with that key in the app, becomes
// verified and reads A's and B's earlier messages.
import { join } from 'node:path';
import {
  CTL, ELEMENT, WORK, activity, assert, check, click, clickTopBar, closeApp, ctl, exec, findOne, jsonLines, launchApp,
  log, login, openRoom, runSuite, s, seedDm, sleep, start, waitFor, wd,
} from './lib.mjs';

/** Runs `parleyctl verify ARGS` for B in the background; resolves to { code, verdict, stderr }. */
function verifyAsB(profile, args) {
  const child = start(CTL, ['--profile', profile, 'verify', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((res) => child.on('close', (code) => res({ code, stderr, verdict: jsonLines(stdout).at(-1) ?? null })));
  done.child = child;
  return done;
}

const dialogState = () => exec(`return document.querySelector('[data-testid="verification"]')?.dataset.state ?? null;`);
const shownEmoji = () =>
  exec(`return [...document.querySelectorAll('[data-testid="sas-emoji"] .name')].map((n) => n.textContent);`);

async function press(label) {
  // The dialog re-renders as the flow's state arrives: a button found a moment ago may be
  // replaced before the click lands ("stale element"); look it up again then.
  for (let tries = 1; ; tries++) {
    const el = await waitFor(`the "${label}" button`, async () => {
      const found = await exec(
        `return [...document.querySelectorAll('[data-testid="verification"] button, section.timeline header button')].find((b) => b.textContent.trim() === arguments[0] || b.textContent.trim().startsWith(arguments[0] + ' ')) ?? null;`,
        [label],
      );
      return found?.[ELEMENT];
    });
    try {
      return await click(el);
    } catch (err) {
      if (tries >= 3 || !String(err).includes('stale element')) throw err;
    }
  }
}

const shieldOf = (body) =>
  exec(
    `const li = [...document.querySelectorAll('li.message')].find((li) => li.querySelector('.body')?.textContent.trim() === arguments[0]);
     return li ? (li.querySelector('[data-shield]')?.dataset.shield ?? 'none') : null;`,
    [body],
  );

async function main() {
  const t0 = Date.now();
  const { a, b, room } = await seedDm('verify', 'hello before verifying');
  const { driver } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info' }, 'desktop-verification.log');
  await openRoom(room);

  await check("B's messages carry the unverified shield", async () => {
    const shield = await waitFor('the seeded message', async () => shieldOf('hello before verifying'));
    assert(shield === 'unverified_identity', `the shield is ${JSON.stringify(shield)}`);
  });

  await check("an incoming request is accepted in the dialog; B's \"don't match\" ends it as a mismatch", async () => {
    let b_side;
    for (let attempt = 1; ; attempt++) {
      // B answers "don't match" 15 s after its emoji appear, as a person comparing would; at
      // once, its cancellation could reach the app before "They match" is pressed there.
      b_side = verifyAsB(b.profile, ['request', a.id, '--answer-after', '15']);
      await waitFor('the incoming request dialog', async () => (await dialogState()) === 'requested', 60_000);
      await press('Accept');
      const shown = await waitFor('the emoji', async () => (await dialogState()) === 'emoji', 45_000).then(() => true, () => false);
      if (shown) break;
      // matrix-sdk 0.18 never hands an in-room verification event to its verification machine
      // when the event was undecryptable at sync time (docs/verification.md): the flow stalls
      // and asking again is what a person would do. Said in the output, never silently.
      assert(attempt < 2, 'no emoji after asking twice');
      log(`no emoji within 45 s of accepting (attempt ${attempt}, state ${await dialogState()}); B asks again`);
      b_side.child.kill('SIGTERM');
      await b_side;
      if ((await dialogState()) === 'requested') await press('Cancel');
      await waitFor('the stalled flow to end', async () => ['cancelled', 'done', null].includes(await dialogState()), 30_000);
      if ((await dialogState()) !== null) await press('Close');
    }
    const emoji = await shownEmoji();
    assert(emoji.length === 7, `the dialog shows ${emoji.length} emoji`);
    await press('They match');
    const { code, verdict } = await b_side;
    assert(code === 1 && verdict?.result === 'mismatch', `B ended with ${code} ${JSON.stringify(verdict)}`);
    assert(JSON.stringify(verdict.emoji) === JSON.stringify(emoji), `B saw ${JSON.stringify(verdict.emoji)}, the app ${JSON.stringify(emoji)}`);
    await waitFor('the mismatch', async () => (await dialogState()) === 'cancelled', 60_000);
    const text = await exec(`return document.querySelector('[data-testid="verification"]').textContent;`);
    assert(text.includes('did not match'), `the dialog says ${JSON.stringify(text)}`);
    await press('Close');
  });

  await check('"Verify" starts a verification; the same 7 emoji on both sides; "They match" verifies', async () => {
    const b_side = verifyAsB(b.profile, ['accept', '--confirm']);
    await sleep(4000); // B reaches its first sync before the request is sent
    await press('Verify');
    await waitFor('the emoji', async () => (await dialogState()) === 'emoji', 90_000);
    const emoji = await shownEmoji();
    await press('They match');
    const { code, verdict, stderr } = await b_side;
    assert(code === 0 && verdict?.result === 'verified', `B ended with ${code} ${JSON.stringify(verdict)} ${stderr}`);
    assert(JSON.stringify(verdict.emoji) === JSON.stringify(emoji), `B saw ${JSON.stringify(verdict.emoji)}, the app ${JSON.stringify(emoji)}`);
    await waitFor('done', async () => (await dialogState()) === 'done', 60_000);
    await press('Close');
  });

  await check("B's next message carries no shield", async () => {
    await ctl(b.profile, 'send', room, 'hello after verifying');
    const shield = await waitFor('the new message', async () => shieldOf('hello after verifying'), 60_000);
    assert(shield === 'none', `the new message carries the shield ${JSON.stringify(shield)}`);
  });

  await check('the Activity page records the mismatch and the verification', async () => {
    const page = await activity();
    assert(page.intact, `the audit log does not verify: ${page.status}`);
    const decisions = page.entries.filter((e) => e.kind === 'verification').map((e) => e.decision);
    assert(decisions.includes('mismatch') && decisions.includes('verified'), `verification entries: ${JSON.stringify(decisions)}`);
  });

  await closeApp(driver);
  await recovery(a, room);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** The Security page's button labelled `label`. */
async function securityButton(label) {
  const el = await waitFor(`the "${label}" button`, async () => {
    const found = await exec(
      `return [...document.querySelectorAll('[data-testid="security"] button')].find((b) => b.textContent.trim() === arguments[0]) ?? null;`,
      [label],
    );
    return found?.[ELEMENT];
  });
  await click(el);
}

const thisDeviceVerified = () =>
  exec(`return document.querySelector('[data-testid="devices"] tr[data-this-device="true"]')?.dataset.verified ?? null;`);

async function recovery(a, room) {
  await ctl(a.profile, 'send', room, 'history from alice');
  let key = '';
  let { driver } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info' }, 'desktop-recovery-a.log');
  await check('Security: recovery is set up and its key shown once', async () => {
    await clickTopBar('Security');
    await securityButton('Set up recovery');
    key = await waitFor('the recovery key', async () =>
      exec(`return document.querySelector('[data-testid="recovery-key"]')?.textContent ?? null;`), 120_000);
    assert(key.split(' ').length >= 10, `the key looks like ${JSON.stringify(key)}`);
    await click(await findOne('[data-testid="security"] input[type="checkbox"]'));
    await securityButton('Done');
    const left = await exec(`return document.body.textContent.includes(arguments[0]);`, [key]);
    assert(!left, 'the key is still on the page after Done');
  });
  await closeApp(driver);

  const second = { ...a, profile: join(WORK, 'a2') };
  await login(second.profile, a.name, a.password);
  ({ driver } = await launchApp({ PARLEY_PROFILE: second.profile, PARLEY_LOG: 'info' }, 'desktop-recovery-a2.log'));
  await check("a new device of A's account restores with the key, is verified and reads earlier messages", async () => {
    await clickTopBar('Security');
    await waitFor('the devices', async () => (await thisDeviceVerified()) !== null);
    assert((await thisDeviceVerified()) === 'false', 'a new device is listed as verified before restoring');
    const input = await findOne('#recovery-input');
    await wd('POST', s(`/element/${input}/value`), { text: key });
    await securityButton('Restore');
    await waitFor('the restore', async () => (await exec(`return !!document.querySelector('[data-testid="restored"]');`)), 60_000);
    await waitFor('this device to show verified', async () => (await thisDeviceVerified()) === 'true', 30_000);
    // Known gap (docs/verification.md): messages that failed to decrypt before the restore
    // stay unreadable in the running app; they decrypt from the backup after a restart.
    await closeApp(driver);
    ({ driver } = await launchApp({ PARLEY_PROFILE: second.profile, PARLEY_LOG: 'info' }, 'desktop-recovery-a2-again.log'));
    await openRoom(room);
    const bodies = () => exec(`return [...document.querySelectorAll('li.message .body')].map((b) => b.textContent.trim());`);
    // Both were sent before this device existed: their keys can only come from the backup.
    for (const body of ['hello after verifying', 'history from alice']) {
      await waitFor(`"${body}" to become readable`, async () => (await bodies()).includes(body), 90_000).catch(async (err) => {
        throw new Error(`${err.message}; the timeline shows ${JSON.stringify(await bodies())}`);
      });
    }
  });
  await closeApp(driver);
}

await runSuite(main);
