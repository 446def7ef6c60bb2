// The analysis dashboard: concentration by region, organization, official, discipline, sector,
// channel and month; period-on-period change; the special view of principals (一把手) and team
// members; and the two rules with their basis.
import { sql } from 'kysely';
import { today as todayIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';
import { MANY_REPORTS_BASIS, OUTLIER_BASIS, officialsWithReports, reportOutliers } from './concentration.js';
import { manyReportsRule, windowFrom } from './rules.js';

function shiftDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dayCount = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
const change = (now: number, before: number) => (before ? Math.round(((now - before) / before) * 1000) / 10 : null);

async function manyReportsThreshold(db: Db): Promise<{ count: number; months: number }> {
  const row = await db.selectFrom('warning_rule_configs').select('thresholds').where('rule_id', '=', manyReportsRule.id).executeTakeFirst();
  const parsed = row ? manyReportsRule.thresholdSchema.safeParse(JSON.parse(row.thresholds)) : null;
  return parsed?.success ? parsed.data : manyReportsRule.defaults;
}

export async function analyse(db: Db, scope: Scope, q: { from?: string; to?: string; orgId?: string }) {
  const to = q.to ?? todayIso();
  const from = q.from ?? windowFrom(to, 12);
  const span = Math.max(1, dayCount(from, to));
  const previousTo = shiftDays(from, -1);
  const previousFrom = shiftDays(previousTo, -(span - 1));
  // The area looked at: a subtree inside scope, or the whole scope.
  let area: Scope = scope;
  let rootDepth: number | null = null;
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select(['path', 'depth']).where('id', '=', q.orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
    area = org ? { paths: [org.path] } : { paths: [] };
    rootDepth = org ? org.depth : null;
  } else if (scope.paths.length === 1) {
    rootDepth = scope.paths[0].split('/').length - 3;
  }
  const reports = (a: string, b: string) => db.selectFrom('petitions').innerJoin('orgs', 'orgs.id', 'petitions.org_id')
    .where((eb) => pathInScope(eb, 'orgs.path', area)).where('petitions.received_at', '>=', a).where('petitions.received_at', '<=', b);
  const both = () => reports(previousFrom, to);
  const isNow = sql<number>`case when petitions.received_at >= ${from} then 1 else 0 end`;
  const isBefore = sql<number>`case when petitions.received_at < ${from} then 1 else 0 end`;

  const [byOrgRows, byDisc, bySector, byChannel, byMonth, totals] = await Promise.all([
    reports(from, to).select((eb) => ['petitions.org_id', 'orgs.name', 'orgs.path', eb.fn.countAll<number>().as('n')])
      .groupBy(['petitions.org_id', 'orgs.name', 'orgs.path']).execute(),
    both().select((eb) => ['petitions.discipline as key', eb.fn.sum<number>(isNow).as('n'), eb.fn.sum<number>(isBefore).as('p')]).groupBy('petitions.discipline').execute(),
    both().select((eb) => ['petitions.sector as key', eb.fn.sum<number>(isNow).as('n'), eb.fn.sum<number>(isBefore).as('p')]).groupBy('petitions.sector').execute(),
    reports(from, to).select((eb) => ['petitions.channel as key', eb.fn.countAll<number>().as('n')]).groupBy('petitions.channel').execute(),
    reports(from, to).select((eb) => [sql<string>`substr(petitions.received_at, 1, 7)`.as('month'), eb.fn.countAll<number>().as('n')])
      .groupBy(sql`substr(petitions.received_at, 1, 7)`).orderBy(sql`substr(petitions.received_at, 1, 7)`).execute(),
    both().select((eb) => [eb.fn.sum<number>(isNow).as('n'), eb.fn.sum<number>(isBefore).as('p')]).executeTakeFirstOrThrow(),
  ]);

  // Regions: each organization's ancestor one level below the area's root.
  const regionCounts = new Map<string, number>();
  if (rootDepth !== null) {
    for (const r of byOrgRows) {
      const ids = r.path.split('/').filter(Boolean);
      const region = ids[rootDepth + 1] ?? ids[rootDepth];
      regionCounts.set(region, (regionCounts.get(region) ?? 0) + Number(r.n));
    }
  }
  const regionNames = regionCounts.size
    ? new Map((await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', [...regionCounts.keys()]).execute()).map((o) => [o.id, o.name]))
    : new Map<string, string>();

  // Leaders: reports naming a principal or a team member, now and before.
  const leaderCounts = await db.selectFrom('petition_subjects')
    .innerJoin('orgs', 'orgs.id', 'petition_subjects.org_id')
    .select((eb) => ['petition_subjects.role',
      eb.fn.sum<number>(sql`case when petition_subjects.received_at >= ${from} then 1 else 0 end`).as('n'),
      eb.fn.sum<number>(sql`case when petition_subjects.received_at < ${from} then 1 else 0 end`).as('p')])
    .where('petition_subjects.role', 'in', ['principal', 'team_member'])
    .where('petition_subjects.received_at', '>=', previousFrom).where('petition_subjects.received_at', '<=', to)
    .where((eb) => pathInScope(eb, 'orgs.path', area))
    .groupBy('petition_subjects.role').execute();
  const leader = (role: string, col: 'n' | 'p') => Number(leaderCounts.find((r) => r.role === role)?.[col] ?? 0);

  const threshold = await manyReportsThreshold(db);
  const ruleFrom = windowFrom(to, threshold.months);
  const [topOfficials, many, outliers] = await Promise.all([
    officialsWithReports(db, area, from, to, 1, 15),
    officialsWithReports(db, area, ruleFrom, to, threshold.count, 50),
    reportOutliers(db, area, from, to),
  ]);

  const rows = (list: { key: string; n: unknown }[], names?: Map<string, string>) =>
    list.map((r) => ({ key: r.key, name: names?.get(r.key) ?? r.key, count: Number(r.n) })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    from, to, previousFrom, previousTo,
    total: Number(totals.n ?? 0), previousTotal: Number(totals.p ?? 0), change: change(Number(totals.n ?? 0), Number(totals.p ?? 0)),
    byRegion: rows([...regionCounts].map(([key, n]) => ({ key, n })), regionNames),
    byOrg: rows(byOrgRows.map((r) => ({ key: r.org_id, n: r.n })), new Map(byOrgRows.map((r) => [r.org_id, r.name]))).slice(0, 15),
    byOfficial: topOfficials.map((o) => ({ key: o.officialId, name: o.name, count: o.count, orgName: o.orgName, role: o.role })),
    byDiscipline: byDisc.map((r) => ({ key: r.key, name: r.key, count: Number(r.n ?? 0), previous: Number(r.p ?? 0) })).sort((a, b) => b.count - a.count),
    bySector: bySector.map((r) => ({ key: r.key, name: r.key, count: Number(r.n ?? 0), previous: Number(r.p ?? 0) })).sort((a, b) => b.count - a.count),
    byChannel: rows(byChannel),
    byMonth: byMonth.map((r) => ({ month: r.month, count: Number(r.n) })),
    leaders: {
      principal: leader('principal', 'n'), teamMember: leader('team_member', 'n'),
      previousPrincipal: leader('principal', 'p'), previousTeamMember: leader('team_member', 'p'),
      top: topOfficials.filter((o) => o.role === 'principal' || o.role === 'team_member').slice(0, 10)
        .map((o) => ({ key: o.officialId, name: o.name, count: o.count, orgName: o.orgName, role: o.role })),
    },
    manyReports: {
      threshold: threshold.count, basis: MANY_REPORTS_BASIS,
      officials: many.map((o) => ({ key: o.officialId, name: o.name, count: o.count, orgName: o.orgName })),
    },
    outliers: {
      basis: OUTLIER_BASIS,
      orgs: outliers.slice(0, 50).map((o) => ({ key: o.orgId, name: o.name, count: o.count, peers: o.peers, q1: o.q1, q3: o.q3, fence: o.fence, level: o.level, kind: o.kind })),
    },
  };
}
