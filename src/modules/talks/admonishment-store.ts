// Admonishments (诫勉): decided by a body in scope about an official in scope; their effect period
// (影响期, six months by default) is recorded for the official's archive.
import type { Db } from '../../db/index.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import { subtreeBounds } from '../../db/sql.js';
import { badRequest } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Trx } from '../../core/module.js';
import { addMonths, nowIso, today } from '../../core/time.js';
import type { z } from 'zod';
import type { admonishmentListQuery, createAdmonishmentBody } from './schema.js';
import { getTalkRow, officialsInScope, orgForBody } from './talk-store.js';

export async function createAdmonishment(trx: Trx, scope: Scope, actor: Actor, b: z.infer<typeof createAdmonishmentBody>) {
  await orgForBody(trx, scope, b.orgId, 'body.orgId');
  await officialsInScope(trx, scope, [b.officialId], 'body.officialId');
  if (b.decidedOn > today()) throw badRequest('The decision date is in the future', 'body.decidedOn');
  if (b.talkId) {
    const talk = await getTalkRow(trx, b.talkId, scope).catch(() => {
      throw badRequest('Unknown talk', 'body.talkId');
    });
    const subject = await trx.selectFrom('talk_subjects').select('official_id').where('talk_id', '=', talk.id).where('official_id', '=', b.officialId).executeTakeFirst();
    if (talk.type_id !== 'admonition' || !subject) throw badRequest('The talk is not an admonishment talk with this official', 'body.talkId');
  }
  const id = newId();
  await trx.insertInto('admonishments').values({
    id, org_id: b.orgId, official_id: b.officialId, talk_id: b.talkId ?? null, form: b.form, decided_on: b.decidedOn, basis: b.basis,
    reason: b.reason, effect_until: addMonths(b.decidedOn, b.effectMonths), created_by: actor.id, created_at: nowIso(),
  }).execute();
  return id;
}

export function listAdmonishments(db: Db, scope: Scope, q: Omit<z.infer<typeof admonishmentListQuery>, 'page' | 'pageSize'> & { page?: number; pageSize?: number }, orgPath: string | null) {
  let base = db.selectFrom('admonishments')
    .innerJoin('orgs', 'orgs.id', 'admonishments.org_id')
    .innerJoin('officials', 'officials.id', 'admonishments.official_id')
    .where((eb) => orgInScope(eb, 'admonishments.org_id', scope));
  if (orgPath) {
    const { lo, hi } = subtreeBounds(orgPath);
    base = base.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (q.officialId) base = base.where('admonishments.official_id', '=', q.officialId);
  if (q.form) base = base.where('admonishments.form', '=', q.form);
  if (q.from) base = base.where('admonishments.decided_on', '>=', q.from);
  if (q.to) base = base.where('admonishments.decided_on', '<=', q.to);
  let rows = base.selectAll('admonishments').select(['orgs.name as org_name', 'officials.name as official_name'])
    .orderBy('admonishments.decided_on', 'desc').orderBy('admonishments.id', 'desc');
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  const d = today();
  return {
    count: async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    query: rows,
    map: (r: { id: string; org_id: string; org_name: string; official_id: string; official_name: string; talk_id: string | null; form: string; decided_on: string; basis: string; reason: string; effect_until: string }) => ({
      id: r.id, orgId: r.org_id, orgName: r.org_name, officialId: r.official_id, officialName: r.official_name, talkId: r.talk_id, form: r.form,
      decidedOn: r.decided_on, basis: r.basis, reason: r.reason, effectUntil: r.effect_until, inEffect: r.effect_until >= d,
    }),
  };
}
