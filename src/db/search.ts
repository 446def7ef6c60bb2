// The generic full-text index: any module indexes its documents (doc_type + doc_id, with the
// organization that scopes them) and searches them within the caller's scope. Text is segmented
// here, in the application, the same way for documents and queries (src/core/segment.ts).
import { CompiledQuery, sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { queryTerms, searchText } from '../core/segment.js';
import { nowIso } from '../core/time.js';
import type { Dialect } from './index.js';
import type { DB } from './schema.js';
import { orgInScope, type Scope } from './scope.js';
import { fullTextMatches, fullTextNewestFirst, type FullTextPlan } from './sql.js';

type Q = Kysely<DB> | Transaction<DB>;

export interface SearchDoc {
  type: string;
  id: string;
  orgId: string;
  /** Plain text (several fields joined); segmented here. */
  text: string;
}

/** Adds or replaces one document in the index (call inside the transaction that changes the record). */
export async function indexDocument(trx: Q, doc: SearchDoc): Promise<void> {
  const values = { org_id: doc.orgId, search_text: searchText(doc.text), updated_at: nowIso() };
  const existing = await trx.selectFrom('search_docs').select('id').where('doc_type', '=', doc.type).where('doc_id', '=', doc.id).executeTakeFirst();
  if (existing) await trx.updateTable('search_docs').set(values).where('id', '=', existing.id).execute();
  else await trx.insertInto('search_docs').values({ doc_type: doc.type, doc_id: doc.id, ...values }).execute();
}

/** New documents, one or many (registrations, imports, seeds): inserted without looking for an
 *  existing entry, so they must not be indexed yet. */
export async function indexDocuments(trx: Q, docs: readonly SearchDoc[]): Promise<void> {
  const now = nowIso();
  for (let i = 0; i < docs.length; i += 500) {
    await trx.insertInto('search_docs').values(docs.slice(i, i + 500).map((d) => ({
      doc_type: d.type, doc_id: d.id, org_id: d.orgId, search_text: searchText(d.text), updated_at: now,
    }))).execute();
  }
}

export async function removeDocuments(trx: Q, type: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx.deleteFrom('search_docs').where('doc_type', '=', type).where('doc_id', 'in', ids.slice(i, i + 500)).execute();
  }
}

export interface SearchQuery {
  types: readonly string[];
  query: string;
  limit: number;
  offset: number;
}

export interface SearchHit {
  type: string;
  id: string;
  orgId: string;
}

/** Totals are counted exactly up to here: a frequent word matches tens of thousands of reports, and
 *  counting them all cost 70 ms of a search that otherwise takes one; past it the total is a floor. */
export const SEARCH_COUNT_CAP = 1000;
/** How many matches deep a page may lie and still be found by walking the newest documents. */
const NEWEST_WALK_DEPTH = 100;

/** Documents in scope holding every word of the query, newest index entries first, with the total
 *  (exact up to SEARCH_COUNT_CAP; `totalCapped` says when there are more). */
export interface SearchResult {
  total: number;
  totalCapped: boolean;
  terms: string[];
  hits: SearchHit[];
  /** How the page was found (for tests and the benchmark): FTS5 on SQLite; on PostgreSQL a walk of
   *  the newest documents that also counted, or a count from the index and then the page. */
  plan: 'fts5' | 'walk' | `count+${FullTextPlan}`;
}

