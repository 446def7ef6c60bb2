import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { orgInScope, recordInScope, pathInScope, type Scope } from '../../db/scope.js';
import { containsInsensitive, subtreeBounds } from '../../db/sql.js';
import type { CryptoBox } from '../../core/crypto.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { maskTail, openField, sealField, shredRecordKey } from '../../core/sealed.js';
import { nowIso, today, yearsBetween } from '../../core/time.js';
import type { z } from 'zod';
import type { FamilyInput, OfficialInput, OfficialListQuery, PostInput, updateOfficialBody, updatePostBody } from './schema.js';
import { getOrgRow } from './org-store.js';

type Q = Db | Trx;

export async function getOfficialRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('officials').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'officials.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Official');
  return row;
}

/** An organization named in a request body must be in scope; otherwise the field is wrong. */
async function orgForBody(db: Q, scope: Scope, orgId: string, field: string) {
  return getOrgRow(db, orgId, scope).catch(() => {
    throw badRequest('Unknown organization', field);
  });
}

export async function listOfficials(db: Db, scope: Scope, q: Omit<OfficialListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) {
  let base = db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id').where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (q.orgId) {
    const org = await getOrgRow(db, q.orgId, scope);
    if (q.subtree) {
      const { lo, hi } = subtreeBounds(org.path);
      base = base.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
    } else base = base.where('officials.org_id', '=', org.id);
  }
  if (q.q) {
    const needle = q.q;
    base = base.where(() => containsInsensitive('officials.search_text', needle));
  }
  const principalNow = (eb: ExpressionBuilder<DB, 'officials' | 'orgs'>) =>
    eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.official_id', '=', 'officials.id').where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null));
  if (q.principal !== undefined) base = base.where((eb) => (q.principal ? principalNow(eb) : eb.not(principalNow(eb))));
  const total = q.pageSize ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  const sortColumn = ({ name: 'officials.name', birthDate: 'officials.birth_date', updatedAt: 'officials.updated_at' } as const)[q.sort];
  const ordered = base
    .select([
      'officials.id', 'officials.name', 'officials.gender', 'officials.birth_date', 'officials.org_id', 'orgs.name as org_name',
      'officials.current_title', 'officials.updated_at',
    ])
    .orderBy(sortColumn, q.order)
    .orderBy('officials.id');
  // The principal flag is computed for the page's rows only, after the sort and the cut (an EXISTS
  // per row of the whole filtered set would cost as much as the set).
  const page = async (offset: number, limit: number) => {
    const rows = await db
      .selectFrom(ordered.limit(limit).offset(offset).as('page'))
      .selectAll('page')
      .select((eb) => eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.official_id', '=', 'page.id').where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null)).as('is_principal'))
      .orderBy(({ name: 'page.name', birthDate: 'page.birth_date', updatedAt: 'page.updated_at' } as const)[q.sort], q.order)
      .orderBy('page.id')
      .execute();
    return rows.map((r) => ({
      id: r.id, name: r.name, gender: r.gender, birthDate: r.birth_date, orgId: r.org_id, orgName: r.org_name,
      currentTitle: r.current_title, isPrincipal: Boolean(Number(r.is_principal)),
    }));
  };
  return { total, page };
}

export async function officialDetail(db: Db, scope: Scope, id: string) {
  // The official with its organization's name, scope checked on the joined path: one statement.
  const o = await db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id')
    .selectAll('officials').select('orgs.name as org_name')
    .where('officials.id', '=', id).where((eb) => pathInScope(eb, 'orgs.path', scope))
    .executeTakeFirst();
  if (!o) throw notFound('Official');
  // Posts and family together: on PostgreSQL the two round trips overlap.
  const [posts, family] = await Promise.all([
    db.selectFrom('posts').innerJoin('orgs', 'orgs.id', 'posts.org_id')
      .selectAll('posts').select('orgs.name as org_name')
      .where('posts.official_id', '=', id).orderBy('posts.start_date', 'desc').execute(),
    db.selectFrom('family_members').selectAll().where('official_id', '=', id).orderBy('relation').orderBy('name').execute(),
  ]);
  const t = today();
  return {
    id: o.id, name: o.name, gender: o.gender, birthDate: o.birth_date, ethnicity: o.ethnicity, education: o.education,
    partyMember: o.party_member === 1, idNumberMasked: maskTail(o.id_number_tail), orgId: o.org_id, orgName: o.org_name,
    currentTitle: o.current_title,
    posts: posts.map((p) => ({
      id: p.id, orgId: p.org_id, orgName: p.org_name, title: p.title, rank: p.rank, division: p.division,
      isTeamMember: p.is_team_member === 1, isPrincipal: p.is_principal === 1, isKeyPost: p.is_key_post === 1,
      startDate: p.start_date, endDate: p.end_date, tenureYears: yearsBetween(p.start_date, p.end_date ?? t),
    })),
    family: family.map((f) => ({
      id: f.id, relation: f.relation, name: f.name, idNumberMasked: maskTail(f.id_number_tail), employer: f.employer, position: f.position,
    })),
  };
}

