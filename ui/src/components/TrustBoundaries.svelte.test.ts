// Trust boundaries through the whole app with the mock IPC: the Requests inbox, outside
// members (banner and confirm-before-send), reporting and ignoring, the incoming content
// filter, and the login screen's organisation defaults.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { pointedMessage } from '../test-utils';
import { createMockIpc, message, type MockOptions } from '../lib/ipc/mock';
import type { InviteView, MessageView, RoomSummary } from '../lib/ipc/types';

const TEAM = '!team:example.org';
const ROOMS: RoomSummary[] = [
  { room_id: TEAM, name: 'Team', encrypted: true, is_dm: false, unread: 0, mentions: 0 },
];

const STRANGER: InviteView = {
  room_id: '!bait:evil.example',
  room_name: '<img src=x onerror=alert(1)>Payroll',
  inviter: '@it:evil.example',
  inviter_name: '<b>IT</b>',
  is_dm: true,
  from_unknown: true,
};
const COLLEAGUE: InviteView = {
  room_id: '!plans:example.org',
  room_name: 'Plans',
  inviter: '@carol:example.org',
  inviter_name: 'Carol',
  is_dm: false,
  from_unknown: false,
};


async function openApp(options: MockOptions = {}) {
  const ipc = createMockIpc({ restored: true, rooms: ROOMS, ...options });
  const user = userEvent.setup();
  const view = render(App, { ipc });
  await screen.findByRole('heading', { name: 'Team' });
  return { ipc, user, view };
}

const requests = () => screen.getByRole('region', { name: /Requests/ });
const answers = (ipc: ReturnType<typeof createMockIpc>) => ipc.calls.filter((c) => c.cmd === 'answerInvite').map((c) => c.args);

