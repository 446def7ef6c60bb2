// PostgreSQL full-text search reads a stored tsvector instead of an expression index.
// With only the expression index, any plan that checks a row against the query outside the index
// recomputed to_tsvector for that row, so "the newest 20 of 51,000 matches" had to read every match
// through the GIN index and sort them (60–100 ms at city scale). With the vector stored, walking the
// newest rows and testing each costs microseconds a row, and the search picks that walk for
// frequent words (src/db/search.ts). SQLite's FTS5 table needs nothing.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table search_docs add column search_tsv tsvector
    generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
  await sql`drop index search_docs_tsv`.execute(db);
  // GIN files new entries in a pending list that every search reads through until it is merged:
  // at the default limit (4 MB, merged by vacuum or when full) that was 3 ms added to every search at
  // city scale. 64 kB keeps that read negligible and still merges inserts in batches (inserting a report
  // took 0.08 ms with it, 0.04 ms with 4 MB, 0.19 ms with no pending list at all).
  await sql`create index search_docs_tsv on search_docs using gin (search_tsv) with (gin_pending_list_limit = 64)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index search_docs_tsv`.execute(db);
  await sql`alter table search_docs drop column search_tsv`.execute(db);
  await sql`create index search_docs_tsv on search_docs using gin (to_tsvector('simple', search_text))`.execute(db);
}
