// Talks, inquiries and admonishments at benchmark scale (issue #7): per slice of the org tree, a
// heart-to-heart talk with most team members and one or two with every other cadre, a yearly supervision talk with most principals (led by
// their higher 一把手, a few by a deputy), reminder talks with problems and follow-ups, one collective integrity talk, inquiries in every
// state and a few admonishments. Generated and inserted slice by slice (memory stays bounded).
import type { Insertable } from 'kysely';
import type { DB, PostTable } from '../db/schema.js';
import { addDays, addMonths, addWorkingDays } from '../core/time.js';
import type { OrgInfo } from './orgs.js';
import type { ChunkContext, ScaleContributor } from './scale-modules.js';

type Row<T extends keyof DB> = Insertable<DB[T]>;
const INQUIRY_STATES = ['issued', 'replied', 'accepted', 'not_accepted', 'escalated'] as const;

interface Candidate { orgId: string; officialId: string; start: string }

/** The higher 一把手 of every organization of the slice that has a principal, nearest first: the
 *  principals of the party committees of the regions above it (for a region's own committee, from
 *  the region above), as the supervision-talk rule defines them; and one deputy of each such
 *  committee. In memory from the slice's posts, plus one query for the committees outside the slice
 *  (the province's, for a city). */
async function higherPrincipals(ctx: ChunkContext, people: readonly PostTable[]) {
  const { byId } = ctx.tree;
  const committees = new Map<string, string | undefined>();
  const committeeOf = (region: OrgInfo) => {
    if (!committees.has(region.row.id)) {
      committees.set(region.row.id, region.units.find((u) => u.row.kind === 'party_committee' && u.row.parent_id === region.row.id && u.row.level === region.row.level)?.row.id);
    }
    return committees.get(region.row.id);
  };
  const regionAbove = (region: OrgInfo) => (region.row.parent_id ? byId.get(region.row.parent_id)?.region : undefined);
  const chains = new Map<string, string[]>();
  for (const p of people) {
    if (p.is_principal !== 1 || chains.has(p.org_id)) continue;
    const org = byId.get(p.org_id);
    let region = org?.region;
    if (region && committeeOf(region) === p.org_id) region = regionAbove(region);
    const chain: string[] = [];
    for (; region; region = regionAbove(region)) {
      const c = committeeOf(region);
      if (c) chain.push(c);
    }
    chains.set(p.org_id, chain);
  }
  const principalAt = new Map<string, Candidate>();
  const deputyAt = new Map<string, string>();
  const note = (r: { org_id: string; official_id: string; start_date: string; is_principal: number }) => {
    if (r.is_principal === 1) principalAt.set(r.org_id, { orgId: r.org_id, officialId: r.official_id, start: r.start_date });
    else if (!deputyAt.has(r.org_id)) deputyAt.set(r.org_id, r.official_id);
  };
  for (const p of ctx.posts) if (p.end_date === null && p.is_team_member === 1) note(p);
  const outside = [...new Set([...chains.values()].flat())].filter((id) => !principalAt.has(id));
  if (outside.length) {
    const rows = await ctx.trx.selectFrom('posts').select(['org_id', 'official_id', 'start_date', 'is_principal'])
      .where('org_id', 'in', outside).where('end_date', 'is', null).where('is_team_member', '=', 1).orderBy('id').execute();
    rows.forEach(note);
  }
  const higher = new Map([...chains].map(([orgId, chain]) => [orgId, chain.flatMap((c) => principalAt.get(c) ?? [])]));
  return { higher, deputyAt };
}

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
    const talk = (typeId: string, orgId: string, date: string, who: typeof people, topic: string, lead: string | null = null) => {
      const id = ids.next();
      const preview = who.slice(0, 5).map((p) => names.get(p.official_id)).join('、') + (who.length > 5 ? ` 等${who.length}人` : '');
      talks.push({
        id, org_id: orgId, type_id: typeId, mode: who.length > 1 ? 'collective' : 'individual', status: 'held', talk_date: date, place: null,
        conductors: lead ? '上级一把手' : '纪委书记', lead_conductor_id: lead, topic, summary: null, requirements: null, subject_count: who.length, subject_preview: preview,
        created_by: 'scale', created_at: at, updated_at: at,
      });
      for (const p of who) subjects.push({ talk_id: id, official_id: p.official_id, org_id: p.org_id, title: p.title, principal: p.is_principal });
      return id;
    };
    const { higher, deputyAt } = await higherPrincipals(ctx, people);
    const leadRng = rng.fork('supervision-leads');
    for (const p of people) {
      const body = commissionOf(p.org_id);
      if (rng.chance(0.6)) talk('heart', body, addDays(today, -rng.int(1, 360)), [p], '谈心谈话');
      if (p.is_principal === 1 && rng.chance(0.85)) {
        const date = addDays(today, -rng.int(5, 330));
        // Led by the higher 一把手 in post on that date; about one talk in ten by a deputy instead (the rule warns).
        const lead = higher.get(p.org_id)?.find((c) => c.start <= date);
        const deputy = lead && leadRng.chance(0.1) ? deputyAt.get(lead.orgId) : undefined;
        talk('supervision', body, date, [p], '年度监督谈话', deputy ?? lead?.officialId ?? null);
      }
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
    // Heart-to-heart talks (谈心谈话) of every unit with its other cadres, once or twice over two years,
    // held by the unit's own party body: most talks a city records are these (city: ≈200,000 talks in all).
    const cadreRng = rng.fork('cadre-talks');
    const talkedTo = new Set(people.map((p) => p.official_id));
    for (const p of ctx.posts) {
      if (p.end_date !== null || talkedTo.has(p.official_id) || !names.has(p.official_id)) continue;
      talkedTo.add(p.official_id);
      for (let n = cadreRng.int(1, 2); n > 0; n--) talk('heart', p.org_id, addDays(today, -cadreRng.int(1, 720)), [p], '谈心谈话');
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
