// Sends bad input to every route in the OpenAPI document as several roles: never a 5xx, never a
// stack trace or SQL text; unknown fields and wrong types get 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';

const ZERO_ID = '00000000-0000-7000-8000-000000000000';
const LEAKS = /at .*\.(ts|js):\d+|stack|SQLITE_|syntax error|relation "|select .* from/i;

interface Operation {
  method: string;
  path: string;
  bodyProps: string[];
}

describe('bad input on every route', () => {
  let t: TestApp;
  let clients: Record<string, Client>;
  let ops: Operation[];
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    clients = {};
    for (const u of ['orgdept', 'supervisor', 'admin.sys', 'admin.sec', 'admin.audit']) clients[u] = await t.login(u);
    const doc = (await clients.orgdept.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }>> };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        bodyProps: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      })),
    );
  });
  afterAll(async () => t.stop());

  const check = (res: { statusCode: number; body: string }, where: string) => {
    expect(res.statusCode, `${where}: ${res.body}`).toBeLessThan(500);
    expect(res.body, where).not.toMatch(LEAKS);
    if (res.statusCode >= 400 && res.body) expect(JSON.parse(res.body).error?.code, where).toBeTruthy();
  };

  it('the document lists every module’s routes', () => {
    const paths = ops.map((o) => o.path);
    for (const p of ['/api/orgs/tree', '/api/officials', '/api/users', '/api/audit', '/api/warnings', '/api/health', '/api/auth/login']) expect(paths).toContain(p);
    expect(ops.length).toBeGreaterThan(35);
  });

  it('unknown fields, wrong types, bad ids and bad queries never cause a 5xx', async () => {
    for (const op of ops) {
      if (op.path === '/api/auth/logout') continue;
      const url = op.path.replace(/\{(\w+)\}/g, ZERO_ID);
      const badIdUrl = op.path.replace(/\{(\w+)\}/g, 'not-an-id');
      for (const [who, c] of Object.entries(clients)) {
        const where = `${who} ${op.method} ${op.path}`;
        if (op.method === 'GET') {
          check(await c.get(`${url}?page=-1&pageSize=abc&unknown=1`), where + ' query');
          check(await c.get(badIdUrl), where + ' bad id');
          continue;
        }
        const unknown = await c.request(op.method, url, { unexpectedField: 1 });
        check(unknown, where + ' unknown field');
        if (unknown.statusCode === 400) expect(unknown.json().error.field, where).toBeTruthy();
        const wrong = Object.fromEntries(op.bodyProps.map((p) => [p, { nested: [1, 2, 3] }]));
        const wrongRes = await c.request(op.method, url, wrong);
        check(wrongRes, where + ' wrong types');
        if (wrongRes.statusCode === 400 && op.bodyProps.length) expect(wrongRes.json().error.field, where).toMatch(/^body\./);
        check(await c.request(op.method, url, '{"broken json', { 'content-type': 'application/json' }), where + ' broken json');
        check(await c.request(op.method, badIdUrl, {}), where + ' bad id');
      }
    }
  });

  it('refuses unknown fields with 400 naming the field (no mass assignment)', async () => {
    const res = await clients.orgdept.post('/api/officials', { orgId: ZERO_ID, name: '甲', gender: 'M', isAdmin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('body.isAdmin');
    const login = await t.anonymous().post('/api/auth/login', { username: 'a', password: 'b', role: 'sys_admin' });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.field).toBe('body.role');
  });

  it('refuses an oversize body with 413', async () => {
    const res = await clients.orgdept.post('/api/officials', { orgId: ZERO_ID, name: 'x'.repeat(2 * 1024 * 1024), gender: 'M' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('answers the health check and the error format of the contract', async () => {
    const health = await t.anonymous().get('/api/health');
    expect(health.json()).toEqual({ status: 'ok', db: 'sqlite', version: expect.any(String) });
    const missing = await t.anonymous().get('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
