// Two-person reveal of a reporter's identity: request → another person approves → the requester views.
import type { Api, ModuleContext } from '../../core/module.js';
import { checkReason, decideReveal, requestReveal, revealInbox, viewIdentity } from './reveal-store.js';
import {
  created, idParams, revealDecisionBody, revealInbox as revealInboxSchema, revealInboxQuery, revealParams, revealRequestBody, revealedIdentity,
} from './schema.js';

export function revealRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/petitions/reveals', {
    schema: { tags: ['petitions'], summary: 'Identity reveal requests in scope (the approver’s inbox)', querystring: revealInboxQuery, response: { 200: revealInboxSchema } },
    preHandler: ctx.can('petitions.reveal-request'),
  }, async (req) => revealInbox(ctx.db, req.actor.scope, req.actor.id, ctx.allowed(req.actor, 'petitions.reveal-approve'), req.query));

  app.post('/api/petitions/:id/reveals', {
    schema: { tags: ['petitions'], summary: 'Ask to see the reporter’s identity (another person must approve)', params: idParams, body: revealRequestBody, response: { 201: created } },
    preHandler: ctx.can('petitions.reveal-request'),
  }, async (req, reply) => {
    checkReason(req.body.reason);
    const id = await ctx.tx(async (trx) => {
      const r = await requestReveal(trx, req.actor.scope, req.params.id, req.actor.id, req.body.reason);
      await ctx.audit(trx, req.actor, {
        action: 'petition.identity-request', targetType: 'petition', targetId: r.petition.id, orgId: r.petition.org_id, detail: { revealId: r.id, reason: req.body.reason },
      });
      return r.id;
    });
    return reply.code(201).send({ id });
  });

  app.post('/api/petitions/:id/reveals/:revealId/decision', {
    schema: { tags: ['petitions'], summary: 'Approve or reject someone else’s request to see the identity', params: revealParams, body: revealDecisionBody },
    preHandler: ctx.can('petitions.reveal-approve'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const r = await decideReveal(trx, req.actor.scope, req.params.id, req.params.revealId, req.actor.id, req.body.approve);
      await ctx.audit(trx, req.actor, {
        action: req.body.approve ? 'petition.identity-approve' : 'petition.identity-reject', targetType: 'petition', targetId: r.petition.id,
        orgId: r.petition.org_id, detail: { revealId: req.params.revealId, requestedBy: r.requestedBy },
      });
    });
    return reply.code(204).send();
  });

  app.get('/api/petitions/:id/reveals/:revealId/identity', {
    schema: { tags: ['petitions'], summary: 'The reporter’s identity, for the requester of an approved request while it lasts (audited)', params: revealParams, response: { 200: revealedIdentity } },
    preHandler: ctx.can('petitions.reveal-request'),
  }, async (req, reply) => {
    const identity = await ctx.tx(async (trx) => {
      const r = await viewIdentity(trx, ctx.crypto, req.actor.scope, req.params.id, req.params.revealId, req.actor.id);
      await ctx.audit(trx, req.actor, { action: 'petition.identity-view', targetType: 'petition', targetId: r.petition.id, orgId: r.petition.org_id, detail: { revealId: req.params.revealId } });
      return r.identity;
    });
    return reply.header('cache-control', 'no-store').send(identity);
  });
}
