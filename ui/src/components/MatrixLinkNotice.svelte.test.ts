// Matrix links open inside the app: from the command line (or a second launch) and from a
// message, never through the external-link dialog; refusals show Rust's sentence.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc } from '../lib/ipc/mock';
import type { MessageView, RoomSummary } from '../lib/ipc/types';

const ROOMS: RoomSummary[] = [
  { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 0, mentions: 0 },
  { room_id: '!dm:example.org', name: 'Bob', encrypted: true, is_dm: true, unread: 0, mentions: 0 },
];
const NOT_IN = { code: 'not_in_room', message: 'You are not in #secret:example.org, so Parley cannot open it; links never make you join a room.' };

const shownRoom = () => document.querySelector('section.timeline')?.getAttribute('data-room-id');

function linkMessage(): MessageView {
  return {
    room_id: '!team:example.org',
    event_id: '$m',
    sender: '@bob:example.org',
    sender_name: 'Bob',
    body: 'over here https://matrix.to/#/!dm:example.org',
    segments: [
      { text: 'over here ', link: null },
      { text: 'https://matrix.to/#/!dm:example.org', link: 0 },
    ],
    timestamp_ms: 1_770_000_000_000,
    encrypted: true,
    own: false,
    utd_reason: null,
    file: null,
    html: null,
    filtered: false,
  };
}

describe('Matrix links', () => {
  it('opens the room of the link Parley was started with, once signed in', async () => {
    const ipc = createMockIpc({ restored: true, rooms: ROOMS, pendingLink: { room_id: '!dm:example.org', event_id: null } });
    render(App, { ipc });
    await waitFor(() => expect(shownRoom()).toBe('!dm:example.org'));
    expect(screen.queryByTestId('matrix-link-error')).toBeNull();
  });

  it('opens a link forwarded by a second launch, and says plainly when you are not in the room', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: ROOMS });
    render(App, { ipc });
    await waitFor(() => expect(shownRoom()).toBe('!team:example.org'));
    ipc.emitMatrixLink({ room_id: '!dm:example.org', event_id: null });
    await waitFor(() => expect(shownRoom()).toBe('!dm:example.org'));
    ipc.emitMatrixLink(NOT_IN);
    expect((await screen.findByTestId('matrix-link-error')).textContent).toContain(NOT_IN.message);
    expect(shownRoom()).toBe('!dm:example.org');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('matrix-link-error')).toBeNull();
  });

  it('opens a matrix.to link in a message inside the app, without the external-link dialog', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({
      restored: true,
      rooms: ROOMS,
      messages: [linkMessage()],
      inAppLinks: { '$m#0': { room_id: '!dm:example.org', event_id: null } },
    });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: 'https://matrix.to/#/!dm:example.org' }));
    await waitFor(() => expect(shownRoom()).toBe('!dm:example.org'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(ipc.calls.some((c) => c.cmd === 'linkInspect')).toBe(false);
  });

  it('shows the sentence for a message link to a room you are not in', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: ROOMS, messages: [linkMessage()], inAppLinks: { '$m#0': NOT_IN } });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: 'https://matrix.to/#/!dm:example.org' }));
    expect((await screen.findByTestId('matrix-link-error')).textContent).toContain(NOT_IN.message);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(shownRoom()).toBe('!team:example.org');
  });
});
