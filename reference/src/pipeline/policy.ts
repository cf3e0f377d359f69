/**
 * Key-commitment policies (spec s3-encryption/key-commitment.md, client.md "Key Commitment",
 * decryption.md "Key Commitment"; format.md §6.2), with the Java v4 client's rules:
 *
 * | policy                          | writes | reads           |
 * |---------------------------------|--------|-----------------|
 * | FORBID_ENCRYPT_ALLOW_DECRYPT    | V2     | V1, V2, V3      |
 * | REQUIRE_ENCRYPT_ALLOW_DECRYPT   | V3     | V1, V2, V3      |
 * | REQUIRE_ENCRYPT_REQUIRE_DECRYPT | V3     | V3 only         |
 *
 * The policy and the write format default independently (REQUIRE_ENCRYPT_REQUIRE_DECRYPT and v3,
 * as Java's `encryptionAlgorithm` and `commitmentPolicy` do), and a combination that disagrees is
 * refused when the client or call is set up, never silently adjusted: asking for V2 means also
 * saying FORBID_ENCRYPT_ALLOW_DECRYPT.
 */
import { CONTENT, type ContentAlgorithm, type WriteFormat } from '../algorithms.js';
import { fail } from '../errors.js';

export const COMMITMENT_POLICIES = ['FORBID_ENCRYPT_ALLOW_DECRYPT', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT'] as const;
export type CommitmentPolicy = (typeof COMMITMENT_POLICIES)[number];

/** The most secure policy is the default, as in the Java v4 client. */
const DEFAULT_COMMITMENT_POLICY: CommitmentPolicy = 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';

export type { WriteFormat } from '../algorithms.js';

const DEFAULT_WRITE_FORMAT: WriteFormat = 'v3';

export function resolveCommitmentPolicy(policy: CommitmentPolicy | undefined): CommitmentPolicy {
  if (policy === undefined) return DEFAULT_COMMITMENT_POLICY;
  if (!(COMMITMENT_POLICIES as readonly string[]).includes(policy)) {
    fail('INVALID_ARGUMENT', `unknown commitmentPolicy "${String(policy)}"; use one of ${COMMITMENT_POLICIES.join(', ')}`);
  }
  return policy;
}

/** The format a writer uses, after checking it against the policy (spec client.md "Key Commitment"). */
export function resolveWriteFormat(policy: CommitmentPolicy | undefined, format: WriteFormat | undefined): WriteFormat {
  const resolvedPolicy = resolveCommitmentPolicy(policy);
  const resolvedFormat = format ?? DEFAULT_WRITE_FORMAT;
  if (resolvedFormat !== 'v2' && resolvedFormat !== 'v3') fail('INVALID_ARGUMENT', `unknown format "${String(resolvedFormat)}"`);
  const committing = resolvedFormat === 'v3';
  if (resolvedPolicy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' && committing) {
    fail('INVALID_ARGUMENT', `commitmentPolicy FORBID_ENCRYPT_ALLOW_DECRYPT forbids the key-committing format v3${format === undefined ? ' (the default format)' : ''}; set format 'v2'`);
  }
  if (resolvedPolicy !== 'FORBID_ENCRYPT_ALLOW_DECRYPT' && !committing) {
    fail(
      'INVALID_ARGUMENT',
      `commitmentPolicy ${resolvedPolicy}${policy === undefined ? ' (the default policy)' : ''} requires the key-committing format v3; ` +
        "writing v2 needs commitmentPolicy 'FORBID_ENCRYPT_ALLOW_DECRYPT'",
    );
  }
  return resolvedFormat;
}

/**
 * The read rule, checked before any key is unwrapped or content decrypted (decryption.md "Key
 * Commitment"): only REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses content without key commitment.
 */
export function checkReadCommitment(policy: CommitmentPolicy, content: ContentAlgorithm): void {
  if (policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && content !== 'gcm-committing') {
    fail(
      'COMMITMENT_POLICY',
      `commitmentPolicy REQUIRE_ENCRYPT_REQUIRE_DECRYPT reads only key-committing (V3) objects and this one has none (${CONTENT[content].label}); use 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' to read it`,
    );
  }
}
