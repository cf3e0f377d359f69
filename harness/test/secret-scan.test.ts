/**
 * The secret scanner must find a planted key in every form it claims, at every base64 alignment,
 * split over lines and escaped, and must not fire on a near miss; otherwise a clean scan of the
 * real reports would prove nothing. Secrets of 31, 32 and 33 bytes cover every length mod 3.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Secret } from '../secret-hygiene/canary-keys.js';
import { describeHits, encodedForms, scanContent, scanPaths, type Hit } from '../secret-hygiene/scanner.js';

const LENGTHS = [31, 32, 33];

function secretOf(length: number): Secret {
  return { name: `key-${length}`, bytes: randomBytes(length) };
}

/** A key whose base64 holds both + and /, so base64 and base64url spell it differently. */
function secretWithSymbols(length: number): Secret {
  for (;;) {
    const s = secretOf(length);
    const b64 = s.bytes.toString('base64');
    if (b64.includes('+') && b64.includes('/')) return s;
  }
}

function scan(secret: Secret, text: string | Buffer): Hit[] {
  return scanContent('planted.txt', Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'), encodedForms(secret));
}

function assertFound(secret: Secret, text: string | Buffer, form: string | RegExp, how: string): void {
  const hits = scan(secret, text);
  const found = hits.some((h) => (typeof form === 'string' ? h.form === form : form.test(h.form)));
  assert.ok(found, `${how} (${secret.bytes.length} bytes): expected a "${String(form)}" hit, got ${JSON.stringify(hits.map((h) => h.form))}`);
}

/** The secret between other bytes, as a longer value would carry it. */
function embedded(secret: Secret, before: number): Buffer {
  return Buffer.concat([randomBytes(before), secret.bytes, randomBytes(5)]);
}

test('finds the raw bytes, hex and upper-case hex', () => {
  for (const n of LENGTHS) {
    const s = secretOf(n);
    assertFound(s, Buffer.concat([randomBytes(100), s.bytes, randomBytes(7)]), 'raw bytes', 'binary file');
    assertFound(s, `{"key":"${s.bytes.toString('hex')}"}`, 'hex', 'hex in JSON');
    assertFound(s, `KEY=${s.bytes.toString('hex').toUpperCase()}\n`, 'upper-case hex', 'upper hex in a log');
  }
});

test('finds base64 with and without padding, and base64url with and without padding', () => {
  for (const n of LENGTHS) {
    const s = secretWithSymbols(n);
    const b64 = s.bytes.toString('base64');
    const url = s.bytes.toString('base64url');
    assertFound(s, `"aesKey":"${b64}"`, 'base64', 'padded base64');
    if (n % 3 !== 0) assertFound(s, `key ${b64.replace(/=+$/, '')} end`, 'base64 without padding', 'unpadded base64');
    assertFound(s, `"k":"${url}"`, 'base64url', 'base64url');
    if (n % 3 !== 0) assertFound(s, `"k":"${b64.replace(/\+/g, '-').replace(/\//g, '_')}"`, 'base64url with padding', 'padded base64url');
  }
});

test('finds base64 and base64url of a longer value holding the key, at each of the 3 alignments', () => {
  for (const n of LENGTHS) {
    for (const before of [0, 1, 2, 3, 4, 5]) {
      const s = secretOf(n);
      const value = embedded(s, before);
      // At alignment 0 a key of whole 3-byte groups encodes exactly as on its own: plain "base64" then.
      const whole = before % 3 === 0 && n % 3 === 0 ? '|$' : '';
      const at = new RegExp(`( inside a longer value, starting at byte ${before % 3} mod 3$${whole})`);
      const b64 = value.toString('base64');
      const url = value.toString('base64url');
      assertFound(s, `{"x-amz-key-v2":"${b64}"}`, new RegExp(`^base64${at.source}`), `base64, ${before} bytes before`);
      // base64url hits are told apart only when the fragment holds a - or _; otherwise the base64 needle matches first.
      assertFound(s, `token=${url}`, new RegExp(`^base64(url)?${at.source}`), `base64url, ${before} bytes before`);
    }
  }
});

test('finds base64 split over PEM lines, in JSON-escaped PEM and in JSON with escaped slashes', () => {
  for (const n of LENGTHS) {
    for (const before of [0, 1, 2]) {
      const s = secretOf(n);
      const body = embedded(s, before + 30)
        .toString('base64')
        .replace(/.{64}/g, '$&\n');
      const pem = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
      assertFound(s, pem, /split across lines or escaped$/, 'PEM');
      assertFound(s, JSON.stringify({ private: pem }), /split across lines or escaped$/, 'PEM in JSON');
      const t = secretWithSymbols(n);
      assertFound(t, `{"k":"${t.bytes.toString('base64').replace(/\//g, '\\/')}"}`, /^base64/, 'escaped slashes');
    }
  }
});

test('finds what Node prints for a Buffer or Uint8Array: inspect and JSON.stringify', () => {
  for (const n of LENGTHS) {
    const s = secretOf(n);
    assertFound(s, `material: ${inspect(s.bytes)}`, 'hex, split across lines or escaped', 'util.inspect(Buffer)');
    assertFound(s, `material: ${inspect(new Uint8Array(s.bytes))}`, 'decimal byte list, split across lines or escaped', 'util.inspect(Uint8Array)');
    assertFound(s, JSON.stringify({ material: s.bytes }), 'decimal byte list', 'JSON.stringify(Buffer)');
  }
});

test('a near miss is no hit: the same text with one byte of the key changed, in every form', () => {
  for (const n of LENGTHS) {
    const s = secretOf(n);
    const other = Buffer.from(s.bytes);
    other[Math.floor(n / 2)] = (other[Math.floor(n / 2)]! + 1) % 256;
    const decoy: Secret = { name: 'decoy', bytes: other };
    const text = encodedForms(decoy)
      .map((f) => f.bytes.toString('latin1'))
      .join('\n');
    assert.equal(scan(s, `${text}\n${inspect(other)}\n${JSON.stringify(other)}`), []);
    assert.equal(scan(decoy, text).length, encodedForms(decoy).length, 'the decoy text holds the decoy key in every form, so the scan did look');
  }
});

test('scans every file of a folder tree and names the file, secret and form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-test-'));
  try {
    const s = secretOf(32);
    mkdirSync(join(dir, 'out', 'cross'), { recursive: true });
    writeFileSync(join(dir, 'out', 'cross', 'report.json'), '{"results":[]}\n');
    writeFileSync(join(dir, 'out', 'matrix.md'), '# matrix\n');
    writeFileSync(join(dir, 'run.stderr.log'), `adapter said: key=${s.bytes.toString('base64url')}\n`);
    const clean = scanPaths([join(dir, 'out')], [s]);
    assert.equal(clean.files.length, 2);
    assert.equal(clean.hits, []);
    const dirty = scanPaths([join(dir, 'out'), join(dir, 'run.stderr.log')], [s]);
    assert.equal(dirty.files.length, 3);
    assert.equal([...new Set(dirty.hits.map((h) => `${h.file} ${h.secret}`))], [`${join(dir, 'run.stderr.log')} key-32`]);
    assert.match(describeHits(dirty.hits)[0]!, new RegExp(`^${join(dir, 'run.stderr.log')}: key-32 as base64`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
