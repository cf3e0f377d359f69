/**
 * The negative catalogue, part one: bit flips and truncations. Each expected
 * refusal follows a rule of the specification (lines cite the requirement lines), never a run of
 * any implementation: authenticated bytes changed → security; a key, value or key set the format
 * does not define (algorithm names included, as the public Ruby vectors state) → format.
 */
import { plaintextFromSeed } from '../../vectors/corpus.js';
import { refuse, type Tampering } from './catalogue-types.js';
import { CURRENT_WRAPS } from './sources.js';
import { L } from '../lines.js';
import { authenticatedContent, unwrapFails } from './rule-lines.js';

const GCM_SIZES = [17, 4096] as const;
const AUTHENTICATED_WRAPS = [...CURRENT_WRAPS, 'kms', 'AESWrap', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding'];

export const BIT_FLIPS: readonly Tampering[] = [
  {
    name: 'flip-tag-bit',
    area: 'bit-flips',
    description: 'The last bit of the GCM tag (the last byte of the body) is flipped',
    flags: ['AuthenticationTag'],
    lines: authenticatedContent,
    applies: { contents: ['gcm'] },
    sizes: GCM_SIZES,
    perGroup: 2,
    ops: [{ op: 'flip-bit', target: 'body', index: -1 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-ciphertext-bit',
    area: 'bit-flips',
    description: 'One bit of the first ciphertext byte is flipped',
    flags: ['AuthenticationTag'],
    lines: authenticatedContent,
    applies: { contents: ['gcm'], minSize: 1 },
    sizes: GCM_SIZES,
    ops: [{ op: 'flip-bit', target: 'body', index: 0 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-iv-bit',
    area: 'bit-flips',
    description: 'One bit of the content IV x-amz-iv is flipped',
    flags: ['AuthenticationTag'],
    lines: authenticatedContent,
    applies: { formats: ['v2'], contents: ['gcm'] },
    sizes: GCM_SIZES,
    ops: [{ op: 'flip-bit', target: 'envelope', key: 'x-amz-iv', index: 0 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-wrapped-key-bit',
    area: 'bit-flips',
    description: 'One bit of the second-to-last byte of the wrapped data key is flipped',
    flags: ['KeyWrap'],
    lines: unwrapFails,
    applies: { wraps: AUTHENTICATED_WRAPS },
    sizes: GCM_SIZES,
    perGroup: 2,
    ops: [{ op: 'flip-bit', target: 'envelope', key: '$wrapped-key', index: -2 }],
    expect: refuse('security', 'key-unwrap'),
  },
  {
    name: 'flip-commitment-bit',
    area: 'bit-flips',
    description: 'One bit of the V3 key commitment x-amz-d is flipped',
    flags: ['KeyCommitment'],
    lines: [L.commitmentVerify, L.commitmentMismatchThrows, L.v3D],
    applies: { formats: ['v3'] },
    sizes: GCM_SIZES,
    perGroup: 2,
    ops: [{ op: 'flip-bit', target: 'envelope', key: 'x-amz-d', index: 5 }],
    expect: refuse('security', 'commitment'),
  },
  {
    name: 'flip-message-id-bit',
    area: 'bit-flips',
    description: 'One bit of the V3 message id x-amz-i (the HKDF salt) is flipped',
    flags: ['KeyCommitment'],
    lines: [L.commitmentVerify, L.commitmentMismatchThrows, L.hkdfSalt],
    applies: { formats: ['v3'] },
    sizes: GCM_SIZES,
    ops: [{ op: 'flip-bit', target: 'envelope', key: 'x-amz-i', index: 0 }],
    expect: refuse('security', 'commitment'),
  },
];

export const TRUNCATIONS: readonly Tampering[] = [
  {
    name: 'truncate-gcm-1-byte',
    area: 'truncation',
    description: 'The GCM body loses its last byte (not block-aligned)',
    flags: ['Truncation', 'AuthenticationTag'],
    lines: authenticatedContent,
    applies: { contents: ['gcm'], minSize: 1 },
    sizes: GCM_SIZES,
    ops: [{ op: 'truncate-body', bytes: 1 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'truncate-gcm-16-bytes',
    area: 'truncation',
    description: 'The GCM body loses its last 16 bytes (block-aligned: the tag is gone and the last ciphertext block stands in for it)',
    flags: ['Truncation', 'AuthenticationTag'],
    lines: authenticatedContent,
    applies: { contents: ['gcm'], minSize: 16 },
    sizes: GCM_SIZES,
    ops: [{ op: 'truncate-body', bytes: 16 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'truncate-cbc-1-byte',
    area: 'truncation',
    description: 'The CBC body loses its last byte, so it is no longer a whole number of AES blocks; the reader has the legacy switches on',
    flags: ['Truncation', 'LegacyOn'],
    lines: [L.legacyContentOn, L.cbcCipher],
    applies: { contents: ['cbc'] },
    sizes: [17, 4096],
    ops: [{ op: 'truncate-body', bytes: 1 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'truncate-cbc-16-bytes',
    area: 'truncation',
    description: 'The CBC body loses its last 16-byte block; the plaintext the rest decrypts to does not end in valid PKCS#7 padding; the reader has the legacy switches on',
    flags: ['Truncation', 'LegacyOn', 'PaddingOracle'],
    lines: [L.legacyContentOn, L.cbcCipher],
    applies: { contents: ['cbc'], minSize: 16 },
    sizes: [17, 4096],
    // CBC authenticates nothing: a cut at a block boundary is caught only when what remains does not unpad, which the seed's plaintext tells.
    build: (s) => (s.case.plaintext && !unpads(s.case.plaintext.seed, s.size) ? [{ ops: [{ op: 'truncate-body', bytes: 16 }], expect: refuse('security', 'content') }] : undefined),
  },
];

/** Whether the plaintext's whole blocks, minus the padding block a cut removes, end in valid PKCS#7 padding. */
function unpads(seed: string, size: number): boolean {
  const kept = plaintextFromSeed(seed, size).subarray(0, size - (size % 16));
  const n = kept[kept.length - 1] ?? 0;
  return n >= 1 && n <= 16 && kept.subarray(kept.length - n).every((b) => b === n);
}
