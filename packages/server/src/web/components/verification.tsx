// The verification result in plain language: each check with passed / failed / could not check; for a
// learner record (CLR 2.0), each badge inside it with its own checks.
import type { VerifierCheck, VerifierResult } from '../../domain/verification/verify-any.ts';
import { checkName, STATUS_TEXT, verificationSummary } from '../../domain/verification/wording.ts';

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
  return (
    <section aria-labelledby="verify-result-h" class="margin-y-3">
      <div class={`usa-alert usa-alert--${kind}`} role="status">
        <div class="usa-alert__body">
          <H class="usa-alert__heading" id="verify-result-h">
            {summary}
          </H>
          {result.issuer.name || result.issuer.id ? <p class="usa-alert__text">{record ? 'Record signed by' : 'Issuer'}: {result.issuer.name ?? result.issuer.id}</p> : null}
        </div>
      </div>
      <CheckList checks={result.checks} learnerRecord={record} />
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
                <CheckList checks={e.checks} learnerRecord={false} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
