// HTTP routes of transfers (移送: send, receipt, feedback; inbox/outbox) and consultation meetings (会商研判).
import type { Api, ModuleContext } from '../../core/module.js';
import { consultationDetail, createConsultation, listConsultations } from './consultation-store.js';
import {
  consultationDetail as consultationDetailSchema, consultationListQuery, consultationPage, createConsultationBody, created, feedbackBody, idParams,
  receiveBody, transferBody, transferListQuery, transferPage,
} from './schema.js';
import { feedBack, listTransfers, receiveTransfer, sendTransfer } from './transfer-store.js';

export function transferRoutes(app: Api, ctx: ModuleContext): void {
  app.post('/api/clues/:id/transfers', {
    schema: { tags: ['clues'], summary: 'Transfer (移送) a clue to another body, with a date for feedback', params: idParams, body: transferBody, response: { 201: created } },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const { clue, transferId } = await sendTransfer(trx, req.actor.scope, req.actor, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'clue.transfer', targetType: 'clue', targetId: clue.id, orgId: clue.org_id, detail: { transferId, toOrgId: req.body.toOrgId, feedbackDue: req.body.feedbackDue } });
      return transferId;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/clues/transfers', {
    schema: { tags: ['clues'], summary: 'Transfers received (inbox) or sent (outbox) by bodies in scope', querystring: transferListQuery, response: { 200: transferPage } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const result = await listTransfers(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'clue.transfers', detail: { filters: req.query, shown: result.items.map((t) => t.clueCode) } });
    return result;
  });

  app.post('/api/clues/transfers/:id/receive', {
    schema: { tags: ['clues'], summary: 'Sign for a transfer (receipt); the clue is registered at the receiving body', params: idParams, body: receiveBody, response: { 201: created } },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const { transfer, receivedClueId } = await receiveTransfer(trx, req.actor.scope, req.actor, req.params.id, req.body.note);
      await ctx.audit(trx, req.actor, { action: 'clue.receive', targetType: 'clue_transfer', targetId: transfer.id, orgId: transfer.to_org_id, detail: { clueId: transfer.clue_id, receivedClueId } });
      return receivedClueId;
    });
    return reply.code(201).send({ id });
  });

  app.post('/api/clues/transfers/:id/feedback', {
    schema: { tags: ['clues'], summary: 'Feed the result of a received transfer back to the sender', params: idParams, body: feedbackBody },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const t = await feedBack(trx, req.actor.scope, req.actor, req.params.id, req.body.result);
      await ctx.audit(trx, req.actor, { action: 'clue.feedback', targetType: 'clue_transfer', targetId: t.id, orgId: t.to_org_id, detail: { clueId: t.clue_id } });
    });
    return reply.code(204).send();
  });

  app.get('/api/clues/consultations', {
    schema: { tags: ['clues'], summary: 'Consultation meetings (会商研判) held by bodies in scope', querystring: consultationListQuery, response: { 200: consultationPage } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const result = await listConsultations(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'consultation.list', detail: { filters: req.query, shown: result.items.map((m) => m.id) } });
    return result;
  });

  app.post('/api/clues/consultations', {
    schema: { tags: ['clues'], summary: 'Record a consultation meeting: bodies, clues discussed, conclusions and assignments', body: createConsultationBody, response: { 201: created } },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const meetingId = await createConsultation(trx, req.actor.scope, req.actor, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'consultation.create', targetType: 'consultation', targetId: meetingId, orgId: req.body.orgId,
        detail: { title: req.body.title, clues: req.body.clues.map((c) => c.clueId) },
      });
      return meetingId;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/clues/consultations/:id', {
    schema: { tags: ['clues'], summary: 'A consultation meeting with its clues, conclusions and assignments (audited read)', params: idParams, response: { 200: consultationDetailSchema } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const m = await consultationDetail(ctx.db, req.actor.scope, req.params.id);
    await ctx.auditEvent(req.actor, { action: 'consultation.read', targetType: 'consultation', targetId: m.id, orgId: m.orgId });
    return m;
  });
}
