import type { FastifyInstance } from 'fastify';
import { createOrganization, getOrganization, INSTITUTION_TYPES, listOrganizations, updateOrganization } from '../../domain/institutions/institutions.ts';
import { assertAllowed, canEditOrganization, canManageInstitutions } from '../../domain/policy.ts';
import { requireUser } from '../../kit/auth.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { Button, Csrf, ErrorSummary, Select, TextArea, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, formBody, formErrors, type FormBody } from './forms.ts';

const TYPE_OPTIONS = Object.entries(INSTITUTION_TYPES) as [string, string][];

interface OrgFormValues {
  name: string;
  slug: string;
  institutionType: string;
  website: string;
  city: string;
  description: string;
  status: string;
}

function values(o?: Organization): OrgFormValues {
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

function fromBody(b: FormBody): OrgFormValues {
  return {
    name: field(b, 'name'),
    slug: field(b, 'slug'),
    institutionType: field(b, 'institutionType'),
    website: field(b, 'website'),
    city: field(b, 'city'),
    description: field(b, 'description'),
    status: field(b, 'status') || 'active',
  };
}

function OrgForm({ ctx, mode, v, errors, message, org }: { ctx: PageContext; mode: 'new' | 'edit'; v: OrgFormValues; errors: Record<string, string>; message?: string | undefined; org?: Organization }) {
  const title = mode === 'new' ? 'Add an institution' : `Edit ${org?.name ?? 'institution'}`;
  const sysadmin = ctx.actor ? canManageInstitutions(ctx.actor) : false;
  return (
    <Page ctx={ctx} title={title}>
      <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
        <ol class="usa-breadcrumb__list">
          <li class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href={sysadmin ? '/admin/institutions' : '/dashboard'}>
              <span>{sysadmin ? 'Institutions' : 'Dashboard'}</span>
            </a>
          </li>
          <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{title}</span>
          </li>
        </ol>
      </nav>
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

export function registerInstitutionPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;

  app.get('/admin/institutions', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canManageInstitutions(actor), 'Only system administrators can manage institutions.');
    const [orgs, members] = await Promise.all([listOrganizations(deps()), repos(deps().db).memberships.countByOrganization()]);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Institutions">
        <h1>Institutions</h1>
        <p>The State Regents and the institutions of the state system. Each can have its own administrators, program authors and issuers.</p>
        <div class="laurel-actions">
          <a class="usa-button" href="/admin/institutions/new">
            Add an institution
          </a>
        </div>
        <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="All organizations">
          <table class="usa-table usa-table--borderless width-full">
            <caption class="usa-sr-only">All organizations</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Type</th>
                <th scope="col">People</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>
                    <code>{o.slug}</code>
                  </td>
                  <td>{o.kind === 'regents' ? 'State Regents' : ((INSTITUTION_TYPES as Record<string, string>)[o.institutionType ?? ''] ?? '—')}</td>
                  <td>
                    <a href={`/admin/users?organization=${o.slug}`}>{members.get(o.id) ?? 0}<span class="usa-sr-only"> people at {o.name}</span></a>
                  </td>
                  <td>{o.status === 'active' ? <span class="usa-tag bg-green">Active</span> : <span class="usa-tag">Inactive</span>}</td>
                  <td>
                    <a href={`/admin/institutions/${o.slug}/edit`}>
                      Edit<span class="usa-sr-only"> {o.name}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Page>,
    );
  });

  app.get('/admin/institutions/new', async (req, reply) => {
    const actor = requireUser(req);
    assertAllowed(canManageInstitutions(actor), 'Only system administrators can add institutions.');
    return sendPage(reply, <OrgForm ctx={pageContext(req, reply)} mode="new" v={values()} errors={{}} />);
  });

  app.post('/admin/institutions', async (req, reply) => {
    const actor = requireUser(req);
    const v = fromBody(formBody(req));
    try {
      const org = await createOrganization(deps(), actor, { ...v, institutionType: v.institutionType || null });
      return redirectWithFlash(reply, '/admin/institutions', { kind: 'success', message: `${org.name} was added.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <OrgForm ctx={pageContext(req, reply)} mode="new" v={v} errors={fields} message={message} />, 422);
    }
  });

  app.get('/admin/institutions/:slug/edit', async (req, reply) => {
    const actor = requireUser(req);
    const org = await getOrganization(deps(), (req.params as { slug: string }).slug);
    assertAllowed(canEditOrganization(actor, org), 'You can only edit your own institution.');
    return sendPage(reply, <OrgForm ctx={pageContext(req, reply)} mode="edit" v={values(org)} errors={{}} org={org} />);
  });

  app.post('/admin/institutions/:slug', async (req, reply) => {
    const actor = requireUser(req);
    const org = await getOrganization(deps(), (req.params as { slug: string }).slug);
    assertAllowed(canEditOrganization(actor, org), 'You can only edit your own institution.');
    const v = fromBody(formBody(req));
    try {
      const updated = await updateOrganization(deps(), actor, org.slug, { ...v, institutionType: v.institutionType || null });
      return redirectWithFlash(reply, canManageInstitutions(actor) ? '/admin/institutions' : '/dashboard', { kind: 'success', message: `${updated.name} was saved.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <OrgForm ctx={pageContext(req, reply)} mode="edit" v={v} errors={fields} message={message} org={org} />, 422);
    }
  });
}
