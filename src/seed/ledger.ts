// Demo data of the supervision ledger: the province's measures document on the 25 articles
// (5 areas, 25 measures, 78 tasks), 101 sub-measures handed down to cities and counties, 临江县's own
// breakdown and annual plan, reports in every state, and 一单一书. Deterministic: ids from a seeded
// IdSource, every date relative to `today`.
import type { Insertable } from 'kysely';
import type { Db } from '../db/index.js';
import type { LedgerItemTable, LedgerReportTable, LedgerTables } from '../db/tables/ledger.js';
import type { OrgInfo, OrgTree } from './orgs.js';
import { IdSource, type Rng, fromDay, toDay } from './random.js';
import { ANNUAL_PLAN_TASKS, COUNTY_BREAKDOWN, LEDGER_AREAS, type Body } from './ledger-text.js';

export const LEDGER_SUB_MEASURES = 101;

export type Item = Insertable<LedgerItemTable> & { id: string; path: string; depth: number; child_count: number; report_count: number; returned_count: number };
export type Scenario = 'not_started' | 'in_progress' | 'pending' | 'returned' | 'returned_twice' | 'done' | 'overdue' | 'stalled' | 'due_soon';

export const KIND_OF: Record<Body, string> = { C: 'commission', O: 'org_department', I: 'inspection_office', P: 'party_committee' };

export class LedgerBuilder {
  readonly rows: { [K in keyof LedgerTables]: Insertable<LedgerTables[K]>[] } = {
    ledger_documents: [], ledger_items: [], ledger_item_orgs: [], ledger_item_reach: [], ledger_assignments: [], ledger_reports: [],
    ledger_charters: [], ledger_charter_items: [],
  };
  private readonly reach = new Map<string, Set<string>>();
  private rootSeq = new Map<string, number>();

  constructor(readonly ids: IdSource, private readonly today: string) {}

  /** Registers an item written earlier (another builder, another batch) so items can be placed under it. */
  adopt(item: Item, reach: Iterable<string>) {
    this.reach.set(item.id, new Set(reach));
  }

  reachOf(itemId: string): string[] {
    return [...(this.reach.get(itemId) ?? [])];
  }

  /** Hands over the rows built so far and starts empty (the scale generator writes in batches). */
  take() {
    const out = { ...this.rows };
    for (const k of Object.keys(this.rows) as (keyof LedgerTables)[]) (this.rows as Record<string, unknown[]>)[k] = [];
    this.reach.clear();
    return out;
  }

