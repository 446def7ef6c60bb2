import { badRequest, forbidden, notFound } from '../../core/errors.js';
import type { Api, ModuleContext } from '../../core/module.js';
import { hashPassword, passwordProblem } from '../../core/passwords.js';
import { ROLES, ROLE_LABELS, roleConflict } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { pathInScope } from '../../db/scope.js';
import {
  createUserBody, created, idParams, resetPasswordBody, roleCatalogue, rolesBody, scopesBody, updateUserBody, userExportQuery, userListQuery, userPage,
} from './schema.js';
import { endSessionsOfUser } from './sessions.js';
import { getUserRow, insertUser, listUsers, replaceRoles, replaceScopes } from './store.js';

export function userRoutes(app: Api, ctx: ModuleContext): void {
  /** The organization must lie inside the administrator's own scope. */
  async function assertOrgsInScope(scope: { paths: readonly string[] }, orgIds: string[], field: string) {
    if (!orgIds.length) return;
    const found = await ctx.db.selectFrom('orgs').select('id').where('id', 'in', orgIds).where((eb) => pathInScope(eb, 'orgs.path', scope)).execute();
    if (found.length !== new Set(orgIds).size) throw badRequest('Unknown organization', field);
  }

  app.get('/api/users', {
    schema: { tags: ['users'], summary: 'List user accounts in scope', querystring: userListQuery, response: { 200: userPage } },
    preHandler: ctx.can('users.read'),
  }, async (req) => listUsers(ctx.db, req.actor.scope, req.query));

  app.get('/api/users/export', {
    schema: { tags: ['users'], summary: 'Export the filtered account list as .xlsx', querystring: userExportQuery },
    preHandler: ctx.can('users.read'),
  }, async (req, reply) => {
    await ctx.auditEvent(req.actor, { action: 'user.export', detail: { filters: req.query } });
    const stream = streamSheet('用户清单', [
      { header: '用户名 Username', key: 'username', width: 18, value: (u) => u.username },
      { header: '姓名 Name', key: 'name', width: 16, value: (u) => u.displayName },
      { header: '单位 Organization', key: 'org', width: 28, value: (u) => u.orgName },
      { header: '角色 Roles', key: 'roles', width: 30, value: (u) => u.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS]?.zh ?? r).join('、') },
      { header: '可见范围 Scopes', key: 'scopes', width: 30, value: (u) => u.scopes.map((s) => s.name).join('、') },
      { header: '状态 Status', key: 'status', width: 10, value: (u) => (u.status === 'active' ? '启用' : '停用') },
      { header: '双因素 TOTP', key: 'totp', width: 10, value: (u) => (u.totpEnabled ? '是' : '否') },
      { header: '最近登录 Last sign-in', key: 'last', width: 22, value: (u) => u.lastLoginAt },
    ], pages(async (offset, limit) => (await listUsers(ctx.db, req.actor.scope, { ...req.query, page: offset / limit + 1, pageSize: limit })).items, 200));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="users.xlsx"; filename*=UTF-8''${encodeURIComponent('用户清单.xlsx')}`)
      .send(stream);
  });

  app.get('/api/users/roles', {
    schema: { tags: ['users'], summary: 'The roles and the actions each may perform', response: { 200: roleCatalogue } },
    preHandler: ctx.can('users.read'),
  }, async () => {
    const table = ctx.permissionTable();
    const actions = Object.keys(table).sort();
    return {
      actions,
      roles: ROLES.map((role) => ({ role, ...ROLE_LABELS[role], actions: actions.filter((a) => table[a].includes(role)) })),
    };
  });

  app.post('/api/users', {
    config: { changesGrants: true },
    schema: { tags: ['users'], summary: 'Create a user account', body: createUserBody, response: { 201: created } },
    preHandler: ctx.can('users.write'),
  }, async (req, reply) => {
    const b = req.body;
    const problem = passwordProblem(b.password);
    if (problem) throw badRequest(problem, 'body.password');
    await assertOrgsInScope(req.actor.scope, [b.orgId], 'body.orgId');
    const passwordHash = await hashPassword(b.password);
    const id = await ctx.tx(async (trx) => {
      const userId = await insertUser(trx, { username: b.username, displayName: b.displayName, orgId: b.orgId, passwordHash });
      await ctx.audit(trx, req.actor, { action: 'user.create', targetType: 'user', targetId: userId, orgId: b.orgId, detail: { username: b.username } });
      return userId;
    });
    return reply.code(201).send({ id });
  });

  app.patch('/api/users/:id', {
    config: { changesGrants: true },
    schema: { tags: ['users'], summary: 'Change a user’s name, organization or status', params: idParams, body: updateUserBody },
    preHandler: ctx.can('users.write'),
  }, async (req, reply) => {
    const user = await getUserRow(ctx.db, req.params.id, req.actor.scope);
    if (req.body.orgId) await assertOrgsInScope(req.actor.scope, [req.body.orgId], 'body.orgId');
    if (user.id === req.actor.id && req.body.status === 'disabled') throw badRequest('You cannot disable your own account', 'body.status');
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({
        ...(req.body.displayName !== undefined && { display_name: req.body.displayName }),
        ...(req.body.orgId !== undefined && { org_id: req.body.orgId }),
        ...(req.body.status !== undefined && { status: req.body.status }),
        updated_at: nowIso(),
      }).where('id', '=', user.id).execute();
      if (req.body.status === 'disabled' || req.body.orgId) await endSessionsOfUser(trx, user.id);
      await ctx.audit(trx, req.actor, { action: 'user.update', targetType: 'user', targetId: user.id, orgId: user.org_id, detail: req.body });
    });
    return reply.code(204).send();
  });

  app.post('/api/users/:id/password', {
    schema: { tags: ['users'], summary: 'Reset a user’s password', params: idParams, body: resetPasswordBody },
    preHandler: ctx.can('users.write'),
  }, async (req, reply) => {
    const user = await getUserRow(ctx.db, req.params.id, req.actor.scope);
    const problem = passwordProblem(req.body.password);
    if (problem) throw badRequest(problem, 'body.password');
    const hash = await hashPassword(req.body.password);
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso(), failed_logins: 0, locked_until: null, updated_at: nowIso() }).where('id', '=', user.id).execute();
      await endSessionsOfUser(trx, user.id);
      await ctx.audit(trx, req.actor, { action: 'user.password-reset', targetType: 'user', targetId: user.id, orgId: user.org_id });
    });
    return reply.code(204).send();
  });

  app.put('/api/users/:id/roles', {
    config: { changesGrants: true },
    schema: { tags: ['users'], summary: 'Set a user’s roles (security administrator)', params: idParams, body: rolesBody },
    preHandler: ctx.can('users.roles'),
  }, async (req, reply) => {
    const user = await getUserRow(ctx.db, req.params.id, req.actor.scope);
    if (user.id === req.actor.id) throw forbidden('No one may change their own roles');
    const roles = [...new Set(req.body.roles)];
    const clash = roleConflict(roles);
    if (clash) throw badRequest(clash, 'body.roles');
    await ctx.tx(async (trx) => {
      await replaceRoles(trx, user.id, roles);
      await endSessionsOfUser(trx, user.id);
      await ctx.audit(trx, req.actor, { action: 'user.roles', targetType: 'user', targetId: user.id, orgId: user.org_id, detail: { roles } });
    });
    return reply.code(204).send();
  });

  app.put('/api/users/:id/scopes', {
    config: { changesGrants: true },
    schema: { tags: ['users'], summary: 'Set the subtrees a user sees (security administrator)', params: idParams, body: scopesBody },
    preHandler: ctx.can('users.roles'),
  }, async (req, reply) => {
    const user = await getUserRow(ctx.db, req.params.id, req.actor.scope);
    const orgIds = [...new Set(req.body.orgIds)];
    await assertOrgsInScope(req.actor.scope, orgIds, 'body.orgIds');
    await ctx.tx(async (trx) => {
      await replaceScopes(trx, user.id, orgIds);
      await ctx.audit(trx, req.actor, { action: 'user.scopes', targetType: 'user', targetId: user.id, orgId: user.org_id, detail: { orgIds } });
    });
    return reply.code(204).send();
  });

  app.post('/api/users/:id/unlock', {
    schema: { tags: ['users'], summary: 'Lift a lockout', params: idParams },
    preHandler: ctx.can('users.roles'),
  }, async (req, reply) => {
    const user = await getUserRow(ctx.db, req.params.id, req.actor.scope);
    if (!user) throw notFound('User');
    await ctx.tx(async (trx) => {
      await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: nowIso() }).where('id', '=', user.id).execute();
      await ctx.audit(trx, req.actor, { action: 'user.unlock', targetType: 'user', targetId: user.id, orgId: user.org_id });
    });
    return reply.code(204).send();
  });
}
