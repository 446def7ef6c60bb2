// The audit chainer: standalone events share transactions and are written once in call order; rows
// staged by write transactions are linked before settle() resolves, oldest first, however many; a
// failed commit fails every event of its batch, and staged rows wait for the next flush.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/server.js';
import { configFromEnv } from '../../src/core/config.js';
import { auditChainer, stageAudit, verifyChain } from '../../src/modules/audit/index.js';
import { DIALECTS, databasesForFile, testCrypto, writeTestKeys, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();
const database = databasesForFile();

const linked = (db: TestDatabase) => db.db.selectFrom('audit_log').select(['seq', 'action', 'target_id']).orderBy('seq').execute();
const staged = async (db: TestDatabase) => Number((await db.db.selectFrom('audit_pending').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.each(DIALECTS)('audit chainer on %s', (dialect) => {
  it('writes 300 concurrent events in fewer transactions, in order, verifiably', async () => {
    const db = await database(dialect);
    let transactions = 0;
    const counting = { ...db.db, transaction: () => { transactions++; return db.db.transaction(); } } as unknown as typeof db.db;
    const { event } = auditChainer(counting, db.dialect, crypto);
    await Promise.all(Array.from({ length: 300 }, (_, i) => event(null, { action: 'test.read', targetId: `r${i}` })));
    expect((await linked(db)).map((r) => r.target_id)).toEqual(Array.from({ length: 300 }, (_, i) => `r${i}`));
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(300);
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 300 });
    // A lone call is committed at once, without waiting for company.
    await event(null, { action: 'test.single' });
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 301 });
  });

  it('links every staged row before settle resolves, oldest first, beyond one batch', async () => {
    const db = await database(dialect);
    const chainer = auditChainer(db.db, db.dialect, crypto);
    for (let part = 0; part < 3; part++) {
      await db.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 400; i++) await stageAudit(trx, null, { action: 'test.write', targetId: `w${part * 400 + i}` });
      });
    }
    expect(await staged(db)).toBe(1200);
    await Promise.all([chainer.settle(), chainer.event(null, { action: 'test.read', targetId: 'e0' })]);
    expect(await staged(db)).toBe(0);
    const rows = await linked(db);
    expect(rows).toHaveLength(1201);
    expect(rows.filter((r) => r.action === 'test.write').map((r) => r.target_id)).toEqual(Array.from({ length: 1200 }, (_, i) => `w${i}`));
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 1201 });
  });

  it('fails every event of a batch whose commit fails; staged rows wait, settle still resolves, the next flush links them', async () => {
    const db = await database(dialect);
    let fail = true;
    const errors: unknown[] = [];
    const flaky = { ...db.db, transaction: () => (fail ? { execute: async () => { throw new Error('disk full'); } } : db.db.transaction()) } as unknown as typeof db.db;
    const chainer = auditChainer(flaky, db.dialect, crypto, (e) => errors.push(e));
    await db.db.transaction().execute((trx) => stageAudit(trx, null, { action: 'test.write', targetId: 's1' }));
    const results = await Promise.allSettled([chainer.event(null, { action: 'a' }), chainer.event(null, { action: 'b' }), chainer.settle()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(errors).toHaveLength(1);
    expect(await staged(db)).toBe(1);
    fail = false;
    await chainer.event(null, { action: 'c' });
    expect((await linked(db)).map((r) => r.action)).toEqual(['test.write', 'c']);
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 2 });
  });

  it('names rows left staged by a stopped process, and links them when the server starts', async () => {
    const db = await database(dialect);
    await db.db.transaction().execute((trx) => stageAudit(trx, null, { action: 'test.write', targetId: 'left' }));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'], {
      env: { ...process.env, DATABASE_URL: db.url, JIANDU_KEY_FILE: writeTestKeys() }, stdio: 'pipe',
    }).toString();
    expect(out).toContain('1 audit rows written by committed changes are staged');
    const app = await buildApp(db, crypto, configFromEnv({ LOG_LEVEL: 'silent' }, { runScheduler: false }));
    try {
      expect(await staged(db)).toBe(0);
      expect((await linked(db)).map((r) => r.target_id)).toEqual(['left']);
    } finally {
      await app.close();
    }
  });
});
