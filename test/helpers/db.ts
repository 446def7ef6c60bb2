// Every store test runs on both databases: SQLite in a temporary file, PostgreSQL in a schema of its own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openDatabase, type Database, type Dialect } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { CryptoBox } from '../../src/core/crypto.js';

const pgUrl = process.env.TEST_DATABASE_URL && process.env.TEST_DATABASE_URL !== 'none' ? process.env.TEST_DATABASE_URL : null;

/** The dialects under test: SQLite always; PostgreSQL unless TEST_DATABASE_URL=none. */
export const DIALECTS: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends Database {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  let database: Database;
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiandu-test-'));
    url = `sqlite:${path.join(dir, 'test.db')}`;
    database = openDatabase(url);
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(`create schema ${name}`);
    await admin.end();
    const u = new URL(pgUrl!);
    u.searchParams.set('schema', name);
    url = u.toString();
    database = openDatabase(url);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      await c.query(`drop schema if exists ${name} cascade`);
      await c.end();
    };
  }
  if (opts.migrate !== false) await migrateToLatest(database);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await cleanup();
    },
  };
}

/** Fixed keys, so tests are repeatable; SM algorithms unless asked otherwise. */
export function testCrypto(algorithm: 'sm' | 'aes' = 'sm'): CryptoBox {
  return new CryptoBox(algorithm, { master: Buffer.alloc(32, 1), audit: Buffer.alloc(32, 2), backup: Buffer.alloc(32, 3) });
}

/** testCrypto()'s keys, as a key file the CLI can read. */
export function writeTestKeys(): string {
  const file = path.join(os.tmpdir(), `jiandu-test-keys-${process.pid}.json`);
  const hex = (n: number) => Buffer.alloc(32, n).toString('hex');
  fs.writeFileSync(file, JSON.stringify({ master: hex(1), audit: hex(2), backup: hex(3) }));
  return file;
}

/** Fresh, migrated databases for one test file, all dropped when the file is done. */
export function databasesForFile(): (dialect: Dialect) => Promise<TestDatabase> {
  const open: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(open.map((d) => d.drop()));
  });
  return async (dialect) => {
    const db = await freshDatabase(dialect);
    open.push(db);
    return db;
  };
}
