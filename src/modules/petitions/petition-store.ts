// Reports (信访举报件): intake, list, detail, status and matters. The reporter's identity is sealed
// with the report's own key and is never selected by a list, an export or a search.
import type { CryptoBox } from '../../core/crypto.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId, referenceCode } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { freshKey } from '../../core/sealed.js';
import { nowIso, today } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { orgInScope, recordInScope, pathInScope, type Scope } from '../../db/scope.js';
import { indexDocuments } from '../../db/search.js';
import { containsInsensitive, subtreeBounds } from '../../db/sql.js';
import { classify } from './classify.js';
import type { Channel, CreatePetitionInput, Discipline, PetitionListQuery, PetitionStatus, Sector, SubjectRole } from './schema.js';

type Q = Db | Trx;
export const DOC_TYPE = 'petition';

/** A report's text as one document: what is classified, indexed for search and compared for repeats. */
export function reportText(r: { summary: string; content: string }): string {
  return `${r.summary}\n${r.content}`;
}

export async function getPetitionRow(db: Q, scope: Scope, id: string) {
  const row = await db.selectFrom('petitions').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'petitions.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Report');
  return row;
}

async function orgInScopeOrBad(db: Q, scope: Scope, orgId: string, field: string) {
  const org = await db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', '=', orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
  if (!org) throw badRequest('Unknown organization', field);
  return org;
}

export interface SubjectRow { subject_type: 'official' | 'org'; subject_id: string; org_id: string; role: string }

/** The officials and organizations a report names, each checked to be in scope, with the official's
 *  standing now (principal / team member), which the 一把手 analysis keeps as it was on intake. */
export async function resolveSubjects(db: Q, scope: Scope, s: { officialIds: string[]; orgIds: string[] }, field = 'body.subjects'): Promise<SubjectRow[]> {
  const officialIds = [...new Set(s.officialIds)];
  const orgIds = [...new Set(s.orgIds)];
  if (!officialIds.length && !orgIds.length) throw badRequest('Name at least one official or organization', `${field}.officialIds`);
  const out: SubjectRow[] = [];
  if (officialIds.length) {
    const officials = await db.selectFrom('officials').select(['id', 'org_id']).where('id', 'in', officialIds)
      .where((eb) => orgInScope(eb, 'officials.org_id', scope)).execute();
    if (officials.length !== officialIds.length) throw badRequest('Unknown official', `${field}.officialIds`);
    const posts = await db.selectFrom('posts').select(['official_id', 'is_principal', 'is_team_member']).where('official_id', 'in', officialIds)
      .where('end_date', 'is', null).execute();
    for (const o of officials) {
      const mine = posts.filter((p) => p.official_id === o.id);
      const role = mine.some((p) => p.is_principal === 1) ? 'principal' : mine.some((p) => p.is_team_member === 1) ? 'team_member' : 'official';
      out.push({ subject_type: 'official', subject_id: o.id, org_id: o.org_id, role });
    }
  }
  if (orgIds.length) {
    const orgs = await db.selectFrom('orgs').select('id').where('id', 'in', orgIds).where((eb) => pathInScope(eb, 'orgs.path', scope)).execute();
    if (orgs.length !== orgIds.length) throw badRequest('Unknown organization', `${field}.orgIds`);
    for (const o of orgs) out.push({ subject_type: 'org', subject_id: o.id, org_id: o.id, role: 'org' });
  }
  return out;
}

export function serialFor(id: string, receivedAt: string): string {
  return referenceCode('XF', id, receivedAt);
}

