// tests/desktop/links.mjs — the link dialog in the real desktop app (issue 5).
//
// The real app (WebKitGTK) through tauri-driver; B (real parleyctl) sends links over a real
// Synapse. The OS opener is replaced by a recording stub: an `xdg-open` first on PATH that
// appends its arguments to a file, so "opened" means "handed to the OS", counted exactly.
// Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh links.mjs
//
// Checks: clicking a link shows the dialog with the real destination; Cancel opens nothing;
// Open hands the URL to the OS exactly once; a `javascript:` anchor never becomes a link at
// all (matrix-sdk-ui drops the href, and Rust refuses it if asked directly); a link with a
// scheme outside AllowedLinkSchemes (`magnet:`, which survives the SDK) shows a block dialog
// with no way to open or copy it, and asking Rust directly is refused; the page never navigates;
// no URL preview is ever requested from the homeserver (its access log).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ELEMENT, activity, assert, attr, check, click, closeApp, ctl, exec, execAsync, findAll, findOne, launchApp,
  log, openRoom, openerStub, rand, runSuite, s, seedDm, sleep, text, waitFor, wd,
} from './lib.mjs';


/** The link button whose text is `label`, once the message has arrived and been decrypted. */
async function linkButton(label) {
  return waitFor(`the link "${label}"`, async () => {
    const found = await exec(
      `return [...document.querySelectorAll('li.message button.link, li.message a[href^="#link-"]')].find((b) => b.textContent === arguments[0]) ?? null;`,
      [label],
    );
    return found?.[ELEMENT];
  });
}

const dialogs = () => findAll('[role="dialog"]');

async function openDialog(label, verdict) {
  await click(await linkButton(label));
  return waitFor(`the link dialog (${verdict})`, async () => (await findAll(`[role="dialog"][data-verdict="${verdict}"]`))[0]);
}

async function button(name) {
  return waitFor(`the "${name}" button`, async () => {
    const found = await exec(
      `return [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent.trim() === arguments[0]) ?? null;`,
      [name],
    );
    return found?.[ELEMENT];
  });
}

