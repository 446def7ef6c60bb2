import type { Api, ModuleContext } from '../../core/module.js';
import { attachmentMetaSchema, openAttachment, readUpload, sendAttachment, storeAttachment } from '../../core/attachments.js';
import { conflict, forbidden } from '../../core/errors.js';
import { pathCovered } from '../../db/scope.js';
import { getReportRow, reviewQueue, reviewReport, submitReport } from './report-store.js';
import { created, createReportBody, idParams, reportAttachmentParams, reviewBody, reviewPage, reviewQueueQuery } from './schema.js';

export const REPORT_OWNER = 'ledger_report';

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
    const upload = await readUpload(req);
    const meta = await ctx.tx(async (trx) => {
      const m = await storeAttachment(trx, ctx.crypto, { orgId: report.org_id, ownerType: REPORT_OWNER, ownerId: report.id, keyId: report.id, createdBy: req.actor.id, upload });
      await ctx.audit(trx, req.actor, { action: 'ledger.report.attach', targetType: 'ledger_report', targetId: report.id, orgId: report.org_id, detail: { file: m.filename, size: m.size, hash: m.hash } });
      return m;
    });
    return reply.code(201).send(meta);
  });

  app.get('/api/ledger/reports/:id/attachments/:attId', {
    schema: { tags: ['ledger'], summary: 'Download a report’s evidence (audited)', params: reportAttachmentParams },
    preHandler: ctx.can('ledger.read'),
  }, async (req, reply) => {
    const report = await getReportRow(ctx.db, req.params.id, req.actor.scope);
    const { meta, data } = await openAttachment(ctx.db, ctx.crypto, { id: req.params.attId, ownerType: REPORT_OWNER, ownerId: report.id });
    await ctx.auditEvent(req.actor, { action: 'ledger.report.download', targetType: 'attachment', targetId: meta.id, orgId: report.org_id, detail: { reportId: report.id } });
    return sendAttachment(reply, meta, data);
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
