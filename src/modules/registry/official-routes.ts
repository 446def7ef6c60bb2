import type { Api, ModuleContext } from '../../core/module.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { readWorkbookUpload } from '../../core/attachments.js';
import { checkImport, importFailed, importTemplate, writeImport } from './import.js';
import {
  addFamily, addPost, createOfficial, listOfficials, officialDetail, removeFamily, revealIdNumber, updateOfficial, updatePost,
} from './official-store.js';
import {
  createFamilyBody, createOfficialBody, createPostBody, created, idParams, importResult, officialDetail as officialDetailSchema,
  officialExportQuery, officialFamilyParams, officialListQuery, officialPage, officialPostParams, revealedIdNumber, updateOfficialBody, updatePostBody,
} from './schema.js';

export function officialRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/officials', {
    schema: { tags: ['officials'], summary: 'Officials in scope, filtered, sorted and paginated', querystring: officialListQuery, response: { 200: officialPage } },
    preHandler: ctx.can('officials.read'),
  }, async (req) => {
    const { total, page } = await listOfficials(ctx.db, req.actor.scope, req.query);
    return { total, items: await page((req.query.page - 1) * req.query.pageSize, req.query.pageSize) };
  });

  app.get('/api/officials/export', {
    schema: { tags: ['officials'], summary: 'Export the filtered list as .xlsx', querystring: officialExportQuery },
    preHandler: ctx.can('officials.read'),
  }, async (req, reply) => {
    const { page } = await listOfficials(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'official.export', detail: { filters: req.query } });
    const stream = streamSheet('干部名册', [
      { header: '姓名 Name', key: 'name', value: (r) => r.name },
      { header: '性别 Gender', key: 'gender', width: 8, value: (r) => (r.gender === 'M' ? '男' : '女') },
      { header: '出生日期 Born', key: 'birthDate', width: 12, value: (r) => r.birthDate },
      { header: '单位 Organization', key: 'orgName', width: 32, value: (r) => r.orgName },
      { header: '现任职务 Title', key: 'title', width: 24, value: (r) => r.currentTitle },
      { header: '一把手 Principal', key: 'principal', width: 10, value: (r) => (r.isPrincipal ? '是' : '否') },
    ], pages(page));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="officials.xlsx"; filename*=UTF-8''${encodeURIComponent('干部名册.xlsx')}`)
      .send(stream);
  });

  app.get('/api/officials/import/template', {
    schema: { tags: ['officials'], summary: 'The .xlsx template for importing officials and posts' },
    preHandler: ctx.can('officials.import'),
  }, async (_req, reply) => reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', `attachment; filename="officials-template.xlsx"; filename*=UTF-8''${encodeURIComponent('干部任职导入模板.xlsx')}`)
    .send(await importTemplate()));

  app.post('/api/officials/import', {
    schema: { tags: ['officials'], summary: 'Import officials and posts from .xlsx (all rows or none)', response: { 200: importResult }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('officials.import'),
  }, async (req) => {
    const file = await readWorkbookUpload(req);
    const { rows, errors } = await checkImport(ctx.db, req.actor.scope, file.data);
    if (errors.length) {
      await ctx.auditEvent(req.actor, { action: 'official.import', outcome: 'failed', detail: { file: file.filename, errors: errors.length } });
      throw importFailed(errors);
    }
    const counts = await ctx.tx(async (trx) => {
      const c = await writeImport(trx, ctx.crypto, req.actor.scope, rows);
      await ctx.audit(trx, req.actor, { action: 'official.import', detail: { file: file.filename, ...c } });
      return c;
    });
    return { created: counts };
  });

  app.get('/api/officials/:id', {
    schema: { tags: ['officials'], summary: 'An official with posts and family members (audited read)', params: idParams, response: { 200: officialDetailSchema } },
    preHandler: ctx.can('officials.read'),
  }, async (req) => {
    const detail = await officialDetail(ctx.db, req.actor.scope, req.params.id);
    await ctx.auditEvent(req.actor, { action: 'official.read', targetType: 'official', targetId: detail.id, orgId: detail.orgId });
    return detail;
  });

  app.get('/api/officials/:id/id-number', {
    schema: { tags: ['officials'], summary: 'Reveal the official’s ID number (audited)', params: idParams, response: { 200: revealedIdNumber } },
    preHandler: ctx.can('officials.sensitive'),
  }, async (req) => {
    const { official, idNumber } = await revealIdNumber(ctx.db, ctx.crypto, req.actor.scope, req.params.id);
    await ctx.auditEvent(req.actor, { action: 'official.reveal-id-number', targetType: 'official', targetId: official.id, orgId: official.org_id });
    return { idNumber };
  });

  app.post('/api/officials', {
    schema: { tags: ['officials'], summary: 'Register an official', body: createOfficialBody, response: { 201: created } },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const newId = await createOfficial(trx, ctx.crypto, req.actor.scope, req.body);
      await ctx.audit(trx, req.actor, { action: 'official.create', targetType: 'official', targetId: newId, orgId: req.body.orgId, detail: { name: req.body.name } });
      return newId;
    });
    return reply.code(201).send({ id });
  });

  app.patch('/api/officials/:id', {
    schema: { tags: ['officials'], summary: 'Change an official’s particulars', params: idParams, body: updateOfficialBody },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const before = await updateOfficial(trx, ctx.crypto, req.actor.scope, req.params.id, req.body);
      const { idNumber, ...visible } = req.body;
      await ctx.audit(trx, req.actor, {
        action: 'official.update', targetType: 'official', targetId: before.id, orgId: before.org_id,
        detail: { change: visible, idNumberChanged: idNumber !== undefined },
      });
    });
    return reply.code(204).send();
  });

  app.post('/api/officials/:id/posts', {
    schema: { tags: ['officials'], summary: 'Add a post (one principal per team at a time)', params: idParams, body: createPostBody, response: { 201: created } },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const postId = await addPost(trx, req.actor.scope, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'post.create', targetType: 'post', targetId: postId, orgId: req.body.orgId, detail: { officialId: req.params.id, ...req.body } });
      return postId;
    });
    return reply.code(201).send({ id });
  });

  app.patch('/api/officials/:id/posts/:postId', {
    schema: { tags: ['officials'], summary: 'Change or end a post', params: officialPostParams, body: updatePostBody },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const before = await updatePost(trx, req.actor.scope, req.params.id, req.params.postId, req.body);
      await ctx.audit(trx, req.actor, { action: 'post.update', targetType: 'post', targetId: before.id, orgId: before.org_id, detail: { change: req.body } });
    });
    return reply.code(204).send();
  });

  app.post('/api/officials/:id/family', {
    schema: { tags: ['officials'], summary: 'Register a family member', params: idParams, body: createFamilyBody, response: { 201: created } },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const { id: familyId, official } = await addFamily(trx, ctx.crypto, req.actor.scope, req.params.id, req.body);
      const { idNumber, ...visible } = req.body;
      await ctx.audit(trx, req.actor, {
        action: 'family.create', targetType: 'family_member', targetId: familyId, orgId: official.org_id,
        detail: { officialId: official.id, ...visible, idNumberGiven: Boolean(idNumber) },
      });
      return familyId;
    });
    return reply.code(201).send({ id });
  });

  app.delete('/api/officials/:id/family/:familyId', {
    schema: { tags: ['officials'], summary: 'Remove a family member (their sealed data is shredded)', params: officialFamilyParams },
    preHandler: ctx.can('officials.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const official = await removeFamily(trx, req.actor.scope, req.params.id, req.params.familyId);
      await ctx.audit(trx, req.actor, { action: 'family.delete', targetType: 'family_member', targetId: req.params.familyId, orgId: official.org_id });
    });
    return reply.code(204).send();
  });

}
