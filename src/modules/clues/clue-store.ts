// Clues: registration, the scoped list/board/export query, the detail with its history, statistics.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { orgInScope, pathInScope, recordInScope, type Scope } from '../../db/scope.js';
import { fullTextMatches, subtreeBounds } from '../../db/sql.js';
import type { Dialect } from '../../db/index.js';
import { queryTerms } from '../../core/segment.js';
import { badRequest, notFound } from '../../core/errors.js';
import { newId, referenceCode } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { getOfficialRow, getOrgRow } from '../registry/index.js';
import { BOARD_COLUMNS, type ClueListQuery, type ClueSummary, type CreateClueInput } from './schema.js';
import { indexClue } from './petition-link.js';

type Q = Db | Trx;

/** A clue inside the scope; outside it, it does not exist (404). */
export async function getClueRow(db: Q, scope: Scope, id: string) {
  const row = await db.selectFrom('clues').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'clues.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Clue');
  return row;
}

/** An organization named in a body must be in scope; otherwise the field is wrong (400, not 404). */
export async function orgForBody(db: Q, scope: Scope, orgId: string, field: string) {
  return getOrgRow(db, orgId, scope).catch(() => {
    throw badRequest('Unknown organization', field);
  });
}

export async function addEvent(trx: Trx, clueId: string, actor: Pick<Actor, 'id' | 'displayName'> | null, action: string, detail: Record<string, unknown> = {}) {
  await trx.insertInto('clue_events').values({
    id: newId(), clue_id: clueId, at: nowIso(), actor_id: actor?.id ?? null, actor_name: actor?.displayName ?? '系统', action, detail: JSON.stringify(detail),
  }).execute();
}

/** The discipline commission that handles matters about an organization: the commission of the
 *  nearest region above it (a clue from a report about a county bureau goes to that county's
 *  commission); the organization itself when there is none in scope. */
export async function handlingBodyFor(db: Q, scope: Scope, orgId: string): Promise<string> {
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!org) return orgId;
  const ancestors = org.path.split('/').filter(Boolean);
  const commissions = await db.selectFrom('orgs').select(['id', 'parent_id']).where('kind', '=', 'commission')
    .where('parent_id', 'in', ancestors).where((eb) => pathInScope(eb, 'orgs.path', scope)).execute();
  const nearest = commissions.sort((a, b) => ancestors.indexOf(b.parent_id ?? '') - ancestors.indexOf(a.parent_id ?? ''))[0];
  return nearest?.id ?? orgId;
}

/** Like petition serials (referenceCode): 24 random bits collided within a year at a city's 30,000
 *  clues, 40 bits at a province's million. */
export function clueCode(id: string, receivedDate: string): string {
  return referenceCode('XS', id, receivedDate);
}

/** Subjects named in a body: officials and organizations in the caller's scope. */
async function subjectRows(trx: Trx, scope: Scope, clueId: string, subjects: CreateClueInput['subjects']) {
  const seen = new Set<string>();
  const rows: DB['clue_subjects'][] = [];
  for (const [i, s] of subjects.entries()) {
    if (seen.has(`${s.type}:${s.id}`)) continue;
    seen.add(`${s.type}:${s.id}`);
    const field = `body.subjects.${i}.id`;
    const orgId = s.type === 'official'
      ? (await getOfficialRow(trx, s.id, scope).catch(() => { throw badRequest('Unknown official', field); })).org_id
      : (await orgForBody(trx, scope, s.id, field)).id;
    rows.push({ clue_id: clueId, subject_type: s.type, subject_id: s.id, org_id: orgId });
  }
  return rows;
}

export interface NewClue {
  orgId: string;
  source: string;
  petitionId?: string | null;
  transferId?: string | null;
  summary: string;
  discipline: string;
  sector?: string | null;
  receivedDate: string;
}

/** Inserts a clue with already-checked subjects (also used when a transfer is received). */
export async function insertClue(trx: Trx, actor: Pick<Actor, 'id' | 'displayName'>, c: NewClue, subjects: Omit<DB['clue_subjects'], 'clue_id'>[], subjectNames: string[]) {
  const id = newId();
  const now = nowIso();
  const code = clueCode(id, c.receivedDate);
  await trx.insertInto('clues').values({
    id, org_id: c.orgId, code, source: c.source, petition_id: c.petitionId ?? null, transfer_id: c.transferId ?? null, summary: c.summary,
    discipline: c.discipline, sector: c.sector ?? null, received_date: c.receivedDate, state: 'registered', method: null, deadline: null,
    form: null, sanction: null, outcome: null, linked_type: null, linked_id: null,
    created_by: actor.id, created_at: now, updated_at: now, concluded_at: null,
  }).execute();
  if (subjects.length) await trx.insertInto('clue_subjects').values(subjects.map((s) => ({ ...s, clue_id: id }))).execute();
  await indexClue(trx, { id, orgId: c.orgId, code, summary: c.summary, subjectNames });
  await addEvent(trx, id, actor, 'create', { source: c.source, ...(c.petitionId && { petitionId: c.petitionId }), ...(c.transferId && { transferId: c.transferId }) });
  return { id, code };
}

