import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { DlpScan } from '../lib/ipc/types';
import Composer from './Composer.svelte';

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
