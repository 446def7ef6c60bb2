// The demo data of talks and inquiries: every type, a collective talk of several hundred, every state, rule hits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';
import { seedDemoAndWarnings } from '../../src/cli/seed.js';
import { INQUIRY_STATUSES } from '../../src/modules/inquiries/schema.js';

describe('demo talks', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase('sqlite');
    await seedDemoAndWarnings(d, testCrypto());
  });
  afterAll(async () => d.drop());

  it('holds every talk type, a collective talk of several hundred, inquiries in every state and rule hits', async () => {
    const types = await d.db.selectFrom('talks').select('type_id').distinct().execute();
    expect(types.map((r) => r.type_id).sort()).toEqual(['admonition', 'appointment', 'collective', 'heart', 'integrity', 'interview', 'reminder', 'supervision']);
    const big = await d.db.selectFrom('talks').select(['id', 'subject_count']).where('mode', '=', 'collective').orderBy('subject_count', 'desc').executeTakeFirstOrThrow();
    expect(big.subject_count).toBeGreaterThanOrEqual(300);
    const n = await d.db.selectFrom('talk_subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('talk_id', '=', big.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(big.subject_count);
    expect(await d.db.selectFrom('talk_links').select('preceding_id').where('talk_id', '=', big.id).execute()).toHaveLength(5);
    const states = await d.db.selectFrom('inquiries').select('status').distinct().execute();
    expect(states.map((r) => r.status).sort()).toEqual([...INQUIRY_STATUSES].sort());
    expect((await d.db.selectFrom('admonishments').select('id').execute()).length).toBeGreaterThan(5);
    const planned = await d.db.selectFrom('talks').select('id').where('status', '=', 'planned').execute();
    expect(planned.length).toBeGreaterThan(0);
    const warnings = await d.db.selectFrom('warnings').select(['rule_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('rule_id').execute();
    const by = Object.fromEntries(warnings.map((w) => [w.rule_id, Number(w.n)]));
    for (const rule of ['talks.appointment-talk-missing', 'talks.supervision-talk-missing', 'talks.followup-overdue', 'inquiries.reply-overdue']) {
      expect(by[rule], rule).toBeGreaterThan(0);
    }
    expect(by['talks.supervision-talk-missing']).toBeLessThan(80);
  });
});