export async function createClue(trx: Trx, scope: Scope, actor: Actor, b: CreateClueInput) {
  await orgForBody(trx, scope, b.orgId, 'body.orgId');
  if (b.receivedDate > today()) throw badRequest('The received date is in the future', 'body.receivedDate');
  if (!b.subjects.length) throw badRequest('Name at least one official or organization', 'body.subjects');
  if (b.source === 'report' && !b.petitionId) throw badRequest('A clue from a report names the report', 'body.petitionId');
  if (b.source !== 'report' && b.petitionId) throw badRequest('Only a clue from a report names a report', 'body.petitionId');
  const subjects = await subjectRows(trx, scope, '', b.subjects);
  const names = await subjectNames(trx, subjects);
  return insertClue(trx, actor, b, subjects, names);
}

async function subjectNames(db: Q, subjects: Omit<DB['clue_subjects'], 'clue_id'>[]) {
  const officials = subjects.filter((s) => s.subject_type === 'official').map((s) => s.subject_id);
  const orgs = subjects.filter((s) => s.subject_type === 'org').map((s) => s.subject_id);
  const [a, b] = await Promise.all([
    officials.length ? db.selectFrom('officials').select('name').where('id', 'in', officials).execute() : [],
    orgs.length ? db.selectFrom('orgs').select('name').where('id', 'in', orgs).execute() : [],
  ]);
  return [...a, ...b].map((r) => r.name);
}

// ---- the list, the board and the export share one scoped query

type ClueFilters = Omit<ClueListQuery, 'page' | 'pageSize' | 'sort' | 'order'>;
type ClueQuery = SelectQueryBuilder<DB, 'clues' | 'orgs', object>;

