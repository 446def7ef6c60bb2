import type { Api, ModuleContext } from '../../core/module.js';
import { type RecordFiles, attachToRecord, attachmentMetaSchema, sendRecordFile } from '../../core/attachments.js';
import { conflict, forbidden } from '../../core/errors.js';
import { pathCovered } from '../../db/scope.js';
import { getReportRow, reviewQueue, reviewReport, submitReport } from './report-store.js';
import { created, createReportBody, idParams, reportAttachmentParams, reviewBody, reviewPage, reviewQueueQuery } from './schema.js';

export const REPORT_OWNER = 'ledger_report';
const filesOf = (r: { id: string; org_id: string }): RecordFiles => ({ orgId: r.org_id, ownerType: REPORT_OWNER, ownerId: r.id, targetType: 'ledger_report', actionPrefix: 'ledger.report' });

export function reportRoutes(app: Api, ctx: ModuleContext): void {
  app.post('/api/ledger/items/:id/reports', {
    schema: { tags: ['ledger'], summary: 'Report progress on an item (its lead organization only)', params: idParams, body: createReportBody, response: { 201: created } },
    preHandler: ctx.can('ledger.report'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const r = await submitReport(trx, req.actor.scope, req.actor.id, req.params.id, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'ledger.report.submit', targetType: 'ledger_report', targetId: r.id, orgId: r.item.lead_org_id,
        detail: { itemId: r.item.id, progress: req.body.progress, completes: req.body.completes },
      });
      return r.id;
    });
    return reply.code(201).send({ id });
  });

  app.post('/api/ledger/reports/:id/attachments', {
    schema: { tags: ['ledger'], summary: 'Attach evidence to a report awaiting review (type and size checked, content hashed)', params: idParams, response: { 201: attachmentMetaSchema }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('ledger.report'),
  }, async (req, reply) => {
    const report = await getReportRow(ctx.db, req.params.id, req.actor.scope);
    const lead = await ctx.db.selectFrom('orgs').select('path').where('id', '=', report.org_id).executeTakeFirstOrThrow();
    if (!pathCovered(lead.path, req.actor.scope)) throw forbidden('Only the reporting organization adds evidence');
    if (report.state !== 'submitted') throw conflict('Evidence can be added only while the report awaits review');
    return reply.code(201).send(await attachToRecord(ctx, req, filesOf(report)));
  });

  app.get('/api/ledger/reports/:id/attachments/:attId', {
    schema: { tags: ['ledger'], summary: 'Download a report’s evidence (audited)', params: reportAttachmentParams },
    preHandler: ctx.can('ledger.read'),
  }, async (req, reply) => {
    const report = await getReportRow(ctx.db, req.params.id, req.actor.scope);
    return sendRecordFile(ctx, req, reply, filesOf(report), req.params.attId);
  });

  app.get('/api/ledger/reviews', {
    schema: { tags: ['ledger'], summary: 'Reports for the caller’s bodies to review (or already reviewed)', querystring: reviewQueueQuery, response: { 200: reviewPage } },
    preHandler: ctx.can('ledger.review'),
  }, async (req) => reviewQueue(ctx.db, req.actor.scope, req.query));

  app.post('/api/ledger/reports/:id/review', {
    schema: { tags: ['ledger'], summary: 'Accept a report, or return it with a reason (the report is kept as it was)', params: idParams, body: reviewBody },
    preHandler: ctx.can('ledger.review'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const r = await reviewReport(trx, req.actor.scope, req.actor.id, req.params.id, req.body);
      await ctx.audit(trx, req.actor, {
        action: `ledger.report.${req.body.decision}`, targetType: 'ledger_report', targetId: r.id, orgId: r.org_id, detail: { itemId: r.item_id, reason: req.body.reason },
      });
    });
    return reply.code(204).send();
  });
}
