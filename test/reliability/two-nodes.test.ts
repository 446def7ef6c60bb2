// Two app processes on one PostgreSQL schema, clients alternating between them: sessions are shared,
// scheduled and on-demand jobs run once, warnings are raised once, and one node dying under load
// costs the other nothing.
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { enqueue } from '../../src/jobs/queue.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { verifyChain } from '../../src/modules/audit/index.js';
import { RUN_JOB } from '../../src/modules/warnings/index.js';
import { Http, PG_URL, RELIABILITY, assertPairsConsistent, marker, newPlace, sleep, startServer, type Place, type ServerProcess } from './helpers.js';

const RULE = 'registry.principal-long-tenure';
const quietLog = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} } as unknown as FastifyBaseLogger;

async function waitForJobs(database: Database, ids: string[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await database.db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
    if (rows.length === ids.length && rows.every((r) => r.status === 'done' || r.status === 'failed')) return rows;
    if (Date.now() > deadline) throw new Error(`jobs not finished: ${JSON.stringify(rows.map((r) => [r.id, r.status, r.attempts, r.last_error]))}`);
    await sleep(200);
  }
}

describe.skipIf(!RELIABILITY || !PG_URL)('two app nodes on one PostgreSQL', () => {
  let place: Place;
  let a: ServerProcess;
  let b: ServerProcess;
  let database: Database;

  beforeAll(async () => {
    place = await newPlace('postgres');
    a = await startServer(place); // seeds the demo data
    b = await startServer(place); // finds it there
    database = place.open();
  });
  afterAll(async () => {
    await database?.close();
    await a?.stop();
    await b?.stop();
    await place?.drop();
  });

  it('a session opened on one node is valid on the other, and logout on one ends it on both', async () => {
    const onA = await new Http(a.url).login('orgdept');
    const onB = onA.on(b.url);
    expect((await onB.get('/api/auth/me')).status).toBe(200);
    const orgId = (await onA.get('/api/officials?pageSize=1')).json().items[0].orgId;
    const created = await onB.post('/api/officials', { orgId, name: marker('两节点'), gender: 'M' }); // CSRF token from A, accepted by B
    expect(created.status).toBe(201);
    expect((await onA.get(`/api/officials/${created.json().id}`)).status).toBe(200);
    expect((await onB.post('/api/auth/logout')).status).toBe(204);
    expect((await onA.get('/api/auth/me')).status).toBe(401);
    expect((await onA.on(b.url).get('/api/auth/me')).status).toBe(401);
    onA.close();
    onB.close();
  });

  it('a schedule slot fired on both nodes becomes one job, run once', async () => {
    // Each node's JobWorker turns a cron tick into a job keyed `name@minute`. Two schedulers (two
    // connections, as two nodes have) fire every second; the two running servers claim and run the jobs.
    const name = marker('reliability-slot-');
    const nodes = [place.open(), place.open()];
    const workers = nodes.map((n) => new JobWorker(n.db, n.dialect, {}, quietLog));
    for (const w of workers) w.schedule([{ name, cron: '* * * * * *', kind: RUN_JOB, payload: { ruleId: null } }]);
    await sleep(3500);
    await Promise.all(workers.map((w) => w.stop()));
    // And the nightly slot, enqueued by both nodes at the very same moment, many times.
    const slot = `nightly-warnings@${new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()}`;
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => enqueue(nodes[i % 2].db, RUN_JOB, {}, { dedupeKey: slot })));
    expect(new Set(ids).size).toBe(1);
    await Promise.all(nodes.map((n) => n.close()));

    const jobs = await database.db.selectFrom('jobs').selectAll().where((eb) => eb.or([eb('dedupe_key', 'like', `${name}@%`), eb('dedupe_key', '=', slot)])).execute();
    const slots = new Set(jobs.map((j) => j.dedupe_key));
    expect(jobs.length).toBe(slots.size); // one job per slot
    expect(jobs.length).toBeGreaterThanOrEqual(2); // the ticking schedule's minute(s) and the nightly slot
    const done = await waitForJobs(database, jobs.map((j) => j.id));
    for (const j of done) expect({ status: j.status, attempts: j.attempts }).toEqual({ status: 'done', attempts: 1 });
  });

  it('POST /api/warnings/run on both nodes at once raises each warning once, and runs each job once', async () => {
    const supervisorA = await new Http(a.url).login('supervisor');
    const supervisorB = supervisorA.on(b.url);
    const before = await database.db.selectFrom('warnings').select((eb) => eb.fn.countAll<number>().as('n')).where('rule_id', '=', RULE).executeTakeFirstOrThrow();
    // A lower threshold: hundreds of new findings for the runs to race over.
    expect((await supervisorA.request('PUT', `/api/warnings/rules/${RULE}`, { enabled: true, thresholds: { years: 1 } })).status).toBe(204);

    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? supervisorB : supervisorA).post('/api/warnings/run', { ruleId: RULE })));
    for (const r of runs) expect(r.status, r.body).toBe(202);
    const jobIds = runs.map((r) => r.json().jobId as string);
    const done = await waitForJobs(database, jobIds);
    for (const j of done) expect({ status: j.status, attempts: j.attempts, error: j.last_error }).toEqual({ status: 'done', attempts: 1, error: null });
    // Visible to the person who asked, through either node.
    const view = await supervisorB.get(`/api/jobs/${jobIds[0]}`);
    expect(view.json()).toMatchObject({ status: 'done', attempts: 1 });

    const dupes = await database.db.selectFrom('warnings')
      .select(['rule_id', 'subject_type', 'subject_id', 'cause_key', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['rule_id', 'subject_type', 'subject_id', 'cause_key'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(dupes).toEqual([]);
    const after = await database.db.selectFrom('warnings').select((eb) => eb.fn.countAll<number>().as('n')).where('rule_id', '=', RULE).executeTakeFirstOrThrow();
    const fresh = Number(after.n) - Number(before.n);
    expect(fresh).toBeGreaterThan(50);
    // Every finding of the rule is raised: a second, lone run finds nothing new.
    const again = await supervisorA.post('/api/warnings/run', { ruleId: RULE });
    const [last] = await waitForJobs(database, [again.json().jobId]);
    expect(JSON.parse(last.result!).raised).toBe(0);
    const reported = done.reduce((s, j) => s + (JSON.parse(j.result!) as { raised: number }).raised, 0);
    console.log(JSON.stringify({ bench: 'two-nodes-warnings', jobs: done.length, warningsRaised: fresh, raisedReportedByJobs: reported }));
    supervisorA.close();
    supervisorB.close();
  });

  it('keeps serving on one node with zero errors while the other is killed under load', async () => {
    const prefix = marker('存活');
    const sessions = await Promise.all(Array.from({ length: 16 }, () => new Http(a.url).login('orgdept')));
    const ids = (await sessions[0].get('/api/officials?pageSize=100')).json().items.map((o: { id: string }) => o.id) as string[];
    const clients = sessions.map((s) => ({ a: s, b: s.on(b.url) }));
    let aDead = false;
    let stop = false;
    const result = { a: { ok: 0, failed: 0 }, b: { ok: 0, errors: [] as string[] } };
    const loop = async (c: (typeof clients)[number], n: number) => {
      for (let i = 0; !stop; i++) {
        const toA = !aDead && (i + n) % 2 === 0; // alternate while both live; the survivor only after
        const http = toA ? c.a : c.b;
        const id = ids[(i * 7 + n) % ids.length];
        try {
          const r = i % 3 === 0
            ? await http.post(`/api/officials/${id}/family`, { relation: 'sibling', name: `${prefix}${n}-${i}` })
            : i % 3 === 1 ? await http.get(`/api/officials/${id}`) : await http.get('/api/officials?pageSize=20&page=' + ((i % 20) + 1));
          if (r.status >= 200 && r.status < 300) (toA ? result.a : result.b).ok++;
          else if (toA) result.a.failed++;
          else result.b.errors.push(`${r.status} ${r.body.slice(0, 200)}`);
        } catch (err) {
          if (toA) {
            result.a.failed++;
            aDead = true; // a load balancer's health check would take it out
          } else {
            result.b.errors.push((err as Error).message);
          }
        }
      }
    };
    const loops = clients.map((c, n) => loop(c, n));
    await sleep(2500);
    const aBeforeKill = result.a.ok;
    await a.kill();
    const bAtKill = result.b.ok;
    await sleep(3500);
    stop = true;
    await Promise.all(loops);
    for (const c of clients) { c.a.close(); c.b.close(); }
    console.log(JSON.stringify({ bench: 'two-nodes-failover', servedByA: result.a.ok, failedOnA: result.a.failed, servedByB: result.b.ok, servedByBAfterKill: result.b.ok - bAtKill, errorsOnB: result.b.errors.length }));
    expect(aBeforeKill).toBeGreaterThan(20);
    expect(result.b.errors).toEqual([]);
    expect(result.b.ok - bAtKill, 'the survivor kept serving').toBeGreaterThan(20);

    await assertPairsConsistent(database, prefix);
    const chain = await verifyChain(database.db, place.crypto());
    expect(chain.ok, JSON.stringify(chain.broken)).toBe(true);
  });
});
