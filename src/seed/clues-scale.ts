// Problem clues (问题线索) at benchmark scale (issue #7): per slice of the org tree, a clue for every
// report of the slice the petition office marked to_clue (the petitions contributor runs first, in
// the same transaction), plus clues from inspections, audits and other bodies about the slice's team
// members, ≈ 0.75 per official (city: ≈ 100,000). Every state of the disposal workflow with its
// proposals and events, a few transfers between the slice's commissions in every status, and each
// clue indexed for search the way the demo clues are. Generated and inserted slice by slice.
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.js';
import { indexDocuments, type SearchDoc } from '../db/search.js';
import { clueCode } from '../modules/clues/clue-store.js';
import { FORM, METHOD, OUTCOMES, SANCTIONS, STATE } from './clues.js';
import { fromDay, toDay, weightedTable } from './random.js';
import type { ChunkContext, ScaleContributor } from './scale-modules.js';

type Row<T extends keyof DB> = Insertable<DB[T]>;

const CLUES_PER_OFFICIAL = 0.75;
const SOURCES = weightedTable([['inspection', 45], ['audit', 30], ['other', 25]] as const);
const TRANSFER = weightedTable([['sent', 30], ['received', 40], ['fed_back', 30]] as const);
const REASONS = { talk_inquiry: '反映问题较具体，拟谈话函询', preliminary_check: '反映问题具体、可查性强，拟初步核实', hold: '暂不具备核查条件，拟暂存待查', close: '反映问题失实或已处理，拟予以了结' };
const DIRECT: [string, string, string | null][] = [
  ['巡视反馈：{o}在{p}中存在围标串标问题，{n}涉嫌打招呼干预', 'integrity', 'construction'],
  ['审计发现：{o}违规拨付专项资金，{n}签批', 'integrity', 'finance'],
  ['巡察发现：{n}落实中央八项规定精神不力，公车私用', 'integrity', null],
  ['审计发现：{o}政府采购未履行招标程序，{n}指定供应商', 'integrity', 'procurement'],
  ['公安机关移送：{n}涉嫌参与赌博', 'life', null],
  ['巡察发现：{o}选人用人程序不规范，{n}突击提拔干部', 'organizational', null],
  ['巡视反馈：{o}贯彻上级决策部署打折扣，{n}搞变通', 'political', null],
  ['检察机关移送：{n}在{p}审批中涉嫌受贿', 'integrity', 'approvals'],
  ['巡察发现：{o}执法检查中选择性执法，{n}打招呼', 'work', 'law_enforcement'],
];
const PROJECTS = ['城南道路改造工程', '老旧小区改造项目', '污水处理厂扩建工程', '工业园区基础设施项目', '河道综合治理项目'];

interface Subject { type: string; id: string; orgId: string; name: string }

/** The slice's reports marked to_clue, with their subjects (read in batches of 500 org ids). */
async function reportsOf(ctx: ChunkContext) {
  const orgIds = ctx.orgs.map((o) => o.row.id);
  const reports: { id: string; org_id: string; summary: string; discipline: string; sector: string | null; received_at: string }[] = [];
  const subjects = new Map<string, Subject[]>();
  const names = new Map<string, string>([...ctx.officials.map((o) => [o.id, o.name] as const), ...ctx.orgs.map((o) => [o.row.id, o.row.name] as const)]);
  for (let i = 0; i < orgIds.length; i += 500) {
    const part = await ctx.trx.selectFrom('petitions').select(['id', 'org_id', 'summary', 'discipline', 'sector', 'received_at'])
      .where('org_id', 'in', orgIds.slice(i, i + 500)).where('status', '=', 'to_clue').orderBy('id').execute();
    for (let j = 0; j < part.length; j += 500) {
      const subs = await ctx.trx.selectFrom('petition_subjects').select(['petition_id', 'subject_type', 'subject_id', 'org_id'])
        .where('petition_id', 'in', part.slice(j, j + 500).map((r) => r.id)).orderBy('petition_id').orderBy('subject_id').execute();
      for (const s of subs) {
        const list = subjects.get(s.petition_id) ?? [];
        list.push({ type: s.subject_type, id: s.subject_id, orgId: s.org_id, name: names.get(s.subject_id) ?? '' });
        subjects.set(s.petition_id, list);
      }
    }
    reports.push(...part);
  }
  return { reports, subjects };
}