async function main() {
  const t0 = Date.now();
  const url = `https://example.org/docs/${rand()}`;
  const { a, b, room } = await seedDm('links', `the docs are at ${url} — have a look`);
  await ctl(b.profile, 'send', room, '[click me](javascript:alert(document.domain))');
  await ctl(b.profile, 'send', room, '[get the file](magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a)');
  const { bin, opened } = openerStub();

  const { driver } = await launchApp(
    { PARLEY_PROFILE: a.profile, PARLEY_LOG: 'info', PATH: `${bin}:${process.env.PATH}` },
    'desktop-links.log',
  );
  await openRoom(room);
  const start = await exec('return location.href;');

  await check('clicking a link shows the dialog with the real destination; Cancel opens nothing', async () => {
    const dialog = await openDialog(url, 'confirm');
    assert((await text(await findOne('[data-testid="link-site"]'))) === 'example.org', 'the dialog does not name the site');
    assert((await text(await findOne('[data-testid="link-address"]'))) === url, 'the dialog does not show the full address');
    assert((await attr(dialog, 'aria-modal')) === 'true', 'the dialog is not modal');
    await click(await button('Cancel'));
    await waitFor('the dialog to close', async () => (await dialogs()).length === 0);
    await sleep(2000);
    assert(opened().length === 0, `Cancel handed something to the OS: ${JSON.stringify(opened())}`);
  });

  await check('Copy goes through Rust and opens nothing', async () => {
    await openDialog(url, 'confirm');
    await click(await button('Copy link'));
    await waitFor('the copy outcome', async () => (await findAll('[role="dialog"] [role="status"]')).length === 1);
    await click(await button('Cancel'));
    await waitFor('the dialog to close', async () => (await dialogs()).length === 0);
    assert(opened().length === 0, `Copy handed something to the OS: ${JSON.stringify(opened())}`);
  });

  await check('Open hands the link to the OS opener exactly once', async () => {
    await openDialog(url, 'confirm');
    await click(await button('Open in browser'));
    await waitFor('the dialog to close', async () => (await dialogs()).length === 0);
    await waitFor('the opener to be called', async () => opened().length > 0, 10_000);
    await sleep(2000);
    assert(JSON.stringify(opened()) === JSON.stringify([url]), `the opener got ${JSON.stringify(opened())}, expected [${url}] once`);
  });

  /** Asks Rust to open link `index` of the message containing `needle`, bypassing the UI. */
  async function openDirectly(needle, index) {
    const eventId = await exec(
      `return [...document.querySelectorAll('li.message')].find((li) => li.textContent.includes(arguments[0]))?.dataset.eventId ?? null;`,
      [needle],
    );
    assert(eventId?.startsWith('$'), `no event id on the message with ${needle}`);
    return execAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('link_open', { roomId: arguments[0], eventId: arguments[1], index: arguments[2], acknowledged: true })
         .then(() => done('opened'), (e) => done(e?.code ?? String(e)));`,
      [room, eventId, index],
    );
  }

  // Only the message's text counts: its Reply/React/Delete actions are the app's own buttons.
  await check('a javascript: anchor is never a link, and Rust will not open it', async () => {
    await waitFor('the javascript: message', async () =>
      exec(`return [...document.querySelectorAll('li.message')].some((li) => li.textContent.includes('click me'));`),
    );
    const buttons = await exec(
      `return [...document.querySelectorAll('li.message')].filter((li) => li.textContent.includes('click me')).flatMap((li) => [...li.querySelectorAll(':scope .body button, :scope .body a[href]')]).length;`,
    );
    assert(buttons === 0, `the javascript: message has ${buttons} clickable element(s)`);
    const result = await openDirectly('click me', 0);
    assert(result === 'unknown_link', `link_open answered ${JSON.stringify(result)}, expected unknown_link`);
  });

  await check('a link with a scheme outside AllowedLinkSchemes shows a block dialog with nothing to open or copy', async () => {
    await openDialog('get the file', 'block');
    const codes = await exec(`return [...document.querySelectorAll('[role="dialog"] li[data-code]')].map((li) => li.dataset.code);`);
    assert(codes.includes('scheme_blocked'), `reasons ${JSON.stringify(codes)} lack scheme_blocked`);
    const names = await exec(`return [...document.querySelectorAll('[role="dialog"] button')].map((b) => b.textContent.trim());`);
    assert(JSON.stringify(names) === JSON.stringify(['Cancel']), `the dialog offers ${JSON.stringify(names)}`);
    await click(await button('Cancel'));
    await waitFor('the dialog to close', async () => (await dialogs()).length === 0);
    const result = await openDirectly('get the file', 0);
    assert(result === 'link_blocked', `link_open answered ${JSON.stringify(result)}, expected link_blocked`);
    await sleep(1000);
    assert(opened().length === 1, `the opener was called again: ${JSON.stringify(opened())}`);
  });

  await check('the page never navigated', async () => {
    assert((await exec('return location.href;')) === start, 'the webview left the app page');
  });

  await check('the Activity page lists the opened and the refused links, and the log verifies', async () => {
    const page = await activity();
    assert(page.intact, `the audit log does not verify: ${page.status}`);
    const links = page.entries.filter((e) => e.kind === 'link');
    assert(links.some((e) => e.decision === 'opened' && e.text.includes('example.org')), `no opened link in ${JSON.stringify(links)}`);
    assert(links.some((e) => e.decision === 'refused'), `no refused link in ${JSON.stringify(links)}`);
    assert(links.some((e) => e.decision === 'copied'), `no copied link in ${JSON.stringify(links)}`);
    assert(!JSON.stringify(page.entries).includes(url.split('/').pop()), 'the audit log shows the full URL');
  });

  await check('no URL preview was requested from the homeserver during the session', async () => {
    // The harness logs every request (tests/harness/README.md); the parleyctl privacy test
    // shows that a preview request does appear there.
    const requests = readFileSync(join(process.env.PARLEY_TEST_SYNAPSE_DIR, 'access.log'), 'utf8');
    assert(requests.includes('/sync'), 'the access log is empty: the check would prove nothing');
    const previews = requests.split('\n').filter((l) => l.includes('preview_url'));
    assert(previews.length === 0, `preview requests:\n${previews.join('\n')}`);
  });

  await closeApp(driver);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
