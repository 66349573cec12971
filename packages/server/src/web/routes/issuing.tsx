// Issuer pages: the institution's badge classes with counts, issuing one badge, bulk CSV (upload →
// preview → confirm → progress), the award list with search and filters, an award's detail and history,
// and revoke / suspend / reinstate (one at a time behind a confirmation page, or by CSV).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { nowIso } from '../../domain/deps.ts';
import { badgeClassContext } from '../../domain/issuance/achievement.ts';
import { batchErrorReport, batchProgress, batchRows, confirmBatch, createBatch, csvTemplate, getBatchForIssuer, listBatches, type BatchProgress } from '../../domain/issuance/batches.ts';
import { issueAward } from '../../domain/issuance/issue-awards.ts';
import { AWARD_STATUS_LABELS, awardHistory, awardStatus, changeStatusByCsv, getAwardForIssuer, reinstateAward, revokeAward, suspendAward } from '../../domain/issuance/manage-awards.ts';
import { issuingOrganizationIds } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import type { AwardStatusFilter } from '../../storage/repositories/awards.ts';
import { repos } from '../../storage/repositories/index.ts';
import { auditLabel } from '../components/audit-labels.ts';
import { Alert, Button, Csrf, ErrorSummary, formatDate, Pagination, Select, TextArea, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, formBody, formErrors, pageNumber } from './forms.ts';

const STATUS_FILTERS: [AwardStatusFilter, string][] = [
  ['active', 'Active (not revoked, suspended or expired)'],
  ['pending', 'Not yet claimed'],
  ['accepted', 'Accepted'],
  ['declined', 'Declined'],
  ['suspended', 'Suspended'],
  ['revoked', 'Revoked'],
  ['expired', 'Expired'],
];

function Tag({ status }: { status: keyof typeof AWARD_STATUS_LABELS }) {
  return <span class={`usa-tag laurel-status-${status}`}>{AWARD_STATUS_LABELS[status]}</span>;
}

export function ProgressBar({ p, batchId }: { p: BatchProgress; batchId: string }) {
  return (
    <div class="laurel-progress" data-progress-url={`/issuing/batches/${batchId}/progress.json`} data-finished={p.finished ? 'true' : 'false'}>
      <label class="usa-label" for="batch-progress">
        Issuing progress
      </label>
      <progress id="batch-progress" max={100} value={p.percent} aria-describedby="batch-progress-text">
        {p.percent}%
      </progress>
      <p id="batch-progress-text" class="margin-top-1" aria-live="polite" data-progress-text>
        {p.finished ? 'Finished: ' : `${p.percent}% done: `}
        <span data-count="issued">{p.issued.toLocaleString('en-US')}</span> issued, <span data-count="failed">{p.failed.toLocaleString('en-US')}</span> failed, <span data-count="pending">{p.pending.toLocaleString('en-US')}</span> waiting.
      </p>
    </div>
  );
}

