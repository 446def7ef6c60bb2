// Dashboard: the home page's figures, composed from other modules' faces.
import type { ModuleDefinition } from '../../core/module.js';
import { dashboardRoutes } from './routes.js';

export const dashboardModule: ModuleDefinition = {
  name: 'dashboard',
  permissions: {
    'dashboard.read': ['leader', 'supervisor', 'petition', 'casemgr', 'orgdept', 'inspector', 'unit_reporter'],
  },
  routes: dashboardRoutes,
};
