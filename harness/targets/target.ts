/**
 * What every S3 + KMS target gives the harness, whether it runs in this process (embedded), as a
 * child process the harness owns (moto, LocalStack host mode) or is remote (AWS).
 *
 * Implementations under test never see this object: they get `childEnv()` (the standard
 * `AWS_ENDPOINT_URL*` variables, region and credentials) and talk to the target with their own SDK.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';

export type TargetName = 'embedded' | 'moto' | 'localstack' | 'aws';
export const TARGET_NAMES: readonly TargetName[] = ['embedded', 'moto', 'localstack', 'aws'];

export interface CreateKmsKeyOptions {
  /** A key id to ask for (embedded and LocalStack honour it; moto and AWS pick their own). */
  readonly keyId?: string;
  /** 32 bytes of AES key material (embedded and LocalStack honour it; moto and AWS do not). */
  readonly material?: Uint8Array;
}

/** A KMS answer recorded elsewhere (a known-answer vector's), to be given back for exactly its blob. */
export interface RecordedKmsAnswer {
  readonly ciphertextBlob: Uint8Array;
  readonly plaintext: Uint8Array;
  readonly keyId?: string;
  /** When given, a Decrypt must send exactly this context or it fails like a wrong AAD would. */
  readonly expectedEncryptionContext?: Readonly<Record<string, string>>;
}

/**
 * Replaying recorded KMS answers: objects written by someone else's KMS key can only be read if
 * the target's KMS answers Decrypt for their blobs as the original did. Only a KMS the harness
 * owns can (the embedded one); other targets leave `kmsReplay` out.
 */
export interface KmsReplay {
  /** From now on, Decrypt of `answer.ciphertextBlob` returns `answer.plaintext`. */
  register(answer: RecordedKmsAnswer): void;
  /** Whether a key of this id exists (the vectors name their keys; another run may have made it). */
  hasKey(keyId: string): boolean;
}

export interface RunningTarget {
  readonly name: TargetName;
  /** S3 endpoint (path-style). For AWS, the regional endpoint the SDK resolved, for display only. */
  readonly s3Endpoint: string;
  readonly kmsEndpoint: string;
  readonly region: string;
  /** One line for reports: backend name and version (`moto 5.2.5`, `embedded`). */
  readonly description: string;
  /** SDK v3 clients wired to this target, for the harness's own set-up and raw reads. */
  readonly s3: S3Client;
  readonly kms: KMSClient;
  /** Environment for a child process so that any AWS SDK reaches this target. */
  childEnv(): Record<string, string>;
  /** Creates the bucket if it does not exist yet. */
  ensureBucket(name: string): Promise<void>;
  /** Creates a symmetric KMS key and returns the id clients should use. */
  createKmsKey(options?: CreateKmsKeyOptions): Promise<string>;
  /** Whether createKmsKey honours caller-given key ids and material (replayed vectors need it). */
  readonly supportsKnownKeyMaterial: boolean;
  /** Present on targets that can replay recorded KMS answers (the known-answer suite needs it). */
  readonly kmsReplay?: KmsReplay;
  /** Present on targets that count the S3 response bytes they send per object (the embedded one). */
  bytesServed?(bucket: string, key: string): number;
  stop(): Promise<void>;
}

/** A target that replays KMS answers, narrowed without a cast. */
export type ReplayingTarget = RunningTarget & { readonly kmsReplay: KmsReplay };

export function replaysKms(t: RunningTarget): t is ReplayingTarget {
  return t.kmsReplay !== undefined;
}

/** Returned instead of a target when it cannot run here; `reason` is one line for the user. */
export interface UnavailableTarget {
  readonly name: TargetName;
  readonly unavailable: true;
  readonly reason: string;
}

export function isUnavailable(t: RunningTarget | UnavailableTarget): t is UnavailableTarget {
  return 'unavailable' in t;
}

/** The environment every local target gives children: path-style, us-east-1, dummy credentials. */
export function localChildEnv(s3Endpoint: string, kmsEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: s3Endpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_KMS: kmsEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    // Not an AWS SDK variable: adapters read it to switch their S3 client to path-style.
    S3EC_S3_FORCE_PATH_STYLE: 'true',
    // SDKs that honour it skip IMDS and shared profiles, so nothing leaks in from the machine.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
