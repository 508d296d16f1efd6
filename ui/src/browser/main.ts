// The browser suite's entry (tests/browser/screens.mjs): the real app and its real IPC module
// (`createTauriIpc`), with Tauri itself replaced by `@tauri-apps/api/mocks`. Each command is
// answered by the in-memory mock of the component tests, so both suites share one set of
// behaviours; `?scenario=signed-out` starts at the login screen.
import { mount } from 'svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import '../app.css';
import App from '../App.svelte';
import { createTauriIpc } from '../lib/ipc';
import { createMockIpc, type MockIpc } from '../lib/ipc/mock';
import type { LoginForm } from '../lib/ipc/types';
import { SIGNED_IN } from './fixtures';

const scenario = new URLSearchParams(location.search).get('scenario') ?? 'signed-in';
const mock = createMockIpc(scenario === 'signed-out' ? {} : SIGNED_IN);

/** Commands whose method in `Ipc` is not the command's name in camelCase. */
const renamed: Record<string, keyof MockIpc> = {
  message_reply: 'reply',
  message_edit: 'edit',
  message_react: 'react',
  message_redact: 'redact',
};

mockIPC(
  (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    if (cmd === 'login') return mock.login(a as unknown as LoginForm);
    if (cmd === 'login_browser') {
      return mock.loginBrowser({ homeserver: a.homeserver as string, method: a.method as 'sso' | 'oauth', identityProvider: a.identityProvider as string | null });
    }
    const name = renamed[cmd] ?? cmd.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const method = mock[name as keyof MockIpc];
    if (typeof method !== 'function') {
      throw { code: 'unknown_command', message: `The browser suite has no answer for ${cmd}.` };
    }
    return (method as (...values: unknown[]) => unknown)(...Object.values(a));
  },
  { shouldMockEvents: true },
);

// The suite delivers engine events (a verification request, …) as Rust would.
(window as unknown as { parleyEmit: typeof emit }).parleyEmit = emit;

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from browser.html');
mount(App, { target, props: { ipc: createTauriIpc() } });
