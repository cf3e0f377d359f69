/**
 * Key-commitment policies (spec s3-encryption/key-commitment.md, client.md "Key Commitment",
 * decryption.md "Key Commitment"; docs/format-notes.md §6.2), with the Java v4 client's rules:
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
  //= specification/s3-encryption/client.md#key-commitment
  //# The S3EC MUST support configuration of the [Key Commitment policy](./key-commitment.md) during its initialization.
  //= specification/s3-encryption/client.md#key-commitment
  //# The S3EC MUST validate the configured Encryption Algorithm against the provided key commitment policy.
  //= specification/s3-encryption/client.md#key-commitment
  //# If the configured Encryption Algorithm is incompatible with the key commitment policy, then it MUST throw an exception.
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is FORBID_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST NOT encrypt using an algorithm suite which supports key commitment.
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is REQUIRE_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST only encrypt using an algorithm suite which supports key commitment.
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is REQUIRE_ENCRYPT_REQUIRE_DECRYPT, the S3EC MUST only encrypt using an algorithm suite which supports key commitment.
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
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is REQUIRE_ENCRYPT_REQUIRE_DECRYPT, the S3EC MUST NOT allow decryption using algorithm suites which do not support key commitment.
  //= specification/s3-encryption/decryption.md#key-commitment
  //# If the commitment policy requires decryption using a committing algorithm suite, and the algorithm suite associated with the object does not support key commitment, then the S3EC MUST throw an exception.
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is REQUIRE_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST allow decryption using algorithm suites which do not support key commitment.
  //= specification/s3-encryption/key-commitment.md#commitment-policy
  //# When the commitment policy is FORBID_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST allow decryption using algorithm suites which do not support key commitment.
  if (policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && content !== 'gcm-committing') {
    fail(
      'COMMITMENT_POLICY',
      `commitmentPolicy REQUIRE_ENCRYPT_REQUIRE_DECRYPT reads only key-committing (V3) objects and this one has none (${CONTENT[content].label}); use 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' to read it`,
    );
  }
}
