// System admin tools: the Mailbox (messages written by the default file transport) and the audit log.
import type { FastifyInstance } from 'fastify';
import { assertAllowed, canViewAuditLog, canViewMailbox } from '../../domain/policy.ts';
import { notFound } from '../../domain/errors.ts';
import { requireUser } from '../../kit/auth.ts';
import { listMailbox, readMailboxMessage } from '../../mail/mailbox.ts';
import { mailDir } from '../../mail/transport.ts';
import { repos } from '../../storage/repositories/index.ts';
import { auditLabel } from '../components/audit-labels.ts';
import { Alert, Button, formatDate, Pagination, TextInput } from '../components/ui.tsx';
import { Page } from '../layouts/page.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { pageNumber } from './forms.ts';

/** Plain text with its URLs made into links, so a message's call-to-action can be followed. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <div class="laurel-pre">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a href={p} key={i}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </div>
  );
}

const ADMIN_TOOLS: [string, string, string][] = [
  ['/admin/institutions', 'Institutions', 'The State Regents and the institutions of the state system: add and edit them.'],
  ['/admin/users', 'Users', 'Everyone’s accounts and roles; invitations.'],
  ['/admin/policy', 'Policy', 'Thresholds of the compliance rules (narrative length, credit hours, skill tags, re-review).'],
  ['/admin/mailbox', 'Mailbox', 'Every email Laurel has sent, when no SMTP server is configured.'],
  ['/admin/audit', 'Audit log', 'Every change, who made it and when. Append-only.'],
];

export function registerAdminPages(app: FastifyInstance): void {
  app.get('/admin', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewAuditLog(actor), 'Administration is for system administrators.');
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Administration">
        <h1>Administration</h1>
        <ul class="usa-card-group">
          {ADMIN_TOOLS.map(([href, label, text]) => (
            <li class="usa-card tablet:grid-col-6" key={href}>
              <div class="usa-card__container">
                <div class="usa-card__header">
                  <h2 class="usa-card__heading">
                    <a href={href}>{label}</a>
                  </h2>
                </div>
                <div class="usa-card__body">
                  <p>{text}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </Page>,
    );
  });

  app.get('/admin/mailbox', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewMailbox(actor), 'Only system administrators can read the mailbox.');
    const q = req.query as Record<string, string | undefined>;
    const page = pageNumber(q.page);
    const to = q.to?.trim() || undefined;
    const { items, total } = await listMailbox(mailDir(app.laurel.config), { page, perPage: 25, to });
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Mailbox" wide>
        <h1>Mailbox</h1>
        {app.laurel.config.smtp ? (
          <Alert kind="info">Email is delivered by SMTP ({app.laurel.config.smtp.host}), so messages are not kept here. Messages written before SMTP was configured are listed below.</Alert>
        ) : (
          <p>Email is not sent to the internet on this installation: every message Laurel sends is kept here. Configure LAUREL_SMTP_URL to deliver by SMTP.</p>
        )}
        <form class="usa-form margin-bottom-3" method="get" action="/admin/mailbox" role="search" aria-label="Filter messages">
          <TextInput name="to" label="Recipient contains" value={to} />
          <Button variant="outline">Filter</Button>
        </form>
        {total === 0 ? (
          <p>{to ? `No messages to addresses containing “${to}”.` : 'No messages have been sent yet.'}</p>
        ) : (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Messages, newest first">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Messages, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">To</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.file}>
                    <th scope="row">
                      <a href={`/admin/mailbox/${m.file.replace(/\.eml$/, '')}`}>{m.subject}</a>
                    </th>
                    <td>{m.to}</td>
                    <td>{formatDate(m.date)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} perPage={25} total={total} href={(p) => `/admin/mailbox?${new URLSearchParams({ ...(to ? { to } : {}), page: String(p) }).toString()}`} />
      </Page>,
    );
  });

  app.get('/admin/mailbox/:id', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewMailbox(actor), 'Only system administrators can read the mailbox.');
    const id = (req.params as { id: string }).id;
    const m = await readMailboxMessage(mailDir(app.laurel.config), `${id}.eml`);
    if (!m) throw notFound('The message');
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={m.subject}>
        <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
          <ol class="usa-breadcrumb__list">
            <li class="usa-breadcrumb__list-item">
              <a class="usa-breadcrumb__link" href="/admin/mailbox">
                <span>Mailbox</span>
              </a>
            </li>
            <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
              <span>Message</span>
            </li>
          </ol>
        </nav>
        <h1>{m.subject}</h1>
        <dl>
          <dt class="text-bold">From</dt>
          <dd class="margin-left-0 margin-bottom-1">{m.from}</dd>
          <dt class="text-bold">To</dt>
          <dd class="margin-left-0 margin-bottom-1">{m.to}</dd>
          <dt class="text-bold">Date</dt>
          <dd class="margin-left-0 margin-bottom-2">{formatDate(m.date)}</dd>
        </dl>
        <h2 class="usa-sr-only">Message text</h2>
        <Linkified text={m.text} />
        <p>
          <a href={`/admin/mailbox/${id}/raw`}>Download the original message (.eml)</a>
        </p>
      </Page>,
    );
  });

  app.get('/admin/mailbox/:id/raw', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewMailbox(actor), 'Only system administrators can read the mailbox.');
    const id = (req.params as { id: string }).id;
    const m = await readMailboxMessage(mailDir(app.laurel.config), `${id}.eml`);
    if (!m) throw notFound('The message');
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    const raw = await fs.readFile(path.join(mailDir(app.laurel.config), m.file));
    return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${m.file}"`).send(raw);
  });

  app.get('/admin/audit', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canViewAuditLog(actor), 'Only system administrators can read the audit log.');
    const q = req.query as Record<string, string | undefined>;
    const page = pageNumber(q.page);
    const action = q.action?.trim() || undefined;
    const r = repos(app.laurel.deps.db);
    const [events, orgs] = await Promise.all([r.audit.list({ page, perPage: 50, action }), r.organizations.list()]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Audit log" wide>
        <h1>Audit log</h1>
        <p>Every change in Laurel, with who made it and when. The log is append-only: nothing here can be edited or deleted.</p>
        <form class="usa-form margin-bottom-3" method="get" action="/admin/audit" role="search" aria-label="Filter the audit log">
          <TextInput name="action" label="Action (exact, e.g. user.signed_in)" value={action} />
          <Button variant="outline">Filter</Button>
        </form>
        {events.total === 0 ? (
          <p>No events{action ? ` with action “${action}”` : ''}.</p>
        ) : (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Audit events, newest first">
            <table class="usa-table usa-table--borderless usa-table--compact width-full">
              <caption class="usa-sr-only">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {events.items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.at)}</td>
                    <td>{e.actorName ?? 'System'}</td>
                    <th scope="row">
                      {auditLabel(e.action)}
                      <br />
                      <code class="font-mono-3xs">{e.action}</code>
                    </th>
                    <td>{e.organizationId ? (orgName.get(e.organizationId) ?? '') : ''}</td>
                    <td>
                      <code class="font-mono-3xs laurel-audit-data">{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} perPage={50} total={events.total} href={(p) => `/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), page: String(p) }).toString()}`} />
      </Page>,
    );
  });
}
