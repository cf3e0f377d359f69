/**
 * Materials providers: choose a keyring per object (modelled on Java's EncryptionMaterialsProvider,
 * docs/format-notes.md §4).
 *
 * Raw keyrings store their *own* description on write, never the request's (docs/format-notes.md §4), so the
 * stored description identifies the keyring that wrote an object. That is why a provider can pick
 * the decryption keyring by description (`DescriptionMaterialsProvider`), as well as by object key
 * (`PrefixMaterialsProvider`).
 */
import type { WrapAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import type { Keyring, MaterialsProvider, ObjectKeyRequest } from './keyring.js';

type DecryptionRequest = ObjectKeyRequest & { readonly wrap: WrapAlgorithm };

/** The same keyring for every object, both directions. */
export class StaticMaterialsProvider implements MaterialsProvider {
  readonly #keyring: Keyring;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  async encryptionKeyring(_request: ObjectKeyRequest): Promise<Keyring> {
    return this.#keyring;
  }

  async decryptionKeyring(_request: DecryptionRequest): Promise<Keyring> {
    return this.#keyring;
  }
}

interface PrefixRule {
  readonly prefix: string;
  readonly keyring: Keyring;
}

/**
 * Picks the keyring of the rule with the longest prefix of the object key, on write and on read
 * alike; `fallback` serves keys that match no rule. No match and no fallback is `KEY_MISMATCH`.
 */
export class PrefixMaterialsProvider implements MaterialsProvider {
  readonly #rules: readonly PrefixRule[];
  readonly #fallback: Keyring | undefined;

  constructor(rules: readonly PrefixRule[], options: { readonly fallback?: Keyring } = {}) {
    const seen = new Set<string>();
    for (const rule of rules) {
      if (typeof rule.prefix !== 'string') fail('INVALID_ARGUMENT', 'every prefix rule needs a string prefix');
      // Two rules for one prefix would make the choice depend on list order.
      if (seen.has(rule.prefix)) fail('INVALID_ARGUMENT', `prefix "${rule.prefix}" is configured twice`);
      seen.add(rule.prefix);
    }
    // Longest first, so the first match is the most specific one.
    this.#rules = [...rules].sort((a, b) => b.prefix.length - a.prefix.length);
    this.#fallback = options.fallback;
  }

  async encryptionKeyring(request: ObjectKeyRequest): Promise<Keyring> {
    return this.#select(request.key);
  }

  async decryptionKeyring(request: DecryptionRequest): Promise<Keyring> {
    return this.#select(request.key);
  }

  #select(key: string | undefined): Keyring {
    const rule = key === undefined ? undefined : this.#rules.find((r) => key.startsWith(r.prefix));
    if (rule) return rule.keyring;
    if (this.#fallback) return this.#fallback;
    return fail('KEY_MISMATCH', key === undefined ? 'no object key given and no fallback keyring' : `no keyring configured for object key "${key}"`);
  }
}

interface DescribedKeyring {
  /** The description the keyring stores on write (for raw keyrings: its own description). */
  readonly description: Description;
  readonly keyring: Keyring;
}

/**
 * Writes with `primary`; reads with the keyring whose description equals the stored one exactly
 * (same keys, same values, order irrelevant), else with `primary`. This mirrors Java's raw keyring
 * `additionalDecryptionKeyMaterial` lookup with its fall-back to the keyring's own key (docs/format-notes.md §4).
 */
export class DescriptionMaterialsProvider implements MaterialsProvider {
  readonly #primary: Keyring;
  readonly #additional: readonly DescribedKeyring[];

  constructor(primary: Keyring, additional: readonly DescribedKeyring[] = []) {
    this.#primary = primary;
    this.#additional = additional.map((entry) => ({ description: { ...entry.description }, keyring: entry.keyring }));
  }

  async encryptionKeyring(_request: ObjectKeyRequest): Promise<Keyring> {
    return this.#primary;
  }

  async decryptionKeyring(request: DecryptionRequest): Promise<Keyring> {
    const match = this.#additional.find((entry) => sameDescription(entry.description, request.description));
    return match ? match.keyring : this.#primary;
  }
}

export function sameDescription(a: Description, b: Description): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
