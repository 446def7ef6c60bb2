// The demo data set: shape, integrity, planted findings, demo users, determinism, and both engines.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoBox } from '../../src/core/crypto.js';
import { ID_PATTERN } from '../../src/core/ids.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { ROLES } from '../../src/core/roles.js';
import { yearsBetween } from '../../src/core/time.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_TODAY, type SeedSummary, seedDemo } from '../../src/seed/demo.js';
import { idCheckChar, isValidIdNumber } from '../../src/seed/idnumber.js';
import { ORG_KINDS } from '../../src/seed/orgs.js';
import { IdSource, Rng, fromDay, toDay } from '../../src/seed/random.js';

const cryptoBox = (n = 1) => new CryptoBox('sm', { master: Buffer.alloc(32, n), audit: Buffer.alloc(32, n + 1), backup: Buffer.alloc(32, n + 2) });

async function sqliteDemo(): Promise<{ database: Database; summary: SeedSummary; box: CryptoBox }> {
  const database = openDatabase('sqlite::memory:');
  await migrateToLatest(database);
  const box = cryptoBox();
  const summary = await seedDemo(database.db, box);
  return { database, summary, box };
}

/** Rows of a table ordered by its key, without the columns that legitimately differ between runs. */
async function stableRows(database: Database, table: keyof DB, drop: string[], orderBy: string[] = ['id']): Promise<Record<string, unknown>[]> {
  let q = database.db.selectFrom(table).selectAll();
  for (const c of orderBy) q = q.orderBy(c as never);
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
}

const STABLE: [keyof DB, string[], string[]?][] = [
  ['orgs', []],
  ['org_stationed', [], ['group_org_id', 'unit_org_id']],
  ['officials', ['id_number_enc']],
  ['posts', []],
  ['family_members', ['id_number_enc']],
  ['users', ['password_hash']],
  ['user_roles', [], ['user_id', 'role']],
  ['user_scopes', [], ['user_id', 'org_id']],
];

describe('seed helpers', () => {
  it('the generator is reproducible and forks are independent of consumption', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const seqA = Array.from({ length: 50 }, () => a.u32());
    expect(Array.from({ length: 50 }, () => b.u32())).toEqual(seqA);
    expect(new Rng('y').u32()).not.toBe(seqA[0]);
    const fresh = new Rng('x').fork('k').u32();
    expect(a.fork('k').u32()).toBe(fresh); // a has been consumed; its fork has not changed
    for (let i = 0; i < 1000; i++) {
      const v = a.int(3, 7);
      expect(v >= 3 && v <= 7).toBe(true);
    }
  });

  it('ids are UUIDv7-shaped, increasing and reproducible', () => {
    const make = () => {
      const ids = new IdSource(new Rng('ids'), DEMO_TODAY);
      return Array.from({ length: 5000 }, () => ids.next());
    };
    const a = make();
    expect(make()).toEqual(a);
    for (const id of a) expect(id).toMatch(ID_PATTERN);
    expect(a[0][14]).toBe('7');
    expect([...a].sort()).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('ID numbers carry the GB 11643 check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X'); // the standard's own example
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519490231002X')).toBe(false); // 31 February
  });

  it('day arithmetic round-trips', () => {
    expect(fromDay(toDay('2026-11-22'))).toBe('2026-11-22');
    expect(toDay('1970-01-02')).toBe(1);
  });
});

