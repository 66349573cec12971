// `schema`: the OB 3.0 JSON Schema for Open Badges; the CLR 2.0 ClrCredential schema for a learner record.
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../../contexts/index.ts';
import { isClrCredential } from '../../model/clr.ts';
import { validateClrSchema } from '../../model/clr-schema.ts';
import { validateOb3Schema, schemaFor } from '../../model/schema.ts';
import { asArray, check, type Obj } from '../util.ts';
import { onlyForOpenBadges, type VerifyCheck } from './types.ts';

/** OB 3.0 verifiers accept VC 1.1-shaped credentials; the OB 3.0 schema is checked on their 2.0 equivalent. */
function asVc2(doc: Obj): Obj {
  if (asArray(doc['@context'])[0] !== VC_V1_CONTEXT) return doc;
  const { issuanceDate, expirationDate, ...rest } = doc;
  const ctx = asArray(doc['@context']).slice();
  ctx[0] = VC_V2_CONTEXT;
  return { ...rest, '@context': ctx, validFrom: doc.validFrom ?? issuanceDate, ...(expirationDate ? { validUntil: expirationDate } : {}) };
}

export const schemaCheck: VerifyCheck = {
  id: 'schema',
  fatal: false,
  appliesTo: onlyForOpenBadges,
  run({ doc }) {
    if (isClrCredential(doc)) {
      const clr = validateClrSchema(doc);
      if (!clr.valid) return check('schema', 'failed', `Does not match the CLR 2.0 ClrCredential schema: ${clr.errors.slice(0, 6).join('; ')}`);
      return check('schema', 'passed', clr.compacted ? 'Matches the CLR 2.0 ClrCredential schema in compacted form' : 'Matches the CLR 2.0 ClrCredential schema');
    }
    const schema = schemaFor(doc);
    if (!schema || schema === 'Profile') return check('schema', 'unknown', 'No OB 3.0 schema applies to this credential type');
    const result = validateOb3Schema(asVc2(doc), { schema });
    if (!result.valid) return check('schema', 'failed', `Does not match the OB 3.0 ${schema} schema: ${result.errors.slice(0, 6).join('; ')}`);
    return check('schema', 'passed', result.compacted
      ? `Matches the OB 3.0 ${schema} schema in compacted form (canonical form would need arrays: ${result.errors.slice(0, 3).join('; ')})`
      : `Matches the OB 3.0 ${schema} schema`);
  },
};
