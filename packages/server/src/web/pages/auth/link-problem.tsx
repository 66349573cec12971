// An emailed link (invitation, password reset) that cannot be used any more, and what to do instead, in
// the page's language (the domain's English message recognised as one of forms.json's).
import { formMessage } from '../../components/form-messages.ts';
import { Alert } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function LinkProblemPage({ ctx, title, message: english, action, code }: { ctx: PageContext; title: string; message: string; action: { href: string; label: string }; code: string }) {
  const message = formMessage(ctx, english);
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Alert kind="warning">{message}</Alert>
      <p>
        <a class="usa-button" href={action.href}>
          {action.label}
        </a>
      </p>
      <p class="text-base">{ctx.tx('auth.linkProblem.code', { code, c: (c) => <code>{c}</code> })}</p>
    </Page>
  );
}
