// Repeat detection: a report is compared with earlier reports naming the same official or
// organization; those whose words overlap enough (Jaccard over segmented content words) are
// offered as repeats of their matter.
import { contentWords, jaccard } from '../../core/segment.js';
import type { Trx } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { orgInScope, type Scope } from '../../db/scope.js';

export const REPEAT_THRESHOLD = 0.3;
/** Earlier reports on the same subjects looked at, newest first. */
const CANDIDATES = 200;

export interface RepeatInput {
  subjects: { subject_type: string; subject_id: string }[];
  text: string;
  excludeId?: string;
}

export async function findRepeats(db: Db | Trx, scope: Scope, input: RepeatInput, limit = 5) {
  if (!input.subjects.length) return [];
  let q = db.selectFrom('petitions')
    .innerJoin('petition_matters', 'petition_matters.id', 'petitions.matter_id')
    .select(['petitions.id', 'petitions.serial', 'petitions.matter_id', 'petitions.received_at', 'petitions.summary', 'petitions.content',
      'petition_matters.title', 'petition_matters.report_count'])
    // Driven from the subjects' index: as a correlated EXISTS, SQLite walked every report newest
    // first to find a subject's few (2.3 s a registration at city scale).
    .where('petitions.id', 'in', db.selectFrom('petition_subjects').select('petition_subjects.petition_id')
      .where((s) => s.or(input.subjects.map((x) => s.and([s('subject_type', '=', x.subject_type), s('subject_id', '=', x.subject_id)])))))
    .where((eb) => orgInScope(eb, 'petitions.org_id', scope))
    .orderBy('petitions.received_at', 'desc').orderBy('petitions.id', 'desc')
    .limit(CANDIDATES);
  if (input.excludeId) q = q.where('petitions.id', '!=', input.excludeId);
  const rows = await q.execute();
  const words = contentWords(input.text);
  return rows
    .map((r) => ({ r, similarity: jaccard(words, contentWords(`${r.summary}\n${r.content}`)) }))
    .filter((x) => x.similarity >= REPEAT_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity || b.r.received_at.localeCompare(a.r.received_at))
    // One offer per matter: its closest report.
    .filter((x, i, all) => all.findIndex((y) => y.r.matter_id === x.r.matter_id) === i)
    .slice(0, limit)
    .map(({ r, similarity }) => ({
      petitionId: r.id, serial: r.serial, matterId: r.matter_id, matterTitle: r.title, matterReportCount: Number(r.report_count),
      receivedAt: r.received_at, summary: r.summary, similarity: Math.round(similarity * 100) / 100,
    }));
}
