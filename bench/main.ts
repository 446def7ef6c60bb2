// The benchmark harness: npm run bench -- --scale small|city|province [--db sqlite|postgres] [--only NAME]
//
// Generates the scale data if it is not cached (data/bench/<scale>-sqlite.db, or the PostgreSQL schema
// bench_<scale>), starts the server on it (bench/server.ts: the real app plus baseline routes), runs each
// benchmark after a warm-up with load from this process over loopback, and prints one JSON object per
// line on stdout: {"bench","db","scale","value","unit","baseline","ratio","p50","p99",…}. `ratio` is
// always value ÷ baseline, both measured in this run; `better` says whether higher or lower is good.
// Progress goes to stderr. Only 127.0.0.1 is ever targeted.
//
// Options: --db sqlite|postgres (default sqlite)   --only NAME[,NAME…] (repeatable)
//          --seconds N (measured load per run)      --warmup N (seconds of warm-up load)
//          --connections N (default 50)             --pg URL (PostgreSQL, default BENCH_DATABASE_URL or
//          --log-level LEVEL (server, default info)        postgres://postgres@127.0.0.1:5432/jiandu_bench)
//          --regenerate (ignore cached data)            --profile (per-statement database time on each
//                                                          load line; server CPU profile in data/bench/profiles)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MODULES } from '../src/app/modules.js';
import { CryptoBox, loadKeys } from '../src/core/crypto.js';
import type { WarningRule } from '../src/core/module.js';
import { type Database, type Dialect, openDatabase } from '../src/db/index.js';
import { GENESIS_HASH, canonicalRow } from '../src/modules/audit/chain.js';
import { verifyChain } from '../src/modules/audit/index.js';
import { runRules } from '../src/modules/warnings/index.js';
import { ROLLUP_VIEWS } from '../src/modules/ledger/schema.js';
import { sql } from 'kysely';
import { Rng } from '../src/seed/random.js';
import { SCALE_NAMES } from '../src/seed/scale.js';
import nodeCrypto from 'node:crypto';
import { type BenchFields, CACHE_DIR, emit, median, progress, round } from './lib/common.js';
import { type BenchData, ensureData } from './lib/data.js';
import { type LoadResult, type Session, getJson, load, login } from './lib/http.js';
import { intakeBench, searchBench } from './lib/petitions.js';
import { prewarm } from './lib/prewarm.js';
import { type RunningServer, startServer } from './lib/server.js';
import { ensureWebBuilt, runWeb } from './lib/web.js';

const ALL = [
  'data', 'official-detail', 'portrait', 'officials-list', 'memory', 'audit-verify', 'warnings-run',
  'ledger-rollup', 'ecology', 'search', 'intake', 'xref', 'web-js', 'web-render',
] as const;
type BenchName = (typeof ALL)[number];
const GROUPS: Record<string, BenchName[]> = { web: ['web-js', 'web-render'] };

/** Benchmarks of modules that have not landed: the route prefix that will mean they have. */
const PENDING: Partial<Record<BenchName, { prefix: string; module: string }>> = {
  ecology: { prefix: '/api/ecology', module: 'ecology' },
  xref: { prefix: '/api/xref', module: 'xref' },
};

interface Ctx {
  scale: string;
  dialect: Dialect;
  data: BenchData;
  server: RunningServer;
  database: Database;
  seconds: number;
  warmup: number;
  rounds: number;
  connections: number;
  routes: string[];
  idleRssMb: number;
  sessions: Map<string, Session>;
  /** --profile: per-statement database time of each measured run, attached to its line. */
  profile: boolean;
}

interface SqlStat {
  sql: string;
  count: number;
  ms: number;
}

/** The statements that took most of the measured runs' database time, per request. */
function summarize(stats: SqlStat[], requests: number) {
  stats.sort((x, y) => y.ms - x.ms);
  const total = stats.reduce((n, x) => n + x.ms, 0);
  const per = (ms: number) => ms / Math.max(1, requests);
  for (const x of stats.slice(0, 12)) progress(`  ${per(x.ms).toFixed(3).padStart(7)} ms/req ${String(x.count).padStart(7)}× ${x.sql.slice(0, 160)}`);
  return {
    db_ms_per_request: per(total),
    top: stats.slice(0, 4).map((x) => ({ sql: x.sql.slice(0, 140), ms_per_request: per(x.ms), share: x.ms / total })),
  };
}

