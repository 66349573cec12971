// The public verifier page and the issuer registry.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organizationDid } from '../../domain/credentials/did.ts';
import { latestEndorsement } from '../../domain/credentials/endorsement.ts';
import { DomainError } from '../../domain/errors.ts';
import { INSTITUTION_TYPES } from '../../domain/institutions/institutions.ts';
import { MAX_VERIFY_BYTES, verifyAnything, type VerifierResult } from '../../domain/verification/verify-any.ts';
import { repos } from '../../storage/repositories/index.ts';
import { VerificationPanel } from '../components/verification.tsx';
import { Button, Csrf, ErrorSummary, TextArea, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { field, formBody, formErrors } from './forms.ts';

function VerifyPage({ ctx, result, errors, v }: { ctx: PageContext; result: VerifierResult | null; errors: Record<string, string>; v: { url: string; credential: string } }) {
  return (
    <Page ctx={ctx} title="Verify a badge" description="Check that a digital badge is genuine: its signature, its issuer, its endorsement and whether it is still valid.">
      <h1>Verify a badge</h1>
      <p class="usa-intro">Check any Open Badge — from this state’s institutions or anywhere else: whether it is genuine, who issued it, whether the State Regents endorse it, and whether it is still valid.</p>
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
          <form class="usa-form laurel-wide-form margin-top-4" method="post" action={`/verify?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
            <h2>A badge image or file</h2>
            <div class={`usa-form-group${errors.file ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for="file">
                Baked PNG or SVG image, or a .json or .jwt file (at most 2 MB)
              </label>
              {errors.file ? (
                <span class="usa-error-message" id="file-error" role="alert">
                  {errors.file}
                </span>
              ) : null}
              <input class="usa-file-input" id="file" name="file" type="file" accept="image/png,image/svg+xml,application/json,.json,.jwt" aria-describedby={errors.file ? 'file-error' : undefined} />
            </div>
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

export function registerVerifyPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const render = (req: FastifyRequest, reply: FastifyReply, result: VerifierResult | null, errors: Record<string, string> = {}, v = { url: '', credential: '' }, status = 200) =>
    sendPage(reply, <VerifyPage ctx={pageContext(req, reply)} result={result} errors={errors} v={v} />, status);

  app.get('/verify', async (req, reply) => {
    const url = (req.query as Record<string, string | undefined>).url;
    if (url) return render(req, reply, await verifyAnything(deps(), { url }), {}, { url, credential: '' });
    return render(req, reply, null);
  });

  app.post('/verify', async (req, reply) => {
    try {
      if (req.isMultipart()) {
        let file: Uint8Array | undefined;
        let tooBig = false;
        for await (const part of req.parts({ limits: { fileSize: MAX_VERIFY_BYTES + 1, files: 1 } })) {
          if (part.type === 'file') {
            const buf = await part.toBuffer();
            tooBig = part.file.truncated;
            if (part.filename) file = new Uint8Array(buf);
          }
        }
        if (tooBig) return render(req, reply, null, { file: 'The file is larger than 2 MB.' }, undefined, 413);
        if (!file) return render(req, reply, null, { file: 'Choose a file to verify.' }, undefined, 422);
        return render(req, reply, await verifyAnything(deps(), { file }));
      }
      const b = formBody(req);
      const url = field(b, 'url').trim();
      const credential = field(b, 'credential').trim();
      if (url) return render(req, reply, await verifyAnything(deps(), { url }), {}, { url, credential: '' });
      let parsed: unknown = credential;
      if (credential.startsWith('{')) {
        try {
          parsed = JSON.parse(credential);
        } catch {
          return render(req, reply, null, { credential: 'This is not valid JSON. Paste the whole badge, from { to }.' }, { url: '', credential }, 422);
        }
      }
      return render(req, reply, await verifyAnything(deps(), { credential: parsed }), {}, { url: '', credential });
    } catch (err) {
      if (err instanceof DomainError) {
        const { fields } = formErrors(err);
        return render(req, reply, null, fields, undefined, 422);
      }
      throw err;
    }
  });

  const registry = async () => {
    const r = repos(deps().db);
    const orgs = await r.organizations.list();
    return Promise.all(
      orgs
        .filter((o) => o.status === 'active')
        .map(async (o) => {
          const did = organizationDid(deps().config, o.slug);
          const keys = await r.organizationKeys.listForOrganization(o.id);
          return {
            name: o.name,
            slug: o.slug,
            kind: o.kind,
            type: o.institutionType,
            website: o.website,
            did,
            did_document: `${deps().config.publicUrl}/orgs/${o.slug}/did.json`,
            keys: keys.map((k) => ({ id: `${did}#key-${k.seq}`, public_key_multibase: k.publicKeyMultibase, status: k.status })),
          };
        }),
    );
  };

  // The Regents' endorsement of a program, as signed (the one in force, else the newest revoked one: verifiers check its status).
  app.get('/endorsements/:programId', async (req, reply) => {
    const { programId } = req.params as { programId: string };
    const row = await latestEndorsement(deps().db, programId);
    if (!row) throw new DomainError('not_found', 'This program has no endorsement by the State Regents.');
    return reply.type('application/vc+ld+json').header('cache-control', 'public, max-age=60').send(row.credential);
  });

  app.get('/registry.json', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send({ registry: { name: 'State Regents for Higher Education — issuer registry', url: `${deps().config.publicUrl}/registry` }, issuers: await registry() }),
  );

  app.get('/registry', async (req, reply) => {
    const issuers = await registry();
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Issuer registry" wide description="The State Regents and the institutions of the state system that issue verifiable digital badges, with their DIDs and keys.">
        <h1>Issuer registry</h1>
        <p class="usa-intro">
          The State Regents and the institutions of the state system that issue digital badges. A verifier treats an issuer as one of the state’s institutions only if it is listed here. Also available as{' '}
          <a href="/registry.json">JSON</a>.
        </p>
        <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Issuers">
          <table class="usa-table usa-table--borderless width-full">
            <caption class="usa-sr-only">Issuers</caption>
            <thead>
              <tr>
                <th scope="col">Issuer</th>
                <th scope="col">Type</th>
                <th scope="col">DID</th>
                <th scope="col">Keys</th>
              </tr>
            </thead>
            <tbody>
              {issuers.map((i) => (
                <tr key={i.slug}>
                  <th scope="row">{i.website ? <a href={i.website}>{i.name}</a> : i.name}</th>
                  <td>{i.kind === 'regents' ? 'State Regents' : ((INSTITUTION_TYPES as Record<string, string>)[i.type ?? ''] ?? '—')}</td>
                  <td>
                    <a href={i.did_document} class="font-mono-3xs laurel-audit-data">
                      {i.did}
                    </a>
                  </td>
                  <td>
                    {i.keys.map((k) => (
                      <div key={k.id} class="font-mono-3xs laurel-audit-data">
                        {k.id.split('#')[1]} ({k.status}): {k.public_key_multibase}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Page>,
    );
  });
}
