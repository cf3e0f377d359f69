/**
 * The one refusal every content-decryption failure turns into.
 *
 * A bad GCM tag, a wrong key, a truncated body, a CBC body of the wrong length and bad CBC padding
 * all surface with the same code *and* the same message, so a caller (or an attacker watching the
 * caller) cannot tell them apart. That matters most for CBC, where distinguishable padding errors
 * are a decryption oracle. Node's own error is deliberately not attached as `cause`: its text
 * differs between those cases ("bad decrypt", "wrong final block length", "unable to authenticate").
 */
import { fail } from '../errors.js';

export const DECRYPT_FAILED_MESSAGE = 'Content decryption failed: the body, its authentication tag, the data key or the IV is wrong or was modified';

export function failDecrypt(): never {
  fail('DECRYPT_FAILED', DECRYPT_FAILED_MESSAGE);
}
