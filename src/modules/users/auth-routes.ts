import type { FastifyRequest } from 'fastify';
import * as OTPAuth from 'otpauth';
import { AppError, badRequest, unauthorized } from '../../core/errors.js';
import type { Api, ModuleContext } from '../../core/module.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../core/passwords.js';
import { ADMIN_ROLES, type Role } from '../../core/roles.js';
import { nowIso, nowMs } from '../../core/time.js';
import { changePasswordBody, loginBody, loginResult, meResult, totpEnableBody, totpSetupBody, totpSetupResult } from './schema.js';
import { createSession, endSession, endSessionsOfUser } from './sessions.js';
import { findUserByUsername, recordFailedLogin, recordSuccessfulLogin, rolesOf } from './store.js';

export const SESSION_COOKIE = 'jiandu_sid';

export function authRoutes(app: Api, ctx: ModuleContext): void {
  const policy = ctx.config;
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: policy.secureCookies };

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with username, password and (when enrolled) a TOTP code', body: loginBody, response: { 200: loginResult } },
    config: { rateLimit: { max: policy.loginRatePerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { username, password, totp } = req.body;
    const user = await findUserByUsername(ctx.db, username);
    const fail = async (reason: string, userId: string | null, code = 'invalid_credentials', message = 'Wrong username or password') => {
      await ctx.auditEvent(null, {
        action: 'auth.login', targetType: 'user', targetId: userId, outcome: 'failed', detail: { username, reason },
        as: { id: userId, username, ip: req.ip },
      });
      throw new AppError(401, code, message);
    };
    if (!user) {
      await verifyPassword(password, DUMMY_HASH); // same work whether or not the user exists
      return fail('unknown user', null);
    }
    if (user.status !== 'active') return fail('account disabled', user.id);
    if (user.locked_until && Date.parse(user.locked_until) > nowMs()) {
      return fail('account locked', user.id, 'locked', 'Too many failed attempts: the account is locked for a while');
    }
    const countFailure = async (reason: string) => {
      const lockedUntil = await recordFailedLogin(ctx.db, user.id, policy.lockoutAttempts, policy.lockoutMinutes);
      return lockedUntil
        ? fail(reason + '; locked', user.id, 'locked', 'Too many failed attempts: the account is locked for a while')
        : fail(reason, user.id);
    };
    if (!(await verifyPassword(password, user.password_hash))) return countFailure('wrong password');
    if (user.totp_enabled === 1) {
      if (!totp) throw new AppError(401, 'totp_required', 'Enter the six-digit code from your authenticator');
      const secret = user.totp_secret_enc ? ctx.crypto.open(user.totp_secret_enc, totpKey(ctx)) : '';
      if (!(await acceptTotp(ctx, user.id, secret, totp, user.username, user.totp_last_step))) return countFailure('wrong TOTP code');
    }
    const roles = await rolesOf(ctx.db, user.id);
    const mfaPending = !ctx.config.demoMode && user.totp_enabled !== 1 && roles.some((r) => ADMIN_ROLES.includes(r));
    // A new session on every sign-in (no fixation); the one the browser had is ended.
    const old = req.cookies[SESSION_COOKIE];
    if (old) await endSession(ctx.db, old);
    await recordSuccessfulLogin(ctx.db, user.id);
    const { token, csrfToken } = await createSession(ctx.db, user.id, policy, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, mfaPending });
    await ctx.auditEvent(null, {
      action: 'auth.login', targetType: 'user', targetId: user.id, orgId: user.org_id, detail: { username, mfaPending },
      as: { id: user.id, username, ip: req.ip },
    });
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return { user: await describeMe(ctx, user.id, roles), csrfToken, mfaSetupRequired: mfaPending };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out and end the session' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(ctx.db, token);
    if (req.actor) await ctx.auditEvent(req.actor, { action: 'auth.logout', targetType: 'user', targetId: req.actor.id });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user, their permissions and CSRF token', response: { 200: meResult } } }, async (req) => {
    const actor = requireSignedIn(req);
    return { user: await describeMe(ctx, actor.id, actor.roles), csrfToken: req.csrfToken ?? '' };
  });

  app.post('/api/auth/password', { schema: { tags: ['auth'], summary: 'Change one’s own password', body: changePasswordBody } }, async (req, reply) => {
    const actor = requireSignedIn(req);
    const user = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(req.body.currentPassword, user.password_hash))) {
      // A stolen session must not be a way to guess the password: failures count as at sign-in.
      const locked = await recordFailedLogin(ctx.db, actor.id, policy.lockoutAttempts, policy.lockoutMinutes);
      await ctx.tx(async (trx) => {
        if (locked) await endSessionsOfUser(trx, actor.id);
        await ctx.audit(trx, actor, { action: 'auth.password-change', targetType: 'user', targetId: actor.id, outcome: 'failed', detail: { locked: Boolean(locked) } });
      });
      if (locked) throw new AppError(401, 'locked', 'Too many failed attempts: the account is locked for a while');
      throw badRequest('Current password is wrong', 'body.currentPassword');
    }
    const problem = passwordProblem(req.body.newPassword);
    if (problem) throw badRequest(problem, 'body.newPassword');
    const hash = await hashPassword(req.body.newPassword);
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso(), failed_logins: 0, updated_at: nowIso() }).where('id', '=', actor.id).execute();
      // Every other session of this user ends: a changed password shuts out whoever else had one.
      await trx.deleteFrom('sessions').where('user_id', '=', actor.id).where('id', '!=', actor.sessionId).execute();
      await ctx.audit(trx, actor, { action: 'auth.password-change', targetType: 'user', targetId: actor.id });
    });
    return reply.code(204).send();
  });

  app.post('/api/auth/totp/setup', {
    schema: { tags: ['auth'], summary: 'Start TOTP enrolment: a new secret, active only once confirmed', body: totpSetupBody, response: { 200: totpSetupResult } },
  }, async (req) => {
    const actor = requireSignedIn(req);
    const user = await ctx.db.selectFrom('users').select(['password_hash', 'totp_enabled']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    // Re-binding an enrolled second factor to another device takes the password, not just a session.
    if (user.totp_enabled === 1 && !(req.body?.password && (await verifyPassword(req.body.password, user.password_hash)))) {
      throw badRequest('Enter your password to enrol a new authenticator', 'body.password');
    }
    const secret = new OTPAuth.Secret({ size: 20 });
    const totp = makeTotp(secret.base32, actor.username);
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({ totp_pending_enc: ctx.crypto.seal(secret.base32, totpKey(ctx)), updated_at: nowIso() }).where('id', '=', actor.id).execute();
      await ctx.audit(trx, actor, { action: 'auth.totp-setup', targetType: 'user', targetId: actor.id });
    });
    return { secret: secret.base32, uri: totp.toString() };
  });

  app.post('/api/auth/totp/enable', { schema: { tags: ['auth'], summary: 'Finish TOTP enrolment with a code', body: totpEnableBody } }, async (req, reply) => {
    const actor = requireSignedIn(req);
    const user = await ctx.db.selectFrom('users').select(['totp_pending_enc', 'totp_last_step']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    if (!user.totp_pending_enc) throw badRequest('Start the set-up first', 'body.code');
    const pending = ctx.crypto.open(user.totp_pending_enc, totpKey(ctx));
    if (!(await acceptTotp(ctx, actor.id, pending, req.body.code, actor.username, 0))) throw badRequest('The code does not match', 'body.code');
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({ totp_secret_enc: user.totp_pending_enc, totp_pending_enc: null, totp_enabled: 1, updated_at: nowIso() }).where('id', '=', actor.id).execute();
      await trx.updateTable('sessions').set({ mfa_pending: 0 }).where('id', '=', actor.sessionId).execute();
      await ctx.audit(trx, actor, { action: 'auth.totp-enable', targetType: 'user', targetId: actor.id });
    });
    return reply.code(204).send();
  });
}

