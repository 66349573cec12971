// A listed program's public page: its badge, endorsement, details and facts, with the link-preview
// metadata (og:image is the 1200×630 card of inventory-images.ts) and schema.org JSON-LD for crawlers.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { CREDENTIAL_TYPES, LEVELS } from '../../../domain/programs/form.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ProgramDetails } from './program-details.tsx';
import { ProgramFacts } from './program-facts.tsx';
import { ENDORSEMENT_KEYS } from './result-list.tsx';
import type { Translator } from '../../../shared/i18n/translator.ts';
import type { PathwayView } from '../../../domain/pathways/views.ts';
import { ProgramPathways } from '../pathways/public-pages.tsx';

function programJsonLd(v: ProgramView, url: string, imageUrl: string): string {
  const f = v.form;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'EducationalOccupationalCredential',
    '@id': url,
    url,
    name: f.title,
    description: f.narrative,
    image: imageUrl,
    credentialCategory: f.credential_type ? CREDENTIAL_TYPES[f.credential_type] : 'Micro-credential',
    educationalLevel: f.level ? LEVELS[f.level] : undefined,
    competencyRequired: f.skills,
    keywords: f.skills.join(', '),
    recognizedBy: v.program.endorsement === 'endorsed' ? { '@type': 'Organization', name: 'State Regents for Higher Education' } : undefined,
    offers: { '@type': 'Offer', price: f.cost.free ? 0 : (f.cost.amount ?? undefined), priceCurrency: 'USD', category: f.cost.free ? 'Free' : 'Paid' },
    provider: { '@type': 'CollegeOrUniversity', name: v.organization.name, url: v.organization.website ?? undefined },
    sameAs: f.program_url || undefined,
    timeRequired: f.duration || undefined,
  };
  // A data block, not script: CSP does not apply, but "</" must not close the element early.
  return JSON.stringify(ld).replace(/</g, '\\u003c');
}

export function ProgramPage({ ctx, v, pathways = [] }: { ctx: PageContext; v: ProgramView; pathways?: readonly PathwayView[] }) {
  const f = v.form;
  const url = `${ctx.publicUrl}/programs/${v.program.id}`;
  const og = `${url}/og.png`;
  const endorsed = v.program.endorsement === 'endorsed';
  const label = ctx.t(ENDORSEMENT_KEYS[endorsed ? 'endorsed' : 'not_endorsed']);
  const description = f.narrative.length > 200 ? `${f.narrative.slice(0, 197)}…` : f.narrative;
  return (
    <Page
      ctx={ctx}
      title={`${f.title} · ${v.organization.name}`}
      description={description}
      head={
        <>
          <link rel="canonical" href={url} />
          <link rel="alternate" type="application/ld+json" href={`${url}.ctdl.json`} title={ctx.t('inventory.program.ctdl')} />
          <meta property="og:type" content="website" />
          <meta property="og:site_name" content="Laurel" />
          <meta property="og:title" content={`${f.title} · ${v.organization.name}`} />
          <meta property="og:description" content={`${label}. ${description}`} />
          <meta property="og:url" content={url} />
          <meta property="og:image" content={og} />
          <meta property="og:image:type" content="image/png" />
          <meta property="og:image:width" content="1200" />
          <meta property="og:image:height" content="630" />
          <meta property="og:image:alt" content={`${f.title}, ${v.organization.name}: ${label}`} />
          <meta name="twitter:card" content="summary_large_image" />
          <meta name="twitter:title" content={f.title} />
          <meta name="twitter:description" content={description} />
          <meta name="twitter:image" content={og} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: programJsonLd(v, url, `${url}/badge.png`) }} />
        </>
      }
    >
      <Breadcrumbs trail={[{ label: ctx.t('inventory.breadcrumb'), href: '/inventory' }, { label: v.organization.name, href: `/institutions/${v.organization.slug}` }]} current={f.title} />
      <ProgramHead i18n={ctx} v={v} />
      <div class="grid-row grid-gap-lg">
        <ProgramDetails i18n={ctx} v={v} />
        <ProgramFacts i18n={ctx} v={v} />
      </div>
      <ProgramPathways i18n={ctx} programId={v.program.id} views={pathways} />
    </Page>
  );
}

function ProgramHead({ i18n, v }: { i18n: Translator; v: ProgramView }) {
  const { t } = i18n;
  const f = v.form;
  const endorsed = v.program.endorsement === 'endorsed';
  const alt = v.badgeClass?.imageAlt || t('inventory.program.badgeAlt', { title: f.title, org: v.organization.name });
  return (
    <div class="laurel-program-head">
      <img class="laurel-program-head__badge" src={`/programs/${v.program.id}/badge`} alt={alt} width={160} height={160} />
      <div>
        <h1 class="margin-y-1">{f.title}</h1>
        <p class="laurel-program-head__org">
          <a href={`/institutions/${v.organization.slug}`}>{v.organization.name}</a>
          {f.department ? <> · {f.department}</> : null}
        </p>
        <p class={`laurel-endorsement-banner laurel-endorsement-banner--${endorsed ? 'endorsed' : 'not_endorsed'}`}>
          <strong>{t(ENDORSEMENT_KEYS[endorsed ? 'endorsed' : 'not_endorsed'])}</strong>
          <span>
            {endorsed ? t('inventory.program.endorsedNote') : t('inventory.program.notEndorsedNote')}
          </span>
        </p>
      </div>
    </div>
  );
}
