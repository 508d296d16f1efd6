import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
import type { MemberView, RoomDetails, RoomSummary } from '../lib/ipc/types';

const ROOM: RoomSummary = { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 0, mentions: 0 };
const member = (user_id: string, over: Partial<MemberView> = {}): MemberView => ({
  user_id,
  display_name: null,
  membership: 'join',
  role: 'member',
  outside: false,
  identity: 'unverified',
  ...over,
});
const MEMBERS: MemberView[] = [
  member('@mallory:evil.example', { identity: 'changed', outside: true, display_name: 'Mallory' }),
  member('@alice:example.org', { identity: 'own', role: 'admin' }),
  member('@bob:example.org', { identity: 'verified', display_name: 'Bob' }),
  member('@dan:example.org', { membership: 'invite' }),
];

async function openInfo(details?: Partial<RoomDetails>) {
  const user = userEvent.setup();
  const base: RoomDetails = {
    room_id: ROOM.room_id,
    name: 'Team',
    topic: 'Weekly planning',
    encrypted: true,
    is_dm: false,
    history_visibility: 'invited',
    join_rule: 'invite',
    may: { rename: true, set_topic: true, invite: true },
    joined_members: 3,
  };
  const ipc = createMockIpc({
    restored: true,
    rooms: [ROOM],
    members: { [ROOM.room_id]: MEMBERS },
    roomDetails: { [ROOM.room_id]: { ...base, ...details } },
  });
  render(App, { ipc });
  await user.click(await screen.findByRole('button', { name: 'Room details' }));
  await screen.findByRole('list', { name: /Members/ }, { timeout: 3000 });
  return { user, ipc };
}

const rows = () => within(screen.getByTestId('room-members')).getAllByRole('listitem');

describe('RoomInfo', () => {
  it('shows what protects the room and each member with their shield and outsider badge', async () => {
    await openInfo();
    expect(screen.getByRole('heading', { name: 'Details of Team' })).toBeTruthy();
    expect(screen.getByTestId('room-encryption').textContent).toContain('End-to-end encrypted');
    expect(screen.getByText('Only invited people can join.')).toBeTruthy();
    expect(screen.getByText('Members read the history from the moment they were invited.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Members (4)' })).toBeTruthy();
    const mallory = rows()[0]!;
    expect(mallory.dataset.userId).toBe('@mallory:evil.example');
    expect(mallory.textContent).toContain('identity changed — check with them before you send anything');
    expect(mallory.textContent).toContain('from outside your organisation');
    expect(rows()[2]!.textContent).toContain('verified');
    expect(rows()[3]!.textContent).toContain('invited');
    // Only people who can be verified get the button, labelled with who.
    expect(screen.getAllByRole('button', { name: /^Verify / }).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Verify Mallory',
      'Verify @dan:example.org',
    ]);
  });

  it('asks Rust to verify a member', async () => {
    const { user, ipc } = await openInfo();
    await user.click(screen.getByRole('button', { name: 'Verify Mallory' }));
    await waitFor(() => expect(ipc.calls.find((c) => c.cmd === 'verifyRequest')?.args).toEqual(['@mallory:evil.example']));
  });

  it('saves a changed name and topic, and invites someone', async () => {
    const { user, ipc } = await openInfo();
    await user.clear(screen.getByLabelText('Topic'));
    await user.type(screen.getByLabelText('Topic'), 'Launch');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(ipc.calls.find((c) => c.cmd === 'roomUpdate')?.args).toEqual([ROOM.room_id, null, 'Launch']);

    await user.type(screen.getByRole('textbox', { name: 'Invite someone' }), 'erin');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect(screen.getByRole('alert').textContent).toContain('"erin" is not a user ID');
    expect(ipc.calls.some((c) => c.cmd === 'inviteUser')).toBe(false);
    await user.clear(screen.getByRole('textbox', { name: 'Invite someone' }));
    await user.type(screen.getByRole('textbox', { name: 'Invite someone' }), '@erin:example.org');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('@erin:example.org is invited. They read only what is sent from now on.')).toBeTruthy();
    expect(rows().some((r) => r.dataset.userId === '@erin:example.org')).toBe(true);
  });

  it('offers no editing or inviting to someone the power levels do not allow', async () => {
    await openInfo({ may: { rename: false, set_topic: false, invite: false } });
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Invite someone' })).toBeNull();
    expect(screen.getByText("Only the room's administrators can change its name and topic.")).toBeTruthy();
  });

  it('leaves only after a confirmation', async () => {
    const { user, ipc } = await openInfo();
    await user.click(screen.getByRole('button', { name: 'Leave room' }));
    expect(ipc.calls.some((c) => c.cmd === 'leaveRoom')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(ipc.calls.find((c) => c.cmd === 'leaveRoom')?.args).toEqual([ROOM.room_id]));
    await waitFor(() => expect(screen.queryByTestId('room-info')).toBeNull());
  });

  it('speaks Traditional Chinese, with the count in the locale', async () => {
    setLanguage('zh-HK');
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, rooms: [ROOM], members: { [ROOM.room_id]: MEMBERS } });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: '聊天室詳情' }));
    expect(await screen.findByRole('heading', { name: '成員（4）' }, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText('身份已變更 — 傳送任何內容前請先向對方確認')).toBeTruthy();
    expect(screen.getByText('來自你的機構以外')).toBeTruthy();
  });
});
