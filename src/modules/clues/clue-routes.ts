// HTTP routes of clues: register, list/board/export/statistics, detail (audited), the disposal workflow, links.
import { badRequest } from '../../core/errors.js';
import type { Actor, Api, ModuleContext } from '../../core/module.js';
import { XLSX_MIME, pages, streamSheet } from '../../core/xlsx.js';
import { handlingBodyFor, clueBoard, clueDetailRows, clueQuery, clueStats, createClue, hydrate, listClues, selectSummaries } from './clue-store.js';
import { concludeClue, decideDisposal, linkClue, mayPropose, proposeDisposal } from './disposal-store.js';
import { DISCIPLINE_ZH, FORM_ZH, METHOD_ZH, SOURCE_ZH, STATE_ZH } from './labels.js';
import { checkPetition } from './petition-link.js';
import {
  clueBoard as clueBoardSchema, clueBoardQuery, clueDetail, clueExportQuery, clueListQuery, cluePage, clueStats as clueStatsSchema, clueStatsQuery,
  clueFromPetitionBody, concludeBody, created, createClueBody, type CreateClueInput, decideBody, disposalParams, idParams, linkBody, proposeBody,
} from './schema.js';
import { transfersOfClue } from './transfer-store.js';

export function clueRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/clues', {
    schema: { tags: ['clues'], summary: 'Clues in scope, filtered, sorted and paginated (audited)', querystring: clueListQuery, response: { 200: cluePage } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const result = await listClues(ctx.db, ctx.dialect, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'clue.list', detail: { filters: req.query, shown: result.items.map((c) => c.code) } });
    return result;
  });

  app.get('/api/clues/export', {
    schema: { tags: ['clues'], summary: 'Export the filtered clues as .xlsx (audited)', querystring: clueExportQuery },
    preHandler: ctx.can('clues.read'),
  }, async (req, reply) => {
    const base = await clueQuery(ctx.db, ctx.dialect, req.actor.scope, req.query);
    const sorted = selectSummaries(base, req.query.sort, req.query.order);
    await ctx.auditEvent(req.actor, { action: 'clue.export', detail: { filters: req.query } });
    const stream = streamSheet('问题线索', [
      { header: '线索编号 Code', key: 'code', width: 16, value: (c) => c.code },
      { header: '承办单位 Body', key: 'org', width: 28, value: (c) => c.orgName },
      { header: '来源 Source', key: 'source', width: 12, value: (c) => SOURCE_ZH[c.source] ?? c.source },
      { header: '反映对象 Subjects', key: 'subjects', width: 28, value: (c) => c.subjects.map((s) => s.name).join('、') },
      { header: '问题摘要 Summary', key: 'summary', width: 60, value: (c) => c.summary },
      { header: '问题类别 Discipline', key: 'discipline', width: 12, value: (c) => DISCIPLINE_ZH[c.discipline] ?? c.discipline },
      { header: '受理日期 Received', key: 'received', width: 12, value: (c) => c.receivedDate },
      { header: '状态 State', key: 'state', width: 10, value: (c) => STATE_ZH[c.state] ?? c.state },
      { header: '处置方式 Method', key: 'method', width: 12, value: (c) => (c.method ? METHOD_ZH[c.method] : '') },
      { header: '办理期限 Deadline', key: 'deadline', width: 12, value: (c) => c.deadline },
      { header: '超期 Overdue', key: 'overdue', width: 8, value: (c) => (c.overdue ? '是' : '') },
      { header: '四种形态 Form', key: 'form', width: 12, value: (c) => (c.form ? FORM_ZH[c.form] : '') },
    ], pages(async (offset, limit) => hydrate(ctx.db, req.actor.scope, await sorted.limit(limit).offset(offset).execute())));
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="clues.xlsx"; filename*=UTF-8''${encodeURIComponent('问题线索.xlsx')}`)
      .send(stream);
  });

  app.get('/api/clues/board', {
    schema: { tags: ['clues'], summary: 'The clue board: a column per disposal state, each counted (audited)', querystring: clueBoardQuery, response: { 200: clueBoardSchema } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const board = await clueBoard(ctx.db, ctx.dialect, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'clue.board', detail: { filters: req.query, shown: board.columns.flatMap((c) => c.items.map((i) => i.code)) } });
    return board;
  });

  app.get('/api/clues/stats', {
    schema: { tags: ['clues'], summary: 'Clues by the four forms, state, method and source; overdue counts', querystring: clueStatsQuery, response: { 200: clueStatsSchema } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => clueStats(ctx.db, ctx.dialect, req.actor.scope, req.query));

  app.post('/api/clues', {
    schema: { tags: ['clues'], summary: 'Register a clue, directly or from a report', body: createClueBody, response: { 201: created } },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      if (req.body.petitionId) await checkPetition(trx, req.actor.scope, req.body.petitionId);
      const c = await createClue(trx, req.actor.scope, req.actor, req.body);
      await ctx.audit(trx, req.actor, {
        action: 'clue.create', targetType: 'clue', targetId: c.id, orgId: req.body.orgId,
        detail: { code: c.code, source: req.body.source, petitionId: req.body.petitionId ?? null, subjects: req.body.subjects.length },
      });
      return c.id;
    });
    return reply.code(201).send({ id });
  });

  app.post('/api/clues/from-petition', {
    schema: { tags: ['clues'], summary: 'Make a clue of a report (转为问题线索): subjects and classification taken from it', body: clueFromPetitionBody, response: { 201: created } },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const p = await checkPetition(trx, req.actor.scope, req.body.petitionId);
      if (!p.subjectOfficialIds.length && !p.subjectOrgIds.length) throw badRequest('The report names no official or organization', 'body.petitionId');
      const [discipline, sector] = p.categories;
      const input = {
        orgId: req.body.orgId ?? (await handlingBodyFor(trx, req.actor.scope, p.orgId)), source: 'report' as const, petitionId: p.id, summary: req.body.summary ?? p.summary,
        discipline: req.body.discipline ?? (discipline as CreateClueInput['discipline']), sector: req.body.sector !== undefined ? req.body.sector : (sector as CreateClueInput['sector']),
        receivedDate: p.receivedAt.slice(0, 10),
        subjects: [...p.subjectOfficialIds.map((sid) => ({ type: 'official' as const, id: sid })), ...p.subjectOrgIds.map((sid) => ({ type: 'org' as const, id: sid }))],
      };
      const c = await createClue(trx, req.actor.scope, req.actor, input);
      await ctx.audit(trx, req.actor, { action: 'clue.create', targetType: 'clue', targetId: c.id, orgId: input.orgId, detail: { code: c.code, source: 'report', petitionId: p.id } });
      return c.id;
    });
    return reply.code(201).send({ id });
  });

  app.get('/api/clues/:id', {
    schema: { tags: ['clues'], summary: 'A clue with its subjects, disposals, history, transfers and consultations (audited read)', params: idParams, response: { 200: clueDetail } },
    preHandler: ctx.can('clues.read'),
  }, async (req) => {
    const { clue, detail } = await clueDetailRows(ctx.db, req.actor.scope, req.params.id);
    const transfers = await transfersOfClue(ctx.db, req.actor.scope, clue.id);
    await ctx.auditEvent(req.actor, { action: 'clue.read', targetType: 'clue', targetId: clue.id, orgId: clue.org_id, detail: { code: clue.code } });
    return { ...detail, transfers, can: nextSteps(ctx, req.actor, clue, detail.pendingDisposal) };
  });

  app.post('/api/clues/:id/disposals', {
    schema: { tags: ['clues'], summary: 'Propose a disposal (谈话函询/初步核实/暂存待查/予以了结) with a deadline, for approval', params: idParams, body: proposeBody, response: { 201: created } },
    preHandler: ctx.can('clues.dispose'),
  }, async (req, reply) => {
    const id = await ctx.tx(async (trx) => {
      const { clue, disposalId } = await proposeDisposal(trx, req.actor.scope, req.actor, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'clue.propose', targetType: 'clue', targetId: clue.id, orgId: clue.org_id, detail: { disposalId, method: req.body.method, deadline: req.body.deadline } });
      return disposalId;
    });
    return reply.code(201).send({ id });
  });

  for (const approve of [true, false]) {
    app.post(`/api/clues/:id/disposals/:disposalId/${approve ? 'approve' : 'reject'}`, {
      schema: {
        tags: ['clues'], params: disposalParams, body: decideBody,
        summary: approve ? 'Approve a proposed disposal (not by its proposer)' : 'Reject a proposed disposal (not by its proposer)',
      },
      preHandler: ctx.can('clues.approve'),
    }, async (req, reply) => {
      await ctx.tx(async (trx) => {
        const { clue, disposal } = await decideDisposal(trx, req.actor.scope, req.actor, req.params.id, req.params.disposalId, approve, req.body.note);
        await ctx.audit(trx, req.actor, {
          action: approve ? 'clue.approve' : 'clue.reject', targetType: 'clue', targetId: clue.id, orgId: clue.org_id,
          detail: { disposalId: disposal.id, method: disposal.method, proposedBy: disposal.proposed_by },
        });
      });
      return reply.code(204).send();
    });
  }

  app.post('/api/clues/:id/conclude', {
    schema: { tags: ['clues'], summary: 'Record the outcome under the four forms (1–4) and the sanction, if any', params: idParams, body: concludeBody },
    preHandler: ctx.can('clues.dispose'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const clue = await concludeClue(trx, req.actor.scope, req.actor, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'clue.conclude', targetType: 'clue', targetId: clue.id, orgId: clue.org_id, detail: { form: req.body.form, sanction: req.body.sanction ?? null } });
    });
    return reply.code(204).send();
  });

  app.put('/api/clues/:id/link', {
    schema: { tags: ['clues'], summary: 'Link the clue to a record of another module (e.g. an inquiry), or unlink it', params: idParams, body: linkBody },
    preHandler: ctx.can('clues.write'),
  }, async (req, reply) => {
    await ctx.tx(async (trx) => {
      const clue = await linkClue(trx, req.actor.scope, req.actor, req.params.id, req.body);
      await ctx.audit(trx, req.actor, { action: 'clue.link', targetType: 'clue', targetId: clue.id, orgId: clue.org_id, detail: { ...req.body } });
    });
    return reply.code(204).send();
  });
}

function nextSteps(
  ctx: ModuleContext, actor: Actor, clue: { state: string; method: string | null }, pending: { proposedBy: { id: string } } | null,
) {
  const open = clue.state !== 'concluded';
  return {
    propose: ctx.allowed(actor, 'clues.dispose') && mayPropose(clue),
    approve: ctx.allowed(actor, 'clues.approve') && pending !== null && pending.proposedBy.id !== actor.id,
    conclude: ctx.allowed(actor, 'clues.dispose') && clue.state === 'disposing',
    transfer: ctx.allowed(actor, 'clues.write') && open,
    link: ctx.allowed(actor, 'clues.write'),
  };
}
