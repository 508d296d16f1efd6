import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
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

  it('names each setting and its state in Traditional Chinese by its policy key, and keeps Rust\'s words for an unknown key', async () => {
    setLanguage('zh-HK');
    const ipc = createMockIpc({
      privacy: [
        { key: 'SharePresence', label: 'Online status', enabled: false, state: 'Always shown as offline', locked: true, decided_by: 'mandatory' },
        { key: 'AllowCalls', label: 'Voice and video calls', enabled: true, state: 'Calls are offered (never answered automatically)', locked: false, decided_by: 'recommended' },
        { key: 'FutureKey', label: 'Something new', enabled: false, state: 'Off for now', locked: false, decided_by: 'default' },
      ],
    });
    render(PrivacyOverview, { ipc, onClose: () => {} });
    expect(await screen.findByRole('heading', { name: '私隱及安全' })).toBeTruthy();
    const presence = screen.getByRole('row', { name: /上線狀態/ });
    expect(within(presence).getByText('一律顯示為離線')).toBeTruthy();
    expect(within(presence).getByText('由你的機構設定')).toBeTruthy();
    const calls = screen.getByRole('row', { name: /語音及視像通話/ });
    expect(within(calls).getByText('會提供通話（從不自動接聽）')).toBeTruthy();
    expect(within(calls).getByText('你的機構建議')).toBeTruthy();
    const unknown = screen.getByRole('row', { name: /Something new/ });
    expect(within(unknown).getByText('Off for now')).toBeTruthy();
    expect(within(unknown).getByText('Parley 的安全預設')).toBeTruthy();
  });
});
