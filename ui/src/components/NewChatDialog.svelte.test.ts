import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
import type { RoomSummary } from '../lib/ipc/types';

const DM_WITH_BOB: RoomSummary = {
  room_id: '!bob:example.org',
  name: 'Bob',
  encrypted: true,
  is_dm: true,
  dm_user_id: '@bob:example.org',
  unread: 0,
  mentions: 0,
};

async function openDialog(rooms: RoomSummary[] = [], roomError?: { code: string; message: string }, button = 'New chat') {
  const user = userEvent.setup();
  const ipc = createMockIpc({ restored: true, rooms, roomError });
  render(App, { ipc });
  await user.click(await screen.findByRole('button', { name: button }));
  return { user, ipc };
}

describe('NewChatDialog', () => {
  it('starts an encrypted direct chat and opens it', async () => {
    const { user, ipc } = await openDialog();
    expect(screen.getByText(/end-to-end encrypted/)).toBeTruthy();
    await user.type(screen.getByLabelText('Their user ID'), '  @carol:example.org ');
    await user.click(screen.getByRole('button', { name: 'Start direct chat' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(ipc.calls.find((c) => c.cmd === 'createDm')?.args).toEqual(['@carol:example.org']);
    expect(await screen.findByRole('heading', { name: '@carol:example.org' })).toBeTruthy();
  });

  it('opens the existing direct chat with the same person instead of creating another', async () => {
    const { user, ipc } = await openDialog([DM_WITH_BOB]);
    await user.type(screen.getByLabelText('Their user ID'), '@bob:example.org');
    await user.click(screen.getByRole('button', { name: 'Start direct chat' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(ipc.calls.some((c) => c.cmd === 'createDm')).toBe(false);
    expect(await screen.findByRole('heading', { name: 'Bob' })).toBeTruthy();
  });

  it('says plainly what is wrong with a user ID, and sends nothing', async () => {
    const { user, ipc } = await openDialog();
    await user.type(screen.getByLabelText('Their user ID'), 'carol');
    await user.click(screen.getByRole('button', { name: 'Start direct chat' }));
    expect(screen.getByRole('alert').textContent).toBe('"carol" is not a user ID. A user ID looks like @name:server.');
    await user.clear(screen.getByLabelText('Their user ID'));
    await user.type(screen.getByLabelText('Their user ID'), '@alice:example.org');
    await user.click(screen.getByRole('button', { name: 'Start direct chat' }));
    expect(screen.getByRole('alert').textContent).toBe('That is your own user ID.');
    expect(ipc.calls.some((c) => c.cmd === 'createDm')).toBe(false);
  });

  it('creates a named group room with its invitations, each person once', async () => {
    const { user, ipc } = await openDialog();
    await user.click(screen.getByRole('radio', { name: 'Group room' }));
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the room a name.');
    await user.type(screen.getByLabelText('Room name'), 'Falcon');
    await user.type(screen.getByLabelText('Topic (optional)'), 'Launch');
    await user.type(screen.getByLabelText('People to invite (optional)'), '@bob:example.org, @dan:other.org\n@bob:example.org');
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(ipc.calls.find((c) => c.cmd === 'createRoom')?.args).toEqual([
      { name: 'Falcon', topic: 'Launch', invite: ['@bob:example.org', '@dan:other.org'] },
    ]);
    expect(await screen.findByRole('heading', { name: 'Falcon' })).toBeTruthy();
  });

  it("shows Rust's sentence when the server refuses, keeping what was typed; Escape closes", async () => {
    const { user } = await openDialog([], { code: 'server', message: 'The homeserver refused: user not found.' });
    await user.type(screen.getByLabelText('Their user ID'), '@nobody:example.org');
    await user.click(screen.getByRole('button', { name: 'Start direct chat' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The homeserver refused: user not found.');
    expect((screen.getByLabelText('Their user ID') as HTMLInputElement).value).toBe('@nobody:example.org');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('speaks Traditional Chinese', async () => {
    setLanguage('zh-HK');
    const { user } = await openDialog([], undefined, '新對話');
    expect(screen.getByRole('dialog', { name: '開始對話' })).toBeTruthy();
    await user.type(screen.getByLabelText('對方的用戶 ID'), 'x');
    await user.click(screen.getByRole('button', { name: '開始私人對話' }));
    expect(screen.getByRole('alert').textContent).toBe('「x」不是用戶 ID。用戶 ID 的格式為 @名稱:伺服器。');
  });
});
