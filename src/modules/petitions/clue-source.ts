// What the clues module reads of a report when it turns it into a clue (no reporter identity).
import type { Db } from '../../db/index.js';
import { recordInScope, type Scope } from '../../db/scope.js';

export interface PetitionForClue {
  id: string;
  orgId: string;
  summary: string;
  receivedAt: string;
  subjectOfficialIds: string[];
  subjectOrgIds: string[];
  /** The classification: [discipline, sector] (see DISCIPLINES and SECTORS in schema.ts). */
  categories: string[];
}

/** A report in the caller's scope, or null (outside scope or no such report). */
export async function getPetitionForClue(db: Db, scope: Scope, id: string): Promise<PetitionForClue | null> {
  const p = await db.selectFrom('petitions')
    .select(['id', 'org_id', 'summary', 'received_at', 'discipline', 'sector'])
    .where('id', '=', id).where((eb) => recordInScope(eb, 'petitions.org_id', scope)).executeTakeFirst();
  if (!p) return null;
  const subjects = await db.selectFrom('petition_subjects').select(['subject_type', 'subject_id']).where('petition_id', '=', id).execute();
  return {
    id: p.id, orgId: p.org_id, summary: p.summary, receivedAt: p.received_at,
    subjectOfficialIds: subjects.filter((s) => s.subject_type === 'official').map((s) => s.subject_id),
    subjectOrgIds: subjects.filter((s) => s.subject_type === 'org').map((s) => s.subject_id),
    categories: [p.discipline, p.sector],
  };
}
