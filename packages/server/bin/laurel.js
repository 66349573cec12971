#!/usr/bin/env -S node --max-old-space-size=1024
// V8's old space is capped at 1 GiB: left to size itself from the machine's memory (4 GiB on 24 GiB), V8
// collects late and a serving process sits at 340–370 MB resident holding garbage, where its live heap at a
// million awards is ~60 MB (bench/README.md, "The app process's resident size"). `npm start` passes the same
// flag; a flag of your own on the command line (node --max-old-space-size=N …/laurel.js) overrides it.
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
