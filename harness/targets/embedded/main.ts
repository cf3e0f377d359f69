/**
 * Runs the embedded target on its own until interrupted, for trying an adapter by hand:
 *
 *   npx tsx harness/targets/embedded/main.ts [--bucket NAME] [--kms-key ID:HEX]...
 *
 * Prints one line `READY <endpoint>` on stdout once it listens, then the child environment.
 */
import { parseArgs } from 'node:util';
import { localChildEnv } from '../target.js';
import { startEmbeddedTarget } from './server.js';

const { values } = parseArgs({ options: { bucket: { type: 'string', multiple: true }, 'kms-key': { type: 'string', multiple: true } } });
const target = await startEmbeddedTarget();
for (const b of values.bucket ?? []) target.s3.createBucket(b);
for (const spec of values['kms-key'] ?? []) {
  const [keyId, hex] = spec.split(':');
  target.kms.createKey({ ...(keyId ? { keyId } : {}), ...(hex ? { material: Buffer.from(hex, 'hex') } : {}) });
}
process.stdout.write(`READY ${target.endpoint}\n`);
for (const [k, v] of Object.entries(localChildEnv(target.endpoint, target.endpoint))) process.stdout.write(`export ${k}=${v}\n`);
const stop = (): void => void target.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
