// HTTP routes of transfers (移送: send, receipt, feedback; inbox/outbox) and consultation meetings (会商研判).
import type { Api, ModuleContext } from '../../core/module.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { consultationDetail, consultationQuery, createConsultation, listConsultations } from './consultation-store.js';
import {
  consultationDetail as consultationDetailSchema, consultationExportQuery, consultationListQuery, consultationPage, createConsultationBody, created, feedbackBody, idParams,
  receiveBody, transferBody, transferExportQuery, transferListQuery as transferListSchema, transferPage,
} from './schema.js';
import { feedBack, listTransfers, receiveTransfer, sendTransfer, toTransfer, transferListQuery } from './transfer-store.js';

const TRANSFER_ZH: Record<string, string> = { sent: '待签收', received: '已签收待反馈', fed_back: '已反馈' };

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
    schema: { tags: ['clues'], summary: 'Transfers received (inbox) or sent (outbox) by bodies in scope', querystring: transferListSchema, response: { 200: transferPage } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const result = await listTransfers(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'clue.transfers', detail: { filters: req.query, shown: result.items.map((t) => t.clueCode) } });
    return result;
  });

  app.get('/api/clues/transfers/export', {
    schema: { tags: ['clues'], summary: 'Export the filtered inbox or outbox as .xlsx (audited)', querystring: transferExportQuery },
    preHandler: ctx.can('clues.read'),
  }, async (req, reply) => {
    const { sorted } = await transferListQuery(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'clue.transfers-export', detail: { filters: req.query } });
    const stream = streamSheet(req.query.box === 'inbox' ? '移送收件' : '移送发件', [
      { header: '线索编号 Code', key: 'code', width: 16, value: (t) => t.clueCode },
      { header: '问题摘要 Summary', key: 'summary', width: 50, value: (t) => t.clueSummary },
      { header: '移送单位 From', key: 'from', width: 26, value: (t) => t.fromOrgName },
      { header: '接收单位 To', key: 'to', width: 26, value: (t) => t.toOrgName },
      { header: '移送日期 Sent', key: 'sent', width: 12, value: (t) => t.sentDate },
      { header: '反馈期限 Feedback due', key: 'due', width: 14, value: (t) => t.feedbackDue },
      { header: '状态 Status', key: 'status', width: 14, value: (t) => TRANSFER_ZH[t.status] ?? t.status },
      { header: '逾期 Overdue', key: 'overdue', width: 8, value: (t) => (t.overdue ? '是' : '') },
      { header: '办理结果 Result', key: 'result', width: 40, value: (t) => t.result },
    ], pages(async (offset, limit) => (await sorted.limit(limit).offset(offset).execute()).map(toTransfer)));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="clue-transfers.xlsx"; filename*=UTF-8''${encodeURIComponent('线索移送.xlsx')}`)
      .send(stream);
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

  app.get('/api/clues/consultations/export', {
    schema: { tags: ['clues'], summary: 'Export the filtered consultation meetings as .xlsx (audited)', querystring: consultationExportQuery },
    preHandler: ctx.can('clues.read'),
  }, async (req, reply) => {
    const { sorted, hydrate } = await consultationQuery(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'consultation.export', detail: { filters: req.query } });
    const stream = streamSheet('会商研判', [
      { header: '会商日期 Date', key: 'date', width: 12, value: (m) => m.meetingDate },
      { header: '会议名称 Meeting', key: 'title', width: 40, value: (m) => m.title },
      { header: '主办单位 Host', key: 'host', width: 26, value: (m) => m.orgName },
      { header: '参加单位 Participants', key: 'participants', width: 40, value: (m) => m.participants.join('、') },
      { header: '线索数 Clues', key: 'clues', width: 8, value: (m) => m.clueCount },
      { header: '会商结论 Conclusions', key: 'conclusions', width: 60, value: (m) => m.conclusions },
    ], pages(async (offset, limit) => hydrate(await sorted.limit(limit).offset(offset).execute())));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="consultations.xlsx"; filename*=UTF-8''${encodeURIComponent('会商研判.xlsx')}`)
      .send(stream);
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
