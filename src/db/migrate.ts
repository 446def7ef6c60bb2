import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './index.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_attachments.js';
import * as m003 from './migrations/003_ledger.js';
import * as m004 from './migrations/004_talks.js';
import * as m005 from './migrations/005_petitions.js';
import * as m006 from './migrations/006_clues.js';
import * as m007 from './migrations/007_search_vector.js';
import * as m008 from './migrations/008_audit_pending.js';
import * as m009 from './migrations/009_search_type_newest.js';
import * as m010 from './migrations/010_search_by_type.js';
import * as m011 from './migrations/011_warning_counts.js';

// Migrations are listed in code (not read from disk) so that a bundled build carries them.
const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_attachments': m002,
  '003_ledger': m003,
  '004_talks': m004,
  '005_petitions': m005,
  '006_clues': m006,
  '007_search_vector': m007,
  '008_audit_pending': m008,
  '009_search_type_newest': m009,
  '010_search_by_type': m010,
  '011_warning_counts': m011,
};

/** The migrations' names in order (a backup records which have been applied). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider, migrationTableSchema: database.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
