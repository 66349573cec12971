import { emailMatchesIdentifier } from '../../model/identity.ts';
import { asArray, check, isObj } from '../util.ts';
import type { VerifyCheck } from './types.ts';

/** Made only when the caller names a recipient: the credential was awarded to that email or id. */
export const recipientCheck: VerifyCheck = {
  id: 'recipient',
  fatal: false,
  appliesTo: (ctx) => !!ctx.deps.recipient && ctx.purpose === 'credential',
  skipped: 'no credential',
  run({ doc, ctx }) {
    const recipient = ctx.deps.recipient!;
    const subject = isObj(doc.credentialSubject) ? doc.credentialSubject : undefined;
    if (!subject) return check('recipient', 'failed', 'Credential has no credentialSubject');
    if (recipient.id && subject.id === recipient.id) return check('recipient', 'passed', `Awarded to ${recipient.id}`);
    if (recipient.email) {
      const match = asArray(subject.identifier).filter(isObj).some((i) => i.identityType === 'emailAddress' && emailMatchesIdentifier(i as never, recipient.email!));
      if (match) return check('recipient', 'passed', 'Awarded to the given email address');
    }
    return check('recipient', 'failed', 'The credential was not awarded to the given recipient');
  },
};
