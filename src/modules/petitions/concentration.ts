// Where reports concentrate (article 20: periodic analysis, early warning): counts used by the
// analysis page and by the warning rules. Every query is grouped in the database; the largest
// result is one row per organization that has reports.
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';

export const MANY_REPORTS_BASIS = '《关于加强对“一把手”和领导班子监督的意见》第20条：定期分析信访举报情况，对反映问题集中的及时敲响警钟';
export const OUTLIER_BASIS = '《关于加强对“一把手”和领导班子监督的意见》第20条：对信访举报反映集中的地方和单位进行专题分析（同级同类单位四分位离群：Q3 + 1.5×IQR）';

const ROLE_BY_RANK: Record<number, string> = { 1: 'principal', 2: 'team_member', 3: 'official' };

/** Officials named by at least `min` reports received in [from, to], most first. */
export async function officialsWithReports(db: Db, scope: Scope | null, from: string, to: string, min: number, limit = 200, after?: string) {
  let q = db.selectFrom('petition_subjects')
    .innerJoin('officials', 'officials.id', 'petition_subjects.subject_id')
    .innerJoin('orgs', 'orgs.id', 'officials.org_id')
    .select((eb) => ['petition_subjects.subject_id', 'officials.name', 'officials.org_id', 'orgs.name as org_name', eb.fn.countAll<number>().as('n'),
      eb.fn.min(sql<number>`case petition_subjects.role when 'principal' then 1 when 'team_member' then 2 else 3 end`).as('rank')])
    .where('petition_subjects.subject_type', '=', 'official')
    .where('petition_subjects.received_at', '>=', from)
    .where('petition_subjects.received_at', '<=', to)
    .groupBy(['petition_subjects.subject_id', 'officials.name', 'officials.org_id', 'orgs.name'])
    .having((eb) => eb.fn.countAll(), '>=', min);
  if (scope) q = q.where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (after !== undefined) q = q.where('petition_subjects.subject_id', '>', after).orderBy('petition_subjects.subject_id');
  else q = q.orderBy('n', 'desc').orderBy('petition_subjects.subject_id');
  const rows = await q.limit(limit).execute();
  return rows.map((r) => ({ officialId: r.subject_id, name: r.name, orgId: r.org_id, orgName: r.org_name, count: Number(r.n), role: ROLE_BY_RANK[Number(r.rank)] ?? 'official' }));
}

/** First and third quartiles by linear interpolation (the usual "type 7" definition). */
export function quartiles(values: number[]): { q1: number; q3: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
  };
  return { q1: at(0.25), q3: at(0.75) };
}

export interface Outlier {
  orgId: string; name: string; level: string; kind: string; count: number; peers: number; q1: number; q3: number; fence: number;
}

/** Organizations whose number of reports in [from, to] lies above the upper quartile fence of
 *  their peers (same level and kind, organizations without reports counted as 0). Groups of fewer
 *  than 4 organizations have no meaningful quartiles and are skipped. */
export async function reportOutliers(db: Db, scope: Scope | null, from: string, to: string): Promise<Outlier[]> {
  let counts = db.selectFrom('petitions').innerJoin('orgs', 'orgs.id', 'petitions.org_id')
    .select((eb) => ['petitions.org_id', 'orgs.name', 'orgs.level', 'orgs.kind', eb.fn.countAll<number>().as('n')])
    .where('petitions.received_at', '>=', from).where('petitions.received_at', '<=', to)
    .groupBy(['petitions.org_id', 'orgs.name', 'orgs.level', 'orgs.kind']);
  let sizes = db.selectFrom('orgs').select((eb) => ['level', 'kind', eb.fn.countAll<number>().as('n')]).groupBy(['level', 'kind']);
  if (scope) {
    counts = counts.where((eb) => pathInScope(eb, 'orgs.path', scope));
    sizes = sizes.where((eb) => pathInScope(eb, 'orgs.path', scope));
  }
  const [rows, groups] = await Promise.all([counts.execute(), sizes.execute()]);
  const out: Outlier[] = [];
  for (const g of groups) {
    const peers = Number(g.n);
    if (peers < 4) continue;
    const mine = rows.filter((r) => r.level === g.level && r.kind === g.kind);
    const values = [...mine.map((r) => Number(r.n)), ...Array(Math.max(0, peers - mine.length)).fill(0)];
    const { q1, q3 } = quartiles(values);
    const fence = q3 + 1.5 * (q3 - q1);
    for (const r of mine) {
      if (Number(r.n) > fence) out.push({ orgId: r.org_id, name: r.name, level: g.level, kind: g.kind, count: Number(r.n), peers, q1, q3, fence });
    }
  }
  return out.sort((a, b) => b.count - a.count || a.orgId.localeCompare(b.orgId));
}
