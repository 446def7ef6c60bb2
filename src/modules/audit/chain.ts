// The hash chain: row_hash = HMAC(prev_hash ‖ seq ‖ canonical(row)). Every value is text or an
// integer written by the application, so the bytes hashed are the same on SQLite and PostgreSQL.
import type { CryptoBox } from '../../core/crypto.js';
import type { AuditLogTable } from '../../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditLogTable, 'prev_hash' | 'row_hash'>;

export function canonicalRow(r: ChainedFields): string {
  return JSON.stringify([
    Number(r.seq), r.at, r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.org_id, r.ip, r.outcome, r.detail,
  ]);
}

export function rowHash(crypto: CryptoBox, prevHash: string, r: ChainedFields): string {
  return crypto.auditHmac(`${prevHash}|${Number(r.seq)}|${canonicalRow(r)}`);
}

/** JSON with sorted keys, so equal details always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}
