import { z } from 'zod';
import type { Finding, WarningRule } from '../../core/module.js';
import { addDays } from '../../core/time.js';

const PAGE = 1000;

/** The official answers a written inquiry by its deadline. */
export const replyOverdueRule: WarningRule<{ graceDays: number }> = {
  id: 'inquiries.reply-overdue',
  name: '函询逾期未回复',
  nameEn: 'Inquiry reply overdue',
  module: 'inquiries',
  basis: '《中国共产党纪律检查机关监督执纪工作规则》第22条：被函询人应当在收到函件后15个工作日内写出说明材料',
  version: 1,
  severity: 'yellow',
  defaults: { graceDays: 0 },
  thresholdSchema: z.strictObject({ graceDays: z.number().int().min(0).max(60) }),
  async *evaluate({ db, today, thresholds }) {
    const cutoff = addDays(today, -thresholds.graceDays);
    let after = '';
    for (;;) {
      const rows = await db.selectFrom('inquiries')
        .innerJoin('officials', 'officials.id', 'inquiries.official_id')
        .select(['inquiries.id', 'inquiries.org_id', 'inquiries.official_id', 'inquiries.issued_on', 'inquiries.reply_due', 'officials.name'])
        .where('inquiries.status', '=', 'issued')
        .where('inquiries.reply_due', '<', cutoff)
        .where('inquiries.id', '>', after)
        .orderBy('inquiries.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        yield {
          subjectType: 'official', subjectId: r.official_id, causeKey: `inquiry:${r.id}`, orgId: r.org_id,
          title: `${r.name}未在期限（${r.reply_due}）内回复${r.issued_on}的函询`,
          detail: `函询于${r.issued_on}发出，回复期限为${r.reply_due}，至今未收到书面回复。`,
          links: [{ recordType: 'inquiry', recordId: r.id, label: `${r.issued_on}函询` }, { recordType: 'official', recordId: r.official_id, label: r.name }],
        } satisfies Finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  },
};
