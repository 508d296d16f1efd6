/**
 * Sentences Rust composes, in the UI's language: errors by `code` (catalogue `errors.ftl`,
 * `error-CODE`) and kinds of sensitive data by id (`dlp-kind-ID`).
 *
 * Rust's English sentence stays the authority: a translation is shown only when the English
 * catalogue, filled in with the same values, says exactly what Rust said. An error the
 * catalogue does not know, or whose English has changed since, is shown as Rust wrote it.
 */
import type { FluentVariable } from '@fluent/bundle';
import type { UiError } from '../ipc/types';
import { currentLocale, translate, type Locale, type MessageArgs } from './index.svelte';

/** The errors the catalogues word (each id named here, as the catalogue tests require). */
const ERROR_IDS = new Set([
  'error-invalid_room', 'error-invalid_message', 'error-empty_message', 'error-message_too_long',
  'error-invalid_reaction', 'error-reason_too_long', 'error-invalid_report_reason', 'error-invalid_file_offer',
  'error-invalid_link', 'error-invalid_user', 'error-room_text_too_long', 'error-too_many_invites',
  'error-invalid_verification', 'error-too_many_notices', 'error-login_incomplete', 'error-homeserver_missing',
  'error-invalid_identity_provider', 'error-recovery_key_missing', 'error-not_logged_in', 'error-updates_off',
  'error-ipc', 'error-keyring_unavailable', 'error-store_key_missing', 'error-passphrase_required',
  'error-store_locked', 'error-profile_in_use', 'error-wrong_credentials', 'error-homeserver_unreachable', 'error-not_matrix',
  'error-invalid_homeserver', 'error-invalid_id', 'error-signed_out', 'error-already_logged_in', 'error-profile',
  'error-unknown_room', 'error-unencrypted_room', 'error-dlp_blocked', 'error-dlp_confirmation_needed',
  'error-identity_changed', 'error-unknown_identity', 'error-server', 'error-send_failed', 'error-unknown_message',
  'error-not_editable', 'error-unknown_unsent', 'error-unsent', 'error-timeout', 'error-unknown_link',
  'error-link_blocked', 'error-link_not_acknowledged', 'error-not_a_file', 'error-unknown_file',
  'error-file_too_large', 'error-no_download_folder', 'error-file_quarantined', 'error-file_unreadable',
  'error-unknown_verification', 'error-verification_not_ready', 'error-wrong_recovery_key', 'error-empty_input',
  'error-notification_floor', 'error-external_confirmation_needed', 'error-not_invited',
  'error-cannot_ignore_self', 'error-hidden_characters', 'error-too_long', 'error-homeserver_not_allowed',
  'error-login_method_unavailable', 'error-sign_in_timed_out', 'error-sign_in_cancelled', 'error-sign_in_failed',
  'error-internal', 'error-matrix_link_invalid', 'error-not_in_room', 'error-no_conversation',
]);

/** Built-in kinds of sensitive data, by id (`parley_guard::dlp::Kind::id`). */
const DLP_KIND_IDS: Record<string, string> = {
  payment_card: 'dlp-kind-payment_card',
  iban: 'dlp-kind-iban',
  hkid: 'dlp-kind-hkid',
  cn_resident_id: 'dlp-kind-cn_resident_id',
  sg_nric: 'dlp-kind-sg_nric',
  private_key: 'dlp-kind-private_key',
  aws_access_key: 'dlp-kind-aws_access_key',
  github_token: 'dlp-kind-github_token',
  slack_token: 'dlp-kind-slack_token',
  google_api_key: 'dlp-kind-google_api_key',
  jwt: 'dlp-kind-jwt',
  url_credentials: 'dlp-kind-url_credentials',
  password: 'dlp-kind-password',
};

/** Joins items as a list in `locale` ("a, b and c"; English as Rust writes it, without a serial comma). */
export function listText(locale: Locale, items: string[]): string {
  const format = new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { type: 'conjunction' });
  return format.format(items);
}

/** One kind of sensitive data in `locale` ("a payment card number"), or null for a kind Parley does not know. */
function dlpKindIn(locale: Locale, id: string): string | null {
  if (id.startsWith('custom:')) return translate(locale, 'dlp-kind-custom', { name: id.slice('custom:'.length) });
  const message = DLP_KIND_IDS[id];
  return message ? translate(locale, message) : null;
}

/** The kinds of sensitive data as one phrase in `locale`, or null when one of them is unknown. */
function dlpKindsIn(locale: Locale, ids: string[]): string | null {
  const labels = ids.map((id) => dlpKindIn(locale, id));
  return labels.every((l): l is string => l !== null) ? listText(locale, labels) : null;
}

/**
 * The kinds a DLP scan found, as one phrase in the current language; `fallback` (Rust's
 * English phrase) when the kinds are not given or one is unknown.
 */
export function dlpSummary(kinds: string[] | undefined, fallback: string): string {
  if (!kinds?.length) return fallback;
  const locale = currentLocale();
  // English only where Parley's words say what Rust said (an unknown or renamed kind keeps Rust's).
  if (dlpKindsIn('en', kinds) !== fallback) return fallback;
  return dlpKindsIn(locale, kinds) ?? fallback;
}

/** An error's values as message arguments in `locale` (lists joined; DLP kinds named). */
function errorArgs(locale: Locale, args: UiError['args']): MessageArgs | null {
  const out: MessageArgs = {};
  for (const [name, value] of Object.entries(args ?? {})) {
    let arg: FluentVariable | null;
    if (Array.isArray(value)) arg = name === 'kinds' ? dlpKindsIn(locale, value) : listText(locale, value);
    else arg = value;
    if (arg === null) return null;
    out[name] = arg;
  }
  return out;
}

function errorIn(locale: Locale, error: UiError): string | null {
  const id = `error-${error.code}`;
  if (!ERROR_IDS.has(id)) return null;
  const args = errorArgs(locale, error.args);
  return args && translate(locale, id, args);
}

/** What to show for `error`: its sentence in the current language, or Rust's own sentence. */
export function errorText(error: UiError): string {
  const locale = currentLocale();
  if (locale === 'en' || errorIn('en', error) !== error.message) return error.message;
  return errorIn(locale, error) ?? error.message;
}
