import type { Api, ModuleContext } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import { auditPage, auditQuery, checkpoint, checkpointCheck, verifyResult } from './schema.js';
import { checkpointHolds, searchAudit, verifyChain } from './store.js';

export function auditRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/audit', {
    schema: { tags: ['audit'], summary: 'Search the audit log', querystring: auditQuery, response: { 200: auditPage } },
    preHandler: ctx.can('audit.read'),
  }, async (req) => {
    const page = await searchAudit(ctx.db, req.query);
    await ctx.tx((trx) => ctx.audit(trx, req.actor, { action: 'audit.search', detail: { query: req.query } }));
    return page;
  });

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: 'Recompute the hash chain and report the first broken row', response: { 200: verifyResult } },
    preHandler: ctx.can('audit.verify'),
  }, async (req) => {
    const result = await verifyChain(ctx.db, ctx.crypto);
    await ctx.tx((trx) => ctx.audit(trx, req.actor, { action: 'audit.verify', outcome: result.ok ? 'ok' : 'failed', detail: { ...result } }));
    return result;
  });

  app.get('/api/audit/checkpoint', {
    schema: { tags: ['audit'], summary: 'A signed checkpoint of the chain head, to detect truncation later', response: { 200: checkpoint } },
    preHandler: ctx.can('audit.verify'),
  }, async (req) => {
    const head = await ctx.db.selectFrom('audit_log').select(['seq', 'row_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const body = { seq: Number(head?.seq ?? 0), hash: head?.row_hash ?? '0'.repeat(64), at: nowIso() };
    await ctx.tx((trx) => ctx.audit(trx, req.actor, { action: 'audit.checkpoint', detail: body }));
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
    await ctx.tx((trx) => ctx.audit(trx, req.actor, { action: 'audit.checkpoint-verify', outcome: holds ? 'ok' : 'failed', detail: body }));
    return { signatureValid, holds, headSeq: Number(head?.seq ?? 0) };
  });
}

function signCheckpoint(ctx: ModuleContext, c: { seq: number; hash: string; at: string }): string {
  return ctx.crypto.auditHmac(`checkpoint|${c.seq}|${c.hash}|${c.at}`);
}
