// Asks before a system administrator resets someone's two-step verification.
import type { UserWithMemberships } from '../../../domain/accounts/get-user.ts';
import { ActionForm, Alert } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ResetTwoStepPage({ ctx, user }: { ctx: PageContext; user: UserWithMemberships }) {
  return (
    <Page ctx={ctx} title={`Reset two-step verification for ${user.name}`}>
      <h1>Reset two-step verification for {user.name}?</h1>
      <Alert kind="warning" heading="What happens">
        {user.name} ({user.email}) can then sign in with their password alone; if their roles require two-step verification they must set it up again right after. Do this only after checking who is asking (for example a lost phone). The reset is recorded in the audit log.
      </Alert>
      <div class="laurel-actions">
        <ActionForm action={`/admin/users/${user.id}/reset-two-step`} csrf={ctx.csrf} label="Yes, reset" variant="secondary" />
        <a class="usa-button usa-button--outline" href={`/admin/users/${user.id}`}>
          Cancel
        </a>
      </div>
    </Page>
  );
}
