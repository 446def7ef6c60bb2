import type { Api, ModuleContext } from '../../core/module.js';
import { conflict } from '../../core/errors.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { type RecordFiles, attachToRecord, attachmentMetaSchema, listAttachments, sendRecordFile } from '../../core/attachments.js';
import { getOrgRow } from '../registry/index.js';
import type { Scope } from '../../db/scope.js';
import type { Db } from '../../db/index.js';
import {
  assessBody, attachmentParams, created, idParams, inquiryDetail as inquiryDetailSchema, inquiryExportQuery, inquiryListQuery, inquiryPage, issueBody,
  replyBody, signBody, STATUS_ZH,
} from './schema.js';
import { assessInquiry, getInquiryRow, inquiryDetail, issueInquiry, listInquiries, replyInquiry, signInquiry, summary } from './store.js';

export const OWNER = 'inquiry';
const filesOf = (row: { id: string; org_id: string }): RecordFiles => ({ orgId: row.org_id, ownerType: OWNER, ownerId: row.id, targetType: 'inquiry', actionPrefix: 'inquiry' });
const orgPath = async (db: Db, scope: Scope, orgId?: string) => (orgId ? (await getOrgRow(db, orgId, scope)).path : null);

export function inquiryRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/inquiries', {
    schema: { tags: ['inquiries'], summary: 'Written inquiries issued by bodies in scope, with counts by state (audited read)', querystring: inquiryListQuery, response: { 200: inquiryPage } },
    preHandler: ctx.can('inquiries.read'),
  }, async (req) => {
    const { count, byStatus, query } = listInquiries(ctx.db, req.actor.scope, req.query, await orgPath(ctx.db, req.actor.scope, req.query.orgId));
    const [total, counts, rows] = await Promise.all([count(), byStatus(), query.execute()]);
    await ctx.auditEvent(req.actor, { action: 'inquiry.list', detail: { filters: req.query, shown: rows.length } });
    return { total, byStatus: counts, items: rows.map(summary) };
  });

  app.get('/api/inquiries/export', {
    schema: { tags: ['inquiries'], summary: 'Export the filtered inquiries as .xlsx (audited)', querystring: inquiryExportQuery },
    preHandler: ctx.can('inquiries.read'),
  }, async (req, reply) => {
    const { query } = listInquiries(ctx.db, req.actor.scope, req.query, await orgPath(ctx.db, req.actor.scope, req.query.orgId));
    await ctx.auditEvent(req.actor, { action: 'inquiry.export', detail: { filters: req.query } });
    const stream = streamSheet('函询台账', [
      { header: '发函日期 Issued', key: 'issued', width: 12, value: (r) => r.issuedOn },
      { header: '被函询人 Official', key: 'official', width: 12, value: (r) => r.officialName },
      { header: '职务 Title', key: 'title', width: 24, value: (r) => r.officialTitle },
      { header: '函询事项 Matter', key: 'matter', width: 48, value: (r) => r.matter },
      { header: '发函机关 Issuer', key: 'org', width: 28, value: (r) => r.orgName },
      { header: '回复期限 Due', key: 'due', width: 12, value: (r) => r.replyDue },
      { header: '状态 Status', key: 'status', width: 14, value: (r) => (r.overdue ? '逾期未回复' : STATUS_ZH[r.status] ?? r.status) },
    ], pages(async (offset, limit) => (await query.limit(limit).offset(offset).execute()).map(summary)));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="inquiries.xlsx"; filename*=UTF-8''${encodeURIComponent('函询台账.xlsx')}`)
      .send(stream);
  });

  app.post('/api/inquiries', {
    schema: { tags: ['inquiries'], summary: 'Issue a written inquiry (reply due in 15 working days unless set)', body: issueBody, response: { 201: created } },
    preHandler: ctx.can('inquiries.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const newId = await issueInquiry(trx, req.actor.scope, req.actor, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'inquiry.issue', targetType: 'inquiry', targetId: newId, orgId: req.body.orgId,
        detail: { officialId: req.body.officialId, issuedOn: req.body.issuedOn, sourceType: req.body.sourceType ?? null, sourceId: req.body.sourceId ?? null },
      });
      return newId;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/inquiries/:id', {
    schema: { tags: ['inquiries'], summary: 'An inquiry with its reply, opinion, assessment, attachments and history (audited read)', params: idParams, response: { 200: inquiryDetailSchema } },
    preHandler: ctx.can('inquiries.read'),
  }, async (req) => {
    const { row, view } = await inquiryDetail(ctx.db, req.actor.scope, req.params.id);
    const files = await listAttachments(ctx.db, OWNER, [row.id]);
    await ctx.auditEvent(req.actor, { action: 'inquiry.read', targetType: 'inquiry', targetId: row.id, orgId: row.org_id });
    return { ...view, attachments: files.get(row.id) ?? [] };
  });

  const step = (path: string, summaryText: string, action: string, body: typeof replyBody | typeof signBody | typeof assessBody,
    run: typeof replyInquiry | typeof signInquiry | typeof assessInquiry) => {
    app.post(`/api/inquiries/:id/${path}`, {
      schema: { tags: ['inquiries'], summary: summaryText, params: idParams, body },
      preHandler: ctx.can('inquiries.write'),
    }, async (req, reply) => {
      await ctx.tx(async (trx) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const before = await run(trx, req.actor.scope, req.actor, req.params.id, req.body as any);
        await ctx.audit(trx, req.actor, { action, targetType: 'inquiry', targetId: before.id, orgId: before.org_id, detail: { from: before.status } });
      });
      return reply.code(204).send();
    });
  };
  step('reply', 'Record the official’s written reply', 'inquiry.reply', replyBody, replyInquiry);
  step('sign', 'Record the 一把手’s signed opinion on a team member’s reply (not a bare “同意”)', 'inquiry.sign', signBody, signInquiry);
  step('assess', 'Assess the reply: accepted, not accepted or escalated, with the reason', 'inquiry.assess', assessBody, assessInquiry);

  app.post('/api/inquiries/:id/attachments', {
    schema: { tags: ['inquiries'], summary: 'Attach a file to the reply (sealed at rest)', params: idParams, response: { 201: attachmentMetaSchema }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('inquiries.write'),
  }, async (req, reply) => {
    const row = await getInquiryRow(ctx.db, req.params.id, req.actor.scope);
    if (!['issued', 'replied', 'signed'].includes(row.status)) throw conflict('The inquiry has been assessed: no more files');
    return reply.code(201).send(await attachToRecord(ctx, req, filesOf(row)));
  });

  app.get('/api/inquiries/:id/attachments/:attId', {
    schema: { tags: ['inquiries'], summary: 'Download a file of an inquiry (audited)', params: attachmentParams },
    preHandler: ctx.can('inquiries.read'),
  }, async (req, reply) => {
    const row = await getInquiryRow(ctx.db, req.params.id, req.actor.scope);
    return sendRecordFile(ctx, req, reply, filesOf(row), req.params.attId);
  });
}
