import { type RecordFiles, attachToRecord, attachmentMetaSchema, listAttachments, readWorkbookUpload, sendRecordFile } from '../../core/attachments.js';
import type { Api, ModuleContext } from '../../core/module.js';
import { maskTail } from '../../core/sealed.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { classify } from './classify.js';
import { checkImport, importFailed, importTemplate, writeImport } from './import.js';
import { CHANNEL_ZH, DISCIPLINE_ZH, SECTOR_ZH, STATUS_ZH } from './labels.js';
import {
  DOC_TYPE, createPetition, getMatterRow, getPetitionRow, linkMatter, listPetitions, matterReports, reportText, resolveSubjects, setStatus, subjectsOf, toItems,
  type ItemRow,
} from './petition-store.js';
import { findRepeats } from './repeats.js';
import { revealsOf } from './reveal-store.js';
import {
  type Channel, type Discipline, type PetitionStatus, type Sector, attachmentParams, classification, classifyBody, createPetitionBody, createdPetition, idParams, importResult, linkMatterBody, petitionDetail,
  petitionExportQuery, petitionListQuery, petitionPage, repeatCheckBody, repeatList, statusBody,
} from './schema.js';

/** A report's files: sealed under the report's key, audited as petition.attach / petition.download. */
const filesOf = (p: { id: string; org_id: string }): RecordFiles => ({ orgId: p.org_id, ownerType: DOC_TYPE, ownerId: p.id, targetType: 'petition', actionPrefix: 'petition' });

