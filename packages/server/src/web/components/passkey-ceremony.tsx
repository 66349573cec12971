// The form around one WebAuthn ceremony (adding a passkey, or signing in with one). The button, the
// status line and the scripts do nothing without JavaScript: web/assets/passkeys.js fetches the options
// from `optionsUrl`, asks the browser for the passkey, puts its answer in the hidden `credential` field
// and submits the form, so the server's answer is an ordinary page (errors beside the button, or a
// redirect). Without JavaScript, or in a browser without WebAuthn, `fallback` says what to do instead.
import type { ComponentChildren } from 'preact';
import { Csrf } from './ui.tsx';

export function PasskeyCeremony(p: {
  mode: 'register' | 'authenticate';
  action: string;
  optionsUrl: string;
  csrf: string;
  buttonLabel: string;
  error?: string | undefined;
  /** What to do instead, shown after "Passkeys need JavaScript…" (or "This browser cannot use passkeys."). */
  fallback: ComponentChildren;
  /** Fields before the button (the passkey's name; shown only with JavaScript), and hidden fields such as `next`. */
  children?: ComponentChildren;
}) {
  return (
    <form class="usa-form usa-form--large" method="post" action={p.action} data-passkey={p.mode} data-passkey-options={p.optionsUrl} novalidate>
      <Csrf token={p.csrf} />
      <input type="hidden" name="credential" value="" />
      <div data-passkey-js hidden>
        {p.children}
      </div>
      <div class={`usa-form-group${p.error ? ' usa-form-group--error' : ''}`}>
        {p.error ? (
          <span class="usa-error-message" id="passkey-error" role="alert">
            {p.error}
          </span>
        ) : null}
        <div data-passkey-js hidden>
          <button type="button" class="usa-button" id="passkey" data-passkey-start aria-describedby={p.error ? 'passkey-error passkey-status' : 'passkey-status'}>
            {p.buttonLabel}
          </button>
          <p class="margin-top-1" id="passkey-status" aria-live="polite" data-passkey-status></p>
        </div>
        <div data-passkey-nojs>
          <p data-passkey-why>Passkeys need JavaScript, which is off in this browser.</p>
          {p.fallback}
        </div>
      </div>
      <script src="/assets/simplewebauthn/index.umd.min.js" defer></script>
      <script src="/assets/passkeys.js" defer></script>
    </form>
  );
}