export async function revealIdNumber(db: Db, crypto: CryptoBox, scope: Scope, id: string) {
  const o = await getOfficialRow(db, id, scope);
  return { official: o, idNumber: await openField(db, crypto, o.id, o.id_number_enc) };
}

export async function createOfficial(trx: Trx, crypto: CryptoBox, scope: Scope, b: OfficialInput, field = 'body.orgId') {
  await orgForBody(trx, scope, b.orgId, field);
  const id = newId();
  const now = nowIso();
  await trx.insertInto('officials').values({
    id, org_id: b.orgId, name: b.name, gender: b.gender, birth_date: b.birthDate ?? null, ethnicity: b.ethnicity ?? null,
    education: b.education ?? null, party_member: b.partyMember === false ? 0 : 1,
    id_number_enc: await sealField(trx, crypto, id, b.idNumber), id_number_tail: b.idNumber ? b.idNumber.slice(-4) : null,
    current_title: null, search_text: b.name, created_at: now, updated_at: now,
  }).execute();
  return id;
}

export async function updateOfficial(trx: Trx, crypto: CryptoBox, scope: Scope, id: string, b: z.infer<typeof updateOfficialBody>) {
  const o = await getOfficialRow(trx, id, scope);
  if (b.orgId) await orgForBody(trx, scope, b.orgId, 'body.orgId');
  await trx.updateTable('officials').set({
    ...(b.orgId !== undefined && { org_id: b.orgId }),
    ...(b.name !== undefined && { name: b.name, search_text: b.name }),
    ...(b.gender !== undefined && { gender: b.gender }),
    ...(b.birthDate !== undefined && { birth_date: b.birthDate }),
    ...(b.ethnicity !== undefined && { ethnicity: b.ethnicity }),
    ...(b.education !== undefined && { education: b.education }),
    ...(b.partyMember !== undefined && { party_member: b.partyMember ? 1 : 0 }),
    ...(b.idNumber !== undefined && {
      id_number_enc: await sealField(trx, crypto, id, b.idNumber),
      id_number_tail: b.idNumber ? b.idNumber.slice(-4) : null,
    }),
    updated_at: nowIso(),
  }).where('id', '=', id).execute();
  return o;
}

/** Whether the organization's team already has a current principal (other than `exceptPostId`). */
async function principalOf(db: Q, orgId: string, exceptPostId?: string) {
  let q = db.selectFrom('posts').select('id').where('org_id', '=', orgId).where('is_principal', '=', 1).where('end_date', 'is', null);
  if (exceptPostId) q = q.where('id', '!=', exceptPostId);
  return q.executeTakeFirst();
}

