/**
 * Scenario cases of writes and operations: which format each policy and algorithm writes, KMS
 * requests, buffer limits; deletes and multipart uploads (scenario-lifecycle.ts), re-encryption and
 * ranged reads (scenario-rotations.ts).
 */
import { specLine, type SpecLine } from '../spec-lines.js';
import { deletes, multipart } from './scenario-lifecycle.js';
import { ranges, rotations } from './scenario-rotations.js';
import { V3, absent, client, fault, getBack, getRefused, kmsCalls, put, refused, seed, stored, tamper, type Scenario } from './scenario-steps.js';

const C = 'client.md';
const line = (section: string, fragment: string): SpecLine => specLine(section, fragment);
const policy = (fragment: string): SpecLine => line('key-commitment.md#commitment-policy', fragment);
const KMS_V3 = ['write:v3', 'read:v3', 'wrap:kms-context', 'key:kms', 'store:metadata'];
const AES_V3 = ['write:v3', 'read:v3', 'wrap:aes-gcm', 'key:aes', 'store:metadata'];

/** Every compatible policy × algorithm pair, written with an AES and a KMS key: the format S3 holds is the one configured. */
export function writeMatrix(): Scenario[] {
  const pairs = [
    { policy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', algorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF', format: 'v2', lines: [policy('FORBID_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST NOT encrypt')] },
    { policy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', algorithm: 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY', format: 'v3', lines: [policy('REQUIRE_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST only encrypt')] },
    { policy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT', algorithm: 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY', format: 'v3', lines: [policy('REQUIRE_ENCRYPT_REQUIRE_DECRYPT, the S3EC MUST only encrypt')] },
  ] as const;
  const keys = [
    { key: 'aes-256-a', wrap: 'AES/GCM', feature: 'wrap:aes-gcm', kind: 'key:aes' },
    { key: 'kms-a', wrap: 'kms+context', feature: 'wrap:kms-context', kind: 'key:kms' },
  ] as const;
  return pairs.flatMap((pair) =>
    keys.map((k): Scenario => {
      const p = seed(`scenario/write/${pair.policy}/${k.key}`, 4097);
      const description = { purpose: 'scenario' };
      const kms = k.kind === 'key:kms';
      // A raw key's description is the keyring's own; a KMS key's context comes with each call.
      const config = { key: k.key, commitmentPolicy: pair.policy, encryptionAlgorithm: pair.algorithm, ...(kms ? {} : { materialsDescription: description }) };
      return {
        name: `write/${pair.policy}/${pair.algorithm}/${k.key}`,
        description: `Under ${pair.policy} a client configured with ${pair.algorithm} writes ${pair.format} (${k.wrap}) with the caller's description stored, and reads it back.`,
        lines: [
          ...pair.lines,
          line(`${C}#encryption-algorithm`, 'MUST support configuration of the encryption algorithm'),
          line('encryption.md#content-encryption', 'MUST use the encryption algorithm configured'),
          ...(pair.format === 'v2' ? [line('data-format/content-metadata.md#content-metadata-mapkeys', 'The mapkey "x-amz-matdesc" MUST be present for V2')] : []),
          ...(pair.format === 'v2' && !kms ? [line('encryption.md#alg-aes-256-gcm-iv12-tag16-no-kdf', 'MUST NOT provide any AAD')] : []),
          ...(pair.format === 'v2' ? [line('data-format/content-metadata.md#content-metadata-mapkeys', 'The mapkey "x-amz-unencrypted-content-length" SHOULD be present for V2')] : []),
          line('data-format/content-metadata.md#us-ascii-preferred-string', 'Content Metadata MapKeys SHOULD be restricted to US-ASCII'),
          line('encryption.md#cipher-initialization', 'SHOULD validate that the generated IV or Message ID is not zeros'),
          ...(pair.format === 'v3' && k.kind === 'key:aes' ? [line('data-format/content-metadata.md#content-metadata-mapkeys', 'The mapkey "x-amz-m" SHOULD be present for V3')] : []),
        ],
        features: [`write:${pair.format}`, `read:${pair.format}`, k.feature, k.kind, 'store:metadata'],
        flags: ['CommitmentPolicy'],
        steps: [
          client('c', config),
          put('c', 'o', p, kms ? { encryptionContext: description } : {}),
          // A V2 AES object is also opened by the harness itself, with no AAD on the content.
          stored('o', {
            format: pair.format,
            storage: 'metadata',
            wrap: k.wrap,
            plaintextLength: p.length,
            description,
            ...(pair.format === 'v2' && !kms ? { decryptsTo: { sha256: p.sha256, length: p.length } } : {}),
          }),
          getBack('c', 'o', p, kms ? { encryptionContext: description } : {}),
        ],
      };
    }),
  );
}

