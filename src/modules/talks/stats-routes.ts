import type { Api, ModuleContext } from '../../core/module.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { createAdmonishment, listAdmonishments } from './admonishment-store.js';
import {
  admonishmentListQuery, admonishmentPage, coverageExportQuery, coveragePage, coverageQuery, createAdmonishmentBody, created, statsQuery, talkStats as talkStatsSchema,
} from './schema.js';
import { coverageList, talkStats } from './stats-store.js';
import { orgPathFilter } from './talk-store.js';

const FORM_ZH: Record<string, string> = { talk: '诫勉谈话', written: '书面诫勉' };

export function statsRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/talks/stats', {
    schema: { tags: ['talks'], summary: 'Counts by type, level, organization and month; coverage of principals and team members this year', querystring: statsQuery, response: { 200: talkStatsSchema } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => talkStats(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId)));

  app.get('/api/talks/coverage', {
    schema: { tags: ['talks'], summary: 'Current principals or team members with their talks this year (covered or not)', querystring: coverageQuery, response: { 200: coveragePage } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => {
    const { count, query, map } = coverageList(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    const [total, rows] = await Promise.all([count(), query.execute()]);
    return { total, items: rows.map(map) };
  });

  app.get('/api/talks/coverage/export', {
    schema: { tags: ['talks'], summary: 'Export the coverage table as .xlsx', querystring: coverageExportQuery },
    preHandler: ctx.can('talks.read'),
  }, async (req, reply) => {
    const { query, map } = coverageList(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    await ctx.auditEvent(req.actor, { action: 'talk.coverage-export', detail: { filters: req.query } });
    const stream = streamSheet('谈话覆盖情况', [
      { header: '姓名 Name', key: 'name', width: 12, value: (r) => r.name },
      { header: '单位 Organization', key: 'org', width: 30, value: (r) => r.orgName },
      { header: '职务 Title', key: 'title', width: 24, value: (r) => r.title },
      { header: '一把手 Principal', key: 'principal', width: 10, value: (r) => (r.principal ? '是' : '否') },
      { header: '本年谈话次数 Talks', key: 'talks', width: 12, value: (r) => r.talks },
      { header: '最近谈话 Last talk', key: 'last', width: 12, value: (r) => r.lastTalkDate },
      { header: '已覆盖 Covered', key: 'covered', width: 10, value: (r) => (r.talks > 0 ? '是' : '否') },
    ], pages(async (offset, limit) => (await query.limit(limit).offset(offset).execute()).map(map)));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="talk-coverage.xlsx"; filename*=UTF-8''${encodeURIComponent('谈话覆盖情况.xlsx')}`)
      .send(stream);
  });

  app.get('/api/talks/admonishments', {
    schema: { tags: ['talks'], summary: 'Admonishments (诫勉) decided by bodies in scope (audited read)', querystring: admonishmentListQuery, response: { 200: admonishmentPage } },
    preHandler: ctx.can('talks.read'),
  }, async (req) => {
    const { count, query, map } = listAdmonishments(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    const [total, rows] = await Promise.all([count(), query.execute()]);
    await ctx.auditEvent(req.actor, { action: 'admonishment.list', detail: { filters: req.query, shown: rows.length } });
    return { total, items: rows.map(map) };
  });

  app.get('/api/talks/admonishments/export', {
    schema: { tags: ['talks'], summary: 'Export the filtered admonishments as .xlsx (audited)', querystring: admonishmentListQuery.omit({ page: true, pageSize: true }) },
    preHandler: ctx.can('talks.read'),
  }, async (req, reply) => {
    const { query, map } = listAdmonishments(ctx.db, req.actor.scope, req.query, await orgPathFilter(ctx.db, req.actor.scope, req.query.orgId));
    await ctx.auditEvent(req.actor, { action: 'admonishment.export', detail: { filters: req.query } });
    const stream = streamSheet('诫勉台账', [
      { header: '决定日期 Decided', key: 'date', width: 12, value: (r) => r.decidedOn },
      { header: '姓名 Official', key: 'name', width: 12, value: (r) => r.officialName },
      { header: '方式 Form', key: 'form', width: 10, value: (r) => FORM_ZH[r.form] ?? r.form },
      { header: '决定机关 Body', key: 'org', width: 28, value: (r) => r.orgName },
      { header: '依据 Basis', key: 'basis', width: 40, value: (r) => r.basis },
      { header: '事由 Reason', key: 'reason', width: 40, value: (r) => r.reason },
      { header: '影响期至 Effect until', key: 'until', width: 14, value: (r) => r.effectUntil },
    ], pages(async (offset, limit) => (await query.limit(limit).offset(offset).execute()).map(map)));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="admonishments.xlsx"; filename*=UTF-8''${encodeURIComponent('诫勉台账.xlsx')}`)
      .send(stream);
  });

  app.post('/api/talks/admonishments', {
    schema: { tags: ['talks'], summary: 'Record an admonishment (诫勉) with its basis; its effect period goes on the official’s archive', body: createAdmonishmentBody, response: { 201: created } },
    preHandler: ctx.can('talks.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const newId = await createAdmonishment(trx, req.actor.scope, req.actor, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'admonishment.create', targetType: 'admonishment', targetId: newId, orgId: req.body.orgId,
        detail: { officialId: req.body.officialId, form: req.body.form, decidedOn: req.body.decidedOn },
      });
      return newId;
    });
    return reply.code(201).send({ id });
  });
}
