// The demo data set: a fictional province 示范省 with ≈300 orgs, ≈1,500 officials with their posts
// and families, and a demo user for every role. Deterministic: the same seed and `today` give the
// same ids, names, dates and texts; only password hashes, sealed ciphertext and record-key rows
// (random IVs and keys) differ between runs.
import type { Insertable } from 'kysely';
import type { Db } from '../db/index.js';
import type { DB, UserRoleTable, UserScopeTable, UserTable } from '../db/schema.js';
import type { CryptoBox } from '../core/crypto.js';
import { hashPassword } from '../core/passwords.js';
import type { Role } from '../core/roles.js';
import { freshKey } from '../core/sealed.js';
import { type OrgInfo, type OrgShape, type OrgTree, buildOrgTree } from './orgs.js';
import { type PeopleShape, generatePeople } from './people.js';
import { IdSource, Rng } from './random.js';
import { seedLedger } from './ledger.js';
import { seedTalks } from './talks.js';
import { seedPetitions } from './petitions.js';
import { seedClues } from './clues.js';

export const DEMO_PASSWORD = 'Jiandu@2026';
export const DEMO_TODAY = '2026-11-22';
export const DEMO_SEED = 'jiandu-demo-1';

export type DemoShape = OrgShape & PeopleShape;

/** ≈300 orgs and ≈1,500 officials: 3 cities × 3 counties × 4–6 townships. */
export const DEMO_SHAPE: DemoShape = {
  cities: 3,
  countiesPerCity: 3,
  townshipsPerCounty: [4, 6],
  departments: { province: 12, city: 9, county: 7 },
  unitsPerStationedGroup: [1, 3],
  extraCadresPerOrg: [0, 2],
  longTenureShare: 0.1,
};

/** The same code at the scale of a real province (≈10,000 orgs, ≈130,000 officials), for benchmarks. */
export const PROVINCE_SCALE_SHAPE: DemoShape = {
  cities: 14,
  countiesPerCity: [8, 12],
  townshipsPerCounty: [12, 18],
  departments: { province: 37, city: 33, county: 28 },
  unitsPerStationedGroup: [1, 3],
  extraCadresPerOrg: [8, 16],
  longTenureShare: 0.1,
};

export interface DemoLogin {
  username: string;
  role: Role;
  /** The org the user belongs to (by name). */
  org: string;
}

type Place = 'provinceCommission' | 'provinceOrgDept' | 'provinceInspection' | 'countyCommission' | 'countyUnit';
type ScopeOf = 'province' | 'county' | 'unit';

const USERS: readonly { username: string; role: Role; displayName: string; place: Place; scope: ScopeOf }[] = [
  { username: 'admin.sys', role: 'sys_admin', displayName: '系统管理员', place: 'provinceCommission', scope: 'province' },
  { username: 'admin.sec', role: 'sec_admin', displayName: '安全管理员', place: 'provinceCommission', scope: 'province' },
  { username: 'admin.audit', role: 'audit_admin', displayName: '安全审计员', place: 'provinceCommission', scope: 'province' },
  { username: 'leader', role: 'leader', displayName: '省纪委监委领导', place: 'provinceCommission', scope: 'province' },
  { username: 'supervisor', role: 'supervisor', displayName: '省纪委监委监督检查室', place: 'provinceCommission', scope: 'province' },
  { username: 'petition', role: 'petition', displayName: '省纪委监委信访室', place: 'provinceCommission', scope: 'province' },
  { username: 'casemgr', role: 'casemgr', displayName: '省纪委监委案件监督管理室', place: 'provinceCommission', scope: 'province' },
  { username: 'orgdept', role: 'orgdept', displayName: '省委组织部干部监督处', place: 'provinceOrgDept', scope: 'province' },
  { username: 'inspector', role: 'inspector', displayName: '省委巡视办', place: 'provinceInspection', scope: 'province' },
  { username: 'county.leader', role: 'leader', displayName: '临江县纪委监委领导', place: 'countyCommission', scope: 'county' },
  { username: 'county.supervisor', role: 'supervisor', displayName: '临江县纪委监委监督检查室', place: 'countyCommission', scope: 'county' },
  { username: 'unit.reporter', role: 'unit_reporter', displayName: '临江县财政局填报员', place: 'countyUnit', scope: 'unit' },
];