/** A matter for one report about to join it (counted already: open, one report on its day). */
async function newMatter(trx: Trx, orgId: string, title: string, receivedAt: string): Promise<string> {
  const id = newId();
  const now = nowIso();
  await trx.insertInto('petition_matters').values({
    id, org_id: orgId, title, status: 'open', report_count: 1, first_received_at: receivedAt, last_received_at: receivedAt, closed_at: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

/** Recounts a matter after a report joins or leaves it; an emptied matter is deleted; a matter is
 *  closed when all its reports are closed and open again when one is not. */
export async function refreshMatter(trx: Trx, matterId: string): Promise<void> {
  const s = await trx.selectFrom('petitions')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'), eb.fn.min('received_at').as('first'), eb.fn.max('received_at').as('last'),
      eb.fn.sum<number>(eb.case().when('status', '!=', 'closed').then(1).else(0).end()).as('open'), eb.fn.max('closed_at').as('closed'),
    ])
    .where('matter_id', '=', matterId).executeTakeFirstOrThrow();
  if (!Number(s.n)) {
    await trx.deleteFrom('petition_matters').where('id', '=', matterId).execute();
    return;
  }
  const open = Number(s.open) > 0;
  await trx.updateTable('petition_matters').set({
    report_count: Number(s.n), first_received_at: String(s.first), last_received_at: String(s.last),
    status: open ? 'open' : 'closed', closed_at: open ? null : String(s.closed), updated_at: nowIso(),
  }).where('id', '=', matterId).execute();
}

export async function getMatterRow(db: Q, scope: Scope, id: string, field?: string) {
  const m = await db.selectFrom('petition_matters').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'petition_matters.org_id', scope)).executeTakeFirst();
  if (!m) throw field ? badRequest('Unknown matter', field) : notFound('Matter');
  return m;
}

export interface Reporter { name: string; idNumber?: string | null; contact?: string | null }

/** Checks a new report and everything it names; returns the values to write. */
export async function checkPetition(db: Q, scope: Scope, b: CreatePetitionInput, field = 'body') {
  await orgInScopeOrBad(db, scope, b.orgId, `${field}.orgId`);
  if (b.receivedAt > today()) throw badRequest('Received date is in the future', `${field}.receivedAt`);
  if (!b.anonymous && !b.reporter) throw badRequest('A named report needs the reporter', `${field}.reporter`);
  const subjects = await resolveSubjects(db, scope, b.subjects, `${field}.subjects`);
  if (b.matterId) await getMatterRow(db, scope, b.matterId, `${field}.matterId`);
  const auto = classify(reportText(b));
  return { subjects, discipline: (b.discipline ?? auto.discipline) as Discipline, sector: (b.sector ?? auto.sector) as Sector };
}

export async function createPetition(trx: Trx, crypto: CryptoBox, scope: Scope, actorId: string, b: CreatePetitionInput, field = 'body') {
  const { subjects, discipline, sector } = await checkPetition(trx, scope, b, field);
  const id = newId();
  const now = nowIso();
  const matterId = b.matterId ?? (await newMatter(trx, b.orgId, b.summary, b.receivedAt));
  // Identity only when named; sealed with this report's key, so shredding the key shreds it.
  const reporter = b.anonymous ? null : b.reporter ?? null;
  const key = reporter ? freshKey(crypto, id) : null; // the id was minted above: no key can exist yet
  if (key) await trx.insertInto('record_keys').values(key.row).execute();
  const serial = serialFor(id, b.receivedAt);
  await trx.insertInto('petitions').values({
    id, org_id: b.orgId, matter_id: matterId, serial, channel: b.channel, received_at: b.receivedAt, anonymous: b.anonymous ? 1 : 0,
    reporter_name_enc: key?.seal(reporter?.name) ?? null,
    reporter_id_enc: key?.seal(reporter?.idNumber) ?? null,
    reporter_id_tail: reporter?.idNumber ? reporter.idNumber.slice(-4) : null,
    reporter_contact_enc: key?.seal(reporter?.contact) ?? null,
    reporter_contact_tail: reporter?.contact ? reporter.contact.slice(-2) : null,
    summary: b.summary, content: b.content, discipline, sector, status: 'registered', result: null, created_by: actorId,
    closed_at: null, created_at: now, updated_at: now,
  }).execute();
  await trx.insertInto('petition_subjects').values(subjects.map((s) => ({ petition_id: id, ...s, received_at: b.receivedAt }))).execute();
  if (b.matterId) await refreshMatter(trx, matterId); // a new matter was created counting this report
  await indexDocuments(trx, [{ type: DOC_TYPE, id, orgId: b.orgId, text: reportText(b) }]);
  return { id, serial, matterId, discipline, sector, subjects };
}

