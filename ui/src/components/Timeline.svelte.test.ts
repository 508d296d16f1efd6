import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import Timeline from './Timeline.svelte';
import { createMockIpc } from '../lib/ipc/mock';
import type { MessageView, RoomSummary } from '../lib/ipc/types';
import type { TimelineItem } from '../lib/session.svelte';
import { pointedMessage } from '../test-utils';
import userEvent from '@testing-library/user-event';

const ROOM: RoomSummary = { room_id: '!big:example.org', name: 'Big', encrypted: true, is_dm: false, unread: 0, mentions: 0 };
const DAY = 86_400_000;
const START = new Date(2026, 0, 5, 9, 0).getTime();

/** `count` messages, one a minute, from two senders taking turns in runs of three. */
function items(count: number, start = START, gapMs = 60_000): TimelineItem[] {
  return Array.from({ length: count }, (_, i) => {
    const message: MessageView = {
      room_id: ROOM.room_id,
      event_id: `$e${i}`,
      sender: Math.floor(i / 3) % 2 ? '@bob:example.org' : '@alice:example.org',
      sender_name: Math.floor(i / 3) % 2 ? 'Bob' : 'Alice',
      body: `message ${i}`,
      segments: [{ text: `message ${i}`, link: null }],
      html: null,
      timestamp_ms: start + i * gapMs,
      encrypted: true,
      own: false,
      utd_reason: null,
      file: null,
      filtered: false,
    };
    return { key: message.event_id!, message };
  });
}

const rendered = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('li.message')];
const scroller = (container: HTMLElement) => container.querySelector<HTMLElement>('.scroll')!;

/** jsdom has no layout: sets where the scroller is and tells the list it scrolled. */
async function scrollTo(container: HTMLElement, top: number) {
  const el = scroller(container);
  Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: () => {} });
  await fireEvent.scroll(el);
  await tick();
}

describe('Timeline (virtualised)', () => {
  it('renders only the rows near the viewport of 10,000 messages, the newest among them', async () => {
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: items(10_000), error: null });
    await tick();
    const rows = rendered(container);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(rows.at(-1)?.dataset.eventId).toBe('$e9999');
    expect(container.querySelector('[data-event-id="$e0"]')).toBeNull();
    // The padding stands in for the rows not rendered: the list is as tall as all of them.
    const list = container.querySelector('ol')!;
    expect(parseFloat(list.style.paddingTop)).toBeGreaterThan(10_000 * 30);
  });

  it('brings a message far up into the DOM and focuses it when asked to reveal it', async () => {
    const { container, component } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: items(10_000), error: null });
    await tick();
    expect(await component.reveal('$e42')).toBe(true);
    const el = container.querySelector<HTMLElement>('li.message[data-event-id="$e42"]');
    expect(el).not.toBeNull();
    expect(document.activeElement).toBe(el);
    expect(container.querySelector('[data-event-id="$e9999"]')).toBeNull();
    expect(await component.reveal('$not-loaded')).toBe(false);
  });

  it('renders the rows of wherever the person scrolls to, every message reachable', async () => {
    const all = items(500);
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: all, error: null });
    await tick();
    const seen = new Set<string>();
    const total = parseFloat(container.querySelector('ol')!.style.paddingTop) + 3000;
    // Steps of one viewport (800 px assumed without layout), so nothing is skipped.
    for (let top = 0; top < total + 2000; top += 800) {
      await scrollTo(container, top);
      for (const li of rendered(container)) seen.add(li.dataset.eventId!);
      expect(rendered(container).length).toBeLessThan(100);
    }
    expect(seen.size).toBe(500);
    await scrollTo(container, 0);
    expect(rendered(container)[0]?.dataset.eventId).toBe('$e0');
  }, 30_000);

  it('separates days and groups consecutive messages of one sender', async () => {
    const first = items(4, START);
    const second = items(2, START + DAY).map((item, i) => ({
      key: `$d${i}`,
      message: { ...item.message, event_id: `$d${i}` },
    }));
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: [...first, ...second], error: null });
    await tick();
    const days = [...container.querySelectorAll('li.day')].map((li) => li.textContent?.trim());
    expect(days).toHaveLength(2);
    expect(days[0]).toContain('2026');
    const grouped = rendered(container).map((li) => li.classList.contains('grouped'));
    // Alice, Alice, Alice, Bob | next day: Alice, Alice (a new day starts a new group).
    expect(grouped).toEqual([false, true, true, false, false, true]);
    // The name is still there for screen readers, only not shown again.
    expect(rendered(container)[1]?.querySelector('.sender')?.classList.contains('visually-hidden')).toBe(true);
  });

  it('shows the read marker and jumps to it, and back to the newest', async () => {
    const { container } = render(Timeline, {
      ipc: createMockIpc(),
      room: ROOM,
      items: items(10_000),
      error: null,
      unreadFrom: '$e5000',
    });
    await tick();
    expect(container.querySelector('[data-testid="read-marker"]')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Jump to unread' }));
    await tick();
    const marker = container.querySelector('[data-testid="read-marker"]');
    expect(marker?.textContent).toContain('New messages');
    expect((marker?.nextElementSibling as HTMLElement | null)?.dataset.eventId).toBe('$e5000');
    expect(container.querySelector('[data-event-id="$e9999"]')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Jump to newest' }));
    await tick();
    expect(container.querySelector('[data-event-id="$e9999"]')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Jump to newest' })).toBeNull();
  });

  it('asks for older messages when scrolled near the top, and not when there are none', async () => {
    const onLoadOlder = vi.fn(async () => {});
    const props = { ipc: createMockIpc(), room: ROOM, items: items(300), error: null, onLoadOlder, hasOlder: true };
    const { container, rerender } = render(Timeline, props);
    await tick();
    expect(onLoadOlder).not.toHaveBeenCalled();
    await scrollTo(container, 0);
    await waitFor(() => expect(onLoadOlder).toHaveBeenCalled());
    onLoadOlder.mockClear();
    await rerender({ ...props, hasOlder: false });
    await scrollTo(container, 1);
    await scrollTo(container, 0);
    expect(onLoadOlder).not.toHaveBeenCalled();
  });

  it('keeps the message in view where it was when older ones are put above it', async () => {
    const older = items(500, START - 500 * 60_000).map((item, i) => ({ key: `$o${i}`, message: { ...item.message, event_id: `$o${i}` } }));
    const newer = items(500);
    const props = { ipc: createMockIpc(), room: ROOM, items: newer, error: null };
    const { container, rerender } = render(Timeline, props);
    await tick();
    await scrollTo(container, 0);
    expect(rendered(container)[0]?.dataset.eventId).toBe('$e0');
    await rerender({ ...props, items: [...older, ...newer] });
    await tick();
    // The list scrolled down by the height of what came above: $e0 is still first in view.
    const top = parseFloat(container.querySelector('ol')!.style.paddingTop);
    expect(top).toBeGreaterThan(0);
    const ids = rendered(container).map((li) => li.dataset.eventId);
    expect(ids).toContain('$e0');
    expect(ids).not.toContain('$o0');
  });
});

describe('Timeline actions and keyboard', () => {
  const actionsIn = (row: HTMLElement | undefined) => row?.querySelector('[role="group"]') ?? null;

  it("renders a message's actions only while it is pointed at or holds focus", async () => {
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: items(5), error: null, onCompose: () => {} });
    await tick();
    expect(screen.queryAllByRole('button', { name: 'Reply' })).toHaveLength(0);
    const third = pointedMessage(container, '$e2');
    expect(screen.getAllByRole('button', { name: 'Reply' })).toHaveLength(1);
    expect(actionsIn(third)).not.toBeNull();
    // Moving on moves the actions; leaving the list takes them away.
    pointedMessage(container, '$e3');
    expect(actionsIn(third)).toBeNull();
    await fireEvent.mouseLeave(container.querySelector('ol')!);
    expect(screen.queryAllByRole('button', { name: 'Reply' })).toHaveLength(0);
    // Focus shows them too.
    third.focus();
    await tick();
    expect(actionsIn(third)).not.toBeNull();
  });

  it('is one stop in the tab order; arrows, Home and End move between messages, Tab reaches the actions, Escape returns', async () => {
    const user = userEvent.setup();
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: items(5), error: null, onCompose: () => {} });
    await tick();
    const tabbable = rendered(container).filter((li) => li.tabIndex === 0);
    expect(tabbable.map((li) => li.dataset.eventId)).toEqual(['$e4']);
    await user.tab();
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e4');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e2');
    await user.keyboard('{Home}');
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e0');
    await user.keyboard('{End}');
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e4');
    await user.keyboard('{ArrowDown}');
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e4');
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Reply');
    expect(document.activeElement?.closest('li')?.dataset.eventId).toBe('$e4');
    await user.keyboard('{Escape}');
    expect((document.activeElement as HTMLElement).dataset.eventId).toBe('$e4');
    // Only the focused message stays in the tab order.
    expect(rendered(container).filter((li) => li.tabIndex === 0).map((li) => li.dataset.eventId)).toEqual(['$e4']);
  });
});

