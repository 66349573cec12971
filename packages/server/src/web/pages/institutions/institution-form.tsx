// Adding an institution (system admin) or editing one's profile (system admin or its own admin).
import { INSTITUTION_TYPES, type Organization } from '../../../domain/institutions/institutions.ts';
import { canManageInstitutions } from '../../../domain/policy.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Button, Csrf, ErrorSummary, Select, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const TYPE_OPTIONS = Object.entries(INSTITUTION_TYPES) as [string, string][];

export interface OrgFormValues {
  name: string;
  slug: string;
  institutionType: string;
  website: string;
  city: string;
  description: string;
  status: string;
}

export function orgFormValues(o?: Organization): OrgFormValues {
  return {
    name: o?.name ?? '',
    slug: o?.slug ?? '',
    institutionType: o?.institutionType ?? '',
    website: o?.website ?? '',
    city: o?.city ?? '',
    description: o?.description ?? '',
    status: o?.status ?? 'active',
  };
}

export function InstitutionFormPage({ ctx, mode, v, errors, message, org }: { ctx: PageContext; mode: 'new' | 'edit'; v: OrgFormValues; errors: Record<string, string>; message?: string | undefined; org?: Organization }) {
  const title = mode === 'new' ? 'Add an institution' : `Edit ${org?.name ?? 'institution'}`;
  const sysadmin = ctx.actor ? canManageInstitutions(ctx.actor) : false;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[sysadmin ? { label: 'Institutions', href: '/admin/institutions' } : { label: 'Dashboard', href: '/dashboard' }]} current={title} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action={mode === 'new' ? '/admin/institutions' : `/admin/institutions/${org!.slug}`} novalidate>
        <Csrf token={ctx.csrf} />
        <TextInput name="name" label="Name" value={v.name} error={errors.name} required maxLength={200} />
        {mode === 'new' ? (
          <TextInput name="slug" label="Slug" hint="A short name used in web addresses and the institution’s identifier, for example red-river. It cannot be changed later." value={v.slug} error={errors.slug} required maxLength={64} />
        ) : (
          <p>
            Slug: <code>{org!.slug}</code> (used in web addresses; cannot be changed)
          </p>
        )}
        {org?.kind === 'regents' ? null : <Select name="institutionType" label="Type of institution" value={v.institutionType} options={TYPE_OPTIONS} emptyLabel="- Select -" error={errors.institutionType} />}
        <TextInput name="website" label="Website (optional)" type="url" hint="For example https://www.example.edu" value={v.website} error={errors.website} />
        <TextInput name="city" label="City (optional)" value={v.city} error={errors.city} />
        <TextArea name="description" label="Description (optional)" hint="Shown on the institution’s public page. At most 2,000 characters." value={v.description} error={errors.description} maxLength={2000} />
        {mode === 'edit' && sysadmin && org?.kind !== 'regents' ? (
          <Select name="status" label="Status" value={v.status} options={[['active', 'Active'], ['inactive', 'Inactive (hidden from new work)']]} error={errors.status} />
        ) : null}
        <Button>{mode === 'new' ? 'Add institution' : 'Save changes'}</Button>
      </form>
    </Page>
  );
}
