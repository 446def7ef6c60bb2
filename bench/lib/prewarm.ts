// Brings the benchmark database into the operating system's page cache before anything is measured,
// so that the first figures do not depend on what the machine happened to have cached (a database
// generated or copied a while ago, another process's files in between). Figures are for a warm server.
import fs from 'node:fs';
import os from 'node:os';
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
      // A province (50 GB) does not fit in the machine's memory: the smallest relations (the tree,
      // the accounts, the indexes) are read first, up to half of it, and the rest is left to the run.
      const budget = os.totalmem() / 2;
      const relations = await sql<{ oid: number; bytes: string }>`select c.oid, pg_relation_size(c.oid) as bytes
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind in ('r', 'i')
        order by 2`.execute(database.db);
      let read = 0;
      let left = 0;
      for (const r of relations.rows) {
        const bytes = Number(r.bytes);
        if (read + bytes > budget) { left += bytes; continue; }
        await sql`select ${fn}(${r.oid}::oid, 'read')`.execute(database.db);
        read += bytes;
      }
      const how = left ? `pg_prewarm, smallest first up to half the memory; ${(left / 1048576).toFixed(0)} MB left out` : 'pg_prewarm';
      return { mb: read / 1048576, ms: performance.now() - t, how };
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
