#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx, so no build step is needed.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

// The SDK warns that releases after January 2027 need Node 22; this project runs on Node 20 with
// the SDK version pinned in package-lock.json, so the warning would only be noise on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// Registered after tsx, so it runs first and tsx resolves with the extra condition; child
// processes (the reference adapter) get the same condition through NODE_OPTIONS.
registerHooks('./source-condition.js', import.meta.url);
if (!(process.env.NODE_OPTIONS ?? '').includes('--conditions=s3cse-source')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=s3cse-source`.trim();
}
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
