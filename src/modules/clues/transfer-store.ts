// Transfers (移送) of clues between bodies: sent by the holder, received (a receipt, and the clue is
// registered at the receiving body), result fed back. The sender sees its outbox, the receiver its inbox.
import type { Db } from '../../db/index.js';
import { orgInScope, recordInScope, pathCovered, type Scope } from '../../db/scope.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { getOrgRow } from '../registry/index.js';
import { addEvent, getClueRow, insertClue, orgForBody } from './clue-store.js';
import type { TransferListQuery } from './schema.js';

type Q = Db | Trx;

export async function sendTransfer(trx: Trx, scope: Scope, actor: Actor, clueId: string, b: { toOrgId: string; note: string; feedbackDue: string }) {
  const clue = await getClueRow(trx, scope, clueId);
  if (clue.state === 'concluded') throw conflict('A concluded clue cannot be transferred', 'state');
  const to = await orgForBody(trx, scope, b.toOrgId, 'body.toOrgId');
  if (to.id === clue.org_id) throw badRequest('The clue is already held by this body', 'body.toOrgId');
  if (b.feedbackDue < today()) throw badRequest('The feedback date has passed', 'body.feedbackDue');
  const open = await trx.selectFrom('clue_transfers').select('id').where('clue_id', '=', clue.id).where('to_org_id', '=', to.id).where('status', '!=', 'fed_back').executeTakeFirst();
  if (open) throw conflict('This clue is already on its way to that body', 'body.toOrgId');
  const id = newId();
  await trx.insertInto('clue_transfers').values({
    id, clue_id: clue.id, from_org_id: clue.org_id, to_org_id: to.id, note: b.note, sent_date: today(), feedback_due: b.feedbackDue,
    sent_by: actor.id, status: 'sent', received_at: null, received_by: null, receipt_note: null, received_clue_id: null,
    result: null, result_at: null, result_by: null, created_at: nowIso(),
  }).execute();
  await addEvent(trx, clue.id, actor, 'transfer', { transferId: id, toOrgId: to.id, toOrgName: to.name, feedbackDue: b.feedbackDue });
  return { clue, transferId: id };
}

/** A transfer the receiving side may act on: its destination is in the caller's scope. */
async function inboundTransfer(trx: Trx, scope: Scope, id: string) {
  const t = await trx.selectFrom('clue_transfers').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'clue_transfers.to_org_id', scope)).executeTakeFirst();
  if (!t) throw notFound('Transfer');
  return t;
}

export async function receiveTransfer(trx: Trx, scope: Scope, actor: Actor, id: string, note: string | null | undefined) {
  const t = await inboundTransfer(trx, scope, id);
  if (t.status !== 'sent') throw conflict('This transfer was already received', 'status');
  const source = await trx.selectFrom('clues').selectAll().where('id', '=', t.clue_id).executeTakeFirstOrThrow();
  // The receiving body registers the clue as its own; it inherits only the subjects it may see.
  const subjects = await trx.selectFrom('clue_subjects').innerJoin('orgs', 'orgs.id', 'clue_subjects.org_id')
    .leftJoin('officials', 'officials.id', 'clue_subjects.subject_id')
    .select(['clue_subjects.subject_type', 'clue_subjects.subject_id', 'clue_subjects.org_id', 'orgs.path', 'orgs.name as org_name', 'officials.name as official_name'])
    .where('clue_subjects.clue_id', '=', source.id).execute();
  const visible = subjects.filter((s) => pathCovered(s.path, scope));
  const received = await insertClue(trx, actor, {
    orgId: t.to_org_id, source: 'transfer_in', transferId: t.id, summary: source.summary, discipline: source.discipline, sector: source.sector,
    receivedDate: today(),
  }, visible.map((s) => ({ subject_type: s.subject_type, subject_id: s.subject_id, org_id: s.org_id })),
  visible.map((s) => (s.subject_type === 'official' ? (s.official_name ?? '') : s.org_name)));
  await trx.updateTable('clue_transfers').set({
    status: 'received', received_at: nowIso(), received_by: actor.id, receipt_note: note ?? null, received_clue_id: received.id,
  }).where('id', '=', t.id).execute();
  await addEvent(trx, t.clue_id, actor, 'receive', { transferId: t.id, receivedClueId: received.id, ...(note && { note }) });
  return { transfer: t, receivedClueId: received.id };
}

