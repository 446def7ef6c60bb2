// The one place where the two dialects differ. Nothing outside db/ writes dialect-specific SQL.
import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { Db, Dialect } from './index.js';
import type { DB } from './schema.js';

/** Bounds of a materialized-path subtree as a range ('/' + 1 = '0'), which both engines index. */
export function subtreeBounds(path: string): { lo: string; hi: string } {
  return { lo: path, hi: path.slice(0, -1) + '0' };
}

/** `child` lies strictly below `ancestor` in the org tree: the ancestor's materialized path is a
 *  proper prefix of the child's. Both are references to path columns (byte-wise "C" collation on
 *  PostgreSQL, BINARY on SQLite), so the range of subtreeBounds compiles to the same predicate on
 *  both engines, without LIKE wildcards or case folding. */
export function pathStrictlyBelow(childPathRef: string, ancestorPathRef: string) {
  const child = sql.ref(childPathRef);
  const anc = sql.ref(ancestorPathRef);
  return sql<boolean>`(${child} > ${anc} and ${child} < (substr(${anc}, 1, length(${anc}) - 1) || '0'))`;
}

/** Serialises writers of the audit chain across processes (PostgreSQL); SQLite has one writer already. */
export async function lockAuditChain(trx: Transaction<DB>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(72310001)`.execute(trx);
}

/** Case-insensitive substring match, the same on both engines. */
export function containsInsensitive(column: string, needle: string) {
  const escaped = needle.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c);
  return sql<boolean>`lower(${sql.ref(column)}) like ${'%' + escaped + '%'} escape '\\'`;
}


/** Claims the next due job for one worker. PostgreSQL: SKIP LOCKED lets many processes share the
 *  queue; SQLite: its single writer already serialises the claim. Returns the job id or null. */
export async function claimNextJob(db: Db, dialect: Dialect, workerId: string, now: string, lockUntil: string): Promise<string | null> {
  if (dialect === 'postgres') {
    const r = await sql<{ id: string }>`
      update jobs set status = 'running', locked_by = ${workerId}, locked_until = ${lockUntil}, attempts = attempts + 1
      where id = (
        select id from jobs
        where (status = 'queued' and run_at <= ${now}) or (status = 'running' and locked_until < ${now})
        order by run_at limit 1 for update skip locked)
      returning id`.execute(db);
    return r.rows[0]?.id ?? null;
  }
  return db.transaction().execute(async (trx) => {
    const next = await trx
      .selectFrom('jobs')
      .select('id')
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]))
      .orderBy('run_at')
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    await trx.updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_by: workerId, locked_until: lockUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', next.id)
      .execute();
    return next.id;
  });
}

// ---- full-text search over search_docs (see src/db/search.ts)

/** How PostgreSQL finds the matches of a page: 'index' reads every match from the GIN index and sorts
 *  them (cost follows the matches: right when they are few); 'newest' walks the newest documents and
 *  tests each (cost follows how far back the page lies: right when matches are many, since a page
 *  of 20 among more than 1,000 matches in 400,000 documents lies within the newest few thousand).
 *  SQLite's FTS5 yields matches newest first either way. */
export type FullTextPlan = 'index' | 'newest';

/** search_docs rows of the given types whose segmented text holds every term. Terms are letters and
 *  digits only (queryTerms), bound as parameters: FTS5 gets each as a quoted phrase, PostgreSQL a
 *  tsquery built by plainto_tsquery against the stored vector search_tsv (migration 007). */
export function fullTextMatches(db: Kysely<DB> | Transaction<DB>, dialect: Dialect, terms: readonly string[], types: readonly string[], plan: FullTextPlan = 'index'): SelectQueryBuilder<DB, 'search_docs', object> {
  const clean = terms.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (!clean.length || !types.length) return db.selectFrom('search_docs').where(sql<boolean>`1 = 0`);
  if (dialect === 'postgres') {
    const query = sql`plainto_tsquery('simple', ${clean.join(' ')})`;
    if (plan === 'newest') {
      // ts_match_vq is @@ in function form, which the GIN index cannot serve: the planner walks the
      // newest documents and tests each row's stored vector (about a microsecond a row). One type is
      // bound as an array so that the planner keeps it in the order of search_docs_type_newest
      // (migration 009) instead of folding it to a constant and walking the primary key across types.
      return db.selectFrom('search_docs').where(sql<boolean>`ts_match_vq(search_docs.search_tsv, ${query})`)
        .where(sql<boolean>`search_docs.doc_type = any(${sql.val([...types])}::text[])`);
    }
    // The matches come from the GIN index first (OFFSET 0 keeps the planner from flattening this and
    // walking the primary key instead: for a rare word, the whole table). The type is tested inside,
    // as a constant, so that one type's matches come from its own partial index (migration 010) and
    // the other types' matches are never read from the table.
    return db.selectFrom((eb) => eb.selectFrom('search_docs').selectAll()
      .where(sql<boolean>`search_docs.search_tsv @@ ${query}`)
      .where('search_docs.doc_type', 'in', [...types])
      .offset(0).as('search_docs')) as unknown as SelectQueryBuilder<DB, 'search_docs', object>;
  }
  // SQLite: the FTS5 table drives and each match is joined to its row by rowid (= search_docs.id);
  // `id in (select rowid …)` built a temporary index of every match first (88 ms for a common word).
  const match = clean.map((t) => `"${t}"`).join(' AND ');
  return db.selectFrom(sql`search_docs_fts`.as('search_docs_fts'))
    .innerJoin('search_docs', (j) => j.on(sql<boolean>`search_docs.id = search_docs_fts.rowid`))
    .where(sql<boolean>`search_docs_fts match ${match}`)
    .where('search_docs.doc_type', 'in', [...types]) as unknown as SelectQueryBuilder<DB, 'search_docs', object>;
}

/** The order "newest index entry first" for fullTextMatches: on SQLite by the FTS5 rowid, which
 *  FTS5 yields in order (by search_docs.id the planner sorted every match first). */
export function fullTextNewestFirst(dialect: Dialect) {
  return dialect === 'sqlite' ? sql<number>`search_docs_fts.rowid` : sql.ref<number>('search_docs.id');
}

/** Rebuilds the SQLite FTS index from search_docs (after a bulk load that bypassed the triggers, or
 *  to repair it); PostgreSQL's expression index needs nothing. */
export async function rebuildFullTextIndex(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`insert into search_docs_fts(search_docs_fts) values ('rebuild')`.execute(db);
}

/** SQLite: deleted content is overwritten with zeros instead of lingering in free pages (for
 *  purges that must leave nothing readable). PostgreSQL: VACUUM reclaims dead rows. */
export async function secureDelete(db: Db | Transaction<DB>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma secure_delete = on`.execute(db);
}

/** SQLite in WAL mode: after a purge, moves the log into the file and truncates it, so no old copy
 *  of a deleted page stays in the -wal file. Run outside any transaction. */
export async function scrubFreedPages(db: Db, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  // Deleted documents linger in older FTS5 segments until they are merged.
  await sql`insert into search_docs_fts(search_docs_fts) values ('optimize')`.execute(db);
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/** Keys per statement for lookups by a list of keys (`where id in (…)`): one parameter each, and
 *  PostgreSQL's protocol counts a statement's parameters in 16 bits (at most 65,535), which the 98,885
 *  groups of a province's roll-up by organization pass. */
export const KEYS_PER_STATEMENT = 1000;

/** Runs a lookup by keys over as many statements as the list needs and merges the results. */
export async function lookupInChunks<V>(keys: readonly string[], lookup: (part: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const merged = new Map<string, V>();
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    for (const [k, v] of await lookup(keys.slice(i, i + KEYS_PER_STATEMENT))) merged.set(k, v);
  }
  return merged;
}
