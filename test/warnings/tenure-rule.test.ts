import { afterAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/modules/warnings/index.js';
import { longTenureRule } from '../../src/modules/registry/rules.js';
import { setClock } from '../../src/core/time.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { loadFixture } from '../helpers/fixture.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  setClock(null);
  await Promise.all(dbs.map((d) => d.drop()));
});

describe.each(DIALECTS)('tenure rule (定期轮岗) on %s', (dialect) => {
  it('warns exactly the key-post principals at or over the threshold, once', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    setClock(Date.parse('2026-06-01T08:00:00Z'));
    const first = await runRules(db.db, db.dialect, [longTenureRule]);
    expect(first).toMatchObject({ checked: 2, raised: 2 });
    const rows = await db.db.selectFrom('warnings').selectAll().orderBy('title').execute();
    expect(rows.map((r) => r.subject_id).sort()).toEqual([fx.officials.li, fx.officials.wang].sort());
    const li = rows.find((r) => r.subject_id === fx.officials.li)!;
    expect(li).toMatchObject({ severity: 'yellow', status: 'open', org_id: fx.orgs.county1Committee.id, cause_key: `post:${fx.posts.li}` });
    expect(li.title).toContain('8年');
    expect(li.basis).toContain('第16条');
    const links = await db.db.selectFrom('warning_links').selectAll().where('warning_id', '=', li.id).execute();
    expect(links.map((l) => l.record_type).sort()).toEqual(['official', 'org', 'post']);

    const again = await runRules(db.db, db.dialect, [longTenureRule]);
    expect(again).toMatchObject({ checked: 2, raised: 0 });
    expect(await db.db.selectFrom('warnings').select('id').execute()).toHaveLength(2);
  });

  it('follows a configured threshold, and red at twice the threshold', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    setClock(Date.parse('2026-06-01T08:00:00Z'));
    await db.db.insertInto('warning_rule_configs').values({
      rule_id: longTenureRule.id, enabled: 1, thresholds: JSON.stringify({ years: 4 }), updated_at: '2026-06-01', updated_by: null,
    }).execute();
    const run = await runRules(db.db, db.dialect, [longTenureRule]);
    expect(run.raised).toBe(3);
    const li = await db.db.selectFrom('warnings').selectAll().where('subject_id', '=', fx.officials.li).executeTakeFirstOrThrow();
    expect(li.severity).toBe('red');
  });
});
