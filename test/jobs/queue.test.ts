import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { claim, complete, enqueue, fail, getJob } from '../../src/jobs/queue.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';

const dbs: TestDatabase[] = [];
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));
const silent = pino({ level: 'silent' });

describe.each(DIALECTS)('jobs on %s', (dialect) => {
  it('enqueues once per dedupe key (a schedule slot is one job on any number of nodes)', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const a = await enqueue(db.db, 'k', { x: 1 }, { dedupeKey: 'nightly@2026-01-01T18:00:00Z' });
    const b = await enqueue(db.db, 'k', { x: 2 }, { dedupeKey: 'nightly@2026-01-01T18:00:00Z' });
    expect(b).toBe(a);
    const rows = await db.db.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('lets only one worker claim a job, and retries with backoff', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const id = await enqueue(db.db, 'k', {}, { maxAttempts: 2 });
    const [first, second] = await Promise.all([claim(db.db, db.dialect, 'w1'), claim(db.db, db.dialect, 'w2')]);
    expect([first?.id, second?.id].filter(Boolean)).toEqual([id]);
    const job = (first ?? second)!;
    await fail(db.db, job, new Error('boom'));
    let row = await getJob(db.db, id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom' });
    expect(Date.parse(row!.run_at)).toBeGreaterThan(Date.now());
    await db.db.updateTable('jobs').set({ run_at: new Date(0).toISOString() }).execute();
    const again = await claim(db.db, db.dialect, 'w1');
    await fail(db.db, again!, new Error('boom again'));
    row = await getJob(db.db, id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('runs jobs through a worker and records the result', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const seen: unknown[] = [];
    const worker = new JobWorker(db.db, db.dialect, { echo: async (p) => (seen.push(p), { ok: true }) }, silent);
    const id = await enqueue(db.db, 'echo', { hello: '世界' });
    await worker.tick();
    expect(seen).toEqual([{ hello: '世界' }]);
    const row = await getJob(db.db, id);
    expect(row?.status).toBe('done');
    expect(JSON.parse(row!.result!)).toEqual({ ok: true });
    await complete(db.db, id, null);
  });
});
