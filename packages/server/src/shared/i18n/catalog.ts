// The message catalogs: one JSON file per area and language, the same keys in each language (checked
// by i18n-catalogs.test.ts with the ICU placeholders of every message). English is the reference: its
// keys are the MessageKey type, so t() with a key that does not exist does not compile, and a Spanish
// catalog missing a key does not compile either (Record<MessageKey, string>).
import enAuth from './messages/en/auth.json' with { type: 'json' };
import enBadge from './messages/en/badge.json' with { type: 'json' };
import enClaim from './messages/en/claim.json' with { type: 'json' };
import enCommon from './messages/en/common.json' with { type: 'json' };
import enEmail from './messages/en/email.json' with { type: 'json' };
import enForms from './messages/en/forms.json' with { type: 'json' };
import enInventory from './messages/en/inventory.json' with { type: 'json' };
import enLayout from './messages/en/layout.json' with { type: 'json' };
import enLegal from './messages/en/legal.json' with { type: 'json' };
import enPathways from './messages/en/pathways.json' with { type: 'json' };
import enPortfolio from './messages/en/portfolio.json' with { type: 'json' };
import enVerify from './messages/en/verify.json' with { type: 'json' };
import esAuth from './messages/es/auth.json' with { type: 'json' };
import esBadge from './messages/es/badge.json' with { type: 'json' };
import esClaim from './messages/es/claim.json' with { type: 'json' };
import esCommon from './messages/es/common.json' with { type: 'json' };
import esEmail from './messages/es/email.json' with { type: 'json' };
import esForms from './messages/es/forms.json' with { type: 'json' };
import esInventory from './messages/es/inventory.json' with { type: 'json' };
import esLayout from './messages/es/layout.json' with { type: 'json' };
import esLegal from './messages/es/legal.json' with { type: 'json' };
import esPathways from './messages/es/pathways.json' with { type: 'json' };
import esPortfolio from './messages/es/portfolio.json' with { type: 'json' };
import esVerify from './messages/es/verify.json' with { type: 'json' };
import type { Locale } from './locales.ts';

const en = { ...enCommon, ...enLayout, ...enLegal, ...enInventory, ...enBadge, ...enVerify, ...enClaim, ...enPortfolio, ...enPathways, ...enAuth, ...enEmail, ...enForms };

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = { ...esCommon, ...esLayout, ...esLegal, ...esInventory, ...esBadge, ...esVerify, ...esClaim, ...esPortfolio, ...esPathways, ...esAuth, ...esEmail, ...esForms };

export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = Object.freeze({ en: Object.freeze(en), es: Object.freeze(es) });
