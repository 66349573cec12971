// The public verifier: a link, a file or pasted text, and the result in plain language.
import type { VerifierResult } from '../../../domain/verification/verify-any.ts';
import { FileInput } from '../../components/file-input.tsx';
import { VerificationPanel } from '../../components/verification.tsx';
import { Button, Csrf, ErrorSummary, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function VerifyPage({ ctx, result, errors, v }: { ctx: PageContext; result: VerifierResult | null; errors: Record<string, string>; v: { url: string; credential: string } }) {
  return (
    <Page ctx={ctx} title="Verify a badge" description="Check that a digital badge is genuine: its signature, its issuer, its endorsement and whether it is still valid.">
      <h1>Verify a badge</h1>
      <p class="usa-intro">Check any Open Badge — from this state’s institutions or anywhere else: whether it is genuine, who issued it, whether the State Regents endorse it, and whether it is still valid. A learner record (CLR 2.0) is checked too, with each badge in it.</p>
      <ErrorSummary errors={errors} />
      {result ? <VerificationPanel result={result} /> : null}
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-6">
          <form class="usa-form laurel-wide-form" method="post" action="/verify" novalidate>
            <Csrf token={ctx.csrf} />
            <h2>A link to a badge</h2>
            <TextInput name="url" label="Badge URL" type="url" hint="The badge’s page, or its JSON." value={v.url} error={errors.url} />
            <Button>Verify the link</Button>
          </form>
          <form class="usa-form laurel-wide-form margin-top-4" method="post" action="/verify" encType="multipart/form-data">
            {/* First in the body, before the file: the handler checks it there (not in the URL, so not in the address bar). */}
            <Csrf token={ctx.csrf} />
            <h2>A badge image or file</h2>
            <FileInput label="Baked PNG or SVG image, or a .json or .jwt file (at most 2 MB)" error={errors.file} accept="image/png,image/svg+xml,application/json,.json,.jwt" />
            <Button>Verify the file</Button>
          </form>
        </div>
        <div class="tablet:grid-col-6">
          <form class="usa-form laurel-wide-form" method="post" action="/verify" novalidate>
            <Csrf token={ctx.csrf} />
            <h2>Pasted JSON or JWT</h2>
            <TextArea name="credential" label="The badge’s JSON, or its compact JWT" value={v.credential} error={errors.credential} rows={10} />
            <Button>Verify the text</Button>
          </form>
        </div>
      </div>
      <p class="margin-top-4">
        Developers: the same checks are available as <code>POST /api/v1/verify</code> (see the <a href="/api/docs">API documentation</a>). Issuers of this state are listed in the{' '}
        <a href="/registry">issuer registry</a>.
      </p>
    </Page>
  );
}
