// A webhook endpoint's address, checked when it is saved: https (http only for hosts the operator
// allow-listed in LAUREL_FETCH_ALLOW_HOSTS), no user name or password, and a host that resolves only to
// public addresses — the same address guard as every outbound fetch (net/safe-fetch.ts), so an admin
// cannot point Laurel at the database port or the cloud metadata service. Every delivery is checked
// again when it connects (the host's DNS may change after it was saved).
import { createAddressGuard, RemoteFetchRefused } from '../../net/safe-fetch.ts';
import type { Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';

function refused(message: string): DomainError {
  return new DomainError('webhook_url_refused', message, { url: message });
}

/** The address as it will be stored (normalised), or a field error for `url`. */
export async function checkWebhookUrl(deps: Pick<Deps, 'config'>, raw: unknown): Promise<string> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) throw validationError({ url: 'Enter the address Laurel should send events to, starting with https://.' });
  if (text.length > 2000) throw validationError({ url: 'Use an address of at most 2,000 characters.' });
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw validationError({ url: 'Enter a full web address, such as https://sis.example.edu/laurel-events.' });
  }
  const allowHosts = deps.config.fetchAllowHosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, ''));
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (u.protocol === 'http:' && !allowHosts.includes(host)) throw refused('Use an https:// address: events carry personal data, so they are sent encrypted only.');
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw refused('Use an https:// address.');
  if (u.username || u.password) throw refused('Leave the user name and password out of the address; Laurel signs every message instead.');
  if (u.hash) throw refused('Leave out the part after “#”: it is never sent to the receiver.');
  try {
    await createAddressGuard({ allowHosts: deps.config.fetchAllowHosts })(u);
  } catch (err) {
    if (err instanceof RemoteFetchRefused) throw refused(`${u.hostname} is a private, loopback or otherwise non-public address. Laurel sends events only to public addresses (an operator can allow a campus host with LAUREL_FETCH_ALLOW_HOSTS).`);
    throw refused(`Laurel could not find ${u.hostname}: check the host name.`);
  }
  return u.href;
}
