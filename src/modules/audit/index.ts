import type { ModuleDefinition } from '../../core/module.js';
import { auditRoutes } from './routes.js';

export { appendAudit, appendAuditBatch, stageAudit, stagedAuditRows } from './store.js';
export { verifyChain, type VerifyResult } from './verify.js';
export { auditChainer, type AuditChainer, type AuditEvent } from './chainer.js';

export const auditModule: ModuleDefinition = {
  name: 'audit',
  permissions: {
    'audit.read': ['audit_admin'],
    'audit.verify': ['audit_admin'],
  },
  routes: auditRoutes,
};
