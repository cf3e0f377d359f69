/**
 * The scenario cases: what a client does with its configuration, and what its operations leave in
 * S3. Each entry states the steps and the requirement lines they check; scenarios.ts turns them
 * into vectors/corpus/scenarios/client-behaviour.json. Expected outcomes come from the
 * specification's text (the lines cited), never from running an implementation.
 */
import { specLine, type SpecLine } from '../spec-lines.js';
import { client, getBack, getRefused, put, refused, seed, stored, tamper, type Scenario } from './scenario-steps.js';
import { operations, writeMatrix } from './scenario-operations.js';
import type { ScenarioStepData } from '../../vectors/corpus.js';

export type { Scenario } from './scenario-steps.js';

const C = 'client.md';
const line = (section: string, fragment: string): SpecLine => specLine(section, fragment);
const CONFIG_REFUSED = refused('config', 'client-config');
const V2 = { commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' } as const;
const AES_V3 = ['write:v3', 'read:v3', 'wrap:aes-gcm', 'key:aes', 'store:metadata'];
const AES_V2 = ['write:v2', 'read:v2', 'wrap:aes-gcm', 'key:aes', 'store:metadata'];

function defaults(): Scenario[] {
  const p = seed('scenario/defaults', 17);
  const v2 = seed('scenario/defaults-legacy', 33);
  const legacyReader = (tampering: Parameters<typeof tamper>[1]): ScenarioStepData[] => [
    client('writer', { key: 'aes-256-a', ...V2 }),
    put('writer', 'o', v2),
    tamper('o', tampering),
    // The reader states its policy (so the policy does not refuse V2 first) and leaves the legacy switches out.
    client('reader', { key: 'aes-256-a', commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' }),
    getRefused('reader', 'o', refused('config', 'policy')),
  ];
  return [
    {
      name: 'defaults/writes-v3-to-metadata',
      description: 'A client built with a key and nothing else writes a V3 object with its envelope in object metadata and no instruction file beside it, and reads it back.',
      lines: [
        line('data-format/metadata-strategy.md#object-metadata', 'By default, the S3EC MUST store content metadata in the S3 Object Metadata'),
        line('data-format/metadata-strategy.md#instruction-file', 'Instruction File writes MUST NOT be enabled by default'),
        line(`${C}#instruction-file-configuration`, 'SHOULD be optional'),
        line(`${C}#set-buffer-size`, 'no buffer size is provided'),
        line('data-format/content-metadata.md#v3-only', 'If the mapkey x-amz-t is not present'),
      ],
      features: AES_V3,
      flags: [],
      steps: [client('c', { key: 'aes-256-a' }), put('c', 'o', p), stored('o', { format: 'v3', storage: 'metadata', wrap: 'AES/GCM', plaintextLength: 17 }), getBack('c', 'o', p)],
    },
    {
      name: 'defaults/legacy-wraps-off',
      description: 'A client that leaves the legacy switches out refuses an object whose wrap is the legacy AESWrap, by configuration.',
      lines: [line(`${C}#enable-legacy-wrapping-algorithms`, 'MUST be set to false by default'), line(`${C}#enable-legacy-wrapping-algorithms`, 'When disabled')],
      features: [...AES_V2, 'legacy-wrap:aeswrap'],
      flags: ['LegacyOff'],
      steps: legacyReader([{ op: 'set-metadata', key: 'x-amz-wrap-alg', value: 'AESWrap' }]),
    },
    {
      name: 'defaults/legacy-content-off',
      description: 'A client that leaves the legacy switches out refuses an object whose content algorithm is AES-CBC, by configuration.',
      lines: [line(`${C}#enable-legacy-unauthenticated-modes`, 'MUST be set to false by default'), line(`${C}#enable-legacy-unauthenticated-modes`, 'When disabled')],
      features: [...AES_V2, 'legacy-content:cbc'],
      flags: ['LegacyOff'],
      steps: legacyReader([
        { op: 'set-metadata', key: 'x-amz-cek-alg', value: 'AES/CBC/PKCS5Padding' },
        // A CBC IV is 16 bytes; with the GCM one's 12 the object would be malformed before the switch is consulted.
        { op: 'set-metadata', key: 'x-amz-iv', value: 'AQIDBAUGBwgJCgsMDQ4PEA==' },
        { op: 'delete-metadata', key: 'x-amz-tag-len' },
      ]),
    },
  ];
}

function configRefusals(): Scenario[] {
  const refusal = (name: string, description: string, config: Parameters<typeof client>[1], lines: SpecLine[], flags: string[] = []): Scenario => ({
    name: `config/${name}`,
    description,
    lines,
    features: config.key.startsWith('kms') ? ['key:kms'] : ['key:aes'],
    flags,
    steps: [client('c', config, CONFIG_REFUSED)],
  });
  const legacy = [
    line(`${C}#encryption-algorithm`, 'validate that the configured encryption algorithm is not legacy'),
    line(`${C}#encryption-algorithm`, 'If the configured encryption algorithm is legacy'),
  ];
  const incompatible = [line(`${C}#key-commitment`, 'MUST validate the configured Encryption Algorithm'), line(`${C}#key-commitment`, 'is incompatible with the key commitment policy')];
  const policy = (p: string): SpecLine => line('key-commitment.md#commitment-policy', p);
  return [
    refusal(
      'cbc-algorithm',
      'A client configured to encrypt with AES-CBC (legacy) is refused when it is built.',
      { key: 'aes-256-a', encryptionAlgorithm: 'ALG_AES_256_CBC_IV16_NO_KDF', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' },
      legacy,
      ['AlgorithmDowngrade'],
    ),
    refusal(
      'ctr-algorithm',
      'A client configured to encrypt with AES-CTR is refused when it is built.',
      { key: 'aes-256-a', encryptionAlgorithm: 'ALG_AES_256_CTR_IV16_TAG16_NO_KDF', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' },
      [line('encryption.md#alg-aes-256-ctr-iv16-tag16-no-kdf', 'Attempts to encrypt using AES-CTR MUST fail')],
    ),
    refusal(
      'ctr-hkdf-algorithm',
      'A client configured to encrypt with key-committing AES-CTR is refused when it is built.',
      { key: 'aes-256-a', encryptionAlgorithm: 'ALG_AES_256_CTR_HKDF_SHA512_COMMIT_KEY', commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' },
      [line('encryption.md#alg-aes-256-ctr-hkdf-sha512-commit-key', 'Attempts to encrypt using key committing AES-CTR MUST fail')],
    ),
    refusal(
      'forbid-with-committing-algorithm',
      'FORBID_ENCRYPT_ALLOW_DECRYPT with the key-committing algorithm is refused when the client is built.',
      { key: 'aes-256-a', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY' },
      [...incompatible, policy('FORBID_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST NOT encrypt')],
      ['CommitmentPolicy'],
    ),
    refusal(
      'require-allow-with-gcm',
      'REQUIRE_ENCRYPT_ALLOW_DECRYPT with the non-committing GCM algorithm is refused when the client is built.',
      { key: 'aes-256-a', commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' },
      [...incompatible, policy('REQUIRE_ENCRYPT_ALLOW_DECRYPT, the S3EC MUST only encrypt')],
      ['CommitmentPolicy'],
    ),
    refusal(
      'require-require-with-gcm',
      'REQUIRE_ENCRYPT_REQUIRE_DECRYPT with the non-committing GCM algorithm is refused when the client is built.',
      { key: 'aes-256-a', commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' },
      [...incompatible, policy('REQUIRE_ENCRYPT_REQUIRE_DECRYPT, the S3EC MUST only encrypt')],
      ['CommitmentPolicy'],
    ),
    refusal(
      'delayed-authentication-with-buffer-size',
      'Delayed authentication together with a buffer size is refused when the client is built.',
      { key: 'aes-256-a', enableDelayedAuthenticationMode: true, setBufferSize: 1048576 },
      [line(`${C}#set-buffer-size`, 'If Delayed Authentication mode is enabled')],
    ),
    refusal('empty-kms-key-id', 'A KMS client configured with an empty key id is refused when it is built.', { key: 'kms-id:' }, [
      line('materials/s3-kms-keyring.md#initialization', 'the caller MUST provide an AWS KMS key identifier'),
      line('materials/s3-kms-keyring.md#initialization', 'is not null or empty, then it MUST throw'),
    ]),
  ];
}

export function scenarioCatalogue(): Scenario[] {
  return [...defaults(), ...configRefusals(), ...writeMatrix(), ...operations()];
}
