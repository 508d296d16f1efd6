// Why a link is treated with care, in the language in use. Rust's link guard gives each
// reason a stable code, an English sentence and the details it names (sites, a scheme, a
// port); links.ftl words each code in every language.
import type { LinkReason } from '../ipc/types';
import { currentLocale, t } from './index.svelte';

/** The catalogue message for each reason code (a Rust test keeps this list complete). */
export const LINK_REASON_IDS: Record<string, string> = {
  scheme_blocked: 'link-reason-scheme_blocked',
  unparseable: 'link-reason-unparseable',
  too_long: 'link-reason-too_long',
  invisible_characters: 'link-reason-invisible_characters',
  control_characters: 'link-reason-control_characters',
  lookalike_slash: 'link-reason-lookalike_slash',
  credentials: 'link-reason-credentials',
  deceptive_credentials: 'link-reason-deceptive_credentials',
  ip_host: 'link-reason-ip_host',
  ip_host_obfuscated: 'link-reason-ip_host_obfuscated',
  non_default_port: 'link-reason-non_default_port',
  insecure_http: 'link-reason-insecure_http',
  shortener: 'link-reason-shortener',
  text_mismatch: 'link-reason-text_mismatch',
  well_known_subdomain: 'link-reason-well_known_subdomain',
  lookalike_domain: 'link-reason-lookalike_domain',
  mixed_scripts: 'link-reason-mixed_scripts',
  whole_script_confusable: 'link-reason-whole_script_confusable',
  unusual_characters: 'link-reason-unusual_characters',
  combining_marks: 'link-reason-combining_marks',
  deviation_characters: 'link-reason-deviation_characters',
  blocked_domain: 'link-reason-blocked_domain',
  unknown_sender: 'link-reason-unknown_sender',
  unknown_sender_warn: 'link-reason-unknown_sender_warn',
};

/**
 * The reason in the language in use. English keeps Rust's sentence, which can be more
 * specific than the catalogue's (which alphabets are mixed, for one); another language words
 * the code with Rust's details, and an unknown code keeps Rust's English rather than nothing.
 */
export function linkReasonText(reason: LinkReason): string {
  const id = LINK_REASON_IDS[reason.code];
  if (currentLocale() === 'en' || !id) return reason.message;
  return t(id, reason.args ?? {});
}
