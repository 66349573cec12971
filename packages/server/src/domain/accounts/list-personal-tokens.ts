// A person's own personal access tokens (never anyone else's: another user's tokens answer as not found).
import { repos } from '../../storage/repositories/index.ts';
import type { ApiToken } from '../../storage/repositories/api-tokens.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';

export type { ApiToken };

export async function listPersonalTokens(deps: Deps, actor: Actor, input: { userId: string }): Promise<ApiToken[]> {
  if (actor.kind !== 'system' && !(actor.kind === 'user' && actor.userId === input.userId)) throw notFound('The user');
  return repos(deps.db).apiTokens.listForUser(input.userId);
}
