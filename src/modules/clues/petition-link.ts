// The clues module's one window on reports: through the petitions module's index (no reporter identity).
import { badRequest } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';
import type { Scope } from '../../db/scope.js';
import { getPetitionForClue, indexDocument, type PetitionForClue } from '../petitions/index.js';

/** The report a clue names, in the caller's scope; otherwise the field is wrong (400). */
export async function checkPetition(trx: Trx, scope: Scope, petitionId: string, field = 'body.petitionId'): Promise<PetitionForClue> {
  const p = await getPetitionForClue(trx, scope, petitionId);
  if (!p) throw badRequest('Unknown report', field);
  return p;
}

/** Clue summaries go into the generic full-text index, so the search page finds them beside reports. */
export async function indexClue(trx: Trx, c: { id: string; orgId: string; code: string; summary: string; subjectNames: string[] }) {
  await indexDocument(trx, { type: 'clue', id: c.id, orgId: c.orgId, text: [c.code, c.summary, ...c.subjectNames].join(' ') });
}