/** The demo logins (password DEMO_PASSWORD), for the start-up banner and the README. */
export const DEMO_LOGINS: readonly DemoLogin[] = USERS.map((u) => ({
  username: u.username,
  role: u.role,
  org: {
    provinceCommission: '示范省纪委监委',
    provinceOrgDept: '中共示范省委组织部',
    provinceInspection: '示范省委巡视工作领导小组办公室',
    countyCommission: '临江县纪委监委',
    countyUnit: '临江县财政局',
  }[u.place],
}));

export const SEEDED_TABLES = [
  'orgs',
  'org_stationed',
  'officials',
  'posts',
  'family_members',
  'record_keys',
  'users',
  'user_roles',
  'user_scopes',
] as const satisfies readonly (keyof DB)[];
export type SeededTable = (typeof SEEDED_TABLES)[number];

export interface SeedSummary {
  seed: string;
  today: string;
  counts: Record<SeededTable, number>;
  logins: DemoLogin[];
  planted: {
    keyPrincipals: number;
    longTenure: number;
    nearTenure: number;
    familyBusiness: number;
  };
  ms: { generate: number; seal: number; insert: number; total: number };
}

export interface SeedOptions {
  /** The demo's "today" (YYYY-MM-DD): every date is relative to it. */
  today?: string;
  seed?: string;
  shape?: DemoShape;
  /** Rows per INSERT statement (capped so that no statement exceeds ~30,000 parameters). */
  batchSize?: number;
  /** Progress lines for long seeds. */
  log?: (line: string) => void;
}

