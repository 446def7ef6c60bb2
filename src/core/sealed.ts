// Per-record keys: each sensitive record's fields are sealed with its own key, which is stored
// wrapped by the master key (kept outside the database). Deleting the key row shreds the record.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CryptoBox } from './crypto.js';
import { nowIso } from './time.js';

type Q = Kysely<DB>;

export async function recordKey(db: Q, crypto: CryptoBox, recordId: string): Promise<Buffer> {
  const row = await db.selectFrom('record_keys').select('wrapped_key').where('id', '=', recordId).executeTakeFirst();
  if (row) return crypto.unwrapKey(row.wrapped_key);
  // Two writers sealing the same new record at once: the first key wins, the second reads it.
  await db.insertInto('record_keys').values({ id: recordId, wrapped_key: crypto.wrapKey(crypto.newRecordKey()), created_at: nowIso() })
    .onConflict((oc) => oc.column('id').doNothing()).execute();
  const stored = await db.selectFrom('record_keys').select('wrapped_key').where('id', '=', recordId).executeTakeFirstOrThrow();
  return crypto.unwrapKey(stored.wrapped_key);
}

export async function sealField(db: Q, crypto: CryptoBox, recordId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (plaintext == null || plaintext === '') return null;
  return crypto.seal(plaintext, await recordKey(db, crypto, recordId));
}

/** Opens a sealed field; null when the key was shredded or nothing was stored. */
export async function openField(db: Q, crypto: CryptoBox, recordId: string, sealed: string | null): Promise<string | null> {
  if (!sealed) return null;
  const row = await db.selectFrom('record_keys').select('wrapped_key').where('id', '=', recordId).executeTakeFirst();
  if (!row) return null;
  return crypto.open(sealed, crypto.unwrapKey(row.wrapped_key));
}

export async function shredRecordKey(db: Q, recordId: string): Promise<void> {
  await db.deleteFrom('record_keys').where('id', '=', recordId).execute();
}

/** For records whose id was just minted (registrations, bulk loads): a fresh key row to insert and a
 *  sealer bound to it, without looking for an existing key or a round trip per field. */
export function freshKey(crypto: CryptoBox, recordId: string) {
  const key = crypto.newRecordKey();
  return {
    row: { id: recordId, wrapped_key: crypto.wrapKey(key), created_at: nowIso() },
    seal: (plaintext: string | null | undefined) => (plaintext ? crypto.seal(plaintext, key) : null),
  };
}

export function maskTail(tail: string | null): string | null {
  return tail ? `**************${tail}` : null;
}
