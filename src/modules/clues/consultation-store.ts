// Consultation meetings (会商研判): the bodies taking part, the clues discussed with an opinion on each,
// the conclusions and the tasks assigned.
import type { Db } from '../../db/index.js';
import { orgInScope, pathInScope, recordInScope, type Scope } from '../../db/scope.js';
import { badRequest, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { getOrgRow } from '../registry/index.js';
import { addEvent, getClueRow, orgForBody } from './clue-store.js';
import type { CreateConsultationInput } from './schema.js';

export async function createConsultation(trx: Trx, scope: Scope, actor: Actor, b: CreateConsultationInput) {
  await orgForBody(trx, scope, b.orgId, 'body.orgId');
  if (b.meetingDate > today()) throw badRequest('A meeting is recorded after it was held', 'body.meetingDate');
  if (!b.clues.length) throw badRequest('Name at least one clue discussed', 'body.clues');
  const participants = [...new Set(b.participantOrgIds)];
  for (const [i, orgId] of participants.entries()) await orgForBody(trx, scope, orgId, `body.participantOrgIds.${i}`);
  const clueIds = new Set<string>();
  for (const [i, c] of b.clues.entries()) {
    if (clueIds.has(c.clueId)) throw badRequest('The clue is listed twice', `body.clues.${i}.clueId`);
    await getClueRow(trx, scope, c.clueId).catch(() => { throw badRequest('Unknown clue', `body.clues.${i}.clueId`); });
    clueIds.add(c.clueId);
  }
  for (const [i, a] of b.assignments.entries()) await orgForBody(trx, scope, a.assigneeOrgId, `body.assignments.${i}.assigneeOrgId`);

  const id = newId();
  await trx.insertInto('consultations').values({
    id, org_id: b.orgId, meeting_date: b.meetingDate, title: b.title, other_participants: b.otherParticipants ?? null, conclusions: b.conclusions,
    created_by: actor.id, created_at: nowIso(),
  }).execute();
  if (participants.length) await trx.insertInto('consultation_orgs').values(participants.map((org_id) => ({ consultation_id: id, org_id }))).execute();
  await trx.insertInto('consultation_clues').values(b.clues.map((c) => ({ consultation_id: id, clue_id: c.clueId, opinion: c.opinion ?? null }))).execute();
  if (b.assignments.length) {
    await trx.insertInto('consultation_assignments').values(b.assignments.map((a) => ({
      id: newId(), consultation_id: id, task: a.task, assignee_org_id: a.assigneeOrgId, due_date: a.dueDate ?? null,
    }))).execute();
  }
  for (const c of b.clues) await addEvent(trx, c.clueId, actor, 'consult', { consultationId: id, title: b.title, meetingDate: b.meetingDate, ...(c.opinion && { opinion: c.opinion }) });
  return id;
}

/** Names of the participating bodies of a page of meetings (those the reader may see): one query. */
async function participantsOf(db: Db, scope: Scope, ids: string[]) {
  const map = new Map<string, string[]>();
  if (!ids.length) return map;
  const rows = await db.selectFrom('consultation_orgs').innerJoin('orgs', 'orgs.id', 'consultation_orgs.org_id')
    .select(['consultation_orgs.consultation_id', 'orgs.name']).where('consultation_orgs.consultation_id', 'in', ids)
    .where((eb) => pathInScope(eb, 'orgs.path', scope)).orderBy('orgs.name').execute();
  for (const r of rows) map.set(r.consultation_id, [...(map.get(r.consultation_id) ?? []), r.name]);
  return map;
}

/** Meetings held by bodies in scope, filtered, newest first: counted for a page, or paged through for an export. */
export async function consultationQuery(db: Db, scope: Scope, q: { orgId?: string; clueId?: string; from?: string; to?: string }) {
  let base = db.selectFrom('consultations').innerJoin('orgs', 'orgs.id', 'consultations.org_id').where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (q.orgId) base = base.where('consultations.org_id', '=', (await getOrgRow(db, q.orgId, scope)).id);
  if (q.clueId) {
    const clueId = (await getClueRow(db, scope, q.clueId)).id;
    base = base.where((eb) => eb.exists(eb.selectFrom('consultation_clues').select('consultation_clues.clue_id')
      .whereRef('consultation_clues.consultation_id', '=', 'consultations.id').where('consultation_clues.clue_id', '=', clueId)));
  }
  if (q.from) base = base.where('consultations.meeting_date', '>=', q.from);
  if (q.to) base = base.where('consultations.meeting_date', '<=', q.to);
  const sorted = base
    .select((eb) => [
      'consultations.id', 'consultations.org_id', 'orgs.name as org_name', 'consultations.meeting_date', 'consultations.title', 'consultations.conclusions',
      eb.selectFrom('consultation_clues').select((e) => e.fn.countAll<number>().as('n')).whereRef('consultation_clues.consultation_id', '=', 'consultations.id').as('clue_count'),
    ])
    .orderBy('consultations.meeting_date', 'desc').orderBy('consultations.id', 'desc');
  const hydrate = async (rows: Awaited<ReturnType<typeof sorted.execute>>) => {
    const participants = await participantsOf(db, scope, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, orgId: r.org_id, orgName: r.org_name, meetingDate: r.meeting_date, title: r.title, clueCount: Number(r.clue_count ?? 0),
      participants: participants.get(r.id) ?? [], conclusions: r.conclusions,
    }));
  };
  return { base, sorted, hydrate };
}

