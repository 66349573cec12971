// /audit-events: the append-only audit log (system admin).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { listAuditEvents } from '../../../domain/admin/list-audit-events.ts';
import { requireUser } from '../../../kit/auth.ts';
import { AuditEventSchema, auditOut, errorResponses, pageOf, PageQuerySchema } from './schemas.ts';

export function registerAuditApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['Audit'],
        summary: 'The append-only audit log, newest first (system admin)',
        querystring: Type.Object({ action: Type.Optional(Type.String()), subject_id: Type.Optional(Type.String()), ...PageQuerySchema }),
        response: { 200: pageOf(AuditEventSchema), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const q = req.query;
      const res = await listAuditEvents(app.laurel.deps, actor, { action: q.action, subjectId: q.subject_id, page: q.page ?? 1, perPage: q.per_page ?? 25 });
      return { total: res.total, page: res.page, per_page: res.perPage, items: res.items.map(auditOut) };
    },
  );
}
