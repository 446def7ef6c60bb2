// Group commit for audit rows that stand alone (reads of sensitive records, exports, denials): a
// request waits until its row is durable, but concurrent requests share one transaction, so a
// busy server pays one commit (one fsync on SQLite) per batch instead of one per request. At low
// load a row is committed at once: the first caller starts a flush; callers arriving meanwhile
// form the next batch. The flush starts on the next turn of the event loop (setImmediate): on SQLite
// every statement completes synchronously, so without that turn no other request could ever join.
import type { Db, Dialect } from '../../db/index.js';
import type { CryptoBox } from '../../core/crypto.js';
import type { Actor, AuditEntry } from '../../core/module.js';
import { appendAuditBatch, type AuditItem } from './store.js';

const MAX_BATCH = 500; // × 13 columns stays well under both engines' bound-parameter limits

interface Waiting extends AuditItem {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export type AuditEvent = (actor: Actor | null, entry: AuditEntry) => Promise<void>;

export function groupCommitAudit(db: Db, dialect: Dialect, crypto: CryptoBox): AuditEvent {
  let queue: Waiting[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    try {
      while (queue.length) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        try {
          await db.transaction().execute((trx) => appendAuditBatch(trx, dialect, crypto, batch));
          for (const w of batch) w.resolve();
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return (actor, entry) => new Promise<void>((resolve, reject) => {
    queue.push({ actor, entry, resolve, reject });
    if (!flushing) {
      flushing = true;
      setImmediate(() => void flush());
    }
  });
}
