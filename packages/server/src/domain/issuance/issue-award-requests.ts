// Issuing a list of awards that may name several badge classes (POST /api/v1/awards with { awards }),
// grouped by badge class: one signing and one transaction per class.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { AwardInputRaw } from './award-input.ts';
import { issueAwards, type IssueResult } from './issue-awards.ts';

export interface AwardRequest extends AwardInputRaw {
  readonly badge_class_id: string;
  readonly reissue?: boolean | undefined;
}

/**
 * One result per request, in order. With `perItemErrors`, a refusal of a whole class (forbidden, not
 * found, program suspended) becomes each of its items' error; otherwise it is thrown.
 */
export async function issueAwardRequests(deps: Deps, actor: Actor, input: { requests: readonly AwardRequest[]; perItemErrors: boolean }): Promise<IssueResult[]> {
  const items = input.requests;
  const results: IssueResult[] = new Array(items.length);
  const byClass = new Map<string, number[]>();
  items.forEach((it, i) => byClass.set(it.badge_class_id, [...(byClass.get(it.badge_class_id) ?? []), i]));
  for (const [badgeClassId, idx] of byClass) {
    const reissue = idx.some((i) => items[i]!.reissue === true);
    try {
      const res = await issueAwards(deps, actor, { badgeClassId, items: idx.map((i) => ({ raw: items[i]! })), reissue });
      res.forEach((x, k) => (results[idx[k]!] = x));
    } catch (err) {
      if (!(err instanceof DomainError) || !input.perItemErrors) throw err;
      for (const i of idx) results[i] = { ok: false, code: err.code, message: err.message, fields: err.fields };
    }
  }
  return results;
}
