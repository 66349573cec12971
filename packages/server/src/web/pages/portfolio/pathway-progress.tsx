// The portfolio's "Your pathways": for each pathway the earner has started, how far along they are (a
// USWDS step indicator whose text says it: "1 of 2 earned", "9 of 12 credit hours"), what is next with
// links to the program pages, and where the milestone badge stands.
import type { EarnerPathway } from '../../../domain/pathways/list-pathway-progress.ts';

function summary(p: EarnerPathway): string {
  const { progress } = p;
  if (progress.creditHoursRequired !== null) return `${fmt(progress.creditHoursEarned)} of ${fmt(progress.creditHoursRequired)} credit hours`;
  return `${Math.min(progress.earnedCount, progress.requiredCount ?? progress.earnedCount)} of ${progress.requiredCount ?? progress.components.length} earned`;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Segments: one per required component for "all of" / "n of"; one per component (earned or not) for credit hours. */
function segments(p: EarnerPathway): { label: string; done: boolean }[] {
  const { progress } = p;
  if (progress.creditHoursRequired !== null) return progress.components.map((c) => ({ label: `${c.component.name} (${fmt(c.component.creditHours ?? 0)} credit hours)`, done: c.earned }));
  const earned = progress.components.filter((c) => c.earned);
  const need = progress.requiredCount ?? progress.components.length;
  return Array.from({ length: need }, (_, i) => (i < earned.length ? { label: earned[i]!.component.name, done: true } : { label: `Component ${i + 1}`, done: false }));
}

function ProgressIndicator({ p, id }: { p: EarnerPathway; id: string }) {
  const text = summary(p);
  return (
    <div class="usa-step-indicator usa-step-indicator--no-labels margin-bottom-2">
      <ol class="usa-step-indicator__segments" aria-hidden="true">
        {segments(p).map((s, i) => (
          <li class={`usa-step-indicator__segment${s.done ? ' usa-step-indicator__segment--complete' : ''}`} key={i}>
            <span class="usa-step-indicator__segment-label">{s.label}</span>
          </li>
        ))}
      </ol>
      <div class="usa-step-indicator__header">
        <p class="usa-step-indicator__heading margin-0" id={id}>
          <span class="usa-step-indicator__heading-text">
            Progress: {text}
            {p.progress.complete ? ' — complete' : ''}
          </span>
        </p>
      </div>
    </div>
  );
}

function MilestoneState({ p }: { p: EarnerPathway }) {
  const name = p.milestoneBadgeName;
  if (!name) return null;
  const m = p.milestone;
  if (m?.state === 'issued' && m.awardId) {
    return (
      <p class="margin-y-1">
        <span class="usa-tag">Milestone earned</span> <a href={`/badges/${m.awardId}`}>{name}</a>
      </p>
    );
  }
  if (m?.state === 'pending_approval') {
    return (
      <p class="margin-y-1">
        <span class="usa-tag">Awaiting approval</span> The milestone badge “{name}” is waiting for the issuer’s approval.
      </p>
    );
  }
  if (m?.state === 'issuing') return <p class="margin-y-1">The milestone badge “{name}” is being issued.</p>;
  if (m?.state === 'dismissed') return <p class="margin-y-1">The issuer did not award the milestone badge “{name}” for this pathway.</p>;
  return <p class="margin-y-1">Complete the pathway to earn the milestone badge “{name}”.</p>;
}

function PathwayCard({ p }: { p: EarnerPathway }) {
  const id = `pathway-${p.pathway.id}`;
  const next = p.progress.complete ? [] : p.progress.next;
  return (
    <li class="usa-card tablet:grid-col-6">
      <div class="usa-card__container">
        <div class="usa-card__header">
          <h3 class="usa-card__heading">{p.pathway.name}</h3>
        </div>
        <div class="usa-card__body">
          <p class="margin-top-0">Towards: {p.pathway.destination.name}</p>
          <ProgressIndicator p={p} id={`${id}-progress`} />
          <MilestoneState p={p} />
          {next.length ? (
            <>
              <p class="margin-bottom-05 text-bold">What’s next</p>
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

export function PathwayProgressList({ pathways }: { pathways: readonly EarnerPathway[] }) {
  return (
    <section aria-labelledby="your-pathways" class="margin-bottom-4">
      <h2 id="your-pathways">Your pathways</h2>
      {pathways.length === 0 ? (
        <p>You have not started a pathway yet. When you earn a badge that stacks into a pathway, your progress towards it shows here.</p>
      ) : (
        <ul class="usa-card-group">
          {pathways.map((p) => (
            <PathwayCard p={p} key={p.pathway.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
