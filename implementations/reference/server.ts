/**
 * The reference implementation behind the adapter protocol (harness/PROTOCOL.md), so the harness
 * drives it exactly as it drives the Java, Go and Python clients: as a separate process with its
 * own S3 and KMS clients, configured only through the environment.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { AesKeyring, isS3EncryptionError, KmsKeyring, RsaKeyring, S3EncryptionClient, type Keyring, type WriteFormat } from '@s3cse/reference';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { decodeContentMetadata } from '../../protocol/messages.js';
import type { Capabilities, KeyMaterial, S3ECConfig } from '../../protocol/messages.js';
import type { EncryptionAlgorithm } from '../../protocol/vocabulary.js';
import { referenceCapabilities } from './capabilities.js';
import { emrfsAdapterClient, emrfsCapabilities, loadEmrfsMode, type ReferenceClient } from './emrfs-mode.js';
import { Refusal } from '../../protocol/refusal.js';
import { deleteMany, deleteOne, multipartPut } from './extension-routes.js';
import { serveStreamed, wantsStream } from './streaming.js';

const clients = new Map<string, ReferenceClient>();
const env = process.env;
/** `s3cse run --emrfs-config FILE`: clients behave as that EMRFS configuration asks (emrfs-mode.ts). */
const emrfs = env['S3CSE_EMRFS_CONFIG'] ? loadEmrfsMode(env['S3CSE_EMRFS_CONFIG']) : undefined;
const region = env['AWS_REGION'] ?? 'us-east-1';
const s3 = new S3Client({
  region,
  forcePathStyle: env['S3EC_S3_FORCE_PATH_STYLE'] === 'true',
  // moto answers a ranged GET with the whole object's stored Content-MD5 (when the writer sent
  // one, as aws-sdk-go s3crypto does), and the SDK would check the slice against it. S3 sends no
  // Content-MD5 on GET, so on emulator endpoints responses are checked only when asked for.
  ...(env['AWS_ENDPOINT_URL_S3'] ? { endpoint: env['AWS_ENDPOINT_URL_S3'], responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
});
const kms = new KMSClient({ region, ...(env['AWS_ENDPOINT_URL_KMS'] ? { endpoint: env['AWS_ENDPOINT_URL_KMS'] } : {}) });

function keyringFor(material: KeyMaterial): Keyring {
  const description = material.materialsDescription ? { description: material.materialsDescription } : {};
  if (material.aesKey !== undefined) return new AesKeyring({ key: Buffer.from(material.aesKey, 'base64'), ...description });
  if (material.rsaKey !== undefined) {
    const privateKey = createPrivateKey({ key: Buffer.from(material.rsaKey, 'base64'), format: 'der', type: 'pkcs8' });
    return new RsaKeyring({
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicKey: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
      ...description,
    });
  }
  if (material.kmsKeyId !== undefined) return new KmsKeyring({ client: kms, keyId: material.kmsKeyId });
  throw new Refusal('config', 'INVALID_ARGUMENT', 'keyMaterial names no key');
}

/** The reference's write format for each protocol encryption algorithm; CBC is legacy and never written. */
const FORMAT_OF_ALGORITHM: Readonly<Record<EncryptionAlgorithm, WriteFormat | undefined>> = {
  ALG_AES_256_CBC_IV16_NO_KDF: undefined,
  ALG_AES_256_GCM_IV12_TAG16_NO_KDF: 'v2',
  ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY: 'v3',
  ALG_AES_256_CTR_IV16_TAG16_NO_KDF: undefined,
  ALG_AES_256_CTR_HKDF_SHA512_COMMIT_KEY: undefined,
};

/**
 * `s3cse.writeFormat` and `encryptionAlgorithm` name the same thing (PROTOCOL.md); either may be
 * absent, and then the reference's default (v3) applies, as Java's default algorithm does.
 */
function writeFormatOf(config: S3ECConfig): WriteFormat | undefined {
  const extension = config.s3cse?.writeFormat;
  if (extension === 'v1-eo' || extension === 'v1-ae') {
    throw new Refusal('unsupported', 'UNSUPPORTED', `the reference never writes the legacy ${extension} format`);
  }
  const algorithm = config.encryptionAlgorithm;
  const fromAlgorithm = algorithm === undefined ? undefined : FORMAT_OF_ALGORITHM[algorithm];
  if (algorithm?.includes('_CTR_')) {
    //= specification/s3-encryption/encryption.md#alg-aes-256-ctr-iv16-tag16-no-kdf
    //# Attempts to encrypt using AES-CTR MUST fail.
    throw new Refusal('config', 'INVALID_ARGUMENT', `encryptionAlgorithm ${algorithm} decrypts ranges only and cannot be configured for writing`);
  }
  if (algorithm !== undefined && fromAlgorithm === undefined) {
    // Java v4 refuses a legacy encryption algorithm when the client is built.
    throw new Refusal('config', 'INVALID_ARGUMENT', `encryptionAlgorithm ${algorithm} is legacy and cannot be configured for writing`);
  }
  if (extension !== undefined && fromAlgorithm !== undefined && extension !== fromAlgorithm) {
    throw new Refusal('config', 'INVALID_ARGUMENT', `s3cse.writeFormat ${extension} contradicts encryptionAlgorithm ${algorithm}`);
  }
  return extension ?? fromAlgorithm;
}

function buildClient(config: S3ECConfig): ReferenceClient {
  if (emrfs) return emrfsAdapterClient(emrfs, s3, keyringFor(config.keyMaterial), config);
  const format = writeFormatOf(config);
  // The reference checks policy against format itself and refuses a conflict (INVALID_ARGUMENT).
  return new S3EncryptionClient({
    client: s3,
    keyring: keyringFor(config.keyMaterial),
    ...(format === undefined ? {} : { format }),
    ...(config.commitmentPolicy === undefined ? {} : { commitmentPolicy: config.commitmentPolicy }),
    storage: config.instructionFileConfig?.enableInstructionFilePutObject ? 'instruction' : 'metadata',
    legacyUnauthenticatedModes: config.enableLegacyUnauthenticatedModes ?? false,
    legacyWrappingAlgorithms: config.enableLegacyWrappingAlgorithms ?? false,
    delayedAuthentication: config.enableDelayedAuthenticationMode ?? false,
    ...(config.setBufferSize === undefined ? {} : { bufferSize: config.setBufferSize }),
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://adapter');
  const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
  if (wantsStream(req) && (await serveStreamed(req, res, parts, (id) => (id ? clients.get(id) : undefined)))) return;
  const body = await readAll(req);
  if (req.method === 'GET' && url.pathname === '/capabilities') return json(res, 200, (emrfs ? emrfsCapabilities(referenceCapabilities(), emrfs) : referenceCapabilities()) satisfies Capabilities);
  if (req.method === 'POST' && url.pathname === '/client') {
    const { config } = JSON.parse(body.toString('utf8')) as { config: S3ECConfig };
    const id = randomUUID();
    clients.set(id, buildClient(config));
    return json(res, 200, { clientId: id });
  }
  if (req.method === 'POST' && parts[0] === 'delete-objects' && parts.length === 2) {
    const { keys } = JSON.parse(body.toString('utf8')) as { keys: string[] };
    return json(res, 200, await deleteMany(clientOf(req), parts[1] as string, keys));
  }
  if (parts[0] !== 'object' || parts.length < 3) return error(res, 404, 'GenericServerError', `no route ${req.method} ${url.pathname}`);
  const [, bucket, key, action] = parts as [string, string, string, string | undefined];
  const client = clientOf(req);
  // Node hands header bytes over as Latin-1 strings; the protocol's bytes are UTF-8.
  const context = decodeContentMetadata(Buffer.from(header(req, 'content-metadata') ?? '', 'latin1').toString('utf8'));
  if (req.method === 'DELETE' && action === undefined) return json(res, 200, await deleteOne(client, bucket, key));
  const partSize = header(req, 's3cse-multipart-part-size');
  if (req.method === 'PUT' && action === undefined && partSize !== undefined) {
    const abort = header(req, 's3cse-multipart-abort') === 'true';
    await multipartPut(client, { bucket, key, body, partSize: Number(partSize), abort, ...(Object.keys(context).length ? { description: context } : {}) });
    return json(res, 200, { bucket, key, metadata: [] });
  }
  if (req.method === 'PUT' && action === undefined) {
    await client.putObject({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length, ...(Object.keys(context).length ? { MaterialsDescription: context } : {}) });
    return json(res, 200, { bucket, key, metadata: [] });
  }
  if (req.method === 'GET' && action === undefined) {
    const range = header(req, 'range');
    const suffix = header(req, 'instructionfilesuffix');
    const out = await client.getObject({
      Bucket: bucket,
      Key: key,
      ...(range ? { Range: range } : {}),
      ...(suffix ? { InstructionFileSuffix: suffix } : {}),
      ...(Object.keys(context).length ? { EncryptionContext: context } : {}),
    });
    // Decrypt fully before answering: a failure must become an error response, not a cut body.
    const plaintext = await readAll(Readable.from(out.Body as AsyncIterable<Uint8Array>));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': plaintext.length });
    res.end(plaintext);
    return;
  }
  if (req.method === 'POST' && action === 'reencrypt') {
    // Body: the new KeyMaterial; the suffix, when given, is appended verbatim as on GET.
    const newKey = JSON.parse(body.toString('utf8')) as KeyMaterial;
    const suffix = header(req, 'instructionfilesuffix');
    const out = await client.reEncryptInstructionFile({
      Bucket: bucket,
      Key: key,
      newKeyring: keyringFor(newKey),
      enforceRotation: header(req, 'enforcerotation') === 'true',
      ...(suffix ? { instructionFileSuffix: suffix } : {}),
      ...(Object.keys(context).length ? { encryptionContext: context } : {}),
    });
    return json(res, 200, { bucket, key, instructionFileSuffix: out.instructionFileSuffix, enforceRotation: out.enforceRotation });
  }
  return error(res, 404, 'GenericServerError', `no route ${req.method} ${url.pathname}`);
}

/** The client a request names; an unknown one is the caller's bug, not a refusal. */
function clientOf(req: IncomingMessage): ReferenceClient {
  const clientId = header(req, 'clientid');
  const client = clientId ? clients.get(clientId) : undefined;
  if (!client) throw new UnknownClient(`unknown ClientID ${clientId ?? '(none)'}`);
  return client;
}

class UnknownClient extends Error {}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function error(res: ServerResponse, status: number, type: 'S3EncryptionClientError' | 'GenericServerError', message: string, extra: object = {}): void {
  json(res, status, { __type: type, message, ...extra });
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks);
}

const server = createServer((req, res) => {
  handle(req, res).catch((e: unknown) => {
    if (res.headersSent) return void res.destroy();
    if (e instanceof UnknownClient) return error(res, 400, 'GenericServerError', e.message);
    if (e instanceof Refusal) return error(res, 500, 'S3EncryptionClientError', e.message, { category: e.category, code: e.code });
    if (isS3EncryptionError(e)) return error(res, 500, 'S3EncryptionClientError', e.message, { category: e.category, code: e.code });
    return error(res, 500, 'GenericServerError', (e as Error).message ?? String(e));
  });
});
const port = Number(env['S3EC_ADAPTER_PORT'] ?? '0');
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`reference adapter listening on ${typeof address === 'object' && address ? address.port : port}\n`);
});
// The harness owns this process: when it goes away (stdin closes), so does the adapter.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
