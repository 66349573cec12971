// The system admin's Administration page: one card per tool.
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const ADMIN_TOOLS: [string, string, string][] = [
  ['/admin/institutions', 'Institutions', 'The State Regents and the institutions of the state system: add and edit them.'],
  ['/admin/users', 'Users', 'Everyone’s accounts and roles; invitations.'],
  ['/admin/policy', 'Policy', 'Thresholds of the compliance rules (narrative length, credit hours, skill tags, re-review).'],
  ['/admin/mailbox', 'Mailbox', 'Every email Laurel has sent, when no SMTP server is configured.'],
  ['/admin/audit', 'Audit log', 'Every change, who made it and when. Append-only.'],
  ['/admin/ctdl', 'CTDL publishing', 'Programs described in CTDL and sent to the Credential Engine Registry: what was published, what failed, publish now.'],
  ['/admin/exports', 'Export everything', 'The whole state’s records in one zip of CSV and JSON, with every signed credential as issued.'],
];

export function AdminHomePage({ ctx }: { ctx: PageContext }) {
  return (
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
    </Page>
  );
}
