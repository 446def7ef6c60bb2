// Talk records: scoped by the conducting body (talks.org_id); subjects must be officials in scope.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { orgInScope, recordInScope, type Scope } from '../../db/scope.js';
import { containsInsensitive, subtreeBounds } from '../../db/sql.js';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { getOrgRow } from '../registry/index.js';
import type { CreateTalk, TalkListQuery, UpdateTalk } from './schema.js';

type Q = Db | Trx;
const CHUNK = 500;
const PREVIEW = 5;

export async function getTalkRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('talks').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'talks.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Talk');
  return row;
}

export async function getTalkType(db: Q, typeId: string, field: string) {
  const t = await db.selectFrom('talk_types').selectAll().where('id', '=', typeId).executeTakeFirst();
  if (!t) throw badRequest('Unknown talk type', field);
  return t;
}

/** An organization named in a body must be in scope; otherwise the field is wrong (400, not 404). */
export async function orgForBody(db: Q, scope: Scope, orgId: string, field: string) {
  return getOrgRow(db, orgId, scope).catch(() => {
    throw badRequest('Unknown organization', field);
  });
}

const principalNow = (eb: ExpressionBuilder<DB, 'officials'>) =>
  eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.official_id', '=', 'officials.id').where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null));

/** The officials of a list, each in scope, in the list's order; names the first id that is not. */
export async function officialsInScope(db: Q, scope: Scope, ids: readonly string[], field: string) {
  const found = new Map<string, { id: string; name: string; org_id: string; current_title: string | null; principal: boolean }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('officials')
      .select((eb) => ['officials.id', 'officials.name', 'officials.org_id', 'officials.current_title', principalNow(eb).as('principal')])
      .where('officials.id', 'in', ids.slice(i, i + CHUNK))
      .where((eb) => orgInScope(eb, 'officials.org_id', scope))
      .execute();
    for (const r of rows) found.set(r.id, { ...r, principal: Boolean(Number(r.principal)) });
  }
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw badRequest('Not an official in your scope', `${field}.${missing}`);
  return ids.map((id) => found.get(id)!);
}

/** The lead conductor named in a body: an official in scope, else a 400 naming the field itself. */
async function checkLeadConductor(db: Q, scope: Scope, leadId: string) {
  await officialsInScope(db, scope, [leadId], 'body.leadConductorId').catch((e: unknown) => {
    throw e instanceof AppError && e.status === 400 ? badRequest(e.message, 'body.leadConductorId') : e;
  });
}

async function checkPreceding(db: Q, scope: Scope, ids: readonly string[], talkDate: string, selfId: string | null) {
  for (const [i, pid] of ids.entries()) {
    const field = `body.precedingTalkIds.${i}`;
    if (pid === selfId) throw badRequest('A talk cannot precede itself', field);
    const p = await db.selectFrom('talks').select(['mode', 'status', 'talk_date']).where('id', '=', pid)
      .where((eb) => recordInScope(eb, 'talks.org_id', scope)).executeTakeFirst();
    if (!p) throw badRequest('Unknown talk', field);
    if (p.mode !== 'individual') throw badRequest('Only a one-to-one talk can precede another talk', field);
    if (p.talk_date > talkDate) throw badRequest('The preceding talk is dated after this one', field);
  }
}

function checkDates(status: string, talkDate: string, field = 'body.talkDate') {
  if (status === 'held' && talkDate > today()) throw badRequest('A talk dated in the future cannot be recorded as held', field);
}

