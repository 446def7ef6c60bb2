// Written inquiries (函询): issued by a body in scope to an official in scope → replied in writing →
// (for a team member) the 一把手's signed opinion → assessed. Every step is kept in inquiry_events.
import type { Db } from '../../db/index.js';
import { orgInScope, recordInScope, type Scope } from '../../db/scope.js';
import { subtreeBounds } from '../../db/sql.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { addWorkingDays, nowIso, today } from '../../core/time.js';
import type { InquiryTable } from '../../db/tables/talks.js';
import { getOrgRow } from '../registry/index.js';
import type { z } from 'zod';
import { TRIVIAL_OPINIONS, type assessBody, type InquiryListQuery, type issueBody, type replyBody, type signBody } from './schema.js';

type Q = Db | Trx;

export async function getInquiryRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('inquiries').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'inquiries.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Inquiry');
  return row;
}

async function event(trx: Trx, inquiryId: string, actor: Actor, from: string | null, to: string, note: string | null, at = nowIso()) {
  await trx.insertInto('inquiry_events').values({ id: newId(), inquiry_id: inquiryId, at, actor_id: actor.id, actor_name: actor.displayName, from_status: from, to_status: to, note }).execute();
}

function notFuture(d: string, field: string) {
  if (d > today()) throw badRequest('The date is in the future', field);
}

export async function issueInquiry(trx: Trx, scope: Scope, actor: Actor, b: z.infer<typeof issueBody>) {
  await getOrgRow(trx, b.orgId, scope).catch(() => {
    throw badRequest('Unknown organization', 'body.orgId');
  });
  const official = await trx.selectFrom('officials').select(['id', 'org_id']).where('id', '=', b.officialId)
    .where((eb) => recordInScope(eb, 'officials.org_id', scope)).executeTakeFirst();
  if (!official) throw badRequest('Not an official in your scope', 'body.officialId');
  notFuture(b.issuedOn, 'body.issuedOn');
  if (Boolean(b.sourceType) !== Boolean(b.sourceId)) throw badRequest('Give both the source type and the source id, or neither', b.sourceType ? 'body.sourceId' : 'body.sourceType');
  const posts = await trx.selectFrom('posts').select(['is_principal', 'is_team_member']).where('official_id', '=', official.id).where('end_date', 'is', null).execute();
  // A team member who is not the 一把手 answers through the 一把手, who signs an opinion.
  const needsSignature = posts.some((p) => p.is_team_member === 1) && !posts.some((p) => p.is_principal === 1);
  const id = newId();
  const now = nowIso();
  await trx.insertInto('inquiries').values({
    id, org_id: b.orgId, official_id: official.id, official_org_id: official.org_id, needs_signature: needsSignature ? 1 : 0,
    source_type: b.sourceType ?? null, source_id: b.sourceId ?? null, matter: b.matter, issued_on: b.issuedOn,
    reply_due: addWorkingDays(b.issuedOn, b.replyWorkingDays), status: 'issued', reply_text: null, replied_on: null, signer_name: null,
    signer_opinion: null, signed_on: null, assessment_reason: null, assessed_on: null, created_by: actor.id, created_at: now, updated_at: now,
  }).execute();
  await event(trx, id, actor, null, 'issued', `回复期限 ${addWorkingDays(b.issuedOn, b.replyWorkingDays)}`, now);
  return id;
}

function expect(row: InquiryTable, states: string[], what: string) {
  if (!states.includes(row.status)) throw conflict(`The inquiry is ${row.status}: it cannot ${what} now`);
}

export async function replyInquiry(trx: Trx, scope: Scope, actor: Actor, id: string, b: z.infer<typeof replyBody>) {
  const row = await getInquiryRow(trx, id, scope);
  expect(row, ['issued'], 'take a reply');
  notFuture(b.repliedOn, 'body.repliedOn');
  if (b.repliedOn < row.issued_on) throw badRequest('The reply is dated before the inquiry', 'body.repliedOn');
  await trx.updateTable('inquiries').set({ status: 'replied', reply_text: b.text, replied_on: b.repliedOn, updated_at: nowIso() }).where('id', '=', id).execute();
  await event(trx, id, actor, row.status, 'replied', b.repliedOn > row.reply_due ? `逾期回复（期限 ${row.reply_due}）` : null);
  return row;
}

/** Whether an opinion says nothing beyond an acknowledgement (同意, 已阅, …). */
export function trivialOpinion(opinion: string): boolean {
  let rest = opinion.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  for (const w of [...TRIVIAL_OPINIONS].sort((a, b) => b.length - a.length)) rest = rest.split(w).join('');
  return rest.length < 4;
}

export async function signInquiry(trx: Trx, scope: Scope, actor: Actor, id: string, b: z.infer<typeof signBody>) {
  const row = await getInquiryRow(trx, id, scope);
  if (!row.needs_signature) throw conflict('The official is not a team member under a 一把手: no opinion is signed');
  expect(row, ['replied'], 'be signed');
  if (trivialOpinion(b.opinion)) throw badRequest('不能一签了之：请就回复内容是否属实、是否全面写出具体意见 (the opinion must say more than "同意" or "已阅")', 'body.opinion');
  notFuture(b.signedOn, 'body.signedOn');
  if (row.replied_on && b.signedOn < row.replied_on) throw badRequest('The opinion is dated before the reply', 'body.signedOn');
  await trx.updateTable('inquiries').set({ status: 'signed', signer_name: b.signerName, signer_opinion: b.opinion, signed_on: b.signedOn, updated_at: nowIso() }).where('id', '=', id).execute();
  await event(trx, id, actor, row.status, 'signed', `${b.signerName}签署意见`);
  return row;
}

