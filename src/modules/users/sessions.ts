// Sessions live in the database so that any app process can serve any request.
import type { Db } from '../../db/index.js';
import { randomToken, sha256 } from '../../core/crypto.js';
import type { Actor } from '../../core/module.js';
import type { Role } from '../../core/roles.js';
import { nowIso, nowMs } from '../../core/time.js';
import { scopeOfUser } from './store.js';

export interface SessionPolicy {
  idleTimeoutMinutes: number;
  sessionHours: number;
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
      'users.id as user_id', 'users.username', 'users.display_name', 'users.org_id', 'users.status',
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
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute();
  const scope = await scopeOfUser(db, row.user_id, row.org_id);
  return {
    state: 'ok',
    csrfToken: row.csrf_token,
    actor: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      orgId: row.org_id,
      roles: roles.map((r) => r.role as Role),
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
