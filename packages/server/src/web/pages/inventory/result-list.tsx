// A page of inventory results (the search page, an institution's page): each program with its badge,
// institution, endorsement, key facts, summary and first skills.
import type { InventoryItem } from '../../../domain/inventory/query.ts';
import { msgKey, type Translator } from '../../../shared/i18n/translator.ts';
import { valueLabel } from './value-labels.ts';

export const ENDORSEMENT_KEYS = { endorsed: msgKey('inventory.endorsement.endorsed'), not_endorsed: msgKey('inventory.endorsement.not_endorsed') } as const;

export const money = (t: Translator, n: number) => t.formatNumber(n, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
export const hours = (t: Translator, n: number) => t.t('inventory.fact.creditHours', { hours: Number.isInteger(n) ? n : Math.round(n * 10) / 10 });

export function EndorsementTag({ t, endorsement }: { t: Translator; endorsement: 'endorsed' | 'not_endorsed' }) {
  return <span class={`usa-tag laurel-endorsement laurel-endorsement--${endorsement}`}>{t.t(ENDORSEMENT_KEYS[endorsement])}</span>;
}

function itemFacts(t: Translator, i: InventoryItem): string[] {
  return [
    i.credentialType ? valueLabel(t, 'credential_type', i.credentialType, i.credentialType) : null,
    i.level ? valueLabel(t, 'level', i.level, i.level) : null,
    i.deliveryMode ? valueLabel(t, 'delivery_mode', i.deliveryMode, i.deliveryMode) : null,
    i.creditBearing ? hours(t, i.creditHours) : t.t('inventory.fact.nonCredit'),
    i.costFree ? t.t('inventory.fact.free') : i.costAmount ? money(t, i.costAmount) : t.t('inventory.fact.paid'),
  ].filter((x): x is string => Boolean(x));
}

/** With an `id`, the list is a skip link's target (focusable by script only, so Tab then reaches the first result). */
export function ResultList({ t, items, showInstitution = true, id }: { t: Translator; items: readonly InventoryItem[]; showInstitution?: boolean; id?: string }) {
  return (
    <ul class="usa-list usa-list--unstyled laurel-results" id={id} tabindex={id ? -1 : undefined} aria-label={id ? t.t('inventory.results.list') : undefined}>
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
              <EndorsementTag t={t} endorsement={i.endorsement} />
            </p>
            <p class="laurel-result__facts">{itemFacts(t, i).join(' · ')}</p>
            <p class="laurel-result__summary">{i.summary}</p>
            {i.skills.length ? (
              <p class="laurel-result__skills">
                <span class="usa-sr-only">{t.t('inventory.results.skills')}</span>
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
