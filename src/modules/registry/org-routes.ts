import type { Api, ModuleContext } from '../../core/module.js';
import { createOrg, currentTeam, getOrgRow, listOrgs, orgChildren, orgDetail, toOrg, updateOrg } from './org-store.js';
import { createOrgBody, idParams, org, orgDetail as orgDetailSchema, orgListQuery, orgPage, orgTree, orgTreeQuery, team, updateOrgBody } from './schema.js';

export function orgRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/orgs/tree', {
    schema: { tags: ['orgs'], summary: 'Children of an organization, or the roots of the user’s scope', querystring: orgTreeQuery, response: { 200: orgTree } },
    preHandler: ctx.can('orgs.read'),
  }, async (req) => ({ nodes: await orgChildren(ctx.db, req.actor.scope, req.query.parentId) }));

  app.get('/api/orgs', {
    schema: { tags: ['orgs'], summary: 'Search organizations in scope', querystring: orgListQuery, response: { 200: orgPage } },
    preHandler: ctx.can('orgs.read'),
  }, async (req) => listOrgs(ctx.db, req.actor.scope, req.query));

  app.get('/api/orgs/:id', {
    schema: { tags: ['orgs'], summary: 'One organization with its ancestors and stationed units', params: idParams, response: { 200: orgDetailSchema } },
    preHandler: ctx.can('orgs.read'),
  }, async (req) => orgDetail(ctx.db, req.actor.scope, req.params.id));

  app.get('/api/orgs/:id/team', {
    schema: { tags: ['orgs'], summary: 'The current leadership team (领导班子) with its principal', params: idParams, response: { 200: team } },
    preHandler: ctx.can('officials.read'),
  }, async (req) => ({ members: await currentTeam(ctx.db, req.actor.scope, req.params.id) }));

  app.post('/api/orgs', {
    config: { changesGrants: true },
    schema: { tags: ['orgs'], summary: 'Create an organization under a parent in scope', body: createOrgBody, response: { 201: org } },
    preHandler: ctx.can('orgs.write'),
  }, async (req, reply) => {
    const row = await ctx.tx(async (trx) => {
      const r = await createOrg(trx, req.actor.scope, req.body);
      await ctx.audit(trx, req.actor, { action: 'org.create', targetType: 'org', targetId: r.id, orgId: r.id, detail: req.body });
      return r;
    });
    return reply.code(201).send(toOrg(row));
  });

  app.patch('/api/orgs/:id', {
    config: { changesGrants: true },
    schema: { tags: ['orgs'], summary: 'Rename or reclassify an organization', params: idParams, body: updateOrgBody, response: { 200: org } },
    preHandler: ctx.can('orgs.write'),
  }, async (req) => {
    const row = await ctx.tx(async (trx) => {
      const before = await getOrgRow(trx, req.params.id, req.actor.scope);
      const after = await updateOrg(trx, req.actor.scope, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'org.update', targetType: 'org', targetId: before.id, orgId: before.id, detail: { before: toOrg(before), change: req.body } });
      return after;
    });
    return toOrg(row);
  });
}
