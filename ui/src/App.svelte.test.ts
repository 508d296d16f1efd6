import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from './App.svelte';
import { createMockIpc } from './lib/ipc/mock';
import type { InviteView, MessageView, RoomSummary } from './lib/ipc/types';

const ROOMS: RoomSummary[] = [
  { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 0, mentions: 0 },
  { room_id: '!lobby:example.org', name: 'Lobby', encrypted: false, is_dm: false, unread: 0, mentions: 0 },
];

const INVITES: InviteView[] = [
  { room_id: '!x:example.org', room_name: 'Project X', inviter: '@carol:example.org', inviter_name: 'Carol', is_dm: false, from_unknown: false },
];

function message(overrides: Partial<MessageView>): MessageView {
  return {
    room_id: '!team:example.org',
    event_id: '$1',
    sender: '@bob:example.org',
    sender_name: 'Bob',
    body: 'hello',
    timestamp_ms: 1_770_000_000_000,
    encrypted: true,
    own: false,
    utd_reason: null,
    file: null,
    segments: [{ text: overrides.body ?? 'hello', link: null }],
    html: null,
    filtered: false,
    ...overrides,
  };
}

async function signIn(user = userEvent.setup()) {
  await user.type(await screen.findByLabelText('Homeserver'), 'https://matrix.example.org');
  await user.type(screen.getByLabelText('User name'), 'alice');
  await user.type(screen.getByLabelText('Password'), 'hunter2');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('App', () => {
  it('tells Rust the UI is ready and shows the login screen when there is no session', async () => {
    const ipc = createMockIpc();
    render(App, { ipc });
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeTruthy();
    expect(ipc.calls.map((c) => c.cmd)).toContain('uiReady');
  });

  it('shows why the session could not be restored (keyring locked) on the login screen', async () => {
    const ipc = createMockIpc({
      restoreError: { code: 'keyring_unavailable', message: 'The system keyring is not available.' },
    });
    render(App, { ipc });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The system keyring is not available.');
    expect(alert.dataset.code).toBe('keyring_unavailable');
  });

  it('shows the login error message and stays on the login screen', async () => {
    const ipc = createMockIpc({ loginError: { code: 'wrong_credentials', message: 'The user name or password is wrong.' } });
    render(App, { ipc });
    await signIn();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The user name or password is wrong.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    const login = ipc.calls.find((c) => c.cmd === 'login');
    expect(login?.args[0]).toEqual({ homeserver: 'https://matrix.example.org', user: 'alice', password: '(hidden)' });
  });

  it('lists rooms and renders message bodies as text, never as HTML', async () => {
    const ipc = createMockIpc({
      rooms: ROOMS,
      invites: INVITES,
      messages: [
        message({ body: '<img src=x onerror=alert(1)><b>bold</b>' }),
        message({ event_id: '$2', body: '', utd_reason: "The sender's device has not shared the key yet." }),
      ],
    });
    const { container } = render(App, { ipc });
    await signIn();

    expect(await screen.findByRole('heading', { name: 'Team' })).toBeTruthy();
    expect(screen.getByText('End-to-end encrypted')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Messages in Team' })).toBeTruthy();
    // The list is virtualised (rows come and go while scrolling), so arrivals are announced
    // by a live region of their own rather than by the list.
    expect(screen.getByTestId('timeline-live').getAttribute('aria-live')).toBe('polite');
    expect(await screen.findByText('<img src=x onerror=alert(1)><b>bold</b>')).toBeTruthy();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText(/Unable to decrypt: The sender's device has not shared the key yet\./)).toBeTruthy();
    // Invitations are listed apart, with Accept and Decline.
    const invitations = screen.getByRole('region', { name: 'Invitations' });
    expect(invitations.textContent).toContain('Project X');
    expect(invitations.textContent).toContain('from Carol (@carol:example.org)');
    expect(within(invitations).getByRole('button', { name: 'Accept' })).toBeTruthy();
    expect(within(invitations).getByRole('button', { name: 'Decline' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /Requests/ })).toBeNull();
  });

  it('appends messages that arrive as engine events for the open room', async () => {
    const ipc = createMockIpc({ restored: true, rooms: ROOMS, messages: [message({})] });
    render(App, { ipc });
    await screen.findByText('hello');
    ipc.emit({ kind: 'message', ...message({ event_id: '$9', body: 'new one' }) });
    ipc.emit({ kind: 'message', ...message({ room_id: '!lobby:example.org', event_id: '$10', body: 'elsewhere' }) });
    expect(await screen.findByText('new one')).toBeTruthy();
    expect(screen.queryByText('elsewhere')).toBeNull();
  });

  it('replaces an undecryptable message when it becomes readable', async () => {
    const ipc = createMockIpc({ restored: true, rooms: ROOMS });
    render(App, { ipc });
    await screen.findByText('No messages yet.');
    ipc.emit({ kind: 'undecryptable', ...message({ event_id: '$u', body: '', utd_reason: 'Waiting for the key.' }) });
    expect(await screen.findByText(/Unable to decrypt: Waiting for the key\./)).toBeTruthy();
    ipc.emit({ kind: 'message', ...message({ event_id: '$u', body: 'now readable' }) });
    expect(await screen.findByText('now readable')).toBeTruthy();
    expect(screen.queryByText(/Unable to decrypt/)).toBeNull();
    expect(screen.getAllByRole('listitem').filter((li) => li.classList.contains('message'))).toHaveLength(1);
  });

  it('loads the open room again when messages from while it was closed reach it', async () => {
    const ipc = createMockIpc({ restored: true, rooms: ROOMS, messages: [message({})] });
    render(App, { ipc });
    await screen.findByText('hello');
    // History, not news: Rust announces only that the room's timeline changed.
    ipc.emitCatchUp(ROOMS[0]!.room_id, [message({ event_id: '$8', body: 'sent while you were away' })]);
    expect(await screen.findByText('sent while you were away')).toBeTruthy();
    expect(screen.getByText('hello')).toBeTruthy();
  });

  it('warns in an unencrypted room', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: ROOMS });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: /Lobby/ }));
    expect(await screen.findByText(/This room is not end-to-end encrypted/)).toBeTruthy();
  });
});

describe('App privacy wiring', () => {
  it('reports a viewed room and throttles typing reports; Rust decides what is sent', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: ROOMS.slice(0, 1), messages: [message({})] });
    render(App, { ipc });
    await screen.findByText('hello');
    expect(ipc.calls).toContainEqual({ cmd: 'markRead', args: ['!team:example.org'] });
    await user.type(screen.getByLabelText('Message Team'), 'abc');
    expect(ipc.calls.filter((c) => c.cmd === 'typing')).toEqual([{ cmd: 'typing', args: ['!team:example.org'] }]);
  });

  it('opens the Privacy & security overview from the top bar', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: ROOMS.slice(0, 1) });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: 'Privacy & security' }));
    expect(await screen.findByRole('heading', { name: 'Privacy & security' })).toBeTruthy();
    expect(screen.getByRole('row', { name: /Read receipts/ })).toBeTruthy();
  });
});
