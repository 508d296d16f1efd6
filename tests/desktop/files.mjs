// tests/desktop/files.mjs — incoming files in the real desktop app (issue 6).
//
// The real app (WebKitGTK) through tauri-driver; B (real parleyctl) sends files over a real
// Synapse; the organisation's scanner is the harness clamd (tests/with-scanners). The OS
// opener is a recording stub (lib.mjs openerStub). Run it through tests/desktop/e2e.sh:
//   tests/harness/desktop-session tests/with-scanners tests/with-homeserver tests/desktop/e2e.sh files.mjs
//
// Checks: files arrive as offer cards and nothing is downloaded until Accept (the homeserver's
// access log); the EICAR file is kept in quarantine with the antivirus's finding and cannot be
// opened (not from the UI, not by asking Rust directly); a clean PDF is released into the
// Downloads folder and opens only after the "did they really send this?" prompt, which names
// the sender's verification state; the Activity page records all of it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ELEMENT, WORK, activity, assert, check, click, closeApp, ctl, exec, execAsync, findAll, launchApp, log,
  managedPolicy, openRoom, openerStub, runSuite, seedDm, sleep, waitFor,
} from './lib.mjs';

// Put together at run time so that antivirus on a developer's machine leaves this file alone.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR', '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** Media downloads the homeserver served to `userId` (its access log names the requester). */
function downloadsBy(userId) {
  const requests = readFileSync(join(process.env.PARLEY_TEST_SYNAPSE_DIR, 'access.log'), 'utf8');
  return requests.split('\n').filter((l) => l.includes('/media/download/') && l.includes(`{${userId}`)).length;
}

/** The offer card of the file named `name`. */
async function card(name) {
  return waitFor(`the offer card for ${name}`, async () => {
    const found = await exec(
      `return [...document.querySelectorAll('li.message .offer')].find((c) => c.querySelector('.name strong')?.textContent === arguments[0]) ?? null;`,
      [name],
    );
    return found?.[ELEMENT];
  });
}

const cardState = (name) =>
  exec(
    `return [...document.querySelectorAll('li.message .offer')].find((c) => c.querySelector('.name strong')?.textContent === arguments[0])?.dataset.fileState ?? null;`,
    [name],
  );

/** Clicks the button labelled `label` inside the card of `name`. */
async function press(name, label) {
  const el = await waitFor(`"${label}" on ${name}`, async () => {
    const found = await exec(
      `const c = [...document.querySelectorAll('li.message .offer')].find((c) => c.querySelector('.name strong')?.textContent === arguments[0]);
       return c ? [...c.querySelectorAll('button')].find((b) => b.textContent.trim() === arguments[1]) ?? null : null;`,
      [name, label],
    );
    return found?.[ELEMENT];
  });
  // The card grows as it changes (outcome, prompt); centre the button first, or WebKit's
  // driver can find it under the composer after its own scroll to the bottom edge.
  await exec(`arguments[0].scrollIntoView({ block: 'center' });`, [{ [ELEMENT]: el }]);
  await click(el);
}