function line(ctx: Pick<Ctx, 'scale' | 'dialect'>, bench: string, fields: BenchFields): void {
  // The machine's load average when the figure was taken: on a shared machine, context for the reader.
  emit({ bench, db: ctx.dialect, scale: ctx.scale, ...fields, ...(fields.value !== null && { loadavg: os.loadavg()[0] }) });
}

function skipped(ctx: Pick<Ctx, 'scale' | 'dialect'>, bench: string, reason: string): void {
  line(ctx, bench, { value: null, unit: null, baseline: null, ratio: null, skipped: reason });
}

async function session(ctx: Ctx, username: string): Promise<Session> {
  let s = ctx.sessions.get(username);
  if (!s) {
    s = await login(ctx.server.base, username);
    ctx.sessions.set(username, s);
  }
  return s;
}

/** A deterministic sample of official ids, read in keyset pages (bounded memory at any scale). */
async function sampleOfficials(db: Database['db'], n: number, seed: string): Promise<string[]> {
  const rng = new Rng(seed);
  const out: string[] = [];
  let seen = 0;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('officials').select('id').where('id', '>', after).orderBy('id').limit(20_000).execute();
    for (const r of rows) {
      seen++;
      if (out.length < n) out.push(r.id);
      else {
        const j = rng.int(0, seen - 1);
        if (j < n) out[j] = r.id;
      }
    }
    if (rows.length < 20_000) break;
    after = rows[rows.length - 1].id;
  }
  return rng.shuffle(out);
}

/**
 * Warm-up of both, then the measured runs, alternating route and baseline in `rounds` slices (so a
 * change in the machine's load during the run touches both alike). Requests per second: all
 * requests ÷ all seconds; p50 and p99: the median of the slices' (p99_max: the worst slice).
 */
async function pair(ctx: Ctx, route: { paths: string[]; cookie?: string }, baseline: { paths: string[]; cookie?: string }) {
  const { base } = ctx.server;
  const opts = (r: { paths: string[]; cookie?: string }, seconds: number) => ({ base, ...r, connections: ctx.connections, seconds });
  if (ctx.warmup > 0) {
    await load(opts(route, ctx.warmup));
    await load(opts(baseline, ctx.warmup));
  }
  const slice = Math.max(1, Math.round(ctx.seconds / ctx.rounds));
  const runs: { value: LoadResult[]; baseline: LoadResult[] } = { value: [], baseline: [] };
  const stats = new Map<string, SqlStat>();
  for (let i = 0; i < ctx.rounds; i++) {
    if (ctx.profile) await getJson(base, '/bench/sql-profile?reset=1');
    runs.value.push(await load(opts(route, slice)));
    if (ctx.profile) {
      for (const x of (await getJson<SqlStat[]>(base, '/bench/sql-profile?reset=1')).body) {
        const acc = stats.get(x.sql) ?? { sql: x.sql, count: 0, ms: 0 };
        acc.count += x.count;
        acc.ms += x.ms;
        stats.set(x.sql, acc);
      }
    }
    runs.baseline.push(await load(opts(baseline, slice)));
  }
  const value = combine(runs.value);
  return { value, baseline: combine(runs.baseline), profile: ctx.profile ? summarize([...stats.values()], value.requests) : undefined };
}

function combine(runs: LoadResult[]) {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    rps: requests / seconds,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    p99_max: Math.max(...runs.map((r) => r.p99)),
    requests,
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
    bytesPerRequest: runs.reduce((n, r) => n + r.bytesPerRequest * r.requests, 0) / Math.max(1, requests),
  };
}

