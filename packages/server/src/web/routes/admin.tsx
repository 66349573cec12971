// System admin tools: the Administration page, the Mailbox (messages written by the default file
// transport) and the audit log.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { listAuditEvents } from '../../domain/admin/list-audit-events.ts';
import { listMailMessages } from '../../domain/admin/list-mail-messages.ts';
import { readMailMessage } from '../../domain/admin/read-mail-message.ts';
import { readRawMailMessage } from '../../domain/admin/read-raw-mail-message.ts';
import { assertAllowed, canViewAuditLog } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import { AdminHomePage } from '../pages/admin/admin-home.tsx';
import { AuditLogPage } from '../pages/admin/audit-log.tsx';
import { MailboxPage, MailMessagePage } from '../pages/admin/mailbox.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { IdParams, queryOf } from '../schemas.ts';
import { pageNumber } from './forms.ts';

export function registerAdminPages(app: FastifyInstance): void {
  registerAdminHome(app);
  registerMailbox(app);
  registerAuditLog(app);
}

function registerAdminHome(app: FastifyInstance): void {
  app.get('/admin', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewAuditLog(actor), 'Administration is for system administrators.');
    return sendPage(reply, <AdminHomePage ctx={pageContext(req, reply)} />);
  });
}

function registerMailbox(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const PER_PAGE = 25;

  app.get('/admin/mailbox', { schema: { querystring: queryOf('page', 'to') } }, async (req, reply) => {
    const actor = requireUser(req);
    const page = pageNumber(req.query.page);
    const to = req.query.to?.trim() || undefined;
    const { items, total } = await listMailMessages(app.laurel.deps, actor, { page, perPage: PER_PAGE, to });
    return sendPage(reply, <MailboxPage ctx={pageContext(req, reply)} smtpHost={app.laurel.config.smtp?.host} to={to} page={page} perPage={PER_PAGE} items={items} total={total} />);
  });

  app.get('/admin/mailbox/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const m = await readMailMessage(app.laurel.deps, actor, { id: req.params.id });
    return sendPage(reply, <MailMessagePage ctx={pageContext(req, reply)} id={req.params.id} m={m} />);
  });

  app.get('/admin/mailbox/:id/raw', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const { file, raw } = await readRawMailMessage(app.laurel.deps, actor, { id: req.params.id });
    return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${file}"`).send(raw);
  });
}

function registerAuditLog(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const PER_PAGE = 50;

  app.get('/admin/audit', { schema: { querystring: queryOf('page', 'action') } }, async (req, reply) => {
    const actor = requireUser(req);
    const page = pageNumber(req.query.page);
    const action = req.query.action?.trim() || undefined;
    const events = await listAuditEvents(app.laurel.deps, actor, { page, perPage: PER_PAGE, action });
    return sendPage(reply, <AuditLogPage ctx={pageContext(req, reply)} action={action} page={page} perPage={PER_PAGE} events={events.items} total={events.total} />);
  });
}
