import type { ModuleDefinition } from '../../core/module.js';
import { authRoutes, SESSION_COOKIE } from './auth-routes.js';
import { userRoutes } from './user-routes.js';

export { SESSION_COOKIE };
export { forgetGrants, lookupSession } from './sessions.js';

export const usersModule: ModuleDefinition = {
  name: 'users',
  // 三员分立: the system administrator manages accounts, the security administrator roles and
  // scopes; neither sees business data, and the audit administrator only reads the audit log.
  permissions: {
    'users.read': ['sys_admin', 'sec_admin'],
    'users.write': ['sys_admin'],
    'users.roles': ['sec_admin'],
  },
  routes(app, ctx) {
    authRoutes(app, ctx);
    userRoutes(app, ctx);
  },
};
