// The verification result in plain language: each check with passed / failed / could not check; for a
// learner record (CLR 2.0), each badge inside it with its own checks. In the page's language: check
// names, statuses and the summary come from the catalogs; a check's detail is the verifier's own text
// (English), marked lang="en" on a Spanish page so a screen reader reads it as English.
import type { VerifierCheck, VerifierResult } from '../../domain/verification/verify-any.ts';
import { verificationSummary } from '../../domain/verification/wording.ts';
import { msgKey, type MessageKey, type Translator } from '../../shared/i18n/translator.ts';

const CHECK_KEYS: Readonly<Record<string, MessageKey>> = {
  fetch: msgKey('verify.check.fetch'),
  format: msgKey('verify.check.format'),
  context: msgKey('verify.check.context'),
  schema: msgKey('verify.check.schema'),
  proof: msgKey('verify.check.proof'),
  issuer_key: msgKey('verify.check.issuer_key'),
  validity: msgKey('verify.check.validity'),
  status: msgKey('verify.check.status'),
  endorsements: msgKey('verify.check.endorsements'),
  credentials: msgKey('verify.check.credentials'),
  issuer_known: msgKey('verify.check.issuer_known'),
  recipient: msgKey('verify.check.recipient'),
  hosted: msgKey('verify.check.hosted'),
  regents_endorsement: msgKey('verify.check.regents_endorsement'),
};

const RECORD_CHECK_KEYS: Readonly<Record<string, MessageKey>> = {
  format: msgKey('verify.check.record.format'),
  endorsements: msgKey('verify.check.record.endorsements'),
  schema: msgKey('verify.check.record.schema'),
  issuer_known: msgKey('verify.check.record.issuer_known'),
};

const STATUS_KEYS = { passed: msgKey('verify.status.passed'), failed: msgKey('verify.status.failed'), unknown: msgKey('verify.status.unknown') } as const;
const OUTCOME_KEYS = { verified: msgKey('verify.outcome.verified'), failed: msgKey('verify.outcome.failed'), indeterminate: msgKey('verify.outcome.indeterminate') } as const;

function checkLabel(i18n: Translator, id: string, learnerRecord: boolean): string {
  const key = (learnerRecord ? RECORD_CHECK_KEYS[id] : undefined) ?? CHECK_KEYS[id];
  return key ? i18n.t(key) : id;
}

/** The one-sentence summary in the page's language (the same decision as domain/verification/wording.ts). */
function summaryText(i18n: Translator, result: VerifierResult): string {
  const trusted = result.verified && result.issuer.known;
  if (result.embedded) {
    const n = result.embedded.length;
    const ok = result.embedded.filter((e) => e.outcome === 'verified').length;
    if (result.outcome === 'failed') return i18n.t('verify.summary.recordFailed', { ok, n });
    if (result.outcome === 'indeterminate') return i18n.t('verify.summary.recordIndeterminate');
    return trusted ? i18n.t('verify.summary.recordTrusted', { n, signer: result.issuer.name ?? i18n.t('verify.summary.aStateInstitution') }) : i18n.t('verify.summary.recordUnknownSigner', { n });
  }
  if (result.outcome === 'failed') return i18n.t('verify.summary.badgeFailed');
  if (result.outcome === 'indeterminate') return i18n.t('verify.summary.badgeIndeterminate');
  return trusted ? i18n.t('verify.summary.badgeTrusted') : i18n.t('verify.summary.badgeUnknownIssuer');
}

function CheckList({ i18n, checks, learnerRecord }: { i18n: Translator; checks: readonly VerifierCheck[]; learnerRecord: boolean }) {
  const foreign = i18n.locale !== 'en';
  return (
    <ul class="usa-icon-list laurel-checklist">
      {checks.map((c) => (
        <li class={`usa-icon-list__item laurel-check laurel-check--${c.status === 'unknown' ? 'warning' : c.status}`} key={c.id}>
          <span class="laurel-check-status">{i18n.t(STATUS_KEYS[c.status])}</span>
          <span class="usa-icon-list__content">
            <strong>{checkLabel(i18n, c.id, learnerRecord)}.</strong> {foreign ? <span lang="en">{c.message}</span> : c.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function VerificationPanel({ i18n, result, headingLevel = 2 }: { i18n: Translator; result: VerifierResult; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';
  const { kind } = verificationSummary(result);
  const record = Boolean(result.embedded);
  const issuerName = result.issuer.name ?? result.issuer.id;
  return (
    <section aria-labelledby="verify-result-h" class="margin-y-3">
      <div class={`usa-alert usa-alert--${kind}`} role="status">
        <div class="usa-alert__body">
          <H class="usa-alert__heading" id="verify-result-h">
            {summaryText(i18n, result)}
          </H>
          {issuerName ? <p class="usa-alert__text">{record ? i18n.t('verify.recordSignedBy', { name: issuerName }) : i18n.t('verify.issuer', { name: issuerName })}</p> : null}
        </div>
      </div>
      <CheckList i18n={i18n} checks={result.checks} learnerRecord={record} />
      {result.embedded ? (
        <>
          <H2>{i18n.t('verify.recordBadges')}</H2>
          <ol class="usa-list usa-list--unstyled">
            {result.embedded.map((e, i) => (
              <li key={i} class="margin-bottom-3 border-top-1px border-base-lighter padding-top-2">
                <p class="margin-y-1">
                  <strong>{e.name}</strong> — {e.issuer.name ?? e.issuer.id ?? i18n.t('verify.unknownIssuer')}{' '}
                  <span class={`usa-tag ${e.outcome === 'verified' ? 'bg-success-dark' : e.outcome === 'failed' ? 'bg-secondary-dark' : 'bg-base-dark'}`}>{i18n.t(OUTCOME_KEYS[e.outcome])}</span>
                </p>
                <CheckList i18n={i18n} checks={e.checks} learnerRecord={false} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
