// tests/desktop/conversation.mjs — replies, reactions, edits and deletions in the real
// desktop app (issue 3), with the real parleyctl on the other side of an encrypted DM.
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh conversation.mjs
//
// Checks, each confirmed on the other side with `parleyctl history` (what B's own device
// decrypted), never only by what the app shows about itself:
// - a reply from the message's actions quotes B's message and reaches B as a reply;
// - a reaction reaches B; an edit of A's own message reaches B as an edit; Delete (after
//   asking) deletes it for B;
// - B's edit and B's deletion update the open timeline live;
// - afterwards neither password nor any message text is in the webview's storage, the app's
//   log or A's profile (secrets hygiene, issue 17).
import {
  assert, check, click, closeApp, ctl, exec, findAll, findOne, jsonLines, launchApp,
  log, openRoom, rand, runSuite, s, secretsFoundIn, seedDm, sleep, waitFor, wd, WEBVIEW_DIRS, WORK,
} from './lib.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const history = async (profile, room) => jsonLines(await ctl(profile, 'history', room, '--json', '--limit', '20'));
const itemSelector = (eventId) => `li.message[data-event-id="${eventId}"]`;

/** Clicks the button named `name` among a message's buttons. */
async function messageButton(eventId, name) {
  return waitFor(`"${name}" on ${eventId}`, async () => {
    // A message's actions exist only while it is pointed at or focused: focus it, as a
    // keyboard user would (the arrow keys and Tab lead there).
    const el = await exec(
      `document.querySelector(arguments[0])?.focus();
       return [...document.querySelectorAll(arguments[0] + ' button')].find((b) => (b.getAttribute('aria-label') || b.textContent.trim()) === arguments[1]) ?? null;`,
      [itemSelector(eventId), name],
    );
    if (!el) throw new Error(`no "${name}" button`);
    return el['element-6066-11e4-a52e-4f735466cecf'];
  });
}

async function type(text) {
  const input = await findOne('#composer-input');
  await wd('POST', s(`/element/${input}/clear`), {});
  await wd('POST', s(`/element/${input}/value`), { text: `${text}\uE007` });
}

async function untilB(b, room, what, test) {
  return waitFor(what, async () => {
    const messages = await history(b.profile, room);
    const hit = test(messages);
    if (!hit) throw new Error(`B has ${JSON.stringify(messages.map((m) => [m.event_id, m.body, m.reply_to?.event_id, m.reactions, m.redacted]))}`);
    return hit;
  }, 90_000);
}

async function main() {
  const t0 = Date.now();
  const seeded = `can you review the draft ${rand()}?`;
  const { a, b, room } = await seedDm('conv', seeded);
  const bobs = (await history(b.profile, room)).find((m) => m.body === seeded);
  assert(bobs?.event_id, 'the seeded message has no event id');
  const { driver, log: appLog } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info' }, 'desktop-conversation.log');
  await openRoom(room);
  await waitFor('B\'s message in the timeline', async () => (await findAll(itemSelector(bobs.event_id))).length === 1);

  const answer = `yes, after lunch ${rand()}`;
  let mine;
  await check('a reply from the message actions reaches B as a reply to its message', async () => {
    await click(await messageButton(bobs.event_id, 'Reply'));
    await waitFor('the reply banner', async () => (await findAll('[data-testid="compose-context"][data-mode="reply"]')).length === 1);
    await type(answer);
    mine = await untilB(b, room, 'the reply at B', (ms) => ms.find((m) => m.body === answer));
    assert(mine.reply_to?.event_id === bobs.event_id, `B got ${JSON.stringify(mine.reply_to)} as what it replies to`);
    assert(mine.reply_to_me === true, 'B does not see that the reply answers it');
  });

  await check('a reaction reaches B', async () => {
    await click(await messageButton(bobs.event_id, 'React with 👍'));
    await untilB(b, room, 'the reaction at B', (ms) =>
      ms.find((m) => m.event_id === bobs.event_id && m.reactions?.some((r) => r.key === '👍' && r.count === 1 && !r.own)));
  });

  await check('an edit of my reply reaches B as an edit', async () => {
    await click(await messageButton(mine.event_id, 'Edit'));
    await waitFor('the edit banner', async () => (await findAll('[data-testid="compose-context"][data-mode="edit"]')).length === 1);
    await type(`${answer} (2pm)`);
    const edited = await untilB(b, room, 'the edit at B', (ms) => ms.find((m) => m.event_id === mine.event_id && m.edited));
    assert(edited.body === `${answer} (2pm)`, `B shows "${edited.body}"`);
  });

  await check('Delete asks first, then deletes my message for B', async () => {
    await click(await messageButton(mine.event_id, 'Delete'));
    await click(await messageButton(mine.event_id, 'Keep'));
    await sleep(1500);
    assert(!(await history(b.profile, room)).find((m) => m.event_id === mine.event_id)?.redacted, 'Keep deleted the message');
    await click(await messageButton(mine.event_id, 'Delete'));
    await click(await messageButton(mine.event_id, 'Delete'));
    await untilB(b, room, 'the deletion at B', (ms) => ms.find((m) => m.event_id === mine.event_id && m.redacted));
  });

  await check("B's edit and deletion update the open timeline live", async () => {
    await ctl(b.profile, 'edit', room, bobs.event_id, 'can you review the final draft?');
    await waitFor('the edited text in the app', async () => {
      const t = await exec('return document.querySelector(arguments[0])?.textContent ?? "";', [itemSelector(bobs.event_id)]);
      if (!(t.includes('final draft') && t.includes('(edited)'))) throw new Error(`the message shows "${t}"`);
      return true;
    }, 60_000);
    await ctl(b.profile, 'redact', room, bobs.event_id);
    await waitFor('"Message deleted" in the app', async () => {
      const t = await exec('return document.querySelector(arguments[0])?.textContent ?? "";', [itemSelector(bobs.event_id)]);
      if (!t.includes('Message deleted') || t.includes('final draft')) throw new Error(`the message shows "${t}"`);
      return true;
    }, 60_000);
  });

  await closeApp(driver);

  await check('no password and no message text in the webview\'s storage, the app\'s log or the profile', async () => {
    const secrets = { "A's password": a.password, "B's password": b.password, 'the reply A typed': answer, "B's message": seeded };
    const places = [...WEBVIEW_DIRS, appLog, a.profile];
    // The search itself must be able to find something: a planted copy is found.
    const planted = join(WORK, 'planted.txt');
    writeFileSync(planted, `x${answer}x`);
    assert(secretsFoundIn([planted], secrets).length === 1, 'the search missed a planted secret');
    const found = secretsFoundIn(places, secrets);
    assert(found.length === 0, `found in the clear: ${found.join('; ')}`);
  });
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
