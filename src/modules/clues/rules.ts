// Warning rules of the clues module, each with its basis (依据).
import { z } from 'zod';
import type { Finding, WarningRule } from '../../core/module.js';
import { METHOD_ZH } from './labels.js';

const PAGE = 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}

/** A clue under approved disposal past its deadline (grace days configurable). */
export const disposalOverdueRule: WarningRule<{ graceDays: number }> = {
  id: 'clues.disposal-overdue',
  name: '问题线索超期未办结',
  nameEn: 'Clue past its disposal deadline',
  module: 'clues',
  basis: '《中国共产党纪律检查机关监督执纪工作规则》第二十一条：问题线索按照谈话函询、初步核实、暂存待查、予以了结4类方式处置，并定期汇总、通报、督办；《关于加强对“一把手”和领导班子监督的意见》第20条',
  version: 1,
  severity: 'yellow',
  defaults: { graceDays: 0 },
  thresholdSchema: z.strictObject({ graceDays: z.number().int().min(0).max(365) }),
  async *evaluate({ db, today, thresholds }) {
    const cutoff = new Date(Date.parse(today + 'T00:00:00Z') - thresholds.graceDays * 86_400_000).toISOString().slice(0, 10);
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('clues')
        .innerJoin('orgs', 'orgs.id', 'clues.org_id')
        .select(['clues.id', 'clues.code', 'clues.org_id', 'clues.method', 'clues.deadline', 'orgs.name as org_name'])
        .where('clues.state', '=', 'disposing')
        .where('clues.deadline', '<', cutoff)
        .where('clues.id', '>', after)
        .orderBy('clues.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const late = daysBetween(r.deadline!, today);
        const finding: Finding = {
          subjectType: 'clue',
          subjectId: r.id,
          causeKey: `deadline:${r.deadline}`,
          orgId: r.org_id,
          severity: late > 30 ? 'red' : 'yellow',
          title: `问题线索${r.code}（${METHOD_ZH[r.method ?? ''] ?? r.method}）已超期${late}天`,
          detail: `${r.org_name}办理的问题线索${r.code}处置期限为${r.deadline}，至${today}仍未办结，应督促办理并说明理由。`,
          links: [{ recordType: 'clue', recordId: r.id, label: r.code }, { recordType: 'org', recordId: r.org_id, label: r.org_name }],
        };
        yield finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};

/** A transferred clue whose result has not been fed back by the agreed date. */
export const transferFeedbackOverdueRule: WarningRule<{ graceDays: number }> = {
  id: 'clues.transfer-feedback-overdue',
  name: '移送问题线索逾期未反馈',
  nameEn: 'Transferred clue: feedback overdue',
  module: 'clues',
  basis: '《关于加强对“一把手”和领导班子监督的意见》第23条：健全问题线索移送、会商研判机制，推动各类监督有机贯通、相互协调',
  version: 1,
  severity: 'yellow',
  defaults: { graceDays: 0 },
  thresholdSchema: z.strictObject({ graceDays: z.number().int().min(0).max(365) }),
  async *evaluate({ db, today, thresholds }) {
    const cutoff = new Date(Date.parse(today + 'T00:00:00Z') - thresholds.graceDays * 86_400_000).toISOString().slice(0, 10);
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('clue_transfers')
        .innerJoin('clues', 'clues.id', 'clue_transfers.clue_id')
        .innerJoin('orgs as f', 'f.id', 'clue_transfers.from_org_id')
        .innerJoin('orgs as t', 't.id', 'clue_transfers.to_org_id')
        .select([
          'clue_transfers.id', 'clue_transfers.clue_id', 'clue_transfers.to_org_id', 'clue_transfers.from_org_id', 'clue_transfers.status',
          'clue_transfers.feedback_due', 'clue_transfers.sent_date', 'clues.code', 'f.name as from_name', 't.name as to_name',
        ])
        .where('clue_transfers.status', 'in', ['sent', 'received'])
        .where('clue_transfers.feedback_due', '<', cutoff)
        .where('clue_transfers.id', '>', after)
        .orderBy('clue_transfers.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const late = daysBetween(r.feedback_due, today);
        const finding: Finding = {
          subjectType: 'clue_transfer',
          subjectId: r.id,
          causeKey: `feedback:${r.feedback_due}`,
          // The body that owes the feedback is warned.
          orgId: r.to_org_id,
          severity: r.status === 'sent' || late > 30 ? 'red' : 'yellow',
          title: `${r.to_name}对移送线索${r.code}逾期${late}天未反馈${r.status === 'sent' ? '（尚未签收）' : ''}`,
          detail: `${r.from_name}于${r.sent_date}移送问题线索${r.code}，约定${r.feedback_due}前反馈办理结果，至${today}未反馈。`,
          links: [
            { recordType: 'clue', recordId: r.clue_id, label: r.code },
            { recordType: 'org', recordId: r.to_org_id, label: r.to_name },
            { recordType: 'org', recordId: r.from_org_id, label: r.from_name },
          ],
        };
        yield finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};
