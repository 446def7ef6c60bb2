// The home page's counts of open warnings, by severity and by rule, within a scope: right, and read
// from the index warnings_open_counts alone (at province scale the warnings' rows are 730,000).
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { openByRule, openBySeverity, openCountQuery } from '../../src/modules/warnings/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { loadFixture, type Fixture } from '../helpers/fixture.js';

const STATUSES = ['open', 'assigned', 'resolved', 'dismissed'] as const;
const SEVERITIES = ['red', 'yellow', 'blue'] as const;
const RULES = ['rule.a', 'rule.b', 'rule.c', 'rule.d'];

describe.each(DIALECTS)('open warning counts on %s', (dialect) => {
  let t: TestDatabase;
  let fx: Fixture;
  const rows: { org: string; status: string; severity: string; rule: string }[] = [];
  beforeAll(async () => {
    t = await freshDatabase(dialect);
    fx = await loadFixture(t.db);
    const orgs = [fx.orgs.county1Committee.id, fx.orgs.county2Committee.id, fx.orgs.finance.id];
    for (let i = 0; i < 6000; i++) {
      rows.push({ org: orgs[i % 3], status: STATUSES[(i * 7) % 4], severity: SEVERITIES[i % 3 === 0 ? 0 : (i * 5) % 3], rule: RULES[(i * 3) % 4] });
    }
    const now = '2026-06-01T00:00:00.000Z';
    for (let i = 0; i < rows.length; i += 500) {
      await t.db.insertInto('warnings').values(rows.slice(i, i + 500).map((r, j) => ({
        id: newId(), rule_id: r.rule, rule_version: 1, subject_type: 'official', subject_id: newId(), cause_key: `k${i + j}`,
        org_id: r.org, severity: r.severity, title: '预警', detail: '{}', basis: '', status: r.status, assignee_id: null,
        resolution: null, raised_at: now, updated_at: now,
      }))).execute();
    }
    // As autovacuum leaves a deployment (statistics, and PostgreSQL's visibility map).
    await sql`${sql.raw(dialect === 'postgres' ? 'vacuum analyze warnings' : 'analyze')}`.execute(t.db);
  });
  afterAll(async () => t.drop());

  const expected = (org: string | null, by: 'severity' | 'rule') => {
    const out: Record<string, number> = {};
    for (const r of rows) {
      if ((r.status !== 'open' && r.status !== 'assigned') || (org && r.org !== org)) continue;
      out[r[by]] = (out[r[by]] ?? 0) + 1;
    }
    return out;
  };

  it('counts by severity and by rule, across the tree and within a county', async () => {
    const whole = { paths: [fx.orgs.province.path], whole: true };
    expect(await openBySeverity(t.db, whole)).toEqual({ red: 0, yellow: 0, blue: 0, ...expected(null, 'severity') });
    expect(Object.fromEntries((await openByRule(t.db, whole)).map((r) => [r.ruleId, r.count]))).toEqual(expected(null, 'rule'));
    const county = { paths: [fx.orgs.county1.path] };
    expect(await openBySeverity(t.db, county)).toEqual({ red: 0, yellow: 0, blue: 0, ...expected(fx.orgs.county1Committee.id, 'severity') });
    expect(Object.fromEntries((await openByRule(t.db, county)).map((r) => [r.ruleId, r.count]))).toEqual(expected(fx.orgs.county1Committee.id, 'rule'));
  });

  it('reads the counts from the index alone, not the warnings themselves', async () => {
    for (const by of ['severity', 'rule_id'] as const) {
      const compiled = openCountQuery(t.db, { paths: [fx.orgs.province.path], whole: true }, by).compile();
      const explain = dialect === 'postgres' ? 'explain (costs off)' : 'explain query plan';
      const plan = (await t.db.executeQuery<Record<string, string>>(CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters])))
        .rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
      expect(plan).toMatch(dialect === 'postgres' ? /Index Only Scan using warnings_open_counts/ : /COVERING INDEX warnings_open_counts/);
    }
  });
});
