// The public pathway page (/pathways/{id}), the public list (/pathways), the program page's
// "Pathways" section (these three in the page's language), and the Regents' review queue (English).
import type { PathwayView } from '../../../domain/pathways/views.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { destinationType, PathwayGraph } from '../../components/pathway-graph.tsx';
import type { Translator } from '../../../shared/i18n/translator.ts';
import { Button, Csrf, ErrorSummary, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function PublicPathwayPage({ ctx, v }: { ctx: PageContext; v: PathwayView }) {
  const p = v.pathway;
  const { t, tx } = ctx;
  return (
    <Page ctx={ctx} title={`${p.name} · ${v.owner.name}`} description={p.description.slice(0, 200)} head={<link rel="canonical" href={`${ctx.publicUrl}/pathways/${p.id}`} />}>
      <Breadcrumbs trail={[{ label: t('pathways.title'), href: '/pathways' }, { label: v.owner.name, href: `/institutions/${v.owner.slug}` }]} current={p.name} />
      <h1>{p.name}</h1>
      <p class="usa-intro">{p.description}</p>
      <p>
        {tx('pathways.page.of', { owner: v.owner.name, destination: v.destination.name, type: destinationType(ctx, v.destination.credentialType), a: (c) => <a href={`/institutions/${v.owner.slug}`}>{c}</a> })}
        {p.crossesInstitutions ? t('pathways.page.crosses') : ''}
      </p>
      <section aria-labelledby="graph-heading">
        <h2 id="graph-heading">{t('pathways.page.howItStacks')}</h2>
        <PathwayGraph view={v} headingLevel={3} link={false} i18n={ctx} />
      </section>
      <p class="text-base">{tx('pathways.page.published', { date: p.publishedAt ? ctx.formatDate(p.publishedAt, 'dateTime') : '—', path: `/api/v1/pathways/${p.id}`, a: (c) => <a href={`/api/v1/pathways/${p.id}`}>{c}</a> })}</p>
    </Page>
  );
}

export function PublicPathwayListPage({ ctx, views }: { ctx: PageContext; views: readonly PathwayView[] }) {
  return (
    <Page ctx={ctx} title={ctx.t('pathways.title')}>
      <Breadcrumbs trail={[{ label: ctx.t('inventory.breadcrumb'), href: '/inventory' }]} current={ctx.t('pathways.title')} />
      <h1>{ctx.t('pathways.title')}</h1>
      <p class="usa-intro">{ctx.t('pathways.list.intro')}</p>
      {views.length === 0 ? (
        <p>{ctx.t('pathways.list.none')}</p>
      ) : (
        <ul class="usa-list">
          {views.map((v) => (
            <li key={v.pathway.id}>
              <a href={`/pathways/${v.pathway.id}`}>{v.pathway.name}</a> {ctx.t('pathways.list.item', { owner: v.owner.name, count: v.components.length, destination: v.destination.name })}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

/** On a program's public page: the published pathways it is part of, or leads to. */
export function ProgramPathways({ i18n, programId, views }: { i18n: Translator; programId: string; views: readonly PathwayView[] }) {
  if (views.length === 0) return null;
  return (
    <section aria-labelledby="pathways-heading" class="margin-top-4">
      <h2 id="pathways-heading">{i18n.t('pathways.title')}</h2>
      <p>{views.some((v) => v.destination.programId === programId) ? i18n.t('pathways.program.partOf') : i18n.t('pathways.program.stacksInto')}</p>
      {views.map((v) => (
        <PathwayGraph key={v.pathway.id} view={v} headingLevel={3} current={programId} i18n={i18n} />
      ))}
    </section>
  );
}

function QueueItem({ ctx, v, errors, comment }: { ctx: PageContext; v: PathwayView; errors: Record<string, string>; comment: string }) {
  const p = v.pathway;
  const id = `c-${p.id}`;
  return (
    <article class="margin-top-4 border-top-1px border-base-lighter padding-top-2" aria-labelledby={`q-${p.id}`}>
      <h2 id={`q-${p.id}`}>
        {p.name} <span class="text-normal">— {v.owner.name}</span>
      </h2>
      <p>
        {p.description} Sent {formatDate(p.updatedAt)}.
      </p>
      <PathwayGraph view={v} headingLevel={3} link={false} />
      <form method="post" action={`/pathways/review/${p.id}`} class="usa-form usa-form--large">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="_version" value={String(p.version)} />
        <div class={`usa-form-group${errors.comment ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for={id}>
            Comment for the authors (needed to request changes)
          </label>
          {errors.comment ? (
            <span class="usa-error-message" id={`${id}-error`} role="alert">
              {errors.comment}
            </span>
          ) : null}
          <textarea class="usa-textarea" id={id} name="comment" rows={3} maxLength={5000} aria-describedby={errors.comment ? `${id}-error` : undefined}>
            {comment}
          </textarea>
        </div>
        <p>Accepting publishes the pathway: it shows on its public page and on its programs’ pages.</p>
        <Button name="decision" value="accept">
          Accept <span class="usa-sr-only">{p.name}</span> and publish
        </Button>
        <Button variant="outline" name="decision" value="request_changes">
          Request changes <span class="usa-sr-only">to {p.name}</span>
        </Button>
      </form>
    </article>
  );
}

export function PathwayReviewQueuePage({ ctx, views, failed }: { ctx: PageContext; views: readonly PathwayView[]; failed?: { id: string; errors: Record<string, string>; comment: string } | undefined }) {
  return (
    <Page ctx={ctx} title="Pathway review">
      <Breadcrumbs trail={[{ label: 'Review', href: '/review' }]} current="Pathways" />
      <h1>Pathways waiting for review</h1>
      <p class="usa-intro">Pathways whose components or destination are at more than one institution. Each is public only once accepted.</p>
      {failed ? <ErrorSummary errors={Object.fromEntries(Object.entries(failed.errors).map(([, m]) => [`c-${failed.id}`, m]))} /> : null}
      {views.length === 0 ? <p>No pathways are waiting for review.</p> : views.map((v) => <QueueItem key={v.pathway.id} ctx={ctx} v={v} errors={failed?.id === v.pathway.id ? failed.errors : {}} comment={failed?.id === v.pathway.id ? failed.comment : ''} />)}
    </Page>
  );
}
