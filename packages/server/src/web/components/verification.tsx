// The verification result in plain language: each check with passed / failed / could not check.
import type { VerifierResult } from '../../domain/verification/verify-any.ts';
import { CHECK_NAMES, STATUS_TEXT, verificationSummary } from '../../domain/verification/wording.ts';

export function VerificationPanel({ result, headingLevel = 2 }: { result: VerifierResult; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const { kind, text: summary } = verificationSummary(result);
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
