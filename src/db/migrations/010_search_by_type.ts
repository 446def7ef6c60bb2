// PostgreSQL: one GIN index per document type, beside the index of every type. Searches are of one
// type (reports, clues), and with one index for all, a word frequent in clues but not in reports
// (公安: 10,089 clues, 2,961 reports at city scale) had every clue match read from the table only to
// be dropped by the type: counting the reports' first 1,001 read 4,236 rows on 2,645 pages (9 ms);
// from the reports' own index, 1,001 rows (1.7 ms). A module that indexes a new type adds its index
// here the same way (the planner picks a partial index when the query names its type as a constant:
// fullTextMatches). SQLite's FTS5 needs nothing.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './helpers.js';

/** The document types indexed today (petitions' reports, clues). */
const TYPES = ['petition', 'clue'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const type of TYPES) {
    await sql`create index ${sql.id(`search_docs_tsv_${type}`)} on search_docs using gin (search_tsv)
      with (gin_pending_list_limit = 64) where doc_type = ${sql.lit(type)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const type of TYPES) await sql`drop index ${sql.id(`search_docs_tsv_${type}`)}`.execute(db);
}
