// The Mailbox: every message the file transport wrote, newest first, and one message to read.
import type { MailboxEntry } from '../../../domain/admin/list-mail-messages.ts';
import type { MailboxMessage } from '../../../domain/admin/read-mail-message.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, Button, formatDate, Pagination, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const COLUMNS: Column<MailboxEntry>[] = [
  { key: 'subject', header: 'Subject', cell: (m) => <a href={`/admin/mailbox/${m.file.replace(/\.eml$/, '')}`}>{m.subject}</a> },
  { key: 'to', header: 'To', cell: (m) => m.to },
  { key: 'sent', header: 'Sent', cell: (m) => formatDate(m.date) },
];

export function MailboxPage({ ctx, smtpHost, to, page, perPage, items, total }: { ctx: PageContext; smtpHost: string | undefined; to: string | undefined; page: number; perPage: number; items: readonly MailboxEntry[]; total: number }) {
  return (
    <Page ctx={ctx} title="Mailbox" wide>
      <h1>Mailbox</h1>
      {smtpHost !== undefined ? (
        <Alert kind="info">Email is delivered by SMTP ({smtpHost}), so messages are not kept here. Messages written before SMTP was configured are listed below.</Alert>
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
        <DataTable caption="Messages, newest first" columns={COLUMNS} rows={items} rowKey={(m) => m.file} empty={null} />
      )}
      <Pagination page={page} perPage={perPage} total={total} href={(p) => `/admin/mailbox?${new URLSearchParams({ ...(to ? { to } : {}), page: String(p) }).toString()}`} />
    </Page>
  );
}

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

export function MailMessagePage({ ctx, id, m }: { ctx: PageContext; id: string; m: MailboxMessage }) {
  return (
    <Page ctx={ctx} title={m.subject}>
      <Breadcrumbs trail={[{ label: 'Mailbox', href: '/admin/mailbox' }]} current="Message" />
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
    </Page>
  );
}
