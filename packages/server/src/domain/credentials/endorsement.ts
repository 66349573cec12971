// The State Regents' endorsement as a credential anyone can check: when the Chancellor approves a program
// as Endorsed, the platform issues an OB 3.0 EndorsementCredential signed with the Regents' key about the
// program's achievement (the id every badge of the program carries). Suspending or retiring the program
// revokes it through the Regents' revocation status list; reinstating issues a fresh one.
import { buildEndorsementCredential, signDataIntegrity } from '@laurel/credentials';
import type { Endorsement } from '../../storage/repositories/endorsements.ts';
import { repos, type Executor, type Repos } from '../../storage/repositories/index.ts';
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

/** Records a prepared endorsement; `db` is the transaction that records the approval. */
export async function recordEndorsement(db: Executor, e: PreparedEndorsement, at: string): Promise<void> {
  await repos(db).endorsements.insert({ id: e.id, programId: e.programId, credential: e.credential, statusListSeq: e.listSeq, statusIndex: e.index, at });
}

export async function activeEndorsement(db: Executor, programId: string): Promise<{ id: string; credential: string } | undefined> {
  const [e] = await repos(db).endorsements.activeForProgram(programId);
  return e ? { id: e.id, credential: e.credential } : undefined;
}

/**
 * The endorsement in force if there is one, else the latest (revoked) one — what a badge page checks and
 * /endorsements/{program} serves.
 */
export async function latestEndorsement(db: Executor, programId: string): Promise<Endorsement | undefined> {
  return repos(db).endorsements.latestForProgram(programId);
}

/** The program's current endorsement credential as signed, for embedding in its badges; undefined when none is in force. */
export async function endorsementCredentialFor(deps: Pick<Deps, 'db'>, programId: string): Promise<Record<string, unknown> | undefined> {
  const e = await activeEndorsement(deps.db, programId);
  return e ? (JSON.parse(e.credential) as Record<string, unknown>) : undefined;
}

/**
 * Revokes the program's endorsement in the caller's transaction: the Regents' status list bit and the row.
 * `tr` holds the repositories bound to that transaction; the third argument (the transaction itself) is
 * no longer needed and is accepted so callers written before the endorsements repository keep working.
 */
export async function revokeEndorsement(deps: Deps, tr: Repos, _trx: unknown, input: { programId: string; reason: string; at: string }): Promise<boolean> {
  const rows = await tr.endorsements.activeForProgram(input.programId);
  if (rows.length === 0) return false;
  const regents = (await tr.organizations.findBySlug(REGENTS_SLUG))!;
  for (const row of rows) {
    await setStatusBitFor(deps, { organizationId: regents.id, purpose: 'revocation', listSeq: row.statusListSeq, index: row.statusIndex, value: true }, tr);
    await tr.endorsements.revoke([row.id], { at: input.at, reason: input.reason });
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
  const r = repos(deps.db);
  const active = await r.endorsements.allActive();
  const stale = active.filter((e) => !e.credential.includes(`"id":${JSON.stringify(did)}`)).map((e) => e.id);
  await r.endorsements.revoke(stale, { at: deps.clock().toISOString(), reason: `Signed under another public URL; re-issued as ${did}.` });
  const rows = await r.endorsements.unendorsedPrograms();
  for (const p of rows) {
    const at = p.publishedAt ?? deps.clock().toISOString();
    const prepared = await prepareEndorsement(deps, { programId: p.id, title: p.title, institutionName: p.institutionName, at });
    await recordEndorsement(deps.db, prepared, at);
  }
  return rows.length;
}
