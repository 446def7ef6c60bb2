// The generic full-text index: any module indexes its documents (doc_type + doc_id, with the
// organization that scopes them) and searches them within the caller's scope. Text is segmented
// here, in the application, the same way for documents and queries (src/core/segment.ts).
import type { Kysely, Transaction } from 'kysely';
import { queryTerms, searchText } from '../core/segment.js';
import { nowIso } from '../core/time.js';
import { tunedSessions, type Dialect } from './index.js';
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
/** How many of a frequent word's matches PostgreSQL samples to tell that there are more than the
 *  cap: five times the cap, so that a type that is a fifth of the index, searched across the whole
 *  tree, still finds more than the cap in the sample. */
const GIN_SAMPLE = 5 * (SEARCH_COUNT_CAP + 1);

/** Documents in scope holding every word of the query, newest index entries first, with the total
 *  (exact up to SEARCH_COUNT_CAP; `totalCapped` says when there are more). */
export interface SearchResult {
  total: number;
  totalCapped: boolean;
  /** How the total was found: 'sample' when a sample of the matches already held more than the
   *  cap (PostgreSQL, frequent words), 'exact' otherwise. */
  counted: 'sample' | 'exact';
  terms: string[];
  hits: SearchHit[];
  /** How the page was found (for tests and the benchmark): FTS5 on SQLite; on PostgreSQL a count
   *  from the index, then the page by a walk of the newest documents (of the one type asked for) or
   *  from the index. */
  plan: 'fts5' | `count+${FullTextPlan}`;
}

export async function searchDocuments(db: Q, dialect: Dialect, scope: Scope, q: SearchQuery): Promise<SearchResult> {
  const terms = queryTerms(q.query);
  const empty = dialect === 'sqlite' ? 'fts5' : 'count+index';
  if (!terms.length || !q.types.length) return { total: 0, totalCapped: false, counted: 'exact', terms, hits: [], plan: empty };
  const { n, counted } = await countMatches(db, dialect, scope, q.types, terms);
  // Which way the page is found fastest (see FullTextPlan): among more than SEARCH_COUNT_CAP matches,
  // the first pages lie among the newest few thousand documents; deeper pages, or fewer matches,
  // are read from the index.
  const plan: FullTextPlan = n > SEARCH_COUNT_CAP && q.offset + q.limit <= NEWEST_WALK_DEPTH ? 'newest' : 'index';
  const rows = await pageQuery(db, dialect, scope, q, terms, plan).execute();
  return {
    total: Math.min(n, SEARCH_COUNT_CAP), totalCapped: n > SEARCH_COUNT_CAP, counted, terms,
    hits: rows.map((r) => ({ type: r.doc_type, id: r.doc_id, orgId: r.org_id })),
    plan: dialect === 'sqlite' ? 'fts5' : `count+${plan}`,
  };
}

/** Matches in scope, counted up to SEARCH_COUNT_CAP + 1. On PostgreSQL a frequent word is first
 *  counted over a random sample of the index's matches (gin_fuzzy_search_limit): GIN collects every
 *  match into a bitmap before the first is counted, so 18,881 matches cost 5 ms and ten times as many
 *  ten times that, where a sample of GIN_SAMPLE costs the same at any size. A sample is a subset of
 *  the matches, so more than the cap in it means more than the cap in all; fewer (a rare word, or a
 *  frequent one mostly outside the scope) are counted again exactly. Only one-word queries are
 *  sampled: GIN samples each word on its own, so two frequent words' common matches are sampled at
 *  the product of their rates and the sample of a query like 名义 中央 (18,438 common matches at
 *  city scale) held fewer than the cap: a wasted count before the exact one. */
async function countMatches(db: Q, dialect: Dialect, scope: Scope, types: readonly string[], terms: readonly string[]) {
  const count = async (q: Q) => Number((await countQuery(q, dialect, scope, types, terms).executeTakeFirstOrThrow()).n);
  // Sampled on sessions of their own, which start with the setting (not inside a caller's
  // transaction, whose uncommitted documents another session would not see).
  const sampler = dialect === 'postgres' && !db.isTransaction && terms.length === 1
    ? tunedSessions(db as Kysely<DB>, { gin_fuzzy_search_limit: String(GIN_SAMPLE) }) : undefined;
  if (sampler) {
    const sampled = await count(sampler);
    if (sampled > SEARCH_COUNT_CAP) return { n: sampled, counted: 'sample' as const };
  }
  return { n: await count(db), counted: 'exact' as const };
}

/** The statement that counts matches in scope up to SEARCH_COUNT_CAP + 1 (exported for EXPLAIN in tests). */
export function countQuery(db: Q, dialect: Dialect, scope: Scope, types: readonly string[], terms: readonly string[]) {
  return db.selectFrom(scopedMatches(db, dialect, scope, terms, types, 'index')
    .select('search_docs.id').limit(SEARCH_COUNT_CAP + 1).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'));
}

/** The statement that reads one page of matches by the given plan (exported for EXPLAIN in tests). */
export function pageQuery(db: Q, dialect: Dialect, scope: Scope, q: SearchQuery, terms: readonly string[], plan: FullTextPlan) {
  const found = scopedMatches(db, dialect, scope, terms, q.types, plan)
    .select(['search_docs.doc_type', 'search_docs.doc_id', 'search_docs.org_id']);
  // One type, newest first: walk that type's newest documents (index search_docs_type_newest, by
  // type then id; see fullTextMatches).
  const walk = dialect === 'postgres' && plan === 'newest' && q.types.length === 1;
  return (walk ? found.orderBy('search_docs.doc_type', 'desc').orderBy('search_docs.id', 'desc') : found.orderBy(fullTextNewestFirst(dialect), 'desc'))
    .limit(q.limit).offset(q.offset);
}

function scopedMatches(db: Q, dialect: Dialect, scope: Scope, terms: readonly string[], types: readonly string[], plan: FullTextPlan) {
  return fullTextMatches(db, dialect, terms, types, plan).where((eb) => orgInScope(eb, 'search_docs.org_id', scope));
}
