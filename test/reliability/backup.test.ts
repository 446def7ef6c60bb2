// Backup and restore: online and consistent while writes go on, one format for both databases, all or
// nothing, and nothing restored from a file that fails its MAC.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { MIGRATION_NAMES } from '../../src/db/migrate.js';
import { SEEDED_BY_MIGRATIONS } from '../../src/db/backup.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/server.js';
import { seedDemoAndWarnings } from '../../src/cli/seed.js';
import { configFromEnv } from '../../src/core/config.js';
import { CryptoBox } from '../../src/core/crypto.js';
import { backupTo, readBackupHeader, restoreFrom, type BackupHeader } from '../../src/db/backup.js';
import { openDatabase, type Database, type Dialect } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { appendAudit, verifyChain } from '../../src/modules/audit/index.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';
import { Http, RELIABILITY, ROOT, assertPairsConsistent, marker, newPlace, sleep, startServer, tableRowCounts } from './helpers.js';

const run = promisify(execFile);
// Made when the first test runs (not at import: `npm test` collects this file and skips it).
let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiandu-backup-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A digest of every table's content, independent of the engine's row order and collation. */
async function contentDigest(database: Database, header: BackupHeader): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of header.tables) {
    const rows = await database.db.selectFrom(t.name as 'orgs').select(t.columns as 'id'[]).execute();
    const lines = rows.map((r) => JSON.stringify(t.columns.map((c) => (r as Record<string, unknown>)[c]))).sort();
    out[t.name] = crypto.createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16) + `:${rows.length}`;
  }
  return out;
}

