// Complete exports (issue #16 item 5): asking for one (queued as a background job), reading its state
// and listing recent ones. Who may: canExport (an institution's admin for it; the system admin for any
// institution and for the whole state). The zip is written by run-export.ts.
import { repos } from '../../storage/repositories/index.ts';
import type { ExportRecord, ExportScope } from '../../storage/repositories/exports.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertAllowed, canExport } from '../policy.ts';
import type { Organization } from '../institutions/institutions.ts';

export type { ExportRecord, ExportScope };

export const EXPORT_QUEUE = 'exports';
/** A finished export's zip is kept this long, then deleted by the hourly check. */
export const EXPORT_TTL_MS = 7 * 24 * 3_600_000;
/** Tries of one export job (a killed process's try counts): then it fails for good. */
export const EXPORT_MAX_ATTEMPTS = 3;

export interface ExportJobPayload {
  readonly exportId: string;
}

export interface ExportView extends ExportRecord {
  /** The exported institution; null for a state export. */
  readonly organization: Pick<Organization, 'id' | 'slug' | 'name'> | null;
  /** The download's file name. */
  readonly filename: string;
}

function filenameOf(e: ExportRecord, org: Pick<Organization, 'slug'> | null): string {
  const day = e.createdAt.slice(0, 10);
  return e.scope === 'state' || !org ? `laurel-state-export-${day}.zip` : `laurel-${org.slug}-export-${day}.zip`;
}

async function view(deps: Deps, e: ExportRecord): Promise<ExportView> {
  const org = e.organizationId ? await repos(deps.db).organizations.findById(e.organizationId) : null;
  const organization = org ? { id: org.id, slug: org.slug, name: org.name } : null;
  return { ...e, organization, filename: filenameOf(e, organization) };
}

/** The organization an institution export is of, found by id (API) or slug (pages). */
async function targetOrganization(deps: Deps, input: { organizationId?: string | undefined; organizationSlug?: string | undefined }): Promise<Organization> {
  const r = repos(deps.db).organizations;
  const org = input.organizationId ? await r.findById(input.organizationId) : input.organizationSlug ? await r.findBySlug(input.organizationSlug) : undefined;
  if (!input.organizationId && !input.organizationSlug) throw validationError({ organizationId: 'Name the institution to export.' });
  if (!org) throw notFound('The institution');
  if (org.kind !== 'institution') throw validationError({ organizationId: 'Only an institution can be exported on its own; the Regents’ records are in the state export.' });
  return org;
}

function storedActor(actor: Actor): string {
  return JSON.stringify(actor.kind === 'user' ? { kind: 'user', userId: actor.userId, email: actor.email, name: actor.name, memberships: [] } : actor);
}

/** Queues an export and audits the request; the job starts as soon as a worker is free. */
export async function requestExport(deps: Deps, actor: Actor, input: { scope: ExportScope; organizationId?: string | undefined; organizationSlug?: string | undefined; ip?: string | null }): Promise<ExportView> {
  let org: Organization | null = null;
  if (input.scope === 'institution') {
    org = await targetOrganization(deps, input);
    assertAllowed(canExport(actor, { scope: 'institution', org }), 'Only the institution’s administrators can export its records.');
  } else {
    assertAllowed(canExport(actor, { scope: 'state' }), 'Only system administrators can export the whole state.');
  }
  const at = nowIso(deps);
  const id = newId();
  await inTransaction(deps, async (r) => {
    await r.exports.insert({ id, scope: input.scope, organizationId: org?.id ?? null, requestedBy: actorUserId(actor), actor: storedActor(actor), at, expiresAt: addMs(at, EXPORT_TTL_MS) });
    await r.jobs.enqueue({ id: newId(), queue: EXPORT_QUEUE, payload: { exportId: id } satisfies ExportJobPayload, at, maxAttempts: EXPORT_MAX_ATTEMPTS });
    await audit(r, { actor, at, action: 'export.requested', subjectType: 'export', subjectId: id, organizationId: org?.id ?? null, data: { scope: input.scope }, ...(input.ip ? { ip: input.ip } : {}) });
  });
  deps.wake();
  return view(deps, (await repos(deps.db).exports.findById(id))!);
}

/** One export, for someone who may see it; anyone else is told it does not exist. */
export async function getExport(deps: Deps, actor: Actor, id: string): Promise<ExportView> {
  const e = await repos(deps.db).exports.findById(id);
  if (!e) throw notFound('The export');
  const org = e.organizationId ? await repos(deps.db).organizations.findById(e.organizationId) : null;
  if (!canExport(actor, { scope: e.scope, org: org ?? null })) throw notFound('The export');
  return view(deps, e);
}

/** Recent exports of an institution (by slug) or of the state, newest first. */
export async function listExports(deps: Deps, actor: Actor, input: { scope: ExportScope; organizationSlug?: string }): Promise<{ organization: Organization | null; exports: ExportView[] }> {
  let org: Organization | null = null;
  if (input.scope === 'institution') {
    org = (await repos(deps.db).organizations.findBySlug(input.organizationSlug ?? '')) ?? null;
    if (!org || org.kind !== 'institution') throw notFound('The institution');
    if (!canExport(actor, { scope: 'institution', org })) throw forbidden('Only the institution’s administrators can export its records.');
  } else if (!canExport(actor, { scope: 'state' })) {
    throw forbidden('Only system administrators can export the whole state.');
  }
  const rows = await repos(deps.db).exports.listRecent({ scope: input.scope, organizationId: org?.id ?? null, limit: 20 });
  return { organization: org, exports: await Promise.all(rows.map((e) => view(deps, e))) };
}

/** A download is possible only of a finished export that has not expired. */
export function assertDownloadable(e: ExportRecord): void {
  if (e.state === 'expired') throw new DomainError('export_expired', `This export expired on ${e.expiresAt.slice(0, 10)} and its file was deleted. Request a new one.`);
  if (e.state !== 'done') throw new DomainError('export_not_ready', e.state === 'failed' ? `This export failed: ${e.error ?? 'unknown error'}. Request a new one.` : 'This export is not finished yet.');
}
