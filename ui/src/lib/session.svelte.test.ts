// Sentences the session holds are kept as ids and names, so they follow a change of language
// while they are on screen.
import { describe, expect, it } from 'vitest';
import { createMockIpc } from './ipc/mock';
import { setLanguage } from './i18n/index.svelte';
import { Session } from './session.svelte';

async function signedIn() {
  const ipc = createMockIpc({ restored: true });
  const session = new Session(ipc);
  await session.start();
  return { ipc, session };
}

describe('Session texts', () => {
  it('says why the homeserver ended the session in the language in use, also after a change', async () => {
    const { ipc, session } = await signedIn();
    ipc.emit({ kind: 'signed_out', soft_logout: false });
    await expect.poll(() => session.phase).toBe('signed-out');
    expect(session.loginError).toEqual({ code: 'signed_out', message: 'You were signed out by your organisation. Sign in again to continue.' });
    setLanguage('zh-HK');
    expect(session.loginError?.message).toBe('你的機構已將你登出。請重新登入以繼續。');
    // A new attempt's outcome replaces it.
    session.loginError = { code: 'wrong_credentials', message: 'The user name or password is wrong.' };
    expect(session.loginError.code).toBe('wrong_credentials');
  });

  it('says who was ignored in the language in use', async () => {
    const { session } = await signedIn();
    await session.selectRoom(session.rooms[0]?.room_id ?? '!r:x');
    await session.ignore('@bob:example.org');
    expect(session.moderationStatus).toBe('You will no longer see anything from @bob:example.org.');
    setLanguage('zh-HK');
    expect(session.moderationStatus).toBe('你將不會再看到 @bob:example.org 的任何內容。');
  });
});
