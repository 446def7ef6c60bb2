// The status rule: the pure function on cases, and the SQL twin agreeing with it on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStatus, statusSql, type StatusInput } from '../../src/modules/ledger/status.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';

const T = '2026-06-30';
const base: StatusInput = { state: 'open', deadline: null, cycle: 'none', startedOn: '2026-06-20', lastReportOn: null, doneOn: null };
const CASES: [string, Partial<StatusInput>, string][] = [
  ['new item without reports', {}, 'not_started'],
  ['a recent report', { lastReportOn: '2026-06-25' }, 'in_progress'],
  ['accepted completing report', { doneOn: '2026-06-01', deadline: '2026-05-01' }, 'done'],
  ['closed by its owner', { state: 'closed' }, 'done'],
  ['withdrawn wins over everything', { state: 'withdrawn', deadline: '2026-01-01' }, 'withdrawn'],
  ['past the deadline', { deadline: '2026-06-29', lastReportOn: '2026-06-28' }, 'overdue'],
  ['due today is not overdue', { deadline: T, lastReportOn: '2026-06-28' }, 'in_progress'],
  ['overdue wins over stalled', { deadline: '2026-06-01', startedOn: '2026-01-01' }, 'overdue'],
  ['started long ago, never reported', { startedOn: '2026-05-01' }, 'stalled'],
  ['last report 46 days ago', { lastReportOn: '2026-05-15' }, 'stalled'],
  ['last report exactly 45 days ago', { lastReportOn: '2026-05-16' }, 'in_progress'],
  ['monthly: 35 days is within the cycle', { cycle: 'monthly', lastReportOn: '2026-05-26' }, 'in_progress'],
  ['monthly: 42 days is stalled', { cycle: 'monthly', lastReportOn: '2026-05-19' }, 'stalled'],
  ['quarterly: 100 days is within the cycle', { cycle: 'quarterly', lastReportOn: '2026-03-22', startedOn: '2026-01-01' }, 'in_progress'],
  ['quarterly: 110 days is stalled', { cycle: 'quarterly', lastReportOn: '2026-03-12', startedOn: '2026-01-01' }, 'stalled'],
];

describe('itemStatus', () => {
  it.each(CASES)('%s', (_name, change, expected) => {
    expect(itemStatus({ ...base, ...change }, T)).toBe(expected);
  });
  it('follows the configured stalled threshold', () => {
    expect(itemStatus({ ...base, lastReportOn: '2026-06-10' }, T, 15)).toBe('stalled');
    expect(itemStatus({ ...base, lastReportOn: '2026-06-10' }, T, 30)).toBe('in_progress');
  });
});

describe.each(DIALECTS)('statusSql on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => database.drop());

  it('computes the same status as itemStatus for every case', async () => {
    const db = database.db;
    const now = '2026-06-30T00:00:00.000Z';
    await db.insertInto('orgs').values({ id: '00000000-0000-7000-8000-000000000001', parent_id: null, path: '/00000000-0000-7000-8000-000000000001/', depth: 0, name: '省', short_name: null, level: 'province', kind: 'region', code: null, sort_order: 0, search_text: '', created_at: now, updated_at: now }).execute();
    const org = '00000000-0000-7000-8000-000000000001';
    await db.insertInto('ledger_documents').values({ id: '00000000-0000-7000-8000-0000000000d1', org_id: org, kind: 'measures', title: 'd', doc_number: null, issued_on: null, year: null, created_by: null, created_at: now, updated_at: now }).execute();
    const ids = CASES.map((_c, i) => `00000000-0000-7000-8000-${String(i + 100).padStart(12, '0')}`);
    await db.insertInto('ledger_items').values(CASES.map(([, change], i) => {
      const s = { ...base, ...change };
      return {
        id: ids[i], document_id: '00000000-0000-7000-8000-0000000000d1', parent_id: null, path: `/${ids[i]}/`, depth: 0, seq: i + 1, code: String(i + 1),
        code_key: String(i + 1).padStart(4, '0'), kind: 'task', title: `t${i}`, content: null, org_id: org, lead_org_id: org, owner_name: null,
        deadline: s.deadline, cycle: s.cycle, outcome: null, measure_by: null, evidence: null, state: s.state, assignment_id: null, reviewer_org_id: org,
        child_count: 0, started_on: s.startedOn, last_report_on: s.lastReportOn, done_on: s.doneOn, report_count: 0, returned_count: 0, created_by: null,
        created_at: now, updated_at: now,
      };
    })).execute();
    const rows = await db.selectFrom('ledger_items as i').select(['i.id', statusSql('i', T).as('status')]).execute();
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    CASES.forEach(([name, , expected], i) => expect(byId.get(ids[i]), name).toBe(expected));
    const stalled = await db.selectFrom('ledger_items as i').select('i.id').where(statusSql('i', T), '=', 'stalled').execute();
    expect(stalled).toHaveLength(CASES.filter((c) => c[2] === 'stalled').length);
  });
});
