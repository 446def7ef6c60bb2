// Written inquiries (函询): issue, written reply with attachments, the 一把手's signed opinion, assessment.
import type { ArchiveEntry, ModuleDefinition } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { inquiryRoutes } from './routes.js';
import { replyOverdueRule } from './rules.js';
import { STATUS_ZH } from './schema.js';

export { addWorkingDays } from '../../core/time.js';

async function archiveEntries(db: Db, officialId: string): Promise<ArchiveEntry[]> {
  const rows = await db.selectFrom('inquiries').innerJoin('orgs', 'orgs.id', 'inquiries.org_id')
    .select(['inquiries.id', 'inquiries.issued_on', 'inquiries.matter', 'inquiries.status', 'inquiries.assessment_reason', 'orgs.name as org_name'])
    .where('inquiries.official_id', '=', officialId).orderBy('inquiries.issued_on').execute();
  return rows.map((r) => ({
    kind: 'inquiry', date: r.issued_on, title: `${r.org_name}函询（${STATUS_ZH[r.status] ?? r.status}）`,
    detail: r.assessment_reason ? `${r.matter}；评估：${r.assessment_reason}` : r.matter, recordType: 'inquiry', recordId: r.id,
  }));
}

export const inquiriesModule: ModuleDefinition = {
  name: 'inquiries',
  permissions: {
    'inquiries.read': ['leader', 'supervisor', 'casemgr'],
    'inquiries.write': ['leader', 'supervisor'],
  },
  routes: inquiryRoutes,
  warningRules: [replyOverdueRule],
  archiveEntries,
};
