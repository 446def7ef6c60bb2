// Online, consistent, encrypted logical backups in one dialect-neutral format: a backup of SQLite
// restores into PostgreSQL and back.
//
// File = envelope header ‖ ciphertext ‖ MAC.
//   envelope header (58 bytes): "JDBACKUP", envelope version (1), algorithm (1 = SM4-CTR + HMAC-SM3,
//   2 = AES-256-GCM), 32-byte salt, 16-byte IV. Keys are derived from the key file's backup key and the
//   salt, so no two files share a key stream.
//   MAC: SM: HMAC-SM3 over header ‖ ciphertext (32 bytes); AES: the GCM tag with the header as AAD (16 bytes).
// Plaintext (gzip of newline-delimited JSON):
//   {"format":"jiandu-backup","version":1,"createdAt","dialect","crypto","migrations":[…],
//    "tables":[{"name","columns":[…],"key":[…],"rows":n},…],"audit":{"headSeq","headHash"}}
//   then for every table, in foreign-key order: {"table":name}, one JSON array per row (values in
//   "columns" order), {"end":name,"rows":n}; and last {"end":true}.
// The rows of every table come from one snapshot: a read transaction on its own connection (SQLite,
// WAL) or a REPEATABLE READ, READ ONLY transaction (PostgreSQL), read in keyset pages of the primary
// key and streamed through gzip and the cipher, so memory stays flat whatever the size.
// Restore checks the MAC over the whole file before it touches the database, refuses a non-empty
// database, runs the migrations, inserts everything in one transaction and commits only when the
// row counts and the audit chain (verifyChain) match the header.
import nodeCrypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type RawBuilder } from 'kysely';
import type { CryptoBox } from '../core/crypto.js';
import { verifyChain } from '../modules/audit/index.js';
import type { Database, Dialect } from './index.js';
import { migrateToLatest } from './migrate.js';
import { lockAuditChain } from './sql.js';
import type { DB } from './schema.js';

export const BACKUP_FORMAT = 'jiandu-backup';
export const BACKUP_VERSION = 1;

/** Tables that reference themselves are read in an order that puts parents first (a parent's path
 *  is a proper prefix of its children's). Any other self-referencing table must be added here. */
const PARENT_FIRST_KEYS: Record<string, string[]> = { orgs: ['path'], ledger_items: ['path'] };
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Reference data that the migrations themselves insert (the standard talk types): an empty database
 *  has these rows, and a restore replaces them with the backup's. */
export const SEEDED_BY_MIGRATIONS: ReadonlySet<string> = new Set(['talk_types']);
const PAGE_ROWS = 1000;

export interface TableInfo {
  name: string;
  columns: string[];
  /** Keyset columns: the primary key, or a parent-first unique key (PARENT_FIRST_KEYS). */
  key: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  dialect: Dialect;
  crypto: CryptoBox['algorithm'];
  migrations: string[];
  tables: TableInfo[];
  audit: { headSeq: number; headHash: string | null };
}

export interface BackupProgress {
  phase: 'snapshot' | 'backup' | 'verify' | 'restore' | 'check' | 'done';
  table?: string;
  /** Rows done so far (of the table for per-table phases, of all tables for 'done'). */
  rows: number;
  total: number;
}
/** Called after each page; a returned promise is awaited (a slow consumer slows the backup). */
export type ProgressFn = (p: BackupProgress) => void | Promise<unknown>;

export interface BackupResult {
  header: BackupHeader;
  bytes: number;
  seconds: number;
}

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
  seconds: number;
}

// Tables are discovered at run time, so queries here are untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
type Value = string | number | null | { b64: string };

// ---------------------------------------------------------------------------------------- backup

/** Writes a consistent, encrypted backup of the database to `file` (atomically: a temporary file,
 *  fsync, rename). The database keeps serving while it runs. */
