// Who sees a ledger item: an org sees the items it owns or leads, and the whole cascade below them
// (ledger_item_reach lists, per item, the owner and lead orgs of the item and all its ancestors;
// a hand-down makes the assignee the owner of a child item, so the assignee sees it too).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';
import { notFound } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';

type Q = Db | Trx;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = ExpressionBuilder<any, any>;

/** The item (by its id column) is reached by an org inside the scope. */
export function itemVisible(eb: AnyBuilder, itemIdColumn: string, scope: Scope): Expression<SqlBool> {
  if (scope.whole) return sql<SqlBool>`1 = 1`; // every item has its reach inside the whole tree
  if (scope.paths.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.exists(
    eb.selectFrom('ledger_item_reach as reach')
      .innerJoin('orgs as reach_org', 'reach_org.id', 'reach.org_id')
      .select('reach.item_id')
      .whereRef('reach.item_id', '=', itemIdColumn)
      .where((s: AnyBuilder) => pathInScope(s, 'reach_org.path', scope)),
  );
}

export async function getItemRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('ledger_items').selectAll().where('id', '=', id).where((eb) => itemVisible(eb, 'ledger_items.id', scope)).executeTakeFirst();
  if (!row) throw notFound('Ledger item');
  return row;
}

/** The upper bound of an item path's subtree, computed in SQL (the same rule as subtreeBounds). */
export function subtreeHi(pathColumn: string) {
  return sql<string>`substr(${sql.ref(pathColumn)}, 1, length(${sql.ref(pathColumn)}) - 1) || '0'`;
}

/** The reach of a new item: its parent's reach plus its own owner and lead org. */
export async function writeReach(trx: Trx, itemId: string, parentId: string | null, orgIds: string[]) {
  const inherited = parentId ? (await trx.selectFrom('ledger_item_reach').select('org_id').where('item_id', '=', parentId).execute()).map((r) => r.org_id) : [];
  const all = [...new Set([...inherited, ...orgIds])];
  await trx.insertInto('ledger_item_reach').values(all.map((org_id) => ({ item_id: itemId, org_id }))).execute();
}

/** After a lead org changes, the reach of the item's subtree is rebuilt from its parent's. */
export async function rebuildReach(trx: Trx, item: { id: string; path: string; parent_id: string | null }) {
  const hi = item.path.slice(0, -1) + '0';
  const subtree = await trx.selectFrom('ledger_items').select(['id', 'parent_id', 'org_id', 'lead_org_id']).where('path', '>=', item.path).where('path', '<', hi).orderBy('depth').execute();
  const reach = new Map<string, Set<string>>();
  const base = item.parent_id ? (await trx.selectFrom('ledger_item_reach').select('org_id').where('item_id', '=', item.parent_id).execute()).map((r) => r.org_id) : [];
  for (const s of subtree) {
    const parentReach = s.id === item.id ? base : [...(reach.get(s.parent_id ?? '') ?? [])];
    reach.set(s.id, new Set([...parentReach, s.org_id, s.lead_org_id]));
  }
  const ids = subtree.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('ledger_item_reach').where('item_id', 'in', ids.slice(i, i + 500)).execute();
  const rows = [...reach].flatMap(([item_id, orgs]) => [...orgs].map((org_id) => ({ item_id, org_id })));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('ledger_item_reach').values(rows.slice(i, i + 500)).execute();
}
