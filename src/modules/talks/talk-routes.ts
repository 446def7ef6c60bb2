import type { Api, ModuleContext } from '../../core/module.js';
import { conflict, forbidden } from '../../core/errors.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { readWorkbookUpload } from '../../core/attachments.js';
import { seesWholeTree } from '../../db/scope.js';
import { attendeeTemplate, checkAttendees, importFailed } from './attendees.js';
import { talkRecordDocument } from './document.js';
import {
  attendeeImportResult, completeFollowupBody, created, createTalkBody, followupParams, idParams, looseIdParams, MODE_ZH, STATUS_ZH, subjectPage, subjectsQuery,
  talkDetail as talkDetailSchema, talkExportQuery, talkListQuery, talkPage, talkTypeList, typeParams, updateTalkBody, updateTypeBody,
} from './schema.js';
import {
  addSubjects, completeFollowup, createTalk, getTalkRow, listSubjects, listTalks, orgPathFilter, talkDetail, updateTalk,
} from './talk-store.js';
import { listTypes, updateType } from './type-store.js';

const xlsxHeaders = (ascii: string, zh: string) => ({
  'content-type': XLSX_MIME,
  'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`,
});

export function talkRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/talks/types', {
    schema: { tags: ['talks'], summary: 'Talk types (configuration): trigger, subject, conducting body, safeguards, cadence', response: { 200: talkTypeList } },
    preHandler: ctx.can('talks.read'),
  }, async () => ({ items: await listTypes(ctx.db) }));

  app.patch('/api/talks/types/:id', {
    schema: { tags: ['talks'], summary: 'Edit a talk type (applies to the whole tree)', params: typeParams, body: updateTypeBody },
    preHandler: ctx.can('talks.configure'),
  }, async (req, reply) => {
    // Talk types apply to the whole tree: only someone who sees the whole tree may change them.
    if (!(await seesWholeTree(ctx.db, req.actor.scope))) {
      await ctx.auditEvent(req.actor, { action: 'access.denied', outcome: 'denied', detail: { action: 'talks.configure', route: req.routeOptions.url, reason: 'scope below the root' } });
      throw forbidden('Talk types apply everywhere: only users with a province-wide view may change them');
    }
    await ctx.tx(async (trx) => {
      await updateType(trx, req.params.id, req.body, req.actor.id);
      await ctx.audit(trx, req.actor, { action: 'talk-type.update', targetType: 'talk_type', targetId: req.params.id, detail: { change: req.body } });
    });
    return reply.code(204).send();
  });

  app.get('/api/talks', {
    schema: { tags: ['talks'], summary: 'Talks held or planned by bodies in scope (audited read)', querystring: talkListQuery, response: { 200: talkPage } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => {
    const { count, query, map } = listTalks(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    const [total, rows] = await Promise.all([count(), query.execute()]);
    await ctx.auditEvent(req.actor, { action: 'talk.list', detail: { filters: req.query, shown: rows.length } });
    return { total, items: rows.map(map) };
  });

  app.get('/api/talks/export', {
    schema: { tags: ['talks'], summary: 'Export the filtered talks as .xlsx (audited)', querystring: talkExportQuery },
    preHandler: ctx.can('talks.read'),
  }, async (req, reply) => {
    const { query, map } = listTalks(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    await ctx.auditEvent(req.actor, { action: 'talk.export', detail: { filters: req.query } });
    const stream = streamSheet('谈话台账', [
      { header: '日期 Date', key: 'date', width: 12, value: (r) => r.talkDate },
      { header: '类型 Type', key: 'type', width: 16, value: (r) => r.typeName },
      { header: '形式 Mode', key: 'mode', width: 10, value: (r) => MODE_ZH[r.mode] ?? r.mode },
      { header: '状态 Status', key: 'status', width: 8, value: (r) => STATUS_ZH[r.status] ?? r.status },
      { header: '实施主体 Conducting body', key: 'org', width: 28, value: (r) => r.orgName },
      { header: '谈话人 Conductors', key: 'conductors', width: 20, value: (r) => r.conductors },
      { header: '主题 Topic', key: 'topic', width: 36, value: (r) => r.topic },
      { header: '谈话对象 Subjects', key: 'subjects', width: 36, value: (r) => r.firstSubjects },
      { header: '人数 Count', key: 'count', width: 8, value: (r) => r.subjectCount },
    ], pages(async (offset, limit) => (await query.limit(limit).offset(offset).execute()).map(map)));
    return reply.headers(xlsxHeaders('talks.xlsx', '谈话台账.xlsx')).send(stream);
  });

  app.post('/api/talks', {
    schema: { tags: ['talks'], summary: 'Record or plan a talk (subjects: officials in scope; a held talk cannot be dated in the future)', body: createTalkBody, response: { 201: created } },
    preHandler: ctx.can('talks.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const talkId = await createTalk(trx, req.actor.scope, req.actor, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'talk.create', targetType: 'talk', targetId: talkId, orgId: req.body.orgId,
        detail: { typeId: req.body.typeId, mode: req.body.mode, status: req.body.status, talkDate: req.body.talkDate, subjects: req.body.subjectIds.length },
      });
      return talkId;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/talks/attendees/template', {
    schema: { tags: ['talks'], summary: 'The .xlsx template of a collective talk’s attendee list' },
    preHandler: ctx.can('talks.write'),
  }, async (_req, reply) => reply.headers(xlsxHeaders('talk-attendees-template.xlsx', '集体谈话参加人员模板.xlsx')).send(await attendeeTemplate()));

  app.get('/api/talks/:id', {
    schema: { tags: ['talks'], summary: 'A talk record (audited read)', params: idParams, response: { 200: talkDetailSchema } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => {
    const detail = await talkDetail(ctx.db, req.actor.scope, req.params.id);
    await ctx.auditEvent(req.actor, { action: 'talk.read', targetType: 'talk', targetId: detail.id, orgId: detail.orgId });
    return detail;
  });

  app.patch('/api/talks/:id', {
    schema: { tags: ['talks'], summary: 'Change a talk record (mark as held, lead conductor: an official in scope, problems, requirements, follow-ups)', params: idParams, body: updateTalkBody },
    preHandler: ctx.can('talks.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const before = await updateTalk(trx, req.actor.scope, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'talk.update', targetType: 'talk', targetId: before.id, orgId: before.org_id, detail: { fields: Object.keys(req.body) } });
    });
    return reply.code(204).send();
  });

  app.get('/api/talks/:id/subjects', {
    schema: { tags: ['talks'], summary: 'The subjects (attendees) of a talk, paginated (audited read)', params: looseIdParams, querystring: subjectsQuery, response: { 200: subjectPage } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => {
    const t = await getTalkRow(ctx.db, req.params.id, req.actor.scope);
    const result = await listSubjects(ctx.db, t.id, req.query);
    await ctx.auditEvent(req.actor, { action: 'talk.read-subjects', targetType: 'talk', targetId: t.id, orgId: t.org_id, detail: { page: req.query.page } });
    return result;
  });

  app.post('/api/talks/:id/attendees', {
    schema: {
      tags: ['talks'], summary: 'Import a collective talk’s attendees from .xlsx (all rows or none; every bad row reported)', params: idParams,
      response: { 200: attendeeImportResult }, consumes: ['multipart/form-data'],
    },
    preHandler: ctx.can('talks.write'),
  }, async (req) => {
    const t = await getTalkRow(ctx.db, req.params.id, req.actor.scope);
    if (t.mode !== 'collective') throw conflict('Only a collective talk takes an attendee list', 'file');
    const upload = await readWorkbookUpload(req);
    const { attendees, errors } = await checkAttendees(ctx.db, req.actor.scope, upload.data);
    if (errors.length) {
      await ctx.auditEvent(req.actor, { action: 'talk.import-attendees', targetType: 'talk', targetId: t.id, orgId: t.org_id, outcome: 'failed', detail: { file: upload.filename, errors: errors.length } });
      throw importFailed(errors);
    }
    return ctx.tx(async (trx) => {
      const r = await addSubjects(trx, t.id, attendees);
      await ctx.audit(trx, req.actor, { action: 'talk.import-attendees', targetType: 'talk', targetId: t.id, orgId: t.org_id, detail: { file: upload.filename, ...r } });
      return r;
    });
  });

  app.post('/api/talks/:id/followups/:followupId/complete', {
    schema: { tags: ['talks'], summary: 'Record a follow-up item as completed', params: followupParams, body: completeFollowupBody },
    preHandler: ctx.can('talks.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const t = await completeFollowup(trx, req.actor.scope, req.params.id, req.params.followupId, req.body.completedOn, req.body.note);
      await ctx.audit(trx, req.actor, { action: 'talk.followup-complete', targetType: 'talk', targetId: t.id, orgId: t.org_id, detail: { followupId: req.params.followupId, ...req.body } });
    });
    return reply.code(204).send();
  });

  app.get('/api/talks/:id/document', {
    schema: { tags: ['talks'], summary: 'The talk record as a Word document (GB/T 9704 layout; audited read)', params: idParams },
    preHandler: ctx.can('talks.read'),
  }, async (req, reply) => {
    const detail = await talkDetail(ctx.db, req.actor.scope, req.params.id);
    const subjects = await listSubjects(ctx.db, detail.id, { page: 1, pageSize: 5000 });
    const issuer = await ctx.db.selectFrom('orgs').select('name').where('id', '=', detail.orgId).executeTakeFirstOrThrow();
    const doc = await talkRecordDocument(detail, subjects.items, issuer.name);
    await ctx.auditEvent(req.actor, { action: 'talk.document', targetType: 'talk', targetId: detail.id, orgId: detail.orgId });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="talk-${detail.talkDate}.docx"; filename*=UTF-8''${encodeURIComponent(`${detail.typeName}记录-${detail.talkDate}.docx`)}`)
      .header('cache-control', 'no-store')
      .send(doc);
  });
}
