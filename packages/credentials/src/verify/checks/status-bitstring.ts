import { decodeStatusList, getStatusBit } from '../../status/index.ts';
import type { VerifyDeps } from '../deps.ts';
import type { Check } from '../report.ts';
import { StatusListCache } from '../status-cache.ts';
import { check, errorText, isObj, issuerId, typesOf, type Obj } from '../util.ts';
import type { Context, VerifyInput } from './types.ts';

export async function fetchList(url: string, deps: VerifyDeps): Promise<unknown> {
  const fetcher = deps.fetchStatusList ?? deps.fetchDocument;
  if (!fetcher) throw new Error('no status list fetcher was provided');
  return fetcher(url);
}

/** One BitstringStatusListEntry: the list is fetched, verified (or taken from the cache) and its bit read. */
export async function bitstringEntryCheck(entry: Obj, doc: Obj, ctx: Context): Promise<Check> {
  const purpose = entry.statusPurpose;
  const url = entry.statusListCredential;
  const index = typeof entry.statusListIndex === 'string' && /^\d+$/.test(entry.statusListIndex) ? Number(entry.statusListIndex) : NaN;
  if (typeof url !== 'string' || Number.isNaN(index)) return check('status', 'failed', 'BitstringStatusListEntry lacks a statusListCredential URL or an integer statusListIndex');
  if (purpose !== 'revocation' && purpose !== 'suspension') return check('status', 'passed', `Status purpose ${String(purpose)} does not affect validity`);
  let raw: unknown;
  try {
    raw = await fetchList(url, ctx.deps);
  } catch (error) {
    return check('status', 'unknown', `Status list ${url} could not be retrieved: ${errorText(error)}`);
  }
  if (raw === null || raw === undefined) return check('status', 'unknown', `Status list ${url} was not found`);
  const cache = ctx.deps.statusListCache;
  const now = (ctx.deps.now?.() ?? new Date()).getTime();
  const key = cache ? StatusListCache.key(url, raw) : '';
  let verified = cache?.get(key, now);
  if (!verified) {
    const listReport = await ctx.verifyNested(raw as VerifyInput, 'status-list');
    verified = { list: listReport.credential, bad: listReport.checks.find((c) => c.status !== 'passed'), checkedAt: now, until: now };
    // Only a trustworthy list is kept: anything unknown (a key that could not be fetched) is retried.
    if (cache && verified.list && !verified.bad) {
      const validUntil = typeof verified.list.validUntil === 'string' ? Date.parse(verified.list.validUntil) : NaN;
      // Bitstring Status List §2.2: the issuer's `ttl` (ms) also bounds how long a copy is reused.
      const ttl = isObj(verified.list.credentialSubject) ? verified.list.credentialSubject.ttl : undefined;
      const bounds = [validUntil, typeof ttl === 'number' && ttl >= 0 ? now + ttl : NaN].filter((x) => !Number.isNaN(x));
      cache.set(key, verified, bounds.length ? Math.min(...bounds) : undefined);
      verified = cache.get(key, now) ?? verified;
    }
  }
  const { list, bad } = verified;
  if (!list || bad) {
    return check('status', bad?.status === 'unknown' ? 'unknown' : 'failed', `Status list ${url} is not trustworthy (${bad?.id ?? 'format'}: ${bad?.message ?? 'unreadable'})`);
  }
  if (!typesOf(list).includes('BitstringStatusListCredential')) return check('status', 'failed', `${url} is not a BitstringStatusListCredential`);
  if (issuerId(list) !== issuerId(doc)) return check('status', 'failed', `Status list ${url} was issued by ${String(issuerId(list))}, not by the credential's issuer`);
  const subject = isObj(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== purpose) return check('status', 'failed', `Status list ${url} has purpose ${String(subject.statusPurpose)}, entry expects ${purpose}`);
  let bits: Uint8Array;
  try {
    bits = verified.bits ?? decodeStatusList(String(subject.encodedList));
    verified.bits = bits;
  } catch (error) {
    return check('status', 'failed', `Status list ${url} cannot be decoded: ${errorText(error)}`);
  }
  if (index >= bits.length * 8) return check('status', 'failed', `Status index ${index} is outside the list ${url} (${bits.length * 8} entries)`);
  if (getStatusBit(bits, index)) {
    return check('status', 'failed', purpose === 'revocation' ? `Revoked (status list ${url}, index ${index})` : `Suspended (status list ${url}, index ${index})`);
  }
  return check('status', 'passed', purpose === 'revocation' ? 'Not revoked' : 'Not suspended');
}
