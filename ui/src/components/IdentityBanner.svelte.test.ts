import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import { setLanguage } from '../lib/i18n/index.svelte';
import IdentityBanner from './IdentityBanner.svelte';

const ROOM = '!dm:example.org';
const BOB = '@bob:example.org';

describe('IdentityBanner', () => {
  it('shows nothing when no identity changed', async () => {
    const ipc = createMockIpc();
    render(IdentityBanner, { ipc, roomId: ROOM });
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === 'identityWarnings')).toBe(true));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a changed identity and accepting it clears the banner', async () => {
    const user = userEvent.setup();
    const ipc = createMockIpc({ identityWarnings: { [ROOM]: [{ user_id: BOB, verification_violation: false }] } });
    render(IdentityBanner, { ipc, roomId: ROOM });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`The identity of ${BOB} changed.`);
    await user.click(screen.getByRole('button', { name: 'Accept new identity' }));
    expect(ipc.calls).toContainEqual({ cmd: 'acknowledgeIdentity', args: [BOB] });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('appears when an identity_changed event names the room', async () => {
    const warnings = { [ROOM]: [] as { user_id: string; verification_violation: boolean }[] };
    const ipc = createMockIpc({ identityWarnings: warnings });
    render(IdentityBanner, { ipc, roomId: ROOM });
    await waitFor(() => expect(ipc.calls.filter((c) => c.cmd === 'identityWarnings')).toHaveLength(1));
    // The mock copies the map; change what it serves by acknowledging nothing and re-seeding.
    const seeded = createMockIpc({ identityWarnings: { [ROOM]: [{ user_id: BOB, verification_violation: true }] } });
    ipc.identityWarnings = seeded.identityWarnings;
    ipc.emit({ kind: 'identity_changed', user_id: BOB, room_ids: [ROOM], verification_violation: true, master_key: 'k' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`The verified identity of ${BOB} changed.`);
  });
});

describe('IdentityBanner in Traditional Chinese (Hong Kong)', () => {
  it('says what changed and what to do, the member’s id in its own element', async () => {
    setLanguage('zh-HK');
    const ipc = createMockIpc({ identityWarnings: { [ROOM]: [{ user_id: BOB, verification_violation: true }] } });
    render(IdentityBanner, { ipc, roomId: ROOM });
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('p')?.textContent?.trim()).toBe(
      `${BOB} 已驗證的身份已經改變。請先與對方核實，然後接受新身份。在此之前，向此聊天室傳送訊息會被暫停。`,
    );
    expect(alert.querySelector('strong')?.textContent).toBe(BOB);
    expect(screen.getByRole('button', { name: '接受新身份' })).toBeTruthy();
  });
});
