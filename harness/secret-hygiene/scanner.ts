/**
 * Looks for secrets in files, in every form a program is likely to print them in: raw bytes,
 * lower- and upper-case hex, standard base64 (with and without padding) and base64url, both whole
 * and inside a longer encoded value, and the decimal byte list of `JSON.stringify(buffer)` or
 * `util.inspect(uint8array)`.
 *
 * A secret inside a longer byte string encodes differently depending on where it starts: base64
 * works in 3-byte groups, so only the groups made of secret bytes alone are stable. For each of
 * the 3 possible starting offsets modulo 3 the needle is the base64 of those groups (the secret
 * with 0, 2 or 1 leading bytes dropped, cut to whole groups).
 *
 * Text forms are also looked for with line breaks, blanks and JSON's `\n` / `\/` escapes removed,
 * which is how a PEM body, a wrapped log line or a JSON-escaped PEM carries them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Secret } from './canary-keys.js';

export interface Needle {
  readonly secret: string;
  readonly form: string;
  readonly bytes: Buffer;
  /** Text forms are also looked for once line breaks are removed; raw bytes are not. */
  readonly textual: boolean;
}

export interface Hit {
  readonly file: string;
  readonly secret: string;
  readonly form: string;
  /** Byte offset in the file, when found as written (not only once line breaks were removed). */
  readonly offset?: number;
}

export interface ScanResult {
  readonly files: string[];
  readonly bytes: number;
  readonly hits: Hit[];
}

/** Every form of one secret, identical needles folded into the first name that produced them. */
export function encodedForms(secret: Secret): Needle[] {
  const s = secret.bytes;
  const text = (form: string, value: string): Needle => ({ secret: secret.name, form, bytes: Buffer.from(value, 'latin1'), textual: true });
  const forms: Needle[] = [
    { secret: secret.name, form: 'raw bytes', bytes: s, textual: false },
    text('hex', s.toString('hex')),
    text('upper-case hex', s.toString('hex').toUpperCase()),
    text('base64', s.toString('base64')),
    text('base64 without padding', s.toString('base64').replace(/=+$/, '')),
    text('base64url', s.toString('base64url')),
    text('base64url with padding', s.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')),
    text('decimal byte list', [...s].join(',')),
  ];
  for (const dropped of [0, 2, 1]) {
    const groups = Math.floor((s.length - dropped) / 3) * 3;
    if (groups < 12) continue; // under 16 characters a fragment stops being distinctive
    const inner = s.subarray(dropped, dropped + groups);
    const at = `inside a longer value, starting at byte ${(3 - dropped) % 3} mod 3`;
    forms.push(text(`base64 ${at}`, inner.toString('base64')), text(`base64url ${at}`, inner.toString('base64url')));
  }
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = f.bytes.toString('latin1');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The text with everything that may split an encoded value removed. */
export function withoutLineBreaks(content: Buffer): Buffer {
  return Buffer.from(
    content
      .toString('latin1')
      .replace(/\\[nr]|\s/g, '')
      .replace(/\\\//g, '/'),
    'latin1',
  );
}

export function scanContent(file: string, content: Buffer, needles: readonly Needle[]): Hit[] {
  let joined: Buffer | undefined;
  const hits: Hit[] = [];
  for (const n of needles) {
    const offset = content.indexOf(n.bytes);
    if (offset >= 0) {
      hits.push({ file, secret: n.secret, form: n.form, offset });
      continue;
    }
    if (!n.textual) continue;
    joined ??= withoutLineBreaks(content);
    if (joined.indexOf(n.bytes) >= 0) hits.push({ file, secret: n.secret, form: `${n.form}, split across lines or escaped` });
  }
  return hits;
}

/** Scans every regular file under each path (a file or a folder, followed recursively). */
export function scanPaths(paths: readonly string[], secrets: readonly Secret[]): ScanResult {
  const needles = secrets.flatMap(encodedForms);
  const files = paths.flatMap(filesUnder);
  let bytes = 0;
  const hits: Hit[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    hits.push(...scanContent(file, content, needles));
  }
  return { files, bytes, hits };
}

function filesUnder(path: string): string[] {
  const stat = statSync(path);
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) return [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** One line per secret and file, every form it was found in. */
export function describeHits(hits: readonly Hit[]): string[] {
  const grouped = new Map<string, Hit[]>();
  for (const h of hits) grouped.set(`${h.file}\0${h.secret}`, [...(grouped.get(`${h.file}\0${h.secret}`) ?? []), h]);
  return [...grouped.values()].map((group) => {
    const first = group[0]!;
    const forms = group.map((h) => (h.offset === undefined ? h.form : `${h.form} at byte ${h.offset}`));
    return `${first.file}: ${first.secret} as ${forms.join('; ')}`;
  });
}
