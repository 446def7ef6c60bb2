// Lookups by a list of keys longer than a statement may bind (a province's ledger roll-up by
// organization has 98,885 groups).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { lookupInChunks } from '../../src/db/sql.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';

describe.each(DIALECTS)('lookups by many keys on %s', (dialect) => {
  let t: TestDatabase;
  const named = [newId(), newId(), newId()];
  beforeAll(async () => {
    t = await freshDatabase(dialect);
    const now = new Date().toISOString();
    await t.db.insertInto('orgs').values(named.map((id, i) => ({
      id, parent_id: null, path: `/${id}/`, depth: 0, name: `机构${i}`, short_name: null, level: 'province', kind: 'region',
      code: null, sort_order: i, search_text: `机构${i}`, created_at: now, updated_at: now,
    }))).execute();
  });
  afterAll(async () => t.drop());

  it('finds every key among 70,000, more than one statement can bind', async () => {
    const keys = [...Array.from({ length: 70_000 }, () => newId()), ...named];
    const lookup = async (part: string[]) =>
      new Map((await t.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', part).execute()).map((r) => [r.id, r.name]));
    // PostgreSQL's protocol counts a statement's parameters in 16 bits: the list in one statement fails.
    if (dialect === 'postgres') await expect(lookup(keys)).rejects.toThrow(/parameter/);
    const found = await lookupInChunks(keys, lookup);
    expect([...found.entries()].sort()).toEqual(named.map((id, i) => [id, `机构${i}`]).sort());
    expect((await lookupInChunks([], lookup)).size).toBe(0);
  });
});
