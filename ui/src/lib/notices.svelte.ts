// The notification centre as the UI holds it: every entry the notifier recorded, kept in
// step with Rust's live "notice" events. The list is the record; nothing here drops entries.
import type { Ipc, NoticeKind, NoticeView, UiError } from './ipc/types';
import { toUiError } from './ipc/types';

/** Filters offered by the centre. */
export const NOTICE_FILTERS: Record<string, { label: string; kinds: NoticeKind[] | null }> = {
  all: { label: 'Everything', kinds: null },
  messages: { label: 'Messages', kinds: ['message', 'mention', 'reply', 'reaction'] },
  personal: { label: 'Mentions and replies', kinds: ['mention', 'reply', 'reaction'] },
  files: { label: 'Files', kinds: ['file_offer', 'file_checked'] },
  security: {
    label: 'Security',
    kinds: ['verification_request', 'new_sign_in', 'identity_change', 'encryption_change', 'policy_change', 'membership'],
  },
  calls: { label: 'Calls and invitations', kinds: ['call', 'invite'] },
  problems: { label: 'Failed sends', kinds: ['send_failed'] },
};

export class Notices {
  list: NoticeView[] = $state([]);
  error: UiError | null = $state(null);
  unread: number = $derived(this.list.reduce((n, entry) => n + (entry.read ? 0 : 1), 0));

  #ipc: Ipc;
  #unlisten: (() => void) | null = null;

  constructor(ipc: Ipc) {
    this.#ipc = ipc;
  }

  /** Loads the centre and follows it. */
  async start(): Promise<void> {
    this.#unlisten ??= await this.#ipc.onNotice((notice) => (notice ? this.#merge(notice) : void this.load()));
    await this.load();
  }

  stop(): void {
    this.#unlisten?.();
    this.#unlisten = null;
    this.list = [];
  }

  async load(): Promise<void> {
    try {
      this.list = (await this.#ipc.noticesList()).notices;
      this.error = null;
    } catch (err) {
      this.error = toUiError(err);
    }
  }

  /** Marks entries read (`null`: every entry). */
  async markRead(ids: number[] | null): Promise<void> {
    try {
      await this.#ipc.noticesMarkRead(ids);
      this.list = this.list.map((n) => (ids === null || ids.includes(n.id) ? { ...n, read: true } : n));
    } catch (err) {
      this.error = toUiError(err);
    }
  }

  #merge(notice: NoticeView): void {
    const at = this.list.findIndex((n) => n.id === notice.id);
    if (at >= 0) this.list[at] = notice;
    else this.list.unshift(notice);
  }
}
