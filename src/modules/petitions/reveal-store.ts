// Revealing a reporter's identity takes two people: one asks (with a reason), another authorised
// person in scope approves or rejects, and only then may the one who asked see it, for a while.
import type { CryptoBox } from '../../core/crypto.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { nowIso, nowMs } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import { getPetitionRow } from './petition-store.js';

/** How long an approved reveal stays open to the person who asked. */
export const REVEAL_HOURS = 24;

type Q = Db | Trx;

export async function requestReveal(trx: Trx, scope: Scope, petitionId: string, actorId: string, reason: string) {
  const p = await getPetitionRow(trx, scope, petitionId);
  if (p.anonymous === 1 || !p.reporter_name_enc) throw conflict('This report is anonymous: there is no identity to reveal');
  const pending = await trx.selectFrom('petition_reveals').select('id').where('petition_id', '=', p.id).where('requested_by', '=', actorId)
    .where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw conflict('You have already asked; wait for the decision');
  const id = newId();
  await trx.insertInto('petition_reveals').values({
    id, petition_id: p.id, org_id: p.org_id, requested_by: actorId, reason, status: 'pending', decided_by: null, decided_at: null,
    expires_at: null, views: 0, created_at: nowIso(),
  }).execute();
  return { id, petition: p };
}

async function revealRow(db: Q, scope: Scope, petitionId: string, revealId: string) {
  const p = await getPetitionRow(db, scope, petitionId);
  const r = await db.selectFrom('petition_reveals').selectAll().where('id', '=', revealId).where('petition_id', '=', p.id).executeTakeFirst();
  if (!r) throw notFound('Reveal request');
  return { p, r };
}

export async function decideReveal(trx: Trx, scope: Scope, petitionId: string, revealId: string, actorId: string, approve: boolean) {
  const { p, r } = await revealRow(trx, scope, petitionId, revealId);
  if (r.requested_by === actorId) throw conflict('Another person must decide on your own request', 'body.approve');
  if (r.status !== 'pending') throw conflict('This request has already been decided');
  const now = nowIso();
  await trx.updateTable('petition_reveals').set({
    status: approve ? 'approved' : 'rejected', decided_by: actorId, decided_at: now,
    expires_at: approve ? new Date(nowMs() + REVEAL_HOURS * 3600_000).toISOString() : null,
  }).where('id', '=', r.id).execute();
  return { petition: p, requestedBy: r.requested_by };
}

/** The identity, for the person who asked, while their approved request lasts. */
export async function viewIdentity(trx: Trx, crypto: CryptoBox, scope: Scope, petitionId: string, revealId: string, actorId: string) {
  const { p, r } = await revealRow(trx, scope, petitionId, revealId);
  if (r.requested_by !== actorId) throw notFound('Reveal request');
  if (r.status !== 'approved') throw conflict('This request has not been approved');
  if (!r.expires_at || r.expires_at < nowIso()) throw conflict('This approval has expired; ask again');
  const keyRow = await trx.selectFrom('record_keys').select('wrapped_key').where('id', '=', p.id).executeTakeFirst();
  if (!keyRow) throw conflict('The identity no longer exists (shredded)');
  const key = crypto.unwrapKey(keyRow.wrapped_key);
  const open = (v: string | null) => (v ? crypto.open(v, key) : null);
  await trx.updateTable('petition_reveals').set((eb) => ({ views: eb('views', '+', 1) })).where('id', '=', r.id).execute();
  return { petition: p, identity: { name: open(p.reporter_name_enc), idNumber: open(p.reporter_id_enc), contact: open(p.reporter_contact_enc), expiresAt: r.expires_at } };
}

/** The requests on one report, with who may do what now. */
export async function revealsOf(db: Q, petitionId: string, actorId: string, mayDecide: boolean) {
  const rows = await db.selectFrom('petition_reveals')
    .innerJoin('users as requester', 'requester.id', 'petition_reveals.requested_by')
    .leftJoin('users as decider', 'decider.id', 'petition_reveals.decided_by')
    .selectAll('petition_reveals')
    .select(['requester.display_name as requester_name', 'decider.display_name as decider_name'])
    .where('petition_reveals.petition_id', '=', petitionId)
    .orderBy('petition_reveals.created_at', 'desc').limit(50).execute();
  const now = nowIso();
  return rows.map((r) => ({
    id: r.id, requestedBy: r.requested_by, requestedByName: r.requester_name, reason: r.reason, status: r.status as 'pending' | 'approved' | 'rejected',
    decidedByName: r.decider_name ?? null, decidedAt: r.decided_at, expiresAt: r.expires_at, views: Number(r.views), createdAt: r.created_at,
    canView: r.requested_by === actorId && r.status === 'approved' && Boolean(r.expires_at && r.expires_at > now),
    canDecide: mayDecide && r.status === 'pending' && r.requested_by !== actorId,
  }));
}

export async function revealInbox(db: Db, scope: Scope, actorId: string, mayDecide: boolean, q: { status: string; page: number; pageSize: number }) {
  const base = db.selectFrom('petition_reveals')
    .innerJoin('petitions', 'petitions.id', 'petition_reveals.petition_id')
    .innerJoin('users as requester', 'requester.id', 'petition_reveals.requested_by')
    .where('petition_reveals.status', '=', q.status)
    .where((eb) => orgInScope(eb, 'petition_reveals.org_id', scope));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.select([
    'petition_reveals.id', 'petition_reveals.petition_id', 'petitions.serial', 'petitions.summary', 'requester.display_name as requester_name',
    'petition_reveals.reason', 'petition_reveals.status', 'petition_reveals.created_at', 'petition_reveals.requested_by',
  ]).orderBy('petition_reveals.created_at', 'desc').orderBy('petition_reveals.id', 'desc')
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, petitionId: r.petition_id, serial: r.serial, summary: r.summary, requestedByName: r.requester_name, reason: r.reason,
      status: r.status, createdAt: r.created_at, canDecide: mayDecide && r.status === 'pending' && r.requested_by !== actorId,
    })),
  };
}

export function checkReason(reason: string) {
  if (reason.trim().length < 4) throw badRequest('Give the reason for revealing the identity', 'body.reason');
}