/** Adds subjects (skipping those already listed) and refreshes the count and the name preview. */
export async function addSubjects(trx: Trx, talkId: string, officials: { id: string; org_id: string; current_title: string | null; principal: boolean }[]) {
  const existing = new Set<string>();
  for (let i = 0; i < officials.length; i += CHUNK) {
    const rows = await trx.selectFrom('talk_subjects').select('official_id').where('talk_id', '=', talkId)
      .where('official_id', 'in', officials.slice(i, i + CHUNK).map((o) => o.id)).execute();
    rows.forEach((r) => existing.add(r.official_id));
  }
  const fresh = [...new Map(officials.filter((o) => !existing.has(o.id)).map((o) => [o.id, o])).values()];
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await trx.insertInto('talk_subjects').values(fresh.slice(i, i + CHUNK).map((o) => ({
      talk_id: talkId, official_id: o.id, org_id: o.org_id, title: o.current_title, principal: o.principal ? 1 : 0,
    }))).execute();
  }
  const count = await trx.selectFrom('talk_subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('talk_id', '=', talkId).executeTakeFirstOrThrow();
  const first = await trx.selectFrom('talk_subjects').innerJoin('officials', 'officials.id', 'talk_subjects.official_id')
    .select('officials.name').where('talk_subjects.talk_id', '=', talkId).orderBy('talk_subjects.principal', 'desc').orderBy('officials.name').limit(PREVIEW).execute();
  const n = Number(count.n);
  const preview = first.map((r) => r.name).join('、') + (n > PREVIEW ? ` 等${n}人` : '');
  await trx.updateTable('talks').set({ subject_count: n, subject_preview: preview, updated_at: nowIso() }).where('id', '=', talkId).execute();
  return { added: fresh.length, alreadyListed: officials.length - fresh.length, subjectCount: n };
}

async function writeProblems(trx: Trx, talkId: string, problems: CreateTalk['problems']) {
  if (problems.length) {
    await trx.insertInto('talk_problems').values(problems.map((p) => ({ id: newId(), talk_id: talkId, nature: p.nature, category: p.category, description: p.description }))).execute();
  }
}

async function writeFollowups(trx: Trx, talkId: string, orgId: string, talkDate: string, items: CreateTalk['followups'], field: string) {
  items.forEach((f, i) => {
    if (f.deadline < talkDate) throw badRequest('The deadline is before the talk', `${field}.${i}.deadline`);
  });
  if (items.length) {
    await trx.insertInto('talk_followups').values(items.map((f) => ({
      id: newId(), talk_id: talkId, org_id: orgId, content: f.content, deadline: f.deadline, completed_on: null, completion_note: null,
    }))).execute();
  }
}

export async function createTalk(trx: Trx, scope: Scope, actor: Actor, b: CreateTalk) {
  const type = await getTalkType(trx, b.typeId, 'body.typeId');
  if (b.mode === 'collective' && !type.collective) throw badRequest(`${type.name} is not held collectively`, 'body.mode');
  await orgForBody(trx, scope, b.orgId, 'body.orgId');
  checkDates(b.status, b.talkDate);
  const subjectIds = [...new Set(b.subjectIds)];
  if (b.mode === 'individual' && subjectIds.length !== 1) throw badRequest('A one-to-one talk has exactly one subject', 'body.subjectIds');
  const subjects = await officialsInScope(trx, scope, subjectIds, 'body.subjectIds');
  if (b.leadConductorId) await checkLeadConductor(trx, scope, b.leadConductorId);
  await checkPreceding(trx, scope, b.precedingTalkIds, b.talkDate, null);
  const id = newId();
  const now = nowIso();
  await trx.insertInto('talks').values({
    id, org_id: b.orgId, type_id: b.typeId, mode: b.mode, status: b.status, talk_date: b.talkDate, place: b.place ?? null,
    conductors: b.conductors, lead_conductor_id: b.leadConductorId ?? null, topic: b.topic, summary: b.summary ?? null,
    requirements: b.requirements ?? null, subject_count: 0, subject_preview: '', created_by: actor.id, created_at: now, updated_at: now,
  }).execute();
  await addSubjects(trx, id, subjects);
  await writeProblems(trx, id, b.problems);
  await writeFollowups(trx, id, b.orgId, b.talkDate, b.followups, 'body.followups');
  const preceding = [...new Set(b.precedingTalkIds)];
  if (preceding.length) await trx.insertInto('talk_links').values(preceding.map((p) => ({ talk_id: id, preceding_id: p }))).execute();
  return id;
}

