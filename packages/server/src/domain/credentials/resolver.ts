// Answers the verifier's questions about our own DIDs and status lists straight from the database (no
// network hop, no dependency on the public URL being reachable from the server); any other URL on our own
// origin is answered in-process too or refused (own-origin.ts), and everything else goes through the
// SSRF-guarded fetcher (net/safe-fetch.ts). A document that could not be fetched throws, so the verifier
// reports `unknown` — never a pass.
import { didWebDocumentUrl, didWebFromUrl, type VerifyDeps } from '@laurel/credentials';
import type { RemoteFetcher } from '../../net/safe-fetch.ts';
import type { Deps } from '../deps.ts';
import { didDocumentForSlug } from './get-did-document.ts';
import { verifierFetcher } from './own-origin.ts';
import { isStatusPurpose, signedStatusList } from './status-lists.ts';

export class RemoteResolutionDisabled extends Error {
  constructor(what: string) {
    super(`${what} is not hosted here and fetching remote documents is not enabled yet`);
    this.name = 'RemoteResolutionDisabled';
  }
}

export function localResolver(deps: Deps): Pick<VerifyDeps, 'resolveDid' | 'fetchStatusList' | 'fetchDocument'> {
  const didPrefix = `${didWebFromUrl(`${deps.config.publicUrl}/orgs`)}:`;
  const statusPrefix = `${deps.config.publicUrl}/orgs/`;
  const remote = verifierFetcher(deps);
  return {
    async resolveDid(did) {
      if (did.startsWith(didPrefix)) {
        const slug = decodeURIComponent(did.slice(didPrefix.length));
        // Ours by prefix, so a missing organization is a definite "does not exist" (→ failed).
        if (!/^[a-z0-9-]+$/.test(slug)) return null;
        return didDocumentForSlug(deps, slug);
      }
      if (did.startsWith('did:web:')) return remoteJson(remote, didWebDocumentUrl(did));
      throw new RemoteResolutionDisabled(`DID ${did}`);
    },
    async fetchStatusList(url) {
      if (url.startsWith(statusPrefix)) {
        const m = /^([a-z0-9-]+)\/status\/([a-z]+)\/(\d{1,9})$/.exec(url.slice(statusPrefix.length));
        if (!m || !isStatusPurpose(m[2])) return null;
        const list = await signedStatusList(deps, { slug: m[1]!, purpose: m[2], listSeq: Number(m[3]) });
        return list ? list.body : null;
      }
      return remoteDocument(remote, url);
    },
    async fetchDocument(url) {
      return remoteDocument(remote, url);
    },
  };
}

/** JSON from another site (null when it does not exist); any failure throws, so the check is `unknown`. */
async function remoteJson(remote: RemoteFetcher, url: string): Promise<unknown> {
  const res = await remote.get(url, { accept: 'application/did+json, application/ld+json, application/json' });
  if (!res) return null;
  return JSON.parse(res.body.toString('utf8')) as unknown;
}

/** A JSON document, or a VC-JWT served as text, from another site. */
async function remoteDocument(remote: RemoteFetcher, url: string): Promise<unknown> {
  const res = await remote.get(url, { accept: 'application/vc+ld+json, application/ld+json, application/json, application/vc+jwt, text/plain;q=0.5' });
  if (!res) return null;
  const text = res.body.toString('utf8').trim();
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text) ? text : (JSON.parse(text) as unknown);
}
