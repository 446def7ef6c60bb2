// Group commit of standalone audit rows: concurrent callers share transactions, every row is written
// once in call order, the chain verifies, and a failed commit fails every caller of its batch.
import { afterAll, describe, expect, it } from 'vitest';
import { groupCommitAudit, verifyChain } from '../../src/modules/audit/index.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();
const dbs: TestDatabase[] = [];
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));

describe.each(DIALECTS)('audit group commit on %s', (dialect) => {
  it('writes 300 concurrent rows in fewer transactions, in order, verifiably', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    let transactions = 0;
    const counting = { ...db.db, transaction: () => { transactions++; return db.db.transaction(); } } as unknown as typeof db.db;
    const auditEvent = groupCommitAudit(counting, db.dialect, crypto);
    await Promise.all(Array.from({ length: 300 }, (_, i) => auditEvent(null, { action: 'test.read', targetId: `r${i}` })));
    const rows = await db.db.selectFrom('audit_log').select(['seq', 'target_id']).orderBy('seq').execute();
    expect(rows.map((r) => r.target_id)).toEqual(Array.from({ length: 300 }, (_, i) => `r${i}`));
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(300);
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 300 });
    // A lone call is committed at once, without waiting for company.
    await auditEvent(null, { action: 'test.single' });
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 301 });
  });

  it('rejects every caller of a batch whose commit fails, and recovers', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    let fail = true;
    const flaky = { ...db.db, transaction: () => (fail ? { execute: async () => { throw new Error('disk full'); } } : db.db.transaction()) } as unknown as typeof db.db;
    const auditEvent = groupCommitAudit(flaky, db.dialect, crypto);
    const results = await Promise.allSettled([auditEvent(null, { action: 'a' }), auditEvent(null, { action: 'b' })]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    fail = false;
    await auditEvent(null, { action: 'c' });
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 1 });
  });
});
