import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import PrivacyOverview from './PrivacyOverview.svelte';

describe('PrivacyOverview', () => {
  it('lists each kind of sharing with its state and who decided it', async () => {
    const ipc = createMockIpc({
      privacy: [
        { key: 'SendReadReceipts', label: 'Read receipts', enabled: false, state: 'Private: only your own devices know what you read', locked: false, decided_by: 'default' },
        { key: 'SharePresence', label: 'Online status', enabled: false, state: 'Always shown as offline', locked: true, decided_by: 'mandatory' },
        { key: 'AllowCalls', label: 'Voice and video calls', enabled: true, state: 'Calls are offered (never answered automatically)', locked: false, decided_by: 'recommended' },
      ],
    });
    render(PrivacyOverview, { ipc, onClose: () => {} });
    const presence = await screen.findByRole('row', { name: /Online status/ });
    expect(within(presence).getByText('Always shown as offline')).toBeTruthy();
    expect(within(presence).getByText('Set by your organisation')).toBeTruthy();
    const receipts = screen.getByRole('row', { name: /Read receipts/ });
    expect(within(receipts).getByText("Parley's safe default")).toBeTruthy();
    const calls = screen.getByRole('row', { name: /Voice and video calls/ });
    expect(within(calls).getByText('Recommended by your organisation')).toBeTruthy();
    expect(calls.dataset.enabled).toBe('true');
  });
});
