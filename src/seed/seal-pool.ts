// Sealing for bulk loads: every sensitive record gets a fresh key, wrapped under the master key, and
// its field sealed under that key (SM4-CBC + HMAC-SM3 by default). This is the costly part of
// generating scale data (≈65 µs a record), so it can run on worker threads, one CryptoBox each,
// while the main thread generates and inserts. Same code, same output format as freshKey().
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../core/ts-worker.js';
import { CryptoBox, type Algorithm, type KeyMaterial } from '../core/crypto.js';
import { freshKey } from '../core/sealed.js';

export interface SealedBatch {
  /** Wrapped record keys, parallel to the ids. */
  wrapped: string[];
  /** Sealed plaintexts (null where the plaintext was empty), parallel to the ids. */
  sealed: (string | null)[];
}

export interface Sealer {
  readonly threads: number;
  seal(ids: readonly string[], plains: readonly string[]): Promise<SealedBatch>;
  close(): Promise<void>;
}

/** Seals one batch in this thread: what the workers run, and what small seeds use directly. */
export function sealBatch(crypto: CryptoBox, ids: readonly string[], plains: readonly string[]): SealedBatch {
  const wrapped: string[] = new Array(ids.length);
  const sealed: (string | null)[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const k = freshKey(crypto, ids[i]);
    wrapped[i] = k.row.wrapped_key;
    sealed[i] = k.seal(plains[i]);
  }
  return { wrapped, sealed };
}

export function inlineSealer(crypto: CryptoBox): Sealer {
  return {
    threads: 0,
    seal: async (ids, plains) => sealBatch(crypto, ids, plains),
    close: async () => {},
  };
}

interface Job {
  resolve(b: SealedBatch): void;
  reject(e: unknown): void;
}

/**
 * `threads` worker threads, each with its own CryptoBox over the same keys. A batch is split
 * evenly across them. The worker entry is TypeScript (it imports the real CryptoBox), so the
 * worker registers tsx before importing it: the same crypto code in every thread.
 */
export function workerSealer(algorithm: Algorithm, keys: KeyMaterial, threads: number): Sealer {
  const entry = new URL('./seal-worker.ts', import.meta.url);
  const workerData = {
    algorithm,
    keys: { master: keys.master.toString('hex'), audit: keys.audit.toString('hex'), backup: keys.backup.toString('hex') },
  };
  const jobs = new Map<number, Job>();
  let nextId = 1;
  let failure: unknown = null;
  const workers = Array.from({ length: threads }, () => {
    const w = startTsWorker(entry, workerData);
    w.on('message', (m: { id: number; batch?: SealedBatch; error?: string }) => {
      const job = jobs.get(m.id);
      if (!job) return;
      jobs.delete(m.id);
      if (m.error) job.reject(new Error(m.error));
      else job.resolve(m.batch!);
    });
    w.on('error', (err) => {
      failure = err;
      for (const j of jobs.values()) j.reject(err);
      jobs.clear();
    });
    return w;
  });

  const run = (w: Worker, ids: readonly string[], plains: readonly string[]) =>
    new Promise<SealedBatch>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      jobs.set(id, { resolve, reject });
      w.postMessage({ id, ids, plains });
    });

  return {
    threads,
    async seal(ids, plains) {
      if (ids.length === 0) return { wrapped: [], sealed: [] };
      const per = Math.ceil(ids.length / workers.length);
      const parts = await Promise.all(
        workers.map((w, i) => (i * per < ids.length ? run(w, ids.slice(i * per, (i + 1) * per), plains.slice(i * per, (i + 1) * per)) : null)),
      );
      const out: SealedBatch = { wrapped: [], sealed: [] };
      for (const p of parts) {
        if (!p) continue;
        for (const x of p.wrapped) out.wrapped.push(x);
        for (const x of p.sealed) out.sealed.push(x);
      }
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Worker threads where they help (two or more cores), else this thread. */
export function makeSealer(crypto: CryptoBox, opts: { threads?: number; keys?: KeyMaterial }): Sealer {
  const threads = opts.threads ?? 0;
  if (threads > 0 && opts.keys) return workerSealer(crypto.algorithm, opts.keys, threads);
  return inlineSealer(crypto);
}
