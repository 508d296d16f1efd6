import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc } from '../lib/ipc/mock';

async function openSettings() {
  const user = userEvent.setup();
  const ipc = createMockIpc({ restored: true });
  render(App, { ipc });
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  return user;
}

describe('SettingsPage', () => {
  it('offers the system language and each language in its own name, the system choice selected', async () => {
    await openSettings();
    const group = screen.getByRole('group', { name: 'Language' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.closest('label')?.textContent?.trim())).toEqual([
      'Same as the system (English)',
      'English',
      '繁體中文（香港）',
    ]);
    expect((radios[0] as HTMLInputElement).checked).toBe(true);
  });

  it('switches the whole app to Traditional Chinese at once, and back', async () => {
    const user = await openSettings();
    await user.click(screen.getByRole('radio', { name: '繁體中文（香港）' }));
    expect(screen.getByRole('heading', { name: '設定' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '登出' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '返回聊天' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-HK');
    expect(localStorage.getItem('parley.language')).toBe('zh-HK');

    await user.click(screen.getByRole('radio', { name: /^與系統相同/ }));
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(localStorage.getItem('parley.language')).toBeNull();
  });
});

describe('Your profile', () => {
  it('shows the display name, saves a new one, and removes it when emptied', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ restored: true, displayName: 'Alice' });
    render(App, { ipc });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const input = screen.getByLabelText('Display name') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('Alice'));
    expect(screen.getByText(/Your user ID, @alice:example.org, is what identifies you/)).toBeTruthy();
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await user.clear(input);
    await user.type(input, 'Alice Chan');
    await user.click(save);
    expect(await screen.findByText('Your display name is saved.')).toBeTruthy();
    expect(ipc.calls.find((c) => c.cmd === 'setDisplayName')?.args).toEqual(['Alice Chan']);
    await user.clear(input);
    await user.click(save);
    expect(await screen.findByText('Your display name is removed; people see your user ID.')).toBeTruthy();
  });

  it("shows the engine's refusal in one sentence and keeps what was typed", async () => {
    const user = userEvent.setup();
    const refusal = {
      code: 'hidden_characters',
      message: 'The display name contains hidden or direction-changing characters; remove them and try again.',
      args: { what: 'display_name' },
    };
    render(App, { ipc: createMockIpc({ restored: true, roomError: refusal }) });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.type(screen.getByLabelText('Display name'), 'Eve\u202E');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal.message);
    expect((screen.getByLabelText('Display name') as HTMLInputElement).value).toBe('Eve\u202E');
  });
});
