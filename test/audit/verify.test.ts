// The verifier on worker threads gives the answer a sequential pass gives: over several pages, with a
// row edited in a later page, and with a row removed, on both databases.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditBatch, verifyChain } from '../../src/modules/audit/index.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();
const ROWS = 12_345; // three pages of 5,000

describe.each(DIALECTS)('parallel audit verification on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    await db.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ROWS; i += 500) {
        await appendAuditBatch(trx, db.dialect, crypto, Array.from({ length: Math.min(500, ROWS - i) }, (_, k) => ({ actor: null, entry: { action: 'test.read', targetId: `r${i + k}`, detail: { i: i + k } } })));
      }
    });
    if (dialect === 'sqlite') {
      await sql`drop trigger audit_log_no_update`.execute(db.db);
      await sql`drop trigger audit_log_no_delete`.execute(db.db);
    } else await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db.db);
  }, 120_000);
  afterAll(async () => db?.drop());

  it('accepts the intact chain with and without threads, reporting progress', async () => {
    const progress: number[] = [];
    const parallel = await verifyChain(db.db, crypto, (n) => progress.push(n), { threads: 2 });
    const sequential = await verifyChain(db.db, crypto, undefined, { threads: 0 });
    expect(parallel).toEqual(sequential);
    expect(parallel).toMatchObject({ ok: true, checked: ROWS, headSeq: ROWS });
    expect(progress.at(-1)).toBe(ROWS);
  });

  it('names the same first broken row as a sequential pass', async () => {
    await db.db.updateTable('audit_log').set({ detail: '{"i":-1}' }).where('seq', '=', 7_003).execute();
    await db.db.deleteFrom('audit_log').where('seq', '=', 11_000).execute();
    const parallel = await verifyChain(db.db, crypto, undefined, { threads: 2 });
    expect(parallel).toEqual(await verifyChain(db.db, crypto, undefined, { threads: 0 }));
    expect(parallel).toMatchObject({ ok: false, checked: 7_002, headSeq: 7_002, broken: { seq: 7_003, reason: expect.stringMatching(/row_hash/) } });
    const head = await db.db.selectFrom('audit_log').select('row_hash').where('seq', '=', 7_002).executeTakeFirstOrThrow();
    expect(parallel.headHash).toBe(head.row_hash);
  });

  it('reports a removed row when the rows before it hash correctly', async () => {
    const original = await db.db.selectFrom('audit_log').selectAll().where('seq', '=', 7_002).executeTakeFirstOrThrow();
    // Remove the edited row and those after it up to the earlier gap: what is left is one gap after 7,002.
    await db.db.deleteFrom('audit_log').where('seq', '>=', 7_003).where('seq', '<', 11_000).execute();
    const result = await verifyChain(db.db, crypto, undefined, { threads: 2 });
    expect(result).toEqual(await verifyChain(db.db, crypto, undefined, { threads: 0 }));
    expect(result).toMatchObject({ ok: false, checked: 7_002, headSeq: 7_002, headHash: original.row_hash, broken: { seq: 11_001, reason: expect.stringMatching(/sequence gap/) } });
  });
});
