// The verification result in plain language: the outcome first (and, when it failed, what cannot be
// trusted), which badge it is, whose, by whom and when — as fact when it verified, as a claim when not —
// then each check with passed / failed / could not check, the ones that did not pass first; for a learner
// record (CLR 2.0), each badge inside it with its own checks.
import type { VerifierCheck, VerifierResult } from '../../domain/verification/verify-any.ts';
import { checkName, STATUS_TEXT, trustStatement, verificationSummary } from '../../domain/verification/wording.ts';
import { formatDay } from './ui.tsx';

/** When a result did not verify, the checks that passed are folded away under the ones that did not. */
function Checks({ checks, learnerRecord, verified }: { checks: readonly VerifierCheck[]; learnerRecord: boolean; verified: boolean }) {
  const passed = checks.filter((c) => c.status === 'passed');
  if (verified || passed.length === checks.length) return <CheckList checks={checks} learnerRecord={learnerRecord} />;
  const notPassed = [...checks.filter((c) => c.status === 'failed'), ...checks.filter((c) => c.status === 'unknown')];
  return (
    <>
      <CheckList checks={notPassed} learnerRecord={learnerRecord} />
      {passed.length ? (
        <details class="laurel-checks-passed">
          <summary>
            {passed.length} other check{passed.length === 1 ? '' : 's'} passed
          </summary>
          <p class="margin-y-1">They do not make up for the {notPassed.length === 1 ? 'one' : 'ones'} above.</p>
          <CheckList checks={passed} learnerRecord={learnerRecord} />
        </details>
      ) : null}
    </>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Which badge, whose, by whom and when, as the credential states them. */
export function credentialFacts(result: VerifierResult): { badge: string | null; recipient: string | null; issuer: string | null; issuedOn: string | null; validUntil: string | null } | null {
  const c = result.credential;
  if (!c) return null;
  const subject = (Array.isArray(c.credentialSubject) ? c.credentialSubject[0] : c.credentialSubject) as Record<string, unknown> | undefined;
  const achievement = subject?.achievement as Record<string, unknown> | undefined;
  const identifiers = (Array.isArray(subject?.identifier) ? subject.identifier : subject?.identifier ? [subject.identifier] : []) as Record<string, unknown>[];
  const hashedEmail = identifiers.some((i) => i && i.identityType === 'emailAddress' && i.hashed !== false);
  const plain = identifiers.find((i) => i && i.hashed === false && str(i.identityHash));
  const recipient = str(subject?.name) ?? (plain ? `${String(plain.identityHash)}` : null) ?? (hashedEmail ? 'The person with a hashed email address in the badge (it does not show their name)' : str(subject?.id));
  return {
    badge: str(achievement?.name) ?? str(c.name),
    recipient,
    issuer: result.issuer.name ?? result.issuer.id,
    issuedOn: str(c.awardedDate) ?? str(c.validFrom) ?? str(c.issuanceDate),
    validUntil: str(c.validUntil) ?? str(c.expirationDate),
  };
}

function Facts({ result, H }: { result: VerifierResult; H: 'h3' | 'h4' }) {
  const f = credentialFacts(result);
  if (!f) return null;
  const trusted = result.outcome === 'verified';
  return (
    <>
      <H class="margin-bottom-1">{trusted ? 'The badge' : 'What this badge claims (not verified)'}</H>
      <dl class={`laurel-verify-facts${trusted ? '' : ' laurel-verify-facts--claimed'}`}>
        <dt>Badge</dt>
        <dd>{f.badge ?? 'No name given'}</dd>
        <dt>Awarded to</dt>
        <dd>{f.recipient ?? 'Not stated'}</dd>
        <dt>Issued by</dt>
        <dd>{f.issuer ?? 'Not stated'}</dd>
        <dt>Issued on</dt>
        <dd>{f.issuedOn ? formatDay(f.issuedOn, 'long') : 'Not stated'}</dd>
        <dt>Valid until</dt>
        <dd>{f.validUntil ? formatDay(f.validUntil, 'long') : 'Does not expire'}</dd>
      </dl>
    </>
  );
}

function CheckList({ checks, learnerRecord }: { checks: readonly VerifierCheck[]; learnerRecord: boolean }) {
  return (
    <ul class="usa-icon-list laurel-checklist">
      {checks.map((c) => (
        <li class={`usa-icon-list__item laurel-check laurel-check--${c.status === 'unknown' ? 'warning' : c.status}`} key={c.id}>
          <span class="laurel-check-status">{STATUS_TEXT[c.status]}</span>
          <span class="usa-icon-list__content">
            <strong>{checkName(c.id, learnerRecord)}.</strong> {c.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

const OUTCOME_TEXT = { verified: 'Verified', failed: 'Did not verify', indeterminate: 'Could not be fully checked' } as const;

export function VerificationPanel({ result, headingLevel = 2 }: { result: VerifierResult; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';
  const { kind, text: summary } = verificationSummary(result);
  const record = Boolean(result.embedded);
  const trust = trustStatement(result);
  return (
    <section aria-labelledby="verify-result-h" class="margin-y-3">
      <div class={`usa-alert usa-alert--${kind}`} role="status">
        <div class="usa-alert__body">
          <H class="usa-alert__heading" id="verify-result-h">
            {summary}
          </H>
          {trust ? <p class="usa-alert__text">{trust}</p> : null}
          {record && result.outcome === 'verified' && (result.issuer.name || result.issuer.id) ? <p class="usa-alert__text">Record signed by: {result.issuer.name ?? result.issuer.id}</p> : null}
        </div>
      </div>
      {record ? null : <Facts result={result} H={H2} />}
      <H2 class="margin-bottom-1">Checks</H2>
      <Checks checks={result.checks} learnerRecord={record} verified={result.outcome === 'verified'} />
      {result.embedded ? (
        <>
          <H2>Badges in this learner record</H2>
          <ol class="usa-list usa-list--unstyled">
            {result.embedded.map((e, i) => (
              <li key={i} class="margin-bottom-3 border-top-1px border-base-lighter padding-top-2">
                <p class="margin-y-1">
                  <strong>{e.name}</strong> — {e.issuer.name ?? e.issuer.id ?? 'unknown issuer'}{' '}
                  <span class={`usa-tag ${e.outcome === 'verified' ? 'bg-success-dark' : e.outcome === 'failed' ? 'bg-secondary-dark' : 'bg-base-dark'}`}>{OUTCOME_TEXT[e.outcome]}</span>
                </p>
                <Checks checks={e.checks} learnerRecord={false} verified={e.outcome === 'verified'} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