describe('demo data on SQLite', () => {
  let A: Awaited<ReturnType<typeof sqliteDemo>>;
  let B: Awaited<ReturnType<typeof sqliteDemo>>;
  beforeAll(async () => {
    A = await sqliteDemo();
    B = await sqliteDemo();
    console.info(`[seed] SQLite: ${JSON.stringify(A.summary.counts)} in ${A.summary.ms.total} ms (${JSON.stringify(A.summary.ms)})`);
  });
  afterAll(async () => {
    await A?.database.close();
    await B?.database.close();
  });

  const db = () => A.database.db;

  it('has the intended size and the summary matches the tables', async () => {
    const { counts } = A.summary;
    expect(counts.orgs).toBeGreaterThanOrEqual(250);
    expect(counts.orgs).toBeLessThanOrEqual(350);
    expect(counts.officials).toBeGreaterThanOrEqual(1300);
    expect(counts.officials).toBeLessThanOrEqual(1700);
    expect(counts.users).toBe(12);
    // One key per official, family member and named reporter (petitions seed).
    const named = await db().selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('anonymous', '=', 0).executeTakeFirstOrThrow();
    expect(counts.record_keys).toBe(counts.officials + counts.family_members + Number(named.n));
    for (const [table, n] of Object.entries(counts)) {
      const row = await db()
        .selectFrom(table as keyof DB)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(n);
    }
  });

  it('indexes the reports in the order they came in, so search lists the newest first', async () => {
    const rows = await db().selectFrom('search_docs').innerJoin('petitions', 'petitions.id', 'search_docs.doc_id')
      .select(['search_docs.id', 'petitions.received_at']).where('search_docs.doc_type', '=', 'petition').orderBy('search_docs.id').execute();
    expect(rows.length).toBeGreaterThan(1000);
    const dates = rows.map((r) => r.received_at);
    expect(dates).toEqual([...dates].sort());
  });

  it('the org tree is well formed', async () => {
    const orgs = await db().selectFrom('orgs').selectAll().execute();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const roots = orgs.filter((o) => o.parent_id === null);
    expect(roots).toHaveLength(1);
    const root = roots[0];
    expect(root).toMatchObject({ name: '示范省', kind: 'region', level: 'province', depth: 0, path: `/${root.id}/` });
    for (const o of orgs) {
      expect(o.id).toMatch(ID_PATTERN);
      expect(ORG_KINDS).toContain(o.kind);
      expect(['province', 'city', 'county', 'township']).toContain(o.level);
      expect(o.search_text).toBe(o.name);
      if (o.parent_id === null) continue;
      const parent = byId.get(o.parent_id)!;
      expect(o.path).toBe(`${parent.path}${o.id}/`);
      expect(o.depth).toBe(parent.depth + 1);
    }
    const regions = orgs.filter((o) => o.kind === 'region');
    expect(regions.map((r) => r.level).sort()).toEqual(['province', ...Array(3).fill('city'), ...Array(9).fill('county')].sort());
    for (const r of regions) {
      const children = orgs.filter((o) => o.parent_id === r.id);
      for (const kind of ['party_committee', 'congress', 'government', 'cppcc', 'commission', 'org_department', 'inspection_office']) {
        expect(children.filter((c) => c.kind === kind && c.level === r.level), `${r.name} ${kind}`).toHaveLength(1);
      }
      expect(children.filter((c) => c.kind === 'department').length).toBeGreaterThanOrEqual(6);
      if (r.level === 'county') {
        const towns = children.filter((c) => c.level === 'township');
        expect(towns.length).toBeGreaterThanOrEqual(4);
        for (const t of towns) expect(t.kind).toBe('party_committee');
      }
      if (r.level === 'city') expect(children.filter((c) => c.kind === 'zone')).toHaveLength(1);
    }
    expect(orgs.filter((o) => o.kind === 'soe')).toHaveLength(1);
    expect(orgs.filter((o) => o.kind === 'university')).toHaveLength(1);
    expect(orgs.some((o) => o.name === '青川市')).toBe(true);
    expect(orgs.some((o) => o.name === '临江县财政局')).toBe(true);
    expect(orgs.some((o) => o.name === '青石镇党委')).toBe(true);
    for (const name of ['青川高新技术产业开发区', '示范省交通投资集团有限公司', '示范大学', '示范省委巡视工作领导小组办公室', '中共示范省委组织部']) {
      expect(orgs.some((o) => o.name === name), name).toBe(true);
    }
    expect(orgs.some((o) => o.kind === 'stationed_group' && o.short_name === '驻省财政厅纪检监察组')).toBe(true);

    // Stationed groups hang under the commission and supervise 1–3 departments of their own region.
    const links = await db().selectFrom('org_stationed').selectAll().execute();
    const groups = orgs.filter((o) => o.kind === 'stationed_group');
    expect(groups.length).toBeGreaterThan(20);
    for (const g of groups) {
      const commission = byId.get(g.parent_id!)!;
      expect(commission.kind).toBe('commission');
      const units = links.filter((l) => l.group_org_id === g.id).map((l) => byId.get(l.unit_org_id)!);
      expect(units.length).toBeGreaterThanOrEqual(1);
      expect(units.length).toBeLessThanOrEqual(3);
      for (const u of units) {
        expect(u.kind).toBe('department');
        expect(u.parent_id).toBe(commission.parent_id);
      }
    }
    const departments = orgs.filter((o) => o.kind === 'department');
    expect(new Set(links.map((l) => l.unit_org_id)).size).toBe(departments.length);
  });

  it('every team org has a team of 3–7 with exactly one current principal', async () => {
    const orgs = await db().selectFrom('orgs').select(['id', 'kind', 'name']).execute();
    const current = await db().selectFrom('posts').selectAll().where('end_date', 'is', null).execute();
    for (const o of orgs) {
      const team = current.filter((p) => p.org_id === o.id && p.is_team_member === 1);
      const principals = current.filter((p) => p.org_id === o.id && p.is_principal === 1);
      if (o.kind === 'region' || o.kind === 'stationed_group' || o.kind === 'inspection_office') {
        expect(team, o.name).toHaveLength(0);
        expect(principals, o.name).toHaveLength(0);
        if (o.kind !== 'region') expect(current.filter((p) => p.org_id === o.id).length, o.name).toBeGreaterThanOrEqual(2);
        continue;
      }
      expect(team.length, o.name).toBeGreaterThanOrEqual(3);
      expect(team.length, o.name).toBeLessThanOrEqual(7);
      expect(principals, o.name).toHaveLength(1);
      expect(principals[0].is_team_member).toBe(1);
      for (const m of team) expect(m.rank, o.name).toMatch(/^(正|副)(部|厅|处|科)级$/);
      for (const m of team.filter((x) => x.is_principal === 0)) expect(m.division, `${o.name} ${m.title}`).toMatch(/^(分管|负责|协助|主持)/);
    }
    // Key posts: principals of party committees, governments, commissions and key-sector departments only.
    const orgKind = new Map(orgs.map((o) => [o.id, o.kind]));
    for (const p of current.filter((x) => x.is_key_post === 1)) {
      expect(p.is_principal).toBe(1);
      expect(['party_committee', 'government', 'commission', 'department']).toContain(orgKind.get(p.org_id));
    }
    const keyDepartments = current.filter((p) => p.is_key_post === 1 && orgKind.get(p.org_id) === 'department');
    expect(keyDepartments.length).toBe(6 + 3 * 6 + 9 * 6);
  });

  it('officials hold one current post, earlier posts in other orgs back to back, and plausible attributes', async () => {
    const officials = await db().selectFrom('officials').selectAll().execute();
    const posts = await db().selectFrom('posts').selectAll().orderBy('official_id').orderBy('start_date').execute();
    const byOfficial = new Map<string, typeof posts>();
    for (const p of posts) byOfficial.set(p.official_id, [...(byOfficial.get(p.official_id) ?? []), p]);
    let women = 0;
    for (const o of officials) {
      const mine = byOfficial.get(o.id)!;
      const current = mine.filter((p) => p.end_date === null);
      expect(current).toHaveLength(1);
      expect(o.org_id).toBe(current[0].org_id);
      expect(o.current_title).toBe(current[0].title);
      expect(o.search_text).toBe(o.name);
      expect(o.party_member).toBe(1);
      expect(['M', 'F']).toContain(o.gender);
      if (o.gender === 'F') women++;
      const earlier = mine.filter((p) => p.end_date !== null);
      expect(earlier.length).toBeGreaterThanOrEqual(1);
      expect(earlier.length).toBeLessThanOrEqual(3);
      for (let i = 0; i < mine.length - 1; i++) {
        expect(toDay(mine[i].end_date!) + 1).toBe(toDay(mine[i + 1].start_date));
        expect(mine[i].org_id).not.toBe(mine[i + 1].org_id);
        expect(mine[i].start_date < mine[i].end_date!).toBe(true);
        expect(mine[i].is_principal).toBe(0);
      }
      const ageAtStart = yearsBetween(o.birth_date!, mine[0].start_date);
      expect(ageAtStart).toBeGreaterThanOrEqual(22);
      const age = yearsBetween(o.birth_date!, DEMO_TODAY);
      expect(age).toBeGreaterThanOrEqual(24);
      expect(age).toBeLessThanOrEqual(65);
      expect(current[0].start_date <= DEMO_TODAY).toBe(true);
    }
    expect(women / officials.length).toBeGreaterThan(0.18);
    expect(women / officials.length).toBeLessThan(0.32);
    const ethnicities = new Set(officials.map((o) => o.ethnicity));
    expect(ethnicities.has('汉族') && ethnicities.size >= 4).toBe(true);
  });

  it('about a tenth of key-post principals have served five years or more', async () => {
    const rows = await db()
      .selectFrom('posts')
      .select(['start_date'])
      .where('is_principal', '=', 1)
      .where('is_key_post', '=', 1)
      .where('end_date', 'is', null)
      .execute();
    const years = rows.map((r) => yearsBetween(r.start_date, DEMO_TODAY));
    const long = years.filter((y) => y >= 5).length;
    expect(rows.length).toBeGreaterThan(100);
    expect(long / rows.length).toBeGreaterThanOrEqual(0.08);
    expect(long / rows.length).toBeLessThanOrEqual(0.12);
    expect(rows.some((r) => r.start_date === '2021-11-22')).toBe(true); // exactly five years
    expect(years.filter((y) => y >= 8).length).toBeGreaterThanOrEqual(2);
    expect(years.some((y) => y >= 10)).toBe(true);
    expect(years.filter((y) => y === 4).length).toBeGreaterThan(0);
    expect(A.summary.planted.longTenure).toBe(long);
  });

  it('ID numbers are sealed per record, checksum-valid, and match birth date and gender', async () => {
    const box = A.box;
    const keys = new Map((await db().selectFrom('record_keys').selectAll().execute()).map((k) => [k.id, box.unwrapKey(k.wrapped_key)]));
    const officials = await db().selectFrom('officials').selectAll().execute();
    const seen = new Set<string>();
    for (const o of officials) {
      const id = box.open(o.id_number_enc!, keys.get(o.id)!);
      expect(isValidIdNumber(id), id).toBe(true);
      expect(id.startsWith('99')).toBe(true);
      expect(id.slice(-4)).toBe(o.id_number_tail);
      expect(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`).toBe(o.birth_date);
      expect(Number(id[16]) % 2).toBe(o.gender === 'M' ? 1 : 0);
      seen.add(id);
    }
    const family = await db().selectFrom('family_members').selectAll().execute();
    for (const f of family) {
      const id = box.open(f.id_number_enc!, keys.get(f.id)!);
      expect(isValidIdNumber(id), id).toBe(true);
      expect(id.slice(-4)).toBe(f.id_number_tail);
      seen.add(id);
    }
    expect(seen.size).toBe(officials.length + family.length);
  });

  it('each official has 2–4 family members, some in business in the official’s own area', async () => {
    const officials = await db().selectFrom('officials').select(['id', 'org_id']).execute();
    const family = await db().selectFrom('family_members').selectAll().execute();
    const orgOf = new Map(officials.map((o) => [o.id, o.org_id]));
    const count = new Map<string, number>();
    for (const f of family) {
      count.set(f.official_id, (count.get(f.official_id) ?? 0) + 1);
      expect(f.org_id).toBe(orgOf.get(f.official_id));
      expect(['spouse', 'child', 'child_spouse', 'parent', 'sibling']).toContain(f.relation);
    }
    for (const o of officials) {
      expect(count.get(o.id) ?? 0).toBeGreaterThanOrEqual(2);
      expect(count.get(o.id) ?? 0).toBeLessThanOrEqual(4);
    }
    expect(family.filter((f) => f.relation === 'spouse').length).toBeGreaterThan(officials.length * 0.8);
    expect(A.summary.planted.familyBusiness).toBeGreaterThan(30);
    expect(family.filter((f) => /^青川市.+(建设工程|建筑劳务|房地产开发|装饰工程|市政工程)有限公司$/.test(f.employer ?? '')).length).toBeGreaterThan(0);
  });

  it('creates the twelve demo users with their roles, orgs and scopes', async () => {
    expect(A.summary.logins).toEqual(DEMO_LOGINS);
    const users = await db().selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').select(['users.id', 'users.username', 'users.display_name', 'users.password_hash', 'users.status', 'users.totp_enabled', 'users.password_changed_at', 'users.created_at', 'orgs.name as org_name']).execute();
    const roles = await db().selectFrom('user_roles').selectAll().execute();
    const scopes = await db().selectFrom('user_scopes').innerJoin('orgs', 'orgs.id', 'user_scopes.org_id').select(['user_scopes.user_id', 'orgs.name', 'orgs.kind', 'orgs.level']).execute();
    expect(users).toHaveLength(12);
    for (const login of DEMO_LOGINS) {
      const u = users.find((x) => x.username === login.username)!;
      expect(u, login.username).toBeTruthy();
      expect(u.org_name).toBe(login.org);
      expect(u.status).toBe('active');
      expect(u.totp_enabled).toBe(0);
      expect(u.password_changed_at).toBe(u.created_at);
      expect(u.display_name).toMatch(/[\u4e00-\u9fa5]/);
      expect(roles.filter((r) => r.user_id === u.id).map((r) => r.role)).toEqual([login.role]);
      expect(ROLES).toContain(login.role);
      const scope = scopes.filter((s) => s.user_id === u.id);
      expect(scope).toHaveLength(1);
      if (login.username.startsWith('county.')) expect(scope[0]).toMatchObject({ name: '临江县', kind: 'region', level: 'county' });
      else if (login.username === 'unit.reporter') expect(scope[0]).toMatchObject({ name: '临江县财政局', kind: 'department' });
      else expect(scope[0]).toMatchObject({ name: '示范省', kind: 'region', level: 'province' });
    }
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1); // hashed once
    expect(await verifyPassword(DEMO_PASSWORD, users[0].password_hash)).toBe(true);
  });

  it('two runs produce identical rows (apart from ciphertext and password hashes)', async () => {
    for (const [table, drop, order] of STABLE) {
      const a = await stableRows(A.database, table, drop, order);
      const b = await stableRows(B.database, table, drop, order);
      expect(a.length, table).toBeGreaterThan(0);
      expect(b, table).toEqual(a);
    }
    const encA = await A.database.db.selectFrom('officials').select('id_number_enc').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const encB = await B.database.db.selectFrom('officials').select('id_number_enc').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect(encA.id_number_enc).not.toBe(encB.id_number_enc); // fresh keys and IVs every run
  });

  it('refuses to seed a database that already has organizations', async () => {
    await expect(seedDemo(db(), A.box)).rejects.toThrow(/already/);
  });

  it('dates follow the chosen today', async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(database);
      const summary = await seedDemo(database.db, cryptoBox(), { today: '2030-03-01' });
      expect(summary.today).toBe('2030-03-01');
      const row = await database.db
        .selectFrom('posts')
        .select((eb) => eb.fn.max('start_date').as('latest'))
        .executeTakeFirstOrThrow();
      expect(String(row.latest) <= '2030-03-01').toBe(true);
      expect(String(row.latest) > '2029-06-01').toBe(true);
      const exact = await database.db.selectFrom('posts').select('id').where('start_date', '=', '2025-03-01').where('is_key_post', '=', 1).execute();
      expect(exact).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});

const pgUrl = process.env.TEST_DATABASE_URL && process.env.TEST_DATABASE_URL !== 'none' ? process.env.TEST_DATABASE_URL : null;

describe.skipIf(!pgUrl)('demo data on PostgreSQL', () => {
  const schema = `seed_${crypto.randomBytes(6).toString('hex')}`;
  let database: Database;
  let summary: SeedSummary;
  const admin = () => new pg.Client({ connectionString: pgUrl! });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    const u = new URL(pgUrl!);
    u.searchParams.set('schema', schema);
    database = openDatabase(u.toString());
    await migrateToLatest(database);
    summary = await seedDemo(database.db, cryptoBox());
    console.info(`[seed] PostgreSQL: ${JSON.stringify(summary.counts)} in ${summary.ms.total} ms (${JSON.stringify(summary.ms)})`);
  });

  afterAll(async () => {
    await database?.close();
    const c = admin();
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('seeds the same counts into its own schema', async () => {
    expect(summary.counts.orgs).toBeGreaterThanOrEqual(250);
    expect(summary.counts.officials).toBeGreaterThanOrEqual(1300);
    for (const [table, n] of Object.entries(summary.counts)) {
      const row = await database.db
        .selectFrom(table as keyof DB)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(n);
    }
    const c = admin();
    await c.connect();
    const inSchema = await c.query('select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = $2', [schema, 'orgs']);
    await c.end();
    expect(inSchema.rows[0].n).toBe(1);
  });

  it('produces the same rows as SQLite', async () => {
    const lite = await sqliteDemo();
    try {
      expect(summary.counts).toEqual(lite.summary.counts);
      for (const [table, drop, order] of STABLE) {
        expect(await stableRows(database, table, drop, order), table).toEqual(await stableRows(lite.database, table, drop, order));
      }
    } finally {
      await lite.database.close();
    }
  });
});