async function officialDetail(ctx: Ctx, bench: 'official-detail' | 'portrait', prefix: string) {
  const leader = await session(ctx, 'leader');
  const ids = await sampleOfficials(ctx.database.db, 5000, `bench/${bench}`);
  // The baseline returns a constant body of the same size: the median of a sample of real responses.
  const sample = await Promise.all(ids.slice(0, 21).map((id) => getJson(ctx.server.base, `${prefix}/${id}`, leader)));
  const bad = sample.find((r) => r.status !== 200);
  if (bad) throw new Error(`${prefix}/:id answered ${bad.status}: ${JSON.stringify(bad.body).slice(0, 200)}`);
  sample.sort((a, b) => a.bytes - b.bytes);
  const typical = sample[sample.length >> 1];
  const post = await fetch(`${ctx.server.base}/bench/constant`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(typical.body) });
  if (post.status !== 200) throw new Error(`POST /bench/constant: ${post.status}`);
  progress(`${bench}: ${ctx.connections} connections, ${ctx.warmup} s warm-up + ${ctx.seconds} s, then the same for the constant baseline`);
  const r = await pair(ctx, { paths: ids.map((id) => `${prefix}/${id}`), cookie: leader.cookie }, { paths: ['/bench/constant'], cookie: leader.cookie });
  line(ctx, bench, {
    value: r.value.rps, unit: 'req/s', baseline: r.baseline.rps, ratio: r.value.rps / r.baseline.rps, better: 'higher',
    p50: r.value.p50, p99: r.value.p99, p99_max: r.value.p99_max, baseline_p50: r.baseline.p50, baseline_p99: r.baseline.p99,
    connections: ctx.connections, seconds: ctx.seconds, rounds: ctx.rounds, requests: r.value.requests, errors: r.value.errors,
    bytes: Math.round(r.value.bytesPerRequest), baseline_bytes: Math.round(r.baseline.bytesPerRequest),
    target: 'p99 < 50 ms and ratio ≥ 0.5 (portrait, city scale)',
    ok: r.value.p99 < 50 && r.value.rps / r.baseline.rps >= 0.5,
    profile: r.profile,
  });
}

async function officialsList(ctx: Ctx) {
  const county = await session(ctx, 'county.leader');
  const scopeOrg = await ctx.database.db
    .selectFrom('users')
    .innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
    .innerJoin('orgs', 'orgs.id', 'user_scopes.org_id')
    .select(['orgs.id', 'orgs.path', 'orgs.name'])
    .where('users.username', '=', 'county.leader')
    .executeTakeFirstOrThrow();
  const pageSize = 20;
  const first = await getJson<{ total: number }>(ctx.server.base, `/api/officials?orgId=${scopeOrg.id}&subtree=1&page=1&pageSize=${pageSize}`, county);
  if (first.status !== 200) throw new Error(`GET /api/officials answered ${first.status}`);
  const pages = Math.max(1, Math.ceil(first.body.total / pageSize));
  const rng = new Rng('bench/officials-list');
  const picks = Array.from({ length: 500 }, () => rng.int(1, pages));
  progress(`officials-list: ${scopeOrg.name}, ${first.body.total} officials in ${pages} pages, as county.leader`);
  const r = await pair(
    ctx,
    { paths: picks.map((p) => `/api/officials?orgId=${scopeOrg.id}&subtree=1&page=${p}&pageSize=${pageSize}`), cookie: county.cookie },
    { paths: picks.map((p) => `/bench/officials-page?path=${encodeURIComponent(scopeOrg.path)}&page=${p}&pageSize=${pageSize}`), cookie: county.cookie },
  );
  line(ctx, 'officials-list', {
    value: r.value.rps, unit: 'req/s', baseline: r.baseline.rps, ratio: r.value.rps / r.baseline.rps, better: 'higher',
    p50: r.value.p50, p99: r.value.p99, p99_max: r.value.p99_max, baseline_p50: r.baseline.p50, baseline_p99: r.baseline.p99,
    connections: ctx.connections, seconds: ctx.seconds, rounds: ctx.rounds, requests: r.value.requests, errors: r.value.errors,
    county: scopeOrg.name, officials: first.body.total, pageSize, profile: r.profile,
  });
}

async function memory(ctx: Ctx) {
  const m = await getJson<{ rssMb: number; peakRssMb: number }>(ctx.server.base, '/bench/memory');
  line(ctx, 'memory', {
    value: m.body.peakRssMb, unit: 'MB', baseline: ctx.idleRssMb, ratio: m.body.peakRssMb / ctx.idleRssMb, better: 'lower',
    rss_now: m.body.rssMb, target: 'peak RSS < 512 MB', ok: m.body.peakRssMb < 512,
  });
}