export async function listPetitions(db: Db, scope: Scope, q: Omit<PetitionListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) {
  let base = db.selectFrom('petitions')
    .innerJoin('orgs', 'orgs.id', 'petitions.org_id')
    .innerJoin('petition_matters', 'petition_matters.id', 'petitions.matter_id')
    .where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
    // A filter on an organization outside scope is an empty page, as if it did not exist.
    const { lo, hi } = org ? subtreeBounds(org.path) : { lo: '1', hi: '0' };
    base = base.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (q.officialId) {
    const officialId = q.officialId;
    // From the subject's index (a correlated EXISTS walked the whole list order to find one person's few).
    base = base.where('petitions.id', 'in', (eb) => eb.selectFrom('petition_subjects').select('petition_subjects.petition_id')
      .where('subject_type', '=', 'official').where('subject_id', '=', officialId));
  }
  if (q.leaders) {
    base = base.where((eb) => eb.exists(eb.selectFrom('petition_subjects').select('petition_subjects.petition_id')
      .whereRef('petition_subjects.petition_id', '=', 'petitions.id').where('role', 'in', ['principal', 'team_member'])));
  }
  if (q.matterId) base = base.where('petitions.matter_id', '=', q.matterId);
  if (q.status) base = base.where('petitions.status', '=', q.status);
  if (q.channel) base = base.where('petitions.channel', '=', q.channel);
  if (q.discipline) base = base.where('petitions.discipline', '=', q.discipline);
  if (q.sector) base = base.where('petitions.sector', '=', q.sector);
  if (q.from) base = base.where('petitions.received_at', '>=', q.from);
  if (q.to) base = base.where('petitions.received_at', '<=', q.to);
  if (q.q) {
    const needle = q.q;
    base = base.where((eb) => eb.or([containsInsensitive('petitions.summary', needle), eb('petitions.serial', '=', needle.toUpperCase())]));
  }
  const total = q.pageSize ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  const sortColumn = ({ receivedAt: 'petitions.received_at', serial: 'petitions.serial', status: 'petitions.status', discipline: 'petitions.discipline' } as const)[q.sort];
  let query = base.select(ITEM_COLUMNS).orderBy(sortColumn, q.order).orderBy('petitions.id', q.order);
  if (q.pageSize) query = query.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  return { total, query };
}

// Never the reporter's columns: lists, exports and searches select only these.
export const ITEM_COLUMNS = [
  'petitions.id', 'petitions.serial', 'petitions.org_id', 'orgs.name as org_name', 'petitions.channel', 'petitions.received_at',
  'petitions.anonymous', 'petitions.summary', 'petitions.discipline', 'petitions.sector', 'petitions.status', 'petitions.matter_id',
  'petition_matters.report_count',
] as const;

export interface ItemRow {
  id: string; serial: string; org_id: string; org_name: string; channel: string; received_at: string; anonymous: number; summary: string;
  discipline: string; sector: string; status: string; matter_id: string; report_count: number;
}

