// The invitation form: an organization the admin manages, an email address and a role.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import { INSTITUTION_ROLES, REGENTS_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '../../../shared/roles.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Button, Csrf, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface InviteValues {
  readonly organization: string;
  readonly email: string;
  readonly role: string;
}

export function InviteUserPage({ ctx, orgs, v, errors, message }: { ctx: PageContext; orgs: readonly Organization[]; v: InviteValues; errors: Record<string, string>; message?: string | undefined }) {
  const onlyInstitutions = orgs.every((o) => o.kind === 'institution');
  const roleOptions = (onlyInstitutions ? INSTITUTION_ROLES : [...INSTITUTION_ROLES, ...REGENTS_ROLES]).map((r) => [r, ROLE_LABELS[r]] as const);
  return (
    <Page ctx={ctx} title="Invite a user">
      <Breadcrumbs trail={[{ label: 'Users', href: '/admin/users' }]} current="Invite a user" />
      <h1>Invite a user</h1>
      <p>We will email them a link to join. The link works for 7 days.</p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action="/admin/users/invite" novalidate>
        <Csrf token={ctx.csrf} />
        {orgs.length === 1 ? (
          <>
            <input type="hidden" name="organization" value={orgs[0]!.slug} />
            <p>
              Organization: <strong>{orgs[0]!.name}</strong>
            </p>
          </>
        ) : (
          <Select name="organization" label="Organization" value={v.organization} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" error={errors.organization} required />
        )}
        <TextInput name="email" label="Email address" type="email" autocomplete="off" value={v.email} error={errors.email} required />
        <Select
          name="role"
          label="Role"
          hint={onlyInstitutions ? undefined : 'Regents staff reviewer, Chancellor and System administrator are roles at the State Regents; the others are institution roles.'}
          value={v.role}
          options={roleOptions}
          emptyLabel="- Select -"
          error={errors.role}
          required
        />
        <details class="margin-top-2">
          <summary>What each role can do</summary>
          <dl>
            {(onlyInstitutions ? INSTITUTION_ROLES : ROLES.filter((r) => r !== 'earner')).map((r) => (
              <div key={r}>
                <dt class="text-bold">{ROLE_LABELS[r]}</dt>
                <dd class="margin-left-0 margin-bottom-1">{ROLE_DESCRIPTIONS[r]}</dd>
              </div>
            ))}
          </dl>
        </details>
        <Button>Send invitation</Button>
      </form>
    </Page>
  );
}