describe('Timeline in Traditional Chinese', () => {
  it('labels days, actions and the list in the chosen language, with local dates', async () => {
    const { setLanguage } = await import('../lib/i18n/index.svelte');
    setLanguage('zh-HK');
    const now = Date.now();
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: items(2, now - 60_000), error: null, onCompose: () => {} });
    expect(screen.getByRole('list', { name: '「Big」的訊息' })).toBeTruthy();
    expect(screen.getByText('今天')).toBeTruthy();
    expect(screen.getByText('端對端加密')).toBeTruthy();
    pointedMessage(container, '$e1');
    expect(screen.getByRole('group', { name: '訊息操作' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: '回覆' }).length).toBe(1);
    const older = items(1, START);
    render(Timeline, { ipc: createMockIpc(), room: { ...ROOM, room_id: '!old:example.org' }, items: older, error: null });
    // 5 January 2026 was a Monday; the full date in Hong Kong Chinese.
    expect(screen.getByText('2026年1月5日星期一')).toBeTruthy();
  });

  it("translates shields and undecryptable messages by Rust's code, keeping Rust's words for an unknown code", async () => {
    const { setLanguage } = await import('../lib/i18n/index.svelte');
    setLanguage('zh-HK');
    const [a, b, c] = items(3);
    a!.message.shield = { level: 'red', code: 'unverified_identity', message: 'Sent by someone you have not verified.' };
    b!.message.utd_reason = 'The key for this message has not arrived yet; Parley will decrypt it when it does.';
    b!.message.utd_code = 'key_not_arrived';
    c!.message.shield = { level: 'grey', code: 'something_new', message: 'A new kind of warning.' };
    const { container } = render(Timeline, { ipc: createMockIpc(), room: ROOM, items: [a!, b!, c!], error: null });
    const shields = [...container.querySelectorAll<HTMLElement>('.shield')].map((s) => s.title);
    expect(shields).toEqual(['由你未驗證的人傳送。', 'A new kind of warning.']);
    expect(container.querySelector('.utd')?.textContent?.trim()).toBe('無法解密：此訊息的密鑰尚未送達；密鑰送達後 Parley 會自動解密。');
  });
});
