/**
 * moto dressed as a real AWS account, for the aws target's end-to-end run (harness/test/
 * targets-aws-moto.test.ts): a bucket, a KMS key with an alias, and a profile in temporary
 * `credentials` and `config` files, so the aws target and every child resolve credentials and the
 * endpoint the way they would for AWS (the default chain: AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE,
 * AWS_CONFIG_FILE; SDK for Java v1 reads AWS_CREDENTIAL_PROFILES_FILE instead). No AWS_ACCESS_KEY_ID
 * is set. moto on 127.0.0.1 serves path-style only, so the aws target picks path-style for it.
 */
import { CreateAliasCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningTarget } from '../target.js';

export const ACCOUNT_PROFILE = 's3cse-e2e';
export const ACCOUNT_REGION = 'us-east-1';

export interface MotoAccount {
  readonly bucket: string;
  /** The same key three ways: id, ARN, alias name. */
  readonly keyId: string;
  readonly keyArn: string;
  readonly alias: string;
  /** The environment for `s3cse run --target aws` (add it to a copy of process.env without AWS_*). */
  readonly env: Record<string, string>;
  readonly endpoint: string;
  remove(): void;
}

export async function motoAccount(moto: RunningTarget, bucket = 's3cse-aws-e2e'): Promise<MotoAccount> {
  await moto.ensureBucket(bucket);
  const keyId = await moto.createKmsKey();
  const described = await moto.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  const keyArn = described.KeyMetadata?.Arn;
  if (!keyArn) throw new Error('moto DescribeKey returned no Arn');
  const alias = `alias/s3cse-e2e-${keyId.slice(0, 8)}`;
  await moto.kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  const dir = mkdtempSync(join(tmpdir(), 's3cse-aws-profile-'));
  const credentials = join(dir, 'credentials');
  const config = join(dir, 'config');
  writeFileSync(credentials, `[${ACCOUNT_PROFILE}]\naws_access_key_id = AKIAS3CSEE2E00000000\naws_secret_access_key = s3cse-e2e-not-a-secret\n`, { mode: 0o600 });
  writeFileSync(config, `[profile ${ACCOUNT_PROFILE}]\nregion = ${ACCOUNT_REGION}\n`, { mode: 0o600 });
  return {
    bucket,
    keyId,
    keyArn,
    alias,
    endpoint: moto.s3Endpoint,
    env: {
      AWS_PROFILE: ACCOUNT_PROFILE,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CREDENTIAL_PROFILES_FILE: credentials,
      AWS_CONFIG_FILE: config,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** process.env without any AWS_* variable, so only the profile files speak. */
export function envWithoutAws(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith('AWS_')) out[k] = v;
  // The SDK's Node 20 notice on every child would bury the output.
  out['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  return out;
}
