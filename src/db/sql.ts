// The one place where the two dialects differ. Nothing outside db/ writes dialect-specific SQL.
import { sql, type Transaction } from 'kysely';
import type { Db, Dialect } from './index.js';
import type { DB } from './schema.js';

/** Bounds of a materialized-path subtree as a range ('/' + 1 = '0'), which both engines index. */
export function subtreeBounds(path: string): { lo: string; hi: string } {
  return { lo: path, hi: path.slice(0, -1) + '0' };
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

export async function tableCounts(db: Db, tables: (keyof DB)[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}
