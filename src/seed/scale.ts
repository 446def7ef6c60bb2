// Scale data for benchmarks: `npm run jiandu -- seed --scale small|city|province`.
//
// The same deterministic generator as the demo (orgs.ts, people.ts) grown by a shape, plus the
// accounts, a six-month audit log chained with the real chain functions, the warnings the real rules
// raise (in every state), and the history of nightly jobs. Generated and inserted slice by slice
// (the province's own bodies, then one city at a time), so memory stays bounded at any scale;
// ID numbers are sealed with per-record keys on worker threads while the main thread inserts.
// Same seed and same `today`: same rows (only ciphertexts, wrapped keys and password hashes differ).
//
//   small     ≈370 orgs, ≈3,500 officials, ≈10,000 family members, 1 audit row per 10 officials
//   city      ≈10,300 orgs, ≈136,000 officials, ≈410,000 family members, 1,000,000 audit rows
//   province  ten times city (≈100,000 orgs, ≈1.3 million officials), 10,000,000 audit rows
import { createHash } from 'node:crypto';
import os from 'node:os';
import { type Insertable, sql } from 'kysely';
import type { Database } from '../db/index.js';
import type { DB } from '../db/schema.js';
import type { CryptoBox, KeyMaterial } from '../core/crypto.js';
import type { Trx, WarningRule } from '../core/module.js';
import { hashPassword } from '../core/passwords.js';
import { today as todayUtc } from '../core/time.js';
import { runRules } from '../modules/warnings/index.js';
import { DEMO_PASSWORD, type DemoLogin, type DemoShape } from './demo.js';
import { type OrgInfo, buildOrgTree } from './orgs.js';
import { generatePeople } from './people.js';
import { IdSource, Rng, fromDay, toDay } from './random.js';
import { type AuditTarget, generateAuditLog } from './scale-audit.js';
import { CONTRIBUTORS, PENDING, type PendingModule, type ScaleContext } from './scale-modules.js';
import { buildScaleUsers } from './scale-users.js';
import { type Sealer, makeSealer } from './seal-pool.js';

export type ScaleName = 'small' | 'city' | 'province';
export const SCALE_NAMES: readonly ScaleName[] = ['small', 'city', 'province'];
export const SCALE_SEED = 'jiandu-scale-1';
/** Bumped whenever the generator's output changes, so cached benchmark data is regenerated. */
export const SCALE_VERSION = 7;
/** The settings row that marks a completed scale seed (written last). */
export const SCALE_MARKER = 'seed.scale';

export interface ScaleSpec {
  name: ScaleName;
  shape: DemoShape;
  /** Audit rows: a fixed number, or one per `perOfficials` officials. */
  audit: { rows: number } | { perOfficials: number };
}

const CITY_SHAPE: DemoShape = {
  cities: 15,
  countiesPerCity: [8, 12],
  townshipsPerCounty: [12, 18],
  departments: { province: 37, city: 33, county: 28 },
  unitsPerStationedGroup: [1, 3],
  extraCadresPerOrg: [8, 16],
  longTenureShare: 0.1,
};

export const SCALES: Record<ScaleName, ScaleSpec> = {
  small: {
    name: 'small',
    shape: {
      cities: 2,
      countiesPerCity: [3, 4],
      townshipsPerCounty: [6, 10],
      departments: { province: 24, city: 18, county: 14 },
      unitsPerStationedGroup: [1, 3],
      extraCadresPerOrg: [4, 10],
      longTenureShare: 0.1,
    },
    audit: { perOfficials: 10 },
  },
  city: { name: 'city', shape: CITY_SHAPE, audit: { rows: 1_000_000 } },
  province: { name: 'province', shape: { ...CITY_SHAPE, cities: 90, countiesPerCity: [12, 20] }, audit: { rows: 10_000_000 } },
};

export interface ScaleSeedOptions {
  seed?: string;
  /** YYYY-MM-DD: every date is relative to it (default: today). */
  today?: string;
  /** The warning rules to run over the data (the CLI passes every module's). */
  rules?: readonly WarningRule[];
  /** Sealing threads (needs `keys`); 0 seals on the main thread. Default: one per core, at most 2. */
  threads?: number;
  keys?: KeyMaterial;
  /** Rows per INSERT statement (capped at 30,000 parameters). */
  batchSize?: number;
  /** Overrides the scale's audit row count. */
  auditRows?: number;
  log?: (line: string) => void;
}