  day(offset: number) {
    return fromDay(toDay(this.today) + offset);
  }
  at(offset: number, hour = 9) {
    return `${this.day(offset)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  }

  document(orgId: string, kind: string, title: string, docNumber: string, issuedOffset: number, year: number | null) {
    const id = this.ids.next();
    this.rows.ledger_documents.push({
      id, org_id: orgId, kind, title, doc_number: docNumber, issued_on: this.day(issuedOffset), year, created_by: null,
      created_at: this.at(issuedOffset), updated_at: this.at(issuedOffset),
    });
    return id;
  }

  item(documentId: string, parent: Item | null, f: {
    kind: string; title: string; content?: string; orgId: string; leadOrgId: string; coop?: string[]; deadline?: string | null; cycle?: string;
    startedOffset: number; assignmentId?: string; reviewerOrgId: string; outcome?: string; measureBy?: string; evidence?: string;
  }): Item {
    const id = this.ids.next();
    const seq = parent ? parent.child_count + 1 : (this.rootSeq.get(documentId) ?? 0) + 1;
    if (parent) parent.child_count = seq;
    else this.rootSeq.set(documentId, seq);
    const code = parent ? `${parent.code}.${seq}` : String(seq);
    const row: Item = {
      id, document_id: documentId, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0, seq, code,
      code_key: code.split('.').map((p) => p.padStart(4, '0')).join('.'), kind: f.kind, title: f.title, content: f.content ?? null, org_id: f.orgId,
      lead_org_id: f.leadOrgId, owner_name: null, deadline: f.deadline ?? null, cycle: f.cycle ?? 'none', outcome: f.outcome ?? null,
      measure_by: f.measureBy ?? null, evidence: f.evidence ?? null, state: 'open', assignment_id: f.assignmentId ?? null,
      reviewer_org_id: f.reviewerOrgId, child_count: 0, started_on: this.day(f.startedOffset), last_report_on: null, done_on: null, report_count: 0,
      returned_count: 0, created_by: null, created_at: this.at(f.startedOffset), updated_at: this.at(f.startedOffset),
    };
    this.rows.ledger_items.push(row);
    const reach = new Set([...(parent ? this.reach.get(parent.id)! : []), f.orgId, f.leadOrgId]);
    this.reach.set(id, reach);
    for (const org_id of reach) this.rows.ledger_item_reach.push({ item_id: id, org_id });
    for (const org_id of new Set(f.coop ?? [])) if (org_id !== f.leadOrgId) this.rows.ledger_item_orgs.push({ item_id: id, org_id });
    return row;
  }

  assign(parent: Item, orgId: string, offset: number, note: string | null): Item {
    const assignmentId = this.ids.next();
    const child = this.item(parent.document_id, parent, {
      kind: 'sub', title: parent.title, orgId, leadOrgId: orgId, deadline: parent.deadline, cycle: parent.cycle ?? 'none', startedOffset: offset,
      assignmentId, reviewerOrgId: parent.org_id, outcome: parent.outcome ?? undefined, measureBy: parent.measure_by ?? undefined, evidence: parent.evidence ?? undefined,
    });
    this.rows.ledger_assignments.push({ id: assignmentId, item_id: parent.id, org_id: orgId, child_item_id: child.id, note, assigned_by: null, assigned_at: this.at(offset) });
    return child;
  }

  report(item: Item, offset: number, progress: number, state: 'submitted' | 'accepted' | 'returned', text: string, opts: { completes?: boolean; note?: string } = {}) {
    const reported = this.day(offset);
    item.report_count += 1;
    const row: Insertable<LedgerReportTable> = {
      id: this.ids.next(), item_id: item.id, org_id: item.lead_org_id, version: item.report_count, reported_on: reported, text, progress,
      figures: progress ? `完成${progress}%` : null, completes: opts.completes ? 1 : 0, state, review_note: opts.note ?? null, reviewer_org_id: item.reviewer_org_id,
      reviewed_by: null, reviewed_at: state === 'submitted' ? null : this.at(Math.min(0, offset + 3), 15), created_by: null, created_at: this.at(offset),
    };
    this.rows.ledger_reports.push(row);
    if (!item.last_report_on || item.last_report_on < reported) item.last_report_on = reported;
    if (state === 'accepted') {
      item.returned_count = 0;
      if (opts.completes) item.done_on = reported;
    }
    if (state === 'returned') item.returned_count += 1;
  }

  /** Deadline and reports that put a leaf into the scenario's computed status. */
  scenario(item: Item, s: Scenario, rng: Rng) {
    const started = toDay(item.started_on) - toDay(this.today);
    const recent = () => rng.int(-20, -3);
    switch (s) {
      case 'not_started':
        item.deadline = this.day(rng.int(60, 200));
        break;
      case 'due_soon':
        item.deadline = this.day(rng.int(2, 12));
        this.report(item, recent(), rng.int(40, 80), 'accepted', '已按计划推进，正在收尾。');
        break;
      case 'in_progress':
        item.deadline = this.day(rng.int(30, 200));
        this.report(item, Math.max(started + 10, -70), rng.int(10, 30), 'accepted', '已制定工作方案，明确责任分工。');
        this.report(item, recent(), rng.int(40, 80), 'accepted', '各项工作有序推进，已完成阶段性任务。');
        break;
      case 'pending':
        item.deadline = this.day(rng.int(20, 150));
        this.report(item, recent(), rng.int(50, 90), 'submitted', '已完成主要工作，现报送进展及佐证材料，请审核。');
        break;
      case 'returned':
        item.deadline = this.day(rng.int(20, 150));
        this.report(item, recent() - 10, 60, 'returned', '已开展相关工作。', { note: '佐证材料不全，请补充会议纪要和台账。' });
        break;
      case 'returned_twice':
        item.deadline = this.day(rng.int(20, 150));
        this.report(item, -40, 50, 'returned', '按要求推进。', { note: '内容过于笼统，未对照预期成效逐项说明。' });
        this.report(item, -15, 60, 'returned', '补充了部分材料。', { note: '仍缺少量化数据，请补充完成数量和比例。' });
        break;
      case 'done':
        item.deadline = this.day(rng.int(-30, 120));
        this.report(item, Math.max(started + 10, -90), 50, 'accepted', '完成制度起草并征求意见。');
        this.report(item, rng.int(-40, -5), 100, 'accepted', '制度已印发实施，任务完成，申请销号。', { completes: true });
        break;
      case 'overdue':
        item.deadline = this.day(rng.int(-60, -3));
        this.report(item, rng.int(-50, -25), 30, 'accepted', '工作已启动，进度滞后。');
        break;
      case 'stalled':
        item.deadline = this.day(rng.int(30, 200));
        this.report(item, rng.int(-120, -70), 20, 'accepted', '已召开部署会议。');
        break;
    }
  }
}

export const SCENARIOS: Scenario[] = ['done', 'done', 'in_progress', 'in_progress', 'in_progress', 'pending', 'returned', 'returned_twice', 'overdue', 'overdue', 'stalled', 'due_soon'];

export async function seedLedger(db: Db, tree: OrgTree, rng: Rng, today: string): Promise<Record<string, number>> {
  const b = new LedgerBuilder(new IdSource(rng.fork('ids'), today), today);
  const root = tree.root;
  const unit = (region: OrgInfo, kind: string) => region.units.find((u) => u.row.kind === kind) ?? region.units.find((u) => u.row.kind === 'commission')!;
  const body = (region: OrgInfo, key: Body) => unit(region, KIND_OF[key]).row.id;
  const dept = (name: string) => root.units.find((u) => u.row.kind === 'department' && u.row.name.endsWith(name))?.row.id;
  const commission = body(root, 'C');
  const year = Number(today.slice(0, 4));

  // ---- the province's document
  const docId = b.document(commission, 'measures', '关于加强对“一把手”和领导班子监督的若干措施', `示纪发〔${year}〕3号`, -200, year);
  const tasks: { item: Item; lead: Body }[] = [];
  const taskFields = (lead: Body, coop: string[]) => ({
    kind: 'task', orgId: commission, leadOrgId: body(root, lead), reviewerOrgId: commission, startedOffset: -180,
    coop: coop.map((c) => (c.length === 1 ? body(root, c as Body) : dept(c))).filter((x): x is string => Boolean(x)),
    cycle: tasks.length % 3 === 0 ? 'quarterly' : 'none',
    outcome: '形成制度成果并落实到位', measureBy: '制度文件印发、覆盖率、问题整改率', evidence: '文件、会议纪要、工作台账',
  });
  for (const area of LEDGER_AREAS) {
    const a = b.item(docId, null, { kind: 'area', title: area.title, orgId: commission, leadOrgId: commission, reviewerOrgId: commission, startedOffset: -180 });
    for (const task of area.tasks ?? []) tasks.push({ item: b.item(docId, a, { title: task.title, ...taskFields(task.lead, task.coop) }), lead: task.lead });
    for (const measure of area.measures) {
      const mi = b.item(docId, a, {
        kind: 'measure', title: measure.title, content: `《关于加强对“一把手”和领导班子监督的意见》第${measure.article}条`, orgId: commission,
        leadOrgId: body(root, measure.tasks[0].lead), reviewerOrgId: commission, startedOffset: -180,
      });
      for (const task of measure.tasks) tasks.push({ item: b.item(docId, mi, { title: task.title, ...taskFields(task.lead, task.coop) }), lead: task.lead });
    }
  }

  // ---- 101 sub-measures handed down to the cities and counties ("下落一层")
  const regions = root.childRegions.flatMap((city) => [city, ...city.childRegions]);
  const countyA = root.childRegions[0].childRegions[0];
  const countyUnit = countyA.units.find((u) => u.row.kind === 'department' && u.sector === 'finance') ?? unit(countyA, 'department');
  const handRng = rng.fork('hand-down');
  const handed: { child: Item; region: OrgInfo }[] = [];
  const handDown = (item: Item, lead: Body, targets: OrgInfo[]) => {
    for (const region of targets) handed.push({ child: b.assign(item, body(region, lead), -120, '请结合本地实际细化落实，按季度报送进展。'), region });
  };
  // The first hand-down of a commission-led task reaches 临江县's commission, so the county's views have something to show.
  const first = tasks.find((x) => x.lead === 'C')!;
  handDown(first.item, 'C', [countyA, ...handRng.sample(regions.filter((r) => r !== countyA), 2)]);
  for (let i = 0; handed.length < LEDGER_SUB_MEASURES; i++) {
    const { item, lead } = tasks[(i * 7) % tasks.length];
    if (item.child_count > 0) continue;
    handDown(item, lead, handRng.sample(regions, Math.min(handRng.int(2, 4), LEDGER_SUB_MEASURES - handed.length)));
  }

  // ---- 临江县 breaks its share down further and hands one part to the finance bureau
  const countyCommission = body(countyA, 'C');
  const countyShare = handed[0];
  const countyDepts = countyA.units.filter((u) => u.row.kind === 'department' && u.row.id !== countyUnit.row.id);
  const breakdown = COUNTY_BREAKDOWN.map((title, i) => b.item(docId, countyShare.child, {
    kind: 'sub', title, orgId: countyShare.child.org_id, leadOrgId: i < 2 ? countyUnit.row.id : (countyDepts[i] ?? countyDepts[0]).row.id, reviewerOrgId: countyShare.child.org_id,
    startedOffset: -20, cycle: i === 2 ? 'quarterly' : 'none', outcome: '风险点全部建档、问题全部整改', measureBy: '清单条目数、整改完成率', evidence: '清单、检查报告',
  }));
  const toUnit = b.assign(breakdown[3], countyUnit.row.id, -40, '请财政局结合预算管理落实。');

  // ---- 临江县委's annual plan for the 主体责任, split into tasks
  const countyParty = body(countyA, 'P');
  const planId = b.document(countyParty, 'annual_plan', `中共${countyA.row.name}委${year}年度落实全面从严治党主体责任工作计划`, `${countyA.row.name.slice(0, 2)}委发〔${year}〕1号`, -300, year);
  const plan = ANNUAL_PLAN_TASKS.map((title, i) => b.item(planId, null, {
    kind: 'task', title, orgId: countyParty, leadOrgId: i === 3 ? countyUnit.row.id : i === 2 ? countyCommission : countyParty, reviewerOrgId: countyParty,
    startedOffset: -300, cycle: 'quarterly',
  }));

  // ---- reports: every leaf in a scenario, the county's chosen so each view shows every state
  const scen = rng.fork('scenarios');
  const leaves = b.rows.ledger_items.filter((r) => (r as Item).child_count === 0) as Item[];
  const fixed = new Map<Item, Scenario>([
    [breakdown[0], 'pending'], [breakdown[1], 'not_started'], [breakdown[2], 'pending'], [toUnit, 'returned'],
    [plan[0], 'done'], [plan[1], 'in_progress'], [plan[2], 'overdue'], [plan[3], 'returned_twice'],
  ]);
  for (const leaf of leaves) b.scenario(leaf, fixed.get(leaf) ?? scen.pick(SCENARIOS), scen);

  // ---- 一单一书: a duty list for the finance bureau (to be signed), a signed task book for a city
  const city = root.childRegions[0];
  const cityItems = handed.filter((h) => h.region === city).map((h) => h.child);
  const principals = new Map((await db.selectFrom('posts').innerJoin('officials', 'officials.id', 'posts.official_id').select(['posts.org_id', 'officials.name'])
    .where('posts.org_id', 'in', [countyUnit.row.id, ...cityItems.map((c) => c.org_id)]).where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null).execute())
    .map((r) => [r.org_id, r.name]));
  const charter = (orgId: string, issuer: string, kind: string, title: string, items: Item[], signed: boolean) => {
    const id = b.ids.next();
    const principal = principals.get(orgId) ?? null;
    b.rows.ledger_charters.push({
      id, org_id: orgId, issuer_org_id: issuer, kind, year, title, doc_number: null, principal_name: principal, state: signed ? 'signed' : 'issued',
      issued_by: null, issued_at: b.at(-30), signed_name: signed ? principal : null, signed_by: null, signed_at: signed ? b.at(-27) : null,
    });
    items.forEach((it, seq) => b.rows.ledger_charter_items.push({ charter_id: id, item_id: it.id, seq }));
  };
  const unitItems = b.rows.ledger_items.filter((r) => r.lead_org_id === countyUnit.row.id) as Item[];
  charter(countyUnit.row.id, countyCommission, 'duty_list', `${countyUnit.row.name}${year}年度全面从严治党主体责任清单`, unitItems, false);
  if (cityItems.length) charter(cityItems[0].org_id, commission, 'task_book', `${city.row.name}主要负责人${year}年度监督任务书`, cityItems.filter((c) => c.org_id === cityItems[0].org_id), true);

  await db.transaction().execute(async (trx) => {
    for (const [table, rows] of Object.entries(b.rows) as [keyof LedgerTables, Insertable<LedgerTables[keyof LedgerTables]>[]][]) {
      const clean = rows.map((r) => Object.fromEntries(Object.entries(r)));
      for (let i = 0; i < clean.length; i += 300) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await trx.insertInto(table).values(clean.slice(i, i + 300) as any).execute();
      }
    }
  });
  return Object.fromEntries(Object.entries(b.rows).map(([k, v]) => [k, v.length]));
}
