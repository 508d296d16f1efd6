// tests/desktop/privacy.mjs — no resource sharing in the real desktop app (issue 10).
//
// The real app (WebKitGTK) through tauri-driver, signed in as A, with a managed policy that
// locks `SharePresence` off; B rings A from a plain HTTP client. Run it through
// tests/desktop/e2e.sh inside desktop-session (which runs dunst) and with-homeserver:
//   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh privacy.mjs
//
// Checks: the Privacy & security overview lists each kind of sharing with its state and
// shows what the organisation locked; About shows the version and that the organisation
// turned updates off (`AutoUpdate` off in the same policy); a call invite becomes a "Missed call" desktop
// notification (read back from dunst's history) and no media permission is ever requested.
import { readFileSync } from 'node:fs';
import {
  HS, accessToken, assert, check, closeApp, exec, findAll, findOne, launchApp, log, managedPolicy, rand, runSuite, s, seedDm,
  notificationMark, notifications, stripAnsi, waitFor, wd,
} from './lib.mjs';

async function main() {
  const t0 = Date.now();
  const { a, b, room } = await seedDm('privacy', `hello ${rand()}`);
  const policyDir = managedPolicy('privacy', '{"SharePresence": false, "AutoUpdate": "off"}\n');
  const { driver, log: appLog } = await launchApp(
    { PARLEY_PROFILE: a.profile, PARLEY_POLICY_DIR: policyDir, PARLEY_LOG: 'info' },
    'desktop-privacy.log',
  );
  await waitFor('the room list', async () => (await findAll(`button.room[data-room-id="${room}"]`)).length === 1);

  await check('the Privacy & security overview shows each kind of sharing and what the organisation locked', async () => {
    const open = await exec(
      `return [...document.querySelectorAll('header button')].find((b) => b.textContent.trim() === 'Privacy & security') ?? null;`,
    );
    assert(open, 'no Privacy & security button');
    await wd('POST', s(`/element/${Object.values(open)[0]}/click`), {});
    await findOne('[data-testid="privacy-overview"]');
    const rows = await waitFor('the overview rows', async () => {
      const got = await exec(
        `return [...document.querySelectorAll('[data-testid="privacy-overview"] tbody tr')].map((tr) => ({ key: tr.dataset.key, enabled: tr.dataset.enabled, locked: tr.dataset.locked, text: tr.textContent }));`,
      );
      return got.length ? got : null;
    });
    const keys = rows.map((r) => r.key);
    for (const key of ['SendReadReceipts', 'SendTypingNotifications', 'SharePresence', 'UrlPreviews', 'AllowLocationSharing', 'AllowScreenSharing', 'AllowWidgets', 'AllowCalls', 'AllowCameraMicrophone']) {
      assert(keys.includes(key), `the overview lacks ${key}: ${JSON.stringify(keys)}`);
    }
    assert(rows.every((r) => r.enabled === 'false'), `something is shared: ${JSON.stringify(rows.filter((r) => r.enabled !== 'false'))}`);
    const presence = rows.find((r) => r.key === 'SharePresence');
    assert(presence.locked === 'true' && presence.text.includes('Set by your organisation'), `presence row: ${JSON.stringify(presence)}`);
    const receipts = rows.find((r) => r.key === 'SendReadReceipts');
    assert(receipts.locked === 'false' && receipts.text.includes('Private'), `receipts row: ${JSON.stringify(receipts)}`);
  });

  await check('About shows the version, and updates off because the organisation said so (issue 14)', async () => {
    const open = await exec(`return [...document.querySelectorAll('header button')].find((b) => b.textContent.trim() === 'About') ?? null;`);
    assert(open, 'no About button');
    await wd('POST', s(`/element/${Object.values(open)[0]}/click`), {});
    const about = await waitFor('the About page', async () => {
      const got = await exec(
        `const page = document.querySelector('[data-testid="about"]');
         const state = page?.querySelector('[data-testid="update-state"]');
         return state ? { version: page.querySelector('[data-testid="version"]').textContent, state: state.dataset.state, text: state.textContent.trim(), buttons: [...page.querySelectorAll('button')].map((b) => b.textContent.trim()) } : null;`,
      );
      return got;
    });
    assert(about.version === '0.1.0', `version ${JSON.stringify(about.version)}`);
    assert(about.state === 'off' && about.text.includes('Your organisation turned updates off'), `update state: ${JSON.stringify(about)}`);
    assert(!about.buttons.some((b) => /update|Install/i.test(b)), `buttons offered with updates off: ${JSON.stringify(about.buttons)}`);
  });

  await check('a call invite becomes a "Missed call" notification and no media device is asked for', async () => {
    const mark = await notificationMark();
    const res = await fetch(`${HS}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.call.invite/call${rand()}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken(b)}` },
      body: JSON.stringify({ call_id: `c${rand()}`, lifetime: 60000, version: '1', party_id: 'p1', offer: { type: 'offer', sdp: 'v=0\r\n' } }),
    });
    assert(res.ok, `the call invite was refused: ${res.status}`);
    const missed = await waitFor('the missed-call notification', async () => {
      return (await notifications(mark)).find((n) => n.summary.startsWith('Missed call from ')) ?? null;
    });
    assert(missed.summary.includes(b.name), `the caller is not named: ${JSON.stringify(missed)}`);
    assert(missed.body.includes('does not take calls'), `notification body: ${JSON.stringify(missed.body)}`);
    const requests = stripAnsi(readFileSync(appLog, 'utf8')).split('\n').filter((l) => /permission request/.test(l));
    assert(requests.length === 0, `the webview asked for a permission:\n${requests.join('\n')}`);
  });

  await closeApp(driver);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

await runSuite(main);
