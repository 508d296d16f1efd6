// Helpers shared by the component tests (never imported by the app).
import { flushSync } from 'svelte';

/**
 * The timeline row of the message `eventId`, pointed at: a message's actions (Reply, React,
 * Delete…) are rendered only for the row under the pointer or holding focus.
 */
export function pointedMessage(container: HTMLElement, eventId: string): HTMLElement {
  const row = container.querySelector<HTMLElement>(`[data-event-id="${eventId}"]`)!;
  row.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  flushSync();
  return row;
}
