// The notification centre as the UI holds it: every entry the notifier recorded, kept in
// step with Rust's live "notice" events. The list is the record; nothing here drops entries.
import type { Ipc, NoticeKind, NoticeView, UiError } from './ipc/types';
import { toUiError } from './ipc/types';
import { t } from './i18n/index.svelte';

/** Filters offered by the centre (`label`: a message id). */
export const NOTICE_FILTERS: Record<string, { label: string; kinds: NoticeKind[] | null }> = {
  all: { label: 'notices-filter-all', kinds: null },
  messages: { label: 'notices-filter-messages', kinds: ['message', 'mention', 'reply', 'reaction'] },
  personal: { label: 'notices-filter-personal', kinds: ['mention', 'reply', 'reaction'] },
  files: { label: 'notices-filter-files', kinds: ['file_offer', 'file_checked'] },
  security: {
    label: 'notices-filter-security',
    kinds: ['verification_request', 'new_sign_in', 'identity_change', 'encryption_change', 'policy_change', 'membership'],
  },
  calls: { label: 'notices-filter-calls', kinds: ['call', 'invite'] },
  problems: { label: 'notices-filter-problems', kinds: ['send_failed'] },
};

/**
 * An entry's line in the current language, from its kind and names — the same sentence Rust
 * writes in English (`notify::popup`, names only, never message text). A kind this UI does
 * not know keeps Rust's English line.
 */
export function noticeText(n: NoticeView): string {
  // Rust stores names already cleaned (`popup::plain`: no markup, control or invisible characters).
  const who = n.sender_name?.trim() || n.sender?.trim() || t('notices-someone');
  const room = (n.room_name ?? n.room_id ?? '').trim();
  const args = { who, room, place: room ? 'room' : 'none' };
  switch (n.kind) {
    case 'message':
      return t('notices-message', args);
    case 'mention':
      return t('notices-mention', args);
    case 'reply':
      return t('notices-reply', args);
    case 'reaction':
      return t('notices-reaction', args);
    case 'invite':
      return n.detail === 'from_unknown' ? t('notices-invite-unknown', { who, room }) : t('notices-invite', { who, room });
    case 'file_offer':
      return t('notices-file-offer', args);
    case 'call':
      return t('notices-call', args);
    case 'verification_request':
      return t('notices-verification-request', { who });
    case 'new_sign_in':
      return t('notices-new-sign-in', { device: n.detail ?? '' });
    case 'identity_change':
      return t('notices-identity-change', { who });
    case 'membership':
      return t('notices-membership', { ...args, change: n.detail ?? '' });
    case 'encryption_change':
      return t('notices-encryption-change', args);
    case 'policy_change':
      return t('notices-policy-change');
    case 'file_checked':
      return n.detail === 'released' ? t('notices-file-released') : t('notices-file-quarantined');
    case 'send_failed':
      return t('notices-send-failed', args);
    default:
      return n.text;
  }
}

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
