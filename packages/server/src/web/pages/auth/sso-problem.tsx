// A sign-in through an identity provider that did not complete: what happened, in plain words, and the
// ways on (try again, sign in another way).
import { Alert } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function SsoProblemPage({ ctx, message, reason, retryHref }: { ctx: PageContext; message: string; reason: string; retryHref: string | null }) {
  return (
    <Page ctx={ctx} title="You were not signed in">
      <h1>You were not signed in</h1>
      <Alert kind="error">{message}</Alert>
      <ul class="usa-button-group">
        {retryHref && (
          <li class="usa-button-group__item">
            <a class="usa-button" href={retryHref}>
              Try again
            </a>
          </li>
        )}
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/sign-in?choose=1">
            Sign in another way
          </a>
        </li>
      </ul>
      <p class="text-base">
        Reference for your IT help desk: <code>{reason}</code>
      </p>
    </Page>
  );
}
