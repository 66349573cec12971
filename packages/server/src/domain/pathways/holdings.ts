// An earner's holdings as pathwayProgress reads them: their live awards (see storage's pathway-holdings
// for what "holds" means), one per program — the newest when they hold a program's badge twice.
import type { Repos } from '../../storage/repositories/index.ts';
import type { HeldComponent } from '../../storage/repositories/pathway-holdings.ts';
import type { Holdings } from './progress.ts';

export type { HeldComponent } from '../../storage/repositories/pathway-holdings.ts';

export interface EarnerHoldings {
  readonly holdings: Holdings;
  /** Award id → what it is (for evidence, and the portfolio's links). */
  readonly byAward: ReadonlyMap<string, HeldComponent>;
  readonly emails: readonly string[];
}

/** The account email and every verified extra address: where the earner's badges are sent. */
export async function verifiedEmails(r: Repos, userId: string): Promise<string[]> {
  const user = await r.users.findById(userId);
  const extra = (await r.earnerEmails.forUser(userId)).filter((e) => e.verifiedAt).map((e) => e.email);
  return [...new Set([...(user ? [user.email] : []), ...extra])];
}

export async function earnerHoldings(r: Repos, input: { userId: string; now: string }): Promise<EarnerHoldings> {
  const emails = await verifiedEmails(r, input.userId);
  const held = await r.pathwayHoldings.heldBy({ userId: input.userId, emails, now: input.now });
  const programs = new Map<string, string>();
  const byAward = new Map<string, HeldComponent>();
  for (const h of held) {
    if (!programs.has(h.programId)) programs.set(h.programId, h.awardId);
    byAward.set(h.awardId, h);
  }
  return { holdings: { programs }, byAward, emails };
}