export async function backupTo(database: Database, crypto: CryptoBox, file: string, onProgress?: ProgressFn): Promise<BackupResult> {
  const started = Date.now();
  const target = path.resolve(file);
  const tmp = `${target}.partial-${process.pid}-${nodeCrypto.randomBytes(4).toString('hex')}`;
  let header!: BackupHeader;
  try {
    await withSnapshot(database, async (trx) => {
      header = await describeSnapshot(trx, database.dialect, crypto);
      await onProgress?.({ phase: 'snapshot', rows: 0, total: totalRows(header) });
      await pipeline(
        Readable.from(snapshotLines(trx, header, onProgress)),
        zlib.createGzip({ level: 6 }),
        new SealStream(crypto),
        fs.createWriteStream(tmp, { mode: 0o600 }),
      );
    });
    const fh = await fsp.open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, target);
    await syncDir(path.dirname(target));
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  const bytes = (await fsp.stat(target)).size;
  await onProgress?.({ phase: 'done', rows: totalRows(header), total: totalRows(header) });
  return { header, bytes, seconds: (Date.now() - started) / 1000 };
}

/** Runs fn inside one consistent read snapshot. SQLite: a read transaction on a connection of its
 *  own (the app's single connection stays free for writers; WAL keeps the snapshot while they
 *  commit). PostgreSQL: REPEATABLE READ, READ ONLY. */
async function withSnapshot<T>(database: Database, fn: (trx: AnyDb) => Promise<T>): Promise<T> {
  if (database.dialect === 'postgres') {
    return database.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => fn(trx as AnyDb));
  }
  if (database.location === ':memory:') return database.db.transaction().execute((trx) => fn(trx as AnyDb));
  const conn = new SQLite(database.location, { fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  conn.pragma('query_only = ON');
  const reader: AnyDb = new Kysely({ dialect: new SqliteDialect({ database: conn }) });
  try {
    return await reader.transaction().execute((trx) => fn(trx));
  } finally {
    await reader.destroy();
  }
}

async function describeSnapshot(trx: AnyDb, dialect: Dialect, crypto: CryptoBox): Promise<BackupHeader> {
  // The first read fixes the snapshot: everything below sees the same moment.
  const migrations = await appliedMigrations(trx);
  if (!migrations.length) throw new Error('The database has not been migrated: nothing to back up');
  const catalog = await readCatalog(trx, dialect);
  const tables: TableInfo[] = [];
  for (const t of orderByForeignKeys(catalog)) {
    const key = PARENT_FIRST_KEYS[t.name] ?? t.primaryKey;
    if (!key.length) throw new Error(`Table ${t.name} has no primary key: backup cannot page through it`);
    if (t.references.includes(t.name) && !PARENT_FIRST_KEYS[t.name]) {
      throw new Error(`Table ${t.name} references itself: add a parent-first key for it to PARENT_FIRST_KEYS in src/db/backup.ts`);
    }
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.id(t.name)}`.execute(trx);
    tables.push({ name: t.name, columns: t.columns, key, rows: Number(row.rows[0].n) });
  }
  let audit: BackupHeader['audit'] = { headSeq: 0, headHash: null };
  if (tables.some((t) => t.name === 'audit_log')) {
    const head = await trx.selectFrom('audit_log').select(['seq', 'row_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (head) audit = { headSeq: Number(head.seq), headHash: head.row_hash };
  }
  return {
    format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), dialect, crypto: crypto.algorithm,
    migrations, tables, audit,
  };
}

async function* snapshotLines(trx: AnyDb, header: BackupHeader, onProgress?: ProgressFn): AsyncGenerator<Buffer> {
  yield line(header);
  for (const t of header.tables) {
    yield line({ table: t.name });
    let done = 0;
    for await (const page of keysetPages(trx, t)) {
      const out: string[] = [];
      for (const r of page) out.push(JSON.stringify(t.columns.map((c) => encodeValue(t.name, c, r[c]))));
      out.push('');
      done += page.length;
      yield Buffer.from(out.join('\n'), 'utf8');
      await onProgress?.({ phase: 'backup', table: t.name, rows: done, total: t.rows });
    }
    // The snapshot guarantees this; a mismatch means the isolation did not hold.
    if (done !== t.rows) throw new Error(`Table ${t.name}: counted ${t.rows} rows but read ${done}: the snapshot was not consistent`);
    yield line({ end: t.name, rows: done });
  }
  yield line({ end: true });
}

async function* keysetPages(trx: AnyDb, t: TableInfo): AsyncGenerator<Record<string, unknown>[]> {
  const cols = sql.join(t.columns.map((c) => sql.id(c)));
  const key = sql.join(t.key.map((c) => sql.id(c)));
  let last: unknown[] | null = null;
  for (;;) {
    const after: RawBuilder<unknown> = last ? sql`where (${key}) > (${sql.join(last.map((v) => sql.val(v)))})` : sql``;
    const { rows }: { rows: Record<string, unknown>[] } =
      await sql<Record<string, unknown>>`select ${cols} from ${sql.id(t.name)} ${after} order by ${key} limit ${sql.lit(PAGE_ROWS)}`.execute(trx);
    if (!rows.length) return;
    yield rows;
    if (rows.length < PAGE_ROWS) return;
    const tail: Record<string, unknown> = rows[rows.length - 1];
    last = t.key.map((c) => tail[c]);
  }
}

function encodeValue(table: string, column: string, v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${table}.${column}: a non-finite number cannot be backed up`);
    return v;
  }
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`${table}.${column}: integer out of range`);
    return Number(v);
  }
  if (Buffer.isBuffer(v)) return { b64: v.toString('base64') };
  // Dates, booleans and JSON objects break the portability rules (DESIGN.md): refuse rather than guess.
  throw new Error(`${table}.${column}: a ${Object.prototype.toString.call(v)} value is not portable (store text, integers or blobs)`);
}

