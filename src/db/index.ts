import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver } from 'kysely';
import { OwnSchemaPostgresDialect } from './pg-introspector.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Where the data lives, without credentials (for logs and health). */
  location: string;
  /** PostgreSQL schema when not the default (?schema= in the URL). */
  schema?: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = './data/jiandu.db';

// PostgreSQL returns BIGINT/COUNT as strings; counts here always fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(url = process.env.DATABASE_URL ?? ''): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url);
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url || DEFAULT_SQLITE_PATH;
  return openSqlite(file);
}

/** Transactions take the write lock when they begin (BEGIN IMMEDIATE). A deferred BEGIN that later
 *  wants to write while another process writes fails at once with SQLITE_BUSY, whatever busy_timeout
 *  says; an immediate one waits its turn. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

const STATEMENT_CACHE_SIZE = 1000;

/** Kysely prepares every query anew; compiling costs SQLite 20–80 µs. Keep prepared statements by
 *  their SQL text (one in use by an unfinished iteration is not shared: a fresh one is made). */
function withStatementCache(conn: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let stmt = cache.get(source);
    if (stmt && !stmt.busy) return stmt;
    stmt = conn.prepare(source);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear(); // IN lists of many lengths: start over rather than grow
    cache.set(source, stmt);
    return stmt;
  };
  return new Proxy(conn, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL'); // durable commits: an acknowledged write survives power loss
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(conn) }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres(url: string): Database {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const connect = (max: number, settings: Record<string, string> = {}) => new pg.Pool({
    connectionString: parsed.toString(),
    max,
    // A test or tenant may live in its own schema: ?schema=name
    options: Object.entries({ ...(schema ? { search_path: schema } : {}), ...settings }).map(([k, v]) => `-c ${k}=${v}`).join(' ') || undefined,
  });
  const db = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool: connect(Number(process.env.PG_POOL_SIZE ?? 10)) }) });
  const tuned = new Map<string, Db>();
  sessionPools.set(db, (settings) => {
    const key = JSON.stringify(settings);
    let other = tuned.get(key);
    if (!other) tuned.set(key, (other = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool: connect(TUNED_POOL_SIZE, settings) }) })));
    return other;
  });
  const location = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}${schema ? `#${schema}` : ''}`;
  const close = async () => {
    await Promise.all([...tuned.values()].map((other) => other.destroy()));
    await db.destroy();
  };
  return { db, dialect: 'postgres', location, schema: schema ?? undefined, close };
}

const TUNED_POOL_SIZE = 4;
const sessionPools = new WeakMap<Db, (settings: Record<string, string>) => Db>();

/** PostgreSQL: the same database through a small pool of its own whose sessions start with the given
 *  settings, made on first use and closed with the database; undefined on SQLite. For a statement
 *  that needs a setting: set on the pool's sessions, it needs no transaction of its own to scope it
 *  (three round trips) and never reaches another statement. */
export function tunedSessions(db: Db, settings: Record<string, string>): Db | undefined {
  return sessionPools.get(db)?.(settings);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