export async function clueQuery(db: Db, dialect: Dialect, scope: Scope, f: ClueFilters): Promise<ClueQuery> {
  let q = db.selectFrom('clues').innerJoin('orgs', 'orgs.id', 'clues.org_id').where((eb) => pathInScope(eb, 'orgs.path', scope)) as ClueQuery;
  if (f.orgId) {
    const org = await getOrgRow(db, f.orgId, scope);
    const { lo, hi } = subtreeBounds(org.path);
    q = q.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (f.state) q = q.where('clues.state', '=', f.state);
  if (f.method) q = q.where('clues.method', '=', f.method);
  if (f.source) q = q.where('clues.source', '=', f.source);
  if (f.discipline) q = q.where('clues.discipline', '=', f.discipline);
  if (f.form) q = q.where('clues.form', '=', f.form);
  if (f.petitionId) q = q.where('clues.petition_id', '=', f.petitionId);
  if (f.from) q = q.where('clues.received_date', '>=', f.from);
  if (f.to) q = q.where('clues.received_date', '<=', f.to);
  if (f.subjectId) {
    const subjectId = f.subjectId;
    // From the subject's index, not a correlated EXISTS over the whole list order.
    // (Both subject types named, so that the (subject_type, subject_id) index serves.)
    q = q.where('clues.id', 'in', (eb) => eb.selectFrom('clue_subjects').select('clue_subjects.clue_id')
      .where('clue_subjects.subject_type', 'in', ['official', 'org']).where('clue_subjects.subject_id', '=', subjectId));
  }
  if (f.overdue !== undefined) {
    const t = today();
    q = f.overdue
      ? q.where('clues.state', '=', 'disposing').where('clues.deadline', '<', t)
      : q.where((eb) => eb.or([eb('clues.state', '!=', 'disposing'), eb('clues.deadline', '>=', t)]));
  }
  if (f.q) {
    // Words found through the generic full-text index (segmented the same way as the summaries).
    const terms = queryTerms(f.q);
    q = q.where('clues.id', 'in', fullTextMatches(db, dialect, terms, ['clue']).select('search_docs.doc_id'));
  }
  return q;
}

const SORT = { receivedDate: 'clues.received_date', deadline: 'clues.deadline', updatedAt: 'clues.updated_at', code: 'clues.code' } as const;

export function selectSummaries(q: ClueQuery, sort: keyof typeof SORT, order: 'asc' | 'desc') {
  return q
    .select([
      'clues.id', 'clues.code', 'clues.org_id', 'orgs.name as org_name', 'clues.source', 'clues.summary', 'clues.discipline', 'clues.sector',
      'clues.received_date', 'clues.state', 'clues.method', 'clues.deadline', 'clues.form', 'clues.updated_at',
    ])
    .orderBy(SORT[sort], order)
    .orderBy('clues.id', order);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['execute']>>[number];

/** Adds the subjects (those the reader may see) of a page of clues: one query. */
export async function hydrate(db: Q, scope: Scope, rows: SummaryRow[]): Promise<ClueSummary[]> {
  const subjects = await subjectsOf(db, scope, rows.map((r) => r.id));
  const t = today();
  return rows.map((r) => ({
    id: r.id, code: r.code, orgId: r.org_id, orgName: r.org_name, source: r.source, summary: r.summary, discipline: r.discipline,
    sector: r.sector, receivedDate: r.received_date, state: r.state, method: r.method, deadline: r.deadline,
    overdue: r.state === 'disposing' && r.deadline !== null && r.deadline < t, form: r.form === null ? null : Number(r.form),
    subjects: subjects.get(r.id) ?? [], updatedAt: r.updated_at,
  }));
}

async function subjectsOf(db: Q, scope: Scope, clueIds: string[]) {
  const map = new Map<string, ClueSummary['subjects']>();
  if (!clueIds.length) return map;
  const rows = await db
    .selectFrom('clue_subjects')
    .innerJoin('orgs', 'orgs.id', 'clue_subjects.org_id')
    .leftJoin('officials', (j) => j.onRef('officials.id', '=', 'clue_subjects.subject_id').on('clue_subjects.subject_type', '=', 'official'))
    .select(['clue_subjects.clue_id', 'clue_subjects.subject_type', 'clue_subjects.subject_id', 'officials.name as official_name', 'orgs.name as org_name'])
    .where('clue_subjects.clue_id', 'in', clueIds)
    .where((eb) => pathInScope(eb, 'orgs.path', scope))
    .orderBy('clue_subjects.subject_type', 'desc')
    .execute();
  for (const r of rows) {
    const list = map.get(r.clue_id) ?? [];
    list.push({
      type: r.subject_type, id: r.subject_id, name: r.subject_type === 'official' ? (r.official_name ?? '') : r.org_name,
      orgName: r.subject_type === 'official' ? r.org_name : null,
    });
    map.set(r.clue_id, list);
  }
  return map;
}

export async function listClues(db: Db, dialect: Dialect, scope: Scope, q: ClueListQuery) {
  const base = await clueQuery(db, dialect, scope, q);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await selectSummaries(base, q.sort, q.order).limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { total, items: await hydrate(db, scope, rows) };
}

/** The board: one column per state, clues under disposal split by method; each column counted and its first clues shown. */
export async function clueBoard(db: Db, dialect: Dialect, scope: Scope, f: { orgId?: string; q?: string; limit: number }) {
  const base = await clueQuery(db, dialect, scope, { orgId: f.orgId, q: f.q });
  const columns = [];
  for (const key of BOARD_COLUMNS) {
    const q = key === 'registered' || key === 'proposed' || key === 'concluded'
      ? base.where('clues.state', '=', key)
      : base.where('clues.state', '=', 'disposing').where('clues.method', '=', key);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const sort = key === 'registered' || key === 'concluded' ? 'receivedDate' : 'deadline';
    const rows = await selectSummaries(q, sort, sort === 'deadline' ? 'asc' : 'desc').limit(f.limit).execute();
    columns.push({ key, total, items: await hydrate(db, scope, rows) });
  }
  return { columns };
}

export async function clueDetailRows(db: Db, scope: Scope, id: string) {
  const clue = await getClueRow(db, scope, id);
  const [org, summaryRows, disposals, events, consultations] = await Promise.all([
    db.selectFrom('orgs').select('name').where('id', '=', clue.org_id).executeTakeFirstOrThrow(),
    selectSummaries(db.selectFrom('clues').innerJoin('orgs', 'orgs.id', 'clues.org_id').where('clues.id', '=', id) as ClueQuery, 'code', 'asc').execute(),
    db.selectFrom('clue_disposals')
      .innerJoin('users as p', 'p.id', 'clue_disposals.proposed_by')
      .leftJoin('users as d', 'd.id', 'clue_disposals.decided_by')
      .selectAll('clue_disposals')
      .select(['p.display_name as proposer_name', 'd.display_name as decider_name'])
      .where('clue_disposals.clue_id', '=', id)
      .orderBy('clue_disposals.proposed_at', 'desc')
      .execute(),
    db.selectFrom('clue_events').selectAll().where('clue_id', '=', id).orderBy('at').orderBy('id').execute(),
    db.selectFrom('consultation_clues')
      .innerJoin('consultations', 'consultations.id', 'consultation_clues.consultation_id')
      .select(['consultations.id', 'consultations.meeting_date', 'consultations.title', 'consultation_clues.opinion'])
      .where('consultation_clues.clue_id', '=', id)
      .where((eb) => orgInScope(eb, 'consultations.org_id', scope))
      .orderBy('consultations.meeting_date', 'desc')
      .execute(),
  ]);
  const [summary] = await hydrate(db, scope, summaryRows);
  const from = clue.transfer_id
    ? await db.selectFrom('clue_transfers').innerJoin('orgs', 'orgs.id', 'clue_transfers.from_org_id')
      .select(['orgs.name', 'clue_transfers.sent_date', 'clue_transfers.note']).where('clue_transfers.id', '=', clue.transfer_id).executeTakeFirst()
    : undefined;
  const disposalViews = disposals.map((d) => ({
    id: d.id, method: d.method, deadline: d.deadline, reason: d.reason, status: d.status,
    proposedBy: { id: d.proposed_by, name: d.proposer_name }, proposedAt: d.proposed_at,
    decidedBy: d.decided_by ? { id: d.decided_by, name: d.decider_name ?? '' } : null, decidedAt: d.decided_at, decisionNote: d.decision_note,
  }));
  return {
    clue, orgName: org.name,
    detail: {
      ...summary,
      petitionId: clue.petition_id, transferId: clue.transfer_id,
      transferredFrom: from ? { orgName: from.name, sentDate: from.sent_date, note: from.note } : null, sanction: clue.sanction, outcome: clue.outcome,
      linkedType: clue.linked_type, linkedId: clue.linked_id, createdAt: clue.created_at, concludedAt: clue.concluded_at,
      pendingDisposal: disposalViews.find((d) => d.status === 'pending') ?? null,
      disposals: disposalViews,
      events: events.map((e) => ({ id: e.id, at: e.at, actorName: e.actor_name, action: e.action, detail: JSON.parse(e.detail) as Record<string, unknown> })),
      consultations: consultations.map((c) => ({ id: c.id, meetingDate: c.meeting_date, title: c.title, opinion: c.opinion })),
    },
  };
}

// ---- statistics (the four forms)

export async function clueStats(db: Db, dialect: Dialect, scope: Scope, f: { orgId?: string; from?: string; to?: string }) {
  const base = await clueQuery(db, dialect, scope, { orgId: f.orgId });
  const received = base.where('clues.received_date', '>=', f.from ?? '0000').where('clues.received_date', '<=', f.to ?? '9999');
  const concluded = base.where('clues.state', '=', 'concluded').where('clues.form', 'is not', null)
    .where('clues.concluded_at', '>=', f.from ?? '0000').where('clues.concluded_at', '<=', (f.to ?? '9999') + 'T99');
  const group = async (col: 'clues.state' | 'clues.method' | 'clues.source', q = received) =>
    (await q.select([col, (eb) => eb.fn.countAll<number>().as('n')]).groupBy(col).execute())
      .map((r) => ({ key: String((r as Record<string, unknown>)[col.slice(6)] ?? ''), count: Number(r.n) }))
      .filter((r) => r.key);
  const month = sql<string>`substr(clues.concluded_at, 1, 7)`;
  const [total, byForm, byState, byMethod, bySource, monthly, overdueDisposal, overdueFeedback] = await Promise.all([
    received.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    concluded.select(['clues.form', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('clues.form').execute(),
    group('clues.state'),
    group('clues.method', received.where('clues.method', 'is not', null)),
    group('clues.source'),
    concluded.select([month.as('month'), 'clues.form', (eb) => eb.fn.countAll<number>().as('n')]).groupBy([month, 'clues.form']).orderBy(month).execute(),
    base.where('clues.state', '=', 'disposing').where('clues.deadline', '<', today()).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('clue_transfers').where('clue_transfers.status', '!=', 'fed_back').where('clue_transfers.feedback_due', '<', today())
      .where((eb) => eb.or([orgInScope(eb, 'clue_transfers.to_org_id', scope), orgInScope(eb, 'clue_transfers.from_org_id', scope)]))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const months = new Map<string, { month: string; form1: number; form2: number; form3: number; form4: number }>();
  for (const r of monthly) {
    const m = months.get(r.month) ?? { month: r.month, form1: 0, form2: 0, form3: 0, form4: 0 };
    m[`form${Number(r.form)}` as 'form1'] += Number(r.n);
    months.set(r.month, m);
  }
  return {
    total: Number(total.n),
    byForm: [1, 2, 3, 4].map((form) => ({ form, count: Number(byForm.find((r) => Number(r.form) === form)?.n ?? 0) })),
    byState, byMethod, bySource,
    monthly: [...months.values()],
    overdue: { disposal: Number(overdueDisposal.n), feedback: Number(overdueFeedback.n) },
  };
}
