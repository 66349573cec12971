// Sending an award's claim email again, behind a confirmation page: a new link goes to the recipient's
// address and the earlier link stops working.
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Alert, Button, Csrf } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface ResendClaimProps {
  readonly ctx: PageContext;
  readonly award: { readonly id: string; readonly recipientName: string; readonly recipientEmail: string };
  readonly problem?: string | undefined;
}

export function ConfirmResendClaimPage({ ctx, award: a, problem }: ResendClaimProps) {
  return (
    <Page ctx={ctx} title="Send the claim email again">
      <Breadcrumbs
        trail={[
          { label: 'Issuing', href: '/issuing' },
          { label: 'Awards', href: '/issuing/awards' },
          { label: a.recipientName, href: `/issuing/awards/${a.id}` },
        ]}
        current="Send the claim email again"
      />
      <h1>Send the claim email again</h1>
      <p class="usa-intro">
        Laurel emails a new claim link to {a.recipientName} at {a.recipientEmail}, the address the badge was issued to. The link sent before stops working.
      </p>
      {problem ? (
        <Alert kind="warning">{problem}</Alert>
      ) : (
        <form class="usa-form" method="post" action={`/issuing/awards/${a.id}/resend-claim`}>
          <Csrf token={ctx.csrf} />
          <Button>Send the claim email</Button> <a href={`/issuing/awards/${a.id}`}>Cancel</a>
        </form>
      )}
    </Page>
  );
}
