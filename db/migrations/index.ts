// Migrations as a static record (no FileMigrationProvider in a bundled app). Each runs in its
// own transaction together with the bump of PRAGMA user_version.
import type { Kysely } from 'kysely';
import * as m001 from './001_init';
import * as m002 from './002_settings_defaults';
import * as m003 from './003_report_facts';
import * as m004 from './004_report_facts_by_month';
import * as m005 from './005_care_and_referral_outcomes';
import * as m006 from './006_report_facts_no_client_index';
import * as m007 from './007_field_records';
import * as m008 from './008_field_figure_indexes';
import * as m009 from './009_card_indexes';
import * as m010 from './010_rna_facts';
import * as m011 from './011_client_syringes';
import * as m012 from './012_client_code_trigrams';
import * as m013 from './013_outreach_session_dates';
import * as m014 from './014_drop_supply_lines_visit';

export interface Migration {
  up(db: Kysely<unknown>): Promise<void>;
}

export const migrations: Record<string, Migration> = {
  '001_init': m001,
  '002_settings_defaults': m002,
  '003_report_facts': m003,
  '004_report_facts_by_month': m004,
  '005_care_and_referral_outcomes': m005,
  '006_report_facts_no_client_index': m006,
  '007_field_records': m007,
  '008_field_figure_indexes': m008,
  '009_card_indexes': m009,
  '010_rna_facts': m010,
  '011_client_syringes': m011,
  '012_client_code_trigrams': m012,
  '013_outreach_session_dates': m013,
  '014_drop_supply_lines_visit': m014,
};
