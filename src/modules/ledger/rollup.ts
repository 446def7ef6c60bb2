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
import type { RollupExportQuery, RollupQuery } from './schema.js';
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

/** Every group's counts (a grouped query), and how to label groups by key. */
async function groupCounts(db: Db, scope: Scope, q: RollupExportQuery) {
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
  return { groups, totals, labels, stalled, today: t };
}

type Counted = Awaited<ReturnType<typeof groupCounts>>;
type Group = Counts & { key: string | null; completion: number };
type Labeled = Group & { label: string };
const completion = (c: Counts) => (c.total ? Math.round((c.done / c.total) * 1000) / 10 : 0);
const UNGROUPED = '（未分组）';

/** `count` groups from `from` in the order asked for, labelled. By label, every group's label is
 *  looked up to sort them; by a count, only the page's. */
async function orderedGroups(counted: Counted, q: RollupExportQuery, from = 0, count = Infinity): Promise<Labeled[]> {
  const all: Group[] = [...counted.groups].map(([key, c]) => ({ key, ...c, completion: completion(c) }));
  const label = async (groups: Group[]) => {
    const names = await lookupInChunks(groups.flatMap((g) => (g.key === null ? [] : [g.key])), counted.labels);
    return groups.map((g) => ({ ...g, label: g.key === null ? UNGROUPED : (names.get(g.key) ?? '（上级事项）') }));
  };
  const sign = q.order === 'desc' ? -1 : 1;
  if (q.sort === 'label') {
    return (await label(all)).sort((a, b) => sign * ZH.compare(a.label, b.label)).slice(from, from + count);
  }
  const field = q.sort;
  // Ties in a stable order: more items first, then by key.
  all.sort((a, b) => sign * (a[field] - b[field]) || b.total - a.total || String(a.key).localeCompare(String(b.key)));
  return label(all.slice(from, from + count));
}

/** One page of a roll-up view's groups, with the totals of all of them. */
export async function rollup(db: Db, scope: Scope, q: RollupQuery) {
  const counted = await groupCounts(db, scope, q);
  const groups = await orderedGroups(counted, q, (q.page - 1) * q.pageSize, q.pageSize);
  return { view: q.view, groups, totalGroups: counted.groups.size, page: q.page, pageSize: q.pageSize, ...summary(counted) };
}

/** Every group of a roll-up view (for the export). */
export async function rollupAll(db: Db, scope: Scope, q: RollupExportQuery) {
  const counted = await groupCounts(db, scope, q);
  return { view: q.view, groups: await orderedGroups(counted, q), ...summary(counted) };
}

function summary(counted: Counted) {
  const totals = { key: null, label: '合计', ...counted.totals, completion: completion(counted.totals) };
  return { totals, basis: ROLLUP_BASIS, stalledDays: counted.stalled, today: counted.today };
}
