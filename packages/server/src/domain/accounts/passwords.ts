import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../deps.ts';

// Algorithm is a const enum, which verbatimModuleSyntax cannot read; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes). Tests pass a cheaper cost through the
 * same code path; the algorithm is never weakened.
 */
export function argon2Hasher(cost: { memoryCost: number; timeCost: number } = { memoryCost: 19_456, timeCost: 2 }): PasswordHasher {
  return {
    hash: (password) => hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 }),
    verify: async (h, password) => {
      try {
        return await verify(h, password);
      } catch {
        return false;
      }
    },
  };
}
