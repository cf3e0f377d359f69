/** One seed object of the fuzz corpus and the plaintexts seeds are made of (shared by seeds.ts and legacy-seeds.ts). */
import type { ContentAlgorithm, Description, FormatVersion } from '@s3cse/reference';
import type { KeyKind } from './keys.js';

export interface FuzzSeed {
  readonly id: string;
  readonly format: FormatVersion;
  readonly content: ContentAlgorithm;
  /** The wrap as written: `AES/GCM`, `kms+context`, `kms`, `AESWrap`, `none` (EncryptionOnly)… */
  readonly wrap: string;
  readonly keyKind: KeyKind;
  /** Needs `legacyWrappingAlgorithms` to be read. */
  readonly legacyWrap: boolean;
  readonly plaintext: Buffer;
  readonly body: Buffer;
  readonly metadata: Readonly<Record<string, string>>;
  readonly instructionFile?: string;
  /** The encryption context a legitimate caller passes (kms+context objects). */
  readonly callerContext?: Description;
}

/** Plaintext of `size` bytes with 0x01 before every 16-byte boundary: a CBC body cut at a block boundary still unpads. */
export function seedPlaintext(size: number, salt: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + salt * 7 + 0x41) & 0xff;
  for (let i = 15; i < size; i += 16) bytes[i] = 0x01;
  return bytes;
}
