// tests/desktop/journey.mjs — a first day with Parley in the real desktop app (issue 15): sign
// in through the login screen, start an encrypted direct chat from "New chat", exchange
// messages with the real parleyctl on the other side, look at the room's details, and switch
// the whole app to Traditional Chinese.
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh journey.mjs
//
// Every message is confirmed on the other side (what B's own device decrypted), never only by
// what the app shows about itself. File offers, the link dialog and emoji verification have
// their own suites (files.mjs, links.mjs, verification.mjs).
import {
  assert, check, click, clickTopBar, closeApp, ctl, exec, findAll, findOne, launchApp, listenFor, log, login, rand,
  register, runSuite, sleep, typeInto, waitFor, WORK,
} from './lib.mjs';
import { join } from 'node:path';


/** The trimmed text of the first element matching `css` ('' if none). */
const textOf = (css) => exec('return document.querySelector(arguments[0])?.textContent.replace(/\\s+/g, " ").trim() ?? "";', [css]);

async function main() {
  const t0 = Date.now();
  const id = rand();
  const a = { ...(await register(`journey_a_${id}`)), profile: join(WORK, 'journey_a') };
  const b = { ...(await register(`journey_b_${id}`)), profile: join(WORK, 'journey_b') };
  await login(b.profile, b.name, b.password);
  const { driver } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info' }, 'desktop-journey.log');

  await check('signs in through the login screen', async () => {
    await waitFor('the login form', async () => (await findAll('input#password')).length === 1);
    await typeInto('input#homeserver', process.env.PARLEY_TEST_HOMESERVER);
    await typeInto('input#user', a.name);
    await typeInto('input#password', `${a.password}\uE007`);
    const user = await waitFor('the account bar', async () => {
      const shown = await textOf('[data-testid="account-user"]');
      if (!shown) throw new Error('not signed in yet');
      return shown;
    }, 90_000);
    assert(user === a.id, `the account bar shows ${JSON.stringify(user)}, expected ${a.id}`);
  });

  let room = '';
  await check('"New chat" starts an encrypted direct chat with B and opens it', async () => {
    await click(await findOne('[data-testid="new-chat-button"]'));
    await typeInto('#newchat-user', b.id);
    await click(await findOne('[data-testid="new-chat"] button[type="submit"]'));
    room = await waitFor('the new chat to open', async () => {
      const open = await exec('return document.querySelector("section.timeline")?.dataset.roomId ?? "";');
      if (!open) throw new Error(`no conversation open; dialog says ${JSON.stringify(await textOf('[data-testid="new-chat"] [role="alert"]'))}`);
      return open;
    }, 60_000);
    assert((await findAll('[data-testid="new-chat"]')).length === 0, 'the dialog is still open');
    const entry = (await textOf(`button.room[data-room-id="${room}"]`)).toLowerCase();
    assert(entry.includes('encrypted') && !entry.includes('not encrypted'), `room entry: ${JSON.stringify(entry)}`);
    // The server agrees: B is invited to a room whose encryption is on from its first event.
    const invites = await ctl(b.profile, 'invites', '--json');
    assert(invites.includes(room), `B has no invitation to ${room}: ${invites}`);
  });

  const mine = `hello B, this is A's desktop ${rand()}`;
  await check("A's message reaches B, decrypted on B's device", async () => {
    await ctl(b.profile, 'join', room);
    const listening = listenFor(b.profile, 1, 90);
    await sleep(4000); // let listen reach its first sync
    await typeInto('#composer-input', `${mine}\uE007`);
    const { messages, stderr } = await listening;
    assert(messages.some((m) => m.body === mine && m.encrypted === true), `B received ${JSON.stringify(messages)} ${stderr}`);
  });

  const theirs = `hi A, B here ${rand()}`;
  await check("B's answer shows in the open chat, decrypted", async () => {
    await ctl(b.profile, 'send', room, theirs);
    await waitFor("B's answer in the timeline", async () => {
      const bodies = await exec(
        'return [...document.querySelectorAll(`li.message[data-sender="${arguments[0]}"]`)].map((m) => [m.dataset.encrypted, m.querySelector(".body")?.textContent.trim()]);',
        [b.id],
      );
      if (!bodies.some(([encrypted, body]) => encrypted === 'true' && body === theirs)) throw new Error(`B's messages show ${JSON.stringify(bodies)}`);
      return true;
    }, 60_000);
  });

  await check('Room details show the chat encrypted and B among its members, not yet verified', async () => {
    await click(await findOne('[data-testid="room-info-button"]'));
    const member = await waitFor('B in the member list', async () => {
      const found = await exec('return document.querySelector(`[data-testid="room-members"] li[data-user-id="${arguments[0]}"]`)?.dataset.identity ?? null;', [b.id]);
      if (!found) throw new Error('B is not listed');
      return found;
    });
    assert(member === 'unverified', `B's identity shows as ${member}`);
    assert((await textOf('[data-testid="room-encryption"]')).startsWith('End-to-end encrypted'), 'no encryption fact');
    await click(await findOne('[data-testid="room-info"] header button'));
  });

  await check('Settings switch the whole app to Traditional Chinese and back', async () => {
    await clickTopBar('Settings');
    await click(await findOne('input[name="language"][value="zh-HK"]'));
    await waitFor('the top bar in Chinese', async () => {
      const words = await exec('return [...document.querySelectorAll("header.topbar button")].map((b) => b.textContent.trim());');
      if (!words.includes('登出') || !words.includes('設定')) throw new Error(`the top bar shows ${JSON.stringify(words)}`);
      return true;
    });
    assert((await exec('return document.documentElement.lang;')) === 'zh-HK', 'the document language is not zh-HK');
    await click(await findOne('input[name="language"][value="system"]'));
    await waitFor('the top bar in English', async () => (await textOf('[data-testid="settings"] h2')) === 'Settings');
  });

  await closeApp(driver);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
