// The migration set, in order. Listed statically (not read from the file system) so it works the same
// under tsx, vitest and any bundler.
import type { Migration } from 'kysely';
import * as m0001 from './20261128_0001_foundation.ts';
import * as m0002 from './20261128_0002_keys.ts';
import * as m0003 from './20261128_0003_programs.ts';
import * as m0004 from './20261128_0004_inventory.ts';
import * as m0005 from './20261128_0005_issuance.ts';
import * as m0006 from './20261128_0006_endorsements.ts';
import * as m0007 from './20261128_0007_inventory_search.ts';
import * as m0008 from './20261128_0008_claim_links_status_batches.ts';
import * as m0009 from './20261201_0009_mfa.ts';
import * as m0010 from './20261201_0010_sso.ts';
import * as m0011 from './20261201_0011_passkeys.ts';
import * as m0012 from './20261201_0012_webhooks.ts';
import * as m0013 from './20261201_0013_lti.ts';
import * as m0014 from './20261201_0014_lti_awards.ts';
import * as m0015 from './20261201_0015_jwt_keys.ts';
import * as m0016 from './20261201_0016_oauth.ts';
import * as m0017 from './20261201_0017_wallet_exchanges.ts';
import * as m0018 from './20261201_0018_award_register.ts';
import * as m0019 from './20261201_0019_reporting.ts';
import * as m0020 from './20261201_0020_exports.ts';
import * as m0021 from './20261201_0021_award_terms.ts';
import * as m0022 from './20261201_0022_report_mailings.ts';
import * as m0023 from './20261202_0023_pathways.ts';
import * as m0024 from './20261202_0024_learner_records.ts';
import * as m0025 from './20261202_0025_ctdl_publications.ts';
import * as m0026 from './20261202_0026_inventory_stacks_into.ts';
import * as m0027 from './20261202_0027_award_toast_lz4.ts';
import * as m0028 from './20261202_0028_inventory_match_functions.ts';
import * as m0030 from './20261203_0030_privacy.ts';
import * as m0031 from './20261203_0031_user_language.ts';
import * as m0032 from './20261203_0032_request_review_state.ts';

export const migrations: Record<string, Migration> = {
  '20261128_0001_foundation': m0001,
  '20261128_0002_keys': m0002,
  '20261128_0003_programs': m0003,
  '20261128_0004_inventory': m0004,
  '20261128_0005_issuance': m0005,
  '20261128_0006_endorsements': m0006,
  '20261128_0007_inventory_search': m0007,
  '20261128_0008_claim_links_status_batches': m0008,
  '20261201_0009_mfa': m0009,
  '20261201_0010_sso': m0010,
  '20261201_0011_passkeys': m0011,
  '20261201_0012_webhooks': m0012,
  '20261201_0013_lti': m0013,
  '20261201_0014_lti_awards': m0014,
  '20261201_0015_jwt_keys': m0015,
  '20261201_0016_oauth': m0016,
  '20261201_0017_wallet_exchanges': m0017,
  '20261201_0018_award_register': m0018,
  '20261201_0019_reporting': m0019,
  '20261201_0020_exports': m0020,
  '20261201_0021_award_terms': m0021,
  '20261201_0022_report_mailings': m0022,
  '20261202_0023_pathways': m0023,
  '20261202_0024_learner_records': m0024,
  '20261202_0025_ctdl_publications': m0025,
  '20261202_0026_inventory_stacks_into': m0026,
  '20261202_0027_award_toast_lz4': m0027,
  '20261202_0028_inventory_match_functions': m0028,
  '20261203_0030_privacy': m0030,
  '20261203_0031_user_language': m0031,
  '20261203_0032_request_review_state': m0032,
};
