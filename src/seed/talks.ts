// Demo talks, inquiries and admonishments on top of the demo registry: every talk type, a collective
// integrity talk of several hundred officials preceded by one-to-one talks, follow-ups (some overdue),
// inquiries in every state, admonishments, and gaps the rules find (new principals without an
// appointment talk, lower principals without a supervision talk). Deterministic: the same Rng,
// IdSource and today give the same rows.
import type { Insertable } from 'kysely';
import type { Db } from '../db/index.js';
import type { DB } from '../db/schema.js';
import { addDays, addMonths, addWorkingDays } from '../core/time.js';
import type { IdSource, Rng } from './random.js';

type Row<T extends keyof DB> = Insertable<DB[T]>;
interface Person { id: string; name: string; org_id: string; title: string | null; principal: boolean; start: string }

const PROBLEMS: readonly [string, string, string][] = [
  ['sign', 'integrity', '接受管理服务对象宴请苗头'],
  ['sign', 'work', '调研走过场、重留痕轻实效'],
  ['tendency', 'organizational', '民主集中制执行不到位，个人说了算倾向'],
  ['tendency', 'integrity', '对亲属经商办企业管理不严'],
  ['sign', 'life', '八小时以外社交圈较杂'],
  ['tendency', 'political', '学习贯彻上级决策部署不及时'],
  ['sign', 'mass', '对群众诉求回应不及时'],
];

