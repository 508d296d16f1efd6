// In-memory `Ipc` for tests and for running the UI in a plain browser.
import type { AccountInfo, EngineEvent, Ipc, LoginForm, MessageView, RoomSummary, UiError } from './types';

export interface MockCall {
  cmd: keyof Ipc;
  args: unknown[];
}

export interface MockOptions {
  account?: AccountInfo;
  /** Session found at startup (`sessionRestore` resolves to `account`). */
  restored?: boolean;
  restoreError?: UiError;
  loginError?: UiError;
  sendError?: UiError;
  rooms?: RoomSummary[];
  messages?: MessageView[];
}

export interface MockIpc extends Ipc {
  calls: MockCall[];
  /** Delivers an engine event to every subscriber, as Rust would. */
  emit(event: EngineEvent): void;
}

export const MOCK_ACCOUNT: AccountInfo = {
  user_id: '@alice:example.org',
  device_id: 'ALICEDEVICE',
  homeserver: 'https://matrix.example.org',
};

export function createMockIpc(options: MockOptions = {}): MockIpc {
  const account = options.account ?? MOCK_ACCOUNT;
  const rooms = options.rooms ?? [];
  const messages = [...(options.messages ?? [])];
  const handlers = new Set<(event: EngineEvent) => void>();
  const calls: MockCall[] = [];
  const record = (cmd: keyof Ipc, ...args: unknown[]) => calls.push({ cmd, args });

  return {
    calls,
    emit(event) {
      for (const handler of handlers) handler(event);
    },
    async uiReady() {
      record('uiReady');
    },
    async sessionRestore() {
      record('sessionRestore');
      if (options.restoreError) throw options.restoreError;
      return options.restored ? account : null;
    },
    async login(form: LoginForm) {
      record('login', { ...form, password: '(hidden)' });
      if (options.loginError) throw options.loginError;
      return account;
    },
    async rooms() {
      record('rooms');
      return rooms;
    },
    async messages(roomId) {
      record('messages', roomId);
      return messages.filter((m) => m.room_id === roomId);
    },
    async sendText(roomId, body) {
      record('sendText', roomId, body);
      if (options.sendError) throw options.sendError;
      messages.push({
        room_id: roomId,
        event_id: `$mock${messages.length}`,
        sender: account.user_id,
        sender_name: 'Alice',
        body,
        timestamp_ms: Date.now(),
        encrypted: true,
        own: true,
        utd_reason: null,
      });
    },
    async joinRoom(roomId) {
      record('joinRoom', roomId);
    },
    async logout() {
      record('logout');
    },
    async onEngineEvent(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
