import type { Check } from '../report.ts';
import { asArray, check, combine, errorText, isObj, type Obj } from '../util.ts';
import { bitstringEntryCheck, fetchList } from './status-bitstring.ts';
import { notForStatusLists, type Context, type VerifyCheck } from './types.ts';

async function revocationListCheck(entry: Obj, doc: Obj, ctx: Context): Promise<Check> {
  const url = entry.id;
  if (typeof url !== 'string') return check('status', 'failed', '1EdTechRevocationList entry has no id');
  let raw: unknown;
  try {
    raw = await fetchList(url, ctx.deps);
  } catch (error) {
    return check('status', 'unknown', `Revocation list ${url} could not be retrieved: ${errorText(error)}`);
  }
  const list = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!isObj(list)) return check('status', 'unknown', `Revocation list ${url} was not found`);
  const hit = asArray(list.revokedCredential).filter(isObj).find((r) => r.id === doc.id && r.revoked !== false);
  if (hit) return check('status', 'failed', `Revoked${typeof hit.revocationReason === 'string' ? `: ${hit.revocationReason}` : ''}`);
  return check('status', 'passed', 'Not revoked');
}

/** Every credentialStatus entry: not revoked, not suspended. */
export const statusCheck: VerifyCheck = {
  id: 'status',
  fatal: false,
  appliesTo: notForStatusLists,
  async run({ doc, ctx }) {
    const entries = asArray(doc.credentialStatus);
    const parts: Check[] = [];
    for (const entry of entries) {
      if (!isObj(entry)) {
        parts.push(check('status', 'failed', 'credentialStatus entry is not an object'));
        continue;
      }
      const type = asArray(entry.type);
      if (type.includes('BitstringStatusListEntry')) parts.push(await bitstringEntryCheck(entry, doc, ctx));
      else if (type.includes('1EdTechRevocationList')) parts.push(await revocationListCheck(entry, doc, ctx));
      else parts.push(check('status', 'unknown', `Unsupported credentialStatus type ${JSON.stringify(entry.type)}`));
    }
    return combine('status', parts, 'No credentialStatus: the issuer cannot revoke this credential');
  },
};