async function auditVerify(ctx: Ctx) {
  const crypto = new CryptoBox('sm', loadKeys(ctx.data.keyFile));
  const { db } = ctx.database;
  // Baseline: HMAC-SM3 under the audit key over exactly the bytes verifyChain hashes. Rows are read
  // and the strings built outside the timed part; this pass also warms the caches for the real run.
  const key = loadKeys(ctx.data.keyFile).audit;
  let hashed = 0;
  let hashMs = 0;
  let prev = GENESIS_HASH;
  let after = 0;
  progress('audit-verify: baseline (hash the same bytes), then verifyChain');
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    const inputs = rows.map((r) => {
      const s = `${prev}|${Number(r.seq)}|${canonicalRow(r)}`;
      prev = r.row_hash;
      return s;
    });
    const t = performance.now();
    for (const s of inputs) nodeCrypto.createHmac('sm3', key).update(s).digest('hex');
    hashMs += performance.now() - t;
    hashed += rows.length;
    if (rows.length < 5000) break;
    after = Number(rows[rows.length - 1].seq);
  }
  const t0 = performance.now();
  const result = await verifyChain(db, crypto);
  const verifyMs = performance.now() - t0;
  const value = result.checked / (verifyMs / 1000);
  const baseline = hashed / (hashMs / 1000);
  line(ctx, 'audit-verify', {
    value, unit: 'rows/s', baseline, ratio: value / baseline, better: 'higher',
    rows: result.checked, intact: result.ok, seconds: verifyMs / 1000, baseline_seconds: hashMs / 1000,
    target: 'ratio ≥ 0.5', ok: value / baseline >= 0.5,
  });
}

async function warningsRun(ctx: Ctx, repeats: number) {
  const rules = MODULES.flatMap((m) => (m.warningRules ?? []) as WarningRule[]);
  const { db, dialect } = ctx.database;
  const readPosts = async () => {
    let after = '';
    let n = 0;
    for (;;) {
      const rows = await db.selectFrom('posts').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute();
      n += rows.length;
      if (rows.length < 1000) return n;
      after = rows[rows.length - 1].id;
    }
  };
  progress(`warnings-run: runRules over the whole data (${rules.length} rules) and one read of posts, ${repeats}× each after a warm-up`);
  let summary = await runRules(db, dialect, rules); // warm-up (and idempotent: nothing new is raised twice)
  let posts = await readPosts();
  const runMs: number[] = [];
  const readMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t = performance.now();
    summary = await runRules(db, dialect, rules);
    runMs.push(performance.now() - t);
    t = performance.now();
    posts = await readPosts();
    readMs.push(performance.now() - t);
  }
  const value = median(runMs);
  const baseline = median(readMs);
  line(ctx, 'warnings-run', {
    value, unit: 'ms', baseline, ratio: value / baseline, better: 'lower',
    rules: rules.length, findings: summary.checked, raised: summary.raised, posts,
  });
}

/**
 * The province-wide roll-up of the province's measures document, every view, as `leader`, over HTTP;
 * baseline: one full scan of the ledger tables (items and reports) on the same database. After a
 * warm-up, views and scan alternate; value: the slowest view's median time.
 */
