// Passkeys on the account: the section listing them, adding one (also offered on the required-enrolment
// path), renaming, and the confirmation before removing one.
import { PASSKEY_NAME_MAX, type Passkey } from '../../../domain/accounts/passkeys.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { PasskeyCeremony } from '../../components/passkey-ceremony.tsx';
import { Alert, Button, Csrf, ErrorSummary, formatDate, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const ACCOUNT = [{ href: '/account', label: 'Your account' }];

const q = (id: string) => `?id=${encodeURIComponent(id)}`;

const columns: Column<Passkey>[] = [
  { key: 'name', header: 'Name', cell: (p) => p.name },
  { key: 'added', header: 'Added', cell: (p) => formatDate(p.createdAt) },
  { key: 'used', header: 'Last used', cell: (p) => (p.lastUsedAt ? formatDate(p.lastUsedAt) : 'Never') },
  {
    key: 'actions',
    header: 'Actions',
    cell: (p) => (
      <span class="laurel-actions margin-top-0">
        <a href={`/account/passkeys/rename${q(p.id)}`}>
          Rename<span class="usa-sr-only"> {p.name}</span>
        </a>
        <a href={`/account/passkeys/remove${q(p.id)}`}>
          Remove<span class="usa-sr-only"> {p.name}</span>
        </a>
      </span>
    ),
  },
];

export function PasskeysSection({ passkeys }: { passkeys: readonly Passkey[] }) {
  return (
    <section aria-labelledby="passkeys-h" class="margin-top-5">
      <h2 id="passkeys-h">Passkeys</h2>
      <p>
        A passkey is kept by your phone, computer or security key and unlocked with your fingerprint, face or screen lock. With one, signing in asks for your password and
        then your passkey, instead of a code.
      </p>
      <DataTable caption="Your passkeys" columns={columns} rows={passkeys} rowKey={(p) => p.id} empty={<p>You have no passkeys.</p>} />
      <a class="usa-button usa-button--outline margin-top-2" href="/account/passkeys/add">
        Add a passkey
      </a>
    </section>
  );
}

export function AddPasskeyPage({ ctx, required, name, errors, message }: { ctx: PageContext; required: boolean; name: string; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="Add a passkey">
      {required ? null : <Breadcrumbs trail={ACCOUNT} current="Add a passkey" />}
      <h1>Add a passkey</h1>
      {required ? (
        <Alert kind="warning" heading="Required for your roles">
          Your roles at Laurel require two-step verification. Add a passkey, or <a href="/account/two-step/enrol">set up an authenticator app</a>, to continue.
        </Alert>
      ) : null}
      <ErrorSummary errors={errors} message={message} />
      <p>Your browser will ask where to keep the passkey (this device, your phone, or a security key) and to unlock it. Nothing about your fingerprint or face is sent to Laurel.</p>
      <PasskeyCeremony
        mode="register"
        action="/account/passkeys/add"
        optionsUrl="/account/passkeys/options"
        csrf={ctx.csrf}
        buttonLabel="Add a passkey"
        error={errors.passkey}
        fallback={
          <p>
            You can <a href="/account/two-step/enrol">set up an authenticator app</a> instead.
          </p>
        }
      >
        <TextInput name="name" label="Name (optional)" hint={`Helps you tell your passkeys apart, such as “Work laptop”. At most ${PASSKEY_NAME_MAX} characters.`} value={name} error={errors.name} maxLength={PASSKEY_NAME_MAX} />
      </PasskeyCeremony>
    </Page>
  );
}

export function RenamePasskeyPage({ ctx, passkey, name, errors }: { ctx: PageContext; passkey: Passkey; name: string; errors: Record<string, string> }) {
  return (
    <Page ctx={ctx} title="Rename a passkey">
      <Breadcrumbs trail={ACCOUNT} current="Rename a passkey" />
      <h1>Rename “{passkey.name}”</h1>
      <ErrorSummary errors={errors} />
      <form class="usa-form" method="post" action="/account/passkeys/rename" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="id" value={passkey.id} />
        <TextInput name="name" label="Name" value={name} error={errors.name} maxLength={PASSKEY_NAME_MAX} required />
        <div class="laurel-actions">
          <Button>Save name</Button>
          <a class="usa-button usa-button--outline" href="/account">
            Cancel
          </a>
        </div>
      </form>
    </Page>
  );
}

export function RemovePasskeyPage({ ctx, passkey, blocked }: { ctx: PageContext; passkey: Passkey; blocked: string | null }) {
  return (
    <Page ctx={ctx} title="Remove a passkey">
      <Breadcrumbs trail={ACCOUNT} current="Remove a passkey" />
      <h1>Remove “{passkey.name}”?</h1>
      {blocked ? (
        <>
          <Alert kind="error" heading="This passkey cannot be removed">
            {blocked}
          </Alert>
          <a class="usa-button usa-button--outline" href="/account">
            Back to your account
          </a>
        </>
      ) : (
        <>
          <Alert kind="warning" heading="What happens">
            This passkey (added {formatDate(passkey.createdAt)}, last used {passkey.lastUsedAt ? formatDate(passkey.lastUsedAt) : 'never'}) stops working for Laurel. Remove it from your
            device’s or password manager’s list too.
          </Alert>
          <form method="post" action="/account/passkeys/remove" class="laurel-actions">
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="id" value={passkey.id} />
            <Button variant="secondary">Yes, remove it</Button>
            <a class="usa-button usa-button--outline" href="/account">
              Cancel
            </a>
          </form>
        </>
      )}
    </Page>
  );
}
