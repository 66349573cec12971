// The labels of the facets' fixed values (the domain's FACET_VALUE_LABELS) in the page's language;
// a value without a key (an institution, a skill: data) keeps the label it came with.
import type { FacetName } from '../../../domain/inventory/query.ts';
import { msgKey, type MessageKey, type Translator } from '../../../shared/i18n/translator.ts';

const KEYS: Partial<Record<FacetName, Record<string, MessageKey>>> = {
  endorsement: { 'endorsed': msgKey('inventory.value.endorsement.endorsed'), 'not_endorsed': msgKey('inventory.value.endorsement.not_endorsed') },
  credential_type: { 'micro_credential': msgKey('inventory.value.credential_type.micro_credential'), 'certificate': msgKey('inventory.value.credential_type.certificate'), 'degree': msgKey('inventory.value.credential_type.degree'), 'other': msgKey('inventory.value.credential_type.other') },
  credit: { 'credit': msgKey('inventory.value.credit.credit'), 'non_credit': msgKey('inventory.value.credit.non_credit') },
  focus_area: { 'innovation_leadership': msgKey('inventory.value.focus_area.innovation_leadership'), 'global_competency': msgKey('inventory.value.focus_area.global_competency'), 'career_preparation': msgKey('inventory.value.focus_area.career_preparation'), 'workforce_need': msgKey('inventory.value.focus_area.workforce_need') },
  level: { 'foundational': msgKey('inventory.value.level.foundational'), 'intermediate': msgKey('inventory.value.level.intermediate'), 'advanced': msgKey('inventory.value.level.advanced') },
  delivery_mode: { 'online': msgKey('inventory.value.delivery_mode.online'), 'hybrid': msgKey('inventory.value.delivery_mode.hybrid'), 'in_person': msgKey('inventory.value.delivery_mode.in_person') },
  cost: { 'free': msgKey('inventory.value.cost.free'), 'paid': msgKey('inventory.value.cost.paid') },
  has_badge: { 'yes': msgKey('inventory.value.has_badge.yes'), 'no': msgKey('inventory.value.has_badge.no') },
  credit_hours: { '0': msgKey('inventory.value.credit_hours.0'), '1-3': msgKey('inventory.value.credit_hours.1-3'), '4-6': msgKey('inventory.value.credit_hours.4-6'), '7-9': msgKey('inventory.value.credit_hours.7-9'), '10+': msgKey('inventory.value.credit_hours.10+') },
};

export function valueLabel(t: Translator, facet: FacetName, value: string, fallback: string): string {
  const key = KEYS[facet]?.[value];
  return key ? t.t(key) : fallback;
}
