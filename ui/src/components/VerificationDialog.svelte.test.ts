import { describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import type { VerificationEvent } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import VerificationDialog from './VerificationDialog.svelte';

const BASE = { flow_id: '$flow', user_id: '@bob:example.org', incoming: true, self_verification: false };
const EMOJI = ['Dog', 'Cat', 'Lion', 'Horse', 'Unicorn', 'Pig', 'Elephant'].map((name) => ({ symbol: '🐶', name }));

function setup(flow: VerificationEvent) {
  const ipc = createMockIpc();
  let closed = 0;
  render(VerificationDialog, { ipc, flow, onClose: () => closed++ });
  return { ipc, closed: () => closed };
}

const calls = (ipc: ReturnType<typeof createMockIpc>) => ipc.calls.map((c) => [c.cmd, ...c.args]);

describe('VerificationDialog', () => {
  it('an incoming request is only accepted on Accept', async () => {
    const { ipc } = setup({ ...BASE, state: 'requested' });
    expect(screen.getByText(/wants to verify with you/)).toBeTruthy();
    expect(calls(ipc)).toEqual([]);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept' }));
    expect(calls(ipc)).toEqual([['verifyAccept', '$flow']]);
    expect(await screen.findByText(/Waiting for @bob:example.org to accept/)).toBeTruthy();
  });

  it('shows the seven emoji with names and sends the answer', async () => {
    const user = userEvent.setup();
    const { ipc } = setup({ ...BASE, state: 'emoji', emoji: EMOJI });
    const names = [...screen.getByTestId('sas-emoji').querySelectorAll('.name')].map((n) => n.textContent);
    expect(names).toEqual(EMOJI.map((e) => e.name));
    await user.click(screen.getByRole('button', { name: "They don't match" }));
    expect(calls(ipc)).toEqual([['verifyConfirm', '$flow', false]]);
    await user.click(screen.getByRole('button', { name: 'They match' }));
    expect(calls(ipc).at(-1)).toEqual(['verifyConfirm', '$flow', true]);
  });

  it('a mismatch says why, loudly', () => {
    setup({ ...BASE, state: 'cancelled', mismatch: true, reason: 'The emoji did not match, so nothing was verified.' });
    expect(screen.getByRole('alert').textContent).toContain('did not match');
    expect(screen.getByRole('alert').className).toContain('alert');
  });

  it('Cancel cancels the flow and closes', async () => {
    const { ipc, closed } = setup({ ...BASE, incoming: false, state: 'requested' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(calls(ipc)).toEqual([['verifyCancel', '$flow']]);
    expect(closed()).toBe(1);
  });

  it('asks and warns in Traditional Chinese, with the person\'s id in bold', async () => {
    setLanguage('zh-HK');
    setup({ ...BASE, state: 'requested' });
    expect(screen.getByRole('heading', { name: '驗證 @bob:example.org' })).toBeTruthy();
    const ask = screen.getByText((_, el) => el?.tagName === 'P' && el.textContent === '@bob:example.org 想透過比對表情符號與你進行驗證。');
    expect(ask.querySelector('strong')?.textContent).toBe('@bob:example.org');
    expect(screen.getByRole('button', { name: '接受' })).toBeTruthy();
    cleanup();
    setup({ ...BASE, self_verification: true, state: 'cancelled', reason: 'The emoji did not match, so nothing was verified.', mismatch: true });
    expect(screen.getByRole('heading', { name: '驗證你的另一部裝置' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('表情符號不相符，因此沒有驗證任何裝置。');
    cleanup();
    // Other endings are worded by their code; a code this build does not know keeps Rust's sentence.
    setup({ ...BASE, state: 'cancelled', code: 'cancelled_by_them', reason: 'The other side cancelled the verification.', mismatch: false });
    expect(screen.getByRole('alert').textContent?.trim()).toBe('對方已取消驗證。');
    cleanup();
    setup({ ...BASE, state: 'cancelled', code: 'from_the_future', reason: 'Something new ended it.', mismatch: false });
    expect(screen.getByRole('alert').textContent?.trim()).toBe('Something new ended it.');
  });
});
