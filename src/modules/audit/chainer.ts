// Links rows into the audit chain in batches: one lock, one read of the head and one commit (one
// fsync) for every row waiting, instead of one each. Two kinds of row wait here:
// - events, rows that stand alone (reads of sensitive records, exports, denials): the caller waits
//   until its row is committed;
// - staged rows, written by a change inside its own transaction (audit_pending, PostgreSQL; see
//   migration 008): durable with the change, linked here, and the request waits (settle) until its
//   row is linked, so that the log it can search already holds it.
// At low load a row is linked at once: the first caller starts a flush; callers arriving meanwhile
// form the next batch. The flush starts on the next turn of the event loop (setImmediate): on SQLite
// every statement completes synchronously, so without that turn no other request could ever join.
import type { Db, Dialect } from '../../db/index.js';
import { lockAuditChain } from '../../db/sql.js';
import type { CryptoBox } from '../../core/crypto.js';
import type { Actor, AuditEntry } from '../../core/module.js';
import { chainRows, unchainedRow, type UnchainedRow } from './store.js';

const MAX_BATCH = 500; // staged and events: up to 1,000 rows × 13 columns, under both engines' bound-parameter limits

interface Waiting {
  row: UnchainedRow;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export type AuditEvent = (actor: Actor | null, entry: AuditEntry) => Promise<void>;

export interface AuditChainer {
  /** Appends one row on its own; resolves once it is committed. */
  event: AuditEvent;
  /** Resolves once every row staged by a transaction committed before the call is linked. A failure
   *  to link is logged, not thrown: the change and its staged row are committed, and the next flush
   *  links the row. */
  settle(): Promise<void>;
}

export function auditChainer(db: Db, dialect: Dialect, crypto: CryptoBox, log: (e: unknown) => void = () => {}): AuditChainer {
  let events: Waiting[] = [];
  let settlers: (() => void)[] = [];
  let flushing = false;

  /** One transaction: the staged rows (oldest first), then the events. Returns whether no staged row was left. */
  async function linkBatch(batch: readonly Waiting[]): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      await lockAuditChain(trx, dialect);
      const staged = await trx.selectFrom('audit_pending').selectAll().orderBy('id').limit(MAX_BATCH).execute();
      await chainRows(trx, crypto, [...staged.map(({ id: _id, ...row }) => row), ...batch.map((w) => w.row)]);
      if (staged.length) await trx.deleteFrom('audit_pending').where('id', 'in', staged.map((s) => s.id)).execute();
      return staged.length < MAX_BATCH;
    });
  }

  async function flush(): Promise<void> {
    try {
      while (events.length || settlers.length) {
        const batch = events.slice(0, MAX_BATCH);
        events = events.slice(batch.length);
        // Only callers already waiting when the batch starts: their rows were committed before it.
        const waiting = settlers;
        settlers = [];
        let drained = true;
        try {
          drained = await linkBatch(batch);
          for (const w of batch) w.resolve();
        } catch (e) {
          for (const w of batch) w.reject(e);
          log(e);
        }
        if (drained) for (const done of waiting) done();
        else settlers = [...waiting, ...settlers];
      }
    } finally {
      flushing = false;
    }
  }

  function kick() {
    if (flushing) return;
    flushing = true;
    setImmediate(() => void flush());
  }

  return {
    event: (actor, entry) => new Promise<void>((resolve, reject) => {
      events.push({ row: unchainedRow(actor, entry), resolve, reject });
      kick();
    }),
    settle: () => new Promise<void>((resolve) => {
      settlers.push(resolve);
      kick();
    }),
  };
}
