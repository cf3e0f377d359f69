/**
 * `s3cse get` / `s3cse put`: one object through a client configured from an EMR cluster's
 * emrfs-site settings (src/emrfs/).
 */
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { emrfsClientFromFile, emrfsWriteNote, parseS3Uri, type EmrfsClient } from '../../reference/src/index.js';
import { kmsClientFromEnvironment, s3ClientFromEnvironment } from '../aws-environment.js';
import { fail } from '../fail.js';

export const GET_USAGE = 's3cse get s3://BUCKET/KEY --emrfs-config FILE [--job-id ID] [--out FILE]   (stdout without --out)';
export const PUT_USAGE = 's3cse put FILE s3://BUCKET/KEY --emrfs-config FILE [--job-id ID]';

const OPTIONS = { 'emrfs-config': { type: 'string' }, 'job-id': { type: 'string' } } as const;

export async function getCommand(args: string[], stdout: Writable = process.stdout): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { ...OPTIONS, out: { type: 'string' } }, allowPositionals: true, strict: true });
  const [uri] = exactly(positionals, 1, GET_USAGE) as [string];
  const { bucket, key } = parseS3Uri(uri);
  const client = await clientFor(values);
  const response = await client.getObject({ Bucket: bucket, Key: key });
  const body = Readable.from(response.Body as AsyncIterable<Uint8Array>);
  if (values.out === undefined) {
    await pipeline(body, stdout, { end: false });
    return;
  }
  // Renamed into place only once the whole object decrypted: a failure leaves no partial file.
  const partial = `${values.out}.partial-${process.pid}`;
  try {
    await pipeline(body, createWriteStream(partial));
    renameSync(partial, values.out);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

export async function putCommand(args: string[], stderr: Writable = process.stderr): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [path, uri] = exactly(positionals, 2, PUT_USAGE) as [string, string];
  const { bucket, key } = parseS3Uri(uri);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    return fail('INVALID_ARGUMENT', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const client = await clientFor(values);
  const note = emrfsWriteNote(client.profile);
  if (note) stderr.write(`s3cse: note: ${note}\n`);
  await client.putObject({ Bucket: bucket, Key: key, Body: createReadStream(path, { highWaterMark: 1 << 20 }), ContentLength: size });
}

function clientFor(values: { 'emrfs-config'?: string; 'job-id'?: string }): Promise<EmrfsClient> {
  const file = values['emrfs-config'] ?? fail('INVALID_ARGUMENT', '--emrfs-config is required');
  return emrfsClientFromFile(file, {
    s3: s3ClientFromEnvironment(),
    kms: (profile) => kmsClientFromEnvironment(profile.kmsRegion),
    ...(values['job-id'] === undefined ? {} : { jobFlowId: values['job-id'] }),
  });
}

function exactly(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count) fail('INVALID_ARGUMENT', `expected ${count === 1 ? 'one argument' : `${count} arguments`}; usage: ${usage}`);
  return positionals;
}
