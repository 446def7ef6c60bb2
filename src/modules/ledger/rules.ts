// Warning rules of the ledger (定期调度、持续跟进): overdue, stalled, due soon, returned twice.
// Each streams open leaf items in keyset pages and links to the item.
import { z } from 'zod';
import type { Finding, RuleContext, WarningRule } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import { addDays, DEFAULT_STALLED_DAYS, statusSql } from './status.js';
import { STALLED_RULE_ID } from './item-store.js';

const PAGE = 1000;
const BASIS_15 = '《关于加强对“一把手”和领导班子监督的意见》第15条：落实上级党组织对下级党组织的监督责任，把管理和监督寓于实施领导的全过程';
const BASIS_22 = '《关于加强对“一把手”和领导班子监督的意见》第22条：加强党委（党组）对监督工作的领导，定期研究部署、调度推进';
const BASIS_21 = '《关于加强对“一把手”和领导班子监督的意见》第21条：推动问题整改常态化，对整改不力的督促落实';
const BASIS_4 = '《关于加强对“一把手”和领导班子监督的意见》第4条：严格执行全面从严治党责任制度，落实“一把手”第一责任人职责';

interface Row { id: string; code: string; title: string; lead_org_id: string; lead_name: string; deadline: string | null; last_report_on: string | null; started_on: string; returned_count: number }

/** Open leaf items matching `where`, page by page. */
async function* leafPages(db: Db, where: (q: ReturnType<typeof base>) => ReturnType<typeof base>): AsyncIterable<Row[]> {
  let after = '';
  for (;;) {
    const rows = await where(base(db)).where('i.id', '>', after).orderBy('i.id').limit(PAGE).execute();
    if (rows.length) yield rows as Row[];
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}
function base(db: Db) {
  return db.selectFrom('ledger_items as i').innerJoin('orgs as lo', 'lo.id', 'i.lead_org_id')
    .select(['i.id', 'i.code', 'i.title', 'i.lead_org_id', 'lo.name as lead_name', 'i.deadline', 'i.last_report_on', 'i.started_on', 'i.returned_count'])
    .where('i.child_count', '=', 0).where('i.state', '=', 'open').where('i.done_on', 'is', null);
}
const links = (r: Row) => [
  { recordType: 'ledger_item', recordId: r.id, label: `${r.code} ${r.title}` },
  { recordType: 'org', recordId: r.lead_org_id, label: r.lead_name },
];

export const overdueRule: WarningRule<{ graceDays: number }> = {
  id: 'ledger.overdue', name: '台账事项逾期未完成', nameEn: 'Ledger item overdue', module: 'ledger', basis: BASIS_15, version: 1, severity: 'red',
  defaults: { graceDays: 0 },
  thresholdSchema: z.strictObject({ graceDays: z.number().int().min(0).max(90) }),
  async *evaluate({ db, today, thresholds }: RuleContext<{ graceDays: number }>) {
    const cutoff = addDays(today, -thresholds.graceDays);
    for await (const page of leafPages(db, (q) => q.where('i.deadline', '<', cutoff))) {
      for (const r of page) {
        const f: Finding = {
          subjectType: 'ledger_item', subjectId: r.id, causeKey: `deadline:${r.deadline}`, orgId: r.lead_org_id,
          title: `${r.lead_name}承担的“${r.code} ${r.title}”已逾期`, detail: `完成时限${r.deadline}，至今未经审核销号。`, links: links(r),
        };
        yield f;
      }
    }
  },
};

export const stalledRule: WarningRule<{ days: number }> = {
  id: STALLED_RULE_ID, name: '台账事项长期无进展', nameEn: 'Ledger item stalled', module: 'ledger', basis: BASIS_22, version: 1, severity: 'yellow',
  defaults: { days: DEFAULT_STALLED_DAYS },
  thresholdSchema: z.strictObject({ days: z.number().int().min(7).max(365) }),
  async *evaluate({ db, today, thresholds }: RuleContext<{ days: number }>) {
    const status = statusSql('i', today, thresholds.days);
    for await (const page of leafPages(db, (q) => q.where(status, '=', 'stalled'))) {
      for (const r of page) {
        const since = r.last_report_on ?? r.started_on;
        yield {
          subjectType: 'ledger_item', subjectId: r.id, causeKey: `since:${since}`, orgId: r.lead_org_id,
          title: `“${r.code} ${r.title}”自${since}起无进展报告`, detail: `${r.lead_name}超过规定期限（${thresholds.days}天或报告周期）未报送进展。`, links: links(r),
        };
      }
    }
  },
};

export const dueSoonRule: WarningRule<{ days: number }> = {
  id: 'ledger.due-soon', name: '台账事项临近完成时限', nameEn: 'Ledger item due soon', module: 'ledger', basis: BASIS_4, version: 1, severity: 'blue',
  defaults: { days: 14 },
  thresholdSchema: z.strictObject({ days: z.number().int().min(1).max(90) }),
  async *evaluate({ db, today, thresholds }: RuleContext<{ days: number }>) {
    for await (const page of leafPages(db, (q) => q.where('i.deadline', '>=', today).where('i.deadline', '<=', addDays(today, thresholds.days)))) {
      for (const r of page) {
        yield {
          subjectType: 'ledger_item', subjectId: r.id, causeKey: `deadline:${r.deadline}`, orgId: r.lead_org_id,
          title: `“${r.code} ${r.title}”将于${r.deadline}到期`, detail: `${r.lead_name}承担的事项距完成时限不足${thresholds.days}天。`, links: links(r),
        };
      }
    }
  },
};

export const returnedTwiceRule: WarningRule<{ returns: number }> = {
  id: 'ledger.returned-twice', name: '进展报告多次被退回', nameEn: 'Progress report returned repeatedly', module: 'ledger', basis: BASIS_21, version: 1, severity: 'yellow',
  defaults: { returns: 2 },
  thresholdSchema: z.strictObject({ returns: z.number().int().min(2).max(10) }),
  async *evaluate({ db, thresholds }: RuleContext<{ returns: number }>) {
    for await (const page of leafPages(db, (q) => q.where('i.returned_count', '>=', thresholds.returns))) {
      for (const r of page) {
        yield {
          subjectType: 'ledger_item', subjectId: r.id, causeKey: `returns:${r.returned_count}`, orgId: r.lead_org_id,
          title: `“${r.code} ${r.title}”的进展报告连续${r.returned_count}次被退回`, detail: `${r.lead_name}报送的材料多次未通过审核，需督促整改落实。`, links: links(r),
        };
      }
    }
  },
};

export const LEDGER_RULES = [overdueRule, stalledRule, dueSoonRule, returnedTwiceRule] as const;
