// Sessions that start with a setting (PostgreSQL): search samples frequent words on them, so the
// setting must be there, must not reach the main pool, must see the same schema, and must close
// with the database.
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { tunedSessions } from '../../src/db/index.js';
import { DIALECTS, freshDatabase } from '../helpers/db.js';

describe.each(DIALECTS)('tuned sessions on %s', (dialect) => {
  it.runIf(dialect === 'postgres')('carry their setting, in the same schema, and close with the database', async () => {
    const t = await freshDatabase(dialect);
    const setting = async (db: typeof t.db) => (await sql<{ v: string }>`select current_setting('gin_fuzzy_search_limit') as v`.execute(db)).rows[0].v;
    const tuned = tunedSessions(t.db, { gin_fuzzy_search_limit: '77' })!;
    expect(await setting(tuned)).toBe('77');
    expect(await setting(t.db)).toBe('0');
    // The same pool for the same settings; the test's own schema (a table only it has).
    expect(tunedSessions(t.db, { gin_fuzzy_search_limit: '77' })).toBe(tuned);
    expect(Number((await tuned.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    // Mark the tuned session's last statement, then watch for sessions whose last statement it is.
    const marker = `tuned-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await sql.raw(`select 1 /* ${marker} */`).execute(tuned);
    const sessions = async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      const r = await c.query(`select count(*)::int as n from pg_stat_activity where query like $1 and pid <> pg_backend_pid()`, [`%${marker}%`]);
      await c.end();
      return r.rows[0].n as number;
    };
    expect(await sessions()).toBe(1);
    await t.drop();
    await expect.poll(sessions).toBe(0);
  });

  it.runIf(dialect === 'sqlite')('are not made on SQLite', async () => {
    const t = await freshDatabase(dialect);
    expect(tunedSessions(t.db, { gin_fuzzy_search_limit: '77' })).toBeUndefined();
    await t.drop();
  });
});