export async function addPost(trx: Trx, scope: Scope, officialId: string, b: PostInput, field = 'body') {
  const o = await getOfficialRow(trx, officialId, scope);
  await orgForBody(trx, scope, b.orgId, `${field}.orgId`);
  if (b.endDate && b.endDate < b.startDate) throw badRequest('End date is before start date', `${field}.endDate`);
  if (b.startDate > today()) throw badRequest('Start date is in the future', `${field}.startDate`);
  const current = !b.endDate;
  if (b.isPrincipal && current && (await principalOf(trx, b.orgId))) {
    throw conflict('This leadership team already has a principal (一把手); end that post first', `${field}.isPrincipal`);
  }
  const id = newId();
  const now = nowIso();
  await trx.insertInto('posts').values({
    id, official_id: o.id, org_id: b.orgId, title: b.title, rank: b.rank ?? null, division: b.division ?? null,
    is_team_member: b.isTeamMember ? 1 : 0, is_principal: b.isPrincipal ? 1 : 0, is_key_post: b.isKeyPost ? 1 : 0,
    start_date: b.startDate, end_date: b.endDate ?? null, created_at: now, updated_at: now,
  }).execute();
  if (current) await refreshCurrentPost(trx, o.id);
  return id;
}

export async function updatePost(trx: Trx, scope: Scope, officialId: string, postId: string, b: z.infer<typeof updatePostBody>) {
  const o = await getOfficialRow(trx, officialId, scope);
  const p = await trx.selectFrom('posts').selectAll().where('id', '=', postId).where('official_id', '=', o.id).executeTakeFirst();
  if (!p) throw notFound('Post');
  if (b.endDate && b.endDate < p.start_date) throw badRequest('End date is before start date', 'body.endDate');
  if (b.endDate === null && p.end_date && p.is_principal === 1 && (await principalOf(trx, p.org_id, p.id))) {
    throw conflict('This leadership team already has a principal (一把手)', 'body.endDate');
  }
  await trx.updateTable('posts').set({
    ...(b.title !== undefined && { title: b.title }),
    ...(b.rank !== undefined && { rank: b.rank }),
    ...(b.division !== undefined && { division: b.division }),
    ...(b.isKeyPost !== undefined && { is_key_post: b.isKeyPost ? 1 : 0 }),
    ...(b.endDate !== undefined && { end_date: b.endDate }),
    updated_at: nowIso(),
  }).where('id', '=', p.id).execute();
  await refreshCurrentPost(trx, o.id);
  return p;
}

/** The official's title and file-holding organization follow their latest current post. */
async function refreshCurrentPost(trx: Trx, officialId: string) {
  const cur = await trx
    .selectFrom('posts')
    .select(['title', 'org_id'])
    .where('official_id', '=', officialId)
    .where('end_date', 'is', null)
    .orderBy('is_principal', 'desc')
    .orderBy('start_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  await trx.updateTable('officials').set({
    current_title: cur?.title ?? null,
    ...(cur && { org_id: cur.org_id }),
    updated_at: nowIso(),
  }).where('id', '=', officialId).execute();
}

export async function addFamily(trx: Trx, crypto: CryptoBox, scope: Scope, officialId: string, b: FamilyInput) {
  const o = await getOfficialRow(trx, officialId, scope);
  const id = newId();
  const now = nowIso();
  await trx.insertInto('family_members').values({
    id, official_id: o.id, org_id: o.org_id, relation: b.relation, name: b.name,
    id_number_enc: await sealField(trx, crypto, id, b.idNumber), id_number_tail: b.idNumber ? b.idNumber.slice(-4) : null,
    employer: b.employer ?? null, position: b.position ?? null, created_at: now, updated_at: now,
  }).execute();
  return { id, official: o };
}

export async function removeFamily(trx: Trx, scope: Scope, officialId: string, familyId: string) {
  const o = await getOfficialRow(trx, officialId, scope);
  const deleted = await trx.deleteFrom('family_members').where('id', '=', familyId).where('official_id', '=', o.id).executeTakeFirst();
  if (!deleted.numDeletedRows) throw notFound('Family member');
  await shredRecordKey(trx, familyId);
  return o;
}

export async function countInScope(db: Db, scope: Scope) {
  const [orgs, officials, principals] = await Promise.all([
    db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirstOrThrow(),
    db.selectFrom('officials').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => orgInScope(eb, 'officials.org_id', scope)).executeTakeFirstOrThrow(),
    db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('is_principal', '=', 1).where('end_date', 'is', null)
      .where((eb) => orgInScope(eb, 'posts.org_id', scope)).executeTakeFirstOrThrow(),
  ]);
  return { orgs: Number(orgs.n), officials: Number(officials.n), principals: Number(principals.n) };
}

