import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import type { FileOffer, FileOutcome } from '../lib/ipc/types';
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
