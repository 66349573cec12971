// /api/v1/exports: complete exports of an institution (its admin, or the system admin) or of the whole
// state (the system admin). POST queues one (202 + Location); GET follows its progress; /download
// streams the finished zip. Someone who may not see an export is told it does not exist (404).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { downloadExport } from '../../../domain/exports/download-export.ts';
import { getExport, requestExport, type ExportView } from '../../../domain/exports/exports.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const when = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const ExportSchema = Type.Object({
  id: Type.String(),
  scope: Type.Union([Type.Literal('institution'), Type.Literal('state')]),
  organization: Type.Union([Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }), Type.Null()], { description: 'The exported institution; null for the state' }),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('expired')]),
  progress: Type.Object({
    phase: Type.String({ description: 'What the job is writing now, e.g. "Writing awards.csv"' }),
    done: Type.Integer({ description: 'Items written (a row of a file, or an attached file)' }),
    total: Type.Integer({ description: 'Items to write, counted when the run started' }),
  }),
  counts: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()], { description: 'Records exported per kind (as in manifest.json), once done' }),
  size: Type.Union([Type.Integer(), Type.Null()], { description: 'Bytes of the zip, once done' }),
  sha256: Type.Union([Type.String(), Type.Null()], { description: 'SHA-256 (hex) of the whole zip, once done' }),
  attempts: Type.Integer({ description: 'Runs started (a retry starts from the beginning)' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the last run failed' }),
  created_at: Type.String({ format: 'date-time' }),
  started_at: when('When the current run started'),
  finished_at: when('When it finished or failed for good'),
  expires_at: Type.String({ format: 'date-time', description: 'When the zip is deleted (7 days after it finished)' }),
  url: Type.String(),
  download_url: Type.Union([Type.String(), Type.Null()], { description: 'GET it for the zip; null until done (and after it expired)' }),
});

const ExportRequestSchema = Type.Object(
  {
    scope: Type.Union([Type.Literal('institution'), Type.Literal('state')], { description: 'institution: everything of one institution; state: everything (system admin)' }),
    organization_id: Type.Optional(Type.String({ maxLength: 100, description: 'scope institution: the institution' })),
    organizationId: Type.Optional(Type.String({ maxLength: 100, description: 'The same as organization_id' })),
  },
  { additionalProperties: false },
);

export function registerExportApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const base = () => `${app.laurel.config.publicUrl}/api/v1/exports`;
  const out = (e: ExportView): Static<typeof ExportSchema> => ({
    id: e.id,
    scope: e.scope,
    organization: e.organization,
    state: e.state,
    progress: { phase: e.phase, done: e.doneItems, total: e.totalItems },
    counts: e.counts,
    size: e.size,
    sha256: e.sha256,
    attempts: e.attempts,
    error: e.error,
    created_at: e.createdAt,
    started_at: e.startedAt,
    finished_at: e.finishedAt,
    expires_at: e.expiresAt,
    url: `${base()}/${e.id}`,
    download_url: e.state === 'done' ? `${base()}/${e.id}/download` : null,
  });
  const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

  app.post(
    '/exports',
    {
      schema: {
        tags: ['Exports'],
        summary: 'Export everything of an institution (its admin) or of the whole state (system admin)',
        description: 'Queues a background job that writes a zip of CSV and JSON (docs/EXPORTS.md); follow its progress at the Location. The zip is kept 7 days after it finished.',
        body: ExportRequestSchema,
        response: { 202: ExportSchema, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const e = await requestExport(deps(), actor, { scope: req.body.scope, organizationId: req.body.organization_id ?? req.body.organizationId, ip: req.ip });
      return reply.status(202).header('location', `/api/v1/exports/${e.id}`).send(out(e));
    },
  );

  app.get(
    '/exports/:id',
    { schema: { tags: ['Exports'], summary: 'An export: its state, progress, counts, size and download link', params: IdParams, response: { 200: ExportSchema, ...errorResponses(401, 404) } } },
    async (req) => out(await getExport(deps(), requireUser(req), req.params.id)),
  );

  app.get(
    '/exports/:id/download',
    {
      schema: {
        tags: ['Exports'],
        summary: 'The finished export as a zip (application/zip)',
        params: IdParams,
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary', description: 'The zip' }), ...errorResponses(401, 404, 409, 410) },
      },
    },
    async (req, reply) => {
      const d = await downloadExport(deps(), requireUser(req), { id: req.params.id, ip: req.ip });
      return reply
        .type('application/zip')
        .header('content-length', String(d.size))
        .header('content-disposition', `attachment; filename="${d.filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', d.sha256)
        .send(Readable.from(d.body));
    },
  );
}
