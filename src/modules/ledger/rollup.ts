// Roll-up: completion grouped by document, area, measure, lead org, org level or region, in one
// grouped query per view. What counts: the open or closed leaves (items with nothing below them);
// withdrawn items do not count; a parent's progress is its leaves' progress.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';
import { lookupInChunks } from '../../db/sql.js';
import { notFound } from '../../core/errors.js';
import { today } from '../../core/time.js';
import { getDocumentRow, stalledDays } from './item-store.js';
import type { RollupQuery } from './schema.js';
import { statusSql, type ItemStatus } from './status.js';
import { getItemRow, itemVisible } from './visibility.js';

const ID_LENGTH = 36;
// One collator for the sort: localeCompare with a locale builds a new one on every call.
const ZH = new Intl.Collator('zh', { numeric: true });
const LEVEL_LABELS: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级' };

export const ROLLUP_BASIS =
  '统计口径：只计末级事项（其下没有再分解的任务或子措施），已撤销的不计；上级事项的完成率即其下末级事项的完成率。' +
  '状态按截止日期和进度报告计算：有审核通过的销号报告为“已完成”；过了完成时限未完成为“逾期”；' +
  '超过规定天数（按月报送的41天、按季报送的107天，其余按预警规则设定的天数）无进度报告为“停滞”；有报告为“推进中”；否则为“未启动”。' +
  ' Counted: leaf items (nothing below them), withdrawn ones excluded; status from deadlines and reviewed reports.';

type Counts = { total: number; done: number; inProgress: number; notStarted: number; overdue: number; stalled: number };
const empty = (): Counts => ({ total: 0, done: 0, inProgress: 0, notStarted: 0, overdue: 0, stalled: 0 });
const FIELD: Record<Exclude<ItemStatus, 'withdrawn'>, keyof Counts> = {
  done: 'done', in_progress: 'inProgress', not_started: 'notStarted', overdue: 'overdue', stalled: 'stalled',
};

/** The n-th id of a materialized path ("/a/b/c/"), in SQL. */
function pathSegment(column: string, index: number): RawBuilder<string> {
  return sql<string>`substr(${sql.ref(column)}, ${2 + index * (ID_LENGTH + 1)}, ${ID_LENGTH})`;
}

export async function rollup(db: Db, scope: Scope, q: RollupQuery) {
  const t = today();
  const stalled = await stalledDays(db);
  let base = db.selectFrom('ledger_items as l').innerJoin('orgs as lo', 'lo.id', 'l.lead_org_id')
    .where('l.child_count', '=', 0).where('l.state', '!=', 'withdrawn').where((eb) => itemVisible(eb, 'l.id', scope));
  if (q.documentId) base = base.where('l.document_id', '=', (await getDocumentRow(db, q.documentId, scope)).id);
  if (q.under) {
    const p = await getItemRow(db, q.under, scope);
    base = base.where('l.path', '>=', p.path).where('l.path', '<', p.path.slice(0, -1) + '0');
  }
  let key: RawBuilder<string | null>;
  let labels: (keys: string[]) => Promise<Map<string, string>>;
  switch (q.view) {
    case 'document':
      key = sql`l.document_id`;
      labels = async (keys) => new Map((await db.selectFrom('ledger_documents').select(['id', 'title']).where('id', 'in', keys).execute()).map((r) => [r.id, r.title]));
      break;
    case 'area':
    case 'measure': {
      const depth = q.view === 'area' ? 0 : 1;
      key = sql`case when l.depth >= ${depth} then ${pathSegment('l.path', depth)} end`;
      // Labels only for groups the caller may see; others stay anonymous.
      labels = async (keys) => new Map((await db.selectFrom('ledger_items').select(['id', 'code', 'title']).where('id', 'in', keys)
        .where((eb) => itemVisible(eb, 'ledger_items.id', scope)).execute()).map((r) => [r.id, `${r.code} ${r.title}`]));
      break;
    }
    case 'org':
      key = sql`l.lead_org_id`;
      labels = async (keys) => new Map((await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', keys).execute()).map((r) => [r.id, r.name]));
      break;
    case 'level':
      key = sql`lo.level`;
      labels = async (keys) => new Map(keys.map((k) => [k, LEVEL_LABELS[k] ?? k]));
      break;
    case 'region': {
      const roots = scope.paths.filter((p) => !scope.paths.some((o) => o !== p && p.startsWith(o)));
      const parent = q.orgId
        ? await db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', q.orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst()
        : await db.selectFrom('orgs').select(['id', 'name', 'path']).where('path', '=', roots[0] ?? '').executeTakeFirst();
      if (!parent) throw notFound('Organization');
      base = base.where('lo.path', '>=', parent.path).where('lo.path', '<', parent.path.slice(0, -1) + '0');
      // The child of `parent` that contains the lead org; the parent's own items form their own group.
      key = sql`case when lo.path = ${parent.path} then ${parent.id} else substr(lo.path, ${parent.path.length + 1}, ${ID_LENGTH}) end`;
      labels = async (keys) => new Map((await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', keys).execute())
        .map((r) => [r.id, r.id === parent.id ? `${r.name}（本级）` : r.name]));
      break;
    }
  }
  const status = statusSql('l', t, stalled);
  // Grouped over a derived table: PostgreSQL would not match parameterized expressions between SELECT and GROUP BY.
  const rows = await db.selectFrom(base.select([key.as('k'), status.as('s')]).as('x'))
    .select(['x.k', 'x.s', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['x.k', 'x.s']).execute();
  const groups = new Map<string | null, Counts>();
  const totals = empty();
  for (const r of rows) {
    const k = (r.k as string | null) ?? null;
    const g = groups.get(k) ?? empty();
    const n = Number(r.n);
    const field = FIELD[r.s as Exclude<ItemStatus, 'withdrawn'>];
    g.total += n;
    g[field] += n;
    totals.total += n;
    totals[field] += n;
    groups.set(k, g);
  }
  const keys = [...groups.keys()].filter((k): k is string => k !== null);
  const names = await lookupInChunks(keys, labels);
  const completion = (c: Counts) => (c.total ? Math.round((c.done / c.total) * 1000) / 10 : 0);
  const list = [...groups].map(([k, c]) => ({ key: k, label: k === null ? '（未分组）' : (names.get(k) ?? '（上级事项）'), ...c, completion: completion(c) }))
    .sort((a, b) => ZH.compare(a.label, b.label));
  return { view: q.view, groups: list, totals: { key: null, label: '合计', ...totals, completion: completion(totals) }, basis: ROLLUP_BASIS, stalledDays: stalled, today: t };
}
