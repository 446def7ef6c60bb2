// The talk and inquiry rules on a fixed data set: exactly the expected warnings appear.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { newId } from '../../src/core/ids.js';
import { addDays, addMonths, addYears, today } from '../../src/core/time.js';
import { runRules } from '../../src/modules/warnings/index.js';
import { talksModule } from '../../src/modules/talks/index.js';
import { inquiriesModule } from '../../src/modules/inquiries/index.js';
import { principalsWithoutSupervisionTalk } from '../../src/modules/talks/rules.js';

describe.each(DIALECTS)('talk and inquiry rules on %s', (dialect) => {
  let d: TestDatabase;
  const now = new Date().toISOString();
  const t = today();
  const ids: Record<string, string> = {};

  async function org(key: string, parent: string | null, kind = parent ? 'department' : 'region', level = parent ? 'county' : 'province') {
    const id = newId();
    ids[key] = id;
    const up = parent ? await d.db.selectFrom('orgs').select(['path', 'depth']).where('id', '=', ids[parent]).executeTakeFirstOrThrow() : null;
    await d.db.insertInto('orgs').values({
      id, parent_id: parent ? ids[parent] : null, path: `${up?.path ?? '/'}${id}/`, depth: up ? up.depth + 1 : 0, name: key, short_name: null,
      level, kind, code: null, sort_order: 0, search_text: key, created_at: now, updated_at: now,
    }).execute();
  }
  /** An official with posts (default: one current principal post). */
  async function official(key: string, orgKey: string, posts: { org?: string; start: string; end?: string; principal?: boolean }[]) {
    const id = newId();
    ids[key] = id;
    await d.db.insertInto('officials').values({
      id, org_id: ids[orgKey], name: key, gender: 'M', birth_date: null, ethnicity: null, education: null, party_member: 1, id_number_enc: null,
      id_number_tail: null, current_title: '书记', search_text: key, created_at: now, updated_at: now,
    }).execute();
    for (const p of posts) {
      const principal = p.principal ?? true;
      await d.db.insertInto('posts').values({
        id: newId(), official_id: id, org_id: ids[p.org ?? orgKey], title: principal ? '书记' : '副书记', rank: null, division: null, is_team_member: 1,
        is_principal: principal ? 1 : 0, is_key_post: 0, start_date: p.start, end_date: p.end ?? null, created_at: now, updated_at: now,
      }).execute();
    }
  }
  const principal = (key: string, orgKey: string, start: string) => official(key, orgKey, [{ start }]);
  async function talk(key: string, typeId: string, subject: string, date: string, followups: { deadline: string; done?: boolean }[] = [], lead?: string) {
    const id = newId();
    ids[key] = id;
    await d.db.insertInto('talks').values({
      id, org_id: ids.R, type_id: typeId, mode: 'individual', status: 'held', talk_date: date, place: null, conductors: '上级一把手', lead_conductor_id: lead ? ids[lead] : null,
      topic: key, summary: null, requirements: null, subject_count: 1, subject_preview: subject, created_by: 'test', created_at: now, updated_at: now,
    }).execute();
    await d.db.insertInto('talk_subjects').values({ talk_id: id, official_id: ids[subject], org_id: ids.C, title: null, principal: 1 }).execute();
    for (const [i, f] of followups.entries()) {
      ids[`${key}.f${i}`] = newId();
      await d.db.insertInto('talk_followups').values({
        id: ids[`${key}.f${i}`], talk_id: id, org_id: ids.R, content: `${key}事项${i}`, deadline: f.deadline, completed_on: f.done ? f.deadline : null, completion_note: null,
      }).execute();
    }
  }
  async function inquiry(key: string, official: string, due: string, status: string) {
    ids[key] = newId();
    await d.db.insertInto('inquiries').values({
      id: ids[key], org_id: ids.R, official_id: ids[official], official_org_id: ids.C, needs_signature: 0, source_type: null, source_id: null, matter: key,
      issued_on: addDays(due, -21), reply_due: due, status, reply_text: null, replied_on: null, signer_name: null, signer_opinion: null, signed_on: null,
      assessment_reason: null, assessed_on: null, created_by: 'test', created_at: now, updated_at: now,
    }).execute();
  }

  beforeAll(async () => {
    d = await freshDatabase(dialect);
    await org('R', null);
    for (const k of ['C', 'U1', 'U2', 'U3', 'U4', 'U5']) await org(k, 'R');
    await principal('top', 'R', addYears(t, -3)); // no higher 一把手: never a supervision finding
    await principal('oldNoTalk', 'C', addYears(t, -3)); // → supervision finding
    await principal('newNoTalk', 'U1', addDays(t, -40)); // → appointment finding
    await principal('newTalked', 'U2', addDays(t, -40));
    await principal('brandNew', 'U3', addDays(t, -10)); // still within 30 days
    await principal('supervised', 'U4', addYears(t, -2));
    await principal('staleTalk', 'U5', addYears(t, -2)); // last supervision talk 14 months ago → finding
    await talk('appt', 'appointment', 'newTalked', addDays(t, -45)); // 任前谈话 before taking office counts
    // Led by the principal of an ancestor of the subject's organization: counts.
    await talk('sup', 'supervision', 'supervised', addMonths(t, -3), [{ deadline: addDays(t, -5) }, { deadline: addDays(t, -5), done: true }, { deadline: addDays(t, 5) }], 'top');
    await talk('supOld', 'supervision', 'staleTalk', addMonths(t, -14), [], 'top');
    await talk('heartOnly', 'heart', 'oldNoTalk', addMonths(t, -1), [], 'top'); // a talk of another type does not count

    // A region tree: the province's party committee leads its departments and the cities' committees;
    // a city's committee leads the city's departments and the counties; a county's, its townships.
    await org('Rpc', 'R', 'party_committee', 'province');
    await org('Rdept', 'R', 'department', 'province');
    await org('City', 'R', 'region', 'city');
    await org('Cpc', 'City', 'party_committee', 'city');
    for (const k of ['Cd1', 'Cd2', 'Cd3', 'Cd4', 'Cd5', 'Cd6']) await org(k, 'City', 'department', 'city');
    await org('County', 'City', 'region', 'county');
    await org('Kpc', 'County', 'party_committee', 'county');
    await org('T1', 'County', 'party_committee', 'township');
    await org('T2', 'County', 'party_committee', 'township');
    const long = addYears(t, -3);
    const sup = addMonths(t, -3);
    await principal('provSec', 'Rpc', long); // the top party committee: no higher 一把手, never a finding
    await principal('provDeptHead', 'Rdept', long);
    await principal('citySec', 'Cpc', long);
    await official('cityDeputy', 'Cpc', [{ start: long, principal: false }]);
    await official('exCitySec', 'Cpc', [{ start: addYears(t, -8), end: addMonths(t, -4) }]); // left the post a month before the talk
    await official('lateCitySec', 'Cpc', [{ start: addMonths(t, -2), end: addMonths(t, -1) }]); // city secretary only after the talk
    for (const k of ['1', '2', '3', '4', '5', '6']) await principal(`cityHead${k}`, `Cd${k}`, long);
    await principal('countySec', 'Kpc', long);
    await principal('town1', 'T1', long);
    await principal('town2', 'T2', long);
    await talk('provDeptTalk', 'supervision', 'provDeptHead', sup, [], 'provSec'); // the region's committee over its department: counts
    await talk('citySecTalk', 'supervision', 'citySec', sup, [], 'provSec'); // the province's committee over a city's: counts
    await talk('head1Talk', 'supervision', 'cityHead1', sup, [], 'citySec'); // counts
    await talk('head2Talk', 'supervision', 'cityHead2', sup, [], 'cityHead1'); // a peer principal → finding
    await talk('head3Talk', 'supervision', 'cityHead3', sup, [], 'cityDeputy'); // not a principal → finding
    await talk('head4Talk', 'supervision', 'cityHead4', sup, [], 'exCitySec'); // principal post ended before the talk → finding
    await talk('head5Talk', 'supervision', 'cityHead5', sup, [], 'countySec'); // a lower principal → finding
    await talk('countyTalk', 'supervision', 'countySec', sup, [], 'countySec'); // led by themself → finding
    await talk('town1Talk', 'supervision', 'town1', sup, [], 'countySec'); // the county's committee over a township's: counts
    await talk('town2Talk', 'supervision', 'town2', sup, [], 'town1'); // a township's committee is not above another's → finding
    await talk('head6Talk', 'supervision', 'cityHead6', sup, [], 'lateCitySec'); // not yet the city's principal on the talk date → finding
    await inquiry('late', 'supervised', addDays(t, -1), 'issued'); // → overdue
    await inquiry('onTime', 'supervised', addDays(t, 3), 'issued');
    await inquiry('answered', 'staleTalk', addDays(t, -10), 'replied');
  });
  afterAll(async () => d.drop());

  it('raises exactly the expected warnings, each once, with its basis', async () => {
    const rules = [...talksModule.warningRules!, ...inquiriesModule.warningRules!];
    const first = await runRules(d.db, d.dialect, rules);
    const rows = await d.db.selectFrom('warnings').select(['rule_id', 'subject_id', 'cause_key', 'basis']).orderBy('rule_id').execute();
    const got = rows.map((r) => `${r.rule_id} ${r.subject_id}`).sort();
    expect(got).toEqual([
      `inquiries.reply-overdue ${ids.supervised}`,
      `talks.appointment-talk-missing ${ids.newNoTalk}`,
      `talks.followup-overdue ${ids.sup}`,
      `talks.supervision-talk-missing ${ids.oldNoTalk}`,
      `talks.supervision-talk-missing ${ids.staleTalk}`,
      `talks.supervision-talk-missing ${ids.cityHead2}`,
      `talks.supervision-talk-missing ${ids.cityHead3}`,
      `talks.supervision-talk-missing ${ids.cityHead4}`,
      `talks.supervision-talk-missing ${ids.cityHead5}`,
      `talks.supervision-talk-missing ${ids.countySec}`,
      `talks.supervision-talk-missing ${ids.town2}`,
      `talks.supervision-talk-missing ${ids.cityHead6}`,
    ].sort());
    expect(rows.find((r) => r.rule_id === 'inquiries.reply-overdue')!.cause_key).toBe(`inquiry:${ids.late}`);
    expect(rows.find((r) => r.rule_id === 'talks.followup-overdue')!.cause_key).toBe(`followup:${ids['sup.f0']}`);
    expect(rows.every((r) => r.basis.length > 10)).toBe(true);
    expect(rows.find((r) => r.rule_id === 'talks.appointment-talk-missing')!.basis).toContain('第3条');
    // A second run raises nothing new.
    const second = await runRules(d.db, d.dialect, rules);
    expect(first.raised).toBe(12);
    expect(second.raised).toBe(0);
  });

  it.runIf(dialect === 'postgres')('looks up the talks of each principal instead of comparing every principal with every talk', async () => {
    // As an anti join PostgreSQL compared every principal with every qualifying talk (minutes a
    // page at province scale): the subquery must stay one, probed through talk_subjects by official.
    const compiled = principalsWithoutSupervisionTalk(d.db, addMonths(t, -12), '').compile();
    const plan = await d.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('SubPlan');
    expect(text).not.toContain('Anti Join');
  });
});