export async function updateTalk(trx: Trx, scope: Scope, id: string, b: UpdateTalk) {
  const t = await getTalkRow(trx, id, scope);
  const status = b.status ?? t.status;
  const talkDate = b.talkDate ?? t.talk_date;
  checkDates(status, talkDate, b.talkDate ? 'body.talkDate' : 'body.status');
  if (b.precedingTalkIds) {
    await checkPreceding(trx, scope, b.precedingTalkIds, talkDate, id);
    await trx.deleteFrom('talk_links').where('talk_id', '=', id).execute();
    const preceding = [...new Set(b.precedingTalkIds)];
    if (preceding.length) await trx.insertInto('talk_links').values(preceding.map((p) => ({ talk_id: id, preceding_id: p }))).execute();
  }
  if (b.problems) {
    await trx.deleteFrom('talk_problems').where('talk_id', '=', id).execute();
    await writeProblems(trx, id, b.problems);
  }
  if (b.addFollowups) await writeFollowups(trx, id, t.org_id, talkDate, b.addFollowups, 'body.addFollowups');
  if (b.leadConductorId) await checkLeadConductor(trx, scope, b.leadConductorId);
  await trx.updateTable('talks').set({
    status, talk_date: talkDate,
    ...(b.place !== undefined && { place: b.place }),
    ...(b.conductors !== undefined && { conductors: b.conductors }),
    ...(b.leadConductorId !== undefined && { lead_conductor_id: b.leadConductorId }),
    ...(b.topic !== undefined && { topic: b.topic }),
    ...(b.summary !== undefined && { summary: b.summary }),
    ...(b.requirements !== undefined && { requirements: b.requirements }),
    updated_at: nowIso(),
  }).where('id', '=', id).execute();
  return t;
}

export async function completeFollowup(trx: Trx, scope: Scope, talkId: string, followupId: string, completedOn: string, note: string | null | undefined) {
  const t = await getTalkRow(trx, talkId, scope);
  if (completedOn > today()) throw badRequest('The completion date is in the future', 'body.completedOn');
  const res = await trx.updateTable('talk_followups').set({ completed_on: completedOn, completion_note: note ?? null })
    .where('id', '=', followupId).where('talk_id', '=', t.id).executeTakeFirst();
  if (!Number(res.numUpdatedRows)) throw notFound('Follow-up item');
  return t;
}

