import { describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import type { FileOffer, FileOutcome } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import FileOfferCard from './FileOfferCard.svelte';

const ROOM = '!dm:example.org';

const OFFER: FileOffer = {
  kind: 'file',
  name: `invoice${String.fromCharCode(0x202e)}fdp.exe`,
  safe_name: 'invoicefdp.exe',
  name_flags: ['invisible_characters'],
  mime: 'application/pdf',
  size: 2048,
  encrypted: true,
};

function outcome(overrides: Partial<FileOutcome>): FileOutcome {
  return {
    event_id: '$f',
    sender: '@bob:example.org',
    sender_verified: false,
    state: 'released',
    verdict: 'allow',
    safe_name: 'report.pdf',
    detected_type: { mime: 'application/pdf', extension: 'pdf', executable: false },
    reasons: [],
    scan: { scanner: 'unix:/run/clamd.sock', result: 'clean' },
    path: '/home/alice/Downloads/report.pdf',
    sha256: '00',
    warnings: [],
    message: 'Saved report.pdf after a clean antivirus scan.',
    ...overrides,
  };
}

function setup(result: FileOutcome, own = false) {
  const ipc = createMockIpc({ files: { $f: result } });
  render(FileOfferCard, { ipc, roomId: ROOM, eventId: '$f', senderName: 'Bob', own, offer: OFFER });
  return ipc;
}

const calls = (ipc: ReturnType<typeof createMockIpc>, cmd: string) => ipc.calls.filter((c) => c.cmd === cmd);

describe('FileOfferCard', () => {
  it('is an offer: nothing is fetched until Accept, and deceptive names are shown as such', async () => {
    const ipc = setup(outcome({}));
    expect(screen.getByText('invoicefdp.exe')).toBeTruthy();
    expect(screen.getByText(/invisible or reversing characters/)).toBeTruthy();
    expect(screen.getByText(/Nothing has been downloaded/)).toBeTruthy();
    expect(calls(ipc, 'fileAccept')).toHaveLength(0);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept and check' }));

    expect(calls(ipc, 'fileAccept')).toEqual([{ cmd: 'fileAccept', args: [ROOM, '$f'] }]);
    expect(await screen.findByText('Saved report.pdf after a clean antivirus scan.')).toBeTruthy();
  });

  it('asks whether the sender really sent it before opening, naming their verification state', async () => {
    const user = userEvent.setup();
    const ipc = setup(outcome({ warnings: ['Not scanned: no antivirus scanner is set up. Be careful opening it.'] }));
    await user.click(screen.getByRole('button', { name: 'Accept and check' }));
    expect(await screen.findByTestId('file-warning')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Open…' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Did Bob really send you this?');
    expect(screen.getByText(/identity is not verified/)).toBeTruthy();
    expect(calls(ipc, 'fileOpen')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(calls(ipc, 'fileOpen')).toEqual([{ cmd: 'fileOpen', args: [ROOM, '$f'] }]);
  });

  it('a file kept in quarantine says why and offers no way to open it', async () => {
    setup(
      outcome({
        state: 'quarantined',
        path: null,
        scan: { scanner: 'unix:/run/clamd.sock', result: 'infected', signature: 'Eicar-Signature' },
        message: 'The antivirus found Eicar-Signature in this file, so it stays in quarantine.',
      }),
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept and check' }));
    expect((await screen.findByTestId('file-kept')).textContent).toContain('Eicar-Signature');
    expect(screen.queryByRole('button', { name: /Open/ })).toBeNull();
  });

  it('own files offer nothing to accept', () => {
    setup(outcome({}), true);
    expect(screen.queryByRole('button', { name: 'Accept and check' })).toBeNull();
  });
});

describe('FileOfferCard sizes and languages', () => {
  const show = (size: number | null) => {
    const ipc = createMockIpc({ files: { $f: outcome({}) } });
    render(FileOfferCard, { ipc, roomId: ROOM, eventId: '$f', senderName: 'Bob', own: false, offer: { ...OFFER, size } });
    return document.querySelector('.facts')?.textContent;
  };

  it('gives the size in bytes (singular and plural), KB or MB', () => {
    expect(show(1)).toBe('application/pdf · 1 byte · encrypted');
    cleanup();
    expect(show(1000)).toBe('application/pdf · 1,000 bytes · encrypted');
    cleanup();
    expect(show(5_452_595)).toBe('application/pdf · 5.2 MB · encrypted');
    cleanup();
    expect(show(null)).toBe('application/pdf · size not given · encrypted');
  });

  it('speaks Traditional Chinese (Hong Kong), with sizes in its number format', async () => {
    setLanguage('zh-HK');
    const user = userEvent.setup();
    expect(show(1_048_064)).toBe('application/pdf · 1,023.5 KB · 已加密');
    expect(screen.getByLabelText('來自 Bob 的檔案')).toBeTruthy();
    expect(screen.getByText('檔案名稱含有隱形或反轉文字方向的字元。')).toBeTruthy();
    expect(screen.getByText('傳送時的名稱：', { exact: false })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '接受並檢查' }));
    await user.click(await screen.findByRole('button', { name: '開啟…' }));
    const ask = screen.getByRole('alertdialog');
    expect(ask.textContent).toContain('Bob 真的傳送了這個檔案給你嗎？');
    expect(ask.textContent).toContain('Bob 的身份未經驗證：可能有其他人正在使用其帳戶。');
    expect(within(ask).getByRole('button', { name: '取消' })).toBeTruthy();
  });
});