function decodeValue(v: Value): unknown {
  return v !== null && typeof v === 'object' ? Buffer.from(v.b64, 'base64') : v;
}

const line = (o: unknown) => Buffer.from(JSON.stringify(o) + '\n', 'utf8');
const totalRows = (h: BackupHeader) => h.tables.reduce((s, t) => s + t.rows, 0);

// ------------------------------------------------------------------------------------ catalog

interface CatalogTable {
  name: string;
  columns: string[];
  primaryKey: string[];
  references: string[];
}

/** The application's tables as the database describes them (not the migration bookkeeping, not
 *  virtual or derived tables, not generated columns). */
async function readCatalog(db: AnyDb, dialect: Dialect): Promise<CatalogTable[]> {
  const out: CatalogTable[] = [];
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string | null }>`
      select name, sql from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_' order by name`.execute(db);
    const virtual = rows.filter((r) => /^\s*create\s+virtual\s+table/i.test(r.sql ?? '')).map((r) => r.name);
    const shadow = (name: string) => virtual.some((v) => name.startsWith(v + '_') && /_(data|idx|content|docsize|config|segments|segdir|stat|node|parent|rowid)$/.test(name));
    for (const r of rows) {
      if (MIGRATION_TABLES.has(r.name) || virtual.includes(r.name) || shadow(r.name)) continue;
      const cols = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${r.name}) order by cid`.execute(db);
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${r.name})`.execute(db);
      out.push({
        name: r.name,
        columns: cols.rows.map((c) => c.name),
        primaryKey: cols.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        references: [...new Set(fks.rows.map((f) => f.table))],
      });
    }
    return out;
  }
  const { rows } = await sql<{ name: string; oid: number }>`
    select c.relname as name, c.oid::int8 as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`.execute(db);
  for (const r of rows) {
    if (MIGRATION_TABLES.has(r.name)) continue;
    const cols = await sql<{ name: string }>`
      select attname as name from pg_attribute
      where attrelid = ${r.oid}::oid and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`.execute(db);
    const pk = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = ${r.oid}::oid and i.indisprimary order by k.ord`.execute(db);
    const fks = await sql<{ name: string }>`
      select distinct rc.relname as name from pg_constraint con join pg_class rc on rc.oid = con.confrelid
      where con.contype = 'f' and con.conrelid = ${r.oid}::oid`.execute(db);
    out.push({ name: r.name, columns: cols.rows.map((c) => c.name), primaryKey: pk.rows.map((c) => c.name), references: fks.rows.map((f) => f.name) });
  }
  return out;
}

/** Referenced tables before the tables that reference them; ties by name, so the order is stable. */
function orderByForeignKeys(tables: CatalogTable[]): CatalogTable[] {
  const names = new Set(tables.map((t) => t.name));
  const pending = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: CatalogTable[] = [];
  while (pending.size) {
    const ready = [...pending.values()]
      .filter((t) => t.references.every((r) => r === t.name || done.has(r) || !names.has(r)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${[...pending.keys()].join(', ')}`);
    const next = ready[0];
    pending.delete(next.name);
    done.add(next.name);
    out.push(next);
  }
  return out;
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.map((r) => r.name);
  } catch {
    return []; // no migration table yet
  }
}

