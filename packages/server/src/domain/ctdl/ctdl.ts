// What every CTDL document Laurel writes shares: the context, CTIDs and @ids, and the small pieces
// (alignment objects, references). The mapping itself is in map-program.ts, map-organization.ts and
// map-pathway.ts; docs/CTDL.md explains each choice.
import { v5 as uuidv5 } from 'uuid';

/** The value the Credential Registry's own schemas accept for `@context` (test/fixtures/ctdl/). */
export const CTDL_CONTEXT = 'http://credreg.net/ctdl/schema/context/json';

/** Where a CTID resolves once published: the registry names every resource `<base>/resources/<ctid>`. */
export const REGISTRY_RESOURCE_BASE = 'https://credentialengineregistry.org/resources';

// A fixed namespace so a CTID is the same on every installation that shares the same ids (a restore, a
// second process), and never changes while the program lives: the registry keys its records by CTID.
const CTID_NAMESPACE = '4b0c8d7e-2f51-5a63-9b1e-6c2d7f0a8e31';

export type CtdlKind = 'credential' | 'organization' | 'pathway' | 'component';

/** `ce-` + a UUID v5 of the kind and Laurel's id: stable, and different for a program and its institution. */
export function ctidFor(kind: CtdlKind, id: string): string {
  return `ce-${uuidv5(`laurel:${kind}:${id}`, CTID_NAMESPACE)}`;
}

export function programCtid(programId: string): string {
  return ctidFor('credential', programId);
}

export function pathwayCtid(pathwayId: string): string {
  return ctidFor('pathway', pathwayId);
}

/** A pathway is public when published, and accepted by the Regents if it crosses institutions. */
export function isPublicPathway(p: { readonly status: string; readonly reviewState: string }): boolean {
  return p.status === 'published' && (p.reviewState === 'not_required' || p.reviewState === 'accepted');
}

export function resourceId(ctid: string): string {
  return `${REGISTRY_RESOURCE_BASE}/${ctid}`;
}

export type CtdlNode = Record<string, unknown>;

export interface Alignment {
  readonly name: string;
  readonly code?: string | undefined;
  readonly node?: string | undefined;
  readonly framework?: string | undefined;
  readonly frameworkName?: string | undefined;
}

/** A ceterms:CredentialAlignmentObject with only the members that have a value. */
export function alignment(a: Alignment): CtdlNode {
  return compact({
    '@type': 'ceterms:CredentialAlignmentObject',
    'ceterms:framework': a.framework,
    'ceterms:frameworkName': a.frameworkName,
    'ceterms:codedNotation': a.code,
    'ceterms:targetNode': a.node,
    'ceterms:targetNodeName': a.name,
  });
}

/** A term of one of the registry's concept schemes (credentialStat:Active, audLevel:BeginnerLevel…). */
export function concept(scheme: string, term: string, name: string): CtdlNode {
  return alignment({ framework: `https://credreg.net/ctdl/terms/${scheme}`, node: `${scheme}:${term}`, name, frameworkName: scheme });
}

/** An absolute http(s) URL, or undefined: the schemas type these as `format: uri`. */
export function absoluteUrl(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Drops undefined members, empty strings and empty arrays, so a document carries only what it knows. */
export function compact(o: Record<string, unknown>): CtdlNode {
  const out: CtdlNode = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** A graph as the registry's publishGraph takes it and as the bulk feed pages it: nodes without their own @context. */
export function graphOf(nodes: readonly CtdlNode[]): { '@context': string; '@graph': CtdlNode[] } {
  return { '@context': CTDL_CONTEXT, '@graph': nodes.map(({ '@context': _c, ...rest }) => rest) };
}
