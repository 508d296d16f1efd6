// Rust's sentences in the UI's language: the English catalogue says exactly what Rust says
// (rust-errors.json is written by Rust from its real errors: `cargo test -p parley-desktop
// ui_catalogue_fixture_is_current`), and anything the catalogue does not match stays Rust's.
import { afterEach, describe, expect, it } from 'vitest';
import { toUiError, type UiError } from '../ipc/types';
import { dlpSummary, errorText, listText } from './errors';
import { catalogueFiles, setLanguage } from './index.svelte';
import fixture from './rust-errors.json';

const samples = fixture as UiError[];

/** Errors left in English on purpose: their sentence is a detail from elsewhere, or names a list Rust words alone. */
const ENGLISH_ONLY = new Set([
  'file_download_failed: The file could not be downloaded.',
  'login_method_not_allowed: Your organisation does not allow signing in with a password; sign in with single sign-on instead.',
  // The desktop's own "You are not signed in." is the one the catalogue words.
  'not_logged_in: No account is signed in with this profile. Sign in first.',
]);
const key = (e: UiError) => `${e.code}: ${e.message}`;

afterEach(() => setLanguage('en'));

describe('errors from Rust', () => {
  it('has every code in the fixture, and English-only ones are still there', () => {
    expect(samples.length).toBeGreaterThan(80);
    for (const entry of ENGLISH_ONLY) expect(samples.map(key)).toContain(entry);
  });

  it('are worded in English exactly as Rust words them', () => {
    setLanguage('en');
    for (const error of samples) expect(errorText(error), key(error)).toBe(error.message);
  });

  it('are translated into Traditional Chinese (Hong Kong) where the English catalogue matches Rust', () => {
    setLanguage('zh-HK');
    const untranslated = samples.filter((e) => !ENGLISH_ONLY.has(key(e)) && errorText(e) === e.message).map(key);
    expect(untranslated).toEqual([]);
    for (const error of samples.filter((e) => ENGLISH_ONLY.has(key(e)))) expect(errorText(error)).toBe(error.message);
  });

  it('fill in values, lists and words in the chosen language', () => {
    setLanguage('zh-HK');
    const find = (code: string, pred: (e: UiError) => boolean = () => true) => samples.find((e) => e.code === code && pred(e))!;
    expect(errorText(find('too_long', (e) => e.args?.what === 'room_topic'))).toBe('聊天室主題太長：最多 1000 個字元。');
    expect(errorText(find('identity_changed', (e) => e.args?.count === 3))).toBe(
      '@bob:example.org、@carol:example.org及@dave:example.org 的身份已經改變。請先與每位相關人士核實，然後接受新身份，才可傳送訊息。',
    );
    expect(errorText(find('dlp_blocked'))).toBe('此訊息含有信用卡或扣賬卡號碼；你的機構不允許傳送這些資料，因此訊息沒有傳送。');
    expect(errorText(find('homeserver_unreachable'))).toBe(
      '無法連接位於 https://matrix.example.org/ 的主伺服器。請檢查地址和你的網絡連線。',
    );
    expect(errorText(find('invalid_room'))).toBe('這不是有效的聊天室。');
  });

  it('stay as Rust wrote them when the code is unknown or its English changed', () => {
    setLanguage('zh-HK');
    expect(errorText({ code: 'something_new', message: 'A new problem.' })).toBe('A new problem.');
    expect(errorText({ code: 'wrong_credentials', message: 'The password has expired.' })).toBe('The password has expired.');
    expect(errorText({ code: 'too_long', message: 'The room name is too long: at most 9 characters.', args: { what: 'room_name', limit: 255 } })).toBe(
      'The room name is too long: at most 9 characters.',
    );
    expect(errorText({ code: 'invalid_id', message: '"x" is not a valid alias.', args: { kind: 'alias', input: 'x' } })).toBe('"x" is not a valid alias.');
    expect(errorText({ code: 'dlp_blocked', message: 'This message contains a thing, which your organisation does not allow to be sent, so it was not sent.', args: { kinds: ['new_kind'] } })).toContain('a thing');
  });

  it('word no error Rust has no sample of, so every English sentence is checked against Rust', () => {
    const codes = new Set(samples.map((e) => `error-${e.code}`));
    const ids = catalogueFiles('en').flatMap((f) => f.resource.body.map((m) => m.id)).filter((id) => id.startsWith('error-'));
    // `ipc` is the UI's own error (toUiError), checked below.
    expect(ids.filter((id) => !codes.has(id) && id !== 'error-ipc')).toEqual([]);
    const ipc = toUiError('not an error');
    expect(errorText(ipc)).toBe('Parley could not complete that request.');
    setLanguage('zh-HK');
    expect(errorText(ipc)).toBe('Parley 無法完成這個要求。');
  });
});

describe('kinds of sensitive data', () => {
  it('are named as Rust names them in English, and in Chinese with the language’s list', () => {
    const rust = 'a payment card number, a bank account number (IBAN) and data your organisation protects (project-x)';
    const kinds = ['payment_card', 'iban', 'custom:project-x'];
    setLanguage('en');
    expect(dlpSummary(kinds, rust)).toBe(rust);
    setLanguage('zh-HK');
    expect(dlpSummary(kinds, rust)).toBe('信用卡或扣賬卡號碼、銀行帳戶號碼（IBAN）及你的機構保護的資料（project-x）');
    expect(dlpSummary(['a_new_kind'], 'a new kind')).toBe('a new kind');
    expect(dlpSummary(undefined, 'a password')).toBe('a password');
    expect(listText('en', ['a', 'b', 'c'])).toBe('a, b and c');
  });
});
