// The room list's words in each language: counts, invitations and requests, and the
// notification levels the organisation rules out.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import type { InviteView, RoomSummary } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import RoomList from './RoomList.svelte';
import RoomNotifyLevel from './RoomNotifyLevel.svelte';

const ROOMS: RoomSummary[] = [
  { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 1234, mentions: 2 },
  { room_id: '!dm:example.org', name: 'Bob', encrypted: false, is_dm: true, unread: 1, mentions: 0 },
];
const REQUEST: InviteView = {
  room_id: '!spam:evil.example',
  room_name: 'Prizes',
  inviter: '@mallory:evil.example',
  inviter_name: 'Mallory',
  is_dm: false,
  from_unknown: true,
};
const INVITE: InviteView = { ...REQUEST, room_id: '!ops:example.org', room_name: 'Ops', inviter: '@carol:example.org', inviter_name: null, from_unknown: false };

function show() {
  render(RoomList, { rooms: ROOMS, invites: [INVITE], requests: [REQUEST], selectedRoomId: null, onSelect: () => {}, onAnswer: () => {} });
}

const entry = (id: string) => document.querySelector(`[data-room-id="${id}"]`) as HTMLElement;

describe('RoomList', () => {
  it('reads out unread counts in the singular and the plural', () => {
    show();
    expect(entry('!dm:example.org').textContent).toMatch(/1\s*unread message$/);
    expect(entry('!team:example.org').textContent).toContain('@2');
    expect(entry('!team:example.org').textContent).toMatch(/unread messages, 2 mentioning you/);
  });

  it('shows rooms, invitations and requests in Traditional Chinese (Hong Kong), numbers in its format', () => {
    setLanguage('zh-HK');
    render(RoomList, {
      rooms: [{ ...ROOMS[0]!, mentions: 0 }, ROOMS[1]!],
      invites: [INVITE],
      requests: [REQUEST],
      selectedRoomId: null,
      onSelect: () => {},
      onAnswer: () => {},
    });
    expect(screen.getByRole('navigation', { name: '聊天室' })).toBeTruthy();
    expect(entry('!team:example.org').textContent).toMatch(/1,234\s*則未讀訊息/);
    expect(entry('!team:example.org').textContent).toContain('已加密');
    expect(entry('!dm:example.org').textContent).toContain('未加密');
    expect(entry('!dm:example.org').textContent).toContain('私訊');

    const requests = screen.getByRole('region', { name: /請求/ });
    expect(within(requests).getByText(/不會載入對方的任何內容/)).toBeTruthy();
    // The inviter's own words stay in their own <bdi>, where the language puts them.
    const from = requests.querySelector('.from') as HTMLElement;
    expect(from.textContent?.trim()).toBe('來自 Mallory（@mallory:evil.example）');
    expect([...from.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['Mallory', '@mallory:evil.example']);
    const answers = within(requests).getByRole('group', { name: '回覆請求：Prizes' });
    expect(within(answers).getAllByRole('button').map((b) => b.textContent?.trim())).toEqual(['接受', '拒絕', '拒絕並封鎖']);

    const invitations = screen.getByRole('region', { name: '邀請' });
    expect(invitations.querySelector('.from')?.textContent?.trim()).toBe('來自 @carol:example.org');
    expect(within(invitations).getByRole('group', { name: '回覆邀請：Ops' })).toBeTruthy();
  });

  it('names the notification levels in Traditional Chinese, marking those the organisation rules out', async () => {
    setLanguage('zh-HK');
    render(RoomNotifyLevel, { ipc: createMockIpc({ notifyFloor: 'mentions' }), roomId: '!team:example.org' });
    const select = screen.getByLabelText('桌面通知') as HTMLSelectElement;
    await waitFor(() => expect(select.options[2]!.disabled).toBe(true));
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual(['所有訊息', '提及你或回覆你的訊息', '靜音（你的機構不允許）']);
  });
});