function requireSignedIn(req: FastifyRequest) {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

async function describeMe(ctx: ModuleContext, userId: string, roles: Role[]) {
  const u = await ctx.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.org_id', 'orgs.name as org_name', 'users.totp_enabled'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const table = ctx.permissionTable();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    orgName: u.org_name,
    roles,
    permissions: Object.keys(table).filter((a) => table[a].some((r) => roles.includes(r))).sort(),
    totpEnabled: u.totp_enabled === 1,
    demoMode: ctx.config.demoMode,
  };
}

/** TOTP secrets are sealed under a key derived from the master key for that purpose alone. */
function totpKey(ctx: ModuleContext): Buffer {
  return ctx.crypto.purposeKey('totp-secrets');
}

function makeTotp(secret: string, label: string) {
  return new OTPAuth.TOTP({ issuer: 'Jiandu', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** Accepts a code once: its time step must be later than the last one accepted for this user. */
async function acceptTotp(ctx: ModuleContext, userId: string, secret: string, code: string, label: string, lastStep: number): Promise<boolean> {
  if (!secret) return false;
  const totp = makeTotp(secret, label);
  const delta = totp.validate({ token: code, window: 1, timestamp: nowMs() });
  if (delta === null) return false;
  const step = Math.floor(nowMs() / 1000 / totp.period) + delta;
  if (step <= lastStep) return false;
  // Conditional update: of two requests with the same code, only one moves the step forward.
  const res = await ctx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).where('totp_last_step', '<', step).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
