// Petitions and reports (信访举报): intake, repeats and matters, identity protection with two-person
// reveal, search, analysis, warning rules and retention by crypto-shredding.
import type { ModuleDefinition } from '../../core/module.js';
import { petitionRoutes } from './petition-routes.js';

export { getPetitionForClue, type PetitionForClue } from './clue-source.js';
export { DISCIPLINES, SECTORS } from './schema.js';
/** The generic search index, for any module (clues too): see src/db/search.ts. */
export { indexDocument, indexDocuments, removeDocuments, searchDocuments } from '../../db/search.js';

export const petitionsModule: ModuleDefinition = {
  name: 'petitions',
  permissions: {
    'petitions.read': ['petition', 'casemgr', 'leader'],
    'petitions.write': ['petition', 'casemgr'],
  },
  routes(app, ctx) {
    petitionRoutes(app, ctx);
  },
};