export async function seedTalks(db: Db, rng: Rng, ids: IdSource, today: string): Promise<Record<string, number>> {
  const at = `${today}T00:00:00.000Z`;
  const orgs = await db.selectFrom('orgs').select(['id', 'parent_id', 'kind', 'name', 'level']).orderBy('path').execute();
  const commissionUnder = new Map(orgs.filter((o) => o.kind === 'commission').map((o) => [o.parent_id, o.id]));
  const parentOf = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const root = orgs.find((o) => o.parent_id === null)!;
  const provinceCommission = commissionUnder.get(root.id) ?? root.id;
  /** The discipline commission that oversees an organization: the nearest one above it. */
  const commissionOf = (orgId: string): string => {
    for (let p = parentOf.get(orgId) ?? null; p; p = parentOf.get(p) ?? null) {
      const c = commissionUnder.get(p);
      if (c && c !== orgId) return c;
    }
    return provinceCommission;
  };
  const posts = await db.selectFrom('posts').innerJoin('officials', 'officials.id', 'posts.official_id')
    .select(['officials.id', 'officials.name', 'posts.org_id', 'posts.title', 'posts.is_principal', 'posts.start_date'])
    .where('posts.end_date', 'is', null).where('posts.is_team_member', '=', 1).orderBy('posts.id').execute();
  const people: Person[] = [...new Map(posts.map((p) => [p.id, { id: p.id, name: p.name, org_id: p.org_id, title: p.title, principal: p.is_principal === 1, start: p.start_date }])).values()];
  const principals = people.filter((p) => p.principal);
  const members = people.filter((p) => !p.principal);

  // The higher 一把手 of an organization: the principal of the party committee of its region (of the
  // region above, for a region's own committee), or of a committee further up when that one took
  // office after the date. A region's own committee sits directly under it at the region's level
  // (a township's committee also hangs off its county, one level lower).
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const regionOf = (orgId: string | null) => {
    let o = orgId ? orgById.get(orgId) : undefined;
    while (o && o.kind !== 'region') o = o.parent_id ? orgById.get(o.parent_id) : undefined;
    return o;
  };
  const committeeOf = new Map(orgs.filter((o) => o.kind === 'party_committee' && o.parent_id && orgById.get(o.parent_id)?.kind === 'region'
    && orgById.get(o.parent_id)?.level === o.level).map((o) => [o.parent_id!, o.id]));
  interface Lead { id: string; name: string; org_id: string; title: string; start: string }
  const principalAt = new Map<string, Lead>();
  const deputiesAt = new Map<string, Lead[]>();
  for (const p of posts) {
    const lead = { id: p.id, name: p.name, org_id: p.org_id, title: p.title, start: p.start_date };
    if (p.is_principal === 1) principalAt.set(p.org_id, lead);
    else deputiesAt.set(p.org_id, [...(deputiesAt.get(p.org_id) ?? []), lead]);
  }
  const higherPrincipal = (orgId: string, date: string): Lead | null => {
    let region = regionOf(orgId);
    if (region && committeeOf.get(region.id) === orgId) region = regionOf(region.parent_id);
    for (; region; region = regionOf(region.parent_id)) {
      const p = principalAt.get(committeeOf.get(region.id) ?? '');
      if (p && p.start <= date) return p;
    }
    return null;
  };

  const talks: Row<'talks'>[] = [];
  const subjects: Row<'talk_subjects'>[] = [];
  const problems: Row<'talk_problems'>[] = [];
  const followups: Row<'talk_followups'>[] = [];
  const links: Row<'talk_links'>[] = [];
  const day = (lo: number, hi: number) => addDays(today, -rng.int(lo, hi));

  const talk = (typeId: string, orgId: string, date: string, who: Person[], topic: string, extra: Partial<Row<'talks'>> = {}) => {
    const id = ids.next();
    const mode = who.length > 1 ? 'collective' : 'individual';
    const preview = who.slice(0, 5).map((p) => p.name).join('、') + (who.length > 5 ? ` 等${who.length}人` : '');
    talks.push({
      id, org_id: orgId, type_id: typeId, mode, status: date > today ? 'planned' : 'held', talk_date: date, place: rng.pick(['谈话室', '会议室', '办公室']),
      conductors: rng.pick(['纪委书记', '纪委副书记', '组织部部长', '党委书记']), lead_conductor_id: null, topic,
      summary: `${topic}。谈话人通报了有关情况，听取了谈话对象的思想和工作汇报，提出了明确要求。`,
      requirements: '严格落实全面从严治党主体责任，带头遵守中央八项规定精神，发现问题及时整改。', subject_count: who.length, subject_preview: preview,
      created_by: 'seed', created_at: at, updated_at: at, ...extra,
    });
    for (const p of who) subjects.push({ talk_id: id, official_id: p.id, org_id: p.org_id, title: p.title, principal: p.principal ? 1 : 0 });
    return id;
  };
  const problemAndFollowup = (talkId: string, orgId: string, date: string, overdue: boolean) => {
    const [nature, category, description] = rng.pick(PROBLEMS);
    problems.push({ id: ids.next(), talk_id: talkId, nature, category, description });
    const deadline = overdue ? addDays(today, -rng.int(3, 40)) : addDays(date, rng.int(20, 60));
    const completed = !overdue && deadline <= today && rng.chance(0.8);
    followups.push({
      id: ids.next(), talk_id: talkId, org_id: orgId, content: `针对“${description}”提交整改报告`, deadline: deadline < date ? date : deadline,
      completed_on: completed ? deadline : null, completion_note: completed ? '已提交整改报告' : null,
    });
  };

  // 任前/任职谈话: most principals appointed in the last year had one; a few did not (rule hits).
  let appointmentGaps = 0;
  for (const p of principals.filter((x) => x.start >= addDays(today, -365))) {
    if (rng.chance(0.8) || p.start > addDays(today, -30)) {
      const date = addDays(p.start, rng.int(-5, 20));
      if (date <= today) talk('appointment', commissionOf(p.org_id), date, [p], `${p.name}任职谈话`);
    } else appointmentGaps++;
  }
  // 监督谈话: higher 一把手 with lower 一把手, most within the last 12 months. The lead conductor is the
  // higher 一把手 (see higherPrincipal) except about one talk in eight, led by a deputy of the higher
  // committee instead: the supervision-talk rule still warns about those.
  const leadRng = rng.fork('supervision-leads');
  let supervisionGaps = 0;
  let ledByDeputy = 0;
  for (const p of principals.filter((x) => x.start <= addMonths(today, -12))) {
    if (rng.chance(0.85)) {
      const date = day(5, 330);
      const higher = higherPrincipal(p.org_id, date);
      const deputy = higher && leadRng.chance(0.12) ? deputiesAt.get(higher.org_id)?.[0] : undefined;
      const lead = deputy ?? higher;
      if (deputy) ledByDeputy++;
      const id = talk('supervision', commissionOf(p.org_id), date, [p], '年度监督谈话',
        lead ? { lead_conductor_id: lead.id, conductors: `${lead.title}${lead.name}` } : {});
      if (rng.chance(0.3)) problemAndFollowup(id, commissionOf(p.org_id), talks[talks.length - 1].talk_date, rng.chance(0.25));
    } else supervisionGaps++;
  }
  // 谈心谈话 with team members.
  for (const p of rng.sample(members, Math.min(160, members.length))) talk('heart', commissionOf(p.org_id), day(1, 320), [p], '谈心谈话');
  // 提醒谈话 (problems pointed out, follow-ups), 约谈, 诫勉谈话.
  for (const p of rng.sample(people, 40)) {
    const id = talk('reminder', commissionOf(p.org_id), day(1, 300), [p], '针对苗头性倾向性问题提醒谈话');
    problemAndFollowup(id, commissionOf(p.org_id), talks[talks.length - 1].talk_date, rng.chance(0.2));
  }
  for (const p of rng.sample(principals, 10)) {
    const id = talk('interview', commissionOf(p.org_id), day(10, 300), [p], '落实主体责任不力约谈');
    problemAndFollowup(id, commissionOf(p.org_id), talks[talks.length - 1].talk_date, false);
  }
  const admonished = rng.sample(people, 10);
  const admonishments: Row<'admonishments'>[] = admonished.map((p, i) => {
    const orgId = commissionOf(p.org_id);
    const date = day(20, 400);
    const talkId = i < 6 ? talk('admonition', orgId, date, [p], '诫勉谈话') : null;
    return {
      id: ids.next(), org_id: orgId, official_id: p.id, talk_id: talkId, form: talkId ? 'talk' : 'written', decided_on: date,
      basis: rng.pick(['《中国共产党问责规定》第八条', '《中国共产党纪律处分条例》第十七条', '《关于对党员领导干部进行诫勉谈话和函询的暂行办法》']),
      reason: rng.pick(['履行全面从严治党责任不力', '违规发放津贴补贴', '对下属违纪问题失察', '违规接受宴请']), effect_until: addMonths(date, 6),
      created_by: 'seed', created_at: at,
    };
  });
  // 勤政廉政谈话: one collective talk for several hundred newly promoted or transferred officials,
  // preceded by one-to-one talks with five of them.
  const cohort = rng.sample(people, Math.min(420, people.length));
  const collectiveDate = day(20, 60);
  const oneToOnes = cohort.slice(0, 5).map((p) => talk('heart', provinceCommission, addDays(collectiveDate, -rng.int(2, 10)), [p], '集体谈话前一对一谈话'));
  const collective = talk('integrity', provinceCommission, collectiveDate, cohort, '新提拔和交流任职领导干部集体廉政谈话', { conductors: '省纪委书记、省委组织部部长', place: '省委党校报告厅' });
  links.push(...oneToOnes.map((p) => ({ talk_id: collective, preceding_id: p })));
  // 集体谈话 in a city, and talks planned for the coming weeks.
  const city = orgs.find((o) => o.level === 'city' && o.kind === 'region')!;
  const cityPeople = people.filter((p) => commissionOf(p.org_id) === commissionUnder.get(city.id));
  if (cityPeople.length > 1) talk('collective', commissionUnder.get(city.id)!, day(30, 120), rng.sample(cityPeople, Math.min(60, cityPeople.length)), '换届后新任班子成员集体谈话');
  for (const p of rng.sample(members, 6)) talk('heart', commissionOf(p.org_id), addDays(today, rng.int(3, 40)), [p], '计划谈心谈话');

  // 函询 in every state, some overdue.
  const inquiries: Row<'inquiries'>[] = [];
  const events: Row<'inquiry_events'>[] = [];
  const states = ['issued', 'issued', 'issued', 'replied', 'replied', 'signed', 'accepted', 'accepted', 'not_accepted', 'escalated'];
  for (const [i, p] of rng.sample(people, 30).entries()) {
    const status = states[i % states.length];
    const orgId = commissionOf(p.org_id);
    const issued = status === 'issued' ? (i % 2 === 0 ? day(40, 120) : day(1, 10)) : day(20, 120);
    const due = addWorkingDays(issued, 15);
    const needsSignature = !p.principal;
    const repliedOn = addDays(issued, rng.int(3, 18));
    const replied = status === 'issued' ? null : repliedOn > today ? today : repliedOn;
    // A principal answers directly: their "signed" sample is assessed instead.
    const effective = status === 'signed' && !needsSignature ? 'accepted' : status;
    const assessedStates = ['accepted', 'not_accepted', 'escalated'];
    const signed = needsSignature && (effective === 'signed' || assessedStates.includes(effective)) ? replied : null;
    const assessed = assessedStates.includes(effective) ? replied : null;
    const id = ids.next();
    inquiries.push({
      id, org_id: orgId, official_id: p.id, official_org_id: p.org_id, needs_signature: needsSignature ? 1 : 0,
      source_type: rng.chance(0.6) ? 'petition' : null, source_id: null, matter: rng.pick(['反映其违规插手工程项目', '反映其配偶经商办企业', '反映其违规收受礼金', '反映其在干部选拔中打招呼']),
      issued_on: issued, reply_due: due, status: effective, reply_text: replied ? '本人对函询反映的问题说明如下：经认真对照检查，反映问题与事实不符，有关情况附后。' : null,
      replied_on: replied, signer_name: needsSignature && signed ? '单位主要负责人' : null,
      signer_opinion: needsSignature && signed ? '经向有关人员了解并核对相关材料，该同志说明的情况属实，未发现隐瞒。' : null, signed_on: needsSignature ? signed : null,
      assessment_reason: assessed ? ({ accepted: '说明清楚，予以采信，了结', not_accepted: '说明与掌握情况不符，不予采信', escalated: '需进一步核实，转初步核实' } as Record<string, string>)[effective] : null,
      assessed_on: assessed, created_by: 'seed', created_at: at, updated_at: at,
    });
    inquiries[inquiries.length - 1].source_id = inquiries[inquiries.length - 1].source_type ? `XF-${today.slice(0, 4)}-${String(i + 1).padStart(4, '0')}` : null;
    const steps: [string, string | null][] = [['issued', issued]];
    if (replied) steps.push(['replied', replied]);
    if (signed) steps.push(['signed', signed]);
    if (assessed) steps.push([effective, assessed]);
    steps.forEach(([to, d], k) => events.push({
      id: ids.next(), inquiry_id: id, at: `${d}T08:00:00.000Z`, actor_id: null, actor_name: '演示数据', from_status: k ? steps[k - 1][0] : null, to_status: to, note: null,
    }));
  }

  await db.transaction().execute(async (trx) => {
    const insert = async <T extends keyof DB>(table: T, rows: Row<T>[]) => {
      for (let i = 0; i < rows.length; i += 400) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await trx.insertInto(table).values(rows.slice(i, i + 400) as any).execute();
      }
    };
    await insert('talks', talks);
    await insert('talk_subjects', subjects);
    await insert('talk_problems', problems);
    await insert('talk_followups', followups);
    await insert('talk_links', links);
    await insert('admonishments', admonishments);
    await insert('inquiries', inquiries);
    await insert('inquiry_events', events);
  });
  return { talks: talks.length, talkSubjects: subjects.length, inquiries: inquiries.length, admonishments: admonishments.length, appointmentGaps, supervisionGaps, ledByDeputy };
}
