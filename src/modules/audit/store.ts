import type { Db, Dialect } from '../../db/index.js';
import { lockAuditChain } from '../../db/sql.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import type { CryptoBox } from '../../core/crypto.js';
import type { Actor, AuditEntry, Trx } from '../../core/module.js';
import { newId } from '../../core/ids.js';
import { nowIso } from '../../core/time.js';
import type { AuditLogTable } from '../../db/schema.js';
import { GENESIS_HASH, canonicalJson, rowHash } from './chain.js';
import type { AuditQuery } from './schema.js';

export interface AuditItem {
  actor: Actor | null;
  entry: AuditEntry;
}

/** A row's own columns, before it is linked into the chain. */
export type UnchainedRow = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'row_hash'>;

export function unchainedRow(actor: Actor | null, e: AuditEntry, at = nowIso()): UnchainedRow {
  return {
    at,
    actor_id: actor?.id ?? e.as?.id ?? null,
    actor_name: actor?.username ?? e.as?.username ?? null,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    org_id: e.orgId ?? null,
    ip: actor?.ip ?? e.as?.ip ?? null,
    outcome: e.outcome ?? 'ok',
    detail: canonicalJson(e.detail ?? {}),
  };
}

export async function appendAudit(trx: Trx, dialect: Dialect, crypto: CryptoBox, actor: Actor | null, e: AuditEntry): Promise<void> {
  await appendAuditBatch(trx, dialect, crypto, [{ actor, entry: e }]);
}

/** Appends rows in order under one lock and one read of the head; one multi-row insert. */
export async function appendAuditBatch(trx: Trx, dialect: Dialect, crypto: CryptoBox, items: readonly AuditItem[]): Promise<void> {
  if (items.length === 0) return;
  await lockAuditChain(trx, dialect);
  const at = nowIso();
  await chainRows(trx, crypto, items.map(({ actor, entry }) => unchainedRow(actor, entry, at)));
}

/** Links rows after the head and inserts them. The caller holds the chain's lock. */
export async function chainRows(trx: Trx, crypto: CryptoBox, rows: readonly UnchainedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const head = await trx.selectFrom('audit_log').select(['seq', 'row_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head ? Number(head.seq) : 0;
  let prev = head?.row_hash ?? GENESIS_HASH;
  const chained = rows.map((r) => {
    const row = { seq: ++seq, ...r };
    const linked = { ...row, prev_hash: prev, row_hash: rowHash(crypto, prev, row) };
    prev = linked.row_hash;
    return linked;
  });
  await trx.insertInto('audit_log').values(chained).execute();
}

/** Writes a change's audit row inside its transaction without touching the chain (see 008_audit_pending). */
export async function stageAudit(trx: Trx, actor: Actor | null, e: AuditEntry): Promise<void> {
  await trx.insertInto('audit_pending').values({ id: newId(), ...unchainedRow(actor, e) }).execute();
}

/** How many staged rows wait to be linked (left by a process that stopped before linking them). */
export async function stagedAuditRows(db: Db): Promise<number> {
  const r = await db.selectFrom('audit_pending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether the log still holds a checkpoint: the row at its seq carries the same hash. */
export async function checkpointHolds(db: Db, seq: number, hash: string): Promise<boolean> {
  const row = await db.selectFrom('audit_log').select('row_hash').where('seq', '=', seq).executeTakeFirst();
  return row?.row_hash === hash;
}

/** Searches the log. An auditor below the root sees the rows about their subtree and the rows of
 *  people filed in it; rows about no organization (sign-ins of unknown names) only at the root. */
export async function searchAudit(db: Db, q: AuditQuery, scope: Scope, wholeTree: boolean) {
  let query = db.selectFrom('audit_log').selectAll();
  if (!wholeTree) {
    query = query.where((eb) => eb.or([
      orgInScope(eb, 'audit_log.org_id', scope),
      eb('audit_log.actor_id', 'in', eb.selectFrom('users').select('users.id').where((u) => orgInScope(u, 'users.org_id', scope))),
    ]));
  }
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.before) query = query.where('seq', '<', q.before);
  const rows = await query.orderBy('seq', 'desc').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    orgId: r.org_id,
    ip: r.ip,
    outcome: r.outcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    rowHash: r.row_hash,
  }));
  return { items, nextBefore: rows.length > q.limit ? items[items.length - 1].seq : null };
}
