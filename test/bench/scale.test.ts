// The scale generator at small scale on SQLite: deterministic (same seed and day, same rows), in the
// proportions of the real thing, with a valid audit chain and records in every state.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/app/modules.js';
import type { WarningRule } from '../../src/core/module.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { verifyChain } from '../../src/modules/audit/index.js';
import { SCALE_MARKER, type ScaleSummary, seedScale } from '../../src/seed/scale.js';
import { testCrypto } from '../helpers/db.js';

const TODAY = '2026-11-22';
const rules = MODULES.flatMap((m) => (m.warningRules ?? []) as WarningRule[]);

async function small(): Promise<{ database: Database; summary: ScaleSummary }> {
  const database = openDatabase('sqlite::memory:');
  await migrateToLatest(database);
  const summary = await seedScale(database, testCrypto(), 'small', { today: TODAY, rules, threads: 0 });
  return { database, summary };
}

/** Columns that differ between runs by design: ciphertexts, wrapped keys, password hashes. */
const VARYING: Partial<Record<keyof DB, string[]>> = {
  officials: ['id_number_enc'],
  family_members: ['id_number_enc'],
  record_keys: ['wrapped_key'],
  users: ['password_hash'],
};
const TABLES: (keyof DB)[] = [
  'orgs', 'org_stationed', 'officials', 'posts', 'family_members', 'record_keys', 'users', 'user_roles', 'user_scopes', 'warnings',
  'warning_links', 'jobs', 'audit_log', 'talks', 'clues', 'clue_subjects', 'clue_disposals', 'clue_transfers', 'clue_events',
];

async function digest(database: Database, table: keyof DB): Promise<string> {
  const rows = (await database.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  const drop = VARYING[table] ?? [];
  const lines = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !drop.includes(k)))).sort();
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

