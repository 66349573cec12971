// A published program of an institution and its badge class, ready to issue, built as the seed does.
import type { Deps } from '../../src/domain/deps.ts';
import { seedPublishedProgram } from '../../src/domain/programs/seed-program.ts';
import { syntheticProgramForm } from '../../src/domain/seed/seed-programs.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { BadgeClass } from '../../src/storage/repositories/programs.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';

let n = 0;

export async function makeIssuableBadgeClass(deps: Deps, organization: Pick<Organization, 'id'>): Promise<BadgeClass> {
  const r = repos(deps.db);
  const approvedAt = deps.clock().toISOString();
  const { programId } = await seedPublishedProgram(r, { organizationId: organization.id, form: syntheticProgramForm(++n, Math.random), endorsed: false, approvedAt });
  const badgeClass = await r.badgeClasses.findByProgram(programId);
  if (!badgeClass) throw new Error('publishing the program made no badge class');
  return badgeClass;
}
