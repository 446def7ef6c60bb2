import { z } from 'zod';
import type { Finding, WarningRule } from '../../core/module.js';
import { MANY_REPORTS_BASIS, OUTLIER_BASIS, officialsWithReports, reportOutliers } from './concentration.js';

const PAGE = 500;

/** The window [today − months, today]. */
export function windowFrom(today: string, months: number): string {
  const d = new Date(today + 'T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** An official named by N or more reports within 12 months is warned early (及时敲响警钟). */
export const manyReportsRule: WarningRule<{ count: number; months: number }> = {
  id: 'petitions.official-many-reports',
  name: '干部被反映问题集中',
  nameEn: 'Official named by many reports',
  module: 'petitions',
  basis: MANY_REPORTS_BASIS,
  version: 1,
  severity: 'yellow',
  defaults: { count: 3, months: 12 },
  thresholdSchema: z.strictObject({ count: z.number().int().min(2).max(100), months: z.number().int().min(1).max(36) }),
  async *evaluate({ db, today, thresholds }) {
    const from = windowFrom(today, thresholds.months);
    let after = '';
    for (;;) {
      const rows = await officialsWithReports(db, null, from, today, thresholds.count, PAGE, after);
      for (const r of rows) {
        const finding: Finding = {
          subjectType: 'official',
          subjectId: r.officialId,
          // Once per official and month in which the threshold is met.
          causeKey: `reports:${today.slice(0, 7)}`,
          orgId: r.orgId,
          severity: r.count >= thresholds.count * 2 ? 'red' : 'yellow',
          title: `${r.name}（${r.orgName}）近${thresholds.months}个月被信访举报${r.count}件`,
          detail: `${from}至${today}共有${r.count}件信访举报反映该干部，达到${thresholds.count}件的预警线。`,
          links: [{ recordType: 'official', recordId: r.officialId, label: r.name }],
        };
        yield finding;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].officialId;
    }
  },
};

/** An organization whose reports lie above its peers' upper quartile fence. */
export const outlierRule: WarningRule<{ months: number }> = {
  id: 'petitions.org-outlier',
  name: '单位信访举报量明显高于同级同类单位',
  nameEn: 'Organization with reports far above its peers',
  module: 'petitions',
  basis: OUTLIER_BASIS,
  version: 1,
  severity: 'yellow',
  defaults: { months: 12 },
  thresholdSchema: z.strictObject({ months: z.number().int().min(1).max(36) }),
  async *evaluate({ db, today, thresholds }) {
    const from = windowFrom(today, thresholds.months);
    for (const o of await reportOutliers(db, null, from, today)) {
      const finding: Finding = {
        subjectType: 'org',
        subjectId: o.orgId,
        causeKey: `outlier:${today.slice(0, 7)}`,
        orgId: o.orgId,
        title: `${o.name}近${thresholds.months}个月信访举报${o.count}件，高于同级同类单位离群线${o.fence.toFixed(1)}件`,
        detail: `同级同类单位${o.peers}个，四分位数Q1=${o.q1.toFixed(1)}、Q3=${o.q3.toFixed(1)}，离群线Q3+1.5×IQR=${o.fence.toFixed(1)}。`,
        links: [{ recordType: 'org', recordId: o.orgId, label: o.name }],
      };
      yield finding;
    }
  },
};
