import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyChain } from '../../src/modules/audit/index.js';
import { setClock } from '../../src/core/time.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();
const actor = { id: 'u1', username: 'supervisor', displayName: '监督员', orgId: 'o1', roles: [], scope: { paths: [] }, sessionId: 's', ip: '127.0.0.1', mfaPending: false };

async function writeRows(db: TestDatabase, n: number) {
  for (let i = 0; i < n; i++) {
    setClock(Date.UTC(2026, 0, 1, 0, 0, i));
    await db.db.transaction().execute((trx) =>
      appendAudit(trx, db.dialect, crypto, i % 3 ? actor : null, { action: `test.${i % 4}`, targetType: 'official', targetId: `id-${i}`, detail: { n: i, 中文: '记录', z: [1, { b: 2, a: 1 }] } }),
    );
  }
  setClock(null);
}

async function allowTampering(db: TestDatabase) {
  if (db.dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(db.db);
  else await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db.db);
}

const hashesByDialect: Record<string, string[]> = {};
const dbs: TestDatabase[] = [];
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  it('appends a verifiable chain', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    await writeRows(db, 25);
    const result = await verifyChain(db.db, crypto);
    expect(result).toMatchObject({ ok: true, checked: 25, headSeq: 25 });
    hashesByDialect[dialect] = (await db.db.selectFrom('audit_log').select('row_hash').orderBy('seq').execute()).map((r) => r.row_hash);
  });

  it('refuses UPDATE and DELETE', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    await writeRows(db, 2);
    await expect(db.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
  });

  it('names the first row edited by hand', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    await writeRows(db, 10);
    await allowTampering(db);
    await db.db.updateTable('audit_log').set({ actor_name: 'someone-else' }).where('seq', '=', 7).execute();
    const result = await verifyChain(db.db, crypto);
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual({ seq: 7, reason: expect.stringMatching(/row_hash/) });
    expect(result.checked).toBe(6);
  });

  it('notices a deleted row in the middle', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    await writeRows(db, 6);
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(db.db);
    else await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db.db);
    await db.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    const result = await verifyChain(db.db, crypto);
    expect(result.broken?.seq).toBe(4);
  });
});

describe('audit chain across databases', () => {
  it.runIf(DIALECTS.length === 2)('hashes the same rows to the same bytes on SQLite and PostgreSQL', () => {
    expect(hashesByDialect.sqlite).toHaveLength(25);
    expect(hashesByDialect.postgres).toEqual(hashesByDialect.sqlite);
  });
});
