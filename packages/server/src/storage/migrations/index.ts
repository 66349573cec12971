// The migration set, in order. Listed statically (not read from the file system) so it works the same
// under tsx, vitest and any bundler.
import type { Migration } from 'kysely';
import * as m0001 from './20261128_0001_foundation.ts';

export const migrations: Record<string, Migration> = {
  '20261128_0001_foundation': m0001,
};
