// tests/desktop/dlp.mjs — outgoing DLP in the real desktop composer (issue 12).
//
// The real app (WebKitGTK) through tauri-driver, the other side of the chat is the real
// parleyctl, against a real Synapse. Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh dlp.mjs
//
// Checks: a card number typed and sent raises the warning with the number highlighted;
// Edit (cancel) sends nothing (B's listener receives only the ordinary message sent after
// it); "Send anyway" delivers; with a managed `DlpMode: block` policy there is no way to send.
import { readFileSync } from 'node:fs';
import {
  assert, check, closeApp, exec, findAll, findOne, launchApp, listenFor,
  log, managedPolicy, openRoom, prop, rand, runSuite, s, seedDm, sleep, stripAnsi, text, waitFor, wd,
} from './lib.mjs';

const CARD = '4111 1111 1111 1111';

async function setDraft(value) {
  const input = await findOne('#composer-input');
  await wd('POST', s(`/element/${input}/clear`), {});
  if (value) await wd('POST', s(`/element/${input}/value`), { text: value });
  return input;
}

/** Types `body` and presses Enter. */
async function typeAndSend(body) {
  const input = await setDraft('');
  await wd('POST', s(`/element/${input}/value`), { text: `${body}\uE007` });
  return input;
}

async function warning(mode) {
  return waitFor(`the sensitive-data warning (${mode})`, async () => {
    const [el] = await findAll(`[data-testid="dlp-warning"][data-mode="${mode}"]`);
    if (!el) throw new Error(`the composer shows ${JSON.stringify(await exec(`const f = document.querySelector('form.composer'); return [f?.textContent, f?.querySelector('textarea')?.value, f?.querySelector('button[type=submit]')?.getAttribute('aria-busy')].join(' / ');`))}`);
    return el;
  });
}

async function main() {
  const t0 = Date.now();
  const { a, b, room } = await seedDm('dlp', `hello from bob ${rand()}`);
  let driver;
  let appLog;

  // --- warn (the default policy) -------------------------------------------------------
  ({ driver, log: appLog } = await launchApp({ PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info', PARLEY_WEBVIEW_CONSOLE: '1' }, 'desktop-dlp-warn.log'));
  await openRoom(room);

  const secret = `card ${rand()} ${CARD}`;
  const ordinary = `ordinary ${rand()} after the warning`;
  await check('a card number typed and sent raises the warning, highlighted; Edit sends nothing', async () => {
    const listening = listenFor(b.profile, 1, 60);
    await sleep(4000); // let listen reach its first sync
    await typeAndSend(secret);
    const el = await warning('warn');
    const marks = await exec(`return [...document.querySelectorAll('[data-testid="dlp-warning"] mark')].map((m) => m.textContent);`);
    assert(JSON.stringify(marks) === JSON.stringify([CARD]), `highlighted ${JSON.stringify(marks)}, expected the card number`);
    assert((await text(el)).includes('payment card number'), 'the warning does not name the kind');
    await wd('POST', s(`/element/${await findOne('[data-testid="dlp-edit"]')}/click`), {});
    await waitFor('the warning to close', async () => (await findAll('[data-testid="dlp-warning"]')).length === 0);
    assert((await prop(await findOne('#composer-input'), 'value')) === secret, 'Edit did not keep the draft');
    await sleep(6000); // nothing may arrive at B meanwhile
    await typeAndSend(ordinary);
    const got = await listening;
    assert(got.code === 0, `parleyctl listen exited ${got.code}: ${got.stderr.trim()}`);
    const bodies = got.messages.map((m) => m.body);
    assert(bodies.length === 1 && bodies[0] === ordinary, `B received ${JSON.stringify(bodies)}, expected only the ordinary message`);
  });

  await check('"Send anyway" delivers the message', async () => {
    const listening = listenFor(b.profile, 1, 60);
    await sleep(4000);
    await typeAndSend(secret);
    await warning('warn');
    await wd('POST', s(`/element/${await findOne('[data-testid="dlp-send-anyway"]')}/click`), {});
    const got = await listening;
    const bodies = got.messages.map((m) => m.body);
    assert(bodies.length === 1 && bodies[0] === secret, `B received ${JSON.stringify(bodies)}`);
  });

  await check('the app log holds no card number', async () => {
    // The number as typed (with its spaces): a bare '4111' turns up in random request ids.
    const hits = stripAnsi(readFileSync(appLog, 'utf8')).split('\n').filter((l) => l.includes(CARD.slice(0, 9)));
    assert(hits.length === 0, `log lines with the card number:\n${hits.join('\n')}`);
  });
  await closeApp(driver);

  // --- block (a managed policy file, DESIGN.md §4) -----------------------------------------
  const policyDir = managedPolicy('dlp', '{"DlpMode": "block"}\n');
  ({ driver, log: appLog } = await launchApp(
    { PARLEY_PROFILE: a.profile, PARLEY_POLICY_DIR: policyDir, PARLEY_LOG: 'info' },
    'desktop-dlp-block.log',
  ));
  await openRoom(room);

  await check('in block mode a card number cannot be sent', async () => {
    const listening = listenFor(b.profile, 1, 60);
    await sleep(4000);
    const blocked = `blocked ${rand()} ${CARD}`;
    await typeAndSend(blocked);
    await warning('block');
    assert((await findAll('[data-testid="dlp-send-anyway"]')).length === 0, 'block mode offers "Send anyway"');
    const sendButton = await findOne('form.composer button[type="submit"]');
    assert((await prop(sendButton, 'disabled')) === true, 'the Send button is enabled in block mode');
    const input = await findOne('#composer-input');
    await wd('POST', s(`/element/${input}/value`), { text: '\uE007' }); // Enter again
    await sleep(6000);
    const after = `ordinary ${rand()} in block mode`;
    await typeAndSend(after);
    const got = await listening;
    const bodies = got.messages.map((m) => m.body);
    assert(bodies.length === 1 && bodies[0] === after, `B received ${JSON.stringify(bodies)}, expected only the ordinary message`);
  });
  await closeApp(driver);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
