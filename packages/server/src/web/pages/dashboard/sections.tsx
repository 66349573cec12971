// The dashboard's sections, one per role: system administration, State Regents staff, each
// institution the person works for, and their own badges.
import type { InstitutionPart, RegentsPart, SystemAdminPart } from '../../../domain/dashboard/get-dashboard.ts';
import type { BadgeView } from '../../../domain/portfolio/portfolio.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from '../../../shared/roles.ts';
import { InstitutionsTable, RecentActivity, Stat } from './parts.tsx';

export function SystemAdminSection({ data }: { data: SystemAdminPart }) {
  const failed = data.emailCounts.failed;
  return (
    <section aria-labelledby="sec-sysadmin" class="margin-bottom-5">
      <h2 id="sec-sysadmin">System administration</h2>
      <div class="grid-row grid-gap">
        <Stat value={data.organizations} label="Organizations" href="/admin/institutions" />
        <Stat value={data.users} label="Users" href="/admin/users" />
        <Stat value={data.pendingInvitations} label="Pending invitations" href="/admin/users#invitations" />
        <Stat value={(data.emailCounts.pending ?? 0) + (data.emailCounts.running ?? 0)} label="Emails waiting to send" href="/admin/mailbox" />
      </div>
      {failed ? (
        <p class="text-secondary-dark">
          {failed} email{failed === 1 ? '' : 's'} could not be delivered after every retry. Check the mail settings.
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
      <RecentActivity events={data.recent} />
    </section>
  );
}

export function RegentsSection({ data, roles }: { data: RegentsPart; roles: Role[] }) {
  const has = (role: Role) => roles.includes(role);
  const role = has('chancellor') ? 'chancellor' : 'regents_reviewer';
  const n = (states: string[]) => states.reduce((sum, st) => sum + (data.stats.byState[st] ?? 0), 0);
  const chancellorOnly = has('chancellor') && !has('regents_reviewer');
  return (
    <section aria-labelledby="sec-regents" class="margin-bottom-5">
      <h2 id="sec-regents">{ROLE_LABELS[role]}</h2>
      <p>{ROLE_DESCRIPTIONS[role]}</p>
      {has('chancellor') && has('regents_reviewer') ? <p>{ROLE_DESCRIPTIONS.regents_reviewer}</p> : null}
      <div class="grid-row grid-gap">
        {has('regents_reviewer') ? <Stat value={n(['submitted', 'resubmitted'])} label="New or resubmitted, to start" href="/review" /> : null}
        {has('regents_reviewer') ? <Stat value={n(['in_review'])} label="In review" href="/review?state=in_review" /> : null}
        <Stat value={n(['recommended_approve', 'recommended_deny'])} label="Recommendations for the Chancellor" href="/review?tab=recommendations" />
        <Stat value={data.dueForRereview} label="Due for re-review" href="/review?tab=rereview" />
      </div>
      <p>
        Median time from submission to decision: <strong>{data.stats.medianDaysToDecision === null ? 'no decisions yet' : `${data.stats.medianDaysToDecision} days`}</strong> ({data.stats.decided} decided).
      </p>
      <div class="laurel-actions">
        <a class="usa-button" href={chancellorOnly ? '/review?tab=recommendations' : '/review'}>
          {chancellorOnly ? 'Open the recommendations' : 'Open the review queue'}
        </a>
        <a class="usa-button usa-button--outline" href="/reports">
          Statewide report and charts
        </a>
      </div>
      <h3>Institutions of the state system</h3>
      <InstitutionsTable orgs={data.institutions} members={data.members} />
    </section>
  );
}

function InstitutionRequests({ data }: { data: InstitutionPart }) {
  const org = data.organization;
  const count = (states: string[]) => states.reduce((sum, st) => sum + (data.stats?.byState[st] ?? 0), 0);
  if (!data.stats) return null;
  return (
    <>
      <h3>Requests</h3>
      <div class="grid-row grid-gap">
        <Stat value={count(['draft', 'changes_requested'])} label="Waiting on you (drafts, changes requested)" href={`/requests?institution=${org.slug}`} />
        <Stat value={count(['submitted', 'in_review', 'resubmitted', 'recommended_approve', 'recommended_deny'])} label="With the State Regents" href={`/requests?institution=${org.slug}`} />
        <Stat value={count(['approved', 'listed'])} label="Approved or listed" href={`/requests?institution=${org.slug}`} />
      </div>
      <p>Median time from submission to decision: {data.stats.medianDaysToDecision === null ? 'no decisions yet' : `${data.stats.medianDaysToDecision} days`}.</p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button" href="/requests/new">
          Start a new request
        </a>
        <a class="usa-button usa-button--outline" href={`/requests?institution=${org.slug}`}>
          All requests
        </a>
      </div>
    </>
  );
}

function InstitutionIssuing({ issuing, slug }: { issuing: NonNullable<InstitutionPart['issuing']>; slug: string }) {
  const counts = [...issuing.counts.values()];
  return (
    <>
      <h3>Badges you can issue</h3>
      {issuing.classes.length === 0 ? (
        <p>No badge class yet: one is created when a program is approved or listed.</p>
      ) : (
        <>
          <div class="grid-row grid-gap">
            <Stat value={issuing.classes.length} label="Badge classes" href="/issuing" />
            <Stat value={counts.reduce((n, c) => n + c.issued, 0)} label="Badges issued" href="/issuing/awards" />
            <Stat value={counts.reduce((n, c) => n + c.accepted, 0)} label="Accepted by earners" href="/issuing/awards?status=accepted" />
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
        <a class="usa-button usa-button--outline" href={`/reports/institutions/${slug}`}>
          Badges report and charts
        </a>
      </div>
    </>
  );
}

function InstitutionPeople({ slug, people }: { slug: string; people: number }) {
  return (
    <>
      <div class="grid-row grid-gap">
        <Stat value={people} label="People at your institution" href={`/admin/users?organization=${slug}`} />
      </div>
      <div class="laurel-actions">
        <a class="usa-button usa-button--outline" href={`/admin/users/invite?organization=${slug}`}>
          Invite someone
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/users?organization=${slug}`}>
          Manage users
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/institutions/${slug}/edit`}>
          Edit institution profile
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/institutions/${slug}/sign-in`}>
          Sign-in and single sign-on
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/institutions/${slug}/webhooks`}>
          Webhooks
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/institutions/${slug}/lti`}>
          Learning platforms (LTI)
        </a>
        <a class="usa-button usa-button--outline" href={`/admin/institutions/${slug}/exports`}>
          Export everything
        </a>
      </div>
    </>
  );
}

export function InstitutionSection({ data }: { data: InstitutionPart }) {
  const org = data.organization;
  return (
    <section aria-labelledby={`sec-${org.slug}`} class="margin-bottom-5">
      <h2 id={`sec-${org.slug}`}>{org.name}</h2>
      <p class="laurel-roles">
        Your roles here:{' '}
        {data.roles.map((role) => (
          <span class="usa-tag" key={role}>
            {ROLE_LABELS[role]}
          </span>
        ))}
      </p>
      <ul class="usa-list">
        {data.roles.map((role) => (
          <li key={role}>
            <strong>{ROLE_LABELS[role]}:</strong> {ROLE_DESCRIPTIONS[role]}
          </li>
        ))}
      </ul>
      <InstitutionRequests data={data} />
      {data.issuing ? <InstitutionIssuing issuing={data.issuing} slug={org.slug} /> : null}
      {data.isAdmin && data.people !== null ? <InstitutionPeople slug={org.slug} people={data.people} /> : null}
    </section>
  );
}

export function EarnerSection({ badges }: { badges: BadgeView[] }) {
  const pending = badges.filter((b) => b.status === 'pending').length;
  return (
    <section aria-labelledby="sec-earner" class="margin-bottom-5">
      <h2 id="sec-earner">Your badges</h2>
      <p>{ROLE_DESCRIPTIONS.earner}</p>
      {badges.length === 0 ? (
        <div class="usa-alert usa-alert--info usa-alert--no-icon">
          <div class="usa-alert__body">
            <p class="usa-alert__text">You have no badges yet. When an institution issues you a badge, you will receive an email with a link to claim it, and it will appear here.</p>
          </div>
        </div>
      ) : (
        <>
          <div class="grid-row grid-gap">
            <Stat value={badges.length} label={badges.length === 1 ? 'Badge in your portfolio' : 'Badges in your portfolio'} href="/portfolio" />
            <Stat value={pending} label="Waiting for you to accept" href="/portfolio" />
            <Stat value={badges.filter((b) => b.award.visibility === 'public').length} label="Public" href="/portfolio" />
          </div>
          <ul class="usa-list">
            {badges.slice(0, 5).map((b) => (
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
    </section>
  );
}
