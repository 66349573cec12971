// The earner asks for a code (QR + deep link) that lets their wallet collect one of their badges. The
// badge page shows the newest code still worth scanning, or makes one; "Make a new code" (`fresh`)
// ends the earlier ones first, in the same transaction, so only the code on screen works.
import { randomUUID } from 'node:crypto';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { newToken } from '../ids.ts';
import { qrSvg } from '../accounts/mfa-core.ts';
import { canSendAwardToWallet, canViewAward } from '../policy.ts';
import { earnerEmails, ownsAward } from '../portfolio/badge-view.ts';
import { assertWalletReady, exchangeUrl, walletLinks, WALLET_EXCHANGE_MS, WALLET_EXCHANGE_REUSE_MIN_MS, type WalletLinks } from './exchange.ts';

export interface WalletOffer extends WalletLinks {
  readonly exchangeId: string;
  /** The VC-API exchange endpoint the deep link names. */
  readonly exchangeUrl: string;
  readonly expiresAt: string;
  /** The QR code of `appLink`, as SVG. */
  readonly qrSvg: string;
}

export async function startWalletExchange(deps: Deps, actor: Actor | null, input: { awardId: string; fresh?: boolean }): Promise<WalletOffer> {
  const r = repos(deps.db);
  const award = await r.awards.findById(input.awardId);
  if (!award) throw notFound('The badge');
  const owner = actor?.kind === 'user' ? ownsAward(award, actor.userId, await earnerEmails(deps, actor.userId)) : false;
  if (!actor || actor.kind !== 'user' || !canSendAwardToWallet(actor, owner)) {
    // Whoever may not even see the badge learns nothing about it; an issuer (or anyone, for a public badge) is told why not.
    if (!canViewAward(actor, award, owner)) throw notFound('The badge');
    throw forbidden('Only the earner of this badge can add it to their wallet.');
  }
  assertWalletReady(award);
  const now = nowIso(deps);
  const offer = (e: { id: string; expiresAt: string }): WalletOffer => {
    const links = walletLinks(deps.config, e.id);
    return { exchangeId: e.id, exchangeUrl: exchangeUrl(deps.config, e.id), expiresAt: e.expiresAt, ...links, qrSvg: qrSvg(links.appLink) };
  };
  if (!input.fresh) {
    const current = await r.walletExchanges.findUsable(award.id, actor.userId, addMs(now, WALLET_EXCHANGE_REUSE_MIN_MS));
    if (current) return offer(current);
  }
  // The id is the exchange's URL and the QR code is the capability: 256 random bits, not a time-ordered id.
  const created = { id: newToken(), expiresAt: addMs(now, WALLET_EXCHANGE_MS) };
  await inTransaction(deps, async (tr) => {
    await tr.walletExchanges.deleteDead(actor.userId, now);
    if (input.fresh) await tr.walletExchanges.expirePending(award.id, actor.userId);
    await tr.walletExchanges.insert({ id: created.id, awardId: award.id, userId: actor.userId, challenge: randomUUID(), at: now, expiresAt: created.expiresAt });
  });
  return offer(created);
}
