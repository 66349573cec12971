// `endorsements`: each embedded EndorsementCredential verified in full, for Open Badges only.
import type { VerificationReport } from '../report.ts';
import { asArray, check, combine, isObj, type Obj } from '../util.ts';
import { onlyForOpenBadges, type VerifyCheck, type VerifyInput } from './types.ts';

const MAX_ENDORSEMENT_DEPTH = 2;

/** Endorsements embedded in the credential, its issuer or its achievement, each verified in full. */
export const endorsementsCheck: VerifyCheck = {
  id: 'endorsements',
  fatal: false,
  appliesTo: onlyForOpenBadges,
  async run(state) {
    const { doc, ctx } = state;
    const holders: Obj[] = [doc];
    if (isObj(doc.issuer)) holders.push(doc.issuer);
    const subject = isObj(doc.credentialSubject) ? doc.credentialSubject : undefined;
    if (subject && isObj(subject.achievement)) holders.push(subject.achievement);
    const inputs: VerifyInput[] = [];
    for (const h of holders) {
      for (const e of asArray(h.endorsement)) inputs.push(e as VerifyInput);
      for (const e of asArray(h.endorsementJwt)) inputs.push(e as VerifyInput);
    }
    if (inputs.length === 0) return check('endorsements', 'passed', 'No embedded endorsements');
    if (ctx.depth >= MAX_ENDORSEMENT_DEPTH) return check('endorsements', 'unknown', 'Endorsements nested too deeply to verify');
    const reports: VerificationReport[] = [];
    for (const input of inputs) reports.push(await ctx.verifyNested(input, 'endorsement'));
    state.endorsementReports = reports;
    const parts = reports.map((r, i) => {
      const bad = r.checks.filter((c) => c.status !== 'passed');
      // Say who endorses, in words, then the id for anyone who wants to look it up.
      const issuer = r.credential?.issuer;
      const by = typeof issuer === 'object' && issuer !== null && typeof (issuer as Obj).name === 'string' ? (issuer as Obj).name as string : undefined;
      const label = `${by ? `The endorsement by ${by}` : `Endorsement ${i + 1}`}${typeof r.credential?.id === 'string' ? ` (${r.credential.id})` : ''}`;
      return check('endorsements', r.outcome === 'failed' ? 'failed' : r.outcome === 'indeterminate' ? 'unknown' : 'passed',
        bad.length ? `${label}: ${bad.map((c) => `${c.id} ${c.status}: ${c.message}`).join(', ')}` : `${label} verified`);
    });
    return combine('endorsements', parts, '');
  },
};
