// Audit rows written by a change wait here, in the change's own transaction, until the chainer links
// them into audit_log (src/modules/audit/chainer.ts). On PostgreSQL this takes the chain's lock out of
// every write transaction: appending to the chain inside the transaction held one lock from the
// head's read to the commit, so concurrent writes queued behind each other's round trips and fsync.
// A row here is durable with its change; the chainer links a batch of them under one lock and one
// commit, and the request answers only once its row is linked. SQLite, whose single writer already
// serialises transactions, links rows inline and leaves this table empty.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_pending')
    .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7: the order rows were staged in
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('org_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_pending').execute();
}