describe('Requests inbox', () => {
  it('lists invitations from unknown people as plain text only, apart from the known ones', async () => {
    const { view } = await openApp({ invites: [STRANGER, COLLEAGUE] });
    const inbox = await waitFor(requests);
    const item = inbox.querySelector<HTMLElement>(`[data-room-id="${STRANGER.room_id}"]`)!;
    // Names appear literally; nothing of them became markup.
    expect(item.textContent).toContain('<img src=x onerror=alert(1)>Payroll');
    expect(item.textContent).toContain('from <b>IT</b> (@it:evil.example)');
    expect(item.textContent).toContain("Someone you don't know invited you. Nothing from them is loaded until you accept.");
    expect(view.container.querySelector('b')).toBeNull();
    expect(view.container.querySelector('img[src="x"]')).toBeNull();
    // No avatar, no link.
    expect(item.querySelector('img, a, .avatar')).toBeNull();
    expect(within(item).getByRole('button', { name: 'Decline and block' })).toBeTruthy();

    // The colleague's invitation is under Invitations, not Requests.
    expect(inbox.textContent).not.toContain('Plans');
    const invitations = screen.getByRole('region', { name: 'Invitations' });
    expect(invitations.textContent).toContain('Plans');
    expect(invitations.textContent).not.toContain('Payroll');
    expect(within(invitations).queryByRole('button', { name: 'Decline and block' })).toBeNull();
  });

  it('shows no Requests section when nobody unknown invited', async () => {
    await openApp({ invites: [COLLEAGUE] });
    await screen.findByRole('region', { name: 'Invitations' });
    expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull();
  });

  it('declines and blocks, then reloads invitations and rooms', async () => {
    const { ipc, user } = await openApp({ invites: [STRANGER] });
    const before = ipc.calls.filter((c) => c.cmd === 'rooms').length;
    await user.click(within(await waitFor(requests)).getByRole('button', { name: 'Decline and block' }));
    expect(answers(ipc)).toEqual([[STRANGER.room_id, 'block']]);
    await waitFor(() => expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull());
    expect(ipc.calls.filter((c) => c.cmd === 'rooms').length).toBeGreaterThan(before);
    expect(ipc.calls.filter((c) => c.cmd === 'invites').length).toBeGreaterThan(1);
  });

  it('declines a request', async () => {
    const { ipc, user } = await openApp({ invites: [STRANGER] });
    await user.click(within(await waitFor(requests)).getByRole('button', { name: 'Decline' }));
    expect(answers(ipc)).toEqual([[STRANGER.room_id, 'decline']]);
    await waitFor(() => expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull());
  });

  it('accepts a request: the room joins the list and opens', async () => {
    const { ipc, user } = await openApp({ invites: [STRANGER] });
    await user.click(within(await waitFor(requests)).getByRole('button', { name: 'Accept' }));
    expect(answers(ipc)).toEqual([[STRANGER.room_id, 'accept']]);
    expect(await screen.findByRole('heading', { name: STRANGER.room_name })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull();
  });

  it('accepts and declines known invitations', async () => {
    const { ipc, user } = await openApp({ invites: [COLLEAGUE, { ...COLLEAGUE, room_id: '!other:example.org', room_name: 'Other' }] });
    const invitations = await screen.findByRole('region', { name: 'Invitations' });
    const other = invitations.querySelector<HTMLElement>('[data-room-id="!other:example.org"]')!;
    await user.click(within(other).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Invitations' }).textContent).not.toContain('Other'));
    await user.click(within(screen.getByRole('region', { name: 'Invitations' })).getByRole('button', { name: 'Accept' }));
    expect(answers(ipc)).toEqual([
      ['!other:example.org', 'decline'],
      [COLLEAGUE.room_id, 'accept'],
    ]);
    expect(await screen.findByRole('heading', { name: 'Plans' })).toBeTruthy();
  });

  it('says in plain words when answering fails', async () => {
    const { ipc, user } = await openApp({ invites: [STRANGER] });
    const item = await waitFor(requests);
    // Answered elsewhere in the meantime: the mock no longer has it.
    await ipc.answerInvite(STRANGER.room_id, 'decline');
    await user.click(within(item).getByRole('button', { name: 'Accept' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That invitation is no longer pending.');
  });

  it('reloads the invitations when an invite arrives', async () => {
    const { ipc } = await openApp();
    expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull();
    ipc.emitInvite(STRANGER);
    expect((await waitFor(requests)).textContent).toContain('from <b>IT</b> (@it:evil.example)');
  });
});

describe('outside members', () => {
  const external = { [TEAM]: { servers: ['other.example', 'third.example'], users: ['@x:other.example', '@y:third.example'], confirmation_needed: true } };

  it('names the outside servers in a banner', async () => {
    const { ipc } = await openApp({ external });
    const banner = await screen.findByRole('region', { name: 'External people in this room' });
    expect(within(banner).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['other.example', 'third.example']);
    expect(ipc.calls).toContainEqual({ cmd: 'externalMembers', args: [TEAM] });
  });

  it('shows no banner when everyone is from the organisation', async () => {
    const { ipc } = await openApp();
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === 'externalMembers')).toBe(true));
    expect(screen.queryByRole('region', { name: 'External people in this room' })).toBeNull();
  });

  it('asks before the first send and resends the same message with externalConfirmed', async () => {
    const { ipc, user } = await openApp({ external });
    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Team');
    await user.type(input, 'quarterly numbers{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Send to people outside your organisation?' });
    expect(dialog.textContent).toContain('People from outside your organisation (other.example, third.example)');
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['other.example', 'third.example']);
    // Refused once, nothing sent, no error alert: the question is the answer.
    expect(ipc.calls.filter((c) => c.cmd === 'sendText').map((c) => c.args)).toEqual([[TEAM, 'quarterly numbers', false, false]]);
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Send to them' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(ipc.calls.filter((c) => c.cmd === 'sendText').map((c) => c.args)).toEqual([
      [TEAM, 'quarterly numbers', false, false],
      [TEAM, 'quarterly numbers', false, true],
    ]);
    expect(await screen.findByText('quarterly numbers', { selector: '.body' })).toBeTruthy();
    expect(input.value).toBe('');

    // Confirmed: the next message goes without asking.
    await user.type(input, 'and more{Enter}');
    await waitFor(() => expect(ipc.calls.filter((c) => c.cmd === 'sendText')).toHaveLength(3));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps the draft and sends nothing when the question is cancelled', async () => {
    const { ipc, user } = await openApp({ external });
    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Team');
    await user.type(input, 'secret plan{Enter}');
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(input.value).toBe('secret plan');
    expect(ipc.calls.filter((c) => c.cmd === 'sendText')).toHaveLength(1);
    expect(screen.queryByText('secret plan', { selector: '.body' })).toBeNull();
  });

  it('asks for replies too, keeping the reply', async () => {
    const { ipc, user, view } = await openApp({ external, messages: [message({ body: 'ready?' })] });
    await user.click(within(pointedMessage(view.container, '$1')).getByRole('button', { name: 'Reply' }));
    await user.type(screen.getByLabelText('Message Team'), 'yes{Enter}');
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Send to them' }));
    await waitFor(() => expect(ipc.calls.filter((c) => c.cmd === 'reply').map((c) => c.args)).toEqual([
      [TEAM, '$1', 'yes', false, false],
      [TEAM, '$1', 'yes', false, true],
    ]));
  });
});

