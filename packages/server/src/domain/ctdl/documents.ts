// The CTDL documents of what is public: a listed program as a credential, an institution as an
// organization, a public pathway as a pathway with its components. Read models shared by the public routes, the bulk feed and the publisher, so the registry
// receives exactly what anyone can read at /programs/{id}.ctdl.json.
import type { Deps } from '../deps.ts';
import { getPublishedProgram, type ProgramView } from '../programs/published.ts';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { CtdlNode } from './ctdl.ts';
import { organizationToCtdl, type CtdlSite } from './map-organization.ts';
import { credentialClass, programToCtdl, type CredentialClass } from './map-program.ts';
import { pathwayToCtdl } from './map-pathway.ts';
import type { Pathway } from '../../storage/repositories/pathways.ts';
import { programPathwayLinks } from './program-links.ts';

export function ctdlSite(deps: Pick<Deps, 'config'>): CtdlSite {
  return { publicUrl: deps.config.publicUrl, organizationCtids: deps.config.ctdlOrganizationCtids };
}

export async function regentsOf(r: Repos): Promise<Organization | null> {
  return (await r.organizations.list({ kind: 'regents' }))[0] ?? null;
}

export async function programDocument(r: Repos, site: CtdlSite, view: ProgramView, regents: Organization | null): Promise<CtdlNode> {
  return programToCtdl(site, { view, regents, links: await programPathwayLinks(r, view.program.id) });
}

/** The credential of a listed program, or undefined when it is not listed (draft, suspended, retired). */
export async function listedProgramDocument(deps: Pick<Deps, 'db' | 'config'>, programId: string): Promise<{ view: ProgramView; doc: CtdlNode } | undefined> {
  const view = await getPublishedProgram(deps.db, programId);
  if (!view) return undefined;
  const r = repos(deps.db);
  return { view, doc: await programDocument(r, ctdlSite(deps), view, await regentsOf(r)) };
}

export function organizationDocument(site: CtdlSite, org: Organization): CtdlNode {
  return organizationToCtdl(site, org);
}

/** A public pathway with its components, as a graph of nodes (the pathway first). */
export async function pathwayDocument(r: Repos, site: CtdlSite, pathway: Pathway): Promise<CtdlNode[] | undefined> {
  const org = await r.organizations.findById(pathway.organizationId);
  if (!org) return undefined;
  const classes = new Map<string, CredentialClass>();
  for (const c of pathway.components) {
    if (!c.programId) continue;
    const view = await getPublishedProgram(r.executor, c.programId);
    if (view) classes.set(c.programId, credentialClass(view.form));
  }
  return pathwayToCtdl(site, { pathway, organization: org, componentClasses: classes });
}
