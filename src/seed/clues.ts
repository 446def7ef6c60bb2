// Demo problem clues (问题线索): every report the petition office turned into a clue, plus clues from
// inspections, audits and other bodies; every state of the disposal workflow (proposals awaiting
// approval, rejected and approved proposals, disposals past their deadline, outcomes under the four
// forms), transfers between commissions in every state (some with feedback overdue) and a few
// consultation meetings. Deterministic: draws from the demo's Rng, ids from its IdSource, dates
// relative to `today`. Runs after the petitions seed (it reads the reports marked to_clue).
import type { Insertable } from 'kysely';
import type { Trx } from '../core/module.js';
import { indexDocuments } from '../db/search.js';
import type { DB } from '../db/schema.js';
import { clueCode, handlingBodyFor } from '../modules/clues/clue-store.js';
import { fromDay, toDay, weightedTable, type IdSource, type Rng } from './random.js';

export interface ClueSeedArgs {
  rng: Rng;
  ids: IdSource;
  today: string;
  /** Clues from sources other than reports. */
  direct?: number;
}

export const STATE = weightedTable([['registered', 14], ['proposed', 10], ['disposing', 36], ['concluded', 40]] as const);
export const METHOD = weightedTable([['talk_inquiry', 35], ['preliminary_check', 35], ['hold', 15], ['close', 15]] as const);
export const FORM = weightedTable([[1, 46], [2, 24], [3, 12], [4, 8], [0, 10]] as const);
export const SANCTIONS: Record<number, string[]> = {
  1: ['谈话提醒', '批评教育', '责令检查', '诫勉'],
  2: ['党内警告', '政务警告', '党内严重警告', '政务记过'],
  3: ['撤销党内职务', '留党察看', '降职', '政务撤职'],
  4: ['开除党籍、开除公职，移送检察机关依法审查起诉'],
};
export const OUTCOMES: Record<number, string> = {
  0: '经核查，反映问题不属实，予以了结，并向被反映人反馈澄清。',
  1: '反映问题部分属实，情节轻微，按照第一种形态处理。',
  2: '经初步核实，反映问题基本属实，给予轻处分。',
  3: '经审查调查，违纪事实清楚，给予重处分。',
  4: '严重违纪并涉嫌职务违法犯罪，立案审查调查后移送审查起诉。',
};
const DIRECT: [string, string, string | null][] = [
  ['巡视反馈：{o}在{p}中存在围标串标问题，{n}涉嫌打招呼干预', 'integrity', 'construction'],
  ['审计发现：{o}违规拨付专项资金，{n}签批', 'integrity', 'finance'],
  ['巡察发现：{n}落实中央八项规定精神不力，公车私用', 'integrity', null],
  ['审计发现：{o}政府采购未履行招标程序，{n}指定供应商', 'integrity', 'procurement'],
  ['公安机关移送：{n}涉嫌参与赌博', 'life', null],
  ['巡察发现：{o}选人用人程序不规范，{n}突击提拔干部', 'organizational', null],
  ['巡视反馈：{o}贯彻上级决策部署打折扣，{n}搞变通', 'political', null],
  ['审计发现：{o}违规发放津贴补贴，{n}负有领导责任', 'integrity', 'finance'],
  ['检察机关移送：{n}在{p}审批中涉嫌受贿', 'integrity', 'approvals'],
  ['巡察发现：{o}执法检查中选择性执法，{n}打招呼', 'work', 'law_enforcement'],
];
const PROJECTS = ['城南道路改造工程', '老旧小区改造项目', '污水处理厂扩建工程', '工业园区基础设施项目', '河道综合治理项目'];
const SOURCES = weightedTable([['inspection', 45], ['audit', 30], ['other', 25]] as const);

type Row<T extends keyof DB> = Insertable<DB[T]>;

