import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
import SecurityPage from './SecurityPage.svelte';

function setup() {
  const ipc = createMockIpc({ recoveryKey: 'EsTc abcd efgh' });
  render(SecurityPage, { ipc, onClose: () => {} });
  return ipc;
}

describe('SecurityPage', () => {
  it('lists devices with their verification state', async () => {
    setup();
    const row = (await screen.findByTestId('devices')).querySelector('tbody tr') as HTMLElement;
    expect(row.dataset.verified).toBe('false');
    expect(row.textContent).toContain('Not verified');
  });

  it('shows the recovery key once, and lets go of it only after the person stored it', async () => {
    const user = userEvent.setup();
    setup();
    await user.click(screen.getByRole('button', { name: 'Set up recovery' }));
    expect((await screen.findByTestId('recovery-key')).textContent).toBe('EsTc abcd efgh');
    const done = screen.getByRole('button', { name: 'Done' }) as HTMLButtonElement;
    expect(done.disabled).toBe(true);
    await user.click(screen.getByRole('checkbox'));
    await user.click(done);
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    expect(document.body.textContent).not.toContain('EsTc abcd efgh');
  });

  it('a wrong recovery key is one sentence; the right one restores', async () => {
    const user = userEvent.setup();
    const ipc = setup();
    await user.type(screen.getByLabelText('Recovery key'), 'EsTc wrong');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not right for this account');
    await user.clear(screen.getByLabelText('Recovery key'));
    await user.type(screen.getByLabelText('Recovery key'), 'EsTc abcd efgh');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByTestId('restored')).toBeTruthy();
    expect(ipc.calls.filter((c) => c.cmd === 'recoveryRestore')).toHaveLength(2);
  });

  it('reads in Traditional Chinese, with last-seen dates in the local format', async () => {
    setLanguage('zh-HK');
    const ipc = createMockIpc({
      recoveryKey: 'EsTc abcd efgh',
      devices: [
        { user_id: '@a:x', device_id: 'ABCDEFGH', display_name: 'Laptop', verified: true, cross_signed_by_owner: true, identity_verified: true, this_device: true, last_seen_ms: Date.UTC(2026, 11, 7, 9, 0) },
      ],
    });
    render(SecurityPage, { ipc, onClose: () => {} });
    const row = (await screen.findByTestId('devices')).querySelector('tbody tr') as HTMLElement;
    expect(row.textContent).toContain('（ABCDEFGH，此裝置）');
    expect(row.textContent).toContain('已驗證');
    const expected = new Intl.DateTimeFormat('zh-HK', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.UTC(2026, 11, 7, 9, 0));
    expect(row.textContent).toContain(expected);
    expect(expected).toContain('2026年12月7日');
    expect(screen.getByRole('heading', { name: '你的裝置' })).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: '設定復原' }));
    expect(await screen.findByRole('region', { name: '你的復原密鑰' })).toBeTruthy();
    expect(screen.getByText('密鑰只會在此刻顯示一次；Parley 不會保留副本。')).toBeTruthy();
    expect(screen.getByRole('button', { name: '完成' })).toHaveProperty('disabled', true);
  });
});
