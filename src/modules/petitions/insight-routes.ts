// Search, analysis and retention.
import { forbidden } from '../../core/errors.js';
import type { Api, ModuleContext } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { pathInScope, seesWholeTree, type Scope } from '../../db/scope.js';
import { searchDocuments } from '../../db/search.js';
import { analyse } from './analysis.js';
import { DOC_TYPE, petitionItemsByIds } from './petition-store.js';
import { eligibleMatters, purgeBatch, retentionCutoff, retentionYears, scrubFreedPages, setRetentionYears } from './retention.js';
import { analysisQuery, analysisResult, purgeResult, retentionBody, retentionView, searchPage, searchQuery } from './schema.js';

export function insightRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/petitions/search', {
    schema: { tags: ['petitions'], summary: 'Full-text search of reports in Chinese (every word must match; audited)', querystring: searchQuery, response: { 200: searchPage } },
    preHandler: ctx.can('petitions.read'),
  }, async (req) => {
    const q = req.query;
    const within = q.orgId ? await subtreeScope(ctx.db, req.actor.scope, q.orgId) : req.actor.scope;
    const found = await searchDocuments(ctx.db, ctx.dialect, within, { types: [DOC_TYPE], query: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    const items = await petitionItemsByIds(ctx.db, found.hits.map((h) => h.id));
    await ctx.auditEvent(req.actor, { action: 'petition.search', detail: { q: q.q, orgId: q.orgId ?? null, hits: found.total, more: found.totalCapped } });
    return { total: found.total, totalCapped: found.totalCapped, terms: found.terms, items };
  });

  app.get('/api/petitions/analysis', {
    schema: { tags: ['petitions'], summary: 'Concentration of reports, period-on-period change, principals and team members, the two rules', querystring: analysisQuery, response: { 200: analysisResult } },
    preHandler: ctx.can('petitions.analysis'),
  }, async (req) => {
    const result = await analyse(ctx.db, req.actor.scope, req.query);
    await ctx.auditEvent(req.actor, { action: 'petition.analysis', detail: { from: result.from, to: result.to, orgId: req.query.orgId ?? null } });
    return result;
  });

  app.get('/api/petitions/retention', {
    schema: { tags: ['petitions'], summary: 'The retention period and how many closed matters in scope are past it', response: { 200: retentionView } },
    preHandler: ctx.can('petitions.retention'),
  }, async (req) => {
    const years = await retentionYears(ctx.db);
    return { years, eligibleMatters: await eligibleMatters(ctx.db, req.actor.scope, retentionCutoff(years)) };
  });

  app.put('/api/petitions/retention', {
    schema: { tags: ['petitions'], summary: 'Set the retention period (years after a matter is closed)', body: retentionBody },
    preHandler: ctx.can('petitions.retention'),
  }, async (req, reply) => {
    // The period applies everywhere: only someone who sees the whole tree may change it.
    if (!(await seesWholeTree(ctx.db, req.actor.scope))) {
      await ctx.auditEvent(req.actor, { action: 'access.denied', outcome: 'denied', detail: { action: 'petitions.retention', route: req.routeOptions.url, reason: 'scope below the root' } });
      throw forbidden('Only users with a province-wide view may change the retention period');
    }
    await ctx.tx(async (trx) => {
      await setRetentionYears(trx, req.body.years);
      await ctx.audit(trx, req.actor, { action: 'petition.retention-set', detail: { years: req.body.years } });
    });
    return reply.code(204).send();
  });

  app.post('/api/petitions/retention/purge', {
    schema: { tags: ['petitions'], summary: 'Purge closed matters in scope past the retention period now (crypto-shredding; logged)', response: { 200: purgeResult } },
    preHandler: ctx.can('petitions.retention'),
  }, async (req) => {
    const cutoff = retentionCutoff(await retentionYears(ctx.db));
    let matters = 0;
    let petitions = 0;
    for (;;) {
      const done = await ctx.tx(async (trx) => {
        const r = await purgeBatch(trx, ctx.dialect, req.actor.scope, cutoff);
        if (r.matterIds.length) await ctx.audit(trx, req.actor, { action: 'petition.purge', detail: { cutoff, matters: r.matterIds, petitions: r.petitions } });
        return r;
      });
      matters += done.matterIds.length;
      petitions += done.petitions;
      if (!done.matterIds.length) break;
    }
    await scrubFreedPages(ctx.db, ctx.dialect);
    return { matters, petitions };
  });
}

/** The subtree of an organization inside scope, as a scope of its own (empty when outside). */
async function subtreeScope(db: Db, scope: Scope, orgId: string): Promise<Scope> {
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
  return { paths: org ? [org.path] : [] };
}
