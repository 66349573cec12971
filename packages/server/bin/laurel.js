#!/usr/bin/env node
// The `laurel` command. The app is TypeScript run through tsx's loader, so a fresh clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// Before anything loads jsonld: share its processed contexts (about 3× faster signing and verifying;
// see @laurel/credentials issue/shared-contexts.ts).
await import('@laurel/credentials/share-contexts-now');
const { main } = await import('../src/cli/main.ts');
// main() returns the exit code rather than exiting: the process ends with it once nothing is left
// running, so `laurel serve` (which returns once listening) keeps serving.
process.exitCode = await main(process.argv.slice(2));