async function assertRestored(target: Database, header: BackupHeader, box: CryptoBox) {
  const counts = await tableRowCounts(target);
  for (const t of header.tables) expect(counts[t.name], t.name).toBe(t.rows);
  const chain = await verifyChain(target.db, box);
  expect(chain.ok).toBe(true);
  expect({ seq: chain.headSeq, hash: chain.headHash }).toEqual({ seq: header.audit.headSeq, hash: header.audit.headSeq ? header.audit.headHash : chain.headHash });
  // The planner has statistics for the restored tables (ANALYZE at the end of the restore).
  const stats = target.dialect === 'sqlite'
    ? await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 'officials'`.execute(target.db)
    : await sql<{ n: number }>`select count(*) as n from pg_stat_user_tables where relname = 'officials' and last_analyze is not null`.execute(target.db);
  expect(Number(stats.rows[0].n)).toBeGreaterThan(0);
}

// Reference rows the migrations insert (talk types) are there in any migrated database.
const allZero = (counts: Record<string, number>) => Object.entries(counts).every(([t, n]) => n === 0 || SEEDED_BY_MIGRATIONS.has(t));

describe.skipIf(!RELIABILITY).each(DIALECTS)('backup of %s', (dialect: Dialect) => {
  const box = testCrypto();
  const prefix = marker('备份测试');
  let src: TestDatabase;
  let online: BackupHeader;
  let onlineFile = '';
  const targets: TestDatabase[] = [];
  const target = async (d: Dialect) => {
    const t = await freshDatabase(d, { migrate: false });
    targets.push(t);
    return t;
  };

  beforeAll(async () => {
    onlineFile = path.join(tmp, `${dialect}-online.jdb`);
    src = await freshDatabase(dialect);
    await seedDemoAndWarnings(src, box);
  }, 120_000);
  afterAll(async () => {
    for (const t of targets) await t.drop();
    await src?.drop();
  });

  it('backs up a consistent snapshot while writes go on, and restores it into both databases', async () => {
    // Writers on a connection of their own, through the real routes (each write and its audit row in one transaction).
    const writerDb = openDatabase(src.url);
    const app = await buildApp(writerDb, box, configFromEnv({ LOG_LEVEL: 'silent' }, { demoMode: true, loginRatePerMinute: 1000, runScheduler: false }));
    await app.app.ready();
    const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'orgdept', password: 'Jiandu@2026' } });
    const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json().csrfToken };
    const orgId = (await src.db.selectFrom('orgs').select('id').where('kind', '=', 'department').limit(1).executeTakeFirstOrThrow()).id;
    let stop = false;
    let acked = 0;
    const failures: string[] = [];
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const r = await app.app.inject({ method: 'POST', url: '/api/officials', headers, payload: { orgId, name: `${prefix}${w}-${i}`, gender: 'F' } });
        if (r.statusCode !== 201) { failures.push(`${r.statusCode} ${r.body}`); return; }
        const f = await app.app.inject({ method: 'POST', url: `/api/officials/${r.json().id}/family`, headers, payload: { relation: 'spouse', name: `${prefix}配偶${w}-${i}` } });
        if (f.statusCode !== 201) { failures.push(`${f.statusCode} ${f.body}`); return; }
        acked++;
        await sleep(1);
      }
    };
    const writers = [0, 1, 2].map(writer);
    while (acked < 10) await sleep(10);

    const before = acked;
    // A slow reader: every page waits, so the writers commit many times inside the backup's snapshot.
    const result = await backupTo(src, box, onlineFile, () => sleep(15));
    const during = acked - before;
    stop = true;
    await Promise.all(writers);
    await app.close();
    await writerDb.close();
    expect(failures).toEqual([]);
    expect(during, 'writes acknowledged while the backup ran').toBeGreaterThan(5);
    online = result.header;

    // The snapshot is a moment: the source has moved on since, and the header says where it stood.
    const now = await tableRowCounts(src);
    const officials = online.tables.find((t) => t.name === 'officials')!.rows;
    expect(now.officials).toBeGreaterThan(officials);
    expect(online).toMatchObject({ format: 'jiandu-backup', version: 1, dialect, crypto: 'sm', migrations: [...MIGRATION_NAMES] });
    expect(online.tables.map((t) => t.name).sort()).toEqual(Object.keys(now).sort());
    expect(online.audit.headSeq).toBeGreaterThan(0);
    const srcHeadRow = await src.db.selectFrom('audit_log').select('row_hash').where('seq', '=', online.audit.headSeq).executeTakeFirstOrThrow();
    expect(srcHeadRow.row_hash).toBe(online.audit.headHash);
    expect(await readBackupHeader(box, onlineFile)).toEqual(online);

    // Restores into the same and the other dialect, identical to each other.
    const digests: Record<string, string>[] = [];
    for (const d of DIALECTS) {
      const t = await target(d);
      const phases = new Set<string>();
      const r = await restoreFrom(t, box, onlineFile, (p) => { phases.add(p.phase); });
      expect(r.rows).toBe(online.tables.reduce((s, x) => s + x.rows, 0));
      expect([...phases]).toEqual(expect.arrayContaining(['verify', 'restore', 'check', 'done']));
      await assertRestored(t, online, box);
      await assertPairsConsistent(t, prefix);
      digests.push(await contentDigest(t, online));
    }
    for (const d of digests.slice(1)) expect(d).toEqual(digests[0]);
  });

  it('restores an exact copy of a quiet database (every value, every table)', async () => {
    const file = path.join(tmp, `${dialect}-quiet.jdb`);
    const { header } = await backupTo(src, box, file);
    const expected = await contentDigest(src, header);
    for (const d of DIALECTS) {
      const t = await target(d);
      await restoreFrom(t, box, file);
      expect(await contentDigest(t, header)).toEqual(expected);
    }
  });

  it('refuses a file with any byte altered, or cut short, and writes nothing', async () => {
    const data = fs.readFileSync(onlineFile);
    const spots = [3, 9, 30, 60, Math.floor(data.length / 2), data.length - 40, data.length - 1];
    const variants = [
      ...spots.map((at) => { const b = Buffer.from(data); b[at] ^= 0x01; return b; }),
      data.subarray(0, data.length - 1),
      data.subarray(0, Math.floor(data.length / 2)),
      Buffer.concat([data, Buffer.from([0])]),
    ];
    const t = await target(dialect);
    for (const [i, v] of variants.entries()) {
      const bad = path.join(tmp, `${dialect}-bad-${i}.jdb`);
      fs.writeFileSync(bad, v);
      await expect(restoreFrom(t, box, bad), `variant ${i}`).rejects.toThrow(/integrity|Not a Jiandu backup|envelope|truncated|cipher/);
    }
    // Not even migrated: the database was not touched.
    expect(Object.keys(await tableRowCounts(t))).toEqual([]);
  });

  it('refuses a backup made under another backup key, and writes nothing', async () => {
    const other = new CryptoBox('sm', { master: Buffer.alloc(32, 1), audit: Buffer.alloc(32, 2), backup: Buffer.alloc(32, 4) });
    const t = await target(dialect);
    await expect(restoreFrom(t, other, onlineFile)).rejects.toThrow(/integrity/);
    await expect(readBackupHeader(other, onlineFile)).rejects.toThrow(/integrity/);
    expect(Object.keys(await tableRowCounts(t))).toEqual([]);
  });

  it('refuses to restore into a database that holds data', async () => {
    const before = await tableRowCounts(src);
    await expect(restoreFrom(src, box, onlineFile)).rejects.toThrow(/not empty/);
    expect(await tableRowCounts(src)).toEqual(before);
  });

  it('rolls everything back when the restored audit chain does not verify (another audit key)', async () => {
    const otherAudit = new CryptoBox('sm', { master: Buffer.alloc(32, 1), audit: Buffer.alloc(32, 7), backup: Buffer.alloc(32, 3) });
    const t = await target(dialect);
    await expect(restoreFrom(t, otherAudit, onlineFile)).rejects.toThrow(/audit chain does not verify/);
    const counts = await tableRowCounts(t);
    expect(Object.keys(counts).length).toBeGreaterThan(0); // migrated…
    expect(allZero(counts)).toBe(true); // …but not one row
    // and a good restore into the same database then succeeds
    await restoreFrom(t, box, onlineFile);
    await assertRestored(t, online, box);
  });

  it('rolls everything back when the master key cannot open the sealed records (another master key)', async () => {
    const otherMaster = new CryptoBox('sm', { master: Buffer.alloc(32, 9), audit: Buffer.alloc(32, 2), backup: Buffer.alloc(32, 3) });
    const t = await target(dialect);
    await expect(restoreFrom(t, otherMaster, onlineFile)).rejects.toThrow(/master key/);
    expect(allZero(await tableRowCounts(t))).toBe(true);
  });

  it('uses AES-256-GCM when JIANDU_CRYPTO=aes, and will not mix the two', async () => {
    // A database whose audit chain was written under the AES/SHA-256 setting.
    const aes = testCrypto('aes');
    const aesSrc = await target(dialect);
    await migrateToLatest(aesSrc);
    await seedDemoAndWarnings(aesSrc, aes);
    for (let i = 0; i < 5; i++) {
      await aesSrc.db.transaction().execute((trx) => appendAudit(trx, aesSrc.dialect, aes, null, { action: 'test.aes', detail: { i } }));
    }
    const file = path.join(tmp, `${dialect}-aes.jdb`);
    const { header } = await backupTo(aesSrc, aes, file);
    expect(fs.readFileSync(file).subarray(0, 10)).toEqual(Buffer.from([...Buffer.from('JDBACKUP'), 1, 2]));
    expect(header).toMatchObject({ crypto: 'aes', audit: { headSeq: 5 } });
    const bad = Buffer.from(fs.readFileSync(file));
    bad[bad.length >> 1] ^= 0x80;
    fs.writeFileSync(file + '.bad', bad);
    const t = await target(DIALECTS.find((d) => d !== dialect) ?? dialect);
    await expect(restoreFrom(t, aes, file + '.bad')).rejects.toThrow(/integrity/);
    await expect(restoreFrom(t, box, file)).rejects.toThrow(/JIANDU_CRYPTO=aes/);
    expect(Object.keys(await tableRowCounts(t))).toEqual([]);
    const r = await restoreFrom(t, aes, file);
    expect(r.rows).toBe(header.tables.reduce((s, x) => s + x.rows, 0));
    await assertRestored(t, header, aes);
  });
});

// The commands, as an operator runs them: `jiandu backup` from another process while the server
// serves and writes, then `jiandu restore` into an empty SQLite file and an empty PostgreSQL schema.
describe.skipIf(!RELIABILITY)('jiandu backup / restore commands against a running server', () => {
  it('backs up online from another process and restores into both databases', async () => {
    const place = await newPlace('sqlite');
    const server = await startServer(place);
    const prefix = marker('命令备份');
    const client = await new Http(server.url, 8).login('orgdept');
    const orgId = (await client.get('/api/officials?pageSize=1').then((r) => r.json())).items[0].orgId as string;
    let stop = false;
    let acked = 0;
    const errors: string[] = [];
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const r = await client.post('/api/officials', { orgId, name: `${prefix}${w}-${i}`, gender: 'M' });
        if (r.status !== 201) { errors.push(`${r.status} ${r.body}`); return; }
        acked++;
      }
    });
    const env = { ...process.env, DATABASE_URL: place.url, JIANDU_KEY_FILE: place.keyFile };
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env });
    const file = path.join(place.dir, 'demo.jdb');
    try {
      await sleep(300);
      const before = acked;
      const started = Date.now();
      const out = await cli('backup', file);
      const backupSeconds = (Date.now() - started) / 1000;
      expect(out.stdout).toMatch(/Backup written/);
      expect(acked - before, 'the server kept acknowledging writes during the backup').toBeGreaterThan(0);
      stop = true;
      await Promise.all(writers);
      expect(errors).toEqual([]);

      const box = place.crypto();
      const header = await readBackupHeader(box, file);
      const figures: Record<string, unknown> = { bench: 'backup-demo', file: { bytes: fs.statSync(file).size }, rows: header.tables.reduce((s, t) => s + t.rows, 0), backupSeconds };
      for (const d of DIALECTS) {
        const t = await freshDatabase(d, { migrate: false });
        try {
          const s = Date.now();
          const res = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'restore', file], { cwd: ROOT, env: { ...env, DATABASE_URL: t.url } });
          figures[`restore_${d}_seconds`] = (Date.now() - s) / 1000;
          expect(res.stdout).toMatch(/Restored \d+ rows/);
          expect(res.stderr).toMatch(/restoring officials/);
          await assertRestored(t, header, box);
          await assertPairsConsistent(t, prefix);
          // and refused the second time
          await expect(run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'restore', file], { cwd: ROOT, env: { ...env, DATABASE_URL: t.url } }))
            .rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/not empty/) });
        } finally {
          await t.drop();
        }
      }
      console.log(JSON.stringify(figures));
    } finally {
      stop = true;
      client.close();
      await server.stop();
      await place.drop();
    }
  });
});
