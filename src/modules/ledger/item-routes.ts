import type { Api, ModuleContext } from '../../core/module.js';
import { pathCovered } from '../../db/scope.js';
import { listAttachments, readWorkbookUpload } from '../../core/attachments.js';
import { badRequest } from '../../core/errors.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { checkImport, importFailed, importTemplate, writeImport } from './import.js';
import {
  assignItem, createDocument, createItem, deleteDocument, deleteItem, itemDetail, itemPageWithLeaves, listDocuments, listItems, toItemSummary, updateItem,
} from './item-store.js';
import { rollup, rollupAll } from './rollup.js';
import {
  assignBody, assignResult, created, createDocumentBody, createItemBody, documentListQuery, documentPage, idParams, importQuery, importResult,
  itemDetail as itemDetailSchema, itemExportQuery, itemListQuery, itemPage, rollup as rollupSchema, rollupExportQuery, rollupQuery, updateItemBody,
} from './schema.js';
import type { ItemStatus } from './status.js';

export const STATUS_LABEL: Record<ItemStatus, string> = {
  not_started: '未启动', in_progress: '推进中', done: '已完成', overdue: '逾期', stalled: '停滞', withdrawn: '已撤销',
};
const KIND_LABEL: Record<string, string> = { area: '领域', measure: '措施', task: '任务', sub: '子措施' };
const CYCLE_LABEL: Record<string, string> = { none: '', monthly: '按月', quarterly: '按季' };

