// Load: 200 signed-in users with a realistic mix of reads and writes against a real server process on
// loopback, for LOAD_SECONDS (default 60 on SQLite; PostgreSQL for LOAD_PG_SECONDS, default 30, 0 to
// skip). Zero errors are required (no 5xx, no 4xx, no dropped connection); p50/p99 and requests/s are
// printed as one JSON line (reported, not asserted: a shared 2-core machine makes times noise).
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { hashPassword } from '../../src/core/passwords.js';
import type { Dialect } from '../../src/db/index.js';
import { verifyChain } from '../../src/modules/audit/index.js';
import { Http, PASSWORD, PG_URL, RELIABILITY, marker, newPlace, percentile, startServer } from './helpers.js';

const USERS = Number(process.env.LOAD_USERS ?? 200);
const SECONDS: Record<Dialect, number> = {
  sqlite: Number(process.env.LOAD_SECONDS ?? 60),
  postgres: Number(process.env.LOAD_PG_SECONDS ?? process.env.LOAD_SECONDS ?? 30),
};
const DIALECTS = (['sqlite', 'postgres'] as Dialect[]).filter((d) => SECONDS[d] > 0 && (d === 'sqlite' || PG_URL));

type Op = 'list' | 'search' | 'tree' | 'detail' | 'warnings' | 'addFamily' | 'patch';
/** The mix: mostly reads (a detail read is audited, so it writes too), about one request in five a change. */
const MIX: [Op, number][] = [['list', 22], ['search', 8], ['tree', 12], ['detail', 24], ['warnings', 14], ['addFamily', 10], ['patch', 10]];
const EDUCATION = ['大学', '研究生', '大专', '中央党校研究生'];

function pick(r: number): Op {
  let acc = 0;
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  for (const [op, w] of MIX) if ((acc += w) > r * total) return op;
  return 'list';
}

describe.skipIf(!RELIABILITY).each(DIALECTS)('load on %s', (dialect) => {
  it(`serves ${USERS} signed-in users for ${SECONDS[dialect]} s without an error`, async () => {
    const place = await newPlace(dialect);
    const server = await startServer(place);
    const database = place.open();
    const prefix = marker('负载');
    const clients: Http[] = [];
    try {
      // 200 organization-department users at the province (they may read and change officials); one hash for all.
      const proto = await database.db.selectFrom('users').selectAll().where('username', '=', 'orgdept').executeTakeFirstOrThrow();
      const scopes = await database.db.selectFrom('user_scopes').select('org_id').where('user_id', '=', proto.id).execute();
      const hash = await hashPassword(PASSWORD);
      const now = new Date().toISOString();
      const users = Array.from({ length: USERS }, (_, i) => ({
        ...proto, id: newId(), username: `load${String(i).padStart(3, '0')}`, display_name: `负载用户${i}`, password_hash: hash,
        failed_logins: 0, locked_until: null, last_login_at: null, password_changed_at: now, created_at: now, updated_at: now,
      }));
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(users).execute();
        await trx.insertInto('user_roles').values(users.map((u) => ({ user_id: u.id, role: 'orgdept' }))).execute();
        if (scopes.length) await trx.insertInto('user_scopes').values(users.flatMap((u) => scopes.map((s) => ({ user_id: u.id, org_id: s.org_id })))).execute();
      });
      const ids = (await database.db.selectFrom('officials').select('id').orderBy('id').execute()).map((r) => r.id);
      const names = (await database.db.selectFrom('officials').select('name').limit(50).execute()).map((r) => r.name.slice(0, 1));
      const orgIds = (await database.db.selectFrom('orgs').select('id').where('level', 'in', ['province', 'city']).limit(40).execute()).map((r) => r.id);

      // Sign everyone in (10 at a time: scrypt is deliberately slow), each over a keep-alive connection of their own.
      const t0 = performance.now();
      for (let i = 0; i < USERS; i += 10) {
        const batch = users.slice(i, i + 10).map((u) => new Http(server.url, 1).login(u.username));
        clients.push(...(await Promise.all(batch)));
      }
      const loginSeconds = (performance.now() - t0) / 1000;

      const latencies: number[] = [];
      const byOp = new Map<Op, number[]>();
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      const deadline = performance.now() + SECONDS[dialect] * 1000;
      let n = 0;
      const user = async (c: Http, u: number) => {
        let seed = u * 7919 + 17;
        const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        while (performance.now() < deadline) {
          const op = pick(rnd());
          const id = ids[Math.floor(rnd() * ids.length)];
          n++;
          try {
            const r = op === 'list' ? await c.get(`/api/officials?page=${1 + Math.floor(rnd() * 50)}&pageSize=20&sort=${rnd() < 0.5 ? 'name' : 'updatedAt'}`)
              : op === 'search' ? await c.get(`/api/officials?q=${encodeURIComponent(names[Math.floor(rnd() * names.length)])}&orgId=${orgIds[Math.floor(rnd() * orgIds.length)]}&pageSize=20`)
              : op === 'tree' ? await c.get('/api/orgs/tree')
              : op === 'detail' ? await c.get(`/api/officials/${id}`)
              : op === 'warnings' ? await c.get(`/api/warnings?pageSize=20${rnd() < 0.5 ? '&status=open' : ''}`)
              : op === 'addFamily' ? await c.post(`/api/officials/${id}/family`, { relation: 'sibling', name: `${prefix}${u}`, employer: '某单位' })
              : await c.patch(`/api/officials/${id}`, { education: EDUCATION[Math.floor(rnd() * EDUCATION.length)] });
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status >= 300) failures.push(`${op} ${r.status} ${r.body.slice(0, 200)}`);
            latencies.push(r.ms);
            let l = byOp.get(op);
            if (!l) byOp.set(op, (l = []));
            l.push(r.ms);
          } catch (err) {
            failures.push(`${op} dropped: ${(err as Error).message}`);
          }
        }
      };
      const started = performance.now();
      await Promise.all(clients.map((c, u) => user(c, u)));
      const seconds = (performance.now() - started) / 1000;

      latencies.sort((x, y) => x - y);
      const ms = (v: number) => Math.round(v * 10) / 10;
      const figures = {
        bench: 'load', dialect, users: USERS, seconds: ms(seconds), requests: latencies.length, rps: ms(latencies.length / seconds),
        p50_ms: ms(percentile(latencies, 50)), p90_ms: ms(percentile(latencies, 90)), p99_ms: ms(percentile(latencies, 99)), max_ms: ms(latencies[latencies.length - 1] ?? 0),
        errors: failures.length, loadavg: os.loadavg().map((x) => ms(x)), cpus: os.cpus().length, statuses: Object.fromEntries(statuses), loginSeconds: ms(loginSeconds),
        byOp: Object.fromEntries([...byOp].map(([op, l]) => { l.sort((x, y) => x - y); return [op, { n: l.length, p50: ms(percentile(l, 50)), p99: ms(percentile(l, 99)) }]; })),
      };
      console.log(JSON.stringify(figures));
      expect(failures.slice(0, 20)).toEqual([]);
      expect(latencies.length).toBe(n);
      expect(n).toBeGreaterThan(USERS);

      const chain = await verifyChain(database.db, place.crypto());
      expect(chain.ok, JSON.stringify(chain.broken)).toBe(true);
      const detailReads = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'official.read').executeTakeFirstOrThrow();
      expect(Number(detailReads.n)).toBe(byOp.get('detail')?.length ?? 0); // every audited read is in the log, once
    } finally {
      for (const c of clients) c.close();
      await database.close();
      await server.stop();
      await place.drop();
    }
  });
});
