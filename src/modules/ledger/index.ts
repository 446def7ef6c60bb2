// Supervision ledger (监督台账): documents broken into areas, measures, tasks and sub-measures;
// hand-down to lower organizations; progress reports with review; computed status and roll-up;
// 一单一书; warnings for overdue, stalled, due-soon and repeatedly returned items.
import type { ModuleDefinition } from '../../core/module.js';
import { charterRoutes } from './charter-routes.js';
import { itemRoutes } from './item-routes.js';
import { reportRoutes } from './report-routes.js';
import { LEDGER_RULES } from './rules.js';

export { itemStatus, statusSql, ITEM_STATUSES } from './status.js';
export { codeKey } from './item-store.js';

export const ledgerModule: ModuleDefinition = {
  name: 'ledger',
  permissions: {
    // Everyone who follows supervision work reads the ledger; a unit reporter sees its own unit's part.
    'ledger.read': ['leader', 'supervisor', 'petition', 'casemgr', 'orgdept', 'inspector', 'unit_reporter'],
    // Commissions build the ledger, hand items down and issue 一单一书.
    'ledger.write': ['supervisor'],
    // Responsible units report progress and sign for 一单一书; commissions report on items they lead.
    'ledger.report': ['unit_reporter', 'supervisor'],
    // The body that handed an item down reviews the reports on it.
    'ledger.review': ['supervisor', 'leader'],
  },
  routes(app, ctx) {
    itemRoutes(app, ctx);
    reportRoutes(app, ctx);
    charterRoutes(app, ctx);
  },
  warningRules: [...LEDGER_RULES],
};
