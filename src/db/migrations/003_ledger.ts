import type { Kysely } from 'kysely';
import { dialectOf, pathColumnType } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);

  await db.schema
    .createTable('ledger_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('year', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_documents_org').on('ledger_documents').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('ledger_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('ledger_documents.id'))
    .addColumn('parent_id', 'text', (c) => c.references('ledger_items.id'))
    .addColumn('path', pathColumnType(dialect), (c) => c.notNull().unique())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_key', pathColumnType(dialect), (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('lead_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('owner_name', 'text')
    .addColumn('deadline', 'text')
    .addColumn('cycle', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('outcome', 'text')
    .addColumn('measure_by', 'text')
    .addColumn('evidence', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('assignment_id', 'text')
    .addColumn('reviewer_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('child_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('last_report_on', 'text')
    .addColumn('done_on', 'text')
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('returned_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_items_document_code').on('ledger_items').columns(['document_id', 'code_key']).unique().execute();
  await db.schema.createIndex('ledger_items_parent').on('ledger_items').columns(['parent_id', 'seq']).execute();
  await db.schema.createIndex('ledger_items_lead').on('ledger_items').columns(['lead_org_id', 'deadline']).execute();
  await db.schema.createIndex('ledger_items_deadline').on('ledger_items').columns(['deadline', 'id']).execute();

  await db.schema
    .createTable('ledger_item_orgs')
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('ledger_item_orgs_pk', ['item_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('ledger_item_reach')
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('ledger_item_reach_pk', ['item_id', 'org_id'])
    .execute();
  await db.schema.createIndex('ledger_item_reach_org').on('ledger_item_reach').columns(['org_id', 'item_id']).execute();

  await db.schema
    .createTable('ledger_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('child_item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('note', 'text')
    .addColumn('assigned_by', 'text')
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_assignments_item_org').on('ledger_assignments').columns(['item_id', 'org_id']).unique().execute();
  await db.schema.createIndex('ledger_assignments_org').on('ledger_assignments').columns(['org_id']).execute();

  await db.schema
    .createTable('ledger_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('figures', 'text')
    .addColumn('completes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('review_note', 'text')
    .addColumn('reviewer_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_reports_item').on('ledger_reports').columns(['item_id', 'version']).unique().execute();
  await db.schema.createIndex('ledger_reports_queue').on('ledger_reports').columns(['state', 'reviewer_org_id', 'created_at']).execute();

  await db.schema
    .createTable('ledger_charters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('issuer_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text')
    .addColumn('principal_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('signed_name', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('signed_at', 'text')
    .execute();
  await db.schema.createIndex('ledger_charters_org').on('ledger_charters').columns(['org_id', 'year']).execute();

  await db.schema
    .createTable('ledger_charter_items')
    .addColumn('charter_id', 'text', (c) => c.notNull().references('ledger_charters.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_charter_items_pk', ['charter_id', 'item_id'])
    .execute();
  await db.schema.createIndex('ledger_charter_items_item').on('ledger_charter_items').columns(['item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ledger_charter_items', 'ledger_charters', 'ledger_reports', 'ledger_assignments', 'ledger_item_reach', 'ledger_item_orgs', 'ledger_items', 'ledger_documents']) {
    await db.schema.dropTable(t).execute();
  }
}
