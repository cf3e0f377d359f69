/**
 * The KMS JSON 1.1 protocol in front of `EmbeddedKms`: `POST /` with
 * `X-Amz-Target: TrentService.<Operation>`, JSON bodies with blobs in standard Base64, and errors as
 * HTTP 400 `{"__type": "<Exception>", "message": "..."}` (what the AWS SDKs parse).
 */
import type { Description } from './kms.js';
import { type EmbeddedKms, KmsServiceError, type EmbeddedKey } from './kms.js';
import type { HandlerResult } from './handler-result.js';

type Json = Record<string, unknown>;

const JSON_TYPE = 'application/x-amz-json-1.1';

export function handleKmsRequest(kms: EmbeddedKms, target: string, body: Buffer): HandlerResult {
  const operation = target.slice(target.indexOf('.') + 1);
  try {
    const request = parseRequest(body);
    return reply(200, dispatch(kms, operation, request));
  } catch (e) {
    if (e instanceof KmsServiceError) return reply(400, { __type: e.type, message: e.message });
    return reply(500, { __type: 'KMSInternalException', message: String(e) });
  }
}

function dispatch(kms: EmbeddedKms, operation: string, request: Json): Json {
  switch (operation) {
    case 'CreateKey':
      return createKey(kms, request);
    case 'DescribeKey':
      return { KeyMetadata: keyMetadata(kms.describeKey(requiredString(request, 'KeyId'))) };
    case 'GenerateDataKey': {
      const out = kms.generateDataKey(requiredString(request, 'KeyId'), dataKeyBytes(request), context(request));
      return { CiphertextBlob: b64(out.blob), Plaintext: b64(out.plaintext), KeyId: out.keyId };
    }
    case 'Encrypt': {
      const out = kms.encrypt(requiredString(request, 'KeyId'), blob(request, 'Plaintext'), context(request));
      return { CiphertextBlob: b64(out.blob), KeyId: out.keyId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    }
    case 'Decrypt': {
      const keyId = optionalString(request, 'KeyId');
      const out = kms.decrypt(blob(request, 'CiphertextBlob'), context(request), keyId);
      return { KeyId: out.keyId, Plaintext: b64(out.plaintext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    }
    default:
      throw new KmsServiceError('UnsupportedOperationException', `operation ${operation} is not supported here`);
  }
}

/**
 * CreateKey over the API cannot choose material or id in real KMS; like LocalStack
 * (`services/kms/models.py`, `utils.py`) we honour the tags `_custom_key_material_` (Base64 of
 * 32 bytes) and `_custom_id_`, so scripts written for LocalStack work here too.
 */
function createKey(kms: EmbeddedKms, request: Json): Json {
  const tags = Array.isArray(request['Tags']) ? (request['Tags'] as Json[]) : [];
  const tag = (name: string): string | undefined => {
    const value = tags.find((t) => t['TagKey'] === name)?.['TagValue'];
    return typeof value === 'string' ? value : undefined;
  };
  const material = tag('_custom_key_material_');
  const keyId = tag('_custom_id_');
  const description = optionalString(request, 'Description');
  const { keyId: id } = kms.createKey({
    ...(keyId === undefined ? {} : { keyId }),
    ...(material === undefined ? {} : { material: Buffer.from(material, 'base64') }),
    ...(description === undefined ? {} : { description }),
  });
  return { KeyMetadata: keyMetadata(kms.describeKey(id)) };
}

function keyMetadata(key: EmbeddedKey): Json {
  return {
    AWSAccountId: key.arn.split(':')[4],
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate.getTime() / 1000,
    Enabled: true,
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}

function dataKeyBytes(request: Json): number {
  const spec = request['KeySpec'];
  const count = request['NumberOfBytes'];
  if (spec !== undefined && count !== undefined) {
    throw new KmsServiceError('ValidationException', 'KeySpec and NumberOfBytes are mutually exclusive');
  }
  if (spec === 'AES_256') return 32;
  if (spec === 'AES_128') return 16;
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= 1024) return count;
  throw new KmsServiceError('ValidationException', 'Please specify either number of bytes or key spec.');
}

function parseRequest(body: Buffer): Json {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // fall through to the validation error below
  }
  throw new KmsServiceError('SerializationException', 'request body is not a JSON object');
}

function context(request: Json): Description | undefined {
  const ec = request['EncryptionContext'];
  if (ec === undefined || ec === null) return undefined;
  if (typeof ec !== 'object' || Array.isArray(ec) || !Object.values(ec).every((v) => typeof v === 'string')) {
    throw new KmsServiceError('ValidationException', 'EncryptionContext must map strings to strings');
  }
  return ec as Description;
}

function requiredString(request: Json, name: string): string {
  const value = optionalString(request, name);
  if (value === undefined || value === '') throw new KmsServiceError('ValidationException', `${name} is required`);
  return value;
}

function optionalString(request: Json, name: string): string | undefined {
  const value = request[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new KmsServiceError('ValidationException', `${name} must be a string`);
  return value;
}

function blob(request: Json, name: string): Buffer {
  const value = requiredString(request, name);
  return Buffer.from(value, 'base64');
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function reply(status: number, payload: Json): HandlerResult {
  return { status, headers: { 'content-type': JSON_TYPE }, body: Buffer.from(JSON.stringify(payload), 'utf8') };
}