describe('scale data: small, on SQLite', () => {
  let a: Awaited<ReturnType<typeof small>>;
  let b: Awaited<ReturnType<typeof small>>;
  beforeAll(async () => {
    a = await small();
    b = await small();
  }, 300_000); // two small seeds of every module: ≈ 40 s alone, several times that beside other suites
  afterAll(async () => {
    await a?.database.close();
    await b?.database.close();
  });

  it('is deterministic: the same seed and day give the same rows', async () => {
    for (const table of TABLES) expect(await digest(b.database, table), table).toBe(await digest(a.database, table));
    expect(b.summary.counts).toEqual(a.summary.counts);
    // …while sealed values are fresh each time (new keys, new IVs)
    const enc = (d: Database) => d.db.selectFrom('officials').select('id_number_enc').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect((await enc(a.database)).id_number_enc).not.toBe((await enc(b.database)).id_number_enc);
  });

  it('has the proportions of a real region', async () => {
    const c = a.summary.counts;
    expect(c.orgs).toBeGreaterThan(250);
    expect(c.officials / c.orgs).toBeGreaterThan(6);
    expect(c.officials / c.orgs).toBeLessThan(14);
    expect(c.family_members / c.officials).toBeGreaterThan(2.5);
    expect(c.family_members / c.officials).toBeLessThan(3.5);
    expect(c.posts / c.officials).toBeGreaterThan(2);
    expect(c.posts / c.officials).toBeLessThan(4);
    expect(c.record_keys).toBe(c.officials + c.family_members + (c.petitions ? Number((await a.database.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('anonymous', '=', 0).executeTakeFirstOrThrow()).n) : 0)); // + named reporters
    expect(c.audit_log).toBe(Math.round(c.officials / 10));
    expect(c.users).toBeGreaterThan(100);
    expect(c.jobs).toBe(183);
    // Every team has exactly one current principal; every official holds a current post.
    const { db } = a.database;
    const principals = await db.selectFrom('posts').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_principal', '=', 1).where('end_date', 'is', null).groupBy('org_id').execute();
    expect(principals.every((p) => Number(p.n) === 1)).toBe(true);
    const withoutPost = await db.selectFrom('officials').select('id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.official_id', '=', 'officials.id').where('posts.end_date', 'is', null))))
      .execute();
    expect(withoutPost).toEqual([]);
    // The counts in the summary are the rows in the tables.
    for (const [table, n] of Object.entries(c)) {
      const row = await db.selectFrom(table as keyof DB).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(n);
    }
  });

  it('holds records in every state', async () => {
    const { db } = a.database;
    const states = async (table: 'warnings' | 'users' | 'jobs', column: 'status') =>
      new Set((await db.selectFrom(table).select(column).distinct().execute()).map((r) => r[column]));
    expect(a.summary.warnings.raised).toBeGreaterThan(0);
    expect([...(await states('warnings', 'status'))].sort()).toEqual(expect.arrayContaining(['open', 'assigned']));
    expect(await states('users', 'status')).toEqual(new Set(['active', 'disabled']));
    expect(await states('jobs', 'status')).toContain('done');
    const outcomes = new Set((await db.selectFrom('audit_log').select('outcome').distinct().execute()).map((r) => r.outcome));
    expect(outcomes).toContain('ok');
    const ended = await db.selectFrom('posts').select('id').where('end_date', 'is not', null).limit(1).execute();
    expect(ended.length).toBe(1);
  });

  it('holds clues in every state, from the reports marked for clues and other sources, indexed for search', async () => {
    const { db } = a.database;
    const c = a.summary.counts;
    expect(c.clues / c.officials).toBeGreaterThan(0.6);
    expect(c.clues / c.officials).toBeLessThan(0.9);
    const distinct = async (column: 'state' | 'source' | 'method') =>
      new Set((await db.selectFrom('clues').select(column).distinct().execute()).map((r) => r[column]));
    expect(await distinct('state')).toEqual(new Set(['registered', 'proposed', 'disposing', 'concluded']));
    expect(await distinct('source')).toEqual(new Set(['report', 'inspection', 'audit', 'other', 'transfer_in']));
    expect(await distinct('method')).toEqual(new Set([null, 'talk_inquiry', 'preliminary_check', 'hold', 'close']));
    const transfers = new Set((await db.selectFrom('clue_transfers').select('status').distinct().execute()).map((r) => r.status));
    expect(transfers).toEqual(new Set(['sent', 'received', 'fed_back']));
    const disposals = new Set((await db.selectFrom('clue_disposals').select('status').distinct().execute()).map((r) => r.status));
    expect(disposals).toEqual(new Set(['pending', 'approved', 'rejected']));
    // Every report marked to_clue became a clue, handled by a commission, and every clue is in the search index.
    const marked = await db.selectFrom('petitions').select('id').where('status', '=', 'to_clue').execute();
    const fromReports = await db.selectFrom('clues').innerJoin('orgs', 'orgs.id', 'clues.org_id').select(['clues.petition_id', 'orgs.kind']).where('source', '=', 'report').execute();
    expect(marked.length).toBeGreaterThan(0);
    expect(new Set(fromReports.map((r) => r.petition_id))).toEqual(new Set(marked.map((r) => r.id)));
    expect(new Set(fromReports.map((r) => r.kind))).toEqual(new Set(['commission']));
    const indexed = await db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).where('doc_type', '=', 'clue').executeTakeFirstOrThrow();
    expect(Number(indexed.n)).toBe(c.clues);
  });

  it('has supervision talks led by the higher 一把手, a few by a deputy: the rule warns about some principals only', async () => {
    const { db } = a.database;
    const talks = await db.selectFrom('talks')
      .leftJoin('posts', (j) => j.onRef('posts.official_id', '=', 'talks.lead_conductor_id').on('posts.is_principal', '=', 1).on('posts.end_date', 'is', null))
      .select(['talks.lead_conductor_id', 'posts.id as principal_post']).where('talks.type_id', '=', 'supervision').execute();
    expect(talks.filter((t) => t.principal_post).length / talks.length).toBeGreaterThan(0.75);
    expect(talks.filter((t) => t.lead_conductor_id && !t.principal_post).length).toBeGreaterThan(0);
    const principals = await db.selectFrom('posts').select('id').where('is_principal', '=', 1).where('end_date', 'is', null).execute();
    const warned = await db.selectFrom('warnings').select('id').where('rule_id', '=', 'talks.supervision-talk-missing').execute();
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.length).toBeLessThan(principals.length / 2);
  });

  it('writes an audit chain that verifies, and its completion marker', async () => {
    const result = await verifyChain(a.database.db, testCrypto());
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(a.summary.counts.audit_log);
    const marker = await a.database.db.selectFrom('settings').select('value').where('key', '=', SCALE_MARKER).executeTakeFirstOrThrow();
    expect(JSON.parse(marker.value)).toMatchObject({ scale: 'small', today: TODAY, counts: a.summary.counts });
  });

  it('keeps the demo logins', () => {
    expect(a.summary.logins.map((l) => l.username)).toEqual(expect.arrayContaining(['leader', 'county.leader', 'admin.audit']));
  });
});
