// The jobs table behind one interface: enqueue, claim, finish, retry with backoff.
import type { Db, Dialect } from '../db/index.js';
import { claimNextJob } from '../db/sql.js';
import { newId } from '../core/ids.js';
import { nowIso, nowMs } from '../core/time.js';

export interface EnqueueOptions {
  dedupeKey?: string;
  runAt?: string;
  maxAttempts?: number;
}

/** Queues a job. With a dedupe key, a second enqueue of the same key is a no-op (returns the first id). */
export async function enqueue(db: Db, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
  const id = newId();
  const now = nowIso();
  const res = await db
    .insertInto('jobs')
    .values({
      id, kind, payload: JSON.stringify(payload ?? null), dedupe_key: opts.dedupeKey ?? null, status: 'queued', attempts: 0,
      max_attempts: opts.maxAttempts ?? 5, run_at: opts.runAt ?? now, locked_by: null, locked_until: null, last_error: null,
      result: null, created_at: now, finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0 || !opts.dedupeKey) return id;
  const existing = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', opts.dedupeKey).executeTakeFirstOrThrow();
  return existing.id;
}

export async function claim(db: Db, dialect: Dialect, workerId: string, leaseMs = 5 * 60_000) {
  const id = await claimNextJob(db, dialect, workerId, nowIso(), new Date(nowMs() + leaseMs).toISOString());
  if (!id) return null;
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function complete(db: Db, id: string, result: unknown): Promise<void> {
  await db.updateTable('jobs')
    .set({ status: 'done', result: JSON.stringify(result ?? null), finished_at: nowIso(), locked_by: null, locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Retries with exponential backoff (10 s, 20 s, 40 s …) until max_attempts, then fails for good. */
export async function fail(db: Db, job: { id: string; attempts: number; max_attempts: number }, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const final = job.attempts >= job.max_attempts;
  await db.updateTable('jobs')
    .set({
      status: final ? 'failed' : 'queued',
      last_error: message.slice(0, 2000),
      run_at: new Date(nowMs() + 10_000 * 2 ** (job.attempts - 1)).toISOString(),
      finished_at: final ? nowIso() : null,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .execute();
}

export async function getJob(db: Db, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}
