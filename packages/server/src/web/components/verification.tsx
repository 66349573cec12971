// The verification result in plain language: the outcome first (and, when it failed, what cannot be
// trusted), which badge it is, whose, by whom and when — as fact when it verified, as a claim when not —
// then each check with passed / failed / could not check, the ones that did not pass first; for a learner
// record (CLR 2.0), each badge inside it with its own checks. In the page's language: check names,
// statuses, the summary and the facts come from the catalogs, and so does each check's detail when the
// catalogs know its sentence (check-detail.tsx); a technical detail they do not know stays the verifier's
// own English, marked lang="en" on a Spanish page so a screen reader reads it as English.
import type { VerifierCheck, VerifierResult } from '../../domain/verification/verify-any.ts';
import { trustReason, verificationSummary } from '../../domain/verification/wording.ts';
import { msgKey, type MessageKey, type Translator } from '../../shared/i18n/translator.ts';
import { CheckDetail } from './check-detail.tsx';

/** When a result did not verify, the checks that passed are folded away under the ones that did not. */
function Checks({ i18n, checks, learnerRecord, verified }: { i18n: Translator; checks: readonly VerifierCheck[]; learnerRecord: boolean; verified: boolean }) {
  const passed = checks.filter((c) => c.status === 'passed');
  if (verified || passed.length === checks.length) return <CheckList i18n={i18n} checks={checks} learnerRecord={learnerRecord} />;
  const notPassed = [...checks.filter((c) => c.status === 'failed'), ...checks.filter((c) => c.status === 'unknown')];
  return (
    <>
      <CheckList i18n={i18n} checks={notPassed} learnerRecord={learnerRecord} />
      {passed.length ? (
        <details class="laurel-checks-passed">
          <summary>{i18n.t('verify.checks.otherPassed', { n: passed.length })}</summary>
          <p class="margin-y-1">{i18n.t('verify.checks.noMakeUp', { n: notPassed.length })}</p>
          <CheckList i18n={i18n} checks={passed} learnerRecord={learnerRecord} />
        </details>
      ) : null}
    </>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Which badge, whose, by whom and when, as the credential states them (recipient 'hashed' = only a hashed email). */
export function credentialFacts(result: VerifierResult): { badge: string | null; recipient: string | null; issuer: string | null; issuedOn: string | null; validUntil: string | null } | null {
  const c = result.credential;
  if (!c) return null;
  const subject = (Array.isArray(c.credentialSubject) ? c.credentialSubject[0] : c.credentialSubject) as Record<string, unknown> | undefined;
  const achievement = subject?.achievement as Record<string, unknown> | undefined;
  const identifiers = (Array.isArray(subject?.identifier) ? subject.identifier : subject?.identifier ? [subject.identifier] : []) as Record<string, unknown>[];
  const hashedEmail = identifiers.some((i) => i && i.identityType === 'emailAddress' && i.hashed !== false);
  const plain = identifiers.find((i) => i && i.hashed === false && str(i.identityHash));
  const recipient = str(subject?.name) ?? (plain ? `${String(plain.identityHash)}` : null) ?? (hashedEmail ? 'hashed' : str(subject?.id));
  return {
    badge: str(achievement?.name) ?? str(c.name),
    recipient,
    issuer: result.issuer.name ?? result.issuer.id,
    issuedOn: str(c.awardedDate) ?? str(c.validFrom) ?? str(c.issuanceDate),
    validUntil: str(c.validUntil) ?? str(c.expirationDate),
  };
}

function Facts({ i18n, result, H }: { i18n: Translator; result: VerifierResult; H: 'h3' | 'h4' }) {
  const f = credentialFacts(result);
  if (!f) return null;
  const trusted = result.outcome === 'verified';
  const notStated = i18n.t('verify.facts.notStated');
  return (
    <>
      <H class="margin-bottom-1">{trusted ? i18n.t('verify.facts.heading') : i18n.t('verify.facts.claimedHeading')}</H>
      <dl class={`laurel-verify-facts${trusted ? '' : ' laurel-verify-facts--claimed'}`}>
        <dt>{i18n.t('verify.facts.badge')}</dt>
        <dd>{f.badge ?? i18n.t('verify.facts.noName')}</dd>
        <dt>{i18n.t('verify.facts.awardedTo')}</dt>
        <dd>{f.recipient === 'hashed' ? i18n.t('verify.facts.hashedRecipient') : (f.recipient ?? notStated)}</dd>
        <dt>{i18n.t('verify.facts.issuedBy')}</dt>
        <dd>{f.issuer ?? notStated}</dd>
        <dt>{i18n.t('verify.facts.issuedOn')}</dt>
        <dd>{f.issuedOn ? i18n.formatDate(f.issuedOn, 'long') : notStated}</dd>
        <dt>{i18n.t('verify.facts.validUntil')}</dt>
        <dd>{f.validUntil ? i18n.formatDate(f.validUntil, 'long') : i18n.t('verify.facts.noExpiry')}</dd>
      </dl>
    </>
  );
}

const TRUST_KEYS = {
  indeterminate: msgKey('verify.trust.indeterminate'),
  tampered: msgKey('verify.trust.tampered'),
  revoked: msgKey('verify.trust.revoked'),
  dates: msgKey('verify.trust.dates'),
  other: msgKey('verify.trust.other'),
} as const;

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
  return (
    <ul class="usa-icon-list laurel-checklist">
      {checks.map((c) => (
        <li class={`usa-icon-list__item laurel-check laurel-check--${c.status === 'unknown' ? 'warning' : c.status}`} key={c.id}>
          <span class="laurel-check-status">{i18n.t(STATUS_KEYS[c.status])}</span>
          <span class="usa-icon-list__content">
            <strong>{checkLabel(i18n, c.id, learnerRecord)}.</strong> <CheckDetail i18n={i18n} message={c.message} />
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
  const reason = trustReason(result);
  return (
    <section aria-labelledby="verify-result-h" class="margin-y-3">
      <div class={`usa-alert usa-alert--${kind}`} role="status">
        <div class="usa-alert__body">
          <H class="usa-alert__heading" id="verify-result-h">
            {summaryText(i18n, result)}
          </H>
          {reason ? <p class="usa-alert__text">{i18n.t(TRUST_KEYS[reason])}</p> : null}
          {record && result.outcome === 'verified' && (result.issuer.name || result.issuer.id) ? <p class="usa-alert__text">{i18n.t('verify.recordSignedBy', { name: result.issuer.name ?? result.issuer.id ?? '' })}</p> : null}
        </div>
      </div>
      {record ? null : <Facts i18n={i18n} result={result} H={H2} />}
      <H2 class="margin-bottom-1">{i18n.t('verify.checks.heading')}</H2>
      <Checks i18n={i18n} checks={result.checks} learnerRecord={record} verified={result.outcome === 'verified'} />
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
                <Checks i18n={i18n} checks={e.checks} learnerRecord={false} verified={e.outcome === 'verified'} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
