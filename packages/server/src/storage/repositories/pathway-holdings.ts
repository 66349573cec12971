// What an earner holds towards pathways, and who holds a pathway's components: the reads behind milestone
// badges and portfolio progress. "Holds" is decided here once (docs/PATHWAYS.md, "Milestone badges"):
// an award that is the earner's — accepted into their account, or still pending and sent to one of their
// verified addresses — and that is not declined, revoked, suspended or expired.
import type { Executor } from './types.ts';

export interface HeldComponent {
  readonly awardId: string;
  readonly credentialId: string;
  readonly badgeClassId: string;
  readonly programId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly issuedAt: string;
}

export function pathwayHoldingsRepo(db: Executor) {
  return {
    /** The earner's live awards (see the file comment), newest first, with their badge class's program. */
    async heldBy(input: { userId: string; emails: readonly string[]; now: string }): Promise<HeldComponent[]> {
      const rows = await db
        .selectFrom('awards')
        .innerJoin('badge_classes', 'badge_classes.id', 'awards.badge_class_id')
        .select(['awards.id', 'awards.credential_id', 'awards.badge_class_id', 'badge_classes.program_id', 'awards.organization_id', 'badge_classes.name', 'awards.issued_at'])
        .where((eb) =>
          eb.or([
            eb('awards.earner_user_id', '=', input.userId),
            ...(input.emails.length ? [eb.and([eb('awards.earner_user_id', 'is', null), eb('awards.recipient_email', 'in', [...input.emails])])] : []),
          ]),
        )
        .where('awards.claim_state', '!=', 'declined')
        .where('awards.revoked_at', 'is', null)
        .where('awards.suspended_at', 'is', null)
        .where((eb) => eb.or([eb('awards.expires_at', 'is', null), eb('awards.expires_at', '>', input.now)]))
        .orderBy('awards.issued_at', 'desc')
        .orderBy('awards.id')
        .execute();
      return rows.map((r) => ({ awardId: r.id, credentialId: r.credential_id, badgeClassId: r.badge_class_id, programId: r.program_id, organizationId: r.organization_id, name: r.name, issuedAt: r.issued_at }));
    },
    /**
     * The accounts that may hold a badge of any of `programIds`: whoever accepted one, and the owners
     * (by account email or verified extra address) of the addresses pending ones were sent to. A superset
     * is fine: each account's progress is decided again from `heldBy`.
     */
    async holdersOfPrograms(programIds: readonly string[]): Promise<string[]> {
      if (programIds.length === 0) return [];
      const live = db
        .selectFrom('awards')
        .innerJoin('badge_classes', 'badge_classes.id', 'awards.badge_class_id')
        .where('badge_classes.program_id', 'in', [...programIds])
        .where('awards.revoked_at', 'is', null)
        .where('awards.claim_state', '!=', 'declined');
      // One after another: inside a transaction the statements share one connection.
      const accepted = await live.select('awards.earner_user_id as user_id').where('awards.earner_user_id', 'is not', null).distinct().execute();
      const byAccount = await live.innerJoin('users', 'users.email', 'awards.recipient_email').select('users.id as user_id').where('awards.earner_user_id', 'is', null).distinct().execute();
      const byExtra = await live
        .innerJoin('earner_emails', 'earner_emails.email', 'awards.recipient_email')
        .select('earner_emails.user_id as user_id')
        .where('awards.earner_user_id', 'is', null)
        .where('earner_emails.verified_at', 'is not', null)
        .distinct()
        .execute();
      return [...new Set([...accepted, ...byAccount, ...byExtra].flatMap((r) => (r.user_id ? [r.user_id] : [])))].sort();
    },
    /** Ids of the published pathways (with or without a milestone badge) that have any of `programIds` as a component. */
    async publishedWithComponents(programIds: readonly string[]): Promise<string[]> {
      if (programIds.length === 0) return [];
      const rows = await db
        .selectFrom('pathways')
        .select('id')
        .where('status', '=', 'published')
        .where('id', 'in', (eb) => eb.selectFrom('pathway_components').select('pathway_id').where('program_id', 'in', [...programIds]))
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    /** The accounts that own these addresses (as their sign-in email or a verified extra address). */
    async ownersOfEmails(emails: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < emails.length; i += 500) {
        const chunk = [...emails.slice(i, i + 500)];
        if (chunk.length === 0) continue;
        const users = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', chunk).execute();
        const extra = await db.selectFrom('earner_emails').select(['user_id', 'email']).where('email', 'in', chunk).where('verified_at', 'is not', null).execute();
        for (const e of extra) out.set(e.email, e.user_id);
        for (const u of users) out.set(u.email, u.id);
      }
      return out;
    },
  };
}
