// The rows of a room's timeline: its messages with a day separator before the first message
// of each day, the read marker before the first unread message, and whether a message
// continues its sender's previous one (shown grouped, without repeating the name).
import type { TimelineItem } from './session.svelte';
import { formatDate, t } from './i18n/index.svelte';

/** Consecutive messages of one sender at most this far apart are grouped. */
const GROUP_MS = 5 * 60_000;

export type TimelineRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; item: TimelineItem; grouped: boolean };

/** The local calendar day of a timestamp, as a number that sorts (yyyymmdd). */
function dayOf(ms: number): number {
  const d = new Date(ms);
  return d.getFullYear() * 10_000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/** "Today", "Yesterday" or the full date of the day `ms` falls on. */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = dayOf(ms);
  if (day === dayOf(now)) return t('timeline-today');
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === dayOf(yesterday.getTime())) return t('timeline-yesterday');
  return formatDate(ms, 'day');
}

/**
 * The rows for `items` (oldest first). `unreadFrom`: the key of the first unread message, or
 * null; the marker is left out when that message is not loaded.
 */
export function timelineRows(items: TimelineItem[], unreadFrom: string | null, now = Date.now()): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let lastDay = -1;
  let previous: TimelineItem | null = null;
  for (const item of items) {
    const { message } = item;
    const day = dayOf(message.timestamp_ms);
    let fresh = false; // a separator or marker ends a group
    if (day !== lastDay) {
      // Keyed by the day's first message: a day can recur when clocks disagree.
      rows.push({ kind: 'day', key: `day:${item.key}`, label: dayLabel(message.timestamp_ms, now) });
      lastDay = day;
      fresh = true;
    }
    if (item.key === unreadFrom) {
      rows.push({ kind: 'unread', key: 'unread' });
      fresh = true;
    }
    const grouped =
      !fresh &&
      previous !== null &&
      previous.message.sender === message.sender &&
      message.timestamp_ms - previous.message.timestamp_ms < GROUP_MS;
    rows.push({ kind: 'message', key: item.key, item, grouped });
    previous = item;
  }
  return rows;
}
