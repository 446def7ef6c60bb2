// The clue rules on a fixed data set: a clue past its disposal deadline; transfer feedback overdue.
import { afterAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/modules/warnings/index.js';
import { disposalOverdueRule, transferFeedbackOverdueRule } from '../../src/modules/clues/rules.js';
import { setClock } from '../../src/core/time.js';
import { newId } from '../../src/core/ids.js';
import type { Db } from '../../src/db/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { loadFixture, type Fixture } from '../helpers/fixture.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  setClock(null);
  await Promise.all(dbs.map((d) => d.drop()));
});

const NOW = '2026-01-01T00:00:00.000Z';

async function clue(db: Db, fx: Fixture, code: string, state: string, method: string | null, deadline: string | null) {
  const id = newId();
  await db.insertInto('clues').values({
    id, org_id: fx.orgs.county1.id, code, source: 'other', petition_id: null, transfer_id: null, summary: `线索${code}`, discipline: 'integrity',
    sector: null, received_date: '2026-01-01', state, method, deadline, form: state === 'concluded' ? 1 : null, sanction: null, outcome: null,
    linked_type: null, linked_id: null, created_by: 'test', created_at: NOW, updated_at: NOW, concluded_at: state === 'concluded' ? NOW : null,
  }).execute();
  return id;
}

async function transfer(db: Db, fx: Fixture, clueId: string, status: string, due: string) {
  const id = newId();
  await db.insertInto('clue_transfers').values({
    id, clue_id: clueId, from_org_id: fx.orgs.county1.id, to_org_id: fx.orgs.county2.id, note: '移送', sent_date: '2026-02-01', feedback_due: due,
    sent_by: 'test', status, received_at: null, received_by: null, receipt_note: null, received_clue_id: null, result: status === 'fed_back' ? '已办结' : null,
    result_at: null, result_by: null, created_at: NOW,
  }).execute();
  return id;
}

describe.each(DIALECTS)('clue rules on %s', (dialect) => {
  it('warns of clues under disposal past their deadline, and only those', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const late = await clue(db.db, fx, 'XS2026-A', 'disposing', 'preliminary_check', '2026-04-30'); // 32 days late → red
    const justLate = await clue(db.db, fx, 'XS2026-B', 'disposing', 'talk_inquiry', '2026-05-31'); // 1 day → yellow
    await clue(db.db, fx, 'XS2026-C', 'disposing', 'hold', '2026-06-01'); // due today: not late
    await clue(db.db, fx, 'XS2026-D', 'concluded', 'close', '2026-03-01'); // done
    await clue(db.db, fx, 'XS2026-E', 'proposed', null, null); // awaiting approval: no deadline yet
    setClock(Date.parse('2026-06-01T08:00:00Z'));
    expect(await runRules(db.db, db.dialect, [disposalOverdueRule])).toMatchObject({ checked: 2, raised: 2 });
    const rows = await db.db.selectFrom('warnings').selectAll().orderBy('title').execute();
    expect(rows.map((r) => r.subject_id).sort()).toEqual([late, justLate].sort());
    const red = rows.find((r) => r.subject_id === late)!;
    expect(red).toMatchObject({ severity: 'red', subject_type: 'clue', org_id: fx.orgs.county1.id, cause_key: 'deadline:2026-04-30' });
    expect(red.title).toContain('超期32天');
    expect(red.basis).toContain('第二十一条');
    expect(rows.find((r) => r.subject_id === justLate)!.severity).toBe('yellow');
    // Idempotent; and a grace period moves the line.
    expect(await runRules(db.db, db.dialect, [disposalOverdueRule])).toMatchObject({ raised: 0 });
    const graced = [];
    for await (const f of disposalOverdueRule.evaluate({ db: db.db, dialect: db.dialect, today: '2026-06-01', thresholds: { graceDays: 7 } })) graced.push(f.subjectId);
    expect(graced).toEqual([late]);
  });

  it('warns the receiving body of transfers whose feedback is overdue (basis: article 23)', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const c = await clue(db.db, fx, 'XS2026-T', 'disposing', 'preliminary_check', '2026-12-31');
    const unsigned = await transfer(db.db, fx, c, 'sent', '2026-05-20'); // never received → red
    const received = await transfer(db.db, fx, c, 'received', '2026-05-25'); // 7 days → yellow
    await transfer(db.db, fx, c, 'fed_back', '2026-05-01'); // answered
    await transfer(db.db, fx, c, 'received', '2026-06-30'); // not due
    setClock(Date.parse('2026-06-01T08:00:00Z'));
    expect(await runRules(db.db, db.dialect, [transferFeedbackOverdueRule])).toMatchObject({ checked: 2, raised: 2 });
    const rows = await db.db.selectFrom('warnings').selectAll().execute();
    expect(rows.map((r) => r.subject_id).sort()).toEqual([unsigned, received].sort());
    expect(rows.every((r) => r.org_id === fx.orgs.county2.id && r.subject_type === 'clue_transfer' && r.basis.includes('第23条'))).toBe(true);
    expect(rows.find((r) => r.subject_id === unsigned)).toMatchObject({ severity: 'red' });
    expect(rows.find((r) => r.subject_id === received)).toMatchObject({ severity: 'yellow' });
    expect(rows.find((r) => r.subject_id === unsigned)!.title).toContain('尚未签收');
  });
});
