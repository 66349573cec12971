// `credentials`: for a ClrCredential, each credential it embeds verified in full on its own (its own
// proof, issuer key, dates, status and endorsements). The CLR's signature only says who assembled the
// record; whether each badge is genuine and current is what each badge's own checks say.
import { isClrCredential } from '../../model/clr.ts';
import type { VerificationReport } from '../report.ts';
import { asArray, check, combine, isObj } from '../util.ts';
import { onlyForOpenBadges, type VerifyCheck, type VerifyInput } from './types.ts';

/** What a report calls the credential: its achievement's name, else its own name, else its position. */
export function embeddedLabel(r: VerificationReport, i: number): string {
  const c = r.credential;
  const subject = isObj(c?.credentialSubject) ? c.credentialSubject : undefined;
  const a = subject && isObj(subject.achievement) ? subject.achievement : undefined;
  const name = typeof a?.name === 'string' ? a.name : typeof c?.name === 'string' ? c.name : undefined;
  return name ? `“${name}”` : `Credential ${i + 1}`;
}

export const credentialsCheck: VerifyCheck = {
  id: 'credentials',
  fatal: false,
  appliesTo: (ctx, doc) => onlyForOpenBadges(ctx) && isClrCredential(doc),
  async run(state) {
    const { doc, ctx } = state;
    const subject = isObj(doc.credentialSubject) ? doc.credentialSubject : {};
    const inputs = asArray(subject.verifiableCredential) as VerifyInput[];
    if (inputs.length === 0) return check('credentials', 'failed', 'The learner record embeds no credential (credentialSubject.verifiableCredential is empty)');
    // A record inside a record is not something CLR 2.0 describes; its badges are not unpacked again.
    if (ctx.depth >= 1) return check('credentials', 'unknown', 'A learner record nested in another is not verified');
    const reports: VerificationReport[] = [];
    for (const input of inputs) reports.push(await ctx.verifyNested(input, 'credential'));
    state.credentialReports = reports;
    const parts = reports.map((r, i) => {
      const bad = r.checks.filter((c) => c.status !== 'passed');
      const label = embeddedLabel(r, i);
      return check('credentials', r.outcome === 'failed' ? 'failed' : r.outcome === 'indeterminate' ? 'unknown' : 'passed',
        bad.length ? `${label}: ${bad.map((c) => `${c.id} ${c.status}: ${c.message}`).join(', ')}` : `${label} verified`);
    });
    const summary = combine('credentials', parts, '');
    const ok = reports.filter((r) => r.outcome === 'verified').length;
    return { ...summary, message: `${ok} of ${reports.length} credential${reports.length === 1 ? '' : 's'} verified. ${summary.message}` };
  },
};