/** The subjects of a page of reports, with names, in two queries. */
export async function subjectsOf(db: Q, petitionIds: string[]) {
  const out = new Map<string, { type: 'official' | 'org'; id: string; name: string; orgName: string; role: SubjectRole }[]>();
  if (!petitionIds.length) return out;
  const rows = await db.selectFrom('petition_subjects')
    .innerJoin('orgs', 'orgs.id', 'petition_subjects.org_id')
    .leftJoin('officials', (j) => j.onRef('officials.id', '=', 'petition_subjects.subject_id').on('petition_subjects.subject_type', '=', 'official'))
    .select(['petition_subjects.petition_id', 'petition_subjects.subject_type', 'petition_subjects.subject_id', 'petition_subjects.role', 'orgs.name as org_name', 'officials.name as official_name'])
    .where('petition_subjects.petition_id', 'in', petitionIds)
    .orderBy('petition_subjects.petition_id').orderBy('petition_subjects.subject_type', 'desc')
    .execute();
  for (const r of rows) {
    const list = out.get(r.petition_id) ?? [];
    list.push({
      type: r.subject_type as 'official' | 'org', id: r.subject_id, name: r.subject_type === 'official' ? r.official_name ?? '' : r.org_name,
      orgName: r.org_name, role: r.role as SubjectRole,
    });
    out.set(r.petition_id, list);
  }
  return out;
}

export async function toItems(db: Q, rows: ItemRow[]) {
  const subjects = await subjectsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, serial: r.serial, orgId: r.org_id, orgName: r.org_name, channel: r.channel as Channel, receivedAt: r.received_at, anonymous: r.anonymous === 1,
    summary: r.summary, discipline: r.discipline as Discipline, sector: r.sector as Sector, status: r.status as PetitionStatus, matterId: r.matter_id, matterReportCount: Number(r.report_count),
    subjects: subjects.get(r.id) ?? [],
  }));
}

export async function petitionItemsByIds(db: Q, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('petitions')
    .innerJoin('orgs', 'orgs.id', 'petitions.org_id')
    .innerJoin('petition_matters', 'petition_matters.id', 'petitions.matter_id')
    .select(ITEM_COLUMNS).where('petitions.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return toItems(db, ids.map((i) => byId.get(i)).filter((r): r is ItemRow => Boolean(r)));
}

const ALLOWED: Record<PetitionStatus, PetitionStatus[]> = {
  registered: ['processing', 'to_clue', 'closed'],
  processing: ['to_clue', 'closed'],
  to_clue: ['processing', 'closed'],
  closed: ['processing'],
};

export async function setStatus(trx: Trx, scope: Scope, id: string, status: PetitionStatus, result: string | null | undefined) {
  const p = await getPetitionRow(trx, scope, id);
  const from = p.status as PetitionStatus;
  if (!ALLOWED[from].includes(status)) throw conflict(`A report in state ${from} cannot move to ${status}`, 'body.status');
  if (status === 'closed' && !result && !p.result) throw badRequest('Closing a report needs its result', 'body.result');
  await trx.updateTable('petitions').set({
    status, ...(result !== undefined && { result }), closed_at: status === 'closed' ? nowIso() : null, updated_at: nowIso(),
  }).where('id', '=', id).execute();
  await refreshMatter(trx, p.matter_id);
  return { before: p, from };
}

/** Files a report under another matter (a repeat), or, with null, splits it into a matter of its own. */
export async function linkMatter(trx: Trx, scope: Scope, id: string, matterId: string | null) {
  const p = await getPetitionRow(trx, scope, id);
  if (matterId === p.matter_id) return p;
  const target = matterId ? (await getMatterRow(trx, scope, matterId, 'body.matterId')).id : await newMatter(trx, p.org_id, p.summary, p.received_at);
  await trx.updateTable('petitions').set({ matter_id: target, updated_at: nowIso() }).where('id', '=', id).execute();
  await refreshMatter(trx, target);
  await refreshMatter(trx, p.matter_id);
  return { ...p, matter_id: target, previous_matter_id: p.matter_id };
}

export async function matterReports(db: Q, matterId: string, limit = 100) {
  return db.selectFrom('petitions').select(['id', 'serial', 'received_at', 'summary', 'status']).where('matter_id', '=', matterId)
    .orderBy('received_at').orderBy('id').limit(limit).execute();
}
