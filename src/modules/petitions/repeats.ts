// Repeat detection: a report is compared with earlier reports naming the same official or
// organization; those whose words overlap enough (Jaccard over content terms) are offered as
// repeats of their matter. The earlier reports' terms are read from the search index: segmenting
// 200 candidates again on every registration was a quarter of the intake's CPU at city scale.
import { contentTerms, jaccard, searchText } from '../../core/segment.js';
import type { Trx } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import { DOC_TYPE, reportText } from './petition-store.js';

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
  // The candidates carry only what the comparison needs (their indexed terms); the few offered are
  // read in full afterwards. Reading 200 reports' texts to offer five cost more than the rest of a
  // registration for an official named in hundreds of reports. (The scope is the report's
  // organization: petition_subjects.org_id is the subject's, so it cannot stand in for it.)
  let q = db.selectFrom('petitions')
    .leftJoin('search_docs', (j) => j.on('search_docs.doc_type', '=', DOC_TYPE).onRef('search_docs.doc_id', '=', 'petitions.id'))
    .select(['petitions.id', 'petitions.matter_id', 'petitions.received_at', 'search_docs.search_text'])
    // Driven from the subjects' index: as a correlated EXISTS, SQLite walked every report newest
    // first to find a subject's few (2.3 s a registration at city scale).
    .where('petitions.id', 'in', db.selectFrom('petition_subjects').select('petition_subjects.petition_id')
      .where((s) => s.or(input.subjects.map((x) => s.and([s('subject_type', '=', x.subject_type), s('subject_id', '=', x.subject_id)])))))
    .where((eb) => orgInScope(eb, 'petitions.org_id', scope))
    .orderBy('petitions.received_at', 'desc').orderBy('petitions.id', 'desc')
    .limit(CANDIDATES);
  if (input.excludeId) q = q.where('petitions.id', '!=', input.excludeId);
  const candidates = await q.execute();
  const unindexed = candidates.filter((c) => c.search_text == null).map((c) => c.id);
  const texts = new Map((unindexed.length
    ? await db.selectFrom('petitions').select(['id', 'summary', 'content']).where('id', 'in', unindexed).execute() : [])
    .map((r) => [r.id, searchText(reportText(r))]));
  const terms = contentTerms(searchText(input.text));
  const offered = candidates
    .map((c) => ({ c, similarity: jaccard(terms, contentTerms(c.search_text ?? texts.get(c.id) ?? '')) }))
    .filter((x) => x.similarity >= REPEAT_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity || b.c.received_at.localeCompare(a.c.received_at))
    // One offer per matter: its closest report.
    .filter((x, i, all) => all.findIndex((y) => y.c.matter_id === x.c.matter_id) === i)
    .slice(0, limit);
  if (!offered.length) return [];
  const details = new Map((await db.selectFrom('petitions')
    .innerJoin('petition_matters', 'petition_matters.id', 'petitions.matter_id')
    .select(['petitions.id', 'petitions.serial', 'petitions.summary', 'petition_matters.title', 'petition_matters.report_count'])
    .where('petitions.id', 'in', offered.map((x) => x.c.id)).execute()).map((r) => [r.id, r]));
  // A report purged between the two reads is simply not offered.
  return offered.flatMap(({ c, similarity }) => {
    const r = details.get(c.id);
    return r ? [{
      petitionId: c.id, serial: r.serial, matterId: c.matter_id, matterTitle: r.title, matterReportCount: Number(r.report_count),
      receivedAt: c.received_at, summary: r.summary, similarity: Math.round(similarity * 100) / 100,
    }] : [];
  });
}
