/**
 * A V2 AES/GCM object decrypted here, with node:crypto and the format alone (docs/format-notes.md
 * §2.2, §3.6): the data key unwrapped with the content algorithm's name as AAD, the content with
 * no AAD at all. An object a writer sealed with any AAD on its content does not open here, which
 * is what the scenario that cites "MUST NOT provide any AAD" checks.
 */
import { createDecipheriv } from 'node:crypto';
import type { StoredObject } from './adapter.js';

const CONTENT_ID = 'AES/GCM/NoPadding';
const IV = 12;
const TAG = 16;

/** The plaintext, or a reason it does not open. */
export function decryptV2AesGcm(object: StoredObject, keyHex: string): { plaintext: Buffer } | { problem: string } {
  const meta = object.metadata;
  const wrapped = Buffer.from(meta['x-amz-key-v2'] ?? '', 'base64');
  const iv = Buffer.from(meta['x-amz-iv'] ?? '', 'base64');
  if (meta['x-amz-wrap-alg'] !== 'AES/GCM' || wrapped.length !== IV + 32 + TAG || iv.length !== IV) return { problem: 'not a V2 AES/GCM envelope in metadata' };
  try {
    const unwrap = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), wrapped.subarray(0, IV), { authTagLength: TAG });
    unwrap.setAAD(Buffer.from(CONTENT_ID, 'utf8'));
    unwrap.setAuthTag(wrapped.subarray(wrapped.length - TAG));
    const dataKey = Buffer.concat([unwrap.update(wrapped.subarray(IV, wrapped.length - TAG)), unwrap.final()]);
    const body = Buffer.from(object.body);
    const content = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG });
    content.setAuthTag(body.subarray(body.length - TAG));
    return { plaintext: Buffer.concat([content.update(body.subarray(0, body.length - TAG)), content.final()]) };
  } catch {
    return { problem: 'the data key or the content does not authenticate without AAD on the content' };
  }
}
