// What creating and updating a pathway share: reading and resolving the input into a Pathway row.
import type { Repos } from '../../storage/repositories/index.ts';
import { validationError } from '../errors.ts';
import { readPathwayInput, type PathwayInput } from './form.ts';
import { resolvePathway } from './resolve.ts';
import type { Pathway } from './types.ts';

export type PathwayFields = Pick<Pathway, 'name' | 'description' | 'destination' | 'rule' | 'ruleN' | 'ruleCreditHours' | 'milestoneBadgeClassId' | 'milestoneMode' | 'components' | 'crossesInstitutions'>;

/** The checked fields of a pathway of `organizationId`, or a validation error listing every field at fault. */
export async function pathwayFields(r: Repos, organizationId: string, input: PathwayInput): Promise<PathwayFields> {
  const { draft, errors } = readPathwayInput(input);
  const resolved = await resolvePathway(r, organizationId, draft, errors);
  if (Object.keys(errors).length) throw validationError(errors, 'The pathway was not saved: some fields need attention.');
  return {
    name: draft.name,
    description: draft.description,
    destination: resolved.destination,
    rule: draft.rule,
    ruleN: draft.ruleN,
    ruleCreditHours: draft.ruleCreditHours,
    milestoneBadgeClassId: draft.milestoneBadgeClassId,
    milestoneMode: draft.milestoneMode,
    components: resolved.components,
    crossesInstitutions: resolved.crossesInstitutions,
  };
}
