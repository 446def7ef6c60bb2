// Talks (谈话) and admonishments (诫勉): talk types as configuration, talk records with subjects,
// problems, requirements and follow-ups, attendee import, the .docx record, statistics and coverage.
import type { ArchiveEntry, ModuleDefinition } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { NATURE_ZH } from './schema.js';
import { appointmentTalkRule, followupOverdueRule, supervisionTalkRule } from './rules.js';
import { statsRoutes } from './stats-routes.js';
import { talkRoutes } from './talk-routes.js';

export { STANDARD_TALK_TYPES } from '../../db/migrations/004_talks.js';

const FORM_ZH: Record<string, string> = { talk: '诫勉谈话', written: '书面诫勉' };

async function archiveEntries(db: Db, officialId: string): Promise<ArchiveEntry[]> {
  const [talks, problems, admonishments] = await Promise.all([
    db.selectFrom('talk_subjects').innerJoin('talks', 'talks.id', 'talk_subjects.talk_id').innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
      .innerJoin('orgs', 'orgs.id', 'talks.org_id')
      .select(['talks.id', 'talks.talk_date', 'talks.topic', 'talks.mode', 'talk_types.name as type_name', 'orgs.name as org_name'])
      .where('talk_subjects.official_id', '=', officialId).where('talks.status', '=', 'held').orderBy('talks.talk_date').execute(),
    // Problems pointed out in one-to-one talks concern the subject personally.
    db.selectFrom('talk_subjects').innerJoin('talks', 'talks.id', 'talk_subjects.talk_id').innerJoin('talk_problems', 'talk_problems.talk_id', 'talks.id')
      .select(['talks.id', 'talks.talk_date', 'talk_problems.nature'])
      .where('talk_subjects.official_id', '=', officialId).where('talks.mode', '=', 'individual').where('talks.status', '=', 'held').execute(),
    db.selectFrom('admonishments').innerJoin('orgs', 'orgs.id', 'admonishments.org_id')
      .select(['admonishments.id', 'admonishments.decided_on', 'admonishments.form', 'admonishments.basis', 'admonishments.reason', 'admonishments.effect_until', 'orgs.name as org_name'])
      .where('admonishments.official_id', '=', officialId).orderBy('admonishments.decided_on').execute(),
  ]);
  const natures = new Map<string, Set<string>>();
  for (const p of problems) natures.set(p.id, (natures.get(p.id) ?? new Set()).add(NATURE_ZH[p.nature] ?? p.nature));
  return [
    ...talks.map((t) => ({
      kind: 'talk', date: t.talk_date, title: `${t.org_name}${t.type_name}${t.mode === 'collective' ? '（集体）' : ''}`,
      detail: natures.has(t.id) ? `${t.topic}；指出${[...natures.get(t.id)!].join('、')}问题` : t.topic, recordType: 'talk', recordId: t.id,
    })),
    ...admonishments.map((a) => ({
      kind: 'admonishment', date: a.decided_on, title: `受到${a.org_name}${FORM_ZH[a.form] ?? a.form}`,
      detail: `${a.reason}（依据：${a.basis}；影响期至${a.effect_until}）`, recordType: 'admonishment', recordId: a.id,
    })),
  ];
}

export const talksModule: ModuleDefinition = {
  name: 'talks',
  permissions: {
    'talks.read': ['leader', 'supervisor', 'orgdept', 'casemgr'],
    'talks.write': ['leader', 'supervisor', 'orgdept'],
    'talks.configure': ['supervisor'],
  },
  routes(app, ctx) {
    talkRoutes(app, ctx);
    statsRoutes(app, ctx);
  },
  warningRules: [appointmentTalkRule, supervisionTalkRule, followupOverdueRule],
  archiveEntries,
};
