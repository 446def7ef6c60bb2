// Talks, inquiries and admonishments at benchmark scale (issue #7): per slice of the org tree, a
// heart-to-heart talk with most team members, a yearly supervision talk with most principals,
// reminder talks with problems and follow-ups, one collective integrity talk, inquiries in every
// state and a few admonishments. Generated and inserted slice by slice (memory stays bounded).
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.js';
import { addDays, addMonths, addWorkingDays } from '../core/time.js';
import type { ScaleContributor } from './scale-modules.js';

type Row<T extends keyof DB> = Insertable<DB[T]>;
const INQUIRY_STATES = ['issued', 'replied', 'accepted', 'not_accepted', 'escalated'] as const;

export const talksScaleContributor: ScaleContributor = {
  module: 'talks',
  async perChunk(ctx) {
    const { rng, ids, today, timestamp: at } = ctx;
    const names = new Map(ctx.officials.map((o) => [o.id, o.name]));
    const commissionOf = (orgId: string) => ctx.tree.byId.get(orgId)?.region.units.find((u) => u.row.kind === 'commission')?.row.id ?? orgId;
    const people = ctx.posts.filter((p) => p.end_date === null && p.is_team_member === 1 && names.has(p.official_id));
    const talks: Row<'talks'>[] = [];
    const subjects: Row<'talk_subjects'>[] = [];
    const problems: Row<'talk_problems'>[] = [];
    const followups: Row<'talk_followups'>[] = [];
    const inquiries: Row<'inquiries'>[] = [];
    const admonishments: Row<'admonishments'>[] = [];
    const talk = (typeId: string, orgId: string, date: string, who: typeof people, topic: string) => {
      const id = ids.next();
      const preview = who.slice(0, 5).map((p) => names.get(p.official_id)).join('、') + (who.length > 5 ? ` 等${who.length}人` : '');
      talks.push({
        id, org_id: orgId, type_id: typeId, mode: who.length > 1 ? 'collective' : 'individual', status: 'held', talk_date: date, place: null,
        conductors: '纪委书记', lead_conductor_id: null, topic, summary: null, requirements: null, subject_count: who.length, subject_preview: preview,
        created_by: 'scale', created_at: at, updated_at: at,
      });
      for (const p of who) subjects.push({ talk_id: id, official_id: p.official_id, org_id: p.org_id, title: p.title, principal: p.is_principal });
      return id;
    };
    for (const p of people) {
      const body = commissionOf(p.org_id);
      if (rng.chance(0.6)) talk('heart', body, addDays(today, -rng.int(1, 360)), [p], '谈心谈话');
      if (p.is_principal === 1 && rng.chance(0.85)) talk('supervision', body, addDays(today, -rng.int(5, 330)), [p], '年度监督谈话');
      if (rng.chance(0.05)) {
        const date = addDays(today, -rng.int(10, 300));
        const id = talk('reminder', body, date, [p], '提醒谈话');
        problems.push({ id: ids.next(), talk_id: id, nature: rng.chance(0.6) ? 'sign' : 'tendency', category: rng.pick(['integrity', 'work', 'life']), description: '苗头性问题' });
        const deadline = addDays(date, rng.int(20, 60));
        const done = deadline <= today && rng.chance(0.85);
        followups.push({ id: ids.next(), talk_id: id, org_id: body, content: '提交整改报告', deadline, completed_on: done ? deadline : null, completion_note: null });
      }
      if (rng.chance(0.01)) {
        const status = rng.pick(INQUIRY_STATES);
        const issued = addDays(today, -rng.int(5, 200));
        const replied = status === 'issued' ? null : addDays(issued, rng.int(3, 5));
        inquiries.push({
          id: ids.next(), org_id: body, official_id: p.official_id, official_org_id: p.org_id, needs_signature: 0, source_type: null, source_id: null,
          matter: '反映有关问题', issued_on: issued, reply_due: addWorkingDays(issued, 15), status, reply_text: replied ? '说明' : null, replied_on: replied,
          signer_name: null, signer_opinion: null, signed_on: null, assessment_reason: status === 'issued' || status === 'replied' ? null : '评估意见',
          assessed_on: status === 'issued' || status === 'replied' ? null : replied, created_by: 'scale', created_at: at, updated_at: at,
        });
      }
      if (rng.chance(0.003)) {
        const date = addDays(today, -rng.int(20, 400));
        admonishments.push({
          id: ids.next(), org_id: body, official_id: p.official_id, talk_id: null, form: 'written', decided_on: date, basis: '《中国共产党问责规定》',
          reason: '履职不力', effect_until: addMonths(date, 6), created_by: 'scale', created_at: at,
        });
      }
    }
    if (people.length > 1) {
      const cohort = rng.sample(people, Math.min(300, people.length));
      talk('integrity', commissionOf(cohort[0].org_id), addDays(today, -rng.int(10, 90)), cohort, '新提拔和交流任职领导干部集体廉政谈话');
    }
    return {
      talks: await ctx.insert(ctx.trx, 'talks', talks),
      talk_subjects: await ctx.insert(ctx.trx, 'talk_subjects', subjects),
      talk_problems: await ctx.insert(ctx.trx, 'talk_problems', problems),
      talk_followups: await ctx.insert(ctx.trx, 'talk_followups', followups),
      inquiries: await ctx.insert(ctx.trx, 'inquiries', inquiries),
      admonishments: await ctx.insert(ctx.trx, 'admonishments', admonishments),
    };
  },
};
