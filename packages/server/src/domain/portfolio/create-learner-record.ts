// An earner's learner record: a 1EdTech CLR 2.0 ClrCredential of all or chosen badges of theirs, each
// embedded exactly as its institution signed it. The record spans institutions, so it is signed by the
// State Regents — the statewide issuer that already signs program endorsements with its own key — the same
// way (Data Integrity eddsa-rdfc-2022, the Regents' current key set). The Regents vouch only that Laurel
// assembled these badges for this learner; each badge keeps its own proof and issuer. Stored as signed.
import { buildClrCredential, signDataIntegrity } from '@laurel/credentials';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { issuerProfileFor } from '../credentials/did.ts';
import { currentKey, signerFor } from '../credentials/org-keys.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden } from '../errors.ts';
import { newId } from '../ids.ts';
import { canManageLearnerRecords } from '../policy.ts';
import { REGENTS_SLUG } from '../../shared/roles.ts';
import { repos } from '../../storage/repositories/index.ts';
import { recordableBadges, type LearnerRecord } from './learner-record.ts';

/** At most this many badges in one record: the signed document stays well under the verifier's 2 MB. */
export const LEARNER_RECORD_MAX_BADGES = 200;

function noBadges(message: string): DomainError {
  return new DomainError('learner_record_no_badges', message, { badges: message });
}

/** `awardIds` absent (or `all`) puts every eligible badge in; otherwise exactly the chosen ones, in portfolio order. */
export async function createLearnerRecord(deps: Deps, actor: UserActor, input: { awardIds?: readonly string[] | 'all' }): Promise<LearnerRecord> {
  if (!canManageLearnerRecords(actor, actor.userId)) throw forbidden('Only the earner can make their learner record.');
  const eligible = await recordableBadges(deps, actor);
  if (eligible.length === 0) throw noBadges('You have no accepted badge that is still valid to put in a learner record.');
  const all = input.awardIds === undefined || input.awardIds === 'all';
  const chosenIds = all ? null : new Set(input.awardIds as readonly string[]);
  if (chosenIds && chosenIds.size === 0) throw noBadges('Choose at least one badge, or all of them.');
  const known = new Set(eligible.map((v) => v.award.id));
  if (chosenIds && [...chosenIds].some((id) => !known.has(id))) throw noBadges('One of the chosen badges is not an accepted, valid badge of yours.');
  const chosen = chosenIds ? eligible.filter((v) => chosenIds.has(v.award.id)) : eligible;
  if (chosen.length > LEARNER_RECORD_MAX_BADGES) throw noBadges(`A learner record holds at most ${LEARNER_RECORD_MAX_BADGES} badges; choose fewer.`);

  const r = repos(deps.db);
  const regents = await r.organizations.findBySlug(REGENTS_SLUG);
  if (!regents) throw new Error('The State Regents organization is missing; it signs learner records.');
  const signer = await signerFor(deps, regents, await currentKey(deps, regents));
  const at = nowIso(deps);
  const id = newId();
  const credentialId = `urn:uuid:${newId()}`;
  const unsigned = buildClrCredential({
    id: credentialId,
    issuer: issuerProfileFor(deps.config, regents),
    name: `Learner record of ${actor.name}`,
    description: `Comprehensive Learner Record of ${chosen.length} badge${chosen.length === 1 ? '' : 's'} from ${new Set(chosen.map((v) => v.organization.id)).size === 1 ? chosen[0]!.organization.name : 'institutions of the state system'}, assembled by Laurel at the earner’s request and signed by the State Regents. Each badge carries its own issuer’s signature.`,
    learner: { email: actor.email },
    // Parsed from the stored text: the same members in the same order as signed, proof included.
    credentials: chosen.map((v) => JSON.parse(v.award.credential) as Record<string, unknown>),
    validFrom: at,
    partial: chosen.length < eligible.length,
  });
  const signed = await signDataIntegrity({ credential: unsigned, signer, documentLoader: deps.documentLoader, created: at });
  const record: LearnerRecord = {
    id,
    userId: actor.userId,
    credentialId,
    name: unsigned.name,
    awardIds: chosen.map((v) => v.award.id),
    badgeCount: chosen.length,
    partial: chosen.length < eligible.length,
    credential: JSON.stringify(signed),
    createdAt: at,
  };
  await inTransaction(deps, async (tr) => {
    await tr.learnerRecords.insert(record);
    await audit(tr, { actor, at, action: 'learner_record.created', subjectType: 'learner_record', subjectId: id, data: { credentialId, awards: record.awardIds, partial: record.partial } });
  });
  return record;
}
