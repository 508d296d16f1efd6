// Replies, edits, reactions, deletions, failed sends and unread counts, through the whole
// app with the mock IPC (the real engine is tested in the e2e and desktop suites).
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { pointedMessage } from '../test-utils';
import { createMockIpc, message } from '../lib/ipc/mock';
import type { MessageView, RoomSummary } from '../lib/ipc/types';

const ROOMS: RoomSummary[] = [
  { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 0, mentions: 0 },
  { room_id: '!lobby:example.org', name: 'Lobby', encrypted: true, is_dm: false, unread: 3, mentions: 1 },
];


async function openApp(messages: MessageView[]) {
  const ipc = createMockIpc({ restored: true, rooms: ROOMS, messages });
  const user = userEvent.setup();
  const view = render(App, { ipc });
  await screen.findByRole('heading', { name: 'Team' });
  return { ipc, user, view };
}

const item = pointedMessage;

describe('conversation', () => {
  it('replies through the composer, quoting the message answered', async () => {
    const { ipc, user, view } = await openApp([message({ body: 'lunch at 12?' })]);
    await user.click(within(item(view.container, '$1')).getByRole('button', { name: 'Reply' }));
    const context = screen.getByTestId('compose-context');
    expect(context.dataset.mode).toBe('reply');
    expect(context.textContent).toContain('lunch at 12?');
    await user.type(screen.getByLabelText('Message Team'), 'yes{Enter}');
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === 'reply')).toBe(true));
    expect(ipc.calls.find((c) => c.cmd === 'reply')?.args).toEqual(['!team:example.org', '$1', 'yes', false, false]);
    expect(screen.queryByTestId('compose-context')).toBeNull();
    const quote = await waitFor(() => view.container.querySelector('blockquote[data-reply-to="$1"]')!);
    expect(quote.textContent).toContain('lunch at 12?');
  });

  it('edits only own messages, starting from their text, and Escape cancels', async () => {
    const { ipc, user, view } = await openApp([
      message({ body: 'from bob' }),
      message({ event_id: '$2', sender: '@alice:example.org', sender_name: 'Alice', own: true, body: 'teh plan' }),
    ]);
    expect(within(item(view.container, '$1')).queryByRole('button', { name: 'Edit' })).toBeNull();
    await user.click(within(item(view.container, '$2')).getByRole('button', { name: 'Edit' }));
    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Team');
    await waitFor(() => expect(input.value).toBe('teh plan'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('compose-context')).toBeNull();
    expect(input.value).toBe('');

    await user.click(within(item(view.container, '$2')).getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(input.value).toBe('teh plan'));
    await user.clear(input);
    await user.type(input, 'the plan{Enter}');
    await waitFor(() => expect(ipc.calls.find((c) => c.cmd === 'edit')?.args).toEqual(['!team:example.org', '$2', 'the plan', false, false]));
    await waitFor(() => expect(item(view.container, '$2').textContent).toContain('(edited)'));
  });

  it('gives and takes back reactions, and deletes own messages only after asking', async () => {
    const { ipc, user, view } = await openApp([
      message({ sender: '@alice:example.org', own: true, body: 'mine', reactions: [{ key: '🎉', count: 2, own: false }] }),
    ]);
    const own = () => item(view.container, '$1');
    await user.click(within(own()).getByRole('button', { name: 'React with 👍' }));
    const thumbs = await waitFor(() => within(own()).getByRole('button', { name: '👍 1' }));
    expect(thumbs.getAttribute('aria-pressed')).toBe('true');
    await user.click(thumbs);
    await waitFor(() => expect(within(own()).queryByRole('button', { name: '👍 1' })).toBeNull());
    expect(ipc.calls.filter((c) => c.cmd === 'react').map((c) => c.args[2])).toEqual(['👍', '👍']);

    await user.click(within(own()).getByRole('button', { name: 'Delete' }));
    expect(ipc.calls.some((c) => c.cmd === 'redact')).toBe(false);
    await user.click(within(own()).getByRole('button', { name: 'Keep' }));
    expect(ipc.calls.some((c) => c.cmd === 'redact')).toBe(false);
    await user.click(within(own()).getByRole('button', { name: 'Delete' }));
    await user.click(within(own()).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(own().textContent).toContain('Message deleted'));
    expect(own().textContent).not.toContain('mine');
  });

  it('updates edited and deleted messages from engine events', async () => {
    const { ipc, view } = await openApp([message({ body: 'draft 1' })]);
    ipc.emit({ kind: 'edited', ...message({ body: 'draft 2', edited: true }) });
    await waitFor(() => expect(item(view.container, '$1').textContent).toContain('draft 2'));
    ipc.emit({ kind: 'redacted', room_id: '!team:example.org', event_id: '$1' });
    await waitFor(() => expect(item(view.container, '$1').textContent).toContain('Message deleted'));
  });

  it('shows a message that failed for good with Retry and Cancel', async () => {
    const failed = message({
      event_id: null,
      own: true,
      sender: '@alice:example.org',
      body: 'too big',
      transaction_id: 'txn1',
      send_state: 'failed',
    });
    const { ipc, user } = await openApp([failed]);
    expect(await screen.findByText('Not sent')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(ipc.calls.find((c) => c.cmd === 'unsentRetry')?.args).toEqual(['!team:example.org', 'txn1']);
    await waitFor(() => expect(screen.queryByText('Not sent')).toBeNull());
  });

  it('cancels a failed message, which then leaves the timeline', async () => {
    const failed = message({ event_id: null, own: true, body: 'too big', transaction_id: 'txn1', send_state: 'failed' });
    const { ipc, user } = await openApp([failed]);
    await user.click(await screen.findByRole('button', { name: 'Cancel sending' }));
    expect(ipc.calls.find((c) => c.cmd === 'unsentCancel')?.args).toEqual(['!team:example.org', 'txn1']);
    await waitFor(() => expect(screen.queryByText('too big')).toBeNull());
  });

  it('shows unread and mention counts for rooms not open', async () => {
    const { view } = await openApp([]);
    const badge = view.container.querySelector<HTMLElement>('[data-room-id="!lobby:example.org"] .unread')!;
    expect(badge.dataset.unread).toBe('3');
    expect(badge.classList.contains('mention')).toBe(true);
    expect(badge.textContent).toContain('1 mentioning you');
  });
});

describe('session ended by the homeserver', () => {
  it('wipes the local session and says why on the sign-in screen', async () => {
    const { ipc } = await openApp([message({})]);
    ipc.emit({ kind: 'signed_out', soft_logout: false });
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('You were signed out by your organisation');
    expect(ipc.calls.some((c) => c.cmd === 'logout')).toBe(true);
  });
});
