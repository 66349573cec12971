// One dashboard, with a section for each role the person holds, so someone with several roles (an
// institution admin who is also an issuer) sees all their work in one place.
import type { FastifyInstance } from 'fastify';
import { INSTITUTION_TYPES } from '../../domain/institutions/institutions.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from '../../shared/roles.ts';
import { requireUser } from '../../kit/auth.ts';
import { nowIso } from '../../domain/deps.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { AuditEvent } from '../../storage/repositories/audit.ts';
import { auditLabel } from '../components/audit-labels.ts';
import { formatDate } from '../components/ui.tsx';
import { requestStats } from '../../domain/review/queues.ts';
import { programsDueForRereview } from '../../domain/review/rereview.ts';
import { Page } from '../layouts/page.tsx';
import { listPortfolio } from '../../domain/portfolio/portfolio.ts';
import { pageContext, sendPage } from '../render.tsx';

function Stat({ value, label, href }: { value: number; label: string; href?: string }) {
  return (
    <div class="tablet:grid-col-3 margin-bottom-2">
      <div class="usa-card__container padding-2">
        <span class="laurel-stat">{value.toLocaleString('en-US')}</span>
        {href ? (
          <a class="laurel-stat-label" href={href}>
            {label}
          </a>
        ) : (
          <span class="laurel-stat-label">{label}</span>
        )}
      </div>
    </div>
  );
}

