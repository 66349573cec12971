// One award for its issuer: the facts, the credential links, revoke / suspend / reinstate, sending the
// claim email again, and its history.
import type { AwardView } from '../../../domain/issuance/get-award.ts';
import type { AuditEvent } from '../../../domain/issuance/types.ts';
import type { ClaimLinkState } from '../../../domain/portfolio/claim-link.ts';
import { auditLabel } from '../../components/audit-labels.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { StatusChangeFacts } from '../../components/award-facts.tsx';
import { StatusTag } from './award-fields.tsx';

function ClaimFact({ a, claimLink }: { a: AwardView['award']; claimLink: ClaimLinkState }) {
  if (a.claimState !== 'pending') return <dd>{`${a.claimState === 'accepted' ? 'Accepted' : 'Declined'} ${formatDate(a.claimedAt)}`}</dd>;
  return (
    <dd>
      Not yet claimed. {claimLink.expired ? `The claim link expired ${formatDate(claimLink.expiresAt)}.` : `The claim link works until ${formatDate(claimLink.expiresAt)}.`}
    </dd>
  );
}

function Facts({ a, claimLink }: { a: AwardView['award']; claimLink: ClaimLinkState }) {
  return (
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
      <ClaimFact a={a} claimLink={claimLink} />
      <StatusChangeFacts award={a} date={formatDate} />
      <dt>Credential</dt>
      <dd>
        <a href={`/badges/${a.id}`}>Badge page</a> · <a href={`/badges/${a.id}.json`}>JSON</a> · status list {a.statusListSeq}, index {a.statusIndex}
      </dd>
    </dl>
  );
}

function Actions({ a }: { a: AwardView['award'] }) {
  if (a.revokedAt) return null;
  return (
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
      {a.claimState !== 'accepted' ? (
        <a class="usa-button usa-button--outline" href={`/issuing/awards/${a.id}/resend-claim`}>
          Send the claim email again
        </a>
      ) : null}
    </div>
  );
}

export function AwardDetailPage({ ctx, view, history, claimLink }: { ctx: PageContext; view: AwardView; history: readonly AuditEvent[]; claimLink: ClaimLinkState }) {
  const a = view.award;
  return (
    <Page ctx={ctx} title={`Award to ${a.recipientName}`}>
      <Breadcrumbs
        trail={[
          { label: 'Issuing', href: '/issuing' },
          { label: 'Awards', href: '/issuing/awards' },
        ]}
        current={a.recipientName}
      />
      <h1>
        {view.badgeClassName} to {a.recipientName}
      </h1>
      <p>
        <StatusTag status={view.status} />
      </p>
      <Facts a={a} claimLink={claimLink} />
      <Actions a={a} />
      <h2>History</h2>
      <ol class="usa-list">
        {history.map((e) => (
          <li key={e.id}>
            <strong>{auditLabel(e.action)}</strong> by {e.actorName ?? 'the system'} · {formatDate(e.at)}
            {typeof e.data.reason === 'string' ? `: ${e.data.reason}` : ''}
          </li>
        ))}
      </ol>
    </Page>
  );
}
