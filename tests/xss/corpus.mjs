// tests/xss/corpus.mjs — the XSS corpus and the real sanitiser, shared by the Chromium run
// (tests/xss/chromium.mjs) and the app's WebKitGTK run (tests/desktop/xss.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every payload of tests/corpus/xss/payloads.jsonl: `{ id, source, html, note, … }`. */
export const payloads = readFileSync(join(ROOT, 'tests/corpus/xss/payloads.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

/** Sanitises HTML documents with the real `ctl html sanitize --jsonl` (one process for all);
 *  returns `{ html, links }` per document, in order. */
export function sanitize(ctl, documents) {
  const input = documents.map((d) => JSON.stringify(d)).join('\n') + '\n';
  const out = execFileSync(ctl, ['html', 'sanitize', '--jsonl'], { input, maxBuffer: 64 << 20 }).toString();
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
