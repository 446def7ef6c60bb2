import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Paths compare byte by byte on PostgreSQL too, whatever the database's collation. */
export function pathColumnType(dialect: Dialect) {
  return dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
}

/** Refuse UPDATE and DELETE on a table (the audit log): the database itself says no. */
export async function appendOnly(db: Kysely<any>, dialect: Dialect, table: string): Promise<void> {
  const t = sql.raw(table);
  if (dialect === 'sqlite') {
    await sql`create trigger ${sql.raw(table + '_no_update')} before update on ${t}
      begin select raise(abort, 'append-only table'); end`.execute(db);
    await sql`create trigger ${sql.raw(table + '_no_delete')} before delete on ${t}
      begin select raise(abort, 'append-only table'); end`.execute(db);
    return;
  }
  await sql`create or replace function jiandu_append_only() returns trigger language plpgsql as $$
    begin raise exception 'append-only table %', TG_TABLE_NAME; end $$`.execute(db);
  await sql`create trigger ${sql.raw(table + '_append_only')} before update or delete on ${t}
    for each row execute function jiandu_append_only()`.execute(db);
  await sql`create trigger ${sql.raw(table + '_no_truncate')} before truncate on ${t}
    for each statement execute function jiandu_append_only()`.execute(db);
}
