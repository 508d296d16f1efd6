import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { DlpScan, MessageView } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import Composer from './Composer.svelte';
import ExternalSendDialog from './ExternalSendDialog.svelte';

function setup(onSend = vi.fn(async (_body: string) => true)) {
  const user = userEvent.setup();
  render(Composer, { roomName: 'Team', error: null, onSend });
  const input = screen.getByLabelText('Message Team') as HTMLTextAreaElement;
  return { user, input, onSend };
}

describe('Composer', () => {
  it('sends on Enter and clears the draft', async () => {
    const { user, input, onSend } = setup();
    await user.type(input, 'hello there{Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hello there', false, false);
    await waitFor(() => expect(input.value).toBe(''));
  });

  it('inserts a newline on Shift+Enter instead of sending', async () => {
    const { user, input, onSend } = setup();
    await user.type(input, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(input.value).toBe('line one\nline two');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledExactlyOnceWith('line one\nline two', false, false);
  });

  it('does not send an empty or blank message', async () => {
    const { user, input, onSend } = setup();
    await user.type(input, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps the draft when sending fails', async () => {
    const { user, input } = setup(vi.fn(async () => false));
    await user.type(input, 'keep me{Enter}');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false));
    expect(input.value).toBe('keep me');
  });

  it('shows the send error as an alert', () => {
    render(Composer, {
      roomName: 'Lobby',
      error: { code: 'unencrypted_room', message: 'This room is not end-to-end encrypted.' },
      onSend: async () => true,
    });
    expect(screen.getByRole('alert').textContent).toBe('This room is not end-to-end encrypted.');
  });
});

describe('Composer: outgoing DLP', () => {
  const card = 'my card 4111 1111 1111 1111';
  function setupDlp(mode: DlpScan['mode']) {
    const onSend = vi.fn(async (_body: string, _confirmed: boolean, _external: boolean) => true);
    const onScan = vi.fn(async (body: string): Promise<DlpScan> => {
      const start = body.indexOf('4111');
      return start < 0
        ? { mode, summary: '', findings: [] }
        : { mode, summary: 'a payment card number', findings: [{ kind: 'payment_card', label: 'a payment card number', start, end: start + 19 }] };
    });
    const user = userEvent.setup();
    render(Composer, { roomName: 'Team', error: null, onSend, onScan });
    return { user, input: screen.getByRole('textbox'), onSend, onScan };
  }

  it('warns instead of sending, highlights the finding, and sends only after "Send anyway"', async () => {
    const { user, input, onSend } = setupDlp('warn');
    await user.type(input, `${card}{Enter}`);
    const warning = await screen.findByTestId('dlp-warning');
    expect(onSend).not.toHaveBeenCalled();
    expect(warning.textContent).toContain('a payment card number');
    expect(warning.querySelector('mark')?.textContent).toBe('4111 1111 1111 1111');
    await user.click(screen.getByTestId('dlp-send-anyway'));
    expect(onSend).toHaveBeenCalledExactlyOnceWith(card, true, false);
    expect(screen.queryByTestId('dlp-warning')).toBeNull();
  });

  it('Edit sends nothing and keeps the draft', async () => {
    const { user, input, onSend } = setupDlp('warn');
    await user.type(input, `${card}{Enter}`);
    await user.click(await screen.findByTestId('dlp-edit'));
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByTestId('dlp-warning')).toBeNull();
    expect((input as HTMLTextAreaElement).value).toBe(card);
  });

  it('block mode offers no way to send', async () => {
    const { user, input, onSend } = setupDlp('block');
    await user.type(input, `${card}{Enter}`);
    await screen.findByTestId('dlp-warning');
    expect(screen.queryByTestId('dlp-send-anyway')).toBeNull();
    await user.type(input, '{Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('clean messages are sent straight away', async () => {
    const { user, input, onSend } = setupDlp('warn');
    await user.type(input, 'hello{Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hello', false, false);
  });
});

describe('Composer in Traditional Chinese (Hong Kong)', () => {
  const REPLY_TO: MessageView = {
    room_id: '!team:example.org',
    event_id: '$q',
    sender: '@bob:example.org',
    sender_name: 'Bob',
    body: 'lunch at 12?',
    segments: [],
    html: null,
    timestamp_ms: 0,
    encrypted: true,
    own: false,
    utd_reason: null,
    file: null,
    filtered: false,
  };

  it('labels the field and buttons, and places the replied-to sender where the sentence needs', () => {
    setLanguage('zh-HK');
    render(Composer, {
      props: { roomName: 'Team', error: null, onSend: vi.fn(async () => true), context: { mode: 'reply', message: REPLY_TO } },
    });
    const input = screen.getByLabelText('傳送訊息至 Team') as HTMLTextAreaElement;
    expect(input.placeholder).toBe('傳送訊息至 Team');
    expect(screen.getByRole('button', { name: '傳送' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '取消' })).toBeTruthy();
    const context = screen.getByTestId('compose-context');
    expect(context.querySelector('p')?.textContent?.trim()).toBe('正在回覆 Bob：lunch at 12?');
    expect(context.querySelector('strong')?.textContent).toBe('Bob');
    expect(screen.getByText('按 Enter 傳送 · 按 Shift+Enter 換行 · 按 Esc 取消')).toBeTruthy();
  });

  it('names the sensitive data found in Chinese, listed the Chinese way', async () => {
    setLanguage('zh-HK');
    const summary = 'a payment card number and a password';
    const onScan = vi.fn(async (): Promise<DlpScan> => ({ mode: 'warn', summary, kinds: ['payment_card', 'password'], findings: [{ kind: 'payment_card', label: 'a payment card number', start: 0, end: 4 }] }));
    render(Composer, { roomName: 'Team', error: null, onSend: vi.fn(async () => true), onScan });
    await userEvent.setup().type(screen.getByRole('textbox'), '4111{Enter}');
    const warning = await screen.findByTestId('dlp-warning');
    expect(warning.textContent).toContain('此訊息含有以下內容：信用卡或扣賬卡號碼及密碼。');
    expect(warning.textContent).not.toContain(summary);
  });

  it('asks in Traditional Chinese before sending to people outside the organisation', () => {
    setLanguage('zh-HK');
    const message = 'People from evil.example have not been confirmed yet.';
    render(ExternalSendDialog, { message, servers: ['evil.example'], busy: false, onConfirm: () => {}, onCancel: () => {} });
    expect(screen.getByRole('dialog', { name: '要傳送給你機構以外的人嗎？' })).toBeTruthy();
    // Rust's sentence is shown as received.
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByRole('list', { name: '你機構以外的伺服器' }).textContent).toContain('evil.example');
    expect(screen.getByRole('button', { name: '傳送給他們' })).toBeTruthy();
    expect(screen.getByText(/除非你選擇「傳送給他們」/)).toBeTruthy();
  });
});