function InstitutionsTable({ orgs, members }: { orgs: Organization[]; members: Map<string, number> }) {
  return (
    <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Institutions of the state system">
      <table class="usa-table usa-table--borderless width-full">
        <caption class="usa-sr-only">Institutions of the state system</caption>
        <thead>
          <tr>
            <th scope="col">Institution</th>
            <th scope="col">Type</th>
            <th scope="col">City</th>
            <th scope="col">People</th>
          </tr>
        </thead>
        <tbody>
          {orgs.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.website ? <a href={o.website}>{o.name}</a> : o.name}</th>
              <td>{o.institutionType ? (INSTITUTION_TYPES as Record<string, string>)[o.institutionType] ?? o.institutionType : '—'}</td>
              <td>{o.city ?? '—'}</td>
              <td>{members.get(o.id) ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecentActivity({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p>No activity yet.</p>;
  return (
    <ul class="usa-list">
      {events.map((e) => (
        <li key={e.id}>
          <strong>{auditLabel(e.action)}</strong> by {e.actorName ?? 'the system'} · {formatDate(e.at)}
        </li>
      ))}
    </ul>
  );
}

export function registerDashboard(app: FastifyInstance): void {
  app.get('/dashboard', async (req, reply) => {
    const actor = requireUser(req);
    const ctx = pageContext(req, reply);
    const r = repos(app.laurel.deps.db);
    const roles = [...new Set(actor.memberships.map((m) => m.role))] as Role[];
    const has = (role: Role) => roles.includes(role);
    const sections = [];

    if (has('system_admin')) {
      const [orgCount, userCount, invites, emailCounts, recent] = await Promise.all([
        r.organizations.count(),
        r.users.count(),
        r.invitations.pending({ now: nowIso(app.laurel.deps) }),
        r.jobs.counts('email'),
        r.audit.list({ page: 1, perPage: 8 }),
      ]);
      sections.push(
        <section key="sysadmin" aria-labelledby="sec-sysadmin" class="margin-bottom-5">
          <h2 id="sec-sysadmin">System administration</h2>
          <div class="grid-row grid-gap">
            <Stat value={orgCount} label="Organizations" href="/admin/institutions" />
            <Stat value={userCount} label="Users" href="/admin/users" />
            <Stat value={invites.length} label="Pending invitations" href="/admin/users#invitations" />
            <Stat value={(emailCounts.pending ?? 0) + (emailCounts.running ?? 0)} label="Emails waiting to send" href="/admin/mailbox" />
          </div>
          {emailCounts.failed ? (
            <p class="text-secondary-dark">
              {emailCounts.failed} email{emailCounts.failed === 1 ? '' : 's'} could not be delivered after every retry. Check the mail settings.
            </p>
          ) : null}
          <div class="laurel-actions">
            <a class="usa-button" href="/admin/institutions/new">
              Add an institution
            </a>
            <a class="usa-button usa-button--outline" href="/admin/users/invite">
              Invite a user
            </a>
            <a class="usa-button usa-button--outline" href="/admin/audit">
              Audit log
            </a>
          </div>
          <h3>Recent activity</h3>
          <RecentActivity events={recent.items} />
        </section>,
      );
    }

    if (has('regents_reviewer') || has('chancellor')) {
      const [orgs, members, stats, due] = await Promise.all([r.organizations.list({ kind: 'institution' }), r.memberships.countByOrganization(), requestStats(app.laurel.deps), programsDueForRereview(app.laurel.deps)]);
      const role = has('chancellor') ? 'chancellor' : 'regents_reviewer';
      const n = (states: string[]) => states.reduce((sum, st) => sum + (stats.byState[st] ?? 0), 0);
      sections.push(
        <section key="regents" aria-labelledby="sec-regents" class="margin-bottom-5">
          <h2 id="sec-regents">{ROLE_LABELS[role]}</h2>
          <p>{ROLE_DESCRIPTIONS[role]}</p>
          {has('chancellor') && has('regents_reviewer') ? <p>{ROLE_DESCRIPTIONS.regents_reviewer}</p> : null}
          <div class="grid-row grid-gap">
            {has('regents_reviewer') ? <Stat value={n(['submitted', 'resubmitted'])} label="New or resubmitted, to start" href="/review" /> : null}
            {has('regents_reviewer') ? <Stat value={n(['in_review'])} label="In review" href="/review?state=in_review" /> : null}
            <Stat value={n(['recommended_approve', 'recommended_deny'])} label="Recommendations for the Chancellor" href="/review?tab=recommendations" />
            <Stat value={due.length} label="Due for re-review" href="/review?tab=rereview" />
          </div>
          <p>
            Median time from submission to decision: <strong>{stats.medianDaysToDecision === null ? 'no decisions yet' : `${stats.medianDaysToDecision} days`}</strong> ({stats.decided} decided).
          </p>
          <div class="laurel-actions">
            <a class="usa-button" href={has('chancellor') && !has('regents_reviewer') ? '/review?tab=recommendations' : '/review'}>
              {has('chancellor') && !has('regents_reviewer') ? 'Open the recommendations' : 'Open the review queue'}
            </a>
          </div>
          <h3>Institutions of the state system</h3>
          <InstitutionsTable orgs={orgs} members={members} />
        </section>,
      );
    }

    const instMemberships = actor.memberships.filter((m) => m.organizationKind === 'institution');
    const instIds = [...new Set(instMemberships.map((m) => m.organizationId))];
    for (const orgId of instIds) {
      const org = await r.organizations.findById(orgId);
      if (!org) continue;
      const myRoles = instMemberships.filter((m) => m.organizationId === orgId).map((m) => m.role);
      const isAdmin = myRoles.includes('institution_admin');
      const people = isAdmin ? await r.users.list({ organizationIds: [orgId], page: 1, perPage: 1 }) : null;
      const authoring = myRoles.includes('program_author') || isAdmin;
      const orgStats = authoring ? await requestStats(app.laurel.deps, orgId) : null;
      const count = (states: string[]) => states.reduce((sum, st) => sum + (orgStats?.byState[st] ?? 0), 0);
      const issuing = myRoles.includes('issuer') || isAdmin ? { classes: await r.badgeClasses.listForOrganization(orgId), counts: await r.awards.countsByBadgeClass(orgId) } : null;
      sections.push(
        <section key={orgId} aria-labelledby={`sec-${org.slug}`} class="margin-bottom-5">
          <h2 id={`sec-${org.slug}`}>{org.name}</h2>
          <p class="laurel-roles">
            Your roles here:{' '}
            {myRoles.map((role) => (
              <span class="usa-tag" key={role}>
                {ROLE_LABELS[role]}
              </span>
            ))}
          </p>
          <ul class="usa-list">
            {myRoles.map((role) => (
              <li key={role}>
                <strong>{ROLE_LABELS[role]}:</strong> {ROLE_DESCRIPTIONS[role]}
              </li>
            ))}
          </ul>
          {orgStats ? (
            <>
              <h3>Requests</h3>
              <div class="grid-row grid-gap">
                <Stat value={count(['draft', 'changes_requested'])} label="Waiting on you (drafts, changes requested)" href={`/requests?institution=${org.slug}`} />
                <Stat value={count(['submitted', 'in_review', 'resubmitted', 'recommended_approve', 'recommended_deny'])} label="With the State Regents" href={`/requests?institution=${org.slug}`} />
                <Stat value={count(['approved', 'listed'])} label="Approved or listed" href={`/requests?institution=${org.slug}`} />
              </div>
              <p>Median time from submission to decision: {orgStats.medianDaysToDecision === null ? 'no decisions yet' : `${orgStats.medianDaysToDecision} days`}.</p>
              <div class="laurel-actions margin-bottom-3">
                <a class="usa-button" href="/requests/new">
                  Start a new request
                </a>
                <a class="usa-button usa-button--outline" href={`/requests?institution=${org.slug}`}>
                  All requests
                </a>
              </div>
            </>
          ) : null}
          {issuing ? (
            <>
              <h3>Badges you can issue</h3>
              {issuing.classes.length === 0 ? (
                <p>No badge class yet: one is created when a program is approved or listed.</p>
              ) : (
                <>
                  <div class="grid-row grid-gap">
                    <Stat value={issuing.classes.length} label="Badge classes" href="/issuing" />
                    <Stat value={[...issuing.counts.values()].reduce((n, c) => n + c.issued, 0)} label="Badges issued" href="/issuing/awards" />
                    <Stat value={[...issuing.counts.values()].reduce((n, c) => n + c.accepted, 0)} label="Accepted by earners" href="/issuing/awards?status=accepted" />
                  </div>
                  <ul class="usa-list">
                    {issuing.classes.slice(0, 6).map((bc) => (
                      <li key={bc.id}>
                        <a href={`/issuing/badge-classes/${bc.id}/issue`}>{bc.name}</a>: {issuing.counts.get(bc.id)?.issued ?? 0} issued
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <div class="laurel-actions margin-bottom-3">
                <a class="usa-button" href="/issuing">
                  Issue badges
                </a>
              </div>
            </>
          ) : null}
          {isAdmin && people ? (
            <>
              <div class="grid-row grid-gap">
                <Stat value={people.total} label="People at your institution" href={`/admin/users?organization=${org.slug}`} />
              </div>
              <div class="laurel-actions">
                <a class="usa-button usa-button--outline" href={`/admin/users/invite?organization=${org.slug}`}>
                  Invite someone
                </a>
                <a class="usa-button usa-button--outline" href={`/admin/users?organization=${org.slug}`}>
                  Manage users
                </a>
                <a class="usa-button usa-button--outline" href={`/admin/institutions/${org.slug}/edit`}>
                  Edit institution profile
                </a>
              </div>
            </>
          ) : null}
        </section>,
      );
    }

    const myBadges = await listPortfolio(app.laurel.deps, actor);
    if (actor.memberships.length === 0 || myBadges.length > 0) {
      const pending = myBadges.filter((b) => b.status === 'pending').length;
      sections.push(
        <section key="earner" aria-labelledby="sec-earner" class="margin-bottom-5">
          <h2 id="sec-earner">Your badges</h2>
          <p>{ROLE_DESCRIPTIONS.earner}</p>
          {myBadges.length === 0 ? (
            <div class="usa-alert usa-alert--info usa-alert--no-icon">
              <div class="usa-alert__body">
                <p class="usa-alert__text">
                  You have no badges yet. When an institution issues you a badge, you will receive an email with a link to claim it, and it will appear here.
                </p>
              </div>
            </div>
          ) : (
            <>
              <div class="grid-row grid-gap">
                <Stat value={myBadges.length} label={myBadges.length === 1 ? 'Badge in your portfolio' : 'Badges in your portfolio'} href="/portfolio" />
                <Stat value={pending} label="Waiting for you to accept" href="/portfolio" />
                <Stat value={myBadges.filter((b) => b.award.visibility === 'public').length} label="Public" href="/portfolio" />
              </div>
              <ul class="usa-list">
                {myBadges.slice(0, 5).map((b) => (
                  <li key={b.award.id}>
                    <a href={`/badges/${b.award.id}`}>{b.badgeClass.name}</a> from {b.organization.name}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div class="laurel-actions">
            <a class="usa-button" href="/portfolio">
              Open your portfolio
            </a>
          </div>
        </section>,
      );
    }

    return sendPage(
      reply,
      <Page ctx={ctx} title="Dashboard">
        <h1>Welcome, {actor.name}</h1>
        {sections}
      </Page>,
    );
  });
}
