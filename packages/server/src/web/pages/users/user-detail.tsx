// One person: their account, a role form per organization the admin manages, and (de)activation.
import type { UserWithMemberships } from '../../../domain/accounts/get-user.ts';
import type { Organization } from '../../../domain/institutions/institutions.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { ActionForm, Button, Checkboxes, Csrf, formatDate, Select } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

/** The roles this admin may set at one organization, and those the person holds there now. */
export interface RoleForm {
  readonly org: Organization;
  readonly current: readonly Role[];
  readonly allowed: readonly Role[];
}

function AccountFacts({ user }: { user: UserWithMemberships }) {
  return (
    <dl class="grid-row grid-gap">
      <div class="tablet:grid-col-4">
        <dt class="text-bold">Email</dt>
        <dd class="margin-left-0">{user.email}</dd>
      </div>
      <div class="tablet:grid-col-4">
        <dt class="text-bold">Status</dt>
        <dd class="margin-left-0">{user.status === 'active' ? 'Active' : 'Deactivated'}</dd>
      </div>
      <div class="tablet:grid-col-4">
        <dt class="text-bold">Last sign-in</dt>
        <dd class="margin-left-0">{user.lastSignInAt ? formatDate(user.lastSignInAt) : 'Never'}</dd>
      </div>
    </dl>
  );
}

export function UserDetailPage({ ctx, user, roleForms, others, self, mfaReset }: { ctx: PageContext; user: UserWithMemberships; roleForms: readonly RoleForm[]; others: readonly Organization[]; self: boolean; mfaReset: boolean }) {
  return (
    <Page ctx={ctx} title={user.name}>
      <Breadcrumbs trail={[{ label: 'Users', href: '/admin/users' }]} current={user.name} />
      <h1>{user.name}</h1>
      <AccountFacts user={user} />
      <h2>Roles</h2>
      {roleForms.map(({ org, current, allowed }) => (
        <form class="usa-form usa-form--large margin-bottom-4" method="post" action={`/admin/users/${user.id}/roles`} key={org.id}>
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="organization" value={org.slug} />
          <Checkboxes name="roles" legend={`Roles at ${org.name}`} options={allowed.map((r) => ({ value: r, label: ROLE_LABELS[r], description: ROLE_DESCRIPTIONS[r] }))} checked={current} />
          <Button variant="outline">Save roles at {org.name}</Button>
        </form>
      ))}
      {others.length > 0 ? (
        <form class="usa-form usa-form--large margin-bottom-4" method="post" action={`/admin/users/${user.id}/roles/add`}>
          <Csrf token={ctx.csrf} />
          <fieldset class="usa-fieldset">
            <legend class="usa-legend">Give a role at another organization</legend>
            <Select name="organization" label="Organization" options={others.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" />
            <Select name="role" label="Role" options={ROLES.filter((r) => r !== 'earner').map((r) => [r, ROLE_LABELS[r]] as const)} emptyLabel="- Select -" />
            <Button variant="outline">Add role</Button>
          </fieldset>
        </form>
      ) : null}
      <h2>Account</h2>
      {self ? (
        <p>This is your own account. Another administrator can deactivate it.</p>
      ) : user.status === 'active' ? (
        <p>
          <a class="usa-button usa-button--secondary" href={`/admin/users/${user.id}/deactivate`}>
            Deactivate account…
          </a>
        </p>
      ) : (
        <ActionForm action={`/admin/users/${user.id}/reactivate`} csrf={ctx.csrf} label="Reactivate account" />
      )}
      {mfaReset ? (
        <p>
          Two-step verification is on.{' '}
          <a class="usa-button usa-button--outline" href={`/admin/users/${user.id}/reset-two-step`}>
            Reset two-step verification…
          </a>
        </p>
      ) : null}
    </Page>
  );
}
