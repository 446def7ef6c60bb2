import type { Api, ModuleContext } from '../../core/module.js';
import { countInScope } from '../registry/index.js';
import { openByRule, openBySeverity } from '../warnings/index.js';
import { summary } from './schema.js';

export function dashboardRoutes(app: Api, ctx: ModuleContext): void {
  app.get('/api/dashboard/summary', {
    schema: { tags: ['dashboard'], summary: 'Counts for the home page, within the user’s scope', response: { 200: summary } },
    preHandler: ctx.can('dashboard.read'),
  }, async (req) => {
    const scope = req.actor.scope;
    const seesWarnings = ctx.allowed(req.actor, 'warnings.read');
    const [counts, bySeverity, byRule] = await Promise.all([
      countInScope(ctx.db, scope),
      seesWarnings ? openBySeverity(ctx.db, scope) : { red: 0, yellow: 0, blue: 0 },
      seesWarnings ? openByRule(ctx.db, scope) : [],
    ]);
    const rules = new Map(ctx.warningRules().map((r) => [r.id, r]));
    return {
      ...counts,
      openWarnings: bySeverity,
      warningsByRule: byRule.map((r) => ({ ...r, name: rules.get(r.ruleId)?.name ?? r.ruleId, nameEn: rules.get(r.ruleId)?.nameEn ?? r.ruleId })),
    };
  });
}
