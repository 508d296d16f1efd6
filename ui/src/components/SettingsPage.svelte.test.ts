import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
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
