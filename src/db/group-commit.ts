// Group commit of write transactions, for SQLite. Its one connection runs one transaction at a time,
// and with synchronous=FULL each commit waits for an fsync (1–3 ms here), most of what a short write
// costs. Transactions that arrive together run one after another inside one transaction, each in a
// savepoint of its own, and share its commit: each caller's changes are kept or undone exactly as
// with a transaction of its own (an error rolls back to its savepoint, and it gets that error), and
// no caller hears back before the shared commit is durable. If that commit fails, every caller of
// the batch gets the error and nothing of the batch is written.
// PostgreSQL needs none of this: it runs transactions side by side and groups their WAL flushes itself.
import { sql } from 'kysely';
import type { Db } from './index.js';
import type { Trx } from '../core/module.js';

const MAX_BATCH = 64; // bounds how long a caller waits behind others before its commit

interface Job {
  fn: (trx: Trx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type TransactionRunner = <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>;

export function groupCommitTransactions(db: Db): TransactionRunner & { commits(): number } {
  let queue: Job[] = [];
  let running = false;
  let commits = 0;

  async function runBatch(batch: readonly Job[]): Promise<Outcome[]> {
    return db.transaction().execute(async (trx) => {
      const outcomes: Outcome[] = [];
      for (const job of batch) {
        await sql`savepoint jiandu_tx`.execute(trx);
        try {
          outcomes.push({ ok: true, value: await job.fn(trx) });
        } catch (error) {
          await sql`rollback to savepoint jiandu_tx`.execute(trx);
          outcomes.push({ ok: false, error });
        }
        await sql`release savepoint jiandu_tx`.execute(trx);
      }
      return outcomes;
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        try {
          const outcomes = await runBatch(batch);
          commits++;
          outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error)));
        } catch (e) {
          for (const job of batch) job.reject(e);
        }
        // Let requests that arrived during the batch reach the queue before the next one starts.
        if (queue.length) await new Promise((r) => setImmediate(r));
      }
    } finally {
      running = false;
    }
  }

  const run = <T>(fn: (trx: Trx) => Promise<T>) => new Promise<T>((resolve, reject) => {
    queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    if (!running) {
      running = true;
      setImmediate(() => void drain());
    }
  });
  return Object.assign(run, { commits: () => commits });
}
