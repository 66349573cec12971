// An emailed link (invitation, password reset) that cannot be used any more, and what to do instead.
import { Alert } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function LinkProblemPage({ ctx, title, message, action, code }: { ctx: PageContext; title: string; message: string; action: { href: string; label: string }; code: string }) {
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Alert kind="warning">{message}</Alert>
      <p>
        <a class="usa-button" href={action.href}>
          {action.label}
        </a>
      </p>
      <p class="text-base">
        Error code: <code>{code}</code>
      </p>
    </Page>
  );
}
