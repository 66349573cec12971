// The earner's pages: the claim link (no account needed to look), the portfolio of every badge sent to
// any of their verified addresses, privacy, extra addresses, export and import, and the public profile.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startSession } from '../../domain/accounts/sessions.ts';
import { DomainError } from '../../domain/errors.ts';
import { AWARD_STATUS_LABELS } from '../../domain/issuance/manage-awards.ts';
import { exportPortfolioZip, importExternalBadge } from '../../domain/portfolio/import-export.ts';
import {
  acceptAward,
  acceptClaim,
  addEarnerEmail,
  createAccountFromClaim,
  declineAward,
  declineClaim,
  listPortfolio,
  listPublicProfile,
  removeEarnerEmail,
  setAwardVisibility,
  verifyEarnerEmail,
  viewClaim,
  type BadgeView,
} from '../../domain/portfolio/portfolio.ts';
import { requireUser, setSessionCookie } from '../../kit/auth.ts';
import { repos } from '../../storage/repositories/index.ts';
import { Alert, Button, Csrf, ErrorSummary, TextArea, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, formBody, formErrors } from './forms.ts';

function day(iso: string | null, timeZone: string): string {
  return iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone }) : '—';
}

function BadgeSummary({ v, timeZone, headingLevel }: { v: BadgeView; timeZone: string; headingLevel: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="grid-row grid-gap">
      <div class="grid-col-auto">
        <img src={`/programs/${v.programId}/badge.png`} alt="" width={96} height={96} />
      </div>
      <div class="grid-col">
        <H class="margin-top-0">{v.badgeClass.name}</H>
        <p class="margin-y-05">{v.organization.name}</p>
        <p class="margin-y-05">
          <span class={`usa-tag laurel-status-${v.status}`}>{AWARD_STATUS_LABELS[v.status]}</span> {v.endorsed ? <span class="usa-tag laurel-tag-endorsed">Endorsed by State Regents</span> : null}
        </p>
        <p class="margin-y-05 text-base-dark">
          Issued {day(v.award.issuedAt, timeZone)} · {v.award.expiresAt ? `Expires ${day(v.award.expiresAt, timeZone)}` : 'Does not expire'}
        </p>
      </div>
    </div>
  );
}