// ------------------------------------------------------------------------------------ restore

/** Reads the header of a backup after checking the file's MAC (nothing is trusted before that). */
export async function readBackupHeader(crypto: CryptoBox, file: string): Promise<BackupHeader> {
  const envelope = await verifyBackupFile(crypto, file);
  return readHeaderOnly(crypto, file, envelope);
}

/** Restores a backup into an empty database: all of it or nothing. */
export async function restoreFrom(database: Database, crypto: CryptoBox, file: string, onProgress?: ProgressFn): Promise<RestoreResult> {
  const started = Date.now();
  // 1. The MAC over the whole file, before anything else is read or written.
  const envelope = await verifyBackupFile(crypto, file, onProgress);
  const header = await readHeaderOnly(crypto, file, envelope);
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
    throw new Error(`Unsupported backup format ${header.format} v${header.version}`);
  }
  if (header.crypto !== crypto.algorithm) {
    throw new Error(`The backup was made with JIANDU_CRYPTO=${header.crypto}; restore with the same setting (the audit chain and sealed fields depend on it)`);
  }
  // 2. Only into an empty database.
  const nonEmpty = await firstNonEmptyTable(database);
  if (nonEmpty) throw new Error(`The database is not empty (table ${nonEmpty} has rows): restore only into an empty database`);

  // 3. The schema: this code's migrations must include every migration the backup was made at.
  await migrateToLatest(database);
  const applied = await appliedMigrations(database.db as AnyDb);
  const unknown = header.migrations.filter((m) => !applied.includes(m));
  if (unknown.length) throw new Error(`The backup comes from a newer version (migrations ${unknown.join(', ')} unknown here): upgrade first`);
  const catalog = new Map((await readCatalog(database.db as AnyDb, database.dialect)).map((t) => [t.name, t]));
  for (const t of header.tables) {
    const here = catalog.get(t.name);
    if (!here) throw new Error(`The backup holds table ${t.name}, which this database does not have`);
    const missing = t.columns.filter((c) => !here.columns.includes(c));
    if (missing.length) throw new Error(`Table ${t.name} here lacks the backup's columns ${missing.join(', ')}`);
  }

  // 4. One transaction: insert, check counts and the audit chain, then commit.
  const total = totalRows(header);
  let inserted = 0;
  await database.db.transaction().execute(async (trx) => {
    const db = trx as AnyDb;
    await lockAuditChain(trx, database.dialect); // no audit row may slip in between the restored ones
    for (const t of header.tables) if (SEEDED_BY_MIGRATIONS.has(t.name)) await db.deleteFrom(t.name).execute();
    const counts = new Map<string, number>();
    let current: TableInfo | null = null;
    let batch: Record<string, unknown>[] = [];
    let ended = false;
    let first = true;
    const flush = async () => {
      if (!current || !batch.length) return;
      await db.insertInto(current.name).values(batch).execute();
      inserted += batch.length;
      counts.set(current.name, (counts.get(current.name) ?? 0) + batch.length);
      batch = [];
      await onProgress?.({ phase: 'restore', table: current.name, rows: counts.get(current.name)!, total: current.rows });
    };
    await pipeline(openStream(crypto, file, envelope), zlib.createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const text of lines(source)) {
        if (first) {
          first = false; // the header, read already
          continue;
        }
        if (ended) throw new Error('Data after the end marker');
        if (text.startsWith('[')) {
          if (!current) throw new Error('A row outside any table');
          const values = JSON.parse(text) as Value[];
          if (values.length !== current.columns.length) throw new Error(`Table ${current.name}: a row of ${values.length} values for ${current.columns.length} columns`);
          const row: Record<string, unknown> = {};
          current.columns.forEach((c, i) => (row[c] = decodeValue(values[i])));
          batch.push(row);
          if (batch.length >= batchRows(current)) await flush();
          continue;
        }
        const marker = JSON.parse(text) as { table?: string; end?: string | true; rows?: number };
        if (marker.table) {
          if (current) throw new Error(`Table ${marker.table} starts before ${current.name} ended`);
          current = header.tables.find((t) => t.name === marker.table) ?? null;
          if (!current) throw new Error(`Table ${marker.table} is not in the header`);
        } else if (marker.end === true) {
          if (current) throw new Error(`The file ends inside table ${current.name}`);
          ended = true;
        } else if (typeof marker.end === 'string') {
          if (!current || marker.end !== current.name) throw new Error(`Unexpected end of table ${marker.end}`);
          await flush();
          if ((counts.get(current.name) ?? 0) !== current.rows || marker.rows !== current.rows) {
            throw new Error(`Table ${current.name}: ${counts.get(current.name) ?? 0} rows read, the header says ${current.rows}`);
          }
          current = null;
        } else {
          throw new Error('Unrecognised line in the backup');
        }
      }
    });
    if (!ended) throw new Error('The backup is truncated (no end marker)');

    // Counts as the database now sees them, and the audit chain, before committing.
    for (const t of header.tables) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.id(t.name)}`.execute(db);
      if (Number(rows[0].n) !== t.rows) throw new Error(`Table ${t.name}: ${rows[0].n} rows after restore, the backup has ${t.rows}`);
    }
    await onProgress?.({ phase: 'check', table: 'audit_log', rows: 0, total: header.audit.headSeq });
    const chain = await verifyChain(trx as unknown as Kysely<DB>, crypto);
    if (!chain.ok) throw new Error(`The restored audit chain does not verify at row #${chain.broken!.seq}: ${chain.broken!.reason} (is this the key file the backup was made with?)`);
    if (chain.headSeq !== header.audit.headSeq || (header.audit.headHash !== null && chain.headHash !== header.audit.headHash)) {
      throw new Error(`The restored audit chain ends at #${chain.headSeq}, the backup's at #${header.audit.headSeq}`);
    }
    await onProgress?.({ phase: 'check', table: 'audit_log', rows: chain.checked, total: header.audit.headSeq });
    // Sealed fields need the master key they were sealed under: a restore that could not open them
    // would lose them silently, so it is refused.
    if (header.tables.some((t) => t.name === 'record_keys' && t.rows > 0)) {
      const sample = await db.selectFrom('record_keys').select('wrapped_key').orderBy('id').limit(1).executeTakeFirstOrThrow();
      try {
        crypto.unwrapKey(sample.wrapped_key as string);
      } catch {
        throw new Error('The master key of this key file cannot open the restored records’ sealed keys: restore with the key file the backup was made with');
      }
    }
    if (database.dialect === 'postgres') await resetSequences(trx as AnyDb, header.tables);
  });
  // A bulk load leaves the planner without statistics (and autovacuum may be off): gather them now,
  // or the first queries plan full scans.
  await sql`analyze`.execute(database.db);
  await onProgress?.({ phase: 'done', rows: inserted, total });
  return { header, rows: inserted, seconds: (Date.now() - started) / 1000 };
}

