// Sessions live in the database so that any app process can serve any request.
import type { Db } from '../../db/index.js';
import type { Scope } from '../../db/scope.js';
import { randomToken, sha256 } from '../../core/crypto.js';
import type { Actor } from '../../core/module.js';
import type { Role } from '../../core/roles.js';
import { nowIso, nowMs } from '../../core/time.js';
import { scopeOfUser } from './store.js';

export interface SessionPolicy {
  idleTimeoutMinutes: number;
  sessionHours: number;
  /** How long a user's roles and scope are reused while their account row is unchanged (0: never). */
  grantsCacheMs: number;
}

// The session row is read on every request, so a sign-out, disabling or expiry on any node ends the
// session everywhere at once. What it grants (roles, scope: three or four more statements) is reused
// while the account's `updated_at` stamp is unchanged, which every change of roles or scopes bumps.
// Any change made through this process empties the cache (the session hook calls `forgetGrants` after
// every request that is not a read); an org-tree change made through another process shows within
// `grantsCacheMs` (a moved scope root then matches nothing: it fails closed). The epoch keeps a
// lookup that raced such a change from storing what it read before it.
interface Grants { stamp: string; roles: Role[]; scope: Scope; cachedMs: number }
const grantsCache = new Map<string, Grants>();
const CACHE_LIMIT = 10_000;
let epoch = 0;

export function forgetGrants(): void {
  grantsCache.clear();
  epoch++;
}

async function grantsOf(db: Db, user: { id: string; orgId: string; stamp: string }, policy: SessionPolicy, now: number) {
  const hit = grantsCache.get(user.id);
  if (hit && hit.stamp === user.stamp && now - hit.cachedMs < policy.grantsCacheMs) return hit;
  const started = epoch;
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
  const scope = await scopeOfUser(db, user.id, user.orgId);
  const grants = { stamp: user.stamp, roles: roles.map((r) => r.role as Role), scope, cachedMs: now };
  if (policy.grantsCacheMs > 0 && epoch === started) {
    if (grantsCache.size >= CACHE_LIMIT) grantsCache.delete(grantsCache.keys().next().value!);
    grantsCache.set(user.id, grants);
  }
  return grants;
}

export async function createSession(db: Db, userId: string, policy: SessionPolicy, meta: { ip: string | null; userAgent: string | null; mfaPending: boolean }) {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = nowIso();
  await db.insertInto('sessions').values({
    id: sha256(token),
    user_id: userId,
    csrf_token: csrfToken,
    mfa_pending: meta.mfaPending ? 1 : 0,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(nowMs() + policy.sessionHours * 3600_000).toISOString(),
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  }).execute();
  return { token, csrfToken };
}

export type SessionLookup =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'ok'; actor: Actor & { mfaPending: boolean }; csrfToken: string };

/** Resolves a cookie token to the signed-in person, enforcing idle and absolute timeouts. */
export async function lookupSession(db: Db, token: string, policy: SessionPolicy, ip: string | null): Promise<SessionLookup> {
  const id = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id', 'sessions.csrf_token', 'sessions.mfa_pending', 'sessions.last_seen_at', 'sessions.expires_at',
      'users.id as user_id', 'users.username', 'users.display_name', 'users.org_id', 'users.status', 'users.updated_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return { state: 'none' };
  const now = nowMs();
  const idleFor = now - Date.parse(row.last_seen_at);
  if (row.status !== 'active' || now > Date.parse(row.expires_at) || idleFor > policy.idleTimeoutMinutes * 60_000) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return { state: 'expired' };
  }
  // Touch at most once a minute: idle tracking without a write on every request.
  if (idleFor > 60_000) await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
  const { roles, scope } = await grantsOf(db, { id: row.user_id, orgId: row.org_id, stamp: row.updated_at }, policy, now);
  return {
    state: 'ok',
    csrfToken: row.csrf_token,
    actor: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      orgId: row.org_id,
      roles,
      scope,
      sessionId: row.id,
      ip,
      mfaPending: row.mfa_pending === 1,
    },
  };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function endSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