function ClaimPage({ ctx, v, token, timeZone, errors, message, name }: { ctx: PageContext; v: BadgeView; token: string; timeZone: string; errors?: Record<string, string>; message?: string | undefined; name?: string }) {
  const a = v.award;
  const open = !a.revokedAt;
  return (
    <Page ctx={ctx} title={`Your badge: ${v.badgeClass.name}`}>
      <h1>{a.claimState === 'accepted' ? 'Your badge' : 'You have earned a badge'}</h1>
      <div class="usa-card__container padding-3 margin-bottom-3">
        <BadgeSummary v={v} timeZone={timeZone} headingLevel={2} />
        <p>{v.badgeClass.description}</p>
        <p>
          Issued to <strong>{a.recipientName}</strong> ({a.recipientEmail}).
        </p>
      </div>
      <ErrorSummary errors={errors ?? {}} message={message} />
      {!open ? (
        <Alert kind="warning">This badge was revoked by its issuer: {a.revocationReason}</Alert>
      ) : a.claimState === 'accepted' ? (
        <p>
          This badge is in a portfolio. {ctx.actor ? <a href="/portfolio">Go to your portfolio</a> : <a href={`/sign-in?next=${encodeURIComponent('/portfolio')}`}>Sign in to see it</a>}.
        </p>
      ) : ctx.actor ? (
        <div class="laurel-actions">
          <form method="post" action={`/claim/${token}/accept`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button>Accept</Button>
          </form>
          <form method="post" action={`/claim/${token}/decline`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button variant="outline">Decline</Button>
          </form>
        </div>
      ) : (
        <>
          <h2>Accept this badge</h2>
          <p>To keep, share and download your badge, accept it into a free Laurel portfolio.</p>
          <p>
            <a class="usa-button usa-button--outline" href={`/sign-in?next=${encodeURIComponent(`/claim/${token}`)}`}>
              I have an account: sign in
            </a>
          </p>
          <form class="usa-form" method="post" action={`/claim/${token}/account`} novalidate>
            <Csrf token={ctx.csrf} />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend usa-legend--large">Create an account and accept</legend>
              <p class="usa-hint">Your email address {a.recipientEmail} is confirmed by this link.</p>
              <TextInput name="name" label="Your name" value={name ?? a.recipientName} error={errors?.name} autocomplete="name" required />
              <TextInput name="password" label="Choose a password" type="password" hint="At least 10 characters." error={errors?.password ?? errors?.email} autocomplete="new-password" required />
              <Button>Create account and accept</Button>
            </fieldset>
          </form>
          <h2>Not for you?</h2>
          <form method="post" action={`/claim/${token}/decline`}>
            <Csrf token={ctx.csrf} />
            <Button variant="outline">Decline this badge</Button>
          </form>
        </>
      )}
    </Page>
  );
}

function PortfolioPage({ ctx, badges, external, timeZone, emails }: { ctx: PageContext; badges: BadgeView[]; external: Awaited<ReturnType<ReturnType<typeof repos>['externalBadges']['forUser']>>; timeZone: string; emails: number }) {
  return (
    <Page ctx={ctx} title="Portfolio" wide>
      <h1>Your portfolio</h1>
      <p class="usa-intro">
        {badges.length === 0 ? 'No badges yet.' : `${badges.length} badge${badges.length === 1 ? '' : 's'} from every institution that issued to your addresses.`} Badges are private until you make them public.
      </p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button usa-button--outline" href={`/profiles/${ctx.actor!.userId}`}>
          Your public profile
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/export.zip">
          Export all (zip)
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/import">
          Import a badge
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/emails">
          Your email addresses ({emails})
        </a>
      </div>
      <ul class="usa-card-group">
        {badges.map((v) => (
          <li class="usa-card tablet:grid-col-6" key={v.award.id}>
            <div class="usa-card__container">
              <div class="usa-card__body padding-top-2">
                <BadgeSummary v={v} timeZone={timeZone} headingLevel={2} />
              </div>
              <div class="usa-card__footer laurel-actions">
                <a class="usa-button usa-button--unstyled" href={`/badges/${v.award.id}`} aria-label={`Open ${v.badgeClass.name}`}>
                  Open, share and download
                </a>
                {v.award.claimState !== 'accepted' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/accept`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button" type="submit" aria-label={`Accept ${v.badgeClass.name}`}>
                      Accept
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'pending' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/decline`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={`Decline ${v.badgeClass.name}`}>
                      Decline
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'accepted' && !v.award.revokedAt && !v.award.suspendedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/visibility`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <input type="hidden" name="visibility" value={v.award.visibility === 'public' ? 'private' : 'public'} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={`${v.award.visibility === 'public' ? 'Make private' : 'Make public'}: ${v.badgeClass.name}`}>
                      {v.award.visibility === 'public' ? 'Make private' : 'Make public'}
                    </button>
                  </form>
                ) : null}
                <span class="usa-tag">{v.award.visibility === 'public' ? 'Public' : 'Private'}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {external.length ? (
        <>
          <h2>Imported from other issuers</h2>
          <ul class="usa-list">
            {external.map((e) => (
              <li key={e.id}>
                <strong>{e.name}</strong> from {e.issuerName} (Open Badges {e.version}, external) — {e.outcome === 'verified' ? 'verified' : 'some checks could not be completed'}, imported {day(e.createdAt, timeZone)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

export function registerPortfolioPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const tz = () => app.laurel.config.timeZone;

  const claimPage = async (req: FastifyRequest, reply: FastifyReply, token: string, over: { errors?: Record<string, string>; message?: string; name?: string; status?: number } = {}) => {
    const v = await viewClaim(deps(), token);
    return sendPage(reply, <ClaimPage ctx={pageContext(req, reply)} v={v} token={token} timeZone={tz()} errors={over.errors} message={over.message} {...(over.name !== undefined ? { name: over.name } : {})} />, over.status ?? 200);
  };

  app.get('/claim/:token', async (req, reply) => claimPage(req, reply, (req.params as { token: string }).token));

  app.post('/claim/:token/accept', async (req, reply) => {
    const { token } = req.params as { token: string };
    if (!req.actor) return reply.redirect(`/sign-in?next=${encodeURIComponent(`/claim/${token}`)}`, 303);
    const actor = requireUser(req);
    const award = await acceptClaim(deps(), actor, token);
    return redirectWithFlash(reply, `/portfolio#badge-${award.id}`, { kind: 'success', message: 'Badge accepted into your portfolio. It is private until you make it public.' });
  });

  app.post('/claim/:token/decline', async (req, reply) => {
    const { token } = req.params as { token: string };
    await declineClaim(deps(), req.actor, token);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Badge declined">
        <h1>Badge declined</h1>
        <p>The badge will not appear in any portfolio. If you change your mind, open the link from the email again and accept it.</p>
      </Page>,
    );
  });

  app.post('/claim/:token/account', async (req, reply) => {
    const { token } = req.params as { token: string };
    const b = formBody(req);
    try {
      const { userId } = await createAccountFromClaim(deps(), { token, name: field(b, 'name'), password: field(b, 'password') });
      const s = await startSession(deps(), { userId, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(app, reply, s.token);
      return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: 'Your account is ready and the badge is in your portfolio.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return claimPage(req, reply, token, { errors: fields, message, name: field(b, 'name'), status: err instanceof DomainError && err.code === 'duplicate_email' ? 409 : 422 });
    }
  });

  app.get('/portfolio', async (req, reply) => {
    const actor = requireUser(req);
    const [badges, external, emails] = await Promise.all([listPortfolio(deps(), actor), repos(deps().db).externalBadges.forUser(actor.userId), repos(deps().db).earnerEmails.forUser(actor.userId)]);
    return sendPage(reply, <PortfolioPage ctx={pageContext(req, reply)} badges={badges} external={external} timeZone={tz()} emails={1 + emails.filter((e) => e.verifiedAt).length} />);
  });

  for (const action of ['accept', 'decline', 'visibility'] as const) {
    app.post(`/portfolio/:id/${action}`, async (req, reply) => {
      const actor = requireUser(req);
      const { id } = req.params as { id: string };
      if (action === 'accept') await acceptAward(deps(), actor, id);
      else if (action === 'decline') await declineAward(deps(), actor, id);
      else await setAwardVisibility(deps(), actor, { awardId: id, visibility: field(formBody(req), 'visibility') });
      const message = action === 'accept' ? 'Badge accepted.' : action === 'decline' ? 'Badge declined.' : field(formBody(req), 'visibility') === 'public' ? 'The badge is public: anyone with its link can see and verify it.' : 'The badge is private.';
      return redirectWithFlash(reply, '/portfolio', { kind: 'success', message });
    });
  }

  app.get('/portfolio/export.zip', async (req, reply) => {
    const actor = requireUser(req);
    const zip = await exportPortfolioZip(deps(), actor);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="laurel-badges.zip"').type('application/zip').send(zip);
  });

  const importPage = (req: FastifyRequest, reply: FastifyReply, over: { errors?: Record<string, string>; message?: string; status?: number } = {}) => {
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Import a badge">
        <h1>Import a badge from another issuer</h1>
        <p class="usa-intro">Upload an Open Badge (2.0 or 3.0) — a baked PNG or SVG image, a JSON file or a VC-JWT — or paste it, or paste a link to it. It is verified first; a badge that fails a check is not imported.</p>
        <ErrorSummary errors={over.errors ?? {}} message={over.message} />
        <form class="usa-form usa-form--large" method="post" action={`/portfolio/import?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
          <div class={`usa-form-group${over.errors?.file ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for="file">
              Badge file (PNG, SVG, JSON or JWT, at most 5 MB)
            </label>
            {over.errors?.file ? (
              <span class="usa-error-message" id="file-error" role="alert">
                {over.errors.file}
              </span>
            ) : null}
            <input class="usa-file-input" id="file" name="file" type="file" aria-describedby={over.errors?.file ? 'file-error' : undefined} />
          </div>
          <TextArea name="text" label="Or paste the badge’s link, JSON or JWT" error={over.errors?.text} rows={6} />
          <Button>Verify and import</Button>
        </form>
      </Page>,
      over.status ?? 200,
    );
  };
  app.get('/portfolio/import', async (req, reply) => {
    requireUser(req);
    return importPage(req, reply);
  });
  app.post('/portfolio/import', async (req, reply) => {
    const actor = requireUser(req);
    let bytes: Buffer | undefined;
    let text = '';
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.filename && data.length) bytes = data;
        } else if (part.fieldname === 'text') text = String(part.value);
      }
    } else text = field(formBody(req), 'text');
    try {
      const e = await importExternalBadge(deps(), actor, { ...(bytes ? { bytes } : {}), text });
      return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: `Imported “${e.name}” from ${e.issuerName}${e.outcome === 'verified' ? ', verified' : '; some checks could not be completed, so it is marked as such'}.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return importPage(req, reply, { errors: Object.keys(fields).length ? fields : { file: message }, message, status: 422 });
    }
  });

  const emailsPage = async (req: FastifyRequest, reply: FastifyReply, over: { errors?: Record<string, string>; email?: string; status?: number } = {}) => {
    const actor = requireUser(req);
    const ctx = pageContext(req, reply);
    const list = await repos(deps().db).earnerEmails.forUser(actor.userId);
    return sendPage(
      reply,
      <Page ctx={ctx} title="Your email addresses">
        <h1>Your email addresses</h1>
        <p class="usa-intro">Badges sent to any of your confirmed addresses land in your portfolio.</p>
        <ul class="usa-list">
          <li>
            <strong>{actor.email}</strong> (your sign-in address)
          </li>
          {list.map((e) => (
            <li key={e.id}>
              <strong>{e.email}</strong> {e.verifiedAt ? '(confirmed)' : '(waiting for confirmation: check that mailbox)'}{' '}
              <form method="post" action={`/portfolio/emails/${e.id}/remove`} class="display-inline">
                <Csrf token={ctx.csrf} />
                <button class="usa-button usa-button--unstyled" type="submit" aria-label={`Remove ${e.email}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
        <ErrorSummary errors={over.errors ?? {}} />
        <form class="usa-form" method="post" action="/portfolio/emails" novalidate>
          <Csrf token={ctx.csrf} />
          <TextInput name="email" label="Add an email address" type="email" value={over.email} error={over.errors?.email} autocomplete="email" hint="We send a confirmation link to it." />
          <Button>Send confirmation link</Button>
        </form>
      </Page>,
      over.status ?? 200,
    );
  };
  app.get('/portfolio/emails', async (req, reply) => emailsPage(req, reply));
  app.post('/portfolio/emails', async (req, reply) => {
    const actor = requireUser(req);
    const email = field(formBody(req), 'email');
    try {
      await addEarnerEmail(deps(), actor, email);
      return redirectWithFlash(reply, '/portfolio/emails', { kind: 'success', message: `We sent a confirmation link to ${email.trim()}.` });
    } catch (err) {
      const { fields } = formErrors(err);
      return emailsPage(req, reply, { errors: fields, email, status: 422 });
    }
  });
  app.post('/portfolio/emails/:id/remove', async (req, reply) => {
    const actor = requireUser(req);
    await removeEarnerEmail(deps(), actor, (req.params as { id: string }).id);
    return redirectWithFlash(reply, '/portfolio/emails', { kind: 'success', message: 'Address removed.' });
  });
  app.get('/portfolio/emails/verify/:token', async (req, reply) => {
    const { email } = await verifyEarnerEmail(deps(), (req.params as { token: string }).token);
    return redirectWithFlash(reply, req.actor ? '/portfolio' : '/sign-in', { kind: 'success', message: `${email} is confirmed: badges sent to it appear in your portfolio.` });
  });

  app.get('/profiles/:id', async (req, reply) => {
    const { name, badges } = await listPublicProfile(deps(), (req.params as { id: string }).id);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      <Page ctx={ctx} title={`${name}’s badges`} description={`Public digital badges of ${name}.`}>
        <h1>{name}’s badges</h1>
        {badges.length === 0 ? <p>No public badges.</p> : null}
        <ul class="usa-list usa-list--unstyled">
          {badges.map((v) => (
            <li key={v.award.id} class="margin-bottom-3">
              <a href={`/badges/${v.award.id}`}>
                <BadgeSummary v={v} timeZone={tz()} headingLevel={2} />
              </a>
            </li>
          ))}
        </ul>
      </Page>,
    );
  });
}
