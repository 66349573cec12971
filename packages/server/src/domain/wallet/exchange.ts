// What the two sides of an "Add to wallet" exchange share (docs/WALLETS.md): how long a code lives, the
// exchange's URL, the Learner Credential Wallet's deep links, which awards may go to a wallet, and the
// lookup of an exchange a wallet can still use.
import type { Config } from '../../config.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { WalletExchange } from '../../storage/repositories/wallet-exchanges.ts';
import { nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { earnerEmails, ownsAward } from '../portfolio/badge-view.ts';

export type { WalletExchange } from '../../storage/repositories/wallet-exchanges.ts';

/** A code (QR and deep link) is good for 15 minutes: long enough to install the app, short enough that a photographed screen soon stops mattering. */
export const WALLET_EXCHANGE_MINUTES = 15;
export const WALLET_EXCHANGE_MS = WALLET_EXCHANGE_MINUTES * 60_000;
/** A code with less than this left is not shown again: the earner would barely have time to scan it. */
export const WALLET_EXCHANGE_REUSE_MIN_MS = 3 * 60_000;

/** The exchange endpoint (VC-API `POST /exchanges/{id}`) under Laurel's public URL. */
export function exchangeUrl(config: Pick<Config, 'publicUrl'>, exchangeId: string): string {
  return `${config.publicUrl}/exchanges/${exchangeId}`;
}

/** Laurel's public origin: the `domain` a DIDAuth proof must name and the deep link's `credentialRequestOrigin`. */
export function publicOrigin(config: Pick<Config, 'publicUrl'>): string {
  return new URL(config.publicUrl).origin;
}

/** The wallet API message a deep link carries: where the request comes from and the VC-API exchange to run. */
export function walletRequest(config: Pick<Config, 'publicUrl'>, exchangeId: string): { credentialRequestOrigin: string; protocols: { vcapi: string } } {
  return { credentialRequestOrigin: publicOrigin(config), protocols: { vcapi: exchangeUrl(config, exchangeId) } };
}

export interface WalletLinks {
  /** `https://lcw.app/request?request=…`: opens the app where it is installed (universal / app link), else lcw.app's page. In the QR code. */
  readonly appLink: string;
  /** `dccrequest://request?request=…`: the app's own scheme, for phones where the https link opens a browser. */
  readonly schemeLink: string;
}

export function walletLinks(config: Pick<Config, 'publicUrl'>, exchangeId: string): WalletLinks {
  const request = encodeURIComponent(JSON.stringify(walletRequest(config, exchangeId)));
  return { appLink: `https://lcw.app/request?request=${request}`, schemeLink: `dccrequest://request?request=${request}` };
}

/** Why an award cannot go to a wallet now, or null. A revoked or suspended badge would only arrive failing its status check. */
export function walletRefusal(award: Pick<Award, 'revokedAt' | 'suspendedAt' | 'claimState'>): string | null {
  if (award.revokedAt) return 'This badge was revoked by its issuer, so it cannot be added to a wallet.';
  if (award.suspendedAt) return 'This badge is suspended by its issuer, so it cannot be added to a wallet until it is reinstated.';
  if (award.claimState === 'declined') return 'You declined this badge, so it cannot be added to a wallet.';
  return null;
}

export function assertWalletReady(award: Pick<Award, 'revokedAt' | 'suspendedAt' | 'claimState'>): void {
  const why = walletRefusal(award);
  if (why) throw new DomainError('wallet_badge_unavailable', why);
}

/** The exchange, still usable, and its award, still owned by the person who made the code and still good. */
export async function usableExchange(deps: Deps, exchangeId: string): Promise<{ exchange: WalletExchange; award: Award }> {
  const r = repos(deps.db);
  const exchange = await r.walletExchanges.find(exchangeId);
  if (!exchange) throw new DomainError('wallet_exchange_invalid', 'There is no wallet exchange at this address. Make a new code on the badge page.');
  if (exchange.state === 'completed') throw new DomainError('wallet_exchange_used', 'This code was already used to add the badge to a wallet. Make a new code on the badge page to add it again.');
  if (exchange.state === 'expired') throw new DomainError('wallet_exchange_expired', 'This code has expired or was replaced by a newer one. Make a new code on the badge page.');
  if (exchange.expiresAt <= nowIso(deps)) {
    await r.walletExchanges.markExpired(exchange.id);
    throw new DomainError('wallet_exchange_expired', 'This code has expired. Make a new code on the badge page.');
  }
  const award = await r.awards.findById(exchange.awardId);
  if (!award || !ownsAward(award, exchange.userId, await earnerEmails(deps, exchange.userId))) throw new DomainError('wallet_exchange_invalid', 'This badge is no longer in the portfolio that made this code.');
  assertWalletReady(award);
  return { exchange, award };
}
