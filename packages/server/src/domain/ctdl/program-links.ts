// The public pathways a program takes part in, for its CTDL: as a component (isPartOf the pathway's
// destination, isPreparationFor it) and as a destination (hasPart: the components).
import type { Repos } from '../../storage/repositories/index.ts';
import { absoluteUrl, resourceId } from './ctdl.ts';
import { programCtid, type ProgramPathwayLinks } from './map-program.ts';
import { isPublicPathway } from './map-pathway.ts';

export async function programPathwayLinks(r: Repos, programId: string): Promise<ProgramPathwayLinks> {
  const pathways = (await r.pathways.listTouchingProgram(programId)).filter(isPublicPathway);
  const parts = new Set<string>();
  for (const p of pathways) {
    if (p.destination.kind !== 'program' || p.destination.programId !== programId) continue;
    for (const c of p.components) {
      const ref = c.kind === 'program' && c.programId ? resourceId(programCtid(c.programId)) : absoluteUrl(c.url);
      if (ref) parts.add(ref);
    }
  }
  return {
    pathways: pathways
      .filter((p) => p.components.some((c) => c.programId === programId))
      .map((p) => ({
        pathwayId: p.id,
        name: p.name,
        destination: p.destination.kind === 'program' && p.destination.programId ? { programId: p.destination.programId, name: p.destination.name } : { url: p.destination.url, name: p.destination.name },
      })),
    parts: [...parts],
  };
}
