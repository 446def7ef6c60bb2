// The demo clues: every disposal state and board column, transfers in every state (some overdue),
// consultation meetings, many clues from demo reports; the same on both databases (deterministic).
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed/demo.js';
import { disposalOverdueRule, transferFeedbackOverdueRule } from '../../src/modules/clues/rules.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';

const dbs: TestDatabase[] = [];
const codes = new Map<string, string[]>();
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));

describe.each(DIALECTS)('demo clues on %s', (dialect) => {
  it('cover every state, method, form and transfer status, with overdue ones for the rules', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    await seedDemo(db.db, testCrypto(), { today: '2026-11-22' });
    const count = async (table: 'clues' | 'clue_transfers' | 'consultations', col: string) =>
      Object.fromEntries((await db.db.selectFrom(table).select([col as 'id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(col as 'id').execute()).map((r) => [String((r as Record<string, unknown>)[col]), Number(r.n)]));
    const states = await count('clues', 'state');
    expect(Object.keys(states).sort()).toEqual(['concluded', 'disposing', 'proposed', 'registered']);
    expect(Object.keys(await count('clues', 'method')).filter((m) => m !== 'null').sort()).toEqual(['close', 'hold', 'preliminary_check', 'talk_inquiry']);
    expect(Object.keys(await count('clues', 'form')).filter((f) => f !== 'null').sort()).toEqual(['1', '2', '3', '4']);
    const sources = await count('clues', 'source');
    expect(Object.keys(sources).sort()).toEqual(['audit', 'inspection', 'other', 'report', 'transfer_in']);
    expect(sources.report).toBeGreaterThan(50);
    expect(Object.keys(await count('clue_transfers', 'status')).sort()).toEqual(['fed_back', 'received', 'sent']);
    expect(Object.values(await count('consultations', 'org_id')).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    const rejected = await db.db.selectFrom('clue_disposals').select('id').where('status', '=', 'rejected').execute();
    expect(rejected.length).toBeGreaterThan(0);
    // Every proposal was decided by someone other than its proposer.
    const self = await db.db.selectFrom('clue_disposals').select('id').whereRef('decided_by', '=', 'proposed_by').execute();
    expect(self).toEqual([]);
    const findings = async (rule: typeof disposalOverdueRule) => {
      let n = 0;
      for await (const _ of rule.evaluate({ db: db.db, dialect, today: '2026-11-22', thresholds: { graceDays: 0 } })) n++;
      return n;
    };
    expect(await findings(disposalOverdueRule)).toBeGreaterThan(0);
    expect(await findings(transferFeedbackOverdueRule)).toBeGreaterThan(0);
    const docs = await db.db.selectFrom('search_docs').select('id').where('doc_type', '=', 'clue').execute();
    expect(docs.length).toBe(Object.values(states).reduce((a, b) => a + b, 0));
    codes.set(dialect, (await db.db.selectFrom('clues').select('code').orderBy('code').execute()).map((r) => r.code));
    if (codes.size === 2) expect(codes.get('sqlite')).toEqual(codes.get('postgres'));
  }, 240_000);
});
