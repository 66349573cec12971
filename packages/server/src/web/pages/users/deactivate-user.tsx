// Asks before deactivating an account, and says what deactivation does.
import type { UserWithMemberships } from '../../../domain/accounts/get-user.ts';
import { ActionForm, Alert } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function DeactivateUserPage({ ctx, user }: { ctx: PageContext; user: UserWithMemberships }) {
  return (
    <Page ctx={ctx} title={`Deactivate ${user.name}`}>
      <h1>Deactivate {user.name}?</h1>
      <Alert kind="warning" heading="What happens">
        {user.name} ({user.email}) will be signed out everywhere and will not be able to sign in or use API tokens. Their work and history are kept, and you can reactivate the account later.
      </Alert>
      <div class="laurel-actions">
        <ActionForm action={`/admin/users/${user.id}/deactivate`} csrf={ctx.csrf} label="Yes, deactivate" variant="secondary" />
        <a class="usa-button usa-button--outline" href={`/admin/users/${user.id}`}>
          Cancel
        </a>
      </div>
    </Page>
  );
}
