// The disposal workflow: a case manager proposes one of the four ways with a deadline, another
// authorised person (never the proposer) approves or rejects it, the outcome is recorded under the
// four forms. Every step is kept in clue_disposals and clue_events.
import type { z } from 'zod';
import type { Scope } from '../../db/scope.js';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { addEvent, getClueRow } from './clue-store.js';
import type { concludeBody, linkBody, proposeBody } from './schema.js';

type ClueRow = Awaited<ReturnType<typeof getClueRow>>;

/** A new disposal may be proposed for a clue not yet disposed of, or one held for later (暂存待查). */
export function mayPropose(c: Pick<ClueRow, 'state' | 'method'>): boolean {
  return c.state === 'registered' || (c.state === 'disposing' && c.method === 'hold');
}

export async function proposeDisposal(trx: Trx, scope: Scope, actor: Actor, clueId: string, b: z.infer<typeof proposeBody>) {
  const clue = await getClueRow(trx, scope, clueId);
  if (!mayPropose(clue)) throw conflict(`A disposal cannot be proposed for a clue that is ${clue.state}`, 'state');
  if (b.deadline < today()) throw badRequest('The deadline has passed', 'body.deadline');
  const id = newId();
  const now = nowIso();
  await trx.insertInto('clue_disposals').values({
    id, clue_id: clue.id, method: b.method, deadline: b.deadline, reason: b.reason, status: 'pending', proposed_by: actor.id, proposed_at: now,
    decided_by: null, decided_at: null, decision_note: null,
  }).execute();
  await trx.updateTable('clues').set({ state: 'proposed', updated_at: now }).where('id', '=', clue.id).execute();
  await addEvent(trx, clue.id, actor, 'propose', { disposalId: id, method: b.method, deadline: b.deadline, reason: b.reason });
  return { clue, disposalId: id };
}

async function pendingDisposal(trx: Trx, clue: ClueRow, disposalId: string) {
  const d = await trx.selectFrom('clue_disposals').selectAll().where('id', '=', disposalId).where('clue_id', '=', clue.id).executeTakeFirst();
  if (!d) throw notFound('Disposal');
  if (d.status !== 'pending') throw conflict(`This proposal was already ${d.status}`, 'status');
  return d;
}

export async function decideDisposal(trx: Trx, scope: Scope, actor: Actor, clueId: string, disposalId: string, approve: boolean, note: string | null | undefined) {
  const clue = await getClueRow(trx, scope, clueId);
  const d = await pendingDisposal(trx, clue, disposalId);
  // Separation of duties: whoever proposed a disposal cannot also approve or reject it.
  if (d.proposed_by === actor.id) throw forbidden('The proposer of a disposal cannot decide on it; another authorised person must');
  const now = nowIso();
  await trx.updateTable('clue_disposals').set({
    status: approve ? 'approved' : 'rejected', decided_by: actor.id, decided_at: now, decision_note: note ?? null,
  }).where('id', '=', d.id).execute();
  await trx.updateTable('clues').set(approve
    ? { state: 'disposing', method: d.method, deadline: d.deadline, updated_at: now }
    // A rejected proposal leaves the clue where it was before it.
    : { state: clue.method ? 'disposing' : 'registered', updated_at: now }).where('id', '=', clue.id).execute();
  await addEvent(trx, clue.id, actor, approve ? 'approve' : 'reject', { disposalId: d.id, method: d.method, deadline: d.deadline, ...(note && { note }) });
  return { clue, disposal: d };
}

export async function concludeClue(trx: Trx, scope: Scope, actor: Actor, clueId: string, b: z.infer<typeof concludeBody>) {
  const clue = await getClueRow(trx, scope, clueId);
  if (clue.state !== 'disposing') throw conflict('Only a clue under approved disposal can be concluded', 'state');
  if (b.form === null && b.sanction) throw badRequest('A sanction belongs to one of the four forms', 'body.sanction');
  const now = nowIso();
  await trx.updateTable('clues').set({
    state: 'concluded', form: b.form, sanction: b.sanction ?? null, outcome: b.outcome, concluded_at: now, updated_at: now,
  }).where('id', '=', clue.id).execute();
  await addEvent(trx, clue.id, actor, 'conclude', { form: b.form, sanction: b.sanction ?? null, outcome: b.outcome });
  return clue;
}

/** A generic link to a record of another module (an inquiry, a case …), or none. */
export async function linkClue(trx: Trx, scope: Scope, actor: Actor, clueId: string, b: z.infer<typeof linkBody>) {
  const clue = await getClueRow(trx, scope, clueId);
  if ((b.linkedType === null) !== (b.linkedId === null)) throw badRequest('Give both the record type and its id, or neither', b.linkedType === null ? 'body.linkedType' : 'body.linkedId');
  await trx.updateTable('clues').set({ linked_type: b.linkedType, linked_id: b.linkedId, updated_at: nowIso() }).where('id', '=', clue.id).execute();
  await addEvent(trx, clue.id, actor, 'link', { linkedType: b.linkedType, linkedId: b.linkedId });
  return clue;
}
