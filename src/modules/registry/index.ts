// Registry: the organization tree, leadership teams and officials (the first module; others follow its shape).
import type { ArchiveEntry, EcologyMetric, ModuleDefinition } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { orgInScope } from '../../db/scope.js';
import { addYears, today } from '../../core/time.js';
import { officialRoutes } from './official-routes.js';
import { orgRoutes } from './org-routes.js';
import { longTenureRule } from './rules.js';

export { getOfficialRow, countInScope } from './official-store.js';
export { getOrgRow } from './org-store.js';
export { ORG_KINDS, ORG_LEVELS } from './schema.js';

const READERS = ['leader', 'supervisor', 'petition', 'casemgr', 'orgdept', 'inspector'] as const;

async function archiveEntries(db: Db, officialId: string): Promise<ArchiveEntry[]> {
  const posts = await db
    .selectFrom('posts')
    .innerJoin('orgs', 'orgs.id', 'posts.org_id')
    .select(['posts.id', 'posts.title', 'posts.start_date', 'posts.end_date', 'orgs.name'])
    .where('posts.official_id', '=', officialId)
    .orderBy('posts.start_date')
    .execute();
  const family = await db.selectFrom('family_members').select(['id', 'relation', 'name', 'employer', 'created_at']).where('official_id', '=', officialId).execute();
  return [
    ...posts.map((p) => ({
      kind: 'post', date: p.start_date, title: `任${p.name}${p.title}`, detail: p.end_date ? `至${p.end_date}` : '现任', recordType: 'post', recordId: p.id,
    })),
    ...family.map((f) => ({
      kind: 'family', date: f.created_at.slice(0, 10), title: `家庭成员登记：${f.name}`, detail: f.employer ?? undefined, recordType: 'family_member', recordId: f.id,
    })),
  ];
}

const longTenureMetric: EcologyMetric = {
  id: 'registry.long-tenure-principals',
  name: '关键岗位一把手任职超5年人数',
  nameEn: 'Principals over 5 years in a key post',
  polarity: 'negative',
  unit: '人',
  async compute(db, { scope, to }) {
    const rows = await db
      .selectFrom('posts')
      .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_principal', '=', 1)
      .where('is_key_post', '=', 1)
      .where('end_date', 'is', null)
      .where('start_date', '<=', addYears(to || today(), -5))
      .where((eb) => orgInScope(eb, 'posts.org_id', scope))
      .groupBy('org_id')
      .execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
  },
};

export const registryModule: ModuleDefinition = {
  name: 'registry',
  permissions: {
    'orgs.read': [...READERS, 'unit_reporter', 'sys_admin', 'sec_admin'],
    'orgs.write': ['orgdept'],
    'officials.read': [...READERS],
    'officials.write': ['orgdept'],
    'officials.import': ['orgdept'],
    'officials.sensitive': ['orgdept'],
  },
  routes(app, ctx) {
    orgRoutes(app, ctx);
    officialRoutes(app, ctx);
  },
  warningRules: [longTenureRule],
  archiveEntries,
  ecologyMetrics: [longTenureMetric],
};
