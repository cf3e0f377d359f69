/**
 * The S3 "double encoding" of non-ASCII user-metadata values (docs/format-notes.md §1.2).
 *
 * A writer sends a UTF-8 value; the S3 server reads those bytes as Latin-1 characters and, on GET,
 * returns the result as RFC 2047 encoded words over UTF-8. So after RFC 2047 decoding every original
 * UTF-8 byte is one character in U+0080..U+00FF, and a second step (Latin-1 -> bytes -> UTF-8)
 * recovers the value. SPEC metadata-strategy.md "Object Metadata": readers SHOULD undo this.
 */
import { decodeBase64Strict } from '../base64.js';
import { fail } from '../errors.js';

/** `=?charset?B|Q?text?=` (RFC 2047 §2); charset may carry an RFC 2231 `*language` suffix. */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const WHITESPACE_ONLY = /^\s*$/;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** 45 bytes -> 60 Base64 chars + 12 of framing = 72, inside RFC 2047's 75-character word limit. */
const MAX_WORD_BYTES = 45;

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** RFC 2047 decode, then undo S3's Latin-1 reinterpretation. Plain ASCII passes unchanged. */
export function decodeS3MetadataValue(value: string): string {
  return undoLatin1Reinterpretation(decodeEncodedWords(value));
}

/**
 * What S3 does on GET to a value that was PUT as UTF-8 (used by the embedded test S3 server).
 * Words are cut only between characters of the reinterpreted string so each word is valid UTF-8.
 */
export function encodeS3MetadataValue(value: string): string {
  if (ASCII_ONLY.test(value)) return value;
  const reinterpreted = Buffer.from(value, 'utf8').toString('latin1');
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  for (const ch of reinterpreted) {
    const bytes = Buffer.from(ch, 'utf8');
    if (chunkBytes + bytes.length > MAX_WORD_BYTES) {
      words.push(bWord(chunk));
      chunk = [];
      chunkBytes = 0;
    }
    chunk.push(bytes);
    chunkBytes += bytes.length;
  }
  words.push(bWord(chunk));
  return words.join(' ');
}

function bWord(chunk: Buffer[]): string {
  return `=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`;
}

type Charset = 'utf-8' | 'us-ascii' | 'iso-8859-1';

/**
 * RFC 2047 §6.2: whitespace between two adjacent encoded words is dropped. Adjacent words in the same
 * charset are joined as bytes before charset decoding, because S3 cuts words in the middle of a
 * UTF-8 sequence (kats.md finding 8, the Ruby "stress" vector).
 */
function decodeEncodedWords(value: string): string {
  let out = '';
  let pending: { charset: Charset; chunks: Uint8Array[] } | undefined;
  let end = 0;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [word, rawCharset = '', encoding = '', text = ''] = match;
    const charset = parseCharset(rawCharset);
    const bytes = encoding.toUpperCase() === 'B' ? decodeBase64Strict(text, 'RFC 2047 B-encoded word') : decodeQ(text);
    const gap = value.slice(end, match.index);
    if (pending === undefined || !WHITESPACE_ONLY.test(gap)) {
      out += flush(pending) + gap;
      pending = { charset, chunks: [] };
    } else if (pending.charset !== charset) {
      out += flush(pending);
      pending = { charset, chunks: [] };
    }
    pending.chunks.push(bytes);
    end = match.index + word.length;
  }
  return out + flush(pending) + value.slice(end);
}

function parseCharset(raw: string): Charset {
  const name = (raw.split('*')[0] ?? '').toLowerCase();
  if (name === 'utf-8' || name === 'us-ascii' || name === 'iso-8859-1') return name;
  return fail('UNSUPPORTED', `RFC 2047 charset ${JSON.stringify(name)} is not supported`);
}

/** RFC 2047 §4.2: `_` is a space, `=XX` is a byte, other printable ASCII stands for itself. */
function decodeQ(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      bytes.push(0x20);
    } else if (c === 0x3d) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail('MALFORMED_METADATA', 'RFC 2047 Q-encoded word has a bad =XX escape');
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      fail('MALFORMED_METADATA', 'RFC 2047 Q-encoded word contains a non-ASCII character');
    }
  }
  return Uint8Array.from(bytes);
}

function flush(pending: { charset: Charset; chunks: Uint8Array[] } | undefined): string {
  if (pending === undefined) return '';
  const bytes = Buffer.concat(pending.chunks);
  if (pending.charset === 'iso-8859-1') return bytes.toString('latin1');
  if (pending.charset === 'us-ascii' && !ASCII_ONLY.test(bytes.toString('latin1'))) {
    fail('MALFORMED_METADATA', 'RFC 2047 us-ascii word contains non-ASCII bytes');
  }
  try {
    return utf8Strict.decode(bytes);
  } catch (cause) {
    return fail('MALFORMED_METADATA', 'RFC 2047 encoded words are not valid UTF-8', cause);
  }
}

/**
 * Latin-1 -> bytes -> UTF-8. A string that cannot be the product of S3's reinterpretation (a
 * character above U+00FF, or bytes that are not UTF-8) was not double encoded; it is returned as
 * RFC 2047 decoded, which is what the spec asks of a reader that does not undo the encoding.
 */
function undoLatin1Reinterpretation(text: string): string {
  if (ASCII_ONLY.test(text) || /[^\x00-\xff]/.test(text)) return text;
  try {
    return utf8Strict.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}
