import { badRequest, forbidden, notFound } from '../../core/errors.js';
import type { Api, ModuleContext } from '../../core/module.js';
import { orgInScope, seesWholeTree } from '../../db/scope.js';
import { ruleSettings, saveRuleSettings } from './engine.js';
import {
  assignBody, assignees, dismissBody, idParams, jobView, resolveBody, ruleConfigBody, ruleList, ruleParams, runAccepted, runBody,
  warning, warningExportQuery, warningListQuery, warningPage,
} from './schema.js';
import { assigneesInScope, getWarningRow, hydrate, listWarnings, setWarningState, warningQuery } from './store.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';

const SEVERITY_ZH: Record<string, string> = { red: '红', yellow: '黄', blue: '蓝' };
const STATUS_ZH: Record<string, string> = { open: '待处置', assigned: '处置中', resolved: '已办结', dismissed: '已排除' };

export const RUN_JOB = 'warnings.run';

export function warningRoutes(app: Api, ctx: ModuleContext): void {
  const ruleName = (id: string) => ctx.warningRules().find((r) => r.id === id)?.name ?? id;
  const handlerRoles = () => ctx.permissionTable()['warnings.handle'] ?? [];

  app.get('/api/warnings', {
    schema: { tags: ['warnings'], summary: 'The warnings inbox (scoped), with counts by status', querystring: warningListQuery, response: { 200: warningPage } },
    preHandler: ctx.can('warnings.read'),
  }, async (req) => listWarnings(ctx.db, req.actor.scope, req.query, ruleName));

  app.get('/api/warnings/export', {
    schema: { tags: ['warnings'], summary: 'Export the filtered inbox as .xlsx', querystring: warningExportQuery },
    preHandler: ctx.can('warnings.read'),
  }, async (req, reply) => {
    const { sorted } = warningQuery(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'warning.export', detail: { filters: req.query } });
    const stream = streamSheet('预警清单', [
      { header: '等级 Severity', key: 'severity', width: 10, value: (w) => SEVERITY_ZH[w.severity] ?? w.severity },
      { header: '预警事项 Warning', key: 'title', width: 60, value: (w) => w.title },
      { header: '规则 Rule', key: 'rule', width: 30, value: (w) => w.ruleName },
      { header: '单位 Organization', key: 'org', width: 28, value: (w) => w.orgName },
      { header: '预警时间 Raised', key: 'raised', width: 20, value: (w) => w.raisedAt.slice(0, 19).replace('T', ' ') },
      { header: '状态 Status', key: 'status', width: 10, value: (w) => STATUS_ZH[w.status] ?? w.status },
      { header: '承办人 Assignee', key: 'assignee', width: 14, value: (w) => w.assignee?.displayName },
      { header: '办理情况 Resolution', key: 'resolution', width: 40, value: (w) => w.resolution },
      { header: '依据 Basis', key: 'basis', width: 50, value: (w) => w.basis },
    ], pages(async (offset, limit) => hydrate(ctx.db, await sorted.limit(limit).offset(offset).execute(), ruleName)));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="warnings.xlsx"; filename*=UTF-8''${encodeURIComponent('预警清单.xlsx')}`)
      .send(stream);
  });

  app.get('/api/warnings/assignees', {
    schema: { tags: ['warnings'], summary: 'People in scope who can handle warnings', response: { 200: assignees } },
    preHandler: ctx.can('warnings.handle'),
  }, async (req) => ({ items: await assigneesInScope(ctx.db, req.actor.scope, handlerRoles()) }));

  app.get('/api/warnings/rules', {
    schema: { tags: ['warnings'], summary: 'The warning rules with their basis, version and thresholds', response: { 200: ruleList } },
    preHandler: ctx.can('warnings.read'),
  }, async () => {
    const settings = await ruleSettings(ctx.db, ctx.warningRules());
    return {
      items: ctx.warningRules().map((r) => ({
        id: r.id, name: r.name, nameEn: r.nameEn, module: r.module, basis: r.basis, version: r.version, severity: r.severity,
        enabled: settings.get(r.id)!.enabled, thresholds: settings.get(r.id)!.thresholds, defaults: r.defaults,
      })),
    };
  });

  app.put('/api/warnings/rules/:id', {
    schema: { tags: ['warnings'], summary: 'Enable, disable or re-threshold a rule', params: ruleParams, body: ruleConfigBody },
    preHandler: ctx.can('warnings.configure'),
  }, async (req, reply) => {
    const rule = ctx.warningRules().find((r) => r.id === req.params.id);
    if (!rule) throw notFound('Rule');
    // Rules apply to the whole tree: only someone who sees the whole tree may change them.
    if (!(await seesWholeTree(ctx.db, req.actor.scope))) {
      await ctx.auditEvent(req.actor, { action: 'access.denied', outcome: 'denied', detail: { action: 'warnings.configure', route: req.routeOptions.url, reason: 'scope below the root' } });
      throw forbidden('Only users with a province-wide view may change warning rules');
    }
    const parsed = rule.thresholdSchema.safeParse(req.body.thresholds);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(issue.message, ['body', 'thresholds', ...issue.path.map(String)].join('.'));
    }
    await saveRuleSettings(ctx.db, rule.id, { enabled: req.body.enabled, thresholds: parsed.data }, req.actor.id);
    await ctx.auditEvent(req.actor, { action: 'warning-rule.configure', targetType: 'warning_rule', targetId: rule.id, detail: req.body });
    return reply.code(204).send();
  });

  app.post('/api/warnings/run', {
    schema: { tags: ['warnings'], summary: 'Run the rules now (in the background); poll /api/jobs/:id', body: runBody, response: { 202: runAccepted } },
    preHandler: ctx.can('warnings.run'),
  }, async (req, reply) => {
    if (req.body.ruleId && !ctx.warningRules().some((r) => r.id === req.body.ruleId)) throw badRequest('Unknown rule', 'body.ruleId');
    const jobId = await ctx.enqueue(RUN_JOB, { ruleId: req.body.ruleId ?? null, by: req.actor.id });
    await ctx.auditEvent(req.actor, { action: 'warnings.run', targetType: 'job', targetId: jobId, detail: { ruleId: req.body.ruleId ?? null } });
    return reply.code(202).send({ jobId });
  });

  app.get('/api/jobs/:id', {
    schema: { tags: ['warnings'], summary: 'The state of a background job', params: idParams, response: { 200: jobView } },
    preHandler: ctx.can('warnings.run'),
  }, async (req) => {
    const job = await ctx.db.selectFrom('jobs').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    // A job is visible to the person who started it only.
    if (!job || (JSON.parse(job.payload) as { by?: string } | null)?.by !== req.actor.id) throw notFound('Job');
    return {
      id: job.id, kind: job.kind, status: job.status, attempts: job.attempts, result: job.result ? JSON.parse(job.result) : null,
      lastError: job.last_error, createdAt: job.created_at, finishedAt: job.finished_at,
    };
  });

  app.get('/api/warnings/:id', {
    schema: { tags: ['warnings'], summary: 'One warning with the records that raised it', params: idParams, response: { 200: warning } },
    preHandler: ctx.can('warnings.read'),
  }, async (req) => {
    const row = await getWarningRow(ctx.db, req.actor.scope, req.params.id);
    const [item] = await hydrate(ctx.db, [row], ruleName);
    return item;
  });

  app.post('/api/warnings/:id/assign', {
    schema: { tags: ['warnings'], summary: 'Assign a warning to a person in scope', params: idParams, body: assignBody },
    preHandler: ctx.can('warnings.handle'),
  }, async (req, reply) => {
    const row = await getWarningRow(ctx.db, req.actor.scope, req.params.id);
    if (row.status === 'resolved' || row.status === 'dismissed') throw badRequest('The warning is already closed', 'id');
    const assignee = await ctx.db.selectFrom('users').select('id').where('id', '=', req.body.assigneeId)
      .where((eb) => orgInScope(eb, 'users.org_id', req.actor.scope)).executeTakeFirst();
    if (!assignee) throw badRequest('Unknown assignee', 'body.assigneeId');
    await ctx.tx(async (trx) => {
      await setWarningState(trx, row.id, { status: 'assigned', assignee_id: assignee.id });
      await ctx.audit(trx, req.actor, { action: 'warning.assign', targetType: 'warning', targetId: row.id, orgId: row.org_id, detail: req.body });
    });
    return reply.code(204).send();
  });

  for (const [verb, status, schema, field] of [
    ['resolve', 'resolved', resolveBody, 'resolution'],
    ['dismiss', 'dismissed', dismissBody, 'reason'],
  ] as const) {
    app.post(`/api/warnings/:id/${verb}`, {
      schema: { tags: ['warnings'], summary: verb === 'resolve' ? 'Resolve a warning, saying how' : 'Dismiss a warning with a reason', params: idParams, body: schema },
      preHandler: ctx.can('warnings.handle'),
    }, async (req, reply) => {
      const row = await getWarningRow(ctx.db, req.actor.scope, req.params.id);
      if (row.status === 'resolved' || row.status === 'dismissed') throw badRequest('The warning is already closed', 'id');
      const text = (req.body as Record<string, string>)[field];
      await ctx.tx(async (trx) => {
        await setWarningState(trx, row.id, { status, resolution: text });
        await ctx.audit(trx, req.actor, { action: `warning.${verb}`, targetType: 'warning', targetId: row.id, orgId: row.org_id, detail: { [field]: text } });
      });
      return reply.code(204).send();
    });
  }
}
