#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

// The SDK warns that releases after January 2027 need Node 22; this project runs on Node 20 with
// the SDK version pinned in package-lock.json, so the warning would only be noise on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