export interface ScaleSummary {
  scale: ScaleName;
  seed: string;
  today: string;
  counts: Record<string, number>;
  planted: { keyPrincipals: number; longTenure: number; nearTenure: number; familyBusiness: number };
  warnings: { raised: number; byStatus: Record<string, number> };
  logins: DemoLogin[];
  pending: readonly PendingModule[];
  threads: number;
  ms: Record<string, number>;
  peakRssMb: number;
}

interface Chunk {
  label: string;
  orgs: OrgInfo[];
}

const SAMPLE = 20_000;

/** The tables and columns of a database, hashed: cached scale data made under another schema is stale. */
export async function schemaFingerprint(db: Database['db'], schema?: string): Promise<string> {
  const tables = await db.introspection.getTables();
  const names = tables
    .filter((t) => !t.name.startsWith('kysely_') && (!t.schema || t.schema === (schema ?? 'public')))
    .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))
    .sort();
  return createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16);
}

export function resolveScale(name: string): ScaleSpec {
  const spec = SCALES[name as ScaleName];
  if (!spec) throw new Error(`Unknown scale "${name}" (available: ${SCALE_NAMES.join(', ')})`);
  return spec;
}

export async function seedScale(database: Database, crypto: CryptoBox, scale: ScaleName | ScaleSpec, opts: ScaleSeedOptions = {}): Promise<ScaleSummary> {
  const spec = typeof scale === 'string' ? resolveScale(scale) : scale;
  const { db, dialect } = database;
  const t0 = performance.now();
  const ms: Record<string, number> = {};
  const lap = (() => {
    let last = t0;
    return (name: string) => {
      const now = performance.now();
      ms[name] = Math.round(now - last);
      last = now;
    };
  })();
  const log = opts.log ?? (() => {});
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`;
  const today = opts.today ?? todayUtc();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seedScale: today must be YYYY-MM-DD, got ${today}`);
  const seed = opts.seed ?? SCALE_SEED;
  const timestamp = `${today}T00:00:00.000Z`;
  const existing = await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('seedScale: the database already holds organizations; seed only an empty database');

  // Bulk load on SQLite: a page cache that holds the indexes being filled (the default 2 MB turns every
  // index insert of a growing table into disk reads). This connection only; the server's is untouched.
  if (dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(db);

  const counts: Record<string, number> = {};
  const batchSize = opts.batchSize ?? 2000;
  const insert = async <T extends keyof DB>(trx: Trx, table: T, rows: Insertable<DB[T]>[]): Promise<number> => {
    if (rows.length === 0) return 0;
    const columns = Object.keys(rows[0]).length;
    const size = Math.max(1, Math.min(batchSize, Math.floor(30000 / columns)));
    for (let i = 0; i < rows.length; i += size) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await trx.insertInto(table).values(rows.slice(i, i + size) as any).execute();
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
    return rows.length;
  };

  // ---- The tree and the accounts ----
  const rng = new Rng(seed);
  const ids = new IdSource(rng.fork('ids'), today);
  const tree = buildOrgTree(rng.fork('orgs'), spec.shape, { ids, timestamp });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = buildScaleUsers(rng.fork('users'), tree, ids, today, passwordHash);
  await db.transaction().execute(async (trx) => {
    await insert(trx, 'orgs', tree.orgs.map((o) => o.row));
    await insert(trx, 'org_stationed', tree.stationed);
    await insert(trx, 'users', users.users);
    await insert(trx, 'user_roles', users.roles);
    await insert(trx, 'user_scopes', users.scopes);
  });
  lap('orgsAndUsers');
  log(`orgs: ${tree.orgs.length} organizations, ${users.users.length} accounts (${elapsed()})`);

  // ---- People, slice by slice: generate (main thread) → seal (workers) → insert (main thread) ----
  const cityOf = new Map<string, number>();
  tree.root.childRegions.forEach((city, ci) => {
    cityOf.set(city.row.id, ci);
    for (const county of city.childRegions) cityOf.set(county.row.id, ci);
  });
  const chunks: Chunk[] = [{ label: tree.root.row.name, orgs: [] }, ...tree.root.childRegions.map((c) => ({ label: c.row.name, orgs: [] as OrgInfo[] }))];
  for (const org of tree.orgs) {
    const ci = cityOf.get(org.region.row.id);
    chunks[ci === undefined ? 0 : ci + 1].orgs.push(org);
  }

  // Worker threads pay a start-up (≈1 s, compiling the crypto code) that only larger seeds win back.
  const threads = opts.threads ?? (opts.keys && spec.name !== 'small' ? Math.min(2, os.availableParallelism()) : 0);
  const sealer: Sealer = makeSealer(crypto, { threads, keys: opts.keys });
  const ctxBase: ScaleContext = { scale: spec.name, dialect, rng, ids, today, timestamp, tree, sealer, insert, log };
  const planted = { keyPrincipals: 0, longTenure: 0, nearTenure: 0, familyBusiness: 0 };
  const sampleRng = rng.fork('sample');
  const officialSample: AuditTarget[] = [];
  let seen = 0;
  let officialsTotal = 0;
  try {
    type Prepared = { chunk: Chunk; index: number; people: ReturnType<typeof generatePeople>; sealing: Promise<[Awaited<ReturnType<Sealer['seal']>>, Awaited<ReturnType<Sealer['seal']>>]>; t: number };
    const prepare = (chunk: Chunk, index: number): Prepared => {
      const t = performance.now();
      const people = generatePeople(rng.fork(`people/${index}`), { ...tree, orgs: chunk.orgs }, spec.shape, { ids, today, timestamp });
      const sealing = Promise.all([
        sealer.seal(people.officials.map((o) => o.id), people.officialIdNumbers),
        sealer.seal(people.family.map((f) => f.id), people.familyIdNumbers),
      ]);
      return { chunk, index, people, sealing, t };
    };
    const write = async (p: Prepared) => {
      const [so, sf] = await p.sealing;
      const { people } = p;
      const keys: DB['record_keys'][] = [];
      people.officials.forEach((o, i) => {
        o.id_number_enc = so.sealed[i];
        keys.push({ id: o.id, wrapped_key: so.wrapped[i], created_at: timestamp });
      });
      people.family.forEach((f, i) => {
        f.id_number_enc = sf.sealed[i];
        keys.push({ id: f.id, wrapped_key: sf.wrapped[i], created_at: timestamp });
      });
      const contributed: Record<string, number> = {};
      await db.transaction().execute(async (trx) => {
        await insert(trx, 'officials', people.officials);
        await insert(trx, 'record_keys', keys);
        await insert(trx, 'posts', people.posts);
        await insert(trx, 'family_members', people.family);
        for (const c of CONTRIBUTORS) {
          if (!c.perChunk) continue;
          const out = await c.perChunk({
            ...ctxBase, rng: rng.fork(`${c.module}/${p.index}`), trx, label: p.chunk.label, orgs: p.chunk.orgs,
            officials: people.officials, posts: people.posts, family: people.family,
          });
          for (const [k, v] of Object.entries(out)) contributed[k] = (contributed[k] ?? 0) + v;
        }
      });
      for (const o of people.officials) {
        // Reservoir sample of officials: the targets of audited reads in the audit log.
        seen++;
        const target = { id: o.id, orgId: o.org_id, name: o.name };
        if (officialSample.length < SAMPLE) officialSample.push(target);
        else {
          const j = sampleRng.int(0, seen - 1);
          if (j < SAMPLE) officialSample[j] = target;
        }
      }
      officialsTotal += people.officials.length;
      planted.keyPrincipals += people.stats.keyPrincipals;
      planted.longTenure += people.stats.longTenure;
      planted.nearTenure += people.stats.nearTenure;
      planted.familyBusiness += people.stats.plantedFamilyBusiness;
      const extra = Object.entries(contributed).map(([k, v]) => `, ${v} ${k}`).join('');
      log(
        `people ${p.index + 1}/${chunks.length} ${p.chunk.label}: ${people.officials.length} officials, ${people.posts.length} posts, ` +
          `${people.family.length} family members${extra} in ${Math.round(performance.now() - p.t)} ms (${elapsed()})`,
      );
    };
    // Two slices in flight at most: slice n is sealed on the workers while slice n-1 is inserted.
    let inFlight: Prepared | null = null;
    for (let i = 0; i < chunks.length; i++) {
      if (chunks[i].orgs.length === 0) continue;
      const next = prepare(chunks[i], i);
      if (inFlight) await write(inFlight);
      inFlight = next;
    }
    if (inFlight) await write(inFlight);
  } finally {
    await sealer.close();
  }
  lap('people');

  if (CONTRIBUTORS.some((c) => c.afterPeople)) {
    await db.transaction().execute(async (trx) => {
      for (const c of CONTRIBUTORS) if (c.afterPeople) await c.afterPeople({ ...ctxBase, rng: rng.fork(`${c.module}/after`), trx });
    });
    lap('afterPeople');
    log(`after people: contributors finished (${elapsed()})`);
  }

  // ---- Warnings: the real rules over the whole data, then handled in every state ----
  const warnings = { raised: 0, byStatus: {} as Record<string, number> };
  if (opts.rules?.length) {
    // The rules' queries are planned like the server's: on statistics (without them, 38 s instead of 12 at city scale).
    await gatherStatistics(database);
    const run = await runRules(db, dialect, opts.rules, undefined, today); // the seed's day, not the clock's
    warnings.raised = run.raised;
    log(`warnings: ${run.raised} raised by ${opts.rules.length} rules (${elapsed()})`);
    await handleWarnings(database, rng.fork('warnings'), today, tree, users.people, warnings.byStatus);
  }
  lap('warnings');
  log(`warnings: set into their states ${JSON.stringify(warnings.byStatus)} (${elapsed()})`);

  // ---- Nightly jobs of the last six months ----
  await db.transaction().execute(async (trx) => {
    const jobRng = rng.fork('jobs');
    const todayDay = toDay(today);
    const jobs: DB['jobs'][] = [];
    for (let d = 183; d >= 1; d--) {
      const failed = jobRng.chance(0.02);
      const runAt = `${fromDay(todayDay - d - 1)}T18:00:00.000Z`; // 02:00 in Beijing
      jobs.push({
        id: ids.next(), kind: 'warnings.run', payload: '{}', dedupe_key: `nightly-warnings@${runAt}`, status: failed ? 'failed' : 'done',
        attempts: failed ? 5 : 1, max_attempts: 5, run_at: runAt, locked_by: null, locked_until: null,
        last_error: failed ? 'Connection terminated unexpectedly' : null,
        result: failed ? null : JSON.stringify({ checked: warnings.raised, raised: jobRng.int(0, 3), rules: [] }),
        created_at: runAt, finished_at: runAt.replace('T18:00:00', `T18:0${jobRng.int(0, 9)}:${jobRng.int(10, 59)}`),
      });
    }
    await insert(trx, 'jobs', jobs);
  });

  // ---- The audit log: six months, chained, inserted in pages ----
  const auditRows = opts.auditRows ?? ('rows' in spec.audit ? spec.audit.rows : Math.round(officialsTotal / spec.audit.perOfficials));
  const orgTargets = tree.orgs.filter((o) => o.row.kind !== 'region').map((o) => ({ id: o.row.id, orgId: o.row.id, name: o.row.name }));
  const warningTargets = (await db.selectFrom('warnings').select(['id', 'org_id', 'title']).orderBy('id').limit(SAMPLE).execute())
    .map((w) => ({ id: w.id, orgId: w.org_id, name: w.title }));
  let auditDone = 0;
  let nextReport = 0;
  const pageSize = 5000;
  const txRows = 50_000;
  let pending: DB['audit_log'][] = [];
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction().execute((trx) => insert(trx, 'audit_log', rows));
    auditDone += rows.length;
    if (auditDone >= nextReport) {
      log(`audit: ${auditDone.toLocaleString('en')} of ${auditRows.toLocaleString('en')} rows (${elapsed()})`);
      nextReport += Math.max(txRows, Math.round(auditRows / 10));
    }
  };
  await generateAuditLog(
    rng.fork('audit'),
    crypto,
    { rows: auditRows, today, users: users.people, officials: officialSample, orgs: orgTargets, warnings: warningTargets },
    async (page) => {
      for (const r of page) pending.push(r);
      if (pending.length >= txRows) await flush();
    },
    pageSize,
  );
  if (pending.length) await flush();
  if (!counts.audit_log) counts.audit_log = 0;
  lap('audit');

  // ---- Planner statistics: a bulk load leaves none, and without them PostgreSQL plans hash joins over
  // whole tables for single-row lookups (autovacuum may be off, or may not have come round yet);
  // on PostgreSQL a VACUUM as well (gatherStatistics) ----
  await gatherStatistics(database);
  lap('analyze');
  log(`analyze: planner statistics gathered (${elapsed()})`);

  // ---- Done: the marker goes last, so a half-written database is never taken for a whole one ----
  const summaryCounts = { ...counts };
  await db.insertInto('settings').values({
    key: SCALE_MARKER,
    value: JSON.stringify({ scale: spec.name, seed, today, version: SCALE_VERSION, schema: await schemaFingerprint(db, database.schema), counts: summaryCounts }),
    updated_at: new Date().toISOString(),
  }).execute();
  ms.total = Math.round(performance.now() - t0);
  log(`done in ${elapsed()}`);
  return {
    scale: spec.name,
    seed,
    today,
    counts: summaryCounts,
    planted,
    warnings,
    logins: users.logins,
    pending: PENDING,
    threads: sealer.threads,
    ms,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function gatherStatistics({ db, dialect }: Database) {
  if (dialect === 'sqlite') {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze`.execute(db);
    return;
  }
  // As autovacuum leaves a deployment after a bulk load: statistics, and the visibility map that
  // lets an index-only scan (the home page's warning counts) skip the table. Only this schema's
  // tables: without a list VACUUM takes every schema of the database (other scales' data too).
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView);
  await sql`vacuum (analyze) ${sql.join(tables.map((t) => sql.id(t.name)))}`.execute(db);
}

/** Sets raised warnings into every state a real inbox has: open, assigned, resolved, dismissed. */
async function handleWarnings(
  database: Database,
  rng: Rng,
  today: string,
  tree: ReturnType<typeof buildOrgTree>,
  people: readonly { id: string; orgId: string; roles: string[] }[],
  byStatus: Record<string, number>,
) {
  const { db } = database;
  const supervisorsAt = new Map<string, string[]>();
  for (const p of people) if (p.roles.includes('supervisor')) supervisorsAt.set(p.orgId, [...(supervisorsAt.get(p.orgId) ?? []), p.id]);
  const fallback = people.find((p) => p.roles.includes('supervisor'))?.id ?? null;
  const todayDay = toDay(today);
  const rows = await db.selectFrom('warnings').select(['id', 'org_id']).orderBy('id').execute();
  const states = rows.map((w) => {
    const x = rng.next();
    const status = x < 0.55 ? 'open' : x < 0.75 ? 'assigned' : x < 0.9 ? 'resolved' : 'dismissed';
    const commission = tree.byId.get(w.org_id)?.region.units.find((u) => u.row.kind === 'commission');
    const candidates = (commission && supervisorsAt.get(commission.row.id)) || [];
    const assignee = status === 'open' ? null : candidates.length ? rng.pick(candidates) : fallback;
    const raisedDay = todayDay - rng.int(1, 180);
    const raisedAt = `${fromDay(raisedDay - 1)}T18:00:00.000Z`;
    const updatedAt = status === 'open' ? raisedAt : `${fromDay(Math.min(todayDay - 1, raisedDay + rng.int(1, 30)))}T03:00:00.000Z`;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const resolution = status === 'resolved' ? '已按规定交流轮岗' : status === 'dismissed' ? '经核实任职时间计算有误' : null;
    return { id: w.id, status, assignee_id: assignee, resolution, raised_at: raisedAt, updated_at: updatedAt };
  });
  // One UPDATE … FROM a temporary table (both engines): a city's 70,000 single-row updates took 37 s.
  await db.transaction().execute(async (trx) => {
    await sql`create temporary table warning_states (id text primary key, status text not null, assignee_id text, resolution text, raised_at text not null, updated_at text not null)`.execute(trx);
    for (let i = 0; i < states.length; i += 4000) {
      await trx.insertInto('warning_states' as keyof DB).values(states.slice(i, i + 4000) as never).execute();
    }
    await sql`update warnings set status = s.status, assignee_id = s.assignee_id, resolution = s.resolution, raised_at = s.raised_at, updated_at = s.updated_at
      from warning_states s where s.id = warnings.id`.execute(trx);
    await sql`drop table warning_states`.execute(trx);
  });
}
