// The benchmark data: generated once per scale and database by the real CLI (`jiandu seed --scale`),
// cached in data/bench/<scale>-sqlite.db or the PostgreSQL schema bench_<scale>, and reused while its
// marker (written last by the generator) says it is complete and of the current generator version.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Dialect, openDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SCALE_MARKER, SCALE_VERSION, schemaFingerprint } from '../../src/seed/scale.js';
import { CACHE_DIR, ROOT, progress } from './common.js';

export interface BenchData {
  scale: string;
  dialect: Dialect;
  url: string;
  keyFile: string;
  /** Seconds the generation took in this run; null when the cached data was used. */
  generatedSeconds: number | null;
  marker: { scale: string; seed: string; today: string; version: number; schema?: string; counts: Record<string, number> };
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/jiandu_bench';

/** The schema the current migrations make (tables and columns) on this engine, to tell stale cached
 *  data: an empty database migrated beside the data (SQLite in memory; a scratch PostgreSQL schema).
 *  The engines' schemas differ (SQLite's FTS5 tables, PostgreSQL's stored search vector), so the
 *  data is always compared with its own engine's. */
async function currentSchema(dialect: Dialect, url: string): Promise<string> {
  let scratch: string | null = null;
  let admin = url;
  let target = 'sqlite::memory:';
  if (dialect === 'postgres') {
    scratch = `bench_schema_check_${process.pid}`;
    const u = new URL(url);
    u.searchParams.delete('schema');
    admin = u.toString();
    await adminQuery(admin, `create schema ${scratch}`);
    u.searchParams.set('schema', scratch);
    target = u.toString();
  }
  const database = openDatabase(target);
  try {
    await migrateToLatest(database);
    return await schemaFingerprint(database.db, database.schema);
  } finally {
    await database.close();
    if (scratch) await adminQuery(admin, `drop schema ${scratch} cascade`);
  }
}

/** Applies new migrations to cached data, as to a deployed database, and tells whether that gives
 *  the current schema. A change to what the generator writes bumps SCALE_VERSION instead. */
async function upgradedInPlace(url: string, current: string): Promise<boolean> {
  const database = openDatabase(url);
  try {
    const applied = await migrateToLatest(database);
    const same = (await schemaFingerprint(database.db, database.schema)) === current;
    if (same && applied.length) progress(`applied ${applied.join(', ')} to the cached data`);
    return same;
  } finally {
    await database.close();
  }
}

async function readMarker(url: string): Promise<BenchData['marker'] | null> {
  const database = openDatabase(url);
  try {
    const row = await database.db.selectFrom('settings').select('value').where('key', '=', SCALE_MARKER).executeTakeFirst();
    return row ? (JSON.parse(row.value) as BenchData['marker']) : null;
  } catch {
    return null; // no tables yet
  } finally {
    await database.close();
  }
}

async function adminQuery(url: string, query: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(query);
  } finally {
    await client.end();
  }
}

function assertLoopback(url: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`The benchmark only targets this machine (127.0.0.1), not ${host}`);
}

export async function ensureData(opts: { scale: string; dialect: Dialect; pgUrl?: string; regenerate?: boolean }): Promise<BenchData> {
  const { scale, dialect } = opts;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const keyFile = path.join(CACHE_DIR, `${scale}-${dialect}.key`);
  let url: string;
  let reset: () => Promise<void>;
  if (dialect === 'sqlite') {
    const file = path.join(CACHE_DIR, `${scale}-sqlite.db`);
    url = `sqlite:${file}`;
    reset = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`, keyFile]) fs.rmSync(f, { force: true });
    };
  } else {
    const base = new URL(opts.pgUrl ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL);
    assertLoopback(base.toString());
    base.searchParams.delete('schema');
    const dbName = base.pathname.slice(1) || 'postgres';
    const admin = new URL(base);
    admin.pathname = '/postgres';
    const exists = await adminQuery(admin.toString(), `select 1 from pg_database where datname = '${dbName.replace(/'/g, "''")}'`);
    if (exists.rowCount === 0) await adminQuery(admin.toString(), `create database "${dbName.replace(/"/g, '""')}"`);
    const schema = `bench_${scale}`;
    const withSchema = new URL(base);
    withSchema.searchParams.set('schema', schema);
    url = withSchema.toString();
    reset = async () => {
      await adminQuery(base.toString(), `drop schema if exists ${schema} cascade`);
      await adminQuery(base.toString(), `create schema ${schema}`);
      fs.rmSync(keyFile, { force: true });
    };
    await adminQuery(base.toString(), `create schema if not exists ${schema}`);
  }

  let marker = opts.regenerate || !fs.existsSync(keyFile) ? null : await readMarker(url);
  if (marker && (marker.version !== SCALE_VERSION || marker.scale !== scale)) marker = null;
  if (marker && !(await upgradedInPlace(url, await currentSchema(dialect, url)))) {
    progress(`the cached ${scale} data on ${dialect} predates a schema change that migrating does not reproduce: regenerating`);
    marker = null;
  }
  if (marker) {
    progress(`using cached ${scale} data on ${dialect} (seed ${marker.seed}, dated ${marker.today})`);
    return { scale, dialect, url, keyFile, generatedSeconds: null, marker };
  }

  progress(`generating ${scale} data on ${dialect} (npm run jiandu -- seed --scale ${scale})…`);
  await reset();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'seed', '--scale', scale], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, JIANDU_KEY_FILE: keyFile, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed --scale ${scale} exited with ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  marker = await readMarker(url);
  if (!marker) throw new Error('The generator finished without writing its marker');
  return { scale, dialect, url, keyFile, generatedSeconds: seconds, marker };
}