const attachmentHeader = (ascii: string, zh: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`;

export function itemRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/ledger/documents', {
    schema: { tags: ['ledger'], summary: 'Ledger documents the caller sees (owned, or holding items they see)', querystring: documentListQuery, response: { 200: documentPage } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => listDocuments(ctx.db, req.actor.scope, req.query));

  app.post('/api/ledger/documents', {
    schema: { tags: ['ledger'], summary: 'Create a ledger document (measures or annual plan)', body: createDocumentBody, response: { 201: created } },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const docId = await createDocument(trx, req.actor.scope, req.actor.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'ledger.document.create', targetType: 'ledger_document', targetId: docId, orgId: req.body.orgId, detail: { ...req.body } });
      return docId;
    });
    return reply.code(201).send({ id });
  });

  app.delete('/api/ledger/documents/:id', {
    schema: { tags: ['ledger'], summary: 'Delete a document nobody has reported under (409 otherwise)', params: idParams },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const doc = await deleteDocument(trx, req.actor.scope, req.params.id);
      await ctx.audit(trx, req.actor, { action: 'ledger.document.delete', targetType: 'ledger_document', targetId: doc.id, orgId: doc.org_id, detail: { title: doc.title } });
    });
    return reply.code(204).send();
  });

  app.get('/api/ledger/items', {
    schema: { tags: ['ledger'], summary: 'Ledger items: a level of the tree, a subtree, or a filtered list (status computed)', querystring: itemListQuery, response: { 200: itemPage } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => itemPageWithLeaves(ctx.db, req.actor.scope, req.query));

  app.get('/api/ledger/items/export', {
    schema: { tags: ['ledger'], summary: 'Export the filtered ledger as .xlsx', querystring: itemExportQuery },
    preHandler: ctx.can('ledger.read'),
  }, async (req, reply) => {
    const { query } = await listItems(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'ledger.export', detail: { filters: req.query } });
    type Row = ReturnType<typeof toItemSummary>;
    const stream = streamSheet<Row>('监督台账', [
      { header: '编号 Code', key: 'code', width: 12, value: (r) => r.code },
      { header: '层级 Kind', key: 'kind', width: 8, value: (r) => KIND_LABEL[r.kind] ?? r.kind },
      { header: '标题 Title', key: 'title', width: 50, value: (r) => r.title },
      { header: '牵头单位 Lead', key: 'lead', width: 24, value: (r) => r.leadOrgName },
      { header: '责任人 Owner', key: 'owner', width: 12, value: (r) => r.ownerName },
      { header: '完成时限 Deadline', key: 'deadline', width: 12, value: (r) => r.deadline },
      { header: '报告周期 Cycle', key: 'cycle', width: 10, value: (r) => CYCLE_LABEL[r.cycle] ?? r.cycle },
      { header: '状态 Status', key: 'status', width: 10, value: (r) => STATUS_LABEL[r.status] },
      { header: '最近报告 Last report', key: 'last', width: 12, value: (r) => r.lastReportOn },
      { header: '报告次数 Reports', key: 'reports', width: 10, value: (r) => r.reportCount },
    ], pages(async (offset, limit) => (await query.limit(limit).offset(offset).execute()).map((r) => toItemSummary(r))));
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('ledger.xlsx', '监督台账.xlsx')).send(stream);
  });

  app.get('/api/ledger/items/:id', {
    schema: { tags: ['ledger'], summary: 'An item with its hand-downs, reports (every version) and timeline', params: idParams, response: { 200: itemDetailSchema } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => {
    const { item, ownerPath, leadPath, detail } = await itemDetail(ctx.db, req.actor.scope, req.params.id);
    const files = await listAttachments(ctx.db, 'ledger_report', detail.reports.map((r) => r.id));
    for (const r of detail.reports) r.attachments = files.get(r.id) ?? [];
    const scope = req.actor.scope;
    return {
      ...detail,
      canEdit: ctx.allowed(req.actor, 'ledger.write') && pathCovered(ownerPath, scope),
      canReport: ctx.allowed(req.actor, 'ledger.report') && pathCovered(leadPath, scope) && item.state === 'open' && !item.done_on
        && !detail.reports.some((r) => r.state === 'submitted'),
    };
  });

  app.post('/api/ledger/items', {
    schema: { tags: ['ledger'], summary: 'Add an area, measure, task or sub-measure', body: createItemBody, response: { 201: created } },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const itemId = await createItem(trx, req.actor.scope, req.actor.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'ledger.item.create', targetType: 'ledger_item', targetId: itemId, orgId: req.body.leadOrgId, detail: { ...req.body } });
      return itemId;
    });
    return reply.code(201).send({ id });
  });

  app.patch('/api/ledger/items/:id', {
    schema: { tags: ['ledger'], summary: 'Change an item, or close or withdraw it', params: idParams, body: updateItemBody },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const before = await updateItem(trx, req.actor.scope, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'ledger.item.update', targetType: 'ledger_item', targetId: before.id, orgId: before.lead_org_id, detail: { change: req.body } });
    });
    return reply.code(204).send();
  });

  app.delete('/api/ledger/items/:id', {
    schema: { tags: ['ledger'], summary: 'Delete an item and its subtree, unless reports exist under it (409)', params: idParams },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const item = await deleteItem(trx, req.actor.scope, req.params.id);
      await ctx.audit(trx, req.actor, { action: 'ledger.item.delete', targetType: 'ledger_item', targetId: item.id, orgId: item.lead_org_id, detail: { code: item.code, title: item.title } });
    });
    return reply.code(204).send();
  });

  app.post('/api/ledger/items/:id/assign', {
    schema: { tags: ['ledger'], summary: 'Hand an item down to lower organizations (one assignment each)', params: idParams, body: assignBody, response: { 201: assignResult } },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    const result = await ctx.tx(async (trx) => {
      const r = await assignItem(trx, req.actor.scope, req.actor.id, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'ledger.item.assign', targetType: 'ledger_item', targetId: r.item.id, orgId: r.item.org_id, detail: { orgIds: req.body.orgIds, note: req.body.note } });
      return r.assignments;
    });
    return reply.code(201).send({ assignments: result });
  });

  app.get('/api/ledger/rollup', {
    schema: { tags: ['ledger'], summary: 'Completion by document, area, measure, org, level or region, with the counting rule: a page of groups in the order asked for, and the totals of all', querystring: rollupQuery, response: { 200: rollupSchema } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => rollup(ctx.db, req.actor.scope, req.query));

  app.get('/api/ledger/rollup/export', {
    schema: { tags: ['ledger'], summary: 'Export a roll-up view (every group) as .xlsx', querystring: rollupExportQuery },
    preHandler: ctx.can('ledger.read'),
  }, async (req, reply) => {
    const r = await rollupAll(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'ledger.export', detail: { rollup: req.query } });
    type G = (typeof r.groups)[number];
    const stream = streamSheet<G>('完成情况', [
      { header: '分组 Group', key: 'label', width: 40, value: (g) => g.label },
      { header: '事项数 Items', key: 'total', width: 10, value: (g) => g.total },
      { header: '已完成 Done', key: 'done', width: 10, value: (g) => g.done },
      { header: '推进中 In progress', key: 'inProgress', width: 10, value: (g) => g.inProgress },
      { header: '未启动 Not started', key: 'notStarted', width: 10, value: (g) => g.notStarted },
      { header: '逾期 Overdue', key: 'overdue', width: 10, value: (g) => g.overdue },
      { header: '停滞 Stalled', key: 'stalled', width: 10, value: (g) => g.stalled },
      { header: '完成率% Completion', key: 'completion', width: 12, value: (g) => g.completion },
    ], (async function* () {
      yield [...r.groups, r.totals];
    })());
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('ledger-rollup.xlsx', '台账完成情况.xlsx')).send(stream);
  });

  app.get('/api/ledger/import/template', {
    schema: { tags: ['ledger'], summary: 'The .xlsx template for importing a measures document' },
    preHandler: ctx.can('ledger.write'),
  }, async (_req, reply) => reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('ledger-template.xlsx', '任务清单导入模板.xlsx')).send(await importTemplate()));

  app.post('/api/ledger/import', {
    schema: { tags: ['ledger'], summary: 'Import a measures document from .xlsx (all rows or none)', querystring: importQuery, response: { 201: importResult }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    const { orgId, title, kind, docNumber } = req.query;
    if (!orgId) throw badRequest('Name the organization that issues the document', 'querystring.orgId');
    if (!title) throw badRequest('Give the document a title', 'querystring.title');
    const file = await readWorkbookUpload(req);
    const { rows, errors } = await checkImport(ctx.db, req.actor.scope, file.data);
    if (errors.length) {
      await ctx.auditEvent(req.actor, { action: 'ledger.import', outcome: 'failed', detail: { file: file.filename, errors: errors.length } });
      throw importFailed(errors);
    }
    const result = await ctx.tx(async (trx) => {
      const r = await writeImport(trx, req.actor.scope, req.actor.id, { orgId, title, kind, docNumber }, rows);
      await ctx.audit(trx, req.actor, { action: 'ledger.import', targetType: 'ledger_document', targetId: r.documentId, orgId, detail: { file: file.filename, items: r.items } });
      return r;
    });
    return reply.code(201).send({ documentId: result.documentId, created: { items: result.items } });
  });
}