async function ledgerRollup(ctx: Ctx, repeats: number) {
  const leader = await session(ctx, 'leader');
  const { db } = ctx.database;
  const doc = await db.selectFrom('ledger_documents').select(['id', 'title']).where('kind', '=', 'measures').orderBy('issued_on').orderBy('id').executeTakeFirst();
  if (!doc) throw new Error('ledger-rollup: no measures document in the data (regenerate it: --regenerate)');
  const scan = async () => {
    const t = performance.now();
    const items = await sql<{ n: number; s: number }>`select count(*) as n, sum(child_count + report_count) as s from ledger_items`.execute(db);
    const reports = await sql<{ n: number; s: number }>`select count(*) as n, sum(progress + version) as s from ledger_reports`.execute(db);
    return { ms: performance.now() - t, items: Number(items.rows[0].n), reports: Number(reports.rows[0].n) };
  };
  const view = async (v: string) => {
    const t = performance.now();
    const r = await getJson<{ totals: { total: number } }>(ctx.server.base, `/api/ledger/rollup?view=${v}&documentId=${doc.id}`, leader);
    const ms = performance.now() - t;
    if (r.status !== 200) throw new Error(`GET /api/ledger/rollup?view=${v} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
    return { ms, leaves: r.body.totals.total };
  };
  progress(`ledger-rollup: ${ROLLUP_VIEWS.length} views of "${doc.title}" as leader beside a full scan of the ledger tables, ${repeats}× after a warm-up`);
  for (const v of ROLLUP_VIEWS) await view(v);
  let counted = await scan();
  let leaves = 0;
  const times = new Map<string, number[]>(ROLLUP_VIEWS.map((v) => [v, []]));
  const scanMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    for (const v of ROLLUP_VIEWS) {
      const r = await view(v);
      times.get(v)!.push(r.ms);
      leaves = r.leaves;
    }
    counted = await scan();
    scanMs.push(counted.ms);
  }
  const medians = Object.fromEntries([...times].map(([v, xs]) => [v, round(median(xs))]));
  const value = Math.max(...Object.values(medians));
  const baseline = median(scanMs);
  line(ctx, 'ledger-rollup', {
    value, unit: 'ms', baseline, ratio: value / baseline, better: 'lower',
    slowest: Object.entries(medians).find(([, ms]) => ms === value)?.[0], views_ms: medians,
    all_views_ms: Object.values(medians).reduce((a, b) => a + b, 0), leaves, items: counted.items, reports: counted.reports, repeats,
    note: 'value: the slowest view (median, over HTTP as leader); baseline: count and sum over every row of ledger_items and ledger_reports',
    target: '≤ 3× the scan', ok: value / baseline <= 3,
  });
}

async function web(ctx: Ctx, which: Set<BenchName>) {
  progress('web: chromium signs in, then loads the dashboard from a cold cache (3×) beside a blank page');
  const r = await runWeb(ctx.server.base, { username: 'leader', repeats: 3 });
  if (which.has('web-js')) {
    line(ctx, 'web-js', {
      value: r.firstLoadGzip / 1024, unit: 'KiB gzip', baseline: r.allGzip / 1024, ratio: r.firstLoadGzip / r.allGzip, better: 'lower',
      raw_kib: r.firstLoadRaw / 1024, login_files: r.loginJs.map((p) => p.replace('/assets/', '')), dashboard_files: r.dashboardJs.map((p) => p.replace('/assets/', '')),
      note: 'baseline: all JavaScript of the app (gzip); value: what the sign-in and dashboard pages load first',
    });
  }
  if (which.has('web-render')) {
    line(ctx, 'web-render', {
      value: median(r.renderMs), unit: 'ms', baseline: median(r.blankMs), ratio: median(r.renderMs) / median(r.blankMs), better: 'lower',
      runs: r.renderMs.map(Math.round), baseline_runs: r.blankMs.map(Math.round), shown: r.dashboardFigure,
      note: 'navigation start → dashboard figures visible, cold cache, signed in as leader (province scope); baseline: a blank page',
    });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      scale: { type: 'string', default: 'small' },
      db: { type: 'string', default: 'sqlite' },
      only: { type: 'string', multiple: true },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string' },
      pg: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      regenerate: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const scale = values.scale!;
  if (!(SCALE_NAMES as readonly string[]).includes(scale)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(', ')}`);
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db must be sqlite or postgres');
  const dialect: Dialect = values.db;
  const wanted = new Set<BenchName>();
  for (const o of (values.only ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    const names = GROUPS[o] ?? (ALL.includes(o as BenchName) ? [o as BenchName] : null);
    if (!names) throw new Error(`Unknown benchmark "${o}" (available: ${ALL.join(', ')}, web)`);
    for (const n of names) wanted.add(n);
  }
  const which = wanted.size ? wanted : new Set<BenchName>(ALL);
  const small = scale === 'small';
  const seconds = Number(values.seconds ?? (small ? 5 : 15));
  const warmup = Number(values.warmup ?? (small ? 2 : 5));
  const rounds = Math.max(1, Number(values.rounds ?? (small ? 1 : 3)));
  const started = performance.now();

  const data = await ensureData({ scale, dialect, pgUrl: values.pg, regenerate: values.regenerate });
  const base = { scale, dialect };
  if (which.has('data')) {
    line(base, 'data', {
      value: data.generatedSeconds, unit: 's', baseline: null, ratio: null, better: 'lower', cached: data.generatedSeconds === null,
      seed: data.marker.seed, dated: data.marker.today, counts: data.marker.counts,
      target: scale === 'city' && dialect === 'sqlite' ? 'generation < 300 s' : undefined,
      ok: scale === 'city' && dialect === 'sqlite' && data.generatedSeconds !== null ? data.generatedSeconds < 300 : undefined,
    });
  }

  // The server serves dist/web only if it exists when it starts: build the UI first.
  if (which.has('web-js') || which.has('web-render')) ensureWebBuilt();
  const warm = await prewarm(data);
  progress(`prewarmed ${warm.mb.toFixed(0)} MB of the database into the page cache in ${(warm.ms / 1000).toFixed(1)} s (${warm.how})`);
  const profileDir = path.join(CACHE_DIR, 'profiles', `${scale}-${dialect}`);
  if (values.profile) {
    fs.mkdirSync(profileDir, { recursive: true });
    process.env.BENCH_SQL_PROFILE = '1';
  }
  const server = await startServer({
    url: data.url, keyFile: data.keyFile, name: `${scale}-${dialect}`, logLevel: values['log-level']!,
    nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const database = openDatabase(data.url);
  try {
    const idle = await getJson<{ rssMb: number }>(server.base, '/bench/memory');
    const routes = (await getJson<string[]>(server.base, '/bench/routes')).body;
    const ctx: Ctx = {
      scale, dialect, data, server, database, seconds, warmup, rounds, connections: Number(values.connections), routes,
      idleRssMb: idle.body.rssMb, sessions: new Map(), profile: values.profile!,
    };
    progress(`server on ${server.base} (pid ${server.pid}, log ${server.logFile}), ${routes.length} routes`);
    const has = (prefix: string) => routes.some((r) => r.split(' ')[1]?.startsWith(prefix));

    if (which.has('official-detail')) await officialDetail(ctx, 'official-detail', '/api/officials');
    if (which.has('portrait')) {
      if (routes.includes('GET /api/archives/:id')) await officialDetail(ctx, 'portrait', '/api/archives');
      else skipped(ctx, 'portrait', 'the archive module (GET /api/archives/:id) has not landed; official-detail measures the registry read meanwhile');
    }
    if (which.has('officials-list')) await officialsList(ctx);
    if (which.has('memory')) await memory(ctx);
    if (which.has('audit-verify')) await auditVerify(ctx);
    if (which.has('warnings-run')) await warningsRun(ctx, 3);
    if (which.has('ledger-rollup')) {
      if (has('/api/ledger')) await ledgerRollup(ctx, small ? 5 : 3);
      else skipped(ctx, 'ledger-rollup', 'the ledger module (/api/ledger) has not landed');
    }
    const sqlProfile = values.profile ? {
      reset: async () => void (await getJson(server.base, '/bench/sql-profile?reset=1')),
      read: async (requests: number) => summarize((await getJson<SqlStat[]>(server.base, '/bench/sql-profile?reset=1')).body, requests),
    } : undefined;
    const petitions = { base: server.base, database, keyFile: data.keyFile, seconds, warmup, session: (u: string) => session(ctx, u), sqlProfile };
    for (const [name, run] of [['search', searchBench], ['intake', intakeBench]] as const) {
      if (!which.has(name)) continue;
      if (routes.includes('POST /api/petitions')) line(ctx, name, await run(petitions));
      else skipped(ctx, name, 'the petitions module (POST /api/petitions) has not landed');
    }
    for (const [name, p] of Object.entries(PENDING) as [BenchName, { prefix: string; module: string }][]) {
      if (!which.has(name)) continue;
      skipped(ctx, name, has(p.prefix)
        ? `the ${p.module} module has landed (${p.prefix}) but this benchmark is not written yet`
        : `the ${p.module} module (${p.prefix}) has not landed`);
    }
    if (which.has('web-js') || which.has('web-render')) await web(ctx, which);
  } finally {
    await database.close();
    await server.stop();
  }
  if (values.profile) progress(`server CPU profile in ${profileDir} (open in Chrome DevTools or speedscope)`);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