export function listTalks(db: Db, scope: Scope, q: Omit<TalkListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }, orgPath: string | null) {
  let base = db.selectFrom('talks')
    .innerJoin('orgs', 'orgs.id', 'talks.org_id')
    .innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
    .where((eb) => orgInScope(eb, 'talks.org_id', scope));
  if (orgPath) {
    const { lo, hi } = subtreeBounds(orgPath);
    base = base.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (q.typeId) base = base.where('talks.type_id', '=', q.typeId);
  if (q.mode) base = base.where('talks.mode', '=', q.mode);
  if (q.status) base = base.where('talks.status', '=', q.status);
  if (q.from) base = base.where('talks.talk_date', '>=', q.from);
  if (q.to) base = base.where('talks.talk_date', '<=', q.to);
  if (q.officialId) {
    const oid = q.officialId;
    // From the subject's index, not a correlated EXISTS over the whole list order.
    base = base.where('talks.id', 'in', (eb) => eb.selectFrom('talk_subjects').select('talk_subjects.talk_id').where('talk_subjects.official_id', '=', oid));
  }
  if (q.q) {
    const needle = q.q;
    base = base.where((eb) => eb.or([containsInsensitive('talks.topic', needle), containsInsensitive('talks.subject_preview', needle)]));
  }
  const sortColumn = ({ talkDate: 'talks.talk_date', subjectCount: 'talks.subject_count', createdAt: 'talks.created_at' } as const)[q.sort];
  let rows = base
    .select([
      'talks.id', 'talks.type_id', 'talk_types.name as type_name', 'talks.mode', 'talks.status', 'talks.talk_date', 'talks.org_id',
      'orgs.name as org_name', 'talks.topic', 'talks.conductors', 'talks.subject_count', 'talks.subject_preview',
    ])
    .orderBy(sortColumn, q.order)
    .orderBy('talks.id', q.order);
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  return {
    count: async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    query: rows,
    map: (r: { id: string; type_id: string; type_name: string; mode: string; status: string; talk_date: string; org_id: string; org_name: string; topic: string; conductors: string; subject_count: number; subject_preview: string }) => ({
      id: r.id, typeId: r.type_id, typeName: r.type_name, mode: r.mode, status: r.status, talkDate: r.talk_date, orgId: r.org_id,
      orgName: r.org_name, topic: r.topic, conductors: r.conductors, subjectCount: Number(r.subject_count), firstSubjects: r.subject_preview,
    }),
  };
}

export async function orgPathFilter(db: Db, scope: Scope, orgId: string | undefined) {
  return orgId ? (await getOrgRow(db, orgId, scope)).path : null;
}

export async function listSubjects(db: Db, talkId: string, q: { q?: string; page?: number; pageSize?: number }) {
  let base = db.selectFrom('talk_subjects')
    .innerJoin('officials', 'officials.id', 'talk_subjects.official_id')
    .innerJoin('orgs', 'orgs.id', 'talk_subjects.org_id')
    .where('talk_subjects.talk_id', '=', talkId);
  if (q.q) {
    const needle = q.q;
    base = base.where(() => containsInsensitive('officials.search_text', needle));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let rows = base.select(['talk_subjects.official_id', 'officials.name', 'talk_subjects.org_id', 'orgs.name as org_name', 'talk_subjects.title', 'talk_subjects.principal'])
    .orderBy('talk_subjects.principal', 'desc').orderBy('orgs.name').orderBy('officials.name').orderBy('talk_subjects.official_id');
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  const items = (await rows.execute()).map((r) => ({
    officialId: r.official_id, name: r.name, orgId: r.org_id, orgName: r.org_name, title: r.title, principal: r.principal === 1,
  }));
  return { total, items };
}

export async function talkDetail(db: Db, scope: Scope, id: string) {
  // The lead conductor's name comes with the record (validated in scope when it was set).
  const t = await db.selectFrom('talks').leftJoin('officials as lead', 'lead.id', 'talks.lead_conductor_id')
    .selectAll('talks').select('lead.name as lead_conductor_name')
    .where('talks.id', '=', id).where((eb) => recordInScope(eb, 'talks.org_id', scope)).executeTakeFirst();
  if (!t) throw notFound('Talk');
  const [type, org, subjects, problems, followups, preceding] = await Promise.all([
    db.selectFrom('talk_types').select('name').where('id', '=', t.type_id).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select('name').where('id', '=', t.org_id).executeTakeFirstOrThrow(),
    listSubjects(db, id, { page: 1, pageSize: 50 }),
    db.selectFrom('talk_problems').selectAll().where('talk_id', '=', id).orderBy('id').execute(),
    db.selectFrom('talk_followups').selectAll().where('talk_id', '=', id).orderBy('deadline').orderBy('id').execute(),
    db.selectFrom('talk_links').innerJoin('talks', 'talks.id', 'talk_links.preceding_id').innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
      .select(['talks.id', 'talk_types.name as type_name', 'talks.talk_date', 'talks.topic'])
      .where('talk_links.talk_id', '=', id).where((eb) => orgInScope(eb, 'talks.org_id', scope)).orderBy('talks.talk_date').execute(),
  ]);
  const d = today();
  return {
    id: t.id, typeId: t.type_id, typeName: type.name, mode: t.mode, status: t.status, talkDate: t.talk_date, orgId: t.org_id, orgName: org.name,
    topic: t.topic, conductors: t.conductors, subjectCount: Number(t.subject_count), firstSubjects: t.subject_preview,
    place: t.place, leadConductorId: t.lead_conductor_id, leadConductorName: t.lead_conductor_name, summary: t.summary, requirements: t.requirements,
    subjects: subjects.items,
    problems: problems.map((p) => ({ id: p.id, nature: p.nature, category: p.category, description: p.description })),
    followups: followups.map((f) => ({
      id: f.id, content: f.content, deadline: f.deadline, completedOn: f.completed_on, completionNote: f.completion_note, overdue: !f.completed_on && f.deadline < d,
    })),
    preceding: preceding.map((p) => ({ id: p.id, typeName: p.type_name, talkDate: p.talk_date, topic: p.topic })),
    createdAt: t.created_at, updatedAt: t.updated_at,
  };
}
