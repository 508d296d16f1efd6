import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import type { NoticeView } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import { Notices } from '../lib/notices.svelte';
import NotificationCentre from './NotificationCentre.svelte';
import RoomNotifyLevel from './RoomNotifyLevel.svelte';

const notice = (id: number, kind: NoticeView['kind'], text: string, read = false): NoticeView => ({
  id, kind, text, read, room_id: '!r:x', event_id: `$e${id}`, sender: '@bob:x', sender_name: 'Bob', room_name: 'Project X',
  detail: null, at_ms: 1_700_000_000_000 + id,
});

async function centre(list: NoticeView[]) {
  const ipc = createMockIpc({ restored: true, notices: list });
  const notices = new Notices(ipc);
  await notices.start();
  const opened: NoticeView[] = [];
  render(NotificationCentre, { ipc, notices, onOpen: (n: NoticeView) => opened.push(n), onClose: () => {} });
  return { ipc, notices, opened };
}

describe('NotificationCentre', () => {
  it('lists every entry, keeps live ones coming, and counts unread', async () => {
    const { ipc } = await centre([notice(2, 'mention', 'Bob mentioned you in Project X'), notice(1, 'message', 'New message from Bob in Project X', true)]);
    expect(screen.getAllByRole('listitem').map((li) => li.dataset.kind)).toEqual(['mention', 'message']);
    ipc.emitNotice(notice(3, 'call', 'Missed call from Bob in Project X'));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    const count = screen.getByTestId('notice-count');
    expect([count.dataset.total, count.dataset.unread]).toEqual(['3', '2']);
    // An update (a message that became readable) replaces its entry instead of adding one.
    ipc.emitNotice(notice(3, 'call', 'Missed call from Bob in Project X'));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
  });

  it('filters by kind and by unread, and Show opens the event and marks it read', async () => {
    const { ipc, opened } = await centre([
      notice(3, 'new_sign_in', 'New sign-in to your account (DEV)'),
      notice(2, 'reply', 'Bob replied to you in Project X'),
      notice(1, 'message', 'New message from Bob in Project X', true),
    ]);
    await fireEvent.change(screen.getByTestId('notice-filter'), { target: { value: 'security' } });
    expect(screen.getAllByRole('listitem').map((li) => li.dataset.kind)).toEqual(['new_sign_in']);
    await fireEvent.change(screen.getByTestId('notice-filter'), { target: { value: 'all' } });
    await fireEvent.click(screen.getByLabelText('Unread only'));
    expect(screen.getAllByRole('listitem').map((li) => li.dataset.kind)).toEqual(['new_sign_in', 'reply']);
    await fireEvent.click(screen.getByRole('button', { name: 'Show: Bob replied to you in Project X' }));
    expect(opened.map((n) => n.id)).toEqual([2]);
    expect(ipc.calls.filter((c) => c.cmd === 'noticesMarkRead').map((c) => c.args[0])).toEqual([[2]]);
  });

  it('reads in Traditional Chinese: entries, counts, filters and dates follow the language', async () => {
    setLanguage('zh-HK');
    await centre([notice(2, 'mention', 'Bob mentioned you in Project X'), notice(1, 'message', 'New message from Bob in Project X', true)]);
    expect(screen.getByRole('heading', { name: '通知' })).toBeTruthy();
    expect(screen.getByText('Bob 在 Project X 提及你')).toBeTruthy();
    expect(screen.getByRole('button', { name: '顯示：Bob 在 Project X 傳來新訊息' })).toBeTruthy();
    expect(screen.getByTestId('notice-count').textContent?.trim()).toBe('2 則通知，1 則未讀');
    const options = [...(screen.getByTestId('notice-filter') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toContain('提及及回覆');
    const time = screen.getAllByRole('listitem')[0]!.querySelector('time')!.textContent;
    expect(time).toBe(new Intl.DateTimeFormat('zh-HK', { dateStyle: 'short', timeStyle: 'medium' }).format(1_700_000_000_002));
    // Back to English at once, without reloading.
    setLanguage('en');
    expect(await screen.findByText('Bob mentioned you in Project X')).toBeTruthy();
    expect(screen.getByTestId('notice-count').textContent?.trim()).toBe('2 notifications, 1 unread');
  });

  it('turns do-not-disturb on through Rust', async () => {
    const { ipc } = await centre([]);
    const dnd = screen.getByTestId('dnd') as HTMLInputElement;
    await waitFor(() => expect(dnd.disabled).toBe(false));
    await fireEvent.click(dnd);
    expect(ipc.calls.filter((c) => c.cmd === 'notifySetDnd').map((c) => c.args[0])).toEqual([true]);
  });
});

describe('RoomNotifyLevel', () => {
  it('offers nothing quieter than the organisation allows', async () => {
    const ipc = createMockIpc({ notifyFloor: 'mentions' });
    render(RoomNotifyLevel, { ipc, roomId: '!r:x' });
    const select = screen.getByTestId('room-notify-level') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].find((o) => o.value === 'muted')?.disabled).toBe(true));
    await fireEvent.change(select, { target: { value: 'mentions' } });
    expect(ipc.calls.filter((c) => c.cmd === 'notifySetRoomLevel').map((c) => c.args)).toEqual([['!r:x', 'mentions']]);
  });
});