export async function feedBack(trx: Trx, scope: Scope, actor: Actor, id: string, result: string) {
  const t = await inboundTransfer(trx, scope, id);
  if (t.status !== 'received') throw conflict(t.status === 'sent' ? 'Receive the transfer before feeding back its result' : 'The result was already fed back', 'status');
  await trx.updateTable('clue_transfers').set({ status: 'fed_back', result, result_at: nowIso(), result_by: actor.id }).where('id', '=', t.id).execute();
  await addEvent(trx, t.clue_id, actor, 'feedback', { transferId: t.id, result });
  return t;
}

export function transferQuery(db: Q, scope: Scope) {
  return db
    .selectFrom('clue_transfers')
    .innerJoin('clues', 'clues.id', 'clue_transfers.clue_id')
    .innerJoin('orgs as f', 'f.id', 'clue_transfers.from_org_id')
    .innerJoin('orgs as t', 't.id', 'clue_transfers.to_org_id')
    .select([
      'clue_transfers.id', 'clue_transfers.clue_id', 'clues.code', 'clues.summary', 'clue_transfers.from_org_id', 'f.name as from_name',
      'clue_transfers.to_org_id', 't.name as to_name', 'clue_transfers.note', 'clue_transfers.sent_date', 'clue_transfers.feedback_due',
      'clue_transfers.status', 'clue_transfers.received_at', 'clue_transfers.receipt_note', 'clue_transfers.received_clue_id',
      'clue_transfers.result', 'clue_transfers.result_at',
    ])
    .where((eb) => eb.or([orgInScope(eb, 'clue_transfers.from_org_id', scope), orgInScope(eb, 'clue_transfers.to_org_id', scope)]));
}
type TransferRow = Awaited<ReturnType<ReturnType<typeof transferQuery>['execute']>>[number];

export function toTransfer(r: TransferRow) {
  return {
    id: r.id, clueId: r.clue_id, clueCode: r.code, clueSummary: r.summary, fromOrgId: r.from_org_id, fromOrgName: r.from_name,
    toOrgId: r.to_org_id, toOrgName: r.to_name, note: r.note, sentDate: r.sent_date, feedbackDue: r.feedback_due, status: r.status,
    overdue: r.status !== 'fed_back' && r.feedback_due < today(), receivedAt: r.received_at, receiptNote: r.receipt_note,
    receivedClueId: r.received_clue_id, result: r.result, resultAt: r.result_at,
  };
}

/** The inbox or outbox, filtered and sorted: counted for a page, or paged through for an export. */
export async function transferListQuery(db: Db, scope: Scope, q: Omit<TransferListQuery, 'page' | 'pageSize'>) {
  const side = q.box === 'inbox' ? 'clue_transfers.to_org_id' : 'clue_transfers.from_org_id';
  let base = transferQuery(db, scope).where((eb) => orgInScope(eb, side, scope));
  if (q.orgId) base = base.where(side, '=', (await getOrgRow(db, q.orgId, scope)).id);
  if (q.status) base = base.where('clue_transfers.status', '=', q.status);
  if (q.overdue !== undefined) {
    base = q.overdue
      ? base.where('clue_transfers.status', '!=', 'fed_back').where('clue_transfers.feedback_due', '<', today())
      : base.where((eb) => eb.or([eb('clue_transfers.status', '=', 'fed_back'), eb('clue_transfers.feedback_due', '>=', today())]));
  }
  const column = q.sort === 'feedbackDue' ? 'clue_transfers.feedback_due' : 'clue_transfers.sent_date';
  return { base, sorted: base.orderBy(column, q.order).orderBy('clue_transfers.id', q.order) };
}

export async function listTransfers(db: Db, scope: Scope, q: TransferListQuery) {
  const { base, sorted } = await transferListQuery(db, scope, q);
  const total = Number((await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await sorted.limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { total, items: rows.map(toTransfer) };
}

export async function transfersOfClue(db: Db, scope: Scope, clueId: string) {
  return (await transferQuery(db, scope).where('clue_transfers.clue_id', '=', clueId).orderBy('clue_transfers.sent_date').execute()).map(toTransfer);
}