async function main() {
  const t0 = Date.now();
  const { a, b, room } = await seedDm('files', 'two files follow');
  writeFileSync(join(WORK, 'eicar.txt'), EICAR);
  writeFileSync(join(WORK, 'report.pdf'), PDF);
  await ctl(b.profile, 'send-file', room, join(WORK, 'eicar.txt'));
  await ctl(b.profile, 'send-file', room, join(WORK, 'report.pdf'));
  const downloads = join(WORK, 'Downloads');
  const policyDir = managedPolicy('files', `{"FileScannerAddress": "unix:${process.env.PARLEY_TEST_CLAMD_SOCKET}"}\n`);
  const { bin, opened } = openerStub();

  const { driver } = await launchApp(
    {
      PARLEY_PROFILE: a.profile,
      PARLEY_POLICY_DIR: policyDir,
      PARLEY_DOWNLOAD_DIR: downloads,
      PARLEY_LOG: 'info',
      PATH: `${bin}:${process.env.PATH}`,
    },
    'desktop-files.log',
  );
  await openRoom(room);

  await check('files arrive as offers and nothing is downloaded before Accept', async () => {
    await card('eicar.txt');
    await card('report.pdf');
    assert((await cardState('eicar.txt')) === 'offered', 'the EICAR card is not an offer');
    await sleep(2000);
    assert(downloadsBy(a.id) === 0, `the app downloaded ${downloadsBy(a.id)} file(s) before any Accept`);
    assert(!existsSync(join(a.profile, 'quarantine')), 'a quarantine folder exists before any Accept');
  });

  await check('the EICAR file is kept in quarantine, says why, and offers no way to open it', async () => {
    await press('eicar.txt', 'Accept and check');
    await waitFor('the EICAR verdict', async () => (await cardState('eicar.txt')) === 'quarantined');
    const kept = await exec(
      `const c = [...document.querySelectorAll('li.message .offer')].find((c) => c.querySelector('.name strong')?.textContent === 'eicar.txt');
       return { alert: c.querySelector('[data-testid="file-kept"]')?.textContent ?? '', buttons: [...c.querySelectorAll('button')].map((b) => b.textContent.trim()) };`,
    );
    assert(/antivirus found Eicar/i.test(kept.alert), `the card says ${JSON.stringify(kept.alert)}`);
    assert(kept.buttons.length === 0, `the card still offers ${JSON.stringify(kept.buttons)}`);
    assert(downloadsBy(a.id) >= 1, 'Accept did not download the file (the check above would prove nothing)');
    assert(!existsSync(downloads) || readdirSync(downloads).length === 0, 'something reached Downloads');
  });

  await check('Rust refuses to open a quarantined file even when asked directly', async () => {
    const eventId = await exec(
      `return [...document.querySelectorAll('li.message')].find((li) => li.textContent.includes('eicar.txt'))?.dataset.eventId ?? null;`,
    );
    const result = await execAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('file_open', { roomId: arguments[0], eventId: arguments[1] })
         .then(() => done('opened'), (e) => done(e?.code ?? String(e)));`,
      [room, eventId],
    );
    assert(result === 'file_quarantined', `file_open answered ${JSON.stringify(result)}`);
    assert(opened().length === 0, `the opener was called: ${JSON.stringify(opened())}`);
  });

  await check('a clean PDF is released into Downloads and opens only after the prompt', async () => {
    await press('report.pdf', 'Accept and check');
    await waitFor('the PDF to be released', async () => (await cardState('report.pdf')) === 'released');
    const released = join(downloads, 'report.pdf');
    assert(readFileSync(released, 'utf8') === PDF, 'the released file differs from what was sent');
    await press('report.pdf', 'Open…');
    const prompt = await waitFor('the open prompt', async () =>
      exec(`return document.querySelector('.offer [role="alertdialog"]')?.textContent ?? null;`),
    );
    assert(prompt.includes('really send you this?'), `the prompt says ${JSON.stringify(prompt)}`);
    assert(prompt.includes('not verified'), `the prompt does not name the sender's (unverified) state: ${JSON.stringify(prompt)}`);
    await sleep(500);
    assert(opened().length === 0, 'the file opened before the prompt was answered');
    await press('report.pdf', 'Open');
    await waitFor('the opener to be called', async () => opened().length > 0, 10_000);
    assert(JSON.stringify(opened()) === JSON.stringify([released]), `the opener got ${JSON.stringify(opened())}`);
  });

  await check('the Activity page records the kept, the released and the opened file', async () => {
    const page = await activity();
    assert(page.intact, `the audit log does not verify: ${page.status}`);
    const files = page.entries.filter((e) => e.kind === 'file').map((e) => e.decision);
    for (const want of ['quarantined_infected', 'released', 'opened']) {
      assert(files.includes(want), `no "${want}" file entry in ${JSON.stringify(files)}`);
    }
    assert(!JSON.stringify(page.entries).includes('report.pdf'), 'the audit log names the file');
  });

  await closeApp(driver);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
