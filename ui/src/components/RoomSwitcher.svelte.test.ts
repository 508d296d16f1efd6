import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc } from '../lib/ipc/mock';
import { filterRooms } from '../lib/roomFilter';
import type { RoomSummary } from '../lib/ipc/types';

const room = (room_id: string, name: string, is_dm = false, dm_user_id: string | null = null): RoomSummary => ({
  room_id,
  name,
  encrypted: true,
  is_dm,
  dm_user_id,
  unread: 0,
  mentions: 0,
});
const ROOMS = [
  room('!team:example.org', 'Team'),
  room('!bob:example.org', 'Bob Lee', true, '@bob:example.org'),
  room('!cafe:example.org', 'Café crew'),
];

async function start() {
  const user = userEvent.setup();
  render(App, { ipc: createMockIpc({ restored: true, rooms: ROOMS }) });
  await screen.findByRole('heading', { name: 'Team' }); // the first room opens
  return user;
}

const openRoomHeading = () => screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.trim());

describe('finding rooms', () => {
  it('matches every word in the name or the DM partner, ignoring case and accents', () => {
    expect(filterRooms(ROOMS, 'cafe').map((r) => r.name)).toEqual(['Café crew']);
    expect(filterRooms(ROOMS, 'BOB').map((r) => r.name)).toEqual(['Bob Lee']);
    expect(filterRooms(ROOMS, '@bob:example').map((r) => r.name)).toEqual(['Bob Lee']);
    expect(filterRooms(ROOMS, 'bob team')).toEqual([]);
    expect(filterRooms(ROOMS, '', 'dms').map((r) => r.name)).toEqual(['Bob Lee']);
    expect(filterRooms(ROOMS, '', 'groups').map((r) => r.name)).toEqual(['Team', 'Café crew']);
  });

  it('the room list filters by search and by folder, and says when nothing matches', async () => {
    const user = await start();
    const nav = screen.getByRole('navigation', { name: 'Rooms' });
    const listed = () => within(nav).getAllByRole('button').filter((b) => b.classList.contains('room')).map((b) => b.dataset.roomId);
    await user.type(screen.getByRole('searchbox', { name: 'Search rooms' }), 'caf');
    expect(listed()).toEqual(['!cafe:example.org']);
    await user.clear(screen.getByRole('searchbox', { name: 'Search rooms' }));
    await user.click(within(nav).getByRole('button', { name: 'Direct chats' }));
    expect(listed()).toEqual(['!bob:example.org']);
    expect(within(nav).getByRole('button', { name: 'Direct chats' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(screen.getByRole('searchbox', { name: 'Search rooms' }), 'zzz');
    expect(within(nav).getByRole('status').textContent).toBe('No room matches "zzz".');
  });
});

describe('keyboard', () => {
  it('Ctrl+K opens the switcher; typing, arrows and Enter open a room; Escape closes', async () => {
    const user = await start();
    await user.keyboard('{Control>}k{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Go to a room' });
    const input = within(dialog).getByRole('combobox');
    await waitFor(() => expect(document.activeElement).toBe(input));
    await user.keyboard('e');
    await waitFor(() => expect(within(dialog).getAllByRole('option')).toHaveLength(3));
    // "e" is in Team, Bob Lee and Café crew; the second is chosen with one ArrowDown.
    await user.keyboard('{ArrowDown}');
    const options = within(dialog).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(openRoomHeading()).toContain('Bob Lee'));

    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(document.activeElement).toBe(within(screen.getByRole('dialog')).getByRole('combobox')));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Alt+Down and Alt+Up move through the room list; Ctrl+N starts a conversation', async () => {
    const user = await start();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(openRoomHeading()).toContain('Bob Lee'));
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(openRoomHeading()).toContain('Café crew'));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(openRoomHeading()).toContain('Bob Lee'));
    await user.keyboard('{Control>}n{/Control}');
    expect(screen.getByRole('dialog', { name: 'Start a conversation' })).toBeTruthy();
  });
});
