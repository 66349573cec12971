// The Credential Engine Registry Assistant's publishing API, as Laurel uses it (docs/CTDL.md):
//   POST   {base}/{credential|organization|pathway}/publishGraph
//          { PublishForOrganizationIdentifier, DefaultLanguage, GraphInput: { @context, @graph } }
//   DELETE {base}/{credential|organization|pathway}/delete   { CTID, PublishForOrganizationIdentifier }
// each with `Authorization: ApiToken <key>`. The Assistant answers JSON with `Successful` and `Messages`;
// an HTTP 200 with Successful false is a refusal of the document, not a transport failure.
import { RemoteFetchRefused } from '../../net/safe-fetch.ts';
import type { CtdlRegistryConfig } from '../../config.ts';

export type RegistryEndpoint = 'credential' | 'organization' | 'pathway';

export type RegistryAnswer =
  | { readonly ok: true; readonly status: number }
  /** `retry`: worth trying again later (the registry was down, busy or unreachable); otherwise it refused. */
  | { readonly ok: false; readonly retry: boolean; readonly status: number | null; readonly error: string };

export type RegistryFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface RegistryClient {
  publishGraph(o: { endpoint: RegistryEndpoint; ownerCtid: string; graph: unknown }): Promise<RegistryAnswer>;
  delete(o: { endpoint: RegistryEndpoint; ownerCtid: string; ctid: string }): Promise<RegistryAnswer>;
}

const clean = (s: string, n = 300) => s.replace(/\s+/g, ' ').trim().slice(0, n);

async function answerOf(res: Response, what: string): Promise<RegistryAnswer> {
  const text = await res.text().catch(() => '');
  type Body = { Successful?: unknown; Messages?: unknown } | null;
  let body: Body = null;
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    body = parsed && typeof parsed === 'object' ? (parsed as Body) : null;
  } catch {
    body = null;
  }
  const messages = body && Array.isArray(body.Messages) ? body.Messages.filter((m): m is string => typeof m === 'string') : [];
  if (res.status >= 200 && res.status < 300) {
    if (body && body.Successful === false) return { ok: false, retry: false, status: res.status, error: clean(`The registry refused the ${what}: ${messages.join('; ') || 'no reason given'}.`, 1000) };
    return { ok: true, status: res.status };
  }
  if (res.status === 401 || res.status === 403) return { ok: false, retry: false, status: res.status, error: `The registry refused the API key (HTTP ${res.status}). Check LAUREL_CTDL_API_KEY.` };
  const retry = res.status === 408 || res.status === 429 || res.status >= 500;
  const detail = messages.length ? messages.join('; ') : clean(text);
  return { ok: false, retry, status: res.status, error: clean(`The registry answered HTTP ${res.status} to the ${what}${detail ? `: ${detail}` : '.'}`, 1000) };
}

export function createRegistryClient(fetch: RegistryFetch, cfg: CtdlRegistryConfig): RegistryClient {
  const call = async (url: string, method: 'POST' | 'DELETE', body: unknown, what: string): Promise<RegistryAnswer> => {
    try {
      const res = await fetch(url, {
        method,
        headers: { authorization: `ApiToken ${cfg.apiKey}`, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'Laurel-CTDL/1.0' },
        body: JSON.stringify(body),
        redirect: 'manual',
      });
      return await answerOf(res, what);
    } catch (err) {
      if (err instanceof RemoteFetchRefused) return { ok: false, retry: false, status: null, error: 'Laurel does not send to this address (LAUREL_CTDL_REGISTRY_URL): it is not a public http(s) address.' };
      return { ok: false, retry: true, status: null, error: 'The connection to the registry failed.' };
    }
  };
  return {
    publishGraph: (o) =>
      call(`${cfg.url}/${o.endpoint}/publishGraph`, 'POST', { PublishForOrganizationIdentifier: o.ownerCtid, DefaultLanguage: 'en-US', GraphInput: o.graph }, `${o.endpoint} document`),
    delete: (o) => call(`${cfg.url}/${o.endpoint}/delete`, 'DELETE', { CTID: o.ctid, PublishForOrganizationIdentifier: o.ownerCtid }, `${o.endpoint} deletion`),
  };
}
