// One of the earner's learner records: the stored record, the badges it holds (as the portfolio shows them
// now), its downloads (the signed JSON as stored, or the card image with it baked in), and its verification.
import { bakePng } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { UserActor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { renderPngWithin } from '../inventory/badge-art.ts';
import { canManageLearnerRecords } from '../policy.ts';
import { verifyAnything, type VerifierResult } from '../verification/verify-any.ts';
import { learnerRecordCardSvg } from './learner-record-card.ts';
import type { LearnerRecord } from './learner-record.ts';

export interface LearnerRecordBadge {
  readonly awardId: string;
  readonly name: string;
  readonly issuer: string;
}

/** Another person's record answers "not found", like their badges, so ids reveal nothing. */
export async function getLearnerRecord(deps: Deps, actor: UserActor, input: { id: string }): Promise<{ record: LearnerRecord; badges: LearnerRecordBadge[] }> {
  const record = await repos(deps.db).learnerRecords.findById(input.id);
  if (!record || !canManageLearnerRecords(actor, record.userId)) throw notFound('The learner record');
  return { record, badges: badgesOf(record) };
}

/** The badges as the record itself names them (a badge's class may have been renamed since). */
function badgesOf(record: LearnerRecord): LearnerRecordBadge[] {
  const clr = JSON.parse(record.credential) as { credentialSubject: { verifiableCredential: Array<{ issuer?: { name?: string }; credentialSubject?: { achievement?: { name?: string } } }> } };
  return clr.credentialSubject.verifiableCredential.map((c, i) => ({
    awardId: record.awardIds[i] ?? '',
    name: c.credentialSubject?.achievement?.name ?? 'Badge',
    issuer: c.issuer?.name ?? 'Unknown issuer',
  }));
}

/** `json`: the ClrCredential exactly as signed; `png`: the record's card with it baked in (iTXt, as badges are). */
export async function getLearnerRecordFile(deps: Deps, actor: UserActor, input: { id: string; format: 'json' | 'png' }): Promise<{ record: LearnerRecord; body: string | Buffer }> {
  const { record, badges } = await getLearnerRecord(deps, actor, { id: input.id });
  if (input.format === 'json') return { record, body: record.credential };
  const svg = learnerRecordCardSvg({ learnerName: actor.name, createdAt: record.createdAt, badges });
  return { record, body: bakePng(await renderPngWithin(svg, 1200), record.credential) };
}

/** The record through Laurel's verifier, as anyone pasting it into /verify would see it. */
export async function verifyLearnerRecord(deps: Deps, actor: UserActor, input: { id: string }): Promise<VerifierResult> {
  const { record } = await getLearnerRecord(deps, actor, input);
  return verifyAnything(deps, { credential: record.credential });
}
