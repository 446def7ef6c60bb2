// The write path every route uses (ctx.tx with ctx.audit): concurrent writes each keep or lose their
// own changes, and each one's audit row is in the chain when its call resolves. On SQLite concurrent
// transactions share commits (savepoints inside one transaction); on PostgreSQL audit rows are staged
// and linked after the commit.
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/app/context.js';
import { configFromEnv } from '../../src/core/config.js';
import { badRequest } from '../../src/core/errors.js';
import { groupCommitTransactions } from '../../src/db/group-commit.js';
import { verifyChain } from '../../src/modules/audit/index.js';
import { DIALECTS, databasesForFile, testCrypto, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();
const database = databasesForFile();

const setting = (key: string, value: string) => ({ key, value, updated_at: '2026-12-01T00:00:00.000Z' });
const keys = async (db: TestDatabase, prefix: string) =>
  (await db.db.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()).map((r) => r.key);

describe.each(DIALECTS)('group commit of transactions on %s', (dialect) => {
  it('shares commits between concurrent transactions; a failing one loses only its own changes', async () => {
    const db = await database(dialect);
    const tx = groupCommitTransactions(db.db);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => tx(async (trx) => {
      await trx.insertInto('settings').values(setting(`gc.${String(i).padStart(2, '0')}`, String(i))).execute();
      if (i === 7) throw badRequest('rejected on purpose', 'body.n');
      if (i === 11) await trx.insertInto('settings').values(setting('gc.00', 'duplicate key')).execute();
      return i * 2;
    })));
    expect(results.filter((r) => r.status === 'rejected').length).toBe(2);
    expect(results[7]).toMatchObject({ status: 'rejected', reason: { status: 400, field: 'body.n' } });
    expect(results[11].status).toBe('rejected');
    expect(results[3]).toEqual({ status: 'fulfilled', value: 6 });
    const expected = Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7 && i !== 11).map((i) => `gc.${String(i).padStart(2, '0')}`);
    expect(await keys(db, 'gc.')).toEqual(expected);
    expect(tx.commits()).toBeGreaterThan(0);
    expect(tx.commits()).toBeLessThan(20);
  });

  it('fails every caller of a batch whose commit fails, and writes none of it', async () => {
    const db = await database(dialect);
    let fail = true;
    const flaky = { ...db.db, transaction: () => (fail ? { execute: async () => { throw new Error('disk full'); } } : db.db.transaction()) } as unknown as typeof db.db;
    const tx = groupCommitTransactions(flaky);
    const write = (k: string) => tx((trx) => trx.insertInto('settings').values(setting(k, 'v')).execute());
    const results = await Promise.allSettled([write('f.a'), write('f.b')]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    fail = false;
    await write('f.c');
    expect(await keys(db, 'f.')).toEqual(['f.c']);
  });
});

describe.each(DIALECTS)('audited writes through the module context on %s', (dialect) => {
  it('has each audit row in the chain when ctx.tx resolves, and none of a failed write', async () => {
    const db = await database(dialect);
    const ctx = buildContext(db, crypto, configFromEnv({}), []);
    const write = (i: number) => ctx.tx(async (trx) => {
      await trx.insertInto('settings').values(setting(`aw.${String(i).padStart(2, '0')}`, 'v')).execute();
      await ctx.audit(trx, null, { action: 'test.write', targetId: `aw.${i}` });
      if (i === 5) throw new Error('after the audit row');
    });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => write(i)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const linked = await db.db.selectFrom('audit_log').select('target_id').where('action', '=', 'test.write').execute();
    expect(linked.map((r) => r.target_id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `aw.${i}`).filter((t) => t !== 'aw.5').sort());
    expect(await db.db.selectFrom('audit_pending').select('id').execute()).toEqual([]);
    expect(await verifyChain(db.db, crypto)).toMatchObject({ ok: true, checked: 11 });
    // Resolved means linked: a lone write's row can be read back at once.
    await write(20);
    expect(await db.db.selectFrom('audit_log').select('seq').where('target_id', '=', 'aw.20').executeTakeFirst()).toBeTruthy();
  });
});
