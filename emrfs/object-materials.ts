/**
 * EMRFS's side of a materials provider: what it tells the provider about each object, and how
 * its KMS contexts behave.
 *
 * On write EMRFS hands the provider a request description (EMRFS 2.37.0
 * `CSEUtils.getMaterialsDescription`): `{"kms_cmk_id": keyId}` for its KMS provider, else
 * `{"Path": "s3://bucket/key", "JobflowId": id}` when fs.s3.cse.materialsDescription.enabled is
 * true, else nothing. The provider may choose a key by it, but what gets stored is the chosen
 * keyring's own description.
 *
 * KMS: the request description never reaches the encryption context. The Java client EMRFS runs
 * reads `kms+context` only when the stored context (less `aws:x-amz-cek-alg`) equals its
 * materials' description, `{"kms_cmk_id"}` for the KMS provider (checked against java-v1: a
 * context with `Path` fails with InvalidCiphertextException in EncryptionOnly mode and "Provided
 * encryption materials do not match" in the V2 client). And on read, EMRFS states no context of
 * its own: the stored one is taken as it is (KMS still binds it), instead of being compared with
 * a caller's.
 */
import {
  EC_CEK_ALG_KEY,
  KMS_CMK_ID_KEY,
  WRAP,
  type Description,
  type Keyring,
  type MaterialsProvider,
  type ObjectKeyRequest,
  type UnwrapRequest,
  type WrapAlgorithm,
  type WrappedKey,
  type WrapRequest,
} from '@s3cse/reference';
import { adoptingUnwrap, adoptingWrap } from './foreign-errors.js';
import type { EmrfsProfile } from './profile.js';
import { DESCRIPTION_KEY } from './properties.js';
import { s3Uri } from './s3-uri.js';

/** The description EMRFS passes with a write of `s3://bucket/key` (empty: none). */
export function emrfsRequestDescription(profile: EmrfsProfile, bucket: string, key: string, jobFlowId: string): Description {
  if (profile.keys?.kind === 'kms') return { [DESCRIPTION_KEY.kmsKeyId]: profile.keys.keyId };
  if (profile.materialsDescription) return { [DESCRIPTION_KEY.path]: s3Uri(bucket, key), [DESCRIPTION_KEY.jobFlowId]: jobFlowId };
  return {};
}

/** A provider seen through EMRFS: it is told what EMRFS tells it, and its keyrings behave as in EMRFS. */
export class EmrfsObjectMaterials implements MaterialsProvider {
  readonly #inner: MaterialsProvider;
  readonly #describe: (bucket: string, key: string) => Description;

  constructor(inner: MaterialsProvider, describe: (bucket: string, key: string) => Description) {
    this.#inner = inner;
    this.#describe = describe;
  }

  async encryptionKeyring(request: ObjectKeyRequest): Promise<Keyring> {
    const description = request.bucket !== undefined && request.key !== undefined ? this.#describe(request.bucket, request.key) : {};
    return new EmrfsKeyring(await this.#inner.encryptionKeyring({ ...request, description }));
  }

  async decryptionKeyring(request: ObjectKeyRequest & { readonly wrap: WrapAlgorithm }): Promise<Keyring> {
    return new EmrfsKeyring(await this.#inner.decryptionKeyring(request));
  }
}

class EmrfsKeyring implements Keyring {
  readonly kind: Keyring['kind'];
  readonly #inner: Keyring;

  constructor(inner: Keyring) {
    this.#inner = inner;
    this.kind = inner.kind;
  }

  wrap(request: WrapRequest): Promise<WrappedKey> {
    return adoptingWrap(this.#inner, { ...request, description: {} });
  }

  unwrap(request: UnwrapRequest): Promise<Uint8Array> {
    if (request.envelope.wrap !== WRAP.KMS_CONTEXT) return adoptingUnwrap(this.#inner, request);
    const stored: Record<string, string> = { ...request.envelope.description };
    delete stored[EC_CEK_ALG_KEY];
    delete stored[KMS_CMK_ID_KEY];
    return adoptingUnwrap(this.#inner, { ...request, encryptionContext: stored });
  }
}
