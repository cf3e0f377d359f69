import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { COMMITMENT_POLICIES, decryptObject, encryptObject, resolveWriteFormat, type CommitmentPolicy, type Description } from '../../reference/src/index.js';
import { fail } from '../fail.js';
import { keyringFromSpec } from '../keyring-spec.js';

const POLICY = `--commitment-policy ${COMMITMENT_POLICIES.join('|')}`;
/** Defaults: format v3 and REQUIRE_ENCRYPT_REQUIRE_DECRYPT; writing v2 needs FORBID_ENCRYPT_ALLOW_DECRYPT. */
export const ENCRYPT_USAGE =
  `s3cse encrypt --in FILE --keyring SPEC [--storage metadata|instruction] [--format v3|v2] [${POLICY}] [--matdesc JSON] [--kms-endpoint URL] --body-out FILE --metadata-out FILE.json [--instruction-out FILE]`;
/** Default REQUIRE_ENCRYPT_REQUIRE_DECRYPT reads V3 only; V1/V2 objects need REQUIRE_ENCRYPT_ALLOW_DECRYPT. */
export const DECRYPT_USAGE =
  `s3cse decrypt --body FILE --metadata FILE.json [--instruction FILE] --keyring SPEC [--legacy] [--delayed-auth] [${POLICY}] [--encryption-context JSON] [--kms-endpoint URL] --out FILE`;

export async function encryptCommand(args: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args,
    options: {
      in: { type: 'string' },
      keyring: { type: 'string' },
      storage: { type: 'string', default: 'metadata' },
      format: { type: 'string' },
      'commitment-policy': { type: 'string' },
      matdesc: { type: 'string' },
      'kms-endpoint': { type: 'string' },
      'body-out': { type: 'string' },
      'metadata-out': { type: 'string' },
      'instruction-out': { type: 'string' },
    },
    strict: true,
  });
  const input = required(v.in, '--in');
  const bodyOut = required(v['body-out'], '--body-out');
  const metadataOut = required(v['metadata-out'], '--metadata-out');
  if (v.storage !== 'metadata' && v.storage !== 'instruction') fail('INVALID_ARGUMENT', '--storage must be metadata or instruction');
  if (v.format !== undefined && v.format !== 'v2' && v.format !== 'v3') fail('INVALID_ARGUMENT', '--format must be v2 or v3');
  const commitmentPolicy = policyFlag(v['commitment-policy']);
  // Checked before any key is read or byte written; the message names the flag to change.
  resolveWriteFormat(commitmentPolicy, v.format);
  if (v.storage === 'instruction' && !v['instruction-out']) fail('INVALID_ARGUMENT', '--instruction-out is required with --storage instruction');
  const keyring = keyringFromSpec(required(v.keyring, '--keyring'), {
    ...(v['kms-endpoint'] ? { kmsEndpoint: v['kms-endpoint'] } : {}),
    ...(v.matdesc ? { description: parseJsonMap(v.matdesc, '--matdesc') } : {}),
  });
  const size = statSize(input);
  const encrypted = await encryptObject(createReadStream(input, { highWaterMark: 1 << 20 }), {
    keyring,
    storage: v.storage,
    ...(v.format === undefined ? {} : { format: v.format }),
    ...(commitmentPolicy === undefined ? {} : { commitmentPolicy }),
    contentLength: size,
  });
  await writeAtomically(bodyOut, async (tmp) => pipeline(encrypted.body, createWriteStream(tmp)));
  writeAtomicallySync(metadataOut, `${JSON.stringify(encrypted.metadata, null, 2)}\n`);
  if (encrypted.instructionFile !== undefined) writeAtomicallySync(v['instruction-out']!, encrypted.instructionFile);
}

export async function decryptCommand(args: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args,
    options: {
      body: { type: 'string' },
      metadata: { type: 'string' },
      instruction: { type: 'string' },
      keyring: { type: 'string' },
      legacy: { type: 'boolean', default: false },
      'delayed-auth': { type: 'boolean', default: false },
      'commitment-policy': { type: 'string' },
      'encryption-context': { type: 'string' },
      'kms-endpoint': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const bodyPath = required(v.body, '--body');
  const out = required(v.out, '--out');
  const commitmentPolicy = policyFlag(v['commitment-policy']);
  const keyring = keyringFromSpec(required(v.keyring, '--keyring'), v['kms-endpoint'] ? { kmsEndpoint: v['kms-endpoint'] } : {});
  const metadata = readMetadataFile(required(v.metadata, '--metadata'));
  const decrypted = await decryptObject(
    {
      body: createReadStream(bodyPath, { highWaterMark: 1 << 20 }),
      metadata,
      contentLength: statSize(bodyPath),
      ...(v.instruction ? { instructionFile: readText(v.instruction) } : {}),
    },
    {
      keyring,
      legacyUnauthenticatedModes: v.legacy,
      legacyWrappingAlgorithms: v.legacy,
      delayedAuthentication: v['delayed-auth'],
      ...(commitmentPolicy === undefined ? {} : { commitmentPolicy }),
      ...(v['encryption-context'] ? { encryptionContext: parseJsonMap(v['encryption-context'], '--encryption-context') } : {}),
    },
  );
  // Written to a temporary file and renamed only once the whole stream (and, with delayed
  // authentication, the tag) checked out: a failed decryption never leaves a partial --out file.
  await writeAtomically(out, async (tmp) => pipeline(decrypted.body, createWriteStream(tmp)));
}

function policyFlag(value: string | undefined): CommitmentPolicy | undefined {
  if (value === undefined) return undefined;
  if (!(COMMITMENT_POLICIES as readonly string[]).includes(value)) {
    fail('INVALID_ARGUMENT', `--commitment-policy must be one of ${COMMITMENT_POLICIES.join(', ')}`);
  }
  return value as CommitmentPolicy;
}

/** Accepts the `Metadata` map as `aws s3api head-object` prints it, or that whole output. */
function readMetadataFile(path: string): Record<string, string> {
  const parsed = parseJson(readText(path), path);
  const map = isRecord(parsed) && isRecord(parsed.Metadata) ? parsed.Metadata : parsed;
  return asStringMap(map, path);
}

function parseJsonMap(text: string, what: string): Description {
  return asStringMap(parseJson(text, what), what);
}

function asStringMap(value: unknown, what: string): Record<string, string> {
  if (!isRecord(value)) fail('INVALID_ARGUMENT', `${what} must be a JSON object of strings`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail('INVALID_ARGUMENT', `${what}: value of "${k}" must be a string`);
  }
  return value as Record<string, string>;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('INVALID_ARGUMENT', `${what} is not valid JSON`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function required(value: string | undefined, flag: string): string {
  return value ?? fail('INVALID_ARGUMENT', `${flag} is required`);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return fail('INVALID_ARGUMENT', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function statSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (e) {
    return fail('INVALID_ARGUMENT', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.partial-${process.pid}`;
  try {
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeAtomicallySync(path: string, text: string): void {
  const tmp = `${path}.partial-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
