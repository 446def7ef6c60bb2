// Talks (谈话), written inquiries (函询) and admonishments (诫勉); the talk types are configuration,
// seeded here with the eight standard ones so every installation starts with them.
import type { Kysely } from 'kysely';

export const STANDARD_TALK_TYPES = [
  {
    id: 'heart', name: '谈心谈话', name_en: 'Heart-to-heart talk', cadence_months: 12, collective: 0,
    trigger_text: '班子成员之间、班子成员与分管部门负责人之间每年至少开展一次；思想波动、工作变动时随时开展',
    subject_kind: '班子成员、分管部门和单位主要负责人', conducting_body: '党委（党组）主要负责人、班子成员',
    cooperating_bodies: '组织部门', safeguards: '谈心谈话计划、记录存档，结果作为民主生活会准备材料',
  },
  {
    id: 'appointment', name: '任前/任职谈话', name_en: 'Appointment talk', cadence_months: null, collective: 0,
    trigger_text: '新任职领导干部（特别是新任一把手）任职前或任职后一个月内',
    subject_kind: '新提拔、调整的领导干部，新任一把手', conducting_body: '上级党委（党组）主要负责人、组织部门负责人',
    cooperating_bodies: '纪检监察机关', safeguards: '谈话记录存入干部档案；一把手任职后30日内未谈话的预警提醒',
  },
  {
    id: 'integrity', name: '勤政廉政谈话', name_en: 'Integrity talk', cadence_months: null, collective: 1,
    trigger_text: '新提拔或交流任职干部集中任职后、重要节点前',
    subject_kind: '新提拔、交流任职的领导干部', conducting_body: '纪委监委主要负责人',
    cooperating_bodies: '组织部门、派驻纪检监察组', safeguards: '集体谈话前对重点对象开展一对一谈话；签订廉政承诺书',
  },
  {
    id: 'supervision', name: '监督谈话', name_en: 'Supervision talk', cadence_months: 12, collective: 0,
    trigger_text: '上级一把手每年至少同下级一把手开展一次监督谈话',
    subject_kind: '下级党组织一把手', conducting_body: '上级党组织一把手',
    cooperating_bodies: '纪检监察机关、组织部门', safeguards: '提前收集问题清单；谈话中指出的问题限期整改并跟踪',
  },
  {
    id: 'reminder', name: '提醒谈话', name_en: 'Reminder talk', cadence_months: null, collective: 0,
    trigger_text: '发现苗头性、倾向性问题时及时提醒',
    subject_kind: '存在苗头性、倾向性问题的党员干部', conducting_body: '党组织负责人、纪检监察机关',
    cooperating_bodies: '干部所在单位', safeguards: '谈话记录存档，跟踪整改情况',
  },
  {
    id: 'interview', name: '约谈', name_en: 'Summoned talk', cadence_months: null, collective: 0,
    trigger_text: '管党治党责任落实不力、问题较多或反映集中时',
    subject_kind: '下级党组织主要负责人、班子成员', conducting_body: '上级党委、纪委监委负责人',
    cooperating_bodies: '组织部门', safeguards: '约谈通知书、约谈记录，整改报告限期报送',
  },
  {
    id: 'admonition', name: '诫勉谈话', name_en: 'Admonishment talk', cadence_months: null, collective: 0,
    trigger_text: '存在轻微违纪问题，需要诫勉的',
    subject_kind: '受到诫勉处理的党员领导干部', conducting_body: '党委（党组）、纪委监委、组织部门',
    cooperating_bodies: '干部所在单位', safeguards: '诫勉处理材料存入档案，影响期内不得提拔或重用',
  },
  {
    id: 'collective', name: '集体谈话', name_en: 'Collective talk', cadence_months: null, collective: 1,
    trigger_text: '换届、集中调整或重要节点时对一批干部集中开展',
    subject_kind: '一批领导干部', conducting_body: '党委（党组）、纪委监委主要负责人',
    cooperating_bodies: '组织部门、派驻纪检监察组', safeguards: '集体谈话前对重点对象开展一对一谈话，参会名单存档',
  },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('talk_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('trigger_text', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('conducting_body', 'text', (c) => c.notNull())
    .addColumn('cooperating_bodies', 'text', (c) => c.notNull())
    .addColumn('safeguards', 'text', (c) => c.notNull())
    .addColumn('cadence_months', 'integer')
    .addColumn('collective', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  const at = new Date().toISOString();
  await db.insertInto('talk_types').values(STANDARD_TALK_TYPES.map((t, i) => ({ ...t, sort_order: i + 1, updated_at: at, updated_by: null }))).execute();

  await db.schema
    .createTable('talks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('type_id', 'text', (c) => c.notNull().references('talk_types.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('talk_date', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('conductors', 'text', (c) => c.notNull())
    .addColumn('lead_conductor_id', 'text', (c) => c.references('officials.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('requirements', 'text')
    .addColumn('subject_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('subject_preview', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('talks_org_date').on('talks').columns(['org_id', 'talk_date']).execute();
  await db.schema.createIndex('talks_date').on('talks').columns(['talk_date', 'id']).execute();
  await db.schema.createIndex('talks_type_date').on('talks').columns(['type_id', 'status', 'talk_date']).execute();

  await db.schema
    .createTable('talk_subjects')
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('official_id', 'text', (c) => c.notNull().references('officials.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('principal', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('talk_subjects_pk', ['talk_id', 'official_id'])
    .execute();
  await db.schema.createIndex('talk_subjects_official').on('talk_subjects').columns(['official_id', 'talk_id']).execute();

  await db.schema
    .createTable('talk_problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('nature', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('talk_problems_talk').on('talk_problems').column('talk_id').execute();

  await db.schema
    .createTable('talk_followups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text')
    .addColumn('completion_note', 'text')
    .execute();
  await db.schema.createIndex('talk_followups_talk').on('talk_followups').column('talk_id').execute();
  await db.schema.createIndex('talk_followups_open').on('talk_followups').columns(['completed_on', 'deadline', 'id']).execute();

  await db.schema
    .createTable('talk_links')
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('preceding_id', 'text', (c) => c.notNull().references('talks.id'))
    .addPrimaryKeyConstraint('talk_links_pk', ['talk_id', 'preceding_id'])
    .execute();

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('official_id', 'text', (c) => c.notNull().references('officials.id'))
    .addColumn('official_org_id', 'text', (c) => c.notNull())
    .addColumn('needs_signature', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('reply_due', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply_text', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('signer_opinion', 'text')
    .addColumn('signed_on', 'text')
    .addColumn('assessment_reason', 'text')
    .addColumn('assessed_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiries_org_issued').on('inquiries').columns(['org_id', 'issued_on']).execute();
  await db.schema.createIndex('inquiries_issued').on('inquiries').columns(['issued_on', 'id']).execute();
  await db.schema.createIndex('inquiries_status_due').on('inquiries').columns(['status', 'reply_due', 'id']).execute();
  await db.schema.createIndex('inquiries_official').on('inquiries').columns(['official_id', 'issued_on']).execute();
  await db.schema.createIndex('inquiries_source').on('inquiries').columns(['source_type', 'source_id']).execute();

  await db.schema
    .createTable('inquiry_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('inquiry_events_inquiry').on('inquiry_events').columns(['inquiry_id', 'at']).execute();

  await db.schema
    .createTable('admonishments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('official_id', 'text', (c) => c.notNull().references('officials.id'))
    .addColumn('talk_id', 'text', (c) => c.references('talks.id'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('effect_until', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admonishments_org_decided').on('admonishments').columns(['org_id', 'decided_on']).execute();
  await db.schema.createIndex('admonishments_official').on('admonishments').columns(['official_id', 'decided_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['admonishments', 'inquiry_events', 'inquiries', 'talk_links', 'talk_followups', 'talk_problems', 'talk_subjects', 'talks', 'talk_types']) {
    await db.schema.dropTable(t).execute();
  }
}
