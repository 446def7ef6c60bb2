// Warning rules about talks that the regulations require, each with its basis (依据).
import { z } from 'zod';
import type { Finding, WarningRule } from '../../core/module.js';
import { addDays, addMonths } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { pathStrictlyBelow } from '../../db/sql.js';

const PAGE = 1000;

/** A new 一把手 gets an appointment talk (任前/任职谈话) within N days of taking office. */
export const appointmentTalkRule: WarningRule<{ days: number; lookbackDays: number }> = {
  id: 'talks.appointment-talk-missing',
  name: '新任一把手未按期开展任职谈话',
  nameEn: 'New principal without an appointment talk',
  module: 'talks',
  basis: '《关于加强对“一把手”和领导班子监督的意见》第3条：一把手任职后，上级党委（党组）主要负责人应当及时同其谈话',
  version: 1,
  severity: 'yellow',
  defaults: { days: 30, lookbackDays: 365 },
  thresholdSchema: z.strictObject({ days: z.number().int().min(1).max(180), lookbackDays: z.number().int().min(30).max(1095) }),
  async *evaluate({ db, today, thresholds }) {
    const due = addDays(today, -thresholds.days);
    const since = addDays(today, -thresholds.lookbackDays);
    let after = '';
    for (;;) {
      const rows = await currentPrincipalPosts(db)
        .where('posts.start_date', '<=', due)
        .where('posts.start_date', '>=', since)
        .where('posts.id', '>', after)
        // 任前谈话 may be held shortly before taking office: any appointment talk since the window opened counts.
        .where((eb) => eb.not(eb.exists(eb.selectFrom('talk_subjects').innerJoin('talks', 'talks.id', 'talk_subjects.talk_id')
          .select('talks.id')
          .whereRef('talk_subjects.official_id', '=', 'posts.official_id')
          .where('talks.type_id', '=', 'appointment')
          .where('talks.status', '=', 'held')
          .where('talks.talk_date', '>=', addDays(since, -90))
        )))
        .orderBy('posts.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const finding: Finding = {
          subjectType: 'official', subjectId: r.official_id, causeKey: `post:${r.id}`, orgId: r.org_id,
          title: `${r.name}自${r.start_date}任${r.org_name}${r.title}，超过${thresholds.days}日未开展任职谈话`,
          detail: `新任一把手应在任职后${thresholds.days}日内由上级党组织主要负责人开展任职谈话，系统中未见记录。`,
          links: [
            { recordType: 'official', recordId: r.official_id, label: r.name },
            { recordType: 'org', recordId: r.org_id, label: r.org_name },
            { recordType: 'post', recordId: r.id, label: r.title },
          ],
        };
        yield finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};

/** Higher 一把手 hold a supervision talk (监督谈话) with each lower 一把手 every 12 months.
 *
 *  Version 2: only a talk led by a higher 一把手 counts. Its lead conductor (talks.lead_conductor_id)
 *  must, on the talk date, hold a principal post in an organization L higher than the subject's
 *  organization S: L is an ancestor of S, or L is the party committee of a region above S (the
 *  region's own committee, at the region's level: it leads the departments, the 四大家 and the lower
 *  regions beside and below it; a township's committee hanging off a county is not the county's).
 *  The party committee at the top of the tree has no higher 一把手 here and is not a lower 一把手. */
export const supervisionTalkRule: WarningRule<{ months: number }> = {
  id: 'talks.supervision-talk-missing',
  name: '下级一把手12个月内未开展监督谈话',
  nameEn: 'Lower principal without a supervision talk in 12 months',
  module: 'talks',
  basis: '《关于加强对“一把手”和领导班子监督的意见》第3条：上级一把手要经常同下级一把手谈心谈话，每年至少开展一次监督谈话',
  version: 2,
  severity: 'yellow',
  defaults: { months: 12 },
  thresholdSchema: z.strictObject({ months: z.number().int().min(1).max(36) }),
  async *evaluate({ db, today, thresholds }) {
    const since = addMonths(today, -thresholds.months);
    let after = '';
    for (;;) {
      const rows = await principalsWithoutSupervisionTalk(db, since, after).execute();
      for (const r of rows) {
        yield {
          subjectType: 'official', subjectId: r.official_id, causeKey: `supervision:${r.id}:${since.slice(0, 7)}`, orgId: r.org_id,
          title: `${r.name}（${r.org_name}${r.title}）近${thresholds.months}个月未接受上级一把手监督谈话`,
          detail: `自${since}以来系统中没有由上级一把手主持的监督谈话记录（谈话须由谈话时在上级党组织任一把手的人员主持方可计入）。`,
          links: [
            { recordType: 'official', recordId: r.official_id, label: r.name },
            { recordType: 'org', recordId: r.org_id, label: r.org_name },
          ],
        } satisfies Finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};

/** Follow-up items set in a talk are completed by their deadline. */
export const followupOverdueRule: WarningRule<{ graceDays: number }> = {
  id: 'talks.followup-overdue',
  name: '谈话后续跟踪事项逾期未完成',
  nameEn: 'Talk follow-up item overdue',
  module: 'talks',
  basis: '《中国共产党纪律检查机关监督执纪工作规则》第24条：谈话中指出的问题应当督促整改，跟踪落实',
  version: 1,
  severity: 'blue',
  defaults: { graceDays: 0 },
  thresholdSchema: z.strictObject({ graceDays: z.number().int().min(0).max(90) }),
  async *evaluate({ db, today, thresholds }) {
    const cutoff = addDays(today, -thresholds.graceDays);
    let after = '';
    for (;;) {
      const rows = await db.selectFrom('talk_followups')
        .innerJoin('talks', 'talks.id', 'talk_followups.talk_id')
        .innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
        .select(['talk_followups.id', 'talk_followups.content', 'talk_followups.deadline', 'talk_followups.org_id', 'talks.id as talk_id', 'talks.talk_date', 'talk_types.name as type_name'])
        .where('talk_followups.completed_on', 'is', null)
        .where('talk_followups.deadline', '<', cutoff)
        .where('talk_followups.id', '>', after)
        .orderBy('talk_followups.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        yield {
          subjectType: 'talk', subjectId: r.talk_id, causeKey: `followup:${r.id}`, orgId: r.org_id,
          title: `${r.talk_date}${r.type_name}的跟踪事项逾期：${r.content.slice(0, 40)}`,
          detail: `跟踪事项“${r.content}”期限为${r.deadline}，至今未完成。`,
          links: [{ recordType: 'talk', recordId: r.talk_id, label: `${r.talk_date}${r.type_name}` }],
        } satisfies Finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};

/** One page (after a post id) of the lower principals with no supervision talk since `since` held by
 *  a higher principal (exported for the query-plan test). */
export function principalsWithoutSupervisionTalk(db: Db, since: string, after: string) {
  return currentPrincipalPosts(db)
    .leftJoin('orgs as up', 'up.id', 'orgs.parent_id')
    // A principal newer than the period is covered by the appointment-talk rule.
    .where('posts.start_date', '<=', since)
    // Lower 一把手: the team has a higher organization above it (not the root, nor the root region's committee).
    .where('orgs.parent_id', 'is not', null)
    .where((eb) => eb.not(eb.and([eb('orgs.kind', '=', 'party_committee'), eb('up.parent_id', 'is', null)])))
    .where('posts.id', '>', after)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('talk_subjects').innerJoin('talks', 'talks.id', 'talk_subjects.talk_id')
      .innerJoin('posts as lead', 'lead.official_id', 'talks.lead_conductor_id')
      .innerJoin('orgs as lo', 'lo.id', 'lead.org_id')
      .leftJoin('orgs as lr', 'lr.id', 'lo.parent_id')
      .select('talks.id')
      .whereRef('talk_subjects.official_id', '=', 'posts.official_id')
      .where('talks.type_id', '=', 'supervision')
      .where('talks.status', '=', 'held')
      .where('talks.talk_date', '>', since)
      // The lead conductor was a 一把手 on the talk date…
      .where('lead.is_principal', '=', 1)
      .whereRef('lead.start_date', '<=', 'talks.talk_date')
      .where((w) => w.or([w('lead.end_date', 'is', null), w('lead.end_date', '>=', w.ref('talks.talk_date'))]))
      // …of an organization higher than the subject's.
      .where((w) => w.or([
        pathStrictlyBelow('orgs.path', 'lo.path'),
        w.and([
          w('lo.kind', '=', 'party_committee'),
          w('lr.kind', '=', 'region'),
          w('lo.level', '=', w.ref('lr.level')),
          w('lo.id', '<>', w.ref('orgs.id')),
          pathStrictlyBelow('orgs.path', 'lr.path'),
        ]),
      ]))
      // OFFSET keeps PostgreSQL from turning this into an anti join: it then underestimated the
      // qualifying talks (1 for thousands) and compared every principal with every such talk
      // (minutes a page at province scale); as a subquery it looks up each principal's own talks.
      .limit(1).offset(0))))
    .orderBy('posts.id')
    .limit(PAGE);
}

/** Current principal (一把手) posts with their holder and organization: what both principal rules page through. */
function currentPrincipalPosts(db: Db) {
  return db.selectFrom('posts')
    .innerJoin('officials', 'officials.id', 'posts.official_id')
    .innerJoin('orgs', 'orgs.id', 'posts.org_id')
    .select(['posts.id', 'posts.title', 'posts.start_date', 'posts.org_id', 'officials.id as official_id', 'officials.name', 'orgs.name as org_name'])
    .where('posts.is_principal', '=', 1)
    .where('posts.end_date', 'is', null);
}
