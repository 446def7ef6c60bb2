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

  it('has most supervision talks led by a higher 一把手 and some by a deputy, so the rule warns about only some principals', async () => {
    const talks = await d.db.selectFrom('talks')
      .leftJoin('posts', (j) => j.onRef('posts.official_id', '=', 'talks.lead_conductor_id').on('posts.is_principal', '=', 1).on('posts.end_date', 'is', null))
      .select(['talks.id', 'talks.lead_conductor_id', 'posts.id as principal_post'])
      .where('talks.type_id', '=', 'supervision').execute();
    const byPrincipal = talks.filter((t) => t.principal_post).length;
    const byOther = talks.filter((t) => t.lead_conductor_id && !t.principal_post).length;
    expect(byPrincipal / talks.length).toBeGreaterThan(0.75);
    expect(byOther).toBeGreaterThan(3);
    // The rule: some lower principals warned about, far from all of them.
    const old = await d.db.selectFrom('posts').innerJoin('orgs', 'orgs.id', 'posts.org_id').select('posts.id')
      .where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null).where('orgs.parent_id', 'is not', null).execute();
    const warned = await d.db.selectFrom('warnings').select('subject_id').where('rule_id', '=', 'talks.supervision-talk-missing').execute();
    expect(warned.length).toBeGreaterThan(byOther / 2);
    expect(warned.length).toBeLessThan(old.length / 2);
  });
});
