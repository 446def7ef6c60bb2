// Petitions and reports (信访举报): intake, repeats and matters, identity protection with two-person
// reveal, search, analysis, warning rules and retention by crypto-shredding.
import type { ModuleDefinition } from '../../core/module.js';
import { insightRoutes } from './insight-routes.js';
import { petitionRoutes } from './petition-routes.js';
import { PURGE_JOB, purgeBatch, retentionCutoff, retentionYears, scrubFreedPages } from './retention.js';
import { revealRoutes } from './reveal-routes.js';
import { manyReportsRule, outlierRule } from './rules.js';

export { getPetitionForClue, type PetitionForClue } from './clue-source.js';
export { DISCIPLINES, SECTORS } from './schema.js';
export { PURGE_JOB };
/** The generic search index, for any module (clues too): see src/db/search.ts. */
export { indexDocument, indexDocuments, removeDocuments, searchDocuments } from '../../db/search.js';

const HANDLERS = ['petition', 'casemgr'] as const;

export const petitionsModule: ModuleDefinition = {
  name: 'petitions',
  needToKnow: 'petitions.read',
  permissions: {
    'petitions.read': [...HANDLERS, 'leader'],
    'petitions.write': [...HANDLERS],
    'petitions.import': ['petition'],
    'petitions.reveal-request': [...HANDLERS],
    'petitions.reveal-approve': [...HANDLERS],
    'petitions.analysis': [...HANDLERS, 'leader'],
    'petitions.retention': ['petition'],
  },
  routes(app, ctx) {
    revealRoutes(app, ctx);
    insightRoutes(app, ctx);
    petitionRoutes(app, ctx);
  },
  warningRules: [manyReportsRule, outlierRule],
  jobs: {
    // Nightly: closed matters past the retention period, everywhere, in batches, each batch logged.
    [PURGE_JOB]: async (ctx) => {
      const cutoff = retentionCutoff(await retentionYears(ctx.db));
      let matters = 0;
      for (;;) {
        const r = await ctx.tx(async (trx) => {
          const done = await purgeBatch(trx, ctx.dialect, null, cutoff);
          if (done.matterIds.length) await ctx.audit(trx, null, { action: 'petition.purge', detail: { cutoff, matters: done.matterIds, petitions: done.petitions } });
          return done;
        });
        matters += r.matterIds.length;
        if (!r.matterIds.length) break;
      }
      await scrubFreedPages(ctx.db, ctx.dialect);
      return { matters };
    },
  },
};
