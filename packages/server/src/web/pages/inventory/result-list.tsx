// A page of inventory results (the search page, an institution's page): each program with its badge,
// institution, endorsement, key facts, summary and first skills.
import { ENDORSEMENT_LABELS, type InventoryItem } from '../../../domain/inventory/query.ts';
import { CREDENTIAL_TYPES, DELIVERY_MODES, LEVELS } from '../../../domain/programs/form.ts';

export const money = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
export const hours = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} credit hour${n === 1 ? '' : 's'}`;

export function EndorsementTag({ endorsement }: { endorsement: 'endorsed' | 'not_endorsed' }) {
  return <span class={`usa-tag laurel-endorsement laurel-endorsement--${endorsement}`}>{ENDORSEMENT_LABELS[endorsement]}</span>;
}

function itemFacts(i: InventoryItem): string[] {
  return [
    i.credentialType ? CREDENTIAL_TYPES[i.credentialType as keyof typeof CREDENTIAL_TYPES] : null,
    i.level ? LEVELS[i.level as keyof typeof LEVELS] : null,
    i.deliveryMode ? DELIVERY_MODES[i.deliveryMode as keyof typeof DELIVERY_MODES] : null,
    i.creditBearing ? hours(i.creditHours) : 'Non-credit',
    i.costFree ? 'Free' : i.costAmount ? money(i.costAmount) : 'Paid',
  ].filter((x): x is string => Boolean(x));
}

/** With an `id`, the list is a skip link's target (focusable by script only, so Tab then reaches the first result). */
export function ResultList({ items, showInstitution = true, id }: { items: readonly InventoryItem[]; showInstitution?: boolean; id?: string }) {
  return (
    <ul class="usa-list usa-list--unstyled laurel-results" id={id} tabindex={id ? -1 : undefined} aria-label={id ? 'Results' : undefined}>
      {items.map((i) => (
        <li class="laurel-result" key={i.programId}>
          <img class="laurel-result__badge" src={`/programs/${i.programId}/badge`} alt="" width={72} height={72} loading="lazy" />
          <div class="laurel-result__body">
            <h3 class="laurel-result__title">
              <a href={`/programs/${i.programId}`}>{i.title}</a>
            </h3>
            <p class="laurel-result__meta">
              {showInstitution ? (
                <>
                  <a href={`/institutions/${i.institutionSlug}`}>{i.institutionName}</a>
                  {' · '}
                </>
              ) : null}
              <EndorsementTag endorsement={i.endorsement} />
            </p>
            <p class="laurel-result__facts">{itemFacts(i).join(' · ')}</p>
            <p class="laurel-result__summary">{i.summary}</p>
            {i.skills.length ? (
              <p class="laurel-result__skills">
                <span class="usa-sr-only">Skills: </span>
                {i.skills.slice(0, 6).map((s) => (
                  <span class="laurel-skill" key={s}>
                    {s}
                  </span>
                ))}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
