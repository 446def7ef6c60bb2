// Warnings: the engine that runs every module's rules, and the inbox where warnings are handled.
import type { ModuleDefinition } from '../../core/module.js';
import { runRules } from './engine.js';
import { RUN_JOB, warningRoutes } from './routes.js';

export { openByRule, openBySeverity, openCountQuery } from './store.js';
export { runRules } from './engine.js';
export { RUN_JOB };

export const warningsModule: ModuleDefinition = {
  name: 'warnings',
  permissions: {
    'warnings.read': ['leader', 'supervisor', 'orgdept', 'inspector', 'casemgr'],
    'warnings.handle': ['leader', 'supervisor'],
    'warnings.configure': ['supervisor'],
    'warnings.run': ['leader', 'supervisor'],
  },
  routes: warningRoutes,
  jobs: {
    [RUN_JOB]: async (ctx, payload) => {
      const { ruleId } = (payload ?? {}) as { ruleId?: string | null };
      return runRules(ctx.db, ctx.dialect, ctx.warningRules(), ruleId ?? undefined);
    },
  },
};
