import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
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
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hello there');
    await waitFor(() => expect(input.value).toBe(''));
  });

  it('inserts a newline on Shift+Enter instead of sending', async () => {
    const { user, input, onSend } = setup();
    await user.type(input, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(input.value).toBe('line one\nline two');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledExactlyOnceWith('line one\nline two');
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
