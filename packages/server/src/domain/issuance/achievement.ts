// The OB 3.0 Achievement of a badge class, built from the badge class and its program's live form, and
// the unsigned OpenBadgeCredential of one award. Everything the credential says comes from here.
import { buildAchievement, buildOpenBadgeCredential, type Achievement, type AchievementType, type AlignmentInput, type EndorsementCredential, type EvidenceInput, type OpenBadgeCredential, type Profile } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { BadgeClass } from '../../storage/repositories/programs.ts';
import type { Deps } from '../deps.ts';
import { issuerProfileFor } from '../credentials/did.ts';
import { achievementIdFor, endorsementCredentialFor } from '../credentials/endorsement.ts';
import type { StatusAllocation } from '../credentials/status-lists.ts';
import { notFound } from '../errors.ts';
import { ALIGNMENT_FRAMEWORKS, totalCreditHours, type ProgramForm } from '../programs/form.ts';
import { getProgramView } from '../programs/published.ts';
import { signedUrlProblem } from './award-input.ts';

const ACHIEVEMENT_TYPES: Record<string, AchievementType> = {
  micro_credential: 'MicroCredential',
  certificate: 'Certificate',
  degree: 'Degree',
  other: 'Badge',
};

/** Alignment target URLs: the form's URL (when it can be signed), or the framework's public page for the code. */
function alignmentUrl(a: ProgramForm['alignments'][number]): string | null {
  if (a.url && !signedUrlProblem(a.url)) return a.url;
  if (!a.code) return null;
  if (a.framework === 'onet') return `https://www.onetonline.org/link/summary/${encodeURIComponent(a.code)}`;
  if (a.framework === 'cip') return `https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cipid=${encodeURIComponent(a.code)}`;
  return null;
}

export interface BadgeClassContext {
  readonly badgeClass: BadgeClass;
  readonly organization: Organization;
  readonly programId: string;
  readonly endorsed: boolean;
  readonly programActive: boolean;
  readonly form: ProgramForm;
  readonly issuer: Profile;
  readonly achievement: Achievement;
}

export function badgeImageUrl(deps: Pick<Deps, 'config'>, programId: string): string {
  return `${deps.config.publicUrl}/programs/${programId}/badge.png`;
}

export async function badgeClassContext(deps: Deps, badgeClassId: string): Promise<BadgeClassContext> {
  const r = repos(deps.db);
  const badgeClass = await r.badgeClasses.findById(badgeClassId);
  if (!badgeClass) throw notFound('The badge class');
  const organization = await r.organizations.findById(badgeClass.organizationId);
  const view = await getProgramView(deps.db, badgeClass.programId);
  if (!organization || !view) throw notFound('The badge class');
  const f = view.form;
  const alignment: AlignmentInput[] = [];
  for (const a of f.alignments) {
    const url = alignmentUrl(a);
    if (!url) continue;
    alignment.push({ targetName: a.name || a.code || url, targetUrl: url, ...(a.code ? { targetCode: a.code } : {}), targetFramework: ALIGNMENT_FRAMEWORKS[a.framework] });
  }
  const credits = totalCreditHours(f);
  const endorsed = view.program.endorsement === 'endorsed';
  const programActive = view.program.status === 'active';
  // The State Regents' endorsement in force, signed by the Regents, travels inside every badge of the
  // program (OB 3.0 Achievement.endorsement), so a verifier anywhere checks it without asking us.
  const endorsement = endorsed && programActive ? await endorsementCredentialFor(deps, badgeClass.programId) : undefined;
  const achievement = buildAchievement({
    id: achievementIdFor(deps, badgeClass.programId),
    name: badgeClass.name,
    description: badgeClass.description || f.narrative || badgeClass.name,
    criteria: { ...(f.program_url && !signedUrlProblem(f.program_url) ? { id: f.program_url } : {}), narrative: badgeClass.criteria || f.criteria || 'Complete the program.' },
    image: { id: badgeImageUrl(deps, badgeClass.programId), ...(badgeClass.imageAlt ? { caption: badgeClass.imageAlt } : {}) },
    achievementType: ACHIEVEMENT_TYPES[f.credential_type ?? 'other'] ?? 'Badge',
    ...(alignment.length ? { alignment } : {}),
    ...(credits > 0 ? { creditsAvailable: credits } : {}),
    ...(f.skills.length ? { tag: f.skills } : {}),
    ...(f.department ? { fieldOfStudy: f.department } : {}),
    inLanguage: 'en-US',
    ...(endorsement ? { endorsement: [endorsement as unknown as EndorsementCredential] } : {}),
  });
  return {
    badgeClass,
    organization,
    programId: badgeClass.programId,
    endorsed,
    programActive,
    form: f,
    issuer: issuerProfileFor(deps.config, organization),
    achievement,
  };
}

export function unsignedAwardCredential(
  ctx: BadgeClassContext,
  a: { id: string; recipientEmail: string; issuedAt: string; expiresAt: string | null; evidenceUrl: string | null; evidenceNarrative: string | null; status: StatusAllocation; evidence?: readonly EvidenceInput[] },
): OpenBadgeCredential {
  const own = a.evidenceUrl || a.evidenceNarrative ? [{ ...(a.evidenceUrl ? { id: a.evidenceUrl } : {}), ...(a.evidenceNarrative ? { narrative: a.evidenceNarrative } : {}) }] : [];
  const all = [...own, ...(a.evidence ?? [])];
  const evidence = all.length ? all : undefined;
  return buildOpenBadgeCredential({
    id: `urn:uuid:${a.id}`,
    issuer: ctx.issuer,
    achievement: ctx.achievement,
    recipient: { email: a.recipientEmail },
    validFrom: a.issuedAt,
    awardedDate: a.issuedAt,
    ...(a.expiresAt ? { validUntil: a.expiresAt } : {}),
    ...(evidence ? { evidence } : {}),
    credentialStatus: a.status.entry,
  });
}
