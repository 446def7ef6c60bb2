import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from './schema.js';
import { subtreeBounds } from './sql.js';

/** The subtrees a user may see, as the materialized paths of their roots. */
export interface Scope {
  paths: readonly string[];
  /** The subtrees cover every root of the tree (set by the session's lookup): scope conditions
   *  filter nothing then, and are left out so that counts over the whole province stay cheap. */
  whole?: boolean;
}

const nothing = sql<SqlBool>`1 = 0`;
const everything = sql<SqlBool>`1 = 1`;

/** Whether the paths cover every root of the tree (roots have one-segment paths, "/<id>/"). */
export async function coversWholeTree(db: Kysely<DB>, paths: readonly string[]): Promise<boolean> {
  if (!paths.some((p) => p.split('/').length === 3)) return false;
  const roots = await db.selectFrom('orgs').select('path').where('parent_id', 'is', null).execute();
  return roots.length > 0 && roots.every((r) => paths.includes(r.path));
}

/** `orgs.path` inside one of the scope's subtrees. */
// Builders are typed loosely here: the helpers take a column name and work in any query.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = ExpressionBuilder<any, any>;

export function pathInScope(eb: AnyBuilder, pathColumn: string, scope: Scope): Expression<SqlBool> {
  if (scope.whole) return everything;
  if (scope.paths.length === 0) return nothing;
  const e = eb as ExpressionBuilder<DB, 'orgs'>;
  return e.or(
    scope.paths.map((p) => {
      const { lo, hi } = subtreeBounds(p);
      return e.and([e(pathColumn as 'orgs.path', '>=', lo), e(pathColumn as 'orgs.path', '<', hi)]);
    }),
  );
}

/** A record's org_id column inside the scope: the one condition every scoped query adds. */
export function orgInScope(eb: AnyBuilder, orgIdColumn: string, scope: Scope): Expression<SqlBool> {
  if (scope.whole) return everything;
  if (scope.paths.length === 0) return nothing;
  const e = eb as ExpressionBuilder<DB, 'orgs'>;
  return e(
    orgIdColumn as 'orgs.id',
    'in',
    e.selectFrom('orgs as scope_org').select('scope_org.id').where((s) => pathInScope(s, 'scope_org.path', scope)),
  );
}

/** One record's org_id inside the scope, as a correlated EXISTS: for single-record lookups, where
 *  listing every organization of a large scope (orgInScope) would cost more than the record itself. */
export function recordInScope(eb: AnyBuilder, orgIdColumn: string, scope: Scope): Expression<SqlBool> {
  if (scope.whole) return everything;
  if (scope.paths.length === 0) return nothing;
  const e = eb as ExpressionBuilder<DB, 'orgs'>;
  return e.exists(
    e.selectFrom('orgs as scope_org')
      .select('scope_org.id')
      .whereRef('scope_org.id', '=', orgIdColumn as 'orgs.id')
      .where((s) => pathInScope(s, 'scope_org.path', scope)),
  );
}

/** Whether the scope covers every root of the organization tree. */
export async function seesWholeTree(db: Kysely<DB>, scope: Scope): Promise<boolean> {
  if (scope.whole) return true;
  const roots = await db.selectFrom('orgs').select('path').where('parent_id', 'is', null).execute();
  return roots.length > 0 && roots.every((r) => pathCovered(r.path, scope));
}

/** Whether one path lies inside the scope (for checks on a single record already loaded). */
export function pathCovered(path: string, scope: Scope): boolean {
  return scope.paths.some((p) => path.startsWith(p));
}
