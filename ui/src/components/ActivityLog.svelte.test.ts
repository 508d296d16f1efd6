import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
import ActivityLog from './ActivityLog.svelte';

describe('ActivityLog', () => {
  it('lists entries in plain words and says the log is intact', async () => {
    const ipc = createMockIpc({
      activity: {
        intact: true,
        status: 'The log is intact: 2 entries, none changed or removed.',
        entries: [
          { seq: 2, time: '2026-11-26T10:01:00Z', kind: 'link', decision: 'opened', text: 'Opened a link to example.org after confirmation.' },
          { seq: 1, time: '2026-11-26T10:00:00Z', kind: 'login', decision: 'signed_in', text: 'Signed in on this device (DEV).' },
        ],
      },
    });
    render(ActivityLog, { ipc, onClose: () => {} });
    expect(await screen.findByText('Opened a link to example.org after confirmation.')).toBeTruthy();
    const status = screen.getByRole('status');
    expect(status.dataset.intact).toBe('true');
    expect(screen.getAllByRole('listitem').map((li) => li.dataset.kind)).toEqual(['link', 'login']);
  });

  it('says loudly when the log was tampered with', async () => {
    const ipc = createMockIpc({
      activity: { intact: false, status: 'The log was tampered with: Entry 4 does not follow entry 3.', entries: [] },
    });
    render(ActivityLog, { ipc, onClose: () => {} });
    const status = await screen.findByRole('status');
    expect(status.dataset.intact).toBe('false');
    expect(status.className).toContain('alert');
  });

  it('reads in Traditional Chinese, with entries translated by kind and dates in the local format', async () => {
    setLanguage('zh-HK');
    const ipc = createMockIpc({
      activity: {
        intact: true,
        status: 'The log is intact: 2 entries, none changed or removed.',
        entries: [
          { seq: 2, time: '2026-11-26T10:01:00Z', kind: 'file', decision: 'released', text: 'Released a file after a clean antivirus scan.' },
          { seq: 1, time: '2026-11-26T10:00:00Z', kind: 'link', decision: 'opened', text: 'Opened a link to example.org after confirmation.' },
        ],
      },
    });
    render(ActivityLog, { ipc, onClose: () => {} });
    expect(await screen.findByRole('heading', { name: '活動記錄' })).toBeTruthy();
    expect(screen.getByText('防毒掃描未發現問題，已放行檔案。')).toBeTruthy();
    expect(screen.queryByText('Released a file after a clean antivirus scan.')).toBeNull();
    // Entries with details only Rust has keep its sentence.
    expect(screen.getByText('Opened a link to example.org after confirmation.')).toBeTruthy();
    const time = screen.getAllByRole('listitem')[0]!.querySelector('time')!.textContent!;
    expect(time).toBe(new Intl.DateTimeFormat('zh-HK', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date('2026-11-26T10:01:00Z')));
    expect(time).toContain('2026年11月26日');
    expect(screen.getByRole('button', { name: '返回聊天' })).toBeTruthy();
  });
});
