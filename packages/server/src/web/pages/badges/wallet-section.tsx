// The earner's "Add to a wallet" section of their badge page: a QR code of the Learner Credential
// Wallet's deep link for a fresh VC-API exchange, the same link as a button for a phone, how long it
// lasts and a way to make a new one (docs/WALLETS.md). Works without JavaScript. In the page's language.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import { WALLET_EXCHANGE_MINUTES } from '../../../domain/wallet/exchange.ts';
import type { WalletOffer } from '../../../domain/wallet/start-wallet-exchange.ts';
import type { MessageKey, Translator } from '../../../shared/i18n/translator.ts';
import { Alert, Csrf } from '../../components/ui.tsx';

/** Why the badge cannot go to a wallet, in the page's language (the same reasons as walletRefusal). */
function refusalKey(award: Pick<BadgeView['award'], 'revokedAt' | 'suspendedAt' | 'claimState'>): MessageKey {
  if (award.revokedAt) return 'badge.wallet.revoked';
  if (award.suspendedAt) return 'badge.wallet.suspended';
  if (award.claimState === 'declined') return 'badge.wallet.declined';
  return 'badge.wallet.unavailable';
}

export function WalletSection({ i18n, award, offer, csrf }: { i18n: Translator; award: Pick<BadgeView['award'], 'id' | 'revokedAt' | 'suspendedAt' | 'claimState'>; offer: WalletOffer | null; csrf: string }) {
  const { t, tx } = i18n;
  return (
    <section aria-labelledby="wallet-heading" class="margin-top-4">
      <h2 id="wallet-heading">{t('badge.wallet.heading')}</h2>
      {offer ? (
        <>
          <p>
            {tx('badge.wallet.intro', {
              a: (c) => (
                <a href="https://lcw.app" rel="noopener">
                  {c}
                </a>
              ),
            })}
          </p>
          <ol class="usa-list">
            <li>{t('badge.wallet.step.install')}</li>
            <li>{t('badge.wallet.step.scan')}</li>
            <li>{t('badge.wallet.step.accept', { host: new URL(offer.exchangeUrl).host })}</li>
          </ol>
          <div class="laurel-wallet">
            <img class="laurel-wallet__qr" src={`data:image/svg+xml;base64,${Buffer.from(offer.qrSvg).toString('base64')}`} width={256} height={256} alt={t('badge.wallet.qrAlt')} />
            <div>
              <p>
                <a class="usa-button" href={offer.appLink}>
                  {t('badge.wallet.open')}
                </a>
              </p>
              <p class="usa-hint">{tx('badge.wallet.schemeHint', { a: (c) => <a href={offer.schemeLink}>{c}</a> })}</p>
              <p>{tx('badge.wallet.expiry', { minutes: WALLET_EXCHANGE_MINUTES, time: i18n.formatDate(offer.expiresAt, 'time'), b: (c) => <strong>{c}</strong> })}</p>
              <form method="post" action={`/badges/${award.id}/wallet`}>
                <Csrf token={csrf} />
                <button type="submit" class="usa-button usa-button--outline">
                  {t('badge.wallet.newCode')}
                </button>
              </form>
            </div>
          </div>
        </>
      ) : (
        <Alert kind="info" slim>
          {t(refusalKey(award))}
        </Alert>
      )}
    </section>
  );
}
