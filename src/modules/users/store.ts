import type { Db } from '../../db/index.js';
import { coversWholeTree, orgInScope, recordInScope, pathCovered, type Scope } from '../../db/scope.js';
import { containsInsensitive } from '../../db/sql.js';
import { conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import type { Role } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import type { UserListQuery } from './schema.js';

type Q = Db | Trx;

/** The subtrees a user sees: explicit scopes set by the security admin; otherwise their own
 *  organization, and for a stationed group the units it is stationed in as well. */
export async function scopeOfUser(db: Q, userId: string, orgId: string): Promise<Scope> {
  const explicit = await db
    .selectFrom('user_scopes')
    .innerJoin('orgs', 'orgs.id', 'user_scopes.org_id')
    .select('orgs.path')
    .where('user_scopes.user_id', '=', userId)
    .execute();
  if (explicit.length) {
    const paths = explicit.map((r) => r.path);
    return { paths, whole: await coversWholeTree(db, paths) };
  }
  const own = await db.selectFrom('orgs').select(['path', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!own) return { paths: [] };
  const paths = [own.path];
  if (own.kind === 'stationed_group') {
    const units = await db
      .selectFrom('org_stationed')
      .innerJoin('orgs', 'orgs.id', 'org_stationed.unit_org_id')
      .select('orgs.path')
      .where('org_stationed.group_org_id', '=', orgId)
      .execute();
    paths.push(...units.map((u) => u.path));
  }
  return { paths, whole: await coversWholeTree(db, paths) };
}

export async function findUserByUsername(db: Q, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** A user account the administrator may manage: filed in their scope, and seeing no more than
 *  they do (a county administrator cannot take over an account with a province-wide view). */
export async function getUserRow(db: Q, id: string, scope: Scope) {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => recordInScope(eb, 'users.org_id', scope))
    .executeTakeFirst();
  if (!row) throw notFound('User');
  const theirs = await scopeOfUser(db, row.id, row.org_id);
  if (!theirs.paths.every((p) => pathCovered(p, scope))) throw notFound('User');
  return row;
}

export async function rolesOf(db: Q, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role as Role);
}

export async function listUsers(db: Db, scope: Scope, q: UserListQuery) {
  let base = db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .where((eb) => orgInScope(eb, 'users.org_id', scope));
  if (q.q) {
    const needle = q.q;
    base = base.where((eb) => eb.or([containsInsensitive('users.username', needle), containsInsensitive('users.display_name', needle)]));
  }
  if (q.orgId) base = base.where('users.org_id', '=', q.orgId);
  if (q.role) base = base.where('users.id', 'in', db.selectFrom('user_roles').select('user_id').where('role', '=', q.role));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'users.id', 'users.username', 'users.display_name', 'users.org_id', 'orgs.name as org_name', 'users.status',
      'users.locked_until', 'users.totp_enabled', 'users.last_login_at',
    ])
    .orderBy(({ username: 'users.username', displayName: 'users.display_name', lastLoginAt: 'users.last_login_at' } as const)[q.sort], q.order)
    .orderBy('users.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const roleRows = ids.length ? await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).execute() : [];
  const scopeRows = ids.length
    ? await db
        .selectFrom('user_scopes')
        .innerJoin('orgs', 'orgs.id', 'user_scopes.org_id')
        .select(['user_scopes.user_id', 'orgs.id', 'orgs.name'])
        .where('user_scopes.user_id', 'in', ids)
        .execute()
    : [];
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      orgId: r.org_id,
      orgName: r.org_name,
      roles: roleRows.filter((x) => x.user_id === r.id).map((x) => x.role),
      scopes: scopeRows.filter((x) => x.user_id === r.id).map((x) => ({ id: x.id, name: x.name })),
      status: r.status,
      lockedUntil: r.locked_until,
      totpEnabled: r.totp_enabled === 1,
      lastLoginAt: r.last_login_at,
    })),
  };
}

export async function insertUser(trx: Trx, u: { username: string; displayName: string; orgId: string; passwordHash: string }) {
  if (await findUserByUsername(trx, u.username)) throw conflict('Username is taken', 'body.username');
  const now = nowIso();
  const id = newId();
  await trx.insertInto('users').values({
    id, username: u.username, display_name: u.displayName, org_id: u.orgId, password_hash: u.passwordHash, status: 'active',
    failed_logins: 0, locked_until: null, totp_secret_enc: null, totp_enabled: 0, password_changed_at: now, last_login_at: null,
    created_at: now, updated_at: now,
  }).execute();
  return id;
}

// Both bump the account's updated_at: it is the stamp by which every process knows its cached grants are stale.
export async function replaceRoles(trx: Trx, userId: string, roles: readonly Role[]) {
  await trx.updateTable('users').set({ updated_at: nowIso() }).where('id', '=', userId).execute();
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

export async function replaceScopes(trx: Trx, userId: string, orgIds: readonly string[]) {
  await trx.updateTable('users').set({ updated_at: nowIso() }).where('id', '=', userId).execute();
  await trx.deleteFrom('user_scopes').where('user_id', '=', userId).execute();
  if (orgIds.length) await trx.insertInto('user_scopes').values(orgIds.map((org_id) => ({ user_id: userId, org_id }))).execute();
}

/** Counts a failure in one statement (parallel guesses are all counted) and locks at the limit. */
export async function recordFailedLogin(db: Q, userId: string, lockAfter: number, lockMinutes: number): Promise<string | null> {
  await db.updateTable('users').set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: nowIso() })).where('id', '=', userId).execute();
  const { failed_logins } = await db.selectFrom('users').select('failed_logins').where('id', '=', userId).executeTakeFirstOrThrow();
  if (failed_logins < lockAfter) return null;
  const lockedUntil = new Date(Date.parse(nowIso()) + lockMinutes * 60_000).toISOString();
  await db.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', userId).execute();
  return lockedUntil;
}

export async function recordSuccessfulLogin(db: Q, userId: string) {
  const now = nowIso();
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', userId).execute();
}
