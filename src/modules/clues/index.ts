// Problem clues (问题线索): registration from reports and other sources, disposal in the four ways with
// approval, the outcome under the four forms, transfers between bodies, consultation meetings.
import type { ArchiveEntry, EcologyMetric, ModuleDefinition } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { orgInScope } from '../../db/scope.js';
import { clueRoutes } from './clue-routes.js';
import { FORM_ZH, METHOD_ZH, STATE_ZH } from './labels.js';
import { disposalOverdueRule, transferFeedbackOverdueRule } from './rules.js';
import { transferRoutes } from './transfer-routes.js';

export { METHODS, SOURCES, STATES } from './schema.js';

/** An official's integrity archive lists the clues about them and how each was disposed of. */
async function archiveEntries(db: Db, officialId: string): Promise<ArchiveEntry[]> {
  const rows = await db.selectFrom('clue_subjects').innerJoin('clues', 'clues.id', 'clue_subjects.clue_id')
    .select(['clues.id', 'clues.code', 'clues.received_date', 'clues.state', 'clues.method', 'clues.form', 'clues.sanction'])
    .where('clue_subjects.subject_type', '=', 'official').where('clue_subjects.subject_id', '=', officialId)
    .orderBy('clues.received_date').execute();
  return rows.map((r) => ({
    kind: 'clue', date: r.received_date, title: `问题线索${r.code}`, recordType: 'clue', recordId: r.id,
    detail: [STATE_ZH[r.state], r.method && METHOD_ZH[r.method], r.form && FORM_ZH[Number(r.form)], r.sanction].filter(Boolean).join('，'),
  }));
}

const formMetric = (form: number): EcologyMetric => ({
  id: `clues.form-${form}`,
  name: `运用${FORM_ZH[form]}处置人次`,
  nameEn: `Clues concluded under form ${form}`,
  polarity: 'negative',
  unit: '人次',
  async compute(db, { scope, from, to }) {
    const rows = await db.selectFrom('clues').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'concluded').where('form', '=', form)
      .where('concluded_at', '>=', from).where('concluded_at', '<=', `${to}T99`)
      .where((eb) => orgInScope(eb, 'clues.org_id', scope)).groupBy('org_id').execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
  },
});

export const cluesModule: ModuleDefinition = {
  name: 'clues',
  needToKnow: 'clues.read',
  permissions: {
    // Need to know: petition officers and case managers; leaders in scope read and approve.
    'clues.read': ['petition', 'casemgr', 'leader'],
    'clues.write': ['petition', 'casemgr'],
    'clues.dispose': ['casemgr'],
    'clues.approve': ['leader', 'casemgr'],
  },
  routes(app, ctx) {
    clueRoutes(app, ctx);
    transferRoutes(app, ctx);
  },
  warningRules: [disposalOverdueRule, transferFeedbackOverdueRule],
  archiveEntries,
  ecologyMetrics: [formMetric(1), formMetric(2), formMetric(3), formMetric(4)],
};
