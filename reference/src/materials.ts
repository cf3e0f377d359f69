/**
 * The data key of one object, in the manner of the AWS Encryption SDK's cryptographic materials:
 * the key a keyring hands over is set once, read only while it is set, and zeroed, together with
 * every key derived from it, when the operation that needed it ends, whether it succeeded or
 * failed. The content ciphers copy their key when they are created (node:crypto keeps its own key
 * schedule), so a key is zeroed as soon as its cipher exists, not when the body has been read.
 *
 * Misuse is a bug in the reference, never something a caller or an object can cause, so it is a
 * plain Error rather than one of the S3EncryptionError codes callers branch on.
 */
export class DataKeyMaterials {
  #dataKey: Uint8Array | undefined;
  #zeroed = false;
  readonly #derived: Uint8Array[] = [];

  /** Takes ownership of `dataKey`: from here on these materials zero it. */
  setDataKey(dataKey: Uint8Array): this {
    if (this.#dataKey !== undefined || this.#zeroed) misuse('the data key is set once; these materials already had one');
    this.#dataKey = dataKey;
    return this;
  }

  get hasDataKey(): boolean {
    return this.#dataKey !== undefined && !this.#zeroed;
  }

  get dataKey(): Uint8Array {
    if (this.#zeroed) misuse('the data key was zeroed after use');
    if (this.#dataKey === undefined) misuse('no data key has been set');
    return this.#dataKey;
  }

  /** Takes another secret of this data key (a key derived from it, a copy a keyring returned): zeroed with it. */
  adopt<T extends Uint8Array>(key: T): T {
    if (this.#zeroed) {
      key.fill(0);
      misuse('the data key was zeroed after use');
    }
    this.#derived.push(key);
    return key;
  }

  /** Zeroes the data key and its derived keys; safe to call more than once or before any set. */
  zero(): void {
    this.#dataKey?.fill(0);
    for (const key of this.#derived) key.fill(0);
    this.#zeroed = true;
  }
}

function misuse(problem: string): never {
  throw new Error(`DataKeyMaterials: ${problem}`);
}
