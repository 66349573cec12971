// The verification result in plain language: each check with passed / failed / could not check.
import type { VerifierResult } from '../../domain/verification/verify-any.ts';

export const CHECK_NAMES: Record<string, string> = {
  fetch: 'Badge retrieved',
  format: 'Readable badge',
  context: 'Standard vocabulary',
  schema: 'Open Badges 3.0 structure',
  proof: 'Signature',
  issuer_key: 'Issuer’s signing key',
  validity: 'Within its dates (not expired)',
  status: 'Not revoked or suspended',
  endorsements: 'Endorsements embedded in the badge',
  issuer_known: 'Issuer is an institution of the state registry',
  recipient: 'Awarded to this person',
  hosted: 'Hosted by its issuer (Open Badges 2.0)',
  regents_endorsement: 'Endorsed by the State Regents (the endorsement itself verified)',
};

const STATUS_TEXT = { passed: 'Passed', failed: 'Failed', unknown: 'Could not check' } as const;

export function VerificationPanel({ result, headingLevel = 2 }: { result: VerifierResult; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const trusted = result.verified && result.issuer.known;
  const kind = result.outcome === 'failed' ? 'error' : result.outcome === 'indeterminate' ? 'warning' : trusted ? 'success' : 'info';
  const summary =
    result.outcome === 'failed'
      ? 'This badge did not verify.'
      : result.outcome === 'indeterminate'
        ? 'This badge could not be fully checked right now, so it is not shown as valid.'
        : trusted
          ? 'This badge is genuine, current and issued by an institution of the state system.'
          : 'This badge is genuine and current, but its issuer is not in this state’s registry.';
  return (
    <section aria-labelledby="verify-result-h" class="margin-y-3">
      <div class={`usa-alert usa-alert--${kind}`} role="status">
        <div class="usa-alert__body">
          <H class="usa-alert__heading" id="verify-result-h">
            {summary}
          </H>
          {result.issuer.name || result.issuer.id ? <p class="usa-alert__text">Issuer: {result.issuer.name ?? result.issuer.id}</p> : null}
        </div>
      </div>
      <ul class="usa-icon-list laurel-checklist">
        {result.checks.map((c) => (
          <li class={`usa-icon-list__item laurel-check laurel-check--${c.status === 'unknown' ? 'warning' : c.status}`} key={c.id}>
            <span class="laurel-check-status">{STATUS_TEXT[c.status]}</span>
            <span class="usa-icon-list__content">
              <strong>{CHECK_NAMES[c.id] ?? c.id}.</strong> {c.message}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
