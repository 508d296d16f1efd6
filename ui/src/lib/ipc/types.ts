// Types that cross the Tauri bridge. They mirror `parley-core`'s serde output and
// `src-tauri/src/error.rs`; keep them in step with the Rust side.

/** Who is signed in. Never carries a token. */
export interface AccountInfo {
  user_id: string;
  device_id: string;
  homeserver: string;
}

export interface RoomSummary {
  room_id: string;
  name: string;
  encrypted: boolean;
  is_dm: boolean;
  invited: boolean;
}

export interface MessageView {
  room_id: string;
  event_id: string | null;
  sender: string;
  sender_name: string;
  /** Plain text. Render as text, never as HTML. */
  body: string;
  timestamp_ms: number;
  encrypted: boolean;
  own: boolean;
  /** Why the message could not be decrypted, in plain words; null when it could. */
  utd_reason: string | null;
}

export type EngineEvent =
  /** A message arrived, or an earlier one became readable (same `event_id`). */
  | ({ kind: 'message' } & MessageView)
  /** A message arrived that cannot be decrypted yet (`utd_reason` says why). */
  | ({ kind: 'undecryptable' } & MessageView)
  | { kind: 'invite'; room_id: string; inviter: string | null; room_name: string }
  | { kind: 'rooms_changed' }
  /** `idle`, `running`, `offline`, `error` or `terminated`. */
  | { kind: 'sync_state'; state: string };

/** The one error shape Rust sends: branch on `code`, show `message`. */
export interface UiError {
  code: string;
  message: string;
}

export interface LoginForm {
  homeserver: string;
  user: string;
  password: string;
}

/** Everything the UI may ask of Rust. The only implementation that talks to Tauri is in `./index.ts`. */
export interface Ipc {
  uiReady(): Promise<void>;
  sessionRestore(): Promise<AccountInfo | null>;
  login(form: LoginForm): Promise<AccountInfo>;
  rooms(): Promise<RoomSummary[]>;
  messages(roomId: string): Promise<MessageView[]>;
  sendText(roomId: string, body: string): Promise<void>;
  joinRoom(roomId: string): Promise<void>;
  logout(): Promise<void>;
  /** Subscribes to engine events; resolves to an unsubscribe function. */
  onEngineEvent(handler: (event: EngineEvent) => void): Promise<() => void>;
}

export function isUiError(value: unknown): value is UiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UiError).code === 'string' &&
    typeof (value as UiError).message === 'string'
  );
}

/** Turns whatever a command rejected with into a `UiError`. */
export function toUiError(value: unknown): UiError {
  if (isUiError(value)) return { code: value.code, message: value.message };
  return { code: 'ipc', message: 'Parley could not complete that request.' };
}