export function registerIssuingPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;

  async function myOrgs(req: FastifyRequest) {
    const actor = requireUser(req);
    const ids = issuingOrganizationIds(actor);
    if (ids.length === 0) throw new DomainError('forbidden', 'Issuing is for the issuers and administrators of an institution.');
    const r = repos(deps().db);
    const orgs = (await Promise.all(ids.map((id) => r.organizations.findById(id)))).filter((o) => o !== undefined);
    return { actor, orgs };
  }

  app.get('/issuing', async (req, reply) => {
    const { actor, orgs } = await myOrgs(req);
    const r = repos(deps().db);
    const sections = await Promise.all(
      orgs.map(async (org) => ({ org, classes: await r.badgeClasses.listForOrganization(org.id), counts: await r.awards.countsByBadgeClass(org.id), batches: await listBatches(deps(), actor, org.id) })),
    );
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Issuing" wide>
        <h1>Issuing badges</h1>
        <p class="usa-intro">Issue a badge for an approved or listed program: to one person, from a CSV file, or through the API.</p>
        <div class="laurel-actions margin-bottom-3">
          <a class="usa-button usa-button--outline" href="/issuing/awards">
            All awards
          </a>
          <a class="usa-button usa-button--outline" href="/issuing/revoke-csv">
            Revoke or suspend by CSV
          </a>
          <a class="usa-button usa-button--outline" href="/issuing/template.csv">
            CSV template
          </a>
        </div>
        {sections.map(({ org, classes, counts, batches }) => (
          <section key={org.id} aria-labelledby={`org-${org.slug}`} class="margin-bottom-5">
            <h2 id={`org-${org.slug}`}>{org.name}: badge classes</h2>
            {classes.length === 0 ? (
              <p>No badge class yet: a badge class is created when a program is approved or listed.</p>
            ) : (
              <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label={`Badge classes of ${org.name}`}>
                <table class="usa-table usa-table--borderless width-full">
                  <caption class="usa-sr-only">Badge classes of {org.name} with award counts</caption>
                  <thead>
                    <tr>
                      <th scope="col">Badge class</th>
                      <th scope="col">Issued</th>
                      <th scope="col">Accepted</th>
                      <th scope="col">Pending</th>
                      <th scope="col">Revoked</th>
                      <th scope="col">Expires after</th>
                      <th scope="col">Issue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {classes.map((bc) => {
                      const c = counts.get(bc.id) ?? { issued: 0, accepted: 0, pending: 0, declined: 0, revoked: 0 };
                      return (
                        <tr key={bc.id}>
                          <th scope="row">
                            <a href={`/issuing/awards?badge_class=${bc.id}`}>{bc.name}</a>
                          </th>
                          <td>{c.issued}</td>
                          <td>{c.accepted}</td>
                          <td>{c.pending}</td>
                          <td>{c.revoked}</td>
                          <td>{bc.expiresAfterMonths ? `${bc.expiresAfterMonths} months` : 'Never'}</td>
                          <td class="laurel-nowrap">
                            <a href={`/issuing/badge-classes/${bc.id}/issue`} aria-label={`Issue ${bc.name} to one person`}>
                              One person
                            </a>{' '}
                            ·{' '}
                            <a href={`/issuing/badge-classes/${bc.id}/bulk`} aria-label={`Issue ${bc.name} from a CSV file`}>
                              CSV file
                            </a>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {batches.length ? (
              <>
                <h3>Recent uploads</h3>
                <ul class="usa-list">
                  {batches.slice(0, 10).map((b) => (
                    <li key={b.id}>
                      <a href={`/issuing/batches/${b.id}`}>{b.filename}</a>: {b.totalRows.toLocaleString('en-US')} rows, {b.status === 'preview' ? 'not confirmed' : b.status === 'done' ? 'finished' : 'issuing'} · {formatDate(b.createdAt)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ))}
      </Page>,
    );
  });

  app.get('/issuing/template.csv', async (req, reply) => {
    await myOrgs(req);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="laurel-issue-template.csv"').send(csvTemplate());
  });

  // ---- One recipient ----
  const issuePage = async (req: FastifyRequest, reply: FastifyReply, badgeClassId: string, over: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; status?: number } = {}) => {
    const { actor } = await myOrgs(req);
    const c = await badgeClassContext(deps(), badgeClassId);
    if (!issuingOrganizationIds(actor).includes(c.organization.id)) throw new DomainError('not_found', 'The badge class was not found.');
    const v = over.values ?? {};
    const e = over.errors ?? {};
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={`Issue ${c.badgeClass.name}`}>
        <p class="margin-bottom-0">
          <a href="/issuing">Issuing</a>
        </p>
        <h1>Issue “{c.badgeClass.name}”</h1>
        <p>
          {c.organization.name} · {c.badgeClass.expiresAfterMonths ? `expires ${c.badgeClass.expiresAfterMonths} months after issue unless you set a date` : 'does not expire unless you set a date'}
        </p>
        <ErrorSummary errors={e} message={over.message} />
        <form class="usa-form usa-form--large" method="post" action={`/issuing/badge-classes/${badgeClassId}/issue`} novalidate>
          <Csrf token={ctx.csrf} />
          <TextInput name="recipient_email" label="Recipient’s email address" type="email" value={v.recipient_email} error={e.recipient_email} required autocomplete="off" />
          <TextInput name="first_name" label="First name" value={v.first_name} error={e.recipient_name} required />
          <TextInput name="last_name" label="Last name" value={v.last_name} />
          <TextInput name="issued_at" label="Issue date (optional)" hint="YYYY-MM-DD; today if empty." value={v.issued_at} error={e.issued_at} />
          <TextInput name="expires_at" label="Expiry date (optional)" hint="YYYY-MM-DD; the badge class default if empty." value={v.expires_at} error={e.expires_at} />
          <TextInput name="evidence_url" label="Evidence link (optional)" type="url" value={v.evidence_url} error={e.evidence_url} />
          <TextArea name="evidence_narrative" label="Evidence narrative (optional)" value={v.evidence_narrative} error={e.evidence_narrative} />
          <TextInput name="issuer_earner_id" label="Student or employee id (optional)" value={v.issuer_earner_id} error={e.issuer_earner_id} />
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id="reissue" type="checkbox" name="reissue" value="1" checked={v.reissue === '1'} />
            <label class="usa-checkbox__label" for="reissue">
              Re-issue: if this person already has this badge, revoke it as “superseded” and issue a new one
            </label>
          </div>
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id="suppress_notification" type="checkbox" name="suppress_notification" value="1" checked={v.suppress_notification === '1'} />
            <label class="usa-checkbox__label" for="suppress_notification">
              Do not email the recipient
            </label>
          </div>
          <Button>Issue the badge</Button>
        </form>
      </Page>,
      over.status ?? 200,
    );
  };
  app.get('/issuing/badge-classes/:id/issue', async (req, reply) => issuePage(req, reply, (req.params as { id: string }).id));
  app.post('/issuing/badge-classes/:id/issue', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const b = formBody(req);
    const values = Object.fromEntries(['recipient_email', 'first_name', 'last_name', 'issued_at', 'expires_at', 'evidence_url', 'evidence_narrative', 'issuer_earner_id', 'reissue', 'suppress_notification'].map((k) => [k, field(b, k)]));
    try {
      const a = await issueAward(deps(), actor, { badgeClassId: id, raw: values, reissue: values.reissue === '1' });
      return redirectWithFlash(reply, `/issuing/awards/${a.id}`, { kind: 'success', message: `Badge issued to ${a.recipientEmail}.${a.notify ? ' A claim email is on its way.' : ''}` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return issuePage(req, reply, id, { values, errors: fields, message, status: err instanceof DomainError && err.code === 'duplicate_award' ? 409 : 422 });
    }
  });

  // ---- Bulk CSV ----
  const bulkPage = async (req: FastifyRequest, reply: FastifyReply, badgeClassId: string, over: { error?: string; status?: number } = {}) => {
    const { actor } = await myOrgs(req);
    const c = await badgeClassContext(deps(), badgeClassId);
    if (!issuingOrganizationIds(actor).includes(c.organization.id)) throw new DomainError('not_found', 'The badge class was not found.');
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={`Issue ${c.badgeClass.name} from a CSV file`}>
        <p class="margin-bottom-0">
          <a href="/issuing">Issuing</a>
        </p>
        <h1>Issue “{c.badgeClass.name}” from a CSV file</h1>
        <p>
          The first line names the columns: <code>recipient_email</code>, <code>first_name</code>, <code>last_name</code> (or <code>recipient_name</code>), and optionally <code>issued_at</code>, <code>expires_at</code>, <code>evidence_url</code>, <code>evidence_narrative</code>, <code>issuer_earner_id</code>. Up to 50,000 rows. <a href="/issuing/template.csv">Download the template</a>.
        </p>
        <p>Nothing is issued until you have seen the preview and confirmed.</p>
        <ErrorSummary errors={over.error ? { file: over.error } : {}} />
        <form class="usa-form usa-form--large" method="post" action={`/issuing/badge-classes/${badgeClassId}/bulk?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
          <div class={`usa-form-group${over.error ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for="file">
              CSV file (UTF-8, at most 10 MB)
            </label>
            {over.error ? (
              <span class="usa-error-message" id="file-error" role="alert">
                {over.error}
              </span>
            ) : null}
            <input class="usa-file-input" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={over.error ? 'file-error' : undefined} />
          </div>
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id="reissue" type="checkbox" name="reissue" value="1" />
            <label class="usa-checkbox__label" for="reissue">
              Re-issue to recipients who already have this badge (their old award is revoked as “superseded”)
            </label>
          </div>
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id="suppress_notification" type="checkbox" name="suppress_notification" value="1" />
            <label class="usa-checkbox__label" for="suppress_notification">
              Do not email the recipients
            </label>
          </div>
          <Button>Upload and preview</Button>
        </form>
      </Page>,
      over.status ?? 200,
    );
  };
  app.get('/issuing/badge-classes/:id/bulk', async (req, reply) => bulkPage(req, reply, (req.params as { id: string }).id));
  app.post('/issuing/badge-classes/:id/bulk', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    if (!req.isMultipart()) return bulkPage(req, reply, id, { error: 'Choose a CSV file to upload.', status: 422 });
    let file: { filename: string; data: Buffer } | undefined;
    let truncated = false;
    const flags: Record<string, boolean> = {};
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        truncated = part.file.truncated;
        if (part.filename) file = { filename: part.filename, data };
      } else flags[part.fieldname] = String(part.value) === '1';
    }
    if (truncated) return bulkPage(req, reply, id, { error: 'The file is larger than 10 MB.', status: 413 });
    if (!file) return bulkPage(req, reply, id, { error: 'Choose a CSV file to upload.', status: 422 });
    try {
      const b = await createBatch(deps(), actor, { badgeClassId: id, filename: file.filename, csv: file.data, reissue: !!flags.reissue, notify: !flags.suppress_notification });
      return reply.redirect(`/issuing/batches/${b.id}`, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      return bulkPage(req, reply, id, { error: fields.file ?? message, status: 422 });
    }
  });

  app.get('/issuing/batches/:id', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const q = req.query as Record<string, string | undefined>;
    const b = await getBatchForIssuer(deps(), actor, id);
    const p = await batchProgress(deps(), actor, id);
    const bc = await repos(deps().db).badgeClasses.findById(b.badgeClassId);
    const page = pageNumber(q.page);
    const onlyProblems = b.status !== 'preview' || q.rows === 'problems';
    const perPage = 100;
    const { rows, total } = await batchRows(deps(), actor, id, { onlyProblems, page, perPage });
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={b.status === 'preview' ? `Preview: ${b.filename}` : `Issuing: ${b.filename}`} wide>
        <p class="margin-bottom-0">
          <a href="/issuing">Issuing</a>
        </p>
        <h1>
          {b.status === 'preview' ? 'Check the file before issuing' : p.finished ? 'Issuing finished' : 'Issuing in progress'}: {b.filename}
        </h1>
        <p class="usa-intro">
          Badge class <strong>{bc?.name}</strong>: {p.total.toLocaleString('en-US')} rows, {(p.total - p.invalid).toLocaleString('en-US')} can be issued, {p.invalid.toLocaleString('en-US')} {p.invalid === 1 ? 'has an error' : 'have errors'}.
        </p>
        {b.status === 'preview' ? (
          <>
            {p.invalid ? <Alert kind="warning">Rows with errors are listed below and will not be issued. You can issue the others now and upload the corrected rows later, or correct the file and upload it again.</Alert> : <Alert kind="success">Every row can be issued.</Alert>}
            {p.total - p.invalid > 0 ? (
              <form method="post" action={`/issuing/batches/${b.id}/confirm`} class="margin-bottom-3">
                <Csrf token={ctx.csrf} />
                <Button>Issue {(p.total - p.invalid).toLocaleString('en-US')} badges</Button>
              </form>
            ) : null}
            <p>
              Showing {q.rows === 'problems' ? 'rows with errors' : 'every row'}.{' '}
              {q.rows === 'problems' ? <a href={`/issuing/batches/${b.id}`}>Show every row</a> : <a href={`/issuing/batches/${b.id}?rows=problems`}>Show only rows with errors</a>}
            </p>
          </>
        ) : (
          <>
            <ProgressBar p={p} batchId={b.id} />
            {!p.finished ? (
              <p>
                This continues in the background if you leave the page. <a href={`/issuing/batches/${b.id}`}>Refresh</a> to see the latest counts.
              </p>
            ) : null}
          </>
        )}
        {p.invalid + p.failed > 0 ? (
          <p>
            <a class="usa-button usa-button--outline" href={`/issuing/batches/${b.id}/errors.csv`}>
              Download the error report (CSV)
            </a>
          </p>
        ) : null}
        {rows.length ? (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Rows of the file">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Rows of the file</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.rowNumber}>
                    <th scope="row">{row.rowNumber}</th>
                    <td>{row.data.recipient_email ?? ''}</td>
                    <td>{row.data.recipient_name ?? [row.data.first_name, row.data.last_name].filter(Boolean).join(' ')}</td>
                    <td>{row.data.issued_at ?? 'today'}</td>
                    <td>
                      {row.status === 'invalid' || row.status === 'failed' ? (
                        <span class="text-secondary-darker">
                          <strong>Error:</strong> {row.message}
                        </span>
                      ) : row.status === 'issued' ? (
                        <a href={`/issuing/awards/${row.awardId}`}>Issued</a>
                      ) : b.status === 'preview' ? (
                        'Ready'
                      ) : (
                        'Waiting'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pagination page={page} perPage={perPage} total={total} href={(n) => `/issuing/batches/${b.id}?${new URLSearchParams({ ...(q.rows ? { rows: q.rows } : {}), page: String(n) }).toString()}`} />
        <script src="/assets/issuing.js" defer></script>
      </Page>,
    );
  });
  app.post('/issuing/batches/:id/confirm', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    await confirmBatch(deps(), actor, id);
    return redirectWithFlash(reply, `/issuing/batches/${id}`, { kind: 'success', message: 'Issuing started. It continues in the background if you leave this page.' });
  });
  app.get('/issuing/batches/:id/progress.json', async (req, reply) => {
    const actor = requireUser(req);
    const p = await batchProgress(deps(), actor, (req.params as { id: string }).id);
    return reply.header('cache-control', 'no-store').send(p);
  });
  app.get('/issuing/batches/:id/errors.csv', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const csv = await batchErrorReport(deps(), actor, id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="errors-${id}.csv"`).header('cache-control', 'no-store').send(csv);
  });

  // ---- Awards ----
  app.get('/issuing/awards', async (req, reply) => {
    const { orgs } = await myOrgs(req);
    const q = req.query as Record<string, string | undefined>;
    const org = orgs.find((o) => o.slug === q.institution) ?? orgs[0]!;
    const r = repos(deps().db);
    const classes = await r.badgeClasses.listForOrganization(org.id);
    const status = STATUS_FILTERS.some(([s]) => s === q.status) ? (q.status as AwardStatusFilter) : undefined;
    const badgeClass = classes.find((c) => c.id === q.badge_class)?.id;
    const page = pageNumber(q.page);
    const now = nowIso(deps());
    const res = await r.awards.list({ organizationId: org.id, badgeClassId: badgeClass, q: q.q?.trim() || undefined, status, now, page, perPage: 50 });
    const names = new Map(classes.map((c) => [c.id, c.name]));
    const ctx = pageContext(req, reply);
    const params = (n: number) => new URLSearchParams({ ...(q.institution ? { institution: q.institution } : {}), ...(badgeClass ? { badge_class: badgeClass } : {}), ...(q.q ? { q: q.q } : {}), ...(status ? { status } : {}), page: String(n) }).toString();
    return sendPage(
      reply,
      <Page ctx={ctx} title="Awards" wide>
        <p class="margin-bottom-0">
          <a href="/issuing">Issuing</a>
        </p>
        <h1>Awards of {org.name}</h1>
        <form class="usa-form laurel-filters" method="get" action="/issuing/awards" role="search" aria-label="Search and filter awards">
          {orgs.length > 1 ? <Select name="institution" label="Institution" value={org.slug} options={orgs.map((o) => [o.slug, o.name] as const)} /> : null}
          <TextInput name="q" label="Recipient email, name, student id or award id" value={q.q} />
          <Select name="badge_class" label="Badge class" value={badgeClass} options={classes.map((c) => [c.id, c.name] as const)} emptyLabel="All badge classes" />
          <Select name="status" label="Status" value={status} options={STATUS_FILTERS} emptyLabel="Any status" />
          <Button variant="outline">Search</Button>
        </form>
        <p>
          {res.total.toLocaleString('en-US')} award{res.total === 1 ? '' : 's'}
        </p>
        {res.items.length ? (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Awards">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Awards, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Recipient</th>
                  <th scope="col">Badge class</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {res.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <a href={`/issuing/awards/${a.id}`}>{a.recipientName}</a>
                      <br />
                      <span class="text-base-dark">{a.recipientEmail}</span>
                    </th>
                    <td>{names.get(a.badgeClassId) ?? ''}</td>
                    <td>{a.issuedAt.slice(0, 10)}</td>
                    <td>{a.expiresAt ? a.expiresAt.slice(0, 10) : 'Never'}</td>
                    <td>
                      <Tag status={awardStatus(a, now)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No award matches.</p>
        )}
        <Pagination page={page} perPage={50} total={res.total} href={(n) => `/issuing/awards?${params(n)}`} />
      </Page>,
    );
  });

  app.get('/issuing/awards/:id', async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params as { id: string };
    const a = await getAwardForIssuer(deps(), actor, id);
    const [history, bc] = await Promise.all([awardHistory(deps(), actor, id), repos(deps().db).badgeClasses.findById(a.badgeClassId)]);
    const now = nowIso(deps());
    const status = awardStatus(a, now);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={`Award to ${a.recipientName}`}>
        <p class="margin-bottom-0">
          <a href="/issuing/awards">Awards</a>
        </p>
        <h1>
          {bc?.name} to {a.recipientName}
        </h1>
        <p>
          <Tag status={status} />
        </p>
        <dl class="laurel-facts">
          <dt>Recipient</dt>
          <dd>
            {a.recipientName} ({a.recipientEmail}){a.issuerEarnerId ? `, id ${a.issuerEarnerId}` : ''}
          </dd>
          <dt>Issued</dt>
          <dd>{formatDate(a.issuedAt)}</dd>
          <dt>Expires</dt>
          <dd>{a.expiresAt ? formatDate(a.expiresAt) : 'Never'}</dd>
          <dt>Claim</dt>
          <dd>{a.claimState === 'pending' ? 'Not yet claimed' : `${a.claimState === 'accepted' ? 'Accepted' : 'Declined'} ${formatDate(a.claimedAt)}`}</dd>
          {a.revokedAt ? (
            <>
              <dt>Revoked</dt>
              <dd>
                {formatDate(a.revokedAt)}: {a.revocationReason}
              </dd>
            </>
          ) : null}
          {a.suspendedAt ? (
            <>
              <dt>Suspended</dt>
              <dd>
                {formatDate(a.suspendedAt)}: {a.suspensionReason}
              </dd>
            </>
          ) : null}
          <dt>Credential</dt>
          <dd>
            <a href={`/badges/${a.id}`}>Badge page</a> · <a href={`/badges/${a.id}.json`}>JSON</a> · status list {a.statusListSeq}, index {a.statusIndex}
          </dd>
        </dl>
        {!a.revokedAt ? (
          <div class="laurel-actions margin-bottom-3">
            <a class="usa-button usa-button--secondary" href={`/issuing/awards/${a.id}/revoke`}>
              Revoke
            </a>
            {a.suspendedAt ? (
              <a class="usa-button usa-button--outline" href={`/issuing/awards/${a.id}/reinstate`}>
                Reinstate
              </a>
            ) : (
              <a class="usa-button usa-button--outline" href={`/issuing/awards/${a.id}/suspend`}>
                Suspend
              </a>
            )}
          </div>
        ) : null}
        <h2>History</h2>
        <ol class="usa-list">
          {history.map((e) => (
            <li key={e.id}>
              <strong>{auditLabel(e.action)}</strong> by {e.actorName ?? 'the system'} · {formatDate(e.at)}
              {typeof e.data.reason === 'string' ? `: ${e.data.reason}` : ''}
            </li>
          ))}
        </ol>
      </Page>,
    );
  });

  const ACTIONS = {
    revoke: { title: 'Revoke this badge', button: 'Revoke', explain: 'Revocation is permanent: verifiers will see the badge as revoked at once, and the earner can no longer share it.', run: revokeAward, done: 'The badge is revoked.' },
    suspend: { title: 'Suspend this badge', button: 'Suspend', explain: 'While suspended, Laurel shows the badge as suspended and the earner cannot share it. You can reinstate it later.', run: suspendAward, done: 'The badge is suspended.' },
    reinstate: { title: 'Reinstate this badge', button: 'Reinstate', explain: 'The badge becomes valid again.', run: reinstateAward, done: 'The badge is reinstated.' },
  } as const;
  for (const [name, spec] of Object.entries(ACTIONS)) {
    const confirmPage = async (req: FastifyRequest, reply: FastifyReply, over: { error?: string; reason?: string; status?: number } = {}) => {
      const actor = requireUser(req);
      const a = await getAwardForIssuer(deps(), actor, (req.params as { id: string }).id);
      const ctx = pageContext(req, reply);
      return sendPage(
        reply,
        <Page ctx={ctx} title={spec.title}>
          <h1>{spec.title}</h1>
          <p class="usa-intro">
            Award to {a.recipientName} ({a.recipientEmail}). {spec.explain}
          </p>
          <ErrorSummary errors={over.error ? { reason: over.error } : {}} />
          <form class="usa-form" method="post" action={`/issuing/awards/${a.id}/${name}`} novalidate>
            <Csrf token={ctx.csrf} />
            <TextArea name="reason" label="Reason" hint="Shown in the award’s history and to the earner." value={over.reason} error={over.error} required maxLength={500} />
            <Button variant={name === 'revoke' ? 'secondary' : undefined}>{spec.button}</Button> <a href={`/issuing/awards/${a.id}`}>Cancel</a>
          </form>
        </Page>,
        over.status ?? 200,
      );
    };
    app.get(`/issuing/awards/:id/${name}`, async (req, reply) => confirmPage(req, reply));
    app.post(`/issuing/awards/:id/${name}`, async (req, reply) => {
      const actor = requireUser(req);
      const { id } = req.params as { id: string };
      const reason = field(formBody(req), 'reason');
      try {
        await spec.run(deps(), actor, { awardId: id, reason });
        return redirectWithFlash(reply, `/issuing/awards/${id}`, { kind: 'success', message: spec.done });
      } catch (err) {
        const { fields, message } = formErrors(err);
        return confirmPage(req, reply, { error: fields.reason ?? message, reason, status: 422 });
      }
    });
  }

  const revokeCsvPage = async (req: FastifyRequest, reply: FastifyReply, over: { error?: string; results?: Awaited<ReturnType<typeof changeStatusByCsv>>; status?: number } = {}) => {
    await myOrgs(req);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Revoke or suspend by CSV">
        <h1>Revoke or suspend badges from a CSV file</h1>
        <p>
          Columns: <code>award_id</code>, <code>reason</code>. Up to 5,000 rows. Each row is applied on its own; the results are listed below.
        </p>
        <ErrorSummary errors={over.error ? { file: over.error } : {}} />
        {over.results ? (
          <Alert kind={over.results.every((x) => x.ok) ? 'success' : 'warning'}>
            {over.results.filter((x) => x.ok).length} applied, {over.results.filter((x) => !x.ok).length} not applied.
            <ul class="usa-list">
              {over.results
                .filter((x) => !x.ok)
                .slice(0, 200)
                .map((x) => (
                  <li key={x.row}>
                    Row {x.row} ({x.awardId || 'no id'}): {x.message}
                  </li>
                ))}
            </ul>
          </Alert>
        ) : null}
        <form class="usa-form usa-form--large" method="post" action={`/issuing/revoke-csv?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
          <div class={`usa-form-group${over.error ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for="file">
              CSV file
            </label>
            {over.error ? (
              <span class="usa-error-message" id="file-error" role="alert">
                {over.error}
              </span>
            ) : null}
            <input class="usa-file-input" id="file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <Select name="action" label="Action" options={[['revoke', 'Revoke (permanent)'], ['suspend', 'Suspend']]} value="revoke" />
          <Button variant="secondary">Apply</Button>
        </form>
      </Page>,
      over.status ?? 200,
    );
  };
  app.get('/issuing/revoke-csv', async (req, reply) => revokeCsvPage(req, reply));
  app.post('/issuing/revoke-csv', async (req, reply) => {
    const actor = requireUser(req);
    if (!req.isMultipart()) return revokeCsvPage(req, reply, { error: 'Choose a CSV file.', status: 422 });
    let csv = '';
    let action: 'revoke' | 'suspend' = 'revoke';
    for await (const part of req.parts()) {
      if (part.type === 'file') csv = (await part.toBuffer()).toString('utf8');
      else if (part.fieldname === 'action' && part.value === 'suspend') action = 'suspend';
    }
    try {
      const results = await changeStatusByCsv(deps(), actor, { csv, action });
      return revokeCsvPage(req, reply, { results });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return revokeCsvPage(req, reply, { error: fields.file ?? message, status: 422 });
    }
  });
}
