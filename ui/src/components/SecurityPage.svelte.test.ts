import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
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
});
