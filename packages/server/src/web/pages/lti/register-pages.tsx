// LTI Dynamic Registration as the platform's administrator sees it, inside the platform's frame or a
// window it opened: sign in to Laurel first (in a new window when framed: Laurel's session cookie is not
// sent inside another site's frame), choose the institution, register; then the page that tells the
// platform registration is done.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { LtiPlatformView } from '../../../domain/lti/platforms.ts';
import { Alert, Button, Csrf, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import { LtiFrame } from '../../layouts/lti-frame.tsx';

export interface RegisterPageProps {
  readonly signedIn: boolean;
  readonly institutions: readonly Organization[];
  readonly openidConfiguration: string;
  readonly registrationToken: string;
  readonly csrf: string;
  readonly errors?: Record<string, string>;
  readonly message?: string;
  readonly values?: { institution: string; name: string };
  /** When the page answers an error: the code, as every error page names it. */
  readonly errorCode?: string;
}

function ErrorCode({ code }: { code: string | undefined }) {
  return code ? (
    <p class="text-base">
      Error code: <code>{code}</code>
    </p>
  ) : null;
}

function platformHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the platform';
  }
}

export function RegisterPage(p: RegisterPageProps) {
  const title = 'Register Laurel with your learning platform';
  const host = platformHost(p.openidConfiguration);
  if (!p.openidConfiguration) {
    return (
      <LtiFrame title={title}>
        <h1>{title}</h1>
        <Alert kind="error">This address is opened by a learning platform's dynamic registration, with its configuration address. Start the registration from the platform's tool settings.</Alert>
      <ErrorCode code={p.errorCode} />
      </LtiFrame>
    );
  }
  if (!p.signedIn) {
    const back = `/lti/register?${new URLSearchParams({ openid_configuration: p.openidConfiguration, ...(p.registrationToken ? { registration_token: p.registrationToken } : {}) }).toString()}`;
    return (
      <LtiFrame title={title}>
        <h1>{title}</h1>
        <p>{host} asks to register Laurel. Only an administrator of your institution in Laurel can finish this.</p>
        <ol class="usa-process-list">
          <li class="usa-process-list__item">
            <h2 class="usa-process-list__heading">Sign in to Laurel and register</h2>
            <p>In a new window (inside the platform Laurel cannot see that you are signed in).</p>
            <p>
              <a class="usa-button" href={`/sign-in?next=${encodeURIComponent(back)}`} target="_blank">
                Sign in to Laurel (opens a new window)
              </a>
            </p>
          </li>
          <li class="usa-process-list__item">
            <h2 class="usa-process-list__heading">Come back here and finish</h2>
            <p>When Laurel says it is registered, close that window and select Finish.</p>
            <p>
              <a class="usa-button usa-button--outline" href="/lti/register/close">
                Finish
              </a>
            </p>
          </li>
        </ol>
        <ErrorCode code={p.errorCode} />
      </LtiFrame>
    );
  }
  if (p.institutions.length === 0) {
    return (
      <LtiFrame title={title}>
        <h1>{title}</h1>
        <Alert kind="error">Your Laurel account cannot register learning platforms: that is for your institution's Laurel administrators.</Alert>
      <ErrorCode code={p.errorCode} />
      </LtiFrame>
    );
  }
  const v = p.values ?? { institution: p.institutions.length === 1 ? p.institutions[0]!.slug : '', name: '' };
  return (
    <LtiFrame title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors ?? {}} message={p.message} />
      <p>
        {host} asks to register Laurel. Laurel reads its configuration, registers itself there, and keeps the platform's client ID and deployment ID for your institution. Instructors can then place your institution's badges in their courses.
      </p>
      <form class="usa-form usa-form--large" method="post" action="/lti/register">
        <Csrf token={p.csrf} />
        <input type="hidden" name="openid_configuration" value={p.openidConfiguration} />
        <input type="hidden" name="registration_token" value={p.registrationToken} />
        <Select name="institution" label="For which institution?" value={v.institution} options={p.institutions.map((o) => [o.slug, o.name] as const)} emptyLabel="Choose an institution" error={p.errors?.institution} />
        <TextInput name="name" label="Name of the platform in Laurel (optional)" hint="For example “Canvas (main campus)”. Empty: the platform's product name." value={v.name} error={p.errors?.name} maxLength={120} />
        <Button>Register Laurel</Button>
      </form>
      <ErrorCode code={p.errorCode} />
    </LtiFrame>
  );
}

export function RegisteredPage({ organization, platform, updated }: { organization: Organization; platform: LtiPlatformView; updated: boolean }) {
  const title = 'Laurel is registered';
  return (
    <LtiFrame title={title} script marker="close">
      <h1>{title}</h1>
      <Alert kind="success">
        {updated ? 'The registration was updated' : 'Laurel is registered'} with {platform.name} for {organization.name}
        {platform.deploymentIds.length ? ` (deployment ${platform.deploymentIds.join(', ')})` : ''}.
      </Alert>
      <p>Close this window if it does not close by itself: {platform.name} finishes the setup (some platforms ask you to turn the tool on).</p>
      {platform.deploymentIds.length === 0 ? <p>The platform did not name a deployment. Add its deployment ID on Laurel's page for this platform before the first launch.</p> : null}
      <p>
        <a href={`/admin/institutions/${organization.slug}/lti/${platform.id}`} target="_blank">
          See the registration in Laurel
        </a>
      </p>
    </LtiFrame>
  );
}

/** Tells the platform's window that Laurel's part of the registration is done. */
export function RegistrationClosePage() {
  return (
    <LtiFrame title="Registration finished" script marker="close">
      <h1>Registration finished</h1>
      <p>Close this dialog if it does not close by itself. The platform shows what it registered.</p>
    </LtiFrame>
  );
}
