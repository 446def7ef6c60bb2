// Classification and repeat similarity on fixed texts, and the two rules on a fixed data set, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { contentTerms, jaccard, searchText } from '../../src/core/segment.js';
import type { RuleContext } from '../../src/core/module.js';
import { classify } from '../../src/modules/petitions/classify.js';
import { quartiles, reportOutliers } from '../../src/modules/petitions/concentration.js';
import { REPEAT_THRESHOLD } from '../../src/modules/petitions/repeats.js';
import { manyReportsRule, outlierRule } from '../../src/modules/petitions/rules.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';

describe('classification and similarity on fixed texts', () => {
  it.each([
    ['反映某局长在工程招投标中收受施工方贿赂和好处费', 'integrity', 'construction'],
    ['某派出所民警执法不公，推诿不作为，乱作为', 'work', 'law_enforcement'],
    ['村干部在低保评定中优亲厚友，克扣惠农补贴', 'mass', 'rural'],
    ['该校长违规提拔亲属，突击提拔干部，跑官要官', 'organizational', 'education'],
    ['反映某干部长期赌博，生活作风不检点，存在婚外情', 'life', 'other'],
    ['某镇党委书记搞团团伙伙，拉帮结派，阳奉阴违', 'political', 'other'],
    ['国土局在采矿许可审批中违规为企业办证', 'integrity', 'approvals'],
    ['银行信贷部门违规向关联企业发放贷款', 'integrity', 'finance'],
  ])('%s → %s / %s', (text, discipline, sector) => {
    const c = classify(text);
    expect([c.discipline, c.sector]).toEqual([discipline, sector]);
  });

  it('scores a reworded repeat above the threshold and a different matter below it', () => {
    const a = contentTerms(searchText('反映县住建局局长在城南道路改造工程招投标中收受施工单位老板好处费二十万元'));
    const repeat = contentTerms(searchText('再次反映住建局局长在城南道路工程招投标时收受老板好处费，请求查处'));
    const other = contentTerms(searchText('反映住建局局长长期赌博，生活作风不检点'));
    expect(jaccard(a, repeat)).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
    expect(jaccard(a, other)).toBeLessThan(REPEAT_THRESHOLD);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('computes quartile fences the usual way', () => {
    expect(quartiles([1, 2, 3, 4, 5, 6, 7, 8])).toEqual({ q1: 2.75, q3: 6.25 });
    expect(quartiles([0, 0, 0, 0, 12])).toEqual({ q1: 0, q3: 0 });
  });
});

describe.each(DIALECTS)('the petition rules on a fixed data set on %s', (dialect) => {
  let t: TestDatabase;
  const today = '2026-11-30';
  const counties: string[] = [];
  const official = { many: newId(), few: newId(), stale: newId() };

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    const db = t.db;
    const now = new Date().toISOString();
    const org = async (parent: { id: string; path: string } | null, name: string, level: string, kind: string) => {
      const id = newId();
      const path = `${parent?.path ?? '/'}${id}/`;
      await db.insertInto('orgs').values({ id, parent_id: parent?.id ?? null, path, depth: path.split('/').length - 3, name, short_name: null, level, kind, code: null, sort_order: 0, search_text: name, created_at: now, updated_at: now }).execute();
      return { id, path };
    };
    const root = await org(null, '省', 'province', 'region');
    // Six counties with 1, 1, 2, 2, 3 and 20 reports (county 0 gets the officials' reports too).
    for (let i = 0; i < 6; i++) counties.push((await org(root, `县${i}`, 'county', 'region')).id);
    // Three departments (too few peers for quartiles), one of them with many reports.
    const depts = [await org(root, '厅甲', 'province', 'department'), await org(root, '厅乙', 'province', 'department'), await org(root, '厅丙', 'province', 'department')];
    for (const [id, name] of [[official.many, '多件'], [official.few, '少件'], [official.stale, '旧件']] as const) {
      await db.insertInto('officials').values({ id, org_id: counties[0], name, gender: 'M', birth_date: null, ethnicity: null, education: null, party_member: 1, id_number_enc: null, id_number_tail: null, current_title: null, search_text: name, created_at: now, updated_at: now }).execute();
    }
    const matter = newId();
    await db.insertInto('petition_matters').values({ id: matter, org_id: root.id, title: 'm', status: 'open', report_count: 0, first_received_at: today, last_received_at: today, closed_at: null, created_at: now, updated_at: now }).execute();
    let n = 0;
    const report = async (orgId: string, receivedAt: string, officialId?: string) => {
      const id = newId();
      await db.insertInto('petitions').values({ id, org_id: orgId, matter_id: matter, serial: `T-${++n}`, channel: 'letter', received_at: receivedAt, anonymous: 1, reporter_name_enc: null, reporter_id_enc: null, reporter_id_tail: null, reporter_contact_enc: null, reporter_contact_tail: null, summary: 's', content: 'c', discipline: 'integrity', sector: 'other', status: 'registered', result: null, created_by: 'test', closed_at: null, created_at: now, updated_at: now }).execute();
      if (officialId) await db.insertInto('petition_subjects').values({ petition_id: id, subject_type: 'official', subject_id: officialId, org_id: orgId, role: 'principal', received_at: receivedAt }).execute();
    };
    const perCounty = [1, 1, 2, 2, 3, 20];
    for (let c = 0; c < 6; c++) for (let k = 0; k < perCounty[c]; k++) await report(counties[c], '2026-06-01');
    for (let k = 0; k < 10; k++) await report(depts[0].id, '2026-06-01');
    // Officials: 3 reports within 12 months; 2 within; 3 but one of them 13 months ago.
    for (const d of ['2026-01-10', '2026-05-10', '2026-11-01']) await report(counties[0], d, official.many);
    for (const d of ['2026-02-10', '2026-03-10']) await report(counties[0], d, official.few);
    for (const d of ['2025-10-01', '2026-02-10', '2026-03-10']) await report(counties[0], d, official.stale);
  });
  afterAll(async () => t.drop());

  async function run<T extends Record<string, number>>(rule: { evaluate(ctx: RuleContext<T>): AsyncIterable<{ subjectId: string; causeKey: string; links: unknown[] }> }, thresholds: T) {
    const out = [];
    for await (const f of rule.evaluate({ db: t.db, dialect, today, thresholds })) out.push(f);
    return out;
  }

  it('warns of an official with at least N reports in 12 months, once a month', async () => {
    const found = await run(manyReportsRule, manyReportsRule.defaults);
    expect(found.map((f) => f.subjectId)).toEqual([official.many]);
    expect(found[0].causeKey).toBe('reports:2026-11');
    expect((await run(manyReportsRule, { count: 2, months: 12 })).map((f) => f.subjectId).sort()).toEqual([official.few, official.many, official.stale].sort());
    expect((await run(manyReportsRule, { count: 3, months: 14 })).map((f) => f.subjectId).sort()).toEqual([official.many, official.stale].sort());
  });

  it('flags an organization above its peers’ quartile fence, not a fixed number', async () => {
    // County 0 also carries the 7 reports naming officials within the window: 8 in all. Counts
    // 1, 2, 2, 3, 8, 20 → Q1 = 2, Q3 = 6.75, fence = 13.875: only the county with 20 is an outlier.
    const found = await run(outlierRule, outlierRule.defaults);
    expect(found.map((f) => f.subjectId)).toEqual([counties[5]]);
    const detail = await reportOutliers(t.db, null, '2025-12-01', today);
    const top = detail.find((o) => o.orgId === counties[5])!;
    expect(top).toMatchObject({ count: 20, peers: 6, level: 'county', kind: 'region', q1: 2, q3: 6.75, fence: 13.875 });
    // The department with 10 reports has only two peers: no quartiles, no warning.
    expect(detail.every((o) => o.kind === 'region')).toBe(true);
  });
});
