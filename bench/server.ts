// The server under benchmark: the real application (buildApp) on the generated data, plus a few
// routes that exist only in this process, as baselines measured by the same server in the same run.
// Started by bench/main.ts; listens on 127.0.0.1 only; says when it is ready over the IPC channel.
//
//   POST /bench/constant        remember a JSON body (a real response, to copy its size and shape)
//   GET  /bench/constant        that body, constant: the framework's floor for a same-size response
//   GET  /bench/officials-page  a plain indexed select of one page of a subtree's officials
//   GET  /bench/memory          this process's RSS now and at its peak
//   GET  /bench/routes          the application's routes (which modules have landed)
//   GET  /bench/sql-profile     time per SQL statement (BENCH_SQL_PROFILE=1; ?reset=1 starts afresh)
//   GET  /bench/blank           a minimal HTML page: the browser's floor for a first render
import { z } from 'zod';
import { buildApp } from '../src/app/server.js';
import { configFromEnv } from '../src/core/config.js';
import { CryptoBox, algorithmFromEnv, loadKeys } from '../src/core/crypto.js';
import { openDatabase } from '../src/db/index.js';
import { subtreeBounds } from '../src/db/sql.js';
import { installSqlProfile, sqlProfile } from './lib/sql-profile.js';

if (process.env.BENCH_SQL_PROFILE === '1') installSqlProfile();

const config = configFromEnv(process.env, { host: '127.0.0.1', port: Number(process.env.PORT ?? 0), demoMode: false, runScheduler: false });
const database = openDatabase(config.databaseUrl);
const crypto = new CryptoBox(algorithmFromEnv(), loadKeys());
const { app, routeActions, close } = await buildApp(database, crypto, config);

let constant: unknown = { empty: true };
app.post('/bench/constant', { bodyLimit: 8 * 1024 * 1024, schema: { hide: true } }, async (req) => {
  constant = req.body;
  return { ok: true };
});
app.get('/bench/constant', { schema: { hide: true } }, async () => constant);

const pageQuery = z.object({ path: z.string(), page: z.coerce.number().int().min(1), pageSize: z.coerce.number().int().min(1).max(200) });
app.get('/bench/officials-page', { schema: { hide: true, querystring: pageQuery } }, async (req) => {
  const { path, page, pageSize } = req.query as z.infer<typeof pageQuery>;
  const { lo, hi } = subtreeBounds(path);
  const rows = await database.db
    .selectFrom('officials')
    .innerJoin('orgs', 'orgs.id', 'officials.org_id')
    .select(['officials.id', 'officials.name', 'officials.gender', 'officials.birth_date', 'officials.org_id', 'orgs.name as org_name', 'officials.current_title'])
    .where('orgs.path', '>=', lo)
    .where('orgs.path', '<', hi)
    .orderBy('officials.name')
    .orderBy('officials.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: -1,
    items: rows.map((r) => ({
      id: r.id, name: r.name, gender: r.gender, birthDate: r.birth_date, orgId: r.org_id, orgName: r.org_name, currentTitle: r.current_title, isPrincipal: false,
    })),
  };
});

app.get('/bench/memory', { schema: { hide: true } }, async () => {
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1048576, peakRssMb: process.resourceUsage().maxRSS / 1024, heapUsedMb: m.heapUsed / 1048576 };
});
app.get('/bench/sql-profile', { schema: { hide: true } }, async (req) => sqlProfile((req.query as { reset?: string }).reset === '1'));
app.get('/bench/routes', { schema: { hide: true } }, async () => [...routeActions.keys()]);
app.get('/bench/blank', { schema: { hide: true } }, async (_req, reply) =>
  reply.type('text/html; charset=utf-8').send('<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body><h1 id="ready">监督</h1></body></html>'),
);

await app.listen({ host: '127.0.0.1', port: config.port });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const ready = { ready: true, port, pid: process.pid, dialect: database.dialect };
if (process.send) process.send(ready);
else process.stdout.write(JSON.stringify(ready) + '\n');

const shutdown = async () => {
  await close();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