export async function searchDocuments(db: Q, dialect: Dialect, scope: Scope, q: SearchQuery): Promise<SearchResult> {
  const terms = queryTerms(q.query);
  if (!terms.length || !q.types.length) return { total: 0, totalCapped: false, terms, hits: [], plan: dialect === 'sqlite' ? 'fts5' : 'count+index' };
  const matches: Matches = (plan, walkBound) => fullTextMatches(db, dialect, terms, plan, walkBound)
    .where('search_docs.doc_type', 'in', [...q.types])
    .where((eb) => orgInScope(eb, 'search_docs.org_id', scope));
  const page = (plan: FullTextPlan) => matches(plan)
    .select(['search_docs.doc_type', 'search_docs.doc_id', 'search_docs.org_id'])
    .orderBy(fullTextNewestFirst(dialect), 'desc').limit(q.limit).offset(q.offset).execute();
  if (dialect === 'postgres' && scope.whole && q.offset + q.limit <= SEARCH_COUNT_CAP) {
    const walked = await walkNewest(db, matches, q);
    if (walked) return { ...walked, terms, plan: 'walk' };
  }
  const count = await db.selectFrom(matches('index').select('search_docs.id').limit(SEARCH_COUNT_CAP + 1).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const n = Number(count.n);
  // Which way the page is found fastest (see FullTextPlan): among more than SEARCH_COUNT_CAP matches,
  // the first pages lie among the newest few thousand documents; deeper pages, or fewer matches,
  // are read from the index.
  const plan: FullTextPlan = n > SEARCH_COUNT_CAP && q.offset + q.limit <= NEWEST_WALK_DEPTH ? 'newest' : 'index';
  const rows = await page(plan);
  return {
    total: Math.min(n, SEARCH_COUNT_CAP), totalCapped: n > SEARCH_COUNT_CAP, terms,
    hits: rows.map((r) => ({ type: r.doc_type, id: r.doc_id, orgId: r.org_id })),
    plan: dialect === 'sqlite' ? 'fts5' : `count+${plan}`,
  };
}

type Matches = (plan: FullTextPlan, walkBound?: number) => SelectQueryBuilder<DB, 'search_docs', object>;

/** A walk of the newest documents should find SEARCH_COUNT_CAP + 1 matches within this many of them
 *  (about 6 ms at half a microsecond a document). */
const WALK_BUDGET = 12_000;

/** PostgreSQL, for words that match a large share of the documents in scope: the capped count and
 *  the page come from one walk of the newest documents, which stops at the (cap + 1)th match. Counting
 *  such a word from the GIN index built a bitmap of all its matches and read their heap pages first
 *  (8 of the 11 ms a search of 质量 took at city scale). The planner's estimate of the matches (from
 *  the column's statistics) decides; the walk is bounded at three times the documents the estimate
 *  expects it to take, so a wrong estimate costs a bounded walk, after which the search counts from
 *  the index as before. Only for a scope that covers the whole tree: the planner cannot tell what
 *  share of the documents lies in a subtree, so there the estimate would be a guess.
 *  Returns null when the walk is not worth it or does not settle the count. */
async function walkNewest(db: Q, matches: Matches, q: SearchQuery) {
  const [estimate, documents] = await Promise.all([estimatedRows(db, matches('index').select(sql.lit(1).as('x'))), documentCount(db)]);
  if (estimate <= 0 || documents <= 0) return null;
  const expected = Math.ceil(((SEARCH_COUNT_CAP + 1) * documents) / estimate);
  if (expected > WALK_BUDGET) return null;
  const bound = Math.min(documents, 3 * expected);
  const walk = matches('newest', bound)
    .select(['search_docs.id', 'search_docs.doc_type', 'search_docs.doc_id', 'search_docs.org_id'])
    .orderBy('search_docs.id', 'desc').limit(SEARCH_COUNT_CAP + 1);
  // The count of the walk's matches rides along with the page, so only the page crosses the wire.
  const rows = await db.selectFrom(walk.as('w'))
    .select(['w.doc_type', 'w.doc_id', 'w.org_id', sql<number>`count(*) over ()`.as('n')])
    .orderBy('w.id', 'desc').limit(q.limit).offset(q.offset).execute();
  if (!rows.length) return null; // past the last match: the index path answers with the total
  const n = Number(rows[0].n);
  if (n <= SEARCH_COUNT_CAP && bound < documents) return null; // the estimate was wrong: count from the index
  return {
    total: Math.min(n, SEARCH_COUNT_CAP), totalCapped: n > SEARCH_COUNT_CAP,
    hits: rows.map((r) => ({ type: r.doc_type, id: r.doc_id, orgId: r.org_id })),
  };
}

/** The planner's estimate of a query's rows (PostgreSQL). */
async function estimatedRows(db: Q, query: { compile(): CompiledQuery }): Promise<number> {
  const c = query.compile();
  const r = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(CompiledQuery.raw(`explain (format json) ${c.sql}`, [...c.parameters]));
  return r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}

/** The documents in the index, as the statistics have it (PostgreSQL; read at most once a minute once known). */
const documentCounts = new WeakMap<object, { n: number; at: number }>();
async function documentCount(db: Q): Promise<number> {
  const hit = documentCounts.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit.n;
  const r = await sql<{ n: number }>`select greatest(reltuples, 0)::bigint as n from pg_class where oid = to_regclass('search_docs')`.execute(db);
  const n = Number(r.rows[0]?.n ?? 0);
  if (n > 0) documentCounts.set(db, { n, at: Date.now() }); // 0: never analysed yet; ask again next time
  return n;
}
