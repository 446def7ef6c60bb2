// Talk types are configuration: the standard eight come with the migration and can be edited.
import type { Db } from '../../db/index.js';
import { notFound } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import type { TalkTypeTable } from '../../db/tables/talks.js';
import type { updateTypeBody } from './schema.js';
import type { z } from 'zod';

export function typeView(t: TalkTypeTable) {
  return {
    id: t.id, name: t.name, nameEn: t.name_en, trigger: t.trigger_text, subjectKind: t.subject_kind, conductingBody: t.conducting_body,
    cooperatingBodies: t.cooperating_bodies, safeguards: t.safeguards, cadenceMonths: t.cadence_months == null ? null : Number(t.cadence_months),
    collective: t.collective === 1, sortOrder: Number(t.sort_order),
  };
}

export async function listTypes(db: Db) {
  return (await db.selectFrom('talk_types').selectAll().orderBy('sort_order').orderBy('id').execute()).map(typeView);
}

export async function updateType(trx: Trx, id: string, b: z.infer<typeof updateTypeBody>, userId: string) {
  const before = await trx.selectFrom('talk_types').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('Talk type');
  await trx.updateTable('talk_types').set({
    ...(b.name !== undefined && { name: b.name }),
    ...(b.nameEn !== undefined && { name_en: b.nameEn }),
    ...(b.trigger !== undefined && { trigger_text: b.trigger }),
    ...(b.subjectKind !== undefined && { subject_kind: b.subjectKind }),
    ...(b.conductingBody !== undefined && { conducting_body: b.conductingBody }),
    ...(b.cooperatingBodies !== undefined && { cooperating_bodies: b.cooperatingBodies }),
    ...(b.safeguards !== undefined && { safeguards: b.safeguards }),
    ...(b.cadenceMonths !== undefined && { cadence_months: b.cadenceMonths }),
    ...(b.collective !== undefined && { collective: b.collective ? 1 : 0 }),
    updated_at: nowIso(),
    updated_by: userId,
  }).where('id', '=', id).execute();
  return before;
}