describe('reporting and ignoring', () => {
  const item = pointedMessage;

  it('reports a message with a reason and says it was reported', async () => {
    const { ipc, user, view } = await openApp({ messages: [message({ body: 'buy crypto' })] });
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Report' }));
    const dialog = screen.getByRole('dialog', { name: 'Report this message' });
    const reason = within(dialog).getByLabelText<HTMLTextAreaElement>('Reason (optional)');
    expect(reason.maxLength).toBe(1000);
    await user.type(reason, 'spam');
    expect(ipc.calls.some((c) => c.cmd === 'reportMessage')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Report' }));
    expect((await within(dialog).findByRole('status')).textContent).toBe("Reported to your homeserver's administrators.");
    expect(ipc.calls.find((c) => c.cmd === 'reportMessage')?.args).toEqual([TEAM, '$1', 'spam']);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('sends no reason when none is given, and shows a failure in plain words', async () => {
    const { ipc, user, view } = await openApp({
      messages: [message({})],
      moderationError: { code: 'server', message: 'The homeserver did not accept the report.' },
    });
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Report' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Report' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The homeserver did not accept the report.');
    expect(ipc.calls.find((c) => c.cmd === 'reportMessage')?.args).toEqual([TEAM, '$1', null]);
    expect(within(dialog).queryByRole('status')).toBeNull();
  });

  it('reports the room from its header', async () => {
    const { ipc, user } = await openApp();
    await user.click(screen.getByRole('button', { name: 'Report room' }));
    const dialog = screen.getByRole('dialog', { name: 'Report this room' });
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'scam room');
    await user.click(within(dialog).getByRole('button', { name: 'Report' }));
    expect(await within(dialog).findByText("Reported to your homeserver's administrators.")).toBeTruthy();
    expect(ipc.calls.find((c) => c.cmd === 'reportRoom')?.args).toEqual([TEAM, 'scam room']);
  });

  it('ignores a sender only after asking', async () => {
    const { ipc, user, view } = await openApp({ messages: [message({ body: 'annoying' })] });
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Ignore sender' }));
    expect(ipc.calls.some((c) => c.cmd === 'ignoreUser')).toBe(false);
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Cancel' }));
    expect(ipc.calls.some((c) => c.cmd === 'ignoreUser')).toBe(false);
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Ignore sender' }));
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Ignore' }));
    expect(ipc.calls.find((c) => c.cmd === 'ignoreUser')?.args).toEqual(['@bob:example.org']);
    await waitFor(() => expect(screen.queryByText('annoying')).toBeNull());
    expect(await screen.findByText('You will no longer see anything from @bob:example.org.')).toBeTruthy();
  });

  it('offers neither Report nor Ignore on the signed-in user\'s own messages', async () => {
    const { view } = await openApp({ messages: [message({ own: true, sender: '@alice:example.org' })] });
    const own = within(item(view.container, '$1'));
    expect(own.getByRole('button', { name: 'Reply' })).toBeTruthy();
    expect(own.queryByRole('button', { name: 'Report' })).toBeNull();
    expect(own.queryByRole('button', { name: 'Ignore sender' })).toBeNull();
  });
});

describe('incoming content filter', () => {
  it('hides a filtered message until "Show anyway", for that message only', async () => {
    const { user, view } = await openApp({
      messages: [
        message({ body: 'filtered words', filtered: true }),
        message({ event_id: '$2', body: 'also filtered', filtered: true }),
        message({ event_id: '$3', body: 'fine' }),
      ],
    });
    expect(await screen.findByText('fine')).toBeTruthy();
    expect(screen.queryByText('filtered words')).toBeNull();
    expect(screen.queryByText('also filtered')).toBeNull();
    const first = view.container.querySelector<HTMLElement>('[data-event-id="$1"]')!;
    expect(first.textContent).toContain("Hidden by your organisation's filter");
    await user.click(within(first).getByRole('button', { name: 'Show anyway' }));
    expect(first.textContent).toContain('filtered words');
    expect(first.textContent).not.toContain("Hidden by your organisation's filter");
    expect(screen.queryByText('also filtered')).toBeNull();
  });
});

describe('login defaults', () => {
  it('pre-fills the homeserver and names the allowed ones', async () => {
    const ipc = createMockIpc({
      loginDefaults: { homeserver_url: 'https://matrix.corp.example', allowed_homeservers: ['matrix.corp.example', 'backup.corp.example'] },
    });
    render(App, { ipc });
    const field = await screen.findByLabelText<HTMLInputElement>('Homeserver');
    await waitFor(() => expect(field.value).toBe('https://matrix.corp.example'));
    expect(screen.getByText('Your organisation allows: matrix.corp.example, backup.corp.example')).toBeTruthy();
  });

  it('shows a refused homeserver in plain words', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ loginDefaults: { homeserver_url: null, allowed_homeservers: ['matrix.corp.example'] } });
    render(App, { ipc });
    const field = await screen.findByLabelText<HTMLInputElement>('Homeserver');
    expect(field.value).toBe('');
    await user.type(field, 'https://evil.example');
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'hunter2');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.code).toBe('homeserver_not_allowed');
    expect(alert.textContent).toBe('Your organisation does not allow signing in to https://evil.example.');
  });

  it('leaves the field empty when the defaults cannot be read', async () => {
    const ipc = createMockIpc({ loginDefaultsError: { code: 'internal', message: 'no policy' } });
    render(App, { ipc });
    const field = await screen.findByLabelText<HTMLInputElement>('Homeserver');
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === 'loginDefaults')).toBe(true));
    expect(field.value).toBe('');
    expect(screen.queryByText(/Your organisation allows/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
