#!/usr/bin/env node
// The `laurel` command. The app is TypeScript run through tsx's loader, so a fresh clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
