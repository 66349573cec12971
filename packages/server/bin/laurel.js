#!/usr/bin/env node
// The `laurel` command. `npm ci` compiles the app into dist/ (scripts/build.mjs); this runs that
// JavaScript while it is a build of the current sources, and otherwise — no build, or a source file
// edited since — the TypeScript through tsx's loader, so a developer never runs stale code.
// LAUREL_TYPESCRIPT=1 always runs the TypeScript.
import { isBuildFresh } from '../../../scripts/build.mjs';

const built = process.env.LAUREL_TYPESCRIPT !== '1' && isBuildFresh();
if (!built) (await import('tsx/esm/api')).register();
const src = built ? '../../../dist/packages' : '../..';
const ext = built ? 'js' : 'ts';
// Before anything loads jsonld: share its processed contexts (about 3× faster signing and verifying;
// see @laurel/credentials issue/shared-contexts.ts).
await import(`${src}/credentials/src/issue/share-contexts-now.${ext}`);
const { main } = await import(`${src}/server/src/cli/main.${ext}`);
// main() returns the exit code rather than exiting: the process ends with it once nothing is left
// running, so `laurel serve` (which returns once listening) keeps serving.
process.exitCode = await main(process.argv.slice(2));
