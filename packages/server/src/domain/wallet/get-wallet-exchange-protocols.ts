// The VC-API interaction URL of an exchange (`GET /exchanges/{id}/protocols`): which protocols a wallet
// may use to take part in it — only `vcapi`, the exchange itself — for an exchange a wallet can still use.
import type { Deps } from '../deps.ts';
import { exchangeUrl, usableExchange } from './exchange.ts';

export async function getWalletExchangeProtocols(deps: Deps, input: { exchangeId: string }): Promise<{ protocols: { vcapi: string } }> {
  const { exchange } = await usableExchange(deps, input.exchangeId);
  return { protocols: { vcapi: exchangeUrl(deps.config, exchange.id) } };
}