export function petitionRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/petitions', {
    schema: { tags: ['petitions'], summary: 'Reports in scope, filtered, sorted and paginated (no reporter identity)', querystring: petitionListQuery, response: { 200: petitionPage } },
    preHandler: ctx.can('petitions.read'),
  }, async (req) => {
    const { total, query } = await listPetitions(ctx.db, req.actor.scope, req.query);
    const items = await toItems(ctx.db, (await query.execute()) as ItemRow[]);
    await ctx.auditEvent(req.actor, { action: 'petition.list', detail: { filters: req.query, shown: items.length } });
    return { total, items };
  });

  app.get('/api/petitions/export', {
    schema: { tags: ['petitions'], summary: 'Export the filtered list as .xlsx (never the reporter identity)', querystring: petitionExportQuery },
    preHandler: ctx.can('petitions.read'),
  }, async (req, reply) => {
    const { query } = await listPetitions(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'petition.export', detail: { filters: req.query } });
    type Item = Awaited<ReturnType<typeof toItems>>[number];
    const stream = streamSheet<Item>('信访举报', [
      { header: '编号 Serial', key: 'serial', width: 18, value: (r) => r.serial },
      { header: '收到日期 Received', key: 'receivedAt', width: 12, value: (r) => r.receivedAt },
      { header: '渠道 Channel', key: 'channel', width: 10, value: (r) => CHANNEL_ZH[r.channel as keyof typeof CHANNEL_ZH] },
      { header: '匿名 Anonymous', key: 'anonymous', width: 8, value: (r) => (r.anonymous ? '匿名' : '实名') },
      { header: '登记单位 Organization', key: 'orgName', width: 28, value: (r) => r.orgName },
      { header: '被反映对象 Subjects', key: 'subjects', width: 30, value: (r) => r.subjects.map((s) => s.name).join('、') },
      { header: '标题摘要 Summary', key: 'summary', width: 40, value: (r) => r.summary },
      { header: '纪律类别 Discipline', key: 'discipline', width: 12, value: (r) => DISCIPLINE_ZH[r.discipline as keyof typeof DISCIPLINE_ZH] },
      { header: '领域 Sector', key: 'sector', width: 12, value: (r) => SECTOR_ZH[r.sector as keyof typeof SECTOR_ZH] },
      { header: '状态 Status', key: 'status', width: 10, value: (r) => STATUS_ZH[r.status as keyof typeof STATUS_ZH] },
      { header: '同一事项件数 Reports on the matter', key: 'count', width: 10, value: (r) => r.matterReportCount },
    ], pages(async (offset, limit) => toItems(ctx.db, (await query.limit(limit).offset(offset).execute()) as ItemRow[])));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="petitions.xlsx"; filename*=UTF-8''${encodeURIComponent('信访举报.xlsx')}`)
      .send(stream);
  });

  app.get('/api/petitions/import/template', {
    schema: { tags: ['petitions'], summary: 'The .xlsx template for bulk intake' },
    preHandler: ctx.can('petitions.import'),
  }, async (_req, reply) => reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', `attachment; filename="petitions-template.xlsx"; filename*=UTF-8''${encodeURIComponent('信访举报导入模板.xlsx')}`)
    .send(await importTemplate()));

  app.post('/api/petitions/import', {
    schema: { tags: ['petitions'], summary: 'Bulk intake from .xlsx (all rows or none; each bad row reported)', response: { 200: importResult }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('petitions.import'),
  }, async (req) => {
    const upload = await readWorkbookUpload(req);
    const { rows, errors } = await checkImport(ctx.db, req.actor.scope, upload.data);
    if (errors.length) {
      await ctx.auditEvent(req.actor, { action: 'petition.import', outcome: 'failed', detail: { file: upload.filename, errors: errors.length } });
      throw importFailed(errors);
    }
    const counts = await ctx.tx(async (trx) => {
      const c = await writeImport(trx, ctx.crypto, req.actor.scope, req.actor.id, rows);
      await ctx.audit(trx, req.actor, { action: 'petition.import', detail: { file: upload.filename, ...c } });
      return c;
    });
    return { created: counts };
  });

  app.post('/api/petitions/classify', {
    schema: { tags: ['petitions'], summary: 'Suggest the discipline and sector of a text', body: classifyBody, response: { 200: classification } },
    preHandler: ctx.can('petitions.write'),
  }, async (req) => classify(req.body.text));

  app.post('/api/petitions/repeats/check', {
    schema: { tags: ['petitions'], summary: 'Earlier reports on the same subjects with similar text (before intake)', body: repeatCheckBody, response: { 200: repeatList } },
    preHandler: ctx.can('petitions.write'),
  }, async (req) => {
    const subjects = await resolveSubjects(ctx.db, req.actor.scope, req.body.subjects);
    return { items: await findRepeats(ctx.db, req.actor.scope, { subjects, text: reportText(req.body) }) };
  });

  app.post('/api/petitions', {
    schema: { tags: ['petitions'], summary: 'Register a report (identity sealed; repeats offered)', body: createPetitionBody, response: { 201: createdPetition } },
    preHandler: ctx.can('petitions.write'),
  }, async (req, reply) => {
    const result = await ctx.tx(async (trx) => {
      const r = await createPetition(trx, ctx.crypto, req.actor.scope, req.actor.id, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'petition.create', targetType: 'petition', targetId: r.id, orgId: req.body.orgId,
        detail: { serial: r.serial, channel: req.body.channel, anonymous: req.body.anonymous, subjects: r.subjects.length, matterId: r.matterId, repeatOf: req.body.matterId ?? null },
      });
      return r;
    });
    const repeats = req.body.matterId ? [] : await findRepeats(ctx.db, req.actor.scope, {
      subjects: result.subjects, text: reportText(req.body), excludeId: result.id,
    });
    return reply.code(201).send({ id: result.id, serial: result.serial, matterId: result.matterId, discipline: result.discipline, sector: result.sector, repeats });
  });

  app.get('/api/petitions/:id', {
    schema: { tags: ['petitions'], summary: 'A report with subjects, matter, reveal requests and attachments (audited read; identity masked)', params: idParams, response: { 200: petitionDetail } },
    preHandler: ctx.can('petitions.read'),
  }, async (req) => {
    const p = await getPetitionRow(ctx.db, req.actor.scope, req.params.id);
    const [org, matter, subjects, reports, reveals, files] = await Promise.all([
      ctx.db.selectFrom('orgs').select('name').where('id', '=', p.org_id).executeTakeFirstOrThrow(),
      ctx.db.selectFrom('petition_matters').selectAll().where('id', '=', p.matter_id).executeTakeFirstOrThrow(),
      subjectsOf(ctx.db, [p.id]),
      matterReports(ctx.db, p.matter_id),
      revealsOf(ctx.db, p.id, req.actor.id, ctx.allowed(req.actor, 'petitions.reveal-approve')),
      listAttachments(ctx.db, DOC_TYPE, [p.id]),
    ]);
    await ctx.auditEvent(req.actor, { action: 'petition.read', targetType: 'petition', targetId: p.id, orgId: p.org_id });
    const named = p.anonymous === 0;
    return {
      id: p.id, serial: p.serial, orgId: p.org_id, orgName: org.name, channel: p.channel as Channel, receivedAt: p.received_at, anonymous: !named,
      summary: p.summary, content: p.content, discipline: p.discipline as Discipline, sector: p.sector as Sector, status: p.status as PetitionStatus, result: p.result, closedAt: p.closed_at,
      createdAt: p.created_at, matterId: p.matter_id, matterReportCount: Number(matter.report_count), subjects: subjects.get(p.id) ?? [],
      reporter: {
        nameMasked: named && p.reporter_name_enc ? '***' : null,
        idNumberMasked: maskTail(p.reporter_id_tail),
        contactMasked: p.reporter_contact_tail ? `*********${p.reporter_contact_tail}` : null,
      },
      matter: {
        id: matter.id, title: matter.title, status: matter.status, reportCount: Number(matter.report_count),
        firstReceivedAt: matter.first_received_at, lastReceivedAt: matter.last_received_at,
      },
      matterReports: reports.map((r) => ({ id: r.id, serial: r.serial, receivedAt: r.received_at, summary: r.summary, status: r.status as PetitionStatus })),
      reveals,
      attachments: files.get(p.id) ?? [],
    };
  });

  app.get('/api/petitions/:id/repeats', {
    schema: { tags: ['petitions'], summary: 'Earlier reports on the same subjects with similar text (repeat candidates)', params: idParams, response: { 200: repeatList } },
    preHandler: ctx.can('petitions.read'),
  }, async (req) => {
    const p = await getPetitionRow(ctx.db, req.actor.scope, req.params.id);
    const subjects = await ctx.db.selectFrom('petition_subjects').select(['subject_type', 'subject_id']).where('petition_id', '=', p.id).execute();
    const items = await findRepeats(ctx.db, req.actor.scope, { subjects, text: reportText(p), excludeId: p.id });
    return { items: items.filter((c) => c.matterId !== p.matter_id) };
  });

  app.post('/api/petitions/:id/matter', {
    schema: { tags: ['petitions'], summary: 'File the report under a matter as a repeat (or, with null, under a matter of its own)', params: idParams, body: linkMatterBody },
    preHandler: ctx.can('petitions.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const p = await linkMatter(trx, req.actor.scope, req.params.id, req.body.matterId);
      await ctx.audit(trx, req.actor, { action: 'petition.link-matter', targetType: 'petition', targetId: p.id, orgId: p.org_id, detail: { matterId: p.matter_id } });
    });
    return reply.code(204).send();
  });

  app.post('/api/petitions/:id/status', {
    schema: { tags: ['petitions'], summary: 'Move the report on (processing, to clue, closed with its result)', params: idParams, body: statusBody },
    preHandler: ctx.can('petitions.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const { before, from } = await setStatus(trx, req.actor.scope, req.params.id, req.body.status, req.body.result);
      await ctx.audit(trx, req.actor, { action: 'petition.status', targetType: 'petition', targetId: before.id, orgId: before.org_id, detail: { from, to: req.body.status } });
    });
    return reply.code(204).send();
  });

  app.get('/api/petitions/matters/:id', {
    schema: { tags: ['petitions'], summary: 'A matter and its reports', params: idParams },
    preHandler: ctx.can('petitions.read'),
  }, async (req) => {
    const m = await getMatterRow(ctx.db, req.actor.scope, req.params.id);
    const reports = await matterReports(ctx.db, m.id, 200);
    return {
      id: m.id, title: m.title, status: m.status, reportCount: Number(m.report_count), firstReceivedAt: m.first_received_at, lastReceivedAt: m.last_received_at,
      reports: reports.map((r) => ({ id: r.id, serial: r.serial, receivedAt: r.received_at, summary: r.summary, status: r.status })),
    };
  });

  app.post('/api/petitions/:id/attachments', {
    schema: { tags: ['petitions'], summary: 'Attach a file (sealed under the report’s key)', params: idParams, response: { 201: attachmentMetaSchema }, consumes: ['multipart/form-data'] },
    preHandler: ctx.can('petitions.write'),
  }, async (req, reply) => {
    const p = await getPetitionRow(ctx.db, req.actor.scope, req.params.id);
    return reply.code(201).send(await attachToRecord(ctx, req, filesOf(p)));
  });

  app.get('/api/petitions/:id/attachments/:attId', {
    schema: { tags: ['petitions'], summary: 'Download an attachment (audited)', params: attachmentParams },
    preHandler: ctx.can('petitions.read'),
  }, async (req, reply) => {
    const p = await getPetitionRow(ctx.db, req.actor.scope, req.params.id);
    return sendRecordFile(ctx, req, reply, filesOf(p), req.params.attId);
  });
}
