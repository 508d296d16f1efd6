import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import AboutPage from './AboutPage.svelte';

const state = () => screen.getByTestId('update-state');

describe('AboutPage', () => {
  it('shows the version and an update on offer, and installs it when asked', async () => {
    const ipc = createMockIpc({ update: { state: 'available', version: '0.2.0' } });
    render(AboutPage, { ipc, onClose: () => {} });
    expect((await screen.findByTestId('version')).textContent).toBe('0.1.0');
    expect(state().textContent).toContain('Parley 0.2.0 is available');
    await fireEvent.click(screen.getByRole('button', { name: 'Install Parley 0.2.0' }));
    await waitFor(() => expect(state().dataset.state).toBe('installed'));
    expect(state().textContent).toContain('Restart Parley to use it');
    expect(ipc.calls.map((c) => c.cmd)).toContain('updateInstall');
    expect(screen.queryByRole('button', { name: /Install/ })).toBeNull();
  });

  it('follows the background check as Rust publishes it', async () => {
    const ipc = createMockIpc();
    render(AboutPage, { ipc, onClose: () => {} });
    await waitFor(() => expect(state().dataset.state).toBe('not_checked'));
    ipc.emitUpdate({ state: 'checking' });
    await waitFor(() => expect(state().textContent).toContain('Looking for updates'));
    expect(screen.queryByRole('button', { name: 'Check for updates' })).toBeNull();
    ipc.emitUpdate({ state: 'up_to_date' });
    await waitFor(() => expect(state().textContent).toContain('up to date'));
  });

  it('says plainly when an update was refused, and offers to look again', async () => {
    const message = 'The update to Parley 0.2.0 was refused: it is not signed by Parley\'s release key for that version. Nothing was installed.';
    const ipc = createMockIpc({ updateCheck: { state: 'failed', message } });
    render(AboutPage, { ipc, onClose: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    await waitFor(() => expect(state().textContent?.trim()).toBe(message));
    expect(state().classList.contains('alert')).toBe(true);
  });

  it('shows why updates are off and offers no button', async () => {
    const ipc = createMockIpc({ update: { state: 'off' } });
    render(AboutPage, { ipc, onClose: () => {} });
    await waitFor(() => expect(state().textContent).toContain('Your organisation turned updates off'));
    expect(screen.queryByRole('button', { name: /update/i })).toBeNull();
  });

  it('shows the error sentence when the check is refused', async () => {
    const ipc = createMockIpc({ updateCheck: { code: 'updates_off', message: "Your organisation turned Parley's updates off." } });
    render(AboutPage, { ipc, onClose: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect((await screen.findByRole('alert')).textContent).toBe("Your organisation turned Parley's updates off.");
  });
});
