import type { Api, ModuleContext } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import { auditExportQuery, auditPage, auditQuery, checkpoint, checkpointCheck, verifyResult } from './schema.js';
import { XLSX_MIME, streamSheet } from '../../core/xlsx.js';
import { checkpointHolds, searchAudit } from './store.js';
import { verifyChain } from './verify.js';
import { seesWholeTree } from '../../db/scope.js';

export function auditRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/audit', {
    schema: { tags: ['audit'], summary: 'Search the audit log', querystring: auditQuery, response: { 200: auditPage } },
    preHandler: ctx.can('audit.read'),
  }, async (req) => {
    const page = await searchAudit(ctx.db, req.query, req.actor.scope, await seesWholeTree(ctx.db, req.actor.scope));
    await ctx.auditEvent(req.actor, { action: 'audit.search', detail: { query: req.query } });
    return page;
  });

  app.get('/api/audit/export', {
    schema: { tags: ['audit'], summary: 'Export the matching log rows as .xlsx (newest first, at most 100,000)', querystring: auditExportQuery },
    preHandler: ctx.can('audit.read'),
  }, async (req, reply) => {
    await ctx.auditEvent(req.actor, { action: 'audit.export', detail: { query: req.query } });
    const MAX = 100_000;
    const wholeTree = await seesWholeTree(ctx.db, req.actor.scope);
    async function* rows() {
      let before: number | undefined;
      for (let sent = 0; sent < MAX; ) {
        const page = await searchAudit(ctx.db, { ...req.query, before, limit: 1000 }, req.actor.scope, wholeTree);
        if (page.items.length) yield page.items;
        sent += page.items.length;
        if (page.nextBefore === null) return;
        before = page.nextBefore;
      }
    }
    const stream = streamSheet('审计日志', [
      { header: '序号 Seq', key: 'seq', width: 10, value: (r) => r.seq },
      { header: '时间 Time (UTC)', key: 'at', width: 24, value: (r) => r.at },
      { header: '操作人 Actor', key: 'actor', width: 16, value: (r) => r.actorName },
      { header: '操作 Action', key: 'action', width: 26, value: (r) => r.action },
      { header: '对象类型 Target type', key: 'tt', width: 14, value: (r) => r.targetType },
      { header: '对象 Target', key: 'tid', width: 38, value: (r) => r.targetId },
      { header: '结果 Outcome', key: 'outcome', width: 10, value: (r) => r.outcome },
      { header: 'IP', key: 'ip', width: 16, value: (r) => r.ip },
      { header: '详情 Detail', key: 'detail', width: 60, value: (r) => JSON.stringify(r.detail) },
      { header: '行哈希 Row hash', key: 'hash', width: 66, value: (r) => r.rowHash },
    ], rows());
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`)
      .send(stream);
  });

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: 'Recompute the hash chain and report the first broken row', response: { 200: verifyResult } },
    preHandler: ctx.can('audit.verify'),
  }, async (req) => {
    const result = await verifyChain(ctx.db, ctx.crypto);
    await ctx.auditEvent(req.actor, { action: 'audit.verify', outcome: result.ok ? 'ok' : 'failed', detail: { ...result } });
    return result;
  });

  app.get('/api/audit/checkpoint', {
    schema: { tags: ['audit'], summary: 'A signed checkpoint of the chain head, to detect truncation later', response: { 200: checkpoint } },
    preHandler: ctx.can('audit.verify'),
  }, async (req) => {
    const head = await ctx.db.selectFrom('audit_log').select(['seq', 'row_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const body = { seq: Number(head?.seq ?? 0), hash: head?.row_hash ?? '0'.repeat(64), at: nowIso() };
    await ctx.auditEvent(req.actor, { action: 'audit.checkpoint', detail: body });
    return { ...body, signature: signCheckpoint(ctx, body) };
  });

  app.post('/api/audit/checkpoint/verify', {
    schema: { tags: ['audit'], summary: 'Check that the log still extends a checkpoint', body: checkpoint, response: { 200: checkpointCheck } },
    preHandler: ctx.can('audit.verify'),
  }, async (req) => {
    const { signature, ...body } = req.body;
    const signatureValid = signCheckpoint(ctx, body) === signature;
    const holds = signatureValid && (body.seq === 0 || (await checkpointHolds(ctx.db, body.seq, body.hash)));
    const head = await ctx.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    await ctx.auditEvent(req.actor, { action: 'audit.checkpoint-verify', outcome: holds ? 'ok' : 'failed', detail: body });
    return { signatureValid, holds, headSeq: Number(head?.seq ?? 0) };
  });
}

function signCheckpoint(ctx: ModuleContext, c: { seq: number; hash: string; at: string }): string {
  return ctx.crypto.auditHmac(`checkpoint|${c.seq}|${c.hash}|${c.at}`);
}