/** Rows per INSERT, below both engines' limits on bound parameters. */
function batchRows(t: TableInfo): number {
  return Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, t.columns.length))));
}

/** PostgreSQL: serial and identity columns continue after the restored rows. */
async function resetSequences(db: AnyDb, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    for (const c of t.columns) {
      const { rows } = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${t.name}, ${c}) as seq`.execute(db);
      const seq = rows[0]?.seq;
      if (seq) await sql`select setval(${seq}::regclass, coalesce((select max(${sql.id(c)}) from ${sql.id(t.name)}), 0) + 1, false)`.execute(db);
    }
  }
}

async function firstNonEmptyTable(database: Database): Promise<string | null> {
  for (const t of await readCatalog(database.db as AnyDb, database.dialect)) {
    if (SEEDED_BY_MIGRATIONS.has(t.name)) continue;
    const { rows } = await sql`select 1 as x from ${sql.id(t.name)} limit 1`.execute(database.db);
    if (rows.length) return t.name;
  }
  return null;
}

async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest = Buffer.alloc(0);
  for await (const chunk of source) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let at: number;
    while ((at = buf.indexOf(0x0a)) >= 0) {
      yield buf.subarray(0, at).toString('utf8');
      buf = buf.subarray(at + 1);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) throw new Error('The backup is truncated (an unfinished line)');
}

async function readHeaderOnly(crypto: CryptoBox, file: string, envelope: Envelope): Promise<BackupHeader> {
  const source = openStream(crypto, file, envelope, { verifyAtEnd: false });
  const gunzip = zlib.createGunzip();
  source.pipe(gunzip);
  try {
    for await (const text of lines(gunzip)) {
      const h = JSON.parse(text) as BackupHeader;
      if (h.format !== BACKUP_FORMAT) throw new Error('Not a Jiandu backup');
      return h;
    }
    throw new Error('The backup is empty');
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

// ----------------------------------------------------------------------------- the envelope

const MAGIC = Buffer.from('JDBACKUP', 'latin1');
const ENVELOPE_VERSION = 1;
const HEADER_LEN = MAGIC.length + 2 + 32 + 16;
const ALG_ID = { sm: 1, aes: 2 } as const;

interface Envelope {
  algorithm: 'sm' | 'aes';
  header: Buffer;
  salt: Buffer;
  iv: Buffer;
  size: number;
  macLen: number;
}

function deriveKeys(crypto: CryptoBox, algorithm: 'sm' | 'aes', salt: Buffer) {
  const key = crypto.backupKey();
  if (algorithm === 'aes') {
    return { encKey: nodeCrypto.createHmac('sha256', key).update('jiandu-backup-v1-aes').update(salt).digest(), macKey: Buffer.alloc(0) };
  }
  return {
    encKey: nodeCrypto.createHmac('sm3', key).update('jiandu-backup-v1-enc').update(salt).digest().subarray(0, 16),
    macKey: nodeCrypto.createHmac('sm3', key).update('jiandu-backup-v1-mac').update(salt).digest(),
  };
}

/** Encrypts a stream: emits the envelope header, the ciphertext, then the MAC. */
class SealStream extends Transform {
  private readonly cipher: nodeCrypto.Cipher;
  private readonly mac: nodeCrypto.Hmac | null;
  private readonly gcm: nodeCrypto.CipherGCM | null;

  constructor(crypto: CryptoBox) {
    super();
    const algorithm = crypto.algorithm;
    const salt = nodeCrypto.randomBytes(32);
    const iv = nodeCrypto.randomBytes(16);
    const header = Buffer.concat([MAGIC, Buffer.from([ENVELOPE_VERSION, ALG_ID[algorithm]]), salt, iv]);
    const { encKey, macKey } = deriveKeys(crypto, algorithm, salt);
    if (algorithm === 'aes') {
      this.gcm = nodeCrypto.createCipheriv('aes-256-gcm', encKey, iv.subarray(0, 12));
      this.gcm.setAAD(header);
      this.cipher = this.gcm;
      this.mac = null;
    } else {
      this.cipher = nodeCrypto.createCipheriv('sm4-ctr', encKey, iv);
      this.mac = nodeCrypto.createHmac('sm3', macKey).update(header);
      this.gcm = null;
    }
    this.push(header);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const ct = this.cipher.update(chunk);
    this.mac?.update(ct);
    cb(null, ct);
  }

  override _flush(cb: TransformCallback): void {
    const ct = this.cipher.final();
    this.mac?.update(ct);
    if (ct.length) this.push(ct);
    this.push(this.gcm ? this.gcm.getAuthTag() : this.mac!.digest());
    cb();
  }
}

async function readEnvelope(file: string): Promise<Envelope> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(HEADER_LEN);
    const { bytesRead } = await fh.read(header, 0, HEADER_LEN, 0);
    if (bytesRead < HEADER_LEN || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Not a Jiandu backup file');
    if (header[MAGIC.length] !== ENVELOPE_VERSION) throw new Error(`Unsupported backup envelope version ${header[MAGIC.length]}`);
    const algId = header[MAGIC.length + 1];
    const algorithm = algId === ALG_ID.sm ? 'sm' : algId === ALG_ID.aes ? 'aes' : null;
    if (!algorithm) throw new Error(`Unknown backup cipher ${algId}`);
    const macLen = algorithm === 'aes' ? 16 : 32;
    if (size < HEADER_LEN + macLen) throw new Error('The backup is truncated');
    const salt = header.subarray(MAGIC.length + 2, MAGIC.length + 34);
    const iv = header.subarray(MAGIC.length + 34, HEADER_LEN);
    return { algorithm, header, salt, iv, size, macLen };
  } finally {
    await fh.close();
  }
}

async function readTrailer(file: string, env: Envelope): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const tag = Buffer.alloc(env.macLen);
    await fh.read(tag, 0, env.macLen, env.size - env.macLen);
    return tag;
  } finally {
    await fh.close();
  }
}

/** Checks the MAC over the whole file; throws (naming no detail an attacker could use) if it fails. */
export async function verifyBackupFile(crypto: CryptoBox, file: string, onProgress?: ProgressFn): Promise<Envelope> {
  const env = await readEnvelope(file);
  const tag = await readTrailer(file, env);
  const body = () => fs.createReadStream(file, { start: HEADER_LEN, end: env.size - env.macLen - 1, highWaterMark: 1 << 20 });
  const { encKey, macKey } = deriveKeys(crypto, env.algorithm, env.salt);
  let seen = 0;
  const total = env.size - HEADER_LEN - env.macLen;
  const tick = async (n: number) => {
    const before = seen;
    seen += n;
    if (Math.floor(before / (16 << 20)) !== Math.floor(seen / (16 << 20))) await onProgress?.({ phase: 'verify', rows: seen, total });
  };
  if (env.algorithm === 'sm') {
    const mac = nodeCrypto.createHmac('sm3', macKey).update(env.header);
    for await (const chunk of body()) {
      mac.update(chunk as Buffer);
      await tick((chunk as Buffer).length);
    }
    const expected = mac.digest();
    if (!nodeCrypto.timingSafeEqual(expected, tag)) throw new Error('The backup failed its integrity check (altered, truncated, or made with another backup key)');
  } else {
    const d = nodeCrypto.createDecipheriv('aes-256-gcm', encKey, env.iv.subarray(0, 12));
    d.setAAD(env.header);
    d.setAuthTag(tag);
    for await (const chunk of body()) {
      d.update(chunk as Buffer);
      await tick((chunk as Buffer).length);
    }
    try {
      d.final();
    } catch {
      throw new Error('The backup failed its integrity check (altered, truncated, or made with another backup key)');
    }
  }
  await onProgress?.({ phase: 'verify', rows: total, total });
  return env;
}

/** The decrypted stream. With verifyAtEnd (the default) it checks the MAC again as it ends, so a
 *  file changed after verifyBackupFile still cannot slip through. */
function openStream(crypto: CryptoBox, file: string, env: Envelope, opts: { verifyAtEnd?: boolean } = {}): Readable {
  const verifyAtEnd = opts.verifyAtEnd !== false;
  const { encKey, macKey } = deriveKeys(crypto, env.algorithm, env.salt);
  const body = fs.createReadStream(file, { start: HEADER_LEN, end: env.size - env.macLen - 1, highWaterMark: 1 << 20 });
  let decipher: nodeCrypto.Decipher;
  let mac: nodeCrypto.Hmac | null = null;
  let tag: Buffer | null = null;
  if (env.algorithm === 'aes') {
    const gcm = nodeCrypto.createDecipheriv('aes-256-gcm', encKey, env.iv.subarray(0, 12));
    gcm.setAAD(env.header);
    decipher = gcm;
  } else {
    decipher = nodeCrypto.createDecipheriv('sm4-ctr', encKey, env.iv);
    mac = nodeCrypto.createHmac('sm3', macKey).update(env.header);
  }
  const open = new Transform({
    async transform(chunk: Buffer, _enc, cb) {
      mac?.update(chunk);
      cb(null, decipher.update(chunk));
    },
    async flush(cb) {
      try {
        if (!verifyAtEnd) return cb();
        tag ??= await readTrailer(file, env);
        if (env.algorithm === 'aes') {
          (decipher as nodeCrypto.DecipherGCM).setAuthTag(tag);
          const rest = decipher.final();
          if (rest.length) this.push(rest);
        } else {
          const rest = decipher.final();
          if (rest.length) this.push(rest);
          const expected = mac!.digest();
          if (!nodeCrypto.timingSafeEqual(expected, tag)) throw new Error('mac');
        }
        cb();
      } catch {
        cb(new Error('The backup failed its integrity check while being read (was the file changed during restore?)'));
      }
    },
  });
  body.on('error', (err) => open.destroy(err));
  open.on('close', () => body.destroy());
  return body.pipe(open);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic.
  }
}