function kmsScenarios(): Scenario[] {
  const p = seed('scenario/kms', 100);
  return [
    {
      name: 'kms/requests-name-the-key-and-the-client',
      description: 'Every KMS request of a put and a get names the configured key and carries a user agent that names the S3 encryption client.',
      lines: [
        line('materials/s3-kms-keyring.md#encryptdatakey', '`KeyId` MUST be the configured AWS KMS key identifier'),
        line('materials/s3-kms-keyring.md#kms-context', '`KeyId` MUST be the configured AWS KMS key identifier'),
        line('materials/s3-kms-keyring.md#encryptdatakey', 'A custom API Name or User Agent string SHOULD'),
        line('materials/s3-kms-keyring.md#kms-context', 'A custom API Name or User Agent string SHOULD'),
      ],
      features: KMS_V3,
      flags: [],
      steps: [client('c', { key: 'kms-a', ...V3 }), put('c', 'o', p), kmsCalls(['GenerateDataKey', 'Encrypt']), getBack('c', 'o', p), kmsCalls(['Decrypt'])],
    },
    {
      name: 'kms/failed-key-request-fails-the-put',
      description: 'When KMS turns every request away (throttling on each retry), the put fails as a service error and leaves no object.',
      lines: [line('materials/s3-kms-keyring.md#encryptdatakey', 'does not succeed, OnEncrypt MUST fail')],
      features: KMS_V3,
      flags: [],
      steps: [client('c', { key: 'kms-a', ...V3 }), fault('kms-throttle*50'), put('c', 'o', p, { expect: refused('service', 'key-unwrap') }), absent('o')],
    },
    {
      name: 'kms/legacy-kms-read-asks-the-configured-key',
      description: 'A kms+context object relabelled as the legacy kms wrap, read with the legacy wraps on, is refused; the KMS Decrypt the reader sends names the configured key and the client.',
      lines: [
        line('materials/s3-kms-keyring.md#kmsv1', '`KeyId` MUST be the configured AWS KMS key identifier'),
        line('materials/s3-kms-keyring.md#kmsv1', 'A custom API Name or User Agent string SHOULD'),
      ],
      features: ['write:v2', 'read:v2', 'wrap:kms-context', 'legacy-wrap:kms', 'key:kms', 'store:metadata'],
      flags: ['WrapSwap'],
      steps: [
        client('w', { key: 'kms-a', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' }),
        put('w', 'o', p),
        // Without the reserved key a kms reader cannot tell the relabelling; KMS then refuses the changed context.
        tamper('o', [
          { op: 'set-metadata', key: 'x-amz-wrap-alg', value: 'kms' },
          { op: 'delete-json-field', target: 'metadata', key: 'x-amz-matdesc', field: 'aws:x-amz-cek-alg' },
        ]),
        client('r', { key: 'kms-a', commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', enableLegacyWrappingAlgorithms: true }),
        getRefused('r', 'o', refused('security', 'key-unwrap')),
        kmsCalls(['Decrypt']),
      ],
    },
    {
      name: 'kms/legacy-switch-on-still-writes-kms-context',
      description: 'With the legacy wrapping algorithms enabled, a KMS client still writes kms+context, never the legacy kms wrap.',
      lines: [line('materials/s3-kms-keyring.md#supported-wrapping-algorithm-modes', 'MUST NOT support encryption using KmsV1 mode')],
      features: ['write:v2', 'read:v2', 'wrap:kms-context', 'key:kms', 'store:metadata'],
      flags: ['LegacyOn'],
      steps: [
        client('c', { key: 'kms-a', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF', enableLegacyWrappingAlgorithms: true }),
        put('c', 'o', p),
        stored('o', { format: 'v2', storage: 'metadata', wrap: 'kms+context', plaintextLength: 100 }),
      ],
    },
  ];
}

function bufferAndStorage(): Scenario[] {
  const delayed = seed('scenario/delayed', 2000);
  const small = seed('scenario/buffer/small', 512);
  const large = seed('scenario/buffer/large', 4096);
  const p = seed('scenario/instruction', 65);
  return [
    {
      name: 'buffer/size-limits-buffered-reads',
      description: 'A client with a 1 KiB buffer reads an object whose ciphertext fits and refuses one whose ciphertext does not.',
      lines: [line(`${C}#set-buffer-size`, 'SHOULD accept a configurable buffer size')],
      features: AES_V3,
      flags: [],
      steps: [
        client('w', { key: 'aes-256-a' }),
        put('w', 'small', small),
        put('w', 'large', large),
        client('r', { key: 'aes-256-a', setBufferSize: 1024 }),
        getBack('r', 'small', small),
        getRefused('r', 'large', refused('config', 'content')),
      ],
    },
    {
      name: 'delayed-authentication/on-reads-and-still-refuses',
      description: 'A client with delayed authentication enabled reads an object whole, and refuses it once a bit of its tag is flipped.',
      lines: [line(`${C}#enable-delayed-authentication`, 'MUST support the option to enable or disable Delayed Authentication')],
      features: AES_V3,
      flags: ['AuthenticationTag'],
      steps: [
        client('c', { key: 'aes-256-a', enableDelayedAuthenticationMode: true }),
        put('c', 'o', delayed),
        getBack('c', 'o', delayed),
        tamper('o', [{ op: 'flip-bit', target: 'body', index: -1 }]),
        getRefused('c', 'o', refused('security', 'content')),
      ],
    },
    {
      name: 'instruction-file/configured-at-creation',
      description: 'A client configured to write instruction files stores the V3 envelope, with the caller description as x-amz-m, in <key>.instruction.',
      lines: [
        line(`${C}#instruction-file-configuration`, 'MUST accept Instruction File Configuration'),
        line('data-format/metadata-strategy.md#instruction-file', 'MUST be optionally configured during client creation'),
        line('data-format/metadata-strategy.md#v3-instruction-files', 'MUST store the mapkey "x-amz-m"'),
      ],
      features: ['write:v3', 'read:v3', 'wrap:aes-gcm', 'key:aes', 'store:instruction-file', 'write:instruction-file'],
      flags: ['InstructionFile'],
      steps: [
        client('c', { key: 'aes-256-a', materialsDescription: { purpose: 'instruction' }, ...V3, instructionFileConfig: { enableInstructionFilePutObject: true } }),
        put('c', 'o', p),
        stored('o', { format: 'v3', storage: 'instruction', wrap: 'AES/GCM', plaintextLength: 65, description: { purpose: 'instruction' } }),
        getBack('c', 'o', p),
      ],
    },
  ];
}

export function operations(): Scenario[] {
  return [...kmsScenarios(), ...bufferAndStorage(), ...deletes(), ...multipart(), ...rotations(), ...ranges()];
}
