// An entry's line is built in the UI from its kind and names, so it follows the language;
// in English it is exactly the sentence Rust writes (`parley_core::notify::popup`).
import { describe, expect, it } from 'vitest';
import type { NoticeView } from './ipc/types';
import { setLanguage } from './i18n/index.svelte';
import { noticeText } from './notices.svelte';

const entry = (over: Partial<NoticeView>): NoticeView => ({
  id: 1, kind: 'message', room_id: '!r:x', event_id: '$e', sender: '@bob:x', sender_name: 'Bob', room_name: 'Project X',
  detail: null, at_ms: 0, read: false, text: 'Rust text', ...over,
});

describe('noticeText', () => {
  it('says in English what Rust says, for each kind', () => {
    expect(noticeText(entry({}))).toBe('New message from Bob in Project X');
    expect(noticeText(entry({ kind: 'reaction', room_name: null, room_id: null }))).toBe('Bob reacted to your message');
    expect(noticeText(entry({ kind: 'call', sender_name: '' }))).toBe('Missed call from @bob:x in Project X');
    expect(noticeText(entry({ kind: 'mention', sender_name: null, sender: null }))).toBe('Someone mentioned you in Project X');
    expect(noticeText(entry({ kind: 'invite', detail: 'from_unknown' }))).toBe("Bob (someone you don't know) invited you to Project X");
    expect(noticeText(entry({ kind: 'new_sign_in', detail: 'NEWDEV', room_id: null }))).toBe('New sign-in to your account (NEWDEV)');
    expect(noticeText(entry({ kind: 'identity_change' }))).toBe("Bob's identity changed");
    expect(noticeText(entry({ kind: 'membership', detail: 'banned' }))).toBe('Bob was banned in Project X');
    expect(noticeText(entry({ kind: 'membership', detail: 'knocked' }))).toBe('Bob changed membership in Project X');
    expect(noticeText(entry({ kind: 'file_checked', detail: 'quarantined' }))).toBe('A file you accepted was kept in quarantine');
    expect(noticeText(entry({ kind: 'send_failed', sender: null, sender_name: null }))).toBe('A message could not be sent in Project X');
  });

  it('keeps Rust\'s line for a kind the UI does not know', () => {
    expect(noticeText(entry({ kind: 'something_new' as NoticeView['kind'] }))).toBe('Rust text');
  });

  it('follows the language, with the names unchanged', () => {
    setLanguage('zh-HK');
    expect(noticeText(entry({ kind: 'membership', detail: 'joined' }))).toBe('Bob 已加入 Project X');
    expect(noticeText(entry({ kind: 'identity_change' }))).toBe('Bob 的身分已變更');
    expect(noticeText(entry({ kind: 'new_sign_in', detail: 'NEWDEV' }))).toBe('你的帳戶有新的登入（NEWDEV）');
  });
});
