// The app-wide keyboard shortcuts: one table, used by the key handler and by the list on the
// Settings page, so the two cannot disagree.

/** What a shortcut does. */
export type Shortcut = 'switcher' | 'new-chat' | 'next-room' | 'previous-room';

/** Each shortcut, its keys as shown to the person, and its catalogue id. */
export const SHORTCUTS: { id: Shortcut; keys: string; label: string }[] = [
  { id: 'switcher', keys: 'Ctrl+K', label: 'settings-key-switcher' },
  { id: 'new-chat', keys: 'Ctrl+N', label: 'settings-key-new-chat' },
  { id: 'next-room', keys: 'Alt+↓', label: 'settings-key-next-room' },
  { id: 'previous-room', keys: 'Alt+↑', label: 'settings-key-previous-room' },
];

/** The shortcut a key press means, if any (Cmd counts as Ctrl on macOS). */
export function shortcutFor(event: KeyboardEvent): Shortcut | null {
  const ctrl = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
  const alt = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  const key = event.key.toLowerCase();
  if (ctrl && key === 'k') return 'switcher';
  if (ctrl && key === 'n') return 'new-chat';
  if (alt && event.key === 'ArrowDown') return 'next-room';
  if (alt && event.key === 'ArrowUp') return 'previous-room';
  return null;
}