export const cluesScale: ScaleContributor = {
  module: 'clues',
  async perChunk(ctx) {
    const { rng, ids } = ctx;
    // The demo's case manager proposes and its leader decides (disposals reference real accounts).
    const account = async (username: string) => (await ctx.trx.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst())
      ?? (await ctx.trx.selectFrom('users').select(['id', 'display_name']).orderBy('username').limit(1).executeTakeFirstOrThrow());
    const [registrar, manager, leader] = [await account('petition'), await account('casemgr'), await account('leader')];
    const todayDay = toDay(ctx.today);
    const ts = (day: number, hour = 9) => `${fromDay(Math.min(day, todayDay))}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const commissionOf = (orgId: string) => ctx.tree.byId.get(orgId)?.region.units.find((u) => u.row.kind === 'commission')?.row.id ?? orgId;
    const commissions = ctx.orgs.filter((o) => o.row.kind === 'commission').map((o) => o.row.id);
    const clues: Row<'clues'>[] = [];
    const subjects: Row<'clue_subjects'>[] = [];
    const disposals: Row<'clue_disposals'>[] = [];
    const events: Row<'clue_events'>[] = [];
    const transfers: Row<'clue_transfers'>[] = [];
    const docs: SearchDoc[] = [];
    const event = (clueId: string, day: number, who: { id: string; display_name: string }, action: string, detail: Record<string, unknown> = {}) =>
      events.push({ id: ids.next(), clue_id: clueId, at: ts(day, 10), actor_id: who.id, actor_name: who.display_name, action, detail: JSON.stringify(detail) });

    /** One clue and its history up to the state drawn for it (the demo's lifecycle). */
    const addClue = (c: { orgId: string; source: string; petitionId: string | null; summary: string; discipline: string; sector: string | null; day: number }, subs: Subject[]) => {
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
      docs.push({ type: 'clue', id, orgId: c.orgId, text: [row.code, c.summary, ...subs.map((s) => s.name)].join(' ') });
      event(id, received, registrar, 'create', { source: c.source, ...(c.petitionId && { petitionId: c.petitionId }) });
      if (state === 'registered') return row;
      let day = state === 'proposed' ? Math.max(received, todayDay - rng.int(0, 10))
        : state === 'disposing' ? Math.min(Math.max(received + 2, todayDay - rng.int(5, 110)), todayDay)
          : Math.min(received + rng.int(2, 15), todayDay);
      if (state !== 'proposed' && rng.chance(0.15)) {
        const rejectedId = ids.next();
        disposals.push({ id: rejectedId, clue_id: id, method: 'close', deadline: fromDay(day + 30), reason: '反映问题较为笼统，拟予了结', status: 'rejected', proposed_by: manager.id, proposed_at: ts(day), decided_by: leader.id, decided_at: ts(day + 1, 15), decision_note: '反映问题具体，应先初步核实' });
        event(id, day, manager, 'propose', { disposalId: rejectedId, method: 'close', reason: '反映问题较为笼统，拟予了结' });
        event(id, day + 1, leader, 'reject', { disposalId: rejectedId, method: 'close', note: '反映问题具体，应先初步核实' });
        day = Math.min(day + 2, todayDay);
      }
      const method = rng.weighted(METHOD);
      const decided = Math.min(day + rng.int(1, 5), todayDay);
      const deadline = fromDay(decided + rng.int(30, 90));
      const disposalId = ids.next();
      event(id, day, manager, 'propose', { disposalId, method, deadline, reason: REASONS[method] });
      if (state === 'proposed') {
        disposals.push({ id: disposalId, clue_id: id, method, deadline, reason: REASONS[method], status: 'pending', proposed_by: manager.id, proposed_at: ts(day), decided_by: null, decided_at: null, decision_note: null });
        Object.assign(row, { state: 'proposed', updated_at: ts(day) });
        return row;
      }
      disposals.push({ id: disposalId, clue_id: id, method, deadline, reason: REASONS[method], status: 'approved', proposed_by: manager.id, proposed_at: ts(day), decided_by: leader.id, decided_at: ts(decided, 15), decision_note: '同意' });
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

    // From the reports the petition office marked for clues (handled by the nearest commission).
    const { reports, subjects: reportSubjects } = await reportsOf(ctx);
    for (const r of reports) {
      addClue({ orgId: commissionOf(r.org_id), source: 'report', petitionId: r.id, summary: r.summary, discipline: r.discipline, sector: r.sector, day: toDay(r.received_at) + rng.int(1, 10) },
        reportSubjects.get(r.id) ?? []);
    }
    // From inspections, audits and other bodies, about the slice's team members.
    const names = new Map(ctx.officials.map((o) => [o.id, o.name]));
    const orgNames = new Map(ctx.orgs.map((o) => [o.row.id, o.row.name]));
    const people = ctx.posts.filter((p) => p.end_date === null && p.is_team_member === 1 && names.has(p.official_id) && orgNames.has(p.org_id));
    const target = Math.round(ctx.officials.length * CLUES_PER_OFFICIAL);
    while (people.length && clues.length < target) {
      const p = rng.pick(people);
      const [text, discipline, sector] = rng.pick(DIRECT);
      const name = names.get(p.official_id)!;
      const summary = text.replaceAll('{o}', orgNames.get(p.org_id)!).replaceAll('{n}', name).replaceAll('{p}', rng.pick(PROJECTS));
      addClue({ orgId: commissionOf(p.org_id), source: rng.weighted(SOURCES), petitionId: null, summary, discipline, sector, day: todayDay - rng.int(5, 600) },
        [{ type: 'official', id: p.official_id, orgId: p.org_id, name }]);
    }
    // Transfers between the slice's commissions, in every status; a received one is registered again at the receiver.
    const open = clues.filter((c) => c.state !== 'concluded' && c.source !== 'transfer_in');
    for (const c of commissions.length > 1 ? rng.sample(open, Math.ceil(open.length * 0.01)) : []) {
      const to = rng.pick(commissions.filter((o) => o !== c.org_id));
      const sent = Math.max(toDay(c.received_date), todayDay - rng.int(5, 120));
      const status = rng.weighted(TRANSFER);
      const id = ids.next();
      const t: Row<'clue_transfers'> = {
        id, clue_id: c.id, from_org_id: c.org_id, to_org_id: to, note: '请依规依纪处置，并按期反馈办理结果', sent_date: fromDay(sent), feedback_due: fromDay(sent + rng.int(20, 60)),
        sent_by: registrar.id, status, received_at: null, received_by: null, receipt_note: null, received_clue_id: null, result: null, result_at: null, result_by: null, created_at: ts(sent),
      };
      event(c.id, sent, registrar, 'transfer', { transferId: id, toOrgId: to, toOrgName: orgNames.get(to), feedbackDue: t.feedback_due });
      if (status !== 'sent') {
        const got = Math.min(sent + rng.int(1, 5), todayDay);
        const subs = subjects.filter((s) => s.clue_id === c.id).map((s) => ({ type: s.subject_type, id: s.subject_id, orgId: s.org_id, name: names.get(s.subject_id) ?? orgNames.get(s.subject_id) ?? '' }));
        const copy = addClue({ orgId: to, source: 'transfer_in', petitionId: null, summary: c.summary, discipline: c.discipline, sector: c.sector ?? null, day: got }, subs);
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

    const { trx } = ctx;
    await ctx.insert(trx, 'clues', clues);
    await ctx.insert(trx, 'clue_subjects', subjects);
    await ctx.insert(trx, 'clue_disposals', disposals);
    await ctx.insert(trx, 'clue_transfers', transfers);
    await ctx.insert(trx, 'clue_events', events);
    await indexDocuments(trx, docs);
    return { clues: clues.length, clue_subjects: subjects.length, clue_disposals: disposals.length, clue_transfers: transfers.length, clue_events: events.length, search_docs: docs.length };
  },
};
