import { z } from 'zod';
import type { Finding, WarningRule } from '../../core/module.js';
import { addYears, yearsBetween } from '../../core/time.js';

const PAGE = 1000;

/** 定期轮岗: a principal in a key post for N years or more should be rotated. */
export const longTenureRule: WarningRule<{ years: number }> = {
  id: 'registry.principal-long-tenure',
  name: '一把手在关键岗位任职时间过长',
  nameEn: 'Principal too long in a key post',
  module: 'registry',
  basis: '《关于加强对“一把手”和领导班子监督的意见》第16条：严格执行领导干部任职回避、定期轮岗制度',
  version: 1,
  severity: 'yellow',
  defaults: { years: 5 },
  thresholdSchema: z.strictObject({ years: z.number().int().min(1).max(30) }),
  async *evaluate({ db, today, thresholds }) {
    const cutoff = addYears(today, -thresholds.years);
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('posts')
        .innerJoin('officials', 'officials.id', 'posts.official_id')
        .innerJoin('orgs', 'orgs.id', 'posts.org_id')
        .select(['posts.id', 'posts.title', 'posts.start_date', 'posts.org_id', 'officials.id as official_id', 'officials.name', 'orgs.name as org_name'])
        .where('posts.is_principal', '=', 1)
        .where('posts.end_date', 'is', null)
        .where('posts.is_key_post', '=', 1)
        .where('posts.start_date', '<=', cutoff)
        .where('posts.id', '>', after)
        .orderBy('posts.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const years = yearsBetween(r.start_date, today);
        const finding: Finding = {
          subjectType: 'official',
          subjectId: r.official_id,
          causeKey: `post:${r.id}`,
          orgId: r.org_id,
          severity: years >= thresholds.years * 2 ? 'red' : 'yellow',
          title: `${r.name}在${r.org_name}任${r.title}已${years}年（满${thresholds.years}年应轮岗）`,
          detail: `自${r.start_date}起在同一关键岗位担任一把手，已满${years}年，应按规定交流轮岗。`,
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
