// Recomputes the audit chain. The main thread reads pages in order and checks what is cheap (the
// sequence and each row's link to the previous hash); the HMACs, which cost as much as the reading,
// run on worker threads for large logs, a page at a time, a few pages ahead. The first broken row is
// reported whichever thread finds it, exactly as a sequential pass would.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Db } from '../../db/index.js';
import type { CryptoBox } from '../../core/crypto.js';
import { startTsWorker } from '../../core/ts-worker.js';
import type { AuditLogTable } from '../../db/schema.js';
import { GENESIS_HASH, rowHash } from './chain.js';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  broken?: { seq: number; reason: string };
}

const PAGE = 5000;
/** Below this many rows, starting threads costs more than it saves. */
const PARALLEL_FROM = 100_000;

/** Index of the first row whose row_hash is wrong, or -1. */
export function firstBadHash(crypto: CryptoBox, rows: readonly AuditLogTable[]): number {
  for (let i = 0; i < rows.length; i++) if (rowHash(crypto, rows[i].prev_hash, rows[i]) !== rows[i].row_hash) return i;
  return -1;
}

type Hasher = { check(rows: AuditLogTable[]): Promise<number>; close(): Promise<void> };

function inlineHasher(crypto: CryptoBox): Hasher {
  return { check: async (rows) => firstBadHash(crypto, rows), close: async () => {} };
}

function workerHasher(crypto: CryptoBox, threads: number): Hasher {
  const entry = new URL('./verify-worker.ts', import.meta.url);
  const pending = new Map<number, (bad: number) => void>();
  let next = 0;
  const workers: Worker[] = Array.from({ length: threads }, () => {
    const w = startTsWorker(entry, crypto.auditOnlyMaterial());
    w.on('message', (m: { id: number; bad: number }) => {
      pending.get(m.id)?.(m.bad);
      pending.delete(m.id);
    });
    return w;
  });
  return {
    check: (rows) => new Promise<number>((resolve, reject) => {
      const id = next++;
      const w = workers[id % workers.length];
      const onError = (e: unknown) => reject(e);
      w.once('error', onError);
      pending.set(id, (bad) => {
        w.off('error', onError);
        resolve(bad);
      });
      w.postMessage({ id, rows });
    }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export async function verifyChain(db: Db, crypto: CryptoBox, onProgress?: (checked: number) => void, opts: { threads?: number } = {}): Promise<VerifyResult> {
  let threads = opts.threads;
  if (threads === undefined) {
    const head = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    threads = Number(head?.seq ?? 0) >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 0;
  }
  const hasher = threads > 0 ? workerHasher(crypto, threads) : inlineHasher(crypto);
  try {
    return await verifyWith(db, hasher, Math.max(1, threads) * 2, onProgress);
  } finally {
    await hasher.close();
  }
}

interface InFlight {
  rows: AuditLogTable[];
  /** Index of the first row whose sequence or link is wrong (its hash is not checked), or -1. */
  linkBreak: { index: number; reason: string } | null;
  bad: Promise<number>;
}

async function verifyWith(db: Db, hasher: Hasher, ahead: number, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH; // of the last row read
  let expectedSeq = 1;
  let checked = 0;
  let confirmed = { seq: 0, hash: GENESIS_HASH }; // the last row confirmed
  const queue: InFlight[] = [];
  let done = false;

  const settle = async (): Promise<VerifyResult | null> => {
    const page = queue.shift()!;
    const bad = await page.bad;
    const hashed = page.linkBreak ? page.linkBreak.index : page.rows.length;
    const good = bad >= 0 ? bad : hashed;
    checked += good;
    if (good > 0) confirmed = { seq: Number(page.rows[good - 1].seq), hash: page.rows[good - 1].row_hash };
    if (bad >= 0) return fail(Number(page.rows[bad].seq), 'row_hash does not match the row’s content');
    onProgress?.(checked);
    if (page.linkBreak) return fail(Number(page.rows[page.linkBreak.index].seq), page.linkBreak.reason);
    return null;
  };

  while (!done) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
    let linkBreak: InFlight['linkBreak'] = null;
    for (let i = 0; i < rows.length; i++) {
      const seq = Number(rows[i].seq);
      if (seq !== expectedSeq) linkBreak = { index: i, reason: `sequence gap: expected ${expectedSeq}` };
      else if (rows[i].prev_hash !== prevHash) linkBreak = { index: i, reason: 'prev_hash does not match the previous row' };
      if (linkBreak) break;
      prevHash = rows[i].row_hash;
      expectedSeq++;
    }
    const toHash = linkBreak ? rows.slice(0, linkBreak.index) : rows;
    queue.push({ rows, linkBreak, bad: toHash.length ? hasher.check(toHash) : Promise.resolve(-1) });
    done = linkBreak !== null || rows.length < PAGE;
    while (queue.length >= (done ? 1 : ahead)) {
      const failed = await settle();
      if (failed) return failed;
    }
  }
  return { ok: true, checked, headSeq: expectedSeq - 1, headHash: prevHash };

  function fail(seq: number, reason: string): VerifyResult {
    return { ok: false, checked, headSeq: confirmed.seq, headHash: confirmed.hash, broken: { seq, reason } };
  }
}
