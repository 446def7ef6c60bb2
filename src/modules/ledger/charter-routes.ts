import type { Api, ModuleContext } from '../../core/module.js';
import { charterDetail, charterDocx, createCharter, listCharters, signCharter } from './charter-store.js';
import { charterDetail as charterDetailSchema, charterListQuery, charterPage, created, createCharterBody, idParams, signBody } from './schema.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function charterRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/ledger/charters', {
    schema: { tags: ['ledger'], summary: '一单一书 issued to organizations in scope, with their tracking', querystring: charterListQuery, response: { 200: charterPage } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => listCharters(ctx.db, req.actor.scope, req.query));

  app.post('/api/ledger/charters', {
    schema: { tags: ['ledger'], summary: 'Issue a 主体责任清单 or 监督任务书 to an organization’s 一把手 (duties drawn from the ledger)', body: createCharterBody, response: { 201: created } },
    preHandler: ctx.can('ledger.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const c = await createCharter(trx, req.actor.scope, { id: req.actor.id, orgId: req.actor.orgId }, req.body);
      await ctx.audit(trx, req.actor, { action: 'ledger.charter.issue', targetType: 'ledger_charter', targetId: c.id, orgId: c.orgId, detail: { ...req.body, items: c.items } });
      return c.id;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/ledger/charters/:id', {
    schema: { tags: ['ledger'], summary: 'A charter with its duties and their status', params: idParams, response: { 200: charterDetailSchema } },
    preHandler: ctx.can('ledger.read'),
  }, async (req) => charterDetail(ctx.db, req.actor.scope, req.params.id));

  app.get('/api/ledger/charters/:id/docx', {
    schema: { tags: ['ledger'], summary: 'The charter as a formal Word document (GB/T 9704 layout)', params: idParams },
    preHandler: ctx.can('ledger.read'),
  }, async (req, reply) => {
    const { buffer, title, orgId } = await charterDocx(ctx.db, req.actor.scope, req.params.id);
    await ctx.auditEvent(req.actor, { action: 'ledger.charter.download', targetType: 'ledger_charter', targetId: req.params.id, orgId });
    return reply.header('content-type', DOCX_MIME)
      .header('content-disposition', `attachment; filename="charter.docx"; filename*=UTF-8''${encodeURIComponent(title + '.docx')}`)
      .send(buffer);
  });

  app.post('/api/ledger/charters/:id/sign', {
    schema: { tags: ['ledger'], summary: 'Sign for (签收) a charter on behalf of the receiving organization', params: idParams, body: signBody },
    preHandler: ctx.can('ledger.report'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const c = await signCharter(trx, req.actor.scope, req.actor.id, req.params.id, req.body.signedName);
      await ctx.audit(trx, req.actor, { action: 'ledger.charter.sign', targetType: 'ledger_charter', targetId: c.id, orgId: c.org_id, detail: { signedName: req.body.signedName } });
    });
    return reply.code(204).send();
  });
}