export async function assessInquiry(trx: Trx, scope: Scope, actor: Actor, id: string, b: z.infer<typeof assessBody>) {
  const row = await getInquiryRow(trx, id, scope);
  if (row.status === 'replied' && row.needs_signature) throw conflict('The 一把手 must sign an opinion on the reply before it is assessed');
  expect(row, ['replied', 'signed'], 'be assessed');
  notFuture(b.assessedOn, 'body.assessedOn');
  if (row.replied_on && b.assessedOn < row.replied_on) throw badRequest('The assessment is dated before the reply', 'body.assessedOn');
  await trx.updateTable('inquiries').set({ status: b.result, assessment_reason: b.reason, assessed_on: b.assessedOn, updated_at: nowIso() }).where('id', '=', id).execute();
  await event(trx, id, actor, row.status, b.result, b.reason);
  return row;
}

export function inquiryQuery(db: Db, scope: Scope, q: Omit<InquiryListQuery, 'page' | 'pageSize' | 'sort' | 'order'>, orgPath: string | null) {
  let base = db.selectFrom('inquiries')
    .innerJoin('orgs', 'orgs.id', 'inquiries.org_id')
    .innerJoin('officials', 'officials.id', 'inquiries.official_id')
    .where((eb) => orgInScope(eb, 'inquiries.org_id', scope));
  if (orgPath) {
    const { lo, hi } = subtreeBounds(orgPath);
    base = base.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (q.officialId) base = base.where('inquiries.official_id', '=', q.officialId);
  if (q.sourceType) base = base.where('inquiries.source_type', '=', q.sourceType);
  if (q.sourceId) base = base.where('inquiries.source_id', '=', q.sourceId);
  if (q.from) base = base.where('inquiries.issued_on', '>=', q.from);
  if (q.to) base = base.where('inquiries.issued_on', '<=', q.to);
  if (q.overdue === '1') base = base.where('inquiries.status', '=', 'issued').where('inquiries.reply_due', '<', today());
  if (q.overdue === '0') base = base.where((eb) => eb.or([eb('inquiries.status', '!=', 'issued'), eb('inquiries.reply_due', '>=', today())]));
  return base;
}

type Row = InquiryTable & { org_name: string; official_name: string; official_title: string | null };

export function summary(r: Row) {
  return {
    id: r.id, orgId: r.org_id, orgName: r.org_name, officialId: r.official_id, officialName: r.official_name, officialTitle: r.official_title,
    matter: r.matter, issuedOn: r.issued_on, replyDue: r.reply_due, status: r.status, needsSignature: r.needs_signature === 1,
    overdue: r.status === 'issued' && r.reply_due < today(), sourceType: r.source_type, sourceId: r.source_id,
  };
}

export function listInquiries(db: Db, scope: Scope, q: Omit<InquiryListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }, orgPath: string | null) {
  const filtered = inquiryQuery(db, scope, q, orgPath);
  const base = q.status ? filtered.where('inquiries.status', '=', q.status) : filtered;
  const sortColumn = q.sort === 'replyDue' ? 'inquiries.reply_due' : 'inquiries.issued_on';
  let rows = base.selectAll('inquiries').select(['orgs.name as org_name', 'officials.name as official_name', 'officials.current_title as official_title'])
    .orderBy(sortColumn, q.order).orderBy('inquiries.id', q.order);
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  return {
    count: async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    byStatus: async () => Object.fromEntries((await filtered.select((eb) => ['inquiries.status', eb.fn.countAll<number>().as('n')]).groupBy('inquiries.status').execute())
      .map((r) => [r.status, Number(r.n)])),
    query: rows,
  };
}

export async function inquiryDetail(db: Db, scope: Scope, id: string) {
  const row = await getInquiryRow(db, id, scope);
  const [official, org, history] = await Promise.all([
    db.selectFrom('officials').select(['name', 'current_title']).where('id', '=', row.official_id).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select('name').where('id', '=', row.org_id).executeTakeFirstOrThrow(),
    db.selectFrom('inquiry_events').selectAll().where('inquiry_id', '=', id).orderBy('at').orderBy('id').execute(),
  ]);
  const names = { org_name: org.name, name: official.name, current_title: official.current_title };
  return {
    row,
    view: {
      ...summary({ ...row, org_name: names.org_name, official_name: names.name, official_title: names.current_title }),
      replyText: row.reply_text, repliedOn: row.replied_on, signerName: row.signer_name, signerOpinion: row.signer_opinion, signedOn: row.signed_on,
      assessmentReason: row.assessment_reason, assessedOn: row.assessed_on,
      history: history.map((h) => ({ at: h.at, actorName: h.actor_name, fromStatus: h.from_status, toStatus: h.to_status, note: h.note })),
    },
  };
}
