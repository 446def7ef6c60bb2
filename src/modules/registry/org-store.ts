import type { Db } from '../../db/index.js';
import { pathCovered, pathInScope, type Scope } from '../../db/scope.js';
import { containsInsensitive } from '../../db/sql.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { nowIso, today, yearsBetween } from '../../core/time.js';
import type { z } from 'zod';
import type { createOrgBody, orgListQuery, updateOrgBody } from './schema.js';

type Q = Db | Trx;
type OrgRow = Awaited<ReturnType<typeof getOrgRow>>;

export function toOrg(r: OrgRow) {
  return {
    id: r.id, parentId: r.parent_id, name: r.name, shortName: r.short_name, level: r.level, kind: r.kind, code: r.code,
    path: r.path, depth: r.depth, sortOrder: r.sort_order,
  };
}

/** An organization inside the scope; outside it, it does not exist (404). */
export async function getOrgRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
  if (!row) throw notFound('Organization');
  return row;
}

/** Children of a node, or the scope's roots, each saying whether it has children of its own. */
export async function orgChildren(db: Db, scope: Scope, parentId?: string) {
  let q = db
    .selectFrom('orgs')
    .select((eb) => [
      'orgs.id', 'orgs.parent_id', 'orgs.name', 'orgs.level', 'orgs.kind',
      eb.exists(eb.selectFrom('orgs as c').select('c.id').whereRef('c.parent_id', '=', 'orgs.id')).as('has_children'),
    ]);
  if (parentId) {
    await getOrgRow(db, parentId, scope);
    q = q.where('orgs.parent_id', '=', parentId);
  } else {
    const roots = scope.paths.filter((p) => !scope.paths.some((o) => o !== p && p.startsWith(o)));
    if (!roots.length) return [];
    q = q.where('orgs.path', 'in', roots);
  }
  const rows = await q.where((eb) => pathInScope(eb, 'orgs.path', scope)).orderBy('orgs.sort_order').orderBy('orgs.name').limit(2000).execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, level: r.level, kind: r.kind, hasChildren: Boolean(Number(r.has_children)) }));
}

export async function listOrgs(db: Db, scope: Scope, q: z.infer<typeof orgListQuery>) {
  let base = db.selectFrom('orgs').where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (q.q) {
    const needle = q.q;
    base = base.where(() => containsInsensitive('orgs.name', needle));
  }
  if (q.level) base = base.where('level', '=', q.level);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.parentId) base = base.where('parent_id', '=', q.parentId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('depth').orderBy('sort_order').orderBy('name').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { total: Number(total.n), items: rows.map(toOrg) };
}

export async function orgDetail(db: Db, scope: Scope, id: string) {
  const row = await getOrgRow(db, id, scope);
  const ancestorIds = row.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors = ancestorIds.length
    ? await db.selectFrom('orgs').select(['id', 'name', 'depth']).where('id', 'in', ancestorIds).orderBy('depth').execute()
    : [];
  const stationedUnits = await db
    .selectFrom('org_stationed')
    .innerJoin('orgs', 'orgs.id', 'org_stationed.unit_org_id')
    .select(['orgs.id', 'orgs.name'])
    .where('org_stationed.group_org_id', '=', id)
    .orderBy('orgs.name')
    .execute();
  const children = await db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
  return {
    ...toOrg(row),
    // Ancestors above the user's scope are not theirs to see.
    ancestors: ancestors.filter((a) => pathCovered(pathOf(row.path, a.id), scope)).map((a) => ({ id: a.id, name: a.name })),
    stationedUnits,
    childCount: Number(children.n),
  };
}

function pathOf(descendantPath: string, ancestorId: string): string {
  return descendantPath.slice(0, descendantPath.indexOf('/' + ancestorId + '/') + ancestorId.length + 2);
}

export async function createOrg(trx: Trx, scope: Scope, b: z.infer<typeof createOrgBody>) {
  const parent = await getOrgRow(trx, b.parentId, scope).catch(() => {
    throw badRequest('Unknown parent organization', 'body.parentId');
  });
  const dup = await trx.selectFrom('orgs').select('id').where('parent_id', '=', parent.id).where('name', '=', b.name).executeTakeFirst();
  if (dup) throw conflict('An organization of that name already exists here', 'body.name');
  const id = newId();
  const now = nowIso();
  const row = {
    id, parent_id: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1, name: b.name, short_name: b.shortName ?? null,
    level: b.level, kind: b.kind, code: b.code ?? null, sort_order: b.sortOrder ?? 0, search_text: b.name, created_at: now, updated_at: now,
  };
  await trx.insertInto('orgs').values(row).execute();
  return row;
}

export async function updateOrg(trx: Trx, scope: Scope, id: string, b: z.infer<typeof updateOrgBody>) {
  const row = await getOrgRow(trx, id, scope);
  if (b.name && b.name !== row.name && row.parent_id) {
    const dup = await trx.selectFrom('orgs').select('id').where('parent_id', '=', row.parent_id).where('name', '=', b.name).executeTakeFirst();
    if (dup) throw conflict('An organization of that name already exists here', 'body.name');
  }
  await trx.updateTable('orgs').set({
    ...(b.name !== undefined && { name: b.name, search_text: b.name }),
    ...(b.shortName !== undefined && { short_name: b.shortName }),
    ...(b.kind !== undefined && { kind: b.kind }),
    ...(b.code !== undefined && { code: b.code }),
    ...(b.sortOrder !== undefined && { sort_order: b.sortOrder }),
    updated_at: nowIso(),
  }).where('id', '=', id).execute();
  return getOrgRow(trx, id, scope);
}

/** The current leadership team: principal first, then by start date. */
export async function currentTeam(db: Db, scope: Scope, orgId: string) {
  await getOrgRow(db, orgId, scope);
  const rows = await db
    .selectFrom('posts')
    .innerJoin('officials', 'officials.id', 'posts.official_id')
    .select([
      'posts.id as post_id', 'officials.id as official_id', 'officials.name', 'posts.title', 'posts.rank', 'posts.division',
      'posts.is_principal', 'posts.is_key_post', 'posts.start_date',
    ])
    .where('posts.org_id', '=', orgId)
    .where('posts.end_date', 'is', null)
    .where('posts.is_team_member', '=', 1)
    .orderBy('posts.is_principal', 'desc')
    .orderBy('posts.start_date')
    .execute();
  const t = today();
  return rows.map((r) => ({
    postId: r.post_id, officialId: r.official_id, name: r.name, title: r.title, rank: r.rank, division: r.division,
    isPrincipal: r.is_principal === 1, isKeyPost: r.is_key_post === 1, startDate: r.start_date, tenureYears: yearsBetween(r.start_date, t),
  }));
}
