// Brings the benchmark database into the operating system's page cache before anything is measured,
// so that the first figures do not depend on what the machine happened to have cached (a database
// generated or copied a while ago, another process's files in between). Figures are for a warm server.
import fs from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/index.js';
import type { BenchData } from './data.js';

export async function prewarm(data: BenchData): Promise<{ mb: number; ms: number; how: string }> {
  const t = performance.now();
  if (data.dialect === 'sqlite') {
    const file = data.url.slice('sqlite:'.length);
    let bytes = 0;
    const buf = Buffer.allocUnsafe(8 << 20);
    for (const f of [file, `${file}-wal`]) {
      if (!fs.existsSync(f)) continue;
      const fd = fs.openSync(f, 'r');
      try {
        for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) bytes += n;
      } finally {
        fs.closeSync(fd);
      }
    }
    return { mb: bytes / 1048576, ms: performance.now() - t, how: 'file read' };
  }
  const database = openDatabase(data.url);
  try {
    const schema = database.schema ?? 'public';
    try {
      // pg_prewarm(…, 'read') reads every block of the schema's tables and indexes into the OS cache.
      // Installed once per database in public (not in a benchmark schema, which is dropped on regeneration).
      await sql`create extension if not exists pg_prewarm schema public`.execute(database.db);
      const ext = await sql<{ ns: string }>`select n.nspname as ns from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_prewarm'`.execute(database.db);
      const fn = sql.id(ext.rows[0]?.ns ?? 'public', 'pg_prewarm');
      const r = await sql<{ blocks: number }>`select coalesce(sum(${fn}(c.oid, 'read')), 0)::bigint as blocks
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind in ('r', 'i')`.execute(database.db);
      return { mb: (Number(r.rows[0]?.blocks ?? 0) * 8192) / 1048576, ms: performance.now() - t, how: 'pg_prewarm' };
    } catch (err) {
      if (!(err instanceof pg.DatabaseError) && !(err instanceof Error)) throw err;
      const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = ${schema}`.execute(database.db);
      for (const { t: name } of tables.rows) await sql`select count(*) from ${sql.table(name)}`.execute(database.db);
      return { mb: 0, ms: performance.now() - t, how: 'table scans (pg_prewarm unavailable)' };
    }
  } finally {
    await database.close();
  }
}
