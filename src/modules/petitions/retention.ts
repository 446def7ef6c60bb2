// Retention: matters closed longer ago than the retention period are purged. Their reports' keys
// are deleted first (crypto-shredding: the sealed identity and attachments become unreadable even in
// old copies), then their rows; the purge is written to the audit chain by the caller.
import { deleteAttachmentsOf } from '../../core/attachments.js';
import type { Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import type { Db, Dialect } from '../../db/index.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import { removeDocuments } from '../../db/search.js';
import { scrubFreedPages, secureDelete } from '../../db/sql.js';
import { DOC_TYPE } from './petition-store.js';

export const RETENTION_KEY = 'petitions.retention_years';
export const DEFAULT_RETENTION_YEARS = 5;
export const PURGE_JOB = 'petitions.retention';
const BATCH = 200;

export async function retentionYears(db: Db | Trx): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RETENTION_KEY).executeTakeFirst();
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_RETENTION_YEARS;
}

export async function setRetentionYears(trx: Trx, years: number): Promise<void> {
  await trx.insertInto('settings').values({ key: RETENTION_KEY, value: String(years), updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(years), updated_at: nowIso() })).execute();
}

export function retentionCutoff(years: number, on = today()): string {
  const d = new Date(on + 'T00:00:00Z');
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

export async function eligibleMatters(db: Db, scope: Scope | null, cutoff: string): Promise<number> {
  let q = db.selectFrom('petition_matters').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'closed').where('closed_at', '<', cutoff);
  if (scope) q = q.where((eb) => orgInScope(eb, 'petition_matters.org_id', scope));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Purges one batch of expired matters (all of them, or those in scope); returns what went. */
export async function purgeBatch(trx: Trx, dialect: Dialect, scope: Scope | null, cutoff: string) {
  await secureDelete(trx, dialect);
  let q = trx.selectFrom('petition_matters').select('id').where('status', '=', 'closed').where('closed_at', '<', cutoff).orderBy('closed_at').limit(BATCH);
  if (scope) q = q.where((eb) => orgInScope(eb, 'petition_matters.org_id', scope));
  const matterIds = (await q.execute()).map((m) => m.id);
  if (!matterIds.length) return { matterIds, petitions: 0 };
  const ids = (await trx.selectFrom('petitions').select('id').where('matter_id', 'in', matterIds).execute()).map((p) => p.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await trx.deleteFrom('record_keys').where('id', 'in', part).execute(); // the shredding itself
    await deleteAttachmentsOf(trx, DOC_TYPE, part);
    await removeDocuments(trx, DOC_TYPE, part);
    await trx.deleteFrom('petition_reveals').where('petition_id', 'in', part).execute();
    await trx.deleteFrom('petition_subjects').where('petition_id', 'in', part).execute();
    await trx.deleteFrom('petitions').where('id', 'in', part).execute();
  }
  await trx.deleteFrom('petition_matters').where('id', 'in', matterIds).execute();
  return { matterIds, petitions: ids.length };
}

export { scrubFreedPages };
