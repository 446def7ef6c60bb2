// Shared helpers of the reliability suite: real server processes on a database of their own, a small
// HTTP client that signs in like the web UI, and direct database checks.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { CryptoBox, loadKeys } from '../../src/core/crypto.js';
import { openDatabase, type Database, type Dialect } from '../../src/db/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PASSWORD = 'Jiandu@2026';
/** Set by vitest.reliability.config.ts: the heavy tests (server processes, minutes of load) run there only. */
export const RELIABILITY = process.env.JIANDU_RELIABILITY === '1';
export const PG_URL = process.env.TEST_DATABASE_URL && process.env.TEST_DATABASE_URL !== 'none' ? process.env.TEST_DATABASE_URL : null;
export const SERVER_DIALECTS: Dialect[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** A database for server processes: a SQLite file in a temporary directory, or a PostgreSQL schema. */
export interface Place {
  dir: string;
  url: string;
  keyFile: string;
  dialect: Dialect;
  open(): Database;
  crypto(): CryptoBox;
  drop(): Promise<void>;
}

export async function newPlace(dialect: Dialect): Promise<Place> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiandu-rel-'));
  const keyFile = path.join(dir, 'keys', 'jiandu.key');
  let url: string;
  let dropDb = async () => {};
  if (dialect === 'sqlite') {
    url = `sqlite:${path.join(dir, 'jiandu.db')}`;
  } else {
    if (!PG_URL) throw new Error('PostgreSQL is not configured (TEST_DATABASE_URL)');
    const schema = `rel_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.searchParams.set('schema', schema);
    url = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  return {
    dir,
    url,
    keyFile,
    dialect,
    open: () => openDatabase(url),
    crypto: () => new CryptoBox('sm', loadKeys(keyFile)),
    async drop() {
      await dropDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, in-flight requests die with the process. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `node --import tsx src/cli/main.ts serve --demo` on a free port and waits for /api/health. */
export async function startServer(place: Place, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  // RELIABILITY_NODE_ARGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.RELIABILITY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: place.url,
      JIANDU_KEY_FILE: place.keyFile,
      LOG_LEVEL: 'warn',
      JIANDU_LOGIN_RATE: '100000',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => { live.delete(child); r(); }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${out}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    child,
    output: () => out,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** One HTTP response, or the network error that took its place. */
export interface Reply {
  status: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = any>(): T;
  ms: number;
}

/** A keep-alive agent per signed-in user, like a browser; never follows redirects. */
export class Http {
  readonly agent: http.Agent;
  cookie = '';
  csrf = '';

  constructor(public base: string, maxSockets = 4) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, url: string, body?: unknown, timeoutMs = 30_000): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const u = new URL(url, this.base);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        agent: this.agent,
        headers: {
          ...(this.cookie && { cookie: this.cookie }),
          ...(this.csrf && method !== 'GET' && { 'x-csrf-token': this.csrf }),
          ...(payload && { 'content-type': 'application/json', 'content-length': String(payload.length) }),
        },
        timeout: timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            if (pair.startsWith('jiandu_sid=')) this.cookie = pair.endsWith('=') ? '' : pair;
          }
          resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text), ms: performance.now() - started });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown = {}) {
    return this.request('PATCH', url, body);
  }

  async login(username: string, password = PASSWORD): Promise<this> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.body}`);
    this.csrf = r.json().csrfToken;
    return this;
  }

  /** The same session, talking to another node. */
  on(base: string): Http {
    const other = new Http(base);
    other.cookie = this.cookie;
    other.csrf = this.csrf;
    return other;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Rows per table (every table the app created), for "nothing was written" checks. */
export async function tableRowCounts(database: Database): Promise<Record<string, number>> {
  const tables = await database.db.introspection.getTables();
  const out: Record<string, number> = {};
  for (const t of tables) {
    if (database.dialect === 'postgres' && t.schema !== (database.schema ?? 'public')) continue;
    if (t.isView || t.name.startsWith('kysely_migration')) continue;
    if (/^search_docs_fts/.test(t.name)) continue; // the FTS5 index and its shadow tables: derived, not backed up
    const row = await database.db.selectFrom(t.name as 'orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t.name] = Number(row.n);
  }
  return out;
}

/** A unique marker for names written by a test, so its rows can be told from the demo data. */
export function marker(prefix: string): string {
  return `${prefix}${crypto.randomBytes(3).toString('hex')}`;
}

/** Every row created by the writers has its audit row and every audit row its record: a backup that
 *  read the tables at different moments would break this. A change's row may still be staged
 *  (PostgreSQL, audit_pending: committed with the change, linked into the chain soon after, or when
 *  the server next starts): it counts, since it commits with the change or not at all. */
export async function assertPairsConsistent(database: Database, prefix: string) {
  const db = database.db;
  const orphanOfficials = await db.selectFrom('officials').select('id').where('name', 'like', `${prefix}%`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_log').select('seq').where('action', '=', 'official.create').whereRef('audit_log.target_id', '=', 'officials.id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_pending').select('id').where('action', '=', 'official.create').whereRef('audit_pending.target_id', '=', 'officials.id'))))
    .execute();
  const orphanAudits = await db.selectFrom('audit_log').select('seq').where('action', '=', 'official.create')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('officials').select('id').whereRef('officials.id', '=', 'audit_log.target_id'))))
    .execute();
  const orphanFamily = await db.selectFrom('family_members').select('id').where('name', 'like', `${prefix}%`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_log').select('seq').where('action', '=', 'family.create').whereRef('audit_log.target_id', '=', 'family_members.id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_pending').select('id').where('action', '=', 'family.create').whereRef('audit_pending.target_id', '=', 'family_members.id'))))
    .execute();
  const orphanFamilyAudits = await db.selectFrom('audit_log').select('seq').where('action', '=', 'family.create')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('family_members').select('id').whereRef('family_members.id', '=', 'audit_log.target_id'))))
    .execute();
  expect({ orphanOfficials, orphanAudits, orphanFamily, orphanFamilyAudits }).toEqual({ orphanOfficials: [], orphanAudits: [], orphanFamily: [], orphanFamilyAudits: [] });
}

