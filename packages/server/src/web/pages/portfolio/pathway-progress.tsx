// The portfolio's "Your pathways": for each pathway the earner has started, how far along they are (a
// USWDS step indicator whose text says it: "1 of 2 earned", "9 of 12 credit hours"), what is next with
// links to the program pages, and where the milestone badge stands. In the page's language.
import type { EarnerPathway } from '../../../domain/pathways/list-pathway-progress.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';

const fmt = (i18n: Translator, n: number) => i18n.formatNumber(n, { maximumFractionDigits: 1 });

function summary(i18n: Translator, p: EarnerPathway): string {
  const { progress } = p;
  if (progress.creditHoursRequired !== null) return i18n.t('pathways.progress.creditHours', { earned: fmt(i18n, progress.creditHoursEarned), required: fmt(i18n, progress.creditHoursRequired) });
  return i18n.t('pathways.progress.earned', { earned: fmt(i18n, Math.min(progress.earnedCount, progress.requiredCount ?? progress.earnedCount)), required: fmt(i18n, progress.requiredCount ?? progress.components.length) });
}

/** Segments: one per required component for "all of" / "n of"; one per component (earned or not) for credit hours. */
function segments(i18n: Translator, p: EarnerPathway): { label: string; done: boolean }[] {
  const { progress } = p;
  if (progress.creditHoursRequired !== null) return progress.components.map((c) => ({ label: i18n.t('pathways.progress.segmentHours', { name: c.component.name, hours: fmt(i18n, c.component.creditHours ?? 0) }), done: c.earned }));
  const earned = progress.components.filter((c) => c.earned);
  const need = progress.requiredCount ?? progress.components.length;
  return Array.from({ length: need }, (_, i) => (i < earned.length ? { label: earned[i]!.component.name, done: true } : { label: i18n.t('pathways.progress.segment', { n: fmt(i18n, i + 1) }), done: false }));
}

function ProgressIndicator({ i18n, p, id }: { i18n: Translator; p: EarnerPathway; id: string }) {
  return (
    <div class="usa-step-indicator usa-step-indicator--no-labels margin-bottom-2">
      <ol class="usa-step-indicator__segments" aria-hidden="true">
        {segments(i18n, p).map((s, i) => (
          <li class={`usa-step-indicator__segment${s.done ? ' usa-step-indicator__segment--complete' : ''}`} key={i}>
            <span class="usa-step-indicator__segment-label">{s.label}</span>
          </li>
        ))}
      </ol>
      <div class="usa-step-indicator__header">
        <p class="usa-step-indicator__heading margin-0" id={id}>
          <span class="usa-step-indicator__heading-text">{i18n.t('pathways.progress.label', { text: summary(i18n, p), complete: p.progress.complete ? 'yes' : 'no' })}</span>
        </p>
      </div>
    </div>
  );
}

function MilestoneState({ i18n, p }: { i18n: Translator; p: EarnerPathway }) {
  const { t } = i18n;
  const name = p.milestoneBadgeName;
  if (!name) return null;
  const m = p.milestone;
  if (m?.state === 'issued' && m.awardId) {
    return (
      <p class="margin-y-1">
        <span class="usa-tag">{t('pathways.milestone.earned')}</span> <a href={`/badges/${m.awardId}`}>{name}</a>
      </p>
    );
  }
  if (m?.state === 'pending_approval') {
    return (
      <p class="margin-y-1">
        <span class="usa-tag">{t('pathways.milestone.awaiting')}</span> {t('pathways.milestone.awaitingText', { name })}
      </p>
    );
  }
  if (m?.state === 'issuing') return <p class="margin-y-1">{t('pathways.milestone.issuing', { name })}</p>;
  if (m?.state === 'dismissed') return <p class="margin-y-1">{t('pathways.milestone.dismissed', { name })}</p>;
  return <p class="margin-y-1">{t('pathways.milestone.toEarn', { name })}</p>;
}

function PathwayCard({ i18n, p }: { i18n: Translator; p: EarnerPathway }) {
  const id = `pathway-${p.pathway.id}`;
  const next = p.progress.complete ? [] : p.progress.next;
  return (
    <li class="usa-card tablet:grid-col-6">
      <div class="usa-card__container">
        <div class="usa-card__header">
          <h3 class="usa-card__heading">{p.pathway.name}</h3>
        </div>
        <div class="usa-card__body">
          <p class="margin-top-0">{i18n.t('pathways.progress.towards', { name: p.pathway.destination.name })}</p>
          <ProgressIndicator i18n={i18n} p={p} id={`${id}-progress`} />
          <MilestoneState i18n={i18n} p={p} />
          {next.length ? (
            <>
              <p class="margin-bottom-05 text-bold">{i18n.t('pathways.progress.next')}</p>
              <ul class="usa-list margin-top-0">
                {next.map((c) => (
                  <li key={c.position}>
                    {c.component.programId ? <a href={`/programs/${c.component.programId}`}>{c.component.name}</a> : c.component.url ? <a href={c.component.url}>{c.component.name}</a> : c.component.name}
                    {c.component.programId && p.institutions.get(c.component.programId) ? ` — ${p.institutions.get(c.component.programId)}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function PathwayProgressList({ i18n, pathways }: { i18n: Translator; pathways: readonly EarnerPathway[] }) {
  return (
    <section aria-labelledby="your-pathways" class="margin-bottom-4">
      <h2 id="your-pathways">{i18n.t('pathways.progress.heading')}</h2>
      {pathways.length === 0 ? (
        <p>{i18n.t('pathways.progress.none')}</p>
      ) : (
        <ul class="usa-card-group">
          {pathways.map((p) => (
            <PathwayCard i18n={i18n} p={p} key={p.pathway.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