export async function listConsultations(db: Db, scope: Scope, q: { orgId?: string; clueId?: string; from?: string; to?: string; page: number; pageSize: number }) {
  const { base, sorted, hydrate } = await consultationQuery(db, scope, q);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const items = await hydrate(await sorted.limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute());
  return { total, items: items.map(({ conclusions: _, ...m }) => m) };
}

export async function consultationDetail(db: Db, scope: Scope, id: string) {
  const m = await db.selectFrom('consultations').innerJoin('orgs', 'orgs.id', 'consultations.org_id').selectAll('consultations').select('orgs.name as org_name')
    .where('consultations.id', '=', id).where((eb) => recordInScope(eb, 'consultations.org_id', scope)).executeTakeFirst();
  if (!m) throw notFound('Consultation');
  const [participants, clues, assignments] = await Promise.all([
    participantsOf(db, scope, [id]),
    db.selectFrom('consultation_clues').innerJoin('clues', 'clues.id', 'consultation_clues.clue_id')
      .select(['clues.id', 'clues.code', 'clues.summary', 'clues.state', 'consultation_clues.opinion'])
      .where('consultation_clues.consultation_id', '=', id).where((eb) => orgInScope(eb, 'clues.org_id', scope)).orderBy('clues.code').execute(),
    db.selectFrom('consultation_assignments').innerJoin('orgs', 'orgs.id', 'consultation_assignments.assignee_org_id')
      .select(['consultation_assignments.id', 'consultation_assignments.task', 'consultation_assignments.assignee_org_id', 'orgs.name', 'consultation_assignments.due_date'])
      .where('consultation_assignments.consultation_id', '=', id).orderBy('consultation_assignments.id').execute(),
  ]);
  return {
    id: m.id, orgId: m.org_id, orgName: m.org_name, meetingDate: m.meeting_date, title: m.title, clueCount: clues.length,
    participants: participants.get(id) ?? [], otherParticipants: m.other_participants, conclusions: m.conclusions, createdAt: m.created_at,
    clues: clues.map((c) => ({ id: c.id, code: c.code, summary: c.summary, state: c.state, opinion: c.opinion })),
    assignments: assignments.map((a) => ({ id: a.id, task: a.task, assigneeOrgId: a.assignee_org_id, assigneeOrgName: a.name, dueDate: a.due_date })),
  };
}
