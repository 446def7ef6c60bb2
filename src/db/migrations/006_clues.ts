// Problem clues (问题线索): subjects, disposal proposals and approvals, history, transfers between
// bodies, consultation meetings. Every query path below has an index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('petition_id', 'text')
    .addColumn('transfer_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('discipline', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('received_date', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('deadline', 'text')
    .addColumn('form', 'integer')
    .addColumn('sanction', 'text')
    .addColumn('outcome', 'text')
    .addColumn('linked_type', 'text')
    .addColumn('linked_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('concluded_at', 'text')
    .execute();
  await db.schema.createIndex('clues_org_state').on('clues').columns(['org_id', 'state', 'received_date']).execute();
  await db.schema.createIndex('clues_received').on('clues').columns(['received_date', 'id']).execute();
  await db.schema.createIndex('clues_state_deadline').on('clues').columns(['state', 'deadline', 'id']).execute();
  await db.schema.createIndex('clues_petition').on('clues').column('petition_id').execute();
  await db.schema.createIndex('clues_linked').on('clues').columns(['linked_type', 'linked_id']).execute();
  await db.schema.createIndex('clues_form').on('clues').columns(['form', 'concluded_at']).execute();

  await db.schema
    .createTable('clue_subjects')
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('clue_subjects_pk', ['clue_id', 'subject_type', 'subject_id'])
    .execute();
  await db.schema.createIndex('clue_subjects_subject').on('clue_subjects').columns(['subject_type', 'subject_id']).execute();

  await db.schema
    .createTable('clue_disposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('clue_disposals_clue').on('clue_disposals').columns(['clue_id', 'proposed_at']).execute();

  await db.schema
    .createTable('clue_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clue_events_clue').on('clue_events').columns(['clue_id', 'at']).execute();

  await db.schema
    .createTable('clue_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('from_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('to_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('sent_date', 'text', (c) => c.notNull())
    .addColumn('feedback_due', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addColumn('received_by', 'text')
    .addColumn('receipt_note', 'text')
    .addColumn('received_clue_id', 'text')
    .addColumn('result', 'text')
    .addColumn('result_at', 'text')
    .addColumn('result_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clue_transfers_clue').on('clue_transfers').column('clue_id').execute();
  await db.schema.createIndex('clue_transfers_from').on('clue_transfers').columns(['from_org_id', 'sent_date']).execute();
  await db.schema.createIndex('clue_transfers_to').on('clue_transfers').columns(['to_org_id', 'sent_date']).execute();
  await db.schema.createIndex('clue_transfers_due').on('clue_transfers').columns(['status', 'feedback_due', 'id']).execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('meeting_date', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('other_participants', 'text')
    .addColumn('conclusions', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_org_date').on('consultations').columns(['org_id', 'meeting_date']).execute();
  await db.schema.createIndex('consultations_date').on('consultations').columns(['meeting_date', 'id']).execute();

  await db.schema
    .createTable('consultation_orgs')
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('consultation_orgs_pk', ['consultation_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('consultation_clues')
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('opinion', 'text')
    .addPrimaryKeyConstraint('consultation_clues_pk', ['consultation_id', 'clue_id'])
    .execute();
  await db.schema.createIndex('consultation_clues_clue').on('consultation_clues').column('clue_id').execute();

  await db.schema
    .createTable('consultation_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('assignee_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('due_date', 'text')
    .execute();
  await db.schema.createIndex('consultation_assignments_meeting').on('consultation_assignments').column('consultation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['consultation_assignments', 'consultation_clues', 'consultation_orgs', 'consultations', 'clue_transfers', 'clue_events', 'clue_disposals', 'clue_subjects', 'clues']) {
    await db.schema.dropTable(t).execute();
  }
}
