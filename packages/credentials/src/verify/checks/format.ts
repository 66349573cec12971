// `format`: the input is a readable VC (for the Open Badges verifier: an Open Badge).
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../../contexts/index.ts';
import { asArray, check, typesOf } from '../util.ts';
import type { VerifyCheck } from './types.ts';

/** The input is a readable VC of the expected kind (any VC for `vc`); nothing else is checked when it is not. */
export const formatCheck: VerifyCheck = {
  id: 'format',
  fatal: true,
  run({ parsed, ctx }) {
    if (parsed.error || !parsed.credential) return check('format', 'failed', parsed.error ?? 'No credential found');
    const doc = parsed.credential;
    const contexts = asArray(doc['@context']);
    if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT) {
      return check('format', 'failed', `First @context must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT}); found ${JSON.stringify(contexts[0] ?? null)}`);
    }
    const types = typesOf(doc);
    if (!types.includes('VerifiableCredential')) return check('format', 'failed', 'type does not include VerifiableCredential');
    if (ctx.purpose === 'credential' && !types.some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential' || t === 'ClrCredential')) {
      return check('format', 'failed', `Not an Open Badges credential: type is ${JSON.stringify(types)}`);
    }
    if (ctx.purpose === 'endorsement' && !types.includes('EndorsementCredential')) return check('format', 'failed', 'Embedded endorsement is not an EndorsementCredential');
    const version = contexts[0] === VC_V2_CONTEXT ? 'VC 2.0' : 'VC 1.1';
    const secured = parsed.format === 'vc-jwt' ? 'VC-JWT' : 'embedded proof';
    return check('format', 'passed', `${types.filter((t) => t !== 'VerifiableCredential').join(', ')} (${version}, ${secured}, from ${parsed.container})`);
  },
};