export async function seedClues(trx: Trx, args: ClueSeedArgs): Promise<{ clues: number; transfers: number; consultations: number }> {
  const { rng, ids } = args;
  const todayDay = toDay(args.today);
  const ts = (day: number, hour = 9) => `${fromDay(Math.min(day, todayDay))}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const user = async (username: string) => (await trx.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst())
    ?? (await trx.selectFrom('users').select(['id', 'display_name']).orderBy('username').limit(1).executeTakeFirstOrThrow());
  const [registrar, manager, leader] = [await user('petition'), await user('casemgr'), await user('leader')];
  const commissions = await trx.selectFrom('orgs').select(['id', 'name', 'depth']).where('kind', '=', 'commission').orderBy('path').execute();
  if (!commissions.length) return { clues: 0, transfers: 0, consultations: 0 };
  const province = commissions[0];
  const roots = await trx.selectFrom('orgs').select('path').where('parent_id', 'is', null).execute();
  const everywhere = { paths: roots.map((r) => r.path) };

  const clues: Row<'clues'>[] = [];
  const subjects: Row<'clue_subjects'>[] = [];
  const disposals: Row<'clue_disposals'>[] = [];
  const events: Row<'clue_events'>[] = [];
  const subjectsOf = new Map<string, { type: string; id: string; orgId: string; name: string }[]>();
  const docs: { type: string; id: string; orgId: string; text: string }[] = [];
  const event = (clueId: string, day: number, who: { id: string; display_name: string }, action: string, detail: Record<string, unknown> = {}) =>
    events.push({ id: ids.next(), clue_id: clueId, at: ts(day, 10), actor_id: who.id, actor_name: who.display_name, action, detail: JSON.stringify(detail) });

  /** One clue and its whole history up to the state drawn for it. */
  const addClue = (c: { orgId: string; source: string; petitionId: string | null; summary: string; discipline: string; sector: string | null; day: number },
    subs: { type: string; id: string; orgId: string; name: string }[]) => {
    const id = ids.next();
    const state = rng.weighted(STATE);
    const received = Math.min(c.day, todayDay);
    const row: Row<'clues'> = {
      id, org_id: c.orgId, code: clueCode(id, fromDay(received)), source: c.source, petition_id: c.petitionId, transfer_id: null, summary: c.summary,
      discipline: c.discipline, sector: c.sector, received_date: fromDay(received), state: 'registered', method: null, deadline: null, form: null,
      sanction: null, outcome: null, linked_type: null, linked_id: null, created_by: registrar.id, created_at: ts(received), updated_at: ts(received), concluded_at: null,
    };
    clues.push(row);
    for (const s of subs) subjects.push({ clue_id: id, subject_type: s.type, subject_id: s.id, org_id: s.orgId });
    subjectsOf.set(id, subs);
    docs.push({ type: 'clue', id, orgId: c.orgId, text: [row.code, c.summary, ...subs.map((s) => s.name)].join(' ') });
    event(id, received, registrar, 'create', { source: c.source, ...(c.petitionId && { petitionId: c.petitionId }) });
    if (state === 'registered') return row;

    // Proposals: the recent ones await approval; some earlier ones were rejected first.
    // Awaiting approval: proposed in the last days; under disposal: approved in the last months (so that
    // some, not most, are past their deadline); concluded: proposed soon after receipt.
    let day = state === 'proposed' ? Math.max(received, todayDay - rng.int(0, 10))
      : state === 'disposing' ? Math.min(Math.max(received + 2, todayDay - rng.int(5, 110)), todayDay)
        : Math.min(received + rng.int(2, 15), todayDay);
    if (state !== 'proposed' && rng.chance(0.15)) {
      const rejected = { id: ids.next(), method: 'close', deadline: fromDay(day + 30) };
      disposals.push({ ...rejected, clue_id: id, reason: '反映问题较为笼统，拟予了结', status: 'rejected', proposed_by: manager.id, proposed_at: ts(day), decided_by: leader.id, decided_at: ts(day + 1, 15), decision_note: '反映问题具体，应先初步核实' });
      event(id, day, manager, 'propose', { disposalId: rejected.id, method: 'close', deadline: rejected.deadline, reason: '反映问题较为笼统，拟予了结' });
      event(id, day + 1, leader, 'reject', { disposalId: rejected.id, method: 'close', note: '反映问题具体，应先初步核实' });
      day = Math.min(day + 2, todayDay);
    }
    const method = rng.weighted(METHOD);
    const decided = Math.min(day + rng.int(1, 5), todayDay);
    const deadline = fromDay(decided + rng.int(30, 90));
    const disposalId = ids.next();
    const reason = { talk_inquiry: '反映问题较具体，拟谈话函询', preliminary_check: '反映问题具体、可查性强，拟初步核实', hold: '暂不具备核查条件，拟暂存待查', close: '反映问题失实或已处理，拟予以了结' }[method];
    event(id, day, manager, 'propose', { disposalId, method, deadline, reason });
    if (state === 'proposed') {
      disposals.push({ id: disposalId, clue_id: id, method, deadline, reason, status: 'pending', proposed_by: manager.id, proposed_at: ts(day), decided_by: null, decided_at: null, decision_note: null });
      Object.assign(row, { state: 'proposed', updated_at: ts(day) });
      return row;
    }
    disposals.push({ id: disposalId, clue_id: id, method, deadline, reason, status: 'approved', proposed_by: manager.id, proposed_at: ts(day), decided_by: leader.id, decided_at: ts(decided, 15), decision_note: '同意' });
    event(id, decided, leader, 'approve', { disposalId, method, deadline, note: '同意' });
    Object.assign(row, { state: 'disposing', method, deadline, updated_at: ts(decided) });
    const concluded = decided + rng.int(10, 80);
    if (state === 'disposing' || concluded > todayDay) return row;

    const form = method === 'close' ? 0 : rng.weighted(FORM);
    const sanction = form ? rng.pick(SANCTIONS[form]) : null;
    Object.assign(row, { state: 'concluded', form: form || null, sanction, outcome: OUTCOMES[form], concluded_at: ts(concluded, 16), updated_at: ts(concluded, 16) });
    event(id, concluded, manager, 'conclude', { form: form || null, sanction, outcome: OUTCOMES[form] });
    return row;
  };

  // ---- from the reports the petition office marked for clues
  const reports = await trx.selectFrom('petitions').select(['id', 'org_id', 'summary', 'discipline', 'sector', 'received_at'])
    .where('status', '=', 'to_clue').orderBy('id').execute();
  const reportSubjects = reports.length
    ? await trx.selectFrom('petition_subjects')
      .leftJoin('officials', 'officials.id', 'petition_subjects.subject_id').innerJoin('orgs', 'orgs.id', 'petition_subjects.org_id')
      .select(['petition_subjects.petition_id', 'petition_subjects.subject_type', 'petition_subjects.subject_id', 'petition_subjects.org_id', 'officials.name as official_name', 'orgs.name as org_name'])
      .where('petition_subjects.petition_id', 'in', reports.map((r) => r.id)).orderBy('petition_subjects.petition_id').orderBy('petition_subjects.subject_id').execute()
    : [];
  for (const r of reports) {
    const subs = reportSubjects.filter((s) => s.petition_id === r.id)
      .map((s) => ({ type: s.subject_type, id: s.subject_id, orgId: s.org_id, name: s.subject_type === 'official' ? (s.official_name ?? '') : s.org_name }));
    const handler = await handlingBodyFor(trx, everywhere, r.org_id);
    addClue({ orgId: handler, source: 'report', petitionId: r.id, summary: r.summary, discipline: r.discipline, sector: r.sector, day: toDay(r.received_at) + rng.int(1, 10) }, subs);
  }

  // ---- from inspections, audits and other bodies, about principals and team members
  const people = await trx.selectFrom('posts').innerJoin('officials', 'officials.id', 'posts.official_id').innerJoin('orgs', 'orgs.id', 'posts.org_id')
    .select(['officials.id', 'officials.name', 'officials.org_id', 'orgs.name as org_name'])
    .where('posts.end_date', 'is', null).where('posts.is_team_member', '=', 1).where('orgs.kind', 'not in', ['commission', 'stationed_group'])
    .orderBy('posts.id').execute();
  for (let i = 0; i < (args.direct ?? 90) && people.length; i++) {
    const p = rng.pick(people);
    const [text, discipline, sector] = rng.pick(DIRECT);
    const summary = text.replaceAll('{o}', p.org_name).replaceAll('{n}', p.name).replaceAll('{p}', rng.pick(PROJECTS));
    const handler = rng.chance(0.5) ? province : rng.pick(commissions);
    addClue({ orgId: handler.id, source: rng.weighted(SOURCES), petitionId: null, summary, discipline, sector, day: todayDay - rng.int(5, 600) },
      [{ type: 'official', id: p.id, orgId: p.org_id, name: p.name }]);
  }

  // ---- transfers between commissions: sent, received (registered at the receiver), fed back; some overdue
  const transfers: Row<'clue_transfers'>[] = [];
  const open = clues.filter((c) => c.state !== 'concluded' && c.org_id === province.id);
  for (const c of rng.sample(open, Math.min(24, open.length))) {
    const to = rng.pick(commissions.filter((o) => o.id !== c.org_id));
    const sent = Math.max(toDay(c.received_date), todayDay - rng.int(5, 120));
    const due = sent + rng.int(20, 60);
    const status = rng.weighted(weightedTable([['sent', 30], ['received', 40], ['fed_back', 30]] as const));
    const id = ids.next();
    const t: Row<'clue_transfers'> = {
      id, clue_id: c.id, from_org_id: c.org_id, to_org_id: to.id, note: '请依规依纪处置，并按期反馈办理结果', sent_date: fromDay(sent), feedback_due: fromDay(due),
      sent_by: registrar.id, status, received_at: null, received_by: null, receipt_note: null, received_clue_id: null, result: null, result_at: null,
      result_by: null, created_at: ts(sent),
    };
    event(c.id, sent, registrar, 'transfer', { transferId: id, toOrgId: to.id, toOrgName: to.name, feedbackDue: t.feedback_due });
    if (status !== 'sent') {
      const got = Math.min(sent + rng.int(1, 5), todayDay);
      const copy = addClue({ orgId: to.id, source: 'transfer_in', petitionId: null, summary: c.summary, discipline: c.discipline, sector: c.sector ?? null, day: got },
        subjectsOf.get(c.id) ?? []);
      copy.transfer_id = id;
      Object.assign(t, { received_at: ts(got, 11), received_by: registrar.id, receipt_note: '已签收', received_clue_id: copy.id });
      event(c.id, got, registrar, 'receive', { transferId: id, receivedClueId: copy.id, note: '已签收' });
      if (status === 'fed_back') {
        const back = Math.min(got + rng.int(10, 50), todayDay);
        Object.assign(t, { result: '经初步核实，反映问题部分属实，已给予相关人员诫勉处理。', result_at: ts(back, 16), result_by: registrar.id });
        event(c.id, back, registrar, 'feedback', { transferId: id, result: t.result });
      }
    }
    transfers.push(t);
  }

  // ---- consultation meetings at the provincial commission
  const meetings: Row<'consultations'>[] = [];
  const meetingOrgs: Row<'consultation_orgs'>[] = [];
  const meetingClues: Row<'consultation_clues'>[] = [];
  const assignments: Row<'consultation_assignments'>[] = [];
  const provincial = clues.filter((c) => c.org_id === province.id);
  const others = await trx.selectFrom('orgs').select(['id', 'name']).where('depth', '<=', 1).where('kind', 'in', ['department', 'inspection_office']).orderBy('path').execute();
  for (let k = 0; k < 6 && provincial.length >= 2; k++) {
    const id = ids.next();
    const day = todayDay - 20 - k * 45;
    const discussed = rng.sample(provincial.filter((c) => toDay(c.received_date) <= day), rng.int(2, 5));
    if (discussed.length < 2) continue;
    const quarter = `${fromDay(day).slice(0, 4)}年第${Math.floor((Number(fromDay(day).slice(5, 7)) - 1) / 3) + 1}季度`;
    meetings.push({
      id, org_id: province.id, meeting_date: fromDay(day), title: `${quarter}问题线索会商研判会（第${6 - k}次）`, other_participants: rng.pick(['省公安厅经侦总队', '省审计厅', '省检察院', null]),
      conclusions: `会议研判问题线索${discussed.length}件，明确处置方式和责任单位，要求相关单位按期报告办理进展。`, created_by: registrar.id, created_at: ts(day, 17),
    });
    for (const o of rng.sample([...others, ...commissions.slice(1)], rng.int(1, 3))) meetingOrgs.push({ consultation_id: id, org_id: o.id });
    for (const c of discussed) {
      const opinion = rng.pick(['建议初步核实', '建议谈话函询', '建议移送有关单位处理', '建议暂存待查', null]);
      meetingClues.push({ consultation_id: id, clue_id: c.id, opinion });
      event(c.id, day, registrar, 'consult', { consultationId: id, title: meetings[meetings.length - 1].title, meetingDate: fromDay(day), ...(opinion && { opinion }) });
    }
    for (let a = rng.int(1, 3); a > 0; a--) {
      assignments.push({ id: ids.next(), consultation_id: id, task: rng.pick(['30日内完成初步核实并报告', '调取相关项目资料', '约谈相关单位主要负责人', '督促整改并反馈']), assignee_org_id: rng.pick(commissions).id, due_date: fromDay(day + rng.int(15, 45)) });
    }
  }

  const insert = async <T extends keyof DB>(table: T, rows: Row<T>[]) => {
    const size = rows.length ? Math.max(1, Math.floor(20000 / Object.keys(rows[0]).length)) : 1;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (let i = 0; i < rows.length; i += Math.min(500, size)) await trx.insertInto(table).values(rows.slice(i, i + Math.min(500, size)) as any).execute();
  };
  await insert('clues', clues);
  await insert('clue_subjects', subjects);
  await insert('clue_disposals', disposals);
  await insert('clue_transfers', transfers);
  await insert('clue_events', events);
  await insert('consultations', meetings);
  await insert('consultation_orgs', meetingOrgs);
  await insert('consultation_clues', meetingClues);
  await insert('consultation_assignments', assignments);
  await indexDocuments(trx, docs);
  return { clues: clues.length, transfers: transfers.length, consultations: meetings.length };
}
