// Migrating one schema while other schemas of the same database come and go (tenants, parallel tests):
// introspection reads its own schema only (src/db/pg-introspector.ts).
import crypto from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../src/db/migrate.js';
import { DIALECTS, freshDatabase } from '../helpers/db.js';

describe('migrations', () => {
  it.runIf(DIALECTS.includes('postgres'))('migrates a schema while other schemas are created and dropped', async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const name = `churn_${crypto.randomBytes(4).toString('hex')}`;
        await admin.query(`create schema ${name}`);
        await admin.query(`create table ${name}.t (id int)`);
        await admin.query(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 5; i++) {
        const t = await freshDatabase('postgres');
        const done = await t.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
        expect(done).toHaveLength(MIGRATION_NAMES.length);
        await t.drop();
      }
    } finally {
      churning = false;
      await churn;
      await admin.end();
    }
  }, 120_000);
});
