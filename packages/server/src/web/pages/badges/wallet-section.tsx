// The earner's "Add to a wallet" section of their badge page: a QR code of the Learner Credential
// Wallet's deep link for a fresh VC-API exchange, the same link as a button for a phone, how long it
// lasts and a way to make a new one (docs/WALLETS.md). Works without JavaScript.
import { WALLET_EXCHANGE_MINUTES } from '../../../domain/wallet/exchange.ts';
import type { WalletOffer } from '../../../domain/wallet/start-wallet-exchange.ts';
import { Alert, Csrf } from '../../components/ui.tsx';

function clockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}

export function WalletSection({ awardId, offer, refusal, csrf, timeZone }: { awardId: string; offer: WalletOffer | null; refusal: string | null; csrf: string; timeZone: string }) {
  return (
    <section aria-labelledby="wallet-heading" class="margin-top-4">
      <h2 id="wallet-heading">Add to a wallet</h2>
      {offer ? (
        <>
          <p>
            Keep this badge in a digital wallet app on your phone, such as the{' '}
            <a href="https://lcw.app" rel="noopener">
              Learner Credential Wallet
            </a>{' '}
            (free for iPhone and Android). The wallet receives the same signed badge as the download, and can show and share it without Laurel.
          </p>
          <ol class="usa-list">
            <li>Install the wallet app and open it once to set it up.</li>
            <li>On a computer: scan this code with your phone’s camera. On your phone: use the button below.</li>
            <li>In the wallet, say yes to the request from {new URL(offer.exchangeUrl).host}, then accept the badge.</li>
          </ol>
          <div class="laurel-wallet">
            <img class="laurel-wallet__qr" src={`data:image/svg+xml;base64,${Buffer.from(offer.qrSvg).toString('base64')}`} width={256} height={256} alt="QR code that opens the Learner Credential Wallet to add this badge. On a phone, use the “Open in the wallet app” button instead." />
            <div>
              <p>
                <a class="usa-button" href={offer.appLink}>
                  Open in the wallet app
                </a>
              </p>
              <p class="usa-hint">
                If the button opens a web page instead of the app, try <a href={offer.schemeLink}>this link to the app</a>.
              </p>
              <p>
                This code works once, for {WALLET_EXCHANGE_MINUTES} minutes: until <strong>{clockTime(offer.expiresAt, timeZone)}</strong>. Anyone who scans it before then can add this badge to their wallet, so do not share it.
              </p>
              <form method="post" action={`/badges/${awardId}/wallet`}>
                <Csrf token={csrf} />
                <button type="submit" class="usa-button usa-button--outline">
                  Make a new code
                </button>
              </form>
            </div>
          </div>
        </>
      ) : (
        <Alert kind="info" slim>
          {refusal ?? 'This badge cannot be added to a wallet now.'}
        </Alert>
      )}
    </section>
  );
}
