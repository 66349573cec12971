// The State Regents' endorsement as a credential anyone can check: when the Chancellor approves a program
// as Endorsed, the platform issues an OB 3.0 EndorsementCredential signed with the Regents' key about the
// program's achievement (the id every badge of the program carries). Suspending or retiring the program
// revokes it through the Regents' revocation status list; reinstating issues a fresh one.
import { buildEndorsementCredential, signDataIntegrity } from '@laurel/credentials';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Repos } from '../../storage/repositories/index.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Database } from '../../storage/schema.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { REGENTS_SLUG } from '../../shared/roles.ts';
import { issuerProfileFor, organizationDid } from './did.ts';
import { currentKey, signerFor } from './org-keys.ts';
import { allocateStatusIndex, setStatusBitFor } from './status-lists.ts';

export interface PreparedEndorsement {
  readonly id: string;
  readonly programId: string;
  readonly credential: string;
  readonly listSeq: number;
  readonly index: number;
}

/** The achievement id of a program: the same string in every badge of the program and in its endorsement. */
export function achievementIdFor(deps: Pick<Deps, 'config'>, programId: string): string {
  return `${deps.config.publicUrl}/programs/${programId}`;
}

/**
 * Signs an endorsement before the transaction that records the approval (signing and allocating a
 * status index use their own connection; an unused index after a rolled-back approval is harmless).
 */
export async function prepareEndorsement(deps: Deps, input: { programId: string; title: string; institutionName: string; at: string }): Promise<PreparedEndorsement> {
  const r = repos(deps.db);
  const regents = (await r.organizations.findBySlug(REGENTS_SLUG))!;
  const status = await allocateStatusIndex(deps, { organization: regents, purpose: 'revocation' });
  const key = await currentKey(deps, regents);
  const signer = await signerFor(deps, regents, key);
  const id = `urn:uuid:${newId()}`;
  const unsigned = buildEndorsementCredential({
    id,
    name: `Endorsed by State Regents: ${input.title}`,
    description: `The State Regents for Higher Education endorse “${input.title}” of ${input.institutionName} as meeting the state’s micro-credential policy.`,
    issuer: issuerProfileFor(deps.config, regents),
    validFrom: input.at,
    subjectId: achievementIdFor(deps, input.programId),
    endorsementComment: 'Endorsed by State Regents: reviewed by Regents staff for compliance with policy and approved by the Chancellor.',
    credentialStatus: status.entry,
  });
  const signed = await signDataIntegrity({ credential: unsigned, signer, documentLoader: deps.documentLoader, created: input.at });
  return { id, programId: input.programId, credential: JSON.stringify(signed), listSeq: status.listSeq, index: status.index };
}

export async function recordEndorsement(trx: Transaction<Database>, e: PreparedEndorsement, at: string): Promise<void> {
  await trx
    .insertInto('endorsements')
    .values({ id: e.id, program_id: e.programId, credential: e.credential, status_list_seq: e.listSeq, status_index: e.index, created_at: at, revoked_at: null, revocation_reason: null })
    .execute();
}

export async function activeEndorsement(db: Kysely<Database> | Transaction<Database>, programId: string): Promise<{ id: string; credential: string } | undefined> {
  return db.selectFrom('endorsements').select(['id', 'credential']).where('program_id', '=', programId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
}

/**
 * The endorsement in force if there is one, else the latest (revoked) one — what a badge page checks and
 * /endorsements/{program} serves. created_at alone can tie when a program is suspended and reinstated
 * within the same instant.
 */
export async function latestEndorsement(db: Kysely<Database>, programId: string): Promise<{ id: string; credential: string; revoked_at: string | null; created_at: string } | undefined> {
  return db
    .selectFrom('endorsements')
    .select(['id', 'credential', 'revoked_at', 'created_at'])
    .where('program_id', '=', programId)
    .orderBy(sql`CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END`)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The program's current endorsement credential as signed, for embedding in its badges; undefined when none is in force. */
export async function endorsementCredentialFor(deps: Pick<Deps, 'db'>, programId: string): Promise<Record<string, unknown> | undefined> {
  const e = await activeEndorsement(deps.db, programId);
  return e ? (JSON.parse(e.credential) as Record<string, unknown>) : undefined;
}

/** Revokes the program's endorsement in the caller's transaction: the Regents' status list bit and the row. */
export async function revokeEndorsement(deps: Deps, tr: Repos, trx: Transaction<Database>, input: { programId: string; reason: string; at: string }): Promise<boolean> {
  const rows = await trx.selectFrom('endorsements').selectAll().where('program_id', '=', input.programId).where('revoked_at', 'is', null).execute();
  if (rows.length === 0) return false;
  const regents = (await tr.organizations.findBySlug(REGENTS_SLUG))!;
  for (const row of rows) {
    await setStatusBitFor(deps, { organizationId: regents.id, purpose: 'revocation', listSeq: Number(row.status_list_seq), index: Number(row.status_index), value: true }, tr);
    await trx.updateTable('endorsements').set({ revoked_at: input.at, revocation_reason: input.reason }).where('id', '=', row.id).execute();
  }
  return true;
}

/**
 * Gives every active endorsed program without an endorsement in force its endorsement credential
 * (programs created by seeding or loaded from elsewhere, which did not go through an approval here, and
 * programs whose endorsement was signed under another public URL). Run by `laurel serve` at start-up.
 */
export async function ensureEndorsements(deps: Deps): Promise<number> {
  // An endorsement signed under another public URL names a DID that no longer resolves (the Regents'
  // DID derives from LAUREL_PUBLIC_URL): badges issued from now on would carry an endorsement nobody can
  // check. Retire those rows (their old status list is gone with the old URL) and sign afresh below.
  const did = organizationDid(deps.config, REGENTS_SLUG);
  const active = await deps.db.selectFrom('endorsements').select(['id', 'credential']).where('revoked_at', 'is', null).execute();
  const stale = active.filter((e) => !e.credential.includes(`"id":${JSON.stringify(did)}`)).map((e) => e.id);
  if (stale.length) {
    await deps.db
      .updateTable('endorsements')
      .set({ revoked_at: deps.clock().toISOString(), revocation_reason: `Signed under another public URL; re-issued as ${did}.` })
      .where('id', 'in', stale)
      .execute();
  }
  const rows = await deps.db
    .selectFrom('programs')
    .innerJoin('organizations', 'organizations.id', 'programs.organization_id')
    .innerJoin('program_revisions', 'program_revisions.id', 'programs.live_revision_id')
    .select(['programs.id', 'program_revisions.title', 'organizations.name', 'programs.published_at'])
    .where('programs.status', '=', 'active')
    .where('programs.endorsement', '=', 'endorsed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('endorsements').select('endorsements.id').whereRef('endorsements.program_id', '=', 'programs.id').where('endorsements.revoked_at', 'is', null))))
    .execute();
  for (const p of rows) {
    const at = p.published_at ?? deps.clock().toISOString();
    const prepared = await prepareEndorsement(deps, { programId: p.id, title: p.title, institutionName: p.name, at });
    await deps.db.transaction().execute((trx) => recordEndorsement(trx, prepared, at));
  }
  return rows.length;
}