export async function seedDemo(db: Db, crypto: CryptoBox, opts: SeedOptions = {}): Promise<SeedSummary> {
  const t0 = performance.now();
  const today = opts.today ?? DEMO_TODAY;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seedDemo: today must be YYYY-MM-DD, got ${today}`);
  const seed = opts.seed ?? DEMO_SEED;
  const shape = opts.shape ?? DEMO_SHAPE;
  const log = opts.log ?? (() => {});
  const timestamp = `${today}T00:00:00.000Z`;

  const existing = await db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) throw new Error('seedDemo: the database already holds organizations; seed only an empty database');

  // ---- Generate (pure, deterministic) ----
  const rng = new Rng(seed);
  const ids = new IdSource(rng.fork('ids'), today);
  const tree = buildOrgTree(rng.fork('orgs'), shape, { ids, timestamp });
  const people = generatePeople(rng.fork('people'), tree, shape, { ids, today, timestamp });
  const users = buildUsers(tree, ids, timestamp);
  const t1 = performance.now();
  log(`generated ${tree.orgs.length} orgs, ${people.officials.length} officials in ${Math.round(t1 - t0)} ms`);

  // ---- Seal ID numbers (one key per record) and hash the one password ----
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const recordKeys: DB['record_keys'][] = [];
  const sealInto = (rows: { id: string; id_number_enc: string | null }[], plain: string[]) => {
    for (let i = 0; i < rows.length; i++) {
      const k = freshKey(crypto, rows[i].id);
      recordKeys.push({ ...k.row, created_at: timestamp });
      rows[i].id_number_enc = k.seal(plain[i]);
    }
  };
  sealInto(people.officials, people.officialIdNumbers);
  sealInto(people.family, people.familyIdNumbers);
  for (const u of users.users) u.password_hash = passwordHash;
  const t2 = performance.now();
  log(`sealed ${recordKeys.length} records in ${Math.round(t2 - t1)} ms`);

  // ---- Insert, in batches, in one transaction ----
  const counts = {} as Record<SeededTable, number>;
  await db.transaction().execute(async (trx) => {
    const insert = async <T extends SeededTable>(table: T, rows: Insertable<DB[T]>[]) => {
      counts[table] = rows.length;
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]).length;
      const size = Math.max(1, Math.min(opts.batchSize ?? 500, Math.floor(30000 / columns)));
      for (let i = 0; i < rows.length; i += size) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await trx.insertInto(table).values(rows.slice(i, i + size) as any).execute();
      }
    };
    await insert('orgs', tree.orgs.map((o) => o.row));
    await insert('org_stationed', tree.stationed);
    await insert('officials', people.officials);
    await insert('record_keys', recordKeys);
    await insert('posts', people.posts);
    await insert('family_members', people.family);
    await insert('users', users.users);
    await insert('user_roles', users.roles);
    await insert('user_scopes', users.scopes);
    counts.record_keys += (await seedPetitions(trx, crypto, { rng: rng.fork('petitions'), ids, today })).keys; // reporters' sealed identities
    await seedClues(trx, { rng: rng.fork('clues'), ids, today });
  });
  await seedLedger(db, tree, rng.fork('ledger'), today);
  await seedTalks(db, rng.fork('talks'), ids, today);
  const t3 = performance.now();
  log(`inserted in ${Math.round(t3 - t2)} ms`);

  return {
    seed,
    today,
    counts,
    logins: users.logins,
    planted: {
      keyPrincipals: people.stats.keyPrincipals,
      longTenure: people.stats.longTenure,
      nearTenure: people.stats.nearTenure,
      familyBusiness: people.stats.plantedFamilyBusiness,
    },
    ms: { generate: Math.round(t1 - t0), seal: Math.round(t2 - t1), insert: Math.round(t3 - t2), total: Math.round(t3 - t0) },
  };
}

/** The demo accounts placed in a tree (exported for the scale generator, which keeps the same logins). */
export function buildUsers(tree: OrgTree, ids: IdSource, timestamp: string) {
  const root = tree.root;
  const unitOf = (region: OrgInfo, kind: string) => {
    const o = region.units.find((u) => u.row.kind === kind);
    if (!o) throw new Error(`seedDemo: ${region.row.name} has no ${kind}`);
    return o;
  };
  const city = root.childRegions[0];
  const county = city?.childRegions[0];
  if (!county) throw new Error('seedDemo: the shape needs at least one city with one county');
  const countyUnit = county.units.find((u) => u.row.kind === 'department' && u.sector === 'finance') ?? unitOf(county, 'department');
  const places: Record<Place, OrgInfo> = {
    provinceCommission: unitOf(root, 'commission'),
    provinceOrgDept: unitOf(root, 'org_department'),
    provinceInspection: unitOf(root, 'inspection_office'),
    countyCommission: unitOf(county, 'commission'),
    countyUnit,
  };
  const scopes: Record<ScopeOf, OrgInfo> = { province: root, county, unit: countyUnit };

  const users: Insertable<UserTable>[] = [];
  const roles: UserRoleTable[] = [];
  const userScopes: UserScopeTable[] = [];
  const logins: DemoLogin[] = [];
  for (const u of USERS) {
    const id = ids.next();
    const org = places[u.place];
    users.push({
      id,
      username: u.username,
      display_name: u.displayName.replace('临江县', county.row.name).replace('财政局', countyUnit.row.name.slice(county.row.name.length)),
      org_id: org.row.id,
      password_hash: '', // filled in after hashing
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      totp_secret_enc: null,
      totp_enabled: 0,
      password_changed_at: timestamp,
      last_login_at: null,
      created_at: timestamp,
      updated_at: timestamp,
    });
    roles.push({ user_id: id, role: u.role });
    userScopes.push({ user_id: id, org_id: scopes[u.scope].row.id });
    logins.push({ username: u.username, role: u.role, org: org.row.name });
  }
  return { users, roles, scopes: userScopes, logins };
}
