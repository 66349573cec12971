// The pathways a program is a component of, for its CTDL isPartOf / isPreparationFor. Until the pathway
// model is merged this says "none", and the CTDL carries only the form's free-text "stacks into".
import type { Repos } from '../../storage/repositories/index.ts';
import { NO_PATHWAYS, type ProgramPathwayLinks } from './map-program.ts';

export async function programPathwayLinks(_r: Repos, _programId: string): Promise<ProgramPathwayLinks> {
  return NO_PATHWAYS;
}
