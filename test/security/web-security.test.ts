// Web-facing defences that test/api/auth.test.ts does not already cover: CSRF and Origin on every
// mutating route, CSP and the other security headers, cookie attributes, the login rate limit
// (also behind a reverse proxy), lockout per account, idle and absolute session timeouts, session
// fixation, sign-out, the password policy wherever a password is set, disabled accounts, and
// sessions ending when a person's roles, organization or password change.
// SQLite (the rules live in the app, not in SQL); the session and lockout rules on both databases.
import fs from 'node:fs';
import * as OTPAuth from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { setClock } from '../../src/core/time.js';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { sha256 } from './leaks.js';
import { replaceScopes } from '../../src/modules/users/store.js';

const PW = 'Jiandu@2026';
const ZERO = '01a2008d-0000-7000-8000-000000000000';
const HAS_WEB = fs.existsSync(new URL('../../dist/web/index.html', import.meta.url));

interface Op { key: string; method: string; path: string }
async function operations(t: TestApp, c: Client): Promise<Op[]> {
  const doc = (await c.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({
    key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ZERO),
  })));
}
const auditHead = async (t: TestApp) => Number((await t.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? 0);
const userId = async (t: TestApp, username: string) => (await t.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const login = (t: TestApp, username: string, password = PW, headers: Record<string, string> = {}, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers, ...(remoteAddress && { remoteAddress }) });

describe('CSRF and Origin on every mutating route', () => {
  let t: TestApp;
  let ops: Op[];
  let orgdept: Client;
  let other: Client;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    orgdept = await t.login('orgdept');
    other = await t.login('supervisor');
    ops = (await operations(t, orgdept)).filter((o) => !['GET', 'HEAD', 'OPTIONS'].includes(o.method));
  });
  afterAll(async () => t.stop());

  it('refuses a change without the token, with a wrong or another session’s token, and from a foreign or opaque origin — and changes nothing', async () => {
    expect(ops.length).toBeGreaterThan(20);
    const before = await auditHead(t);
    const failures: string[] = [];
    for (const op of ops) {
      if (op.key === 'POST /api/auth/login') continue;
      const body = op.path === '/api/officials/import' ? undefined : {};
      const attempts: [string, Record<string, string>][] = [
        ['no token', { 'x-csrf-token': '' }],
        ['wrong token', { 'x-csrf-token': 'A'.repeat(32) }],
        ['another session’s token', { 'x-csrf-token': other.csrf }],
        ['foreign origin', { origin: 'http://evil.example' }],
        ['look-alike origin', { origin: 'http://localhost:80.evil.example' }],
        ['opaque origin', { origin: 'null' }],
      ];
      for (const [what, headers] of attempts) {
        const res = await orgdept.request(op.method, op.path, body, headers);
        if (res.statusCode !== 403) failures.push(`${op.key} with ${what}: ${res.statusCode} ${res.body.slice(0, 100)}`);
        else if (what.includes('token') && res.json().error.code !== 'csrf') failures.push(`${op.key} with ${what}: code ${res.json().error.code}`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing was done (every change and every sign-out writes an audit row), and the session lives on.
    expect(await auditHead(t)).toBe(before);
    expect((await orgdept.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses a sign-in posted from a foreign origin, and a form post (no JSON) altogether', async () => {
    expect((await login(t, 'leader', PW, { origin: 'http://evil.example' })).statusCode).toBe(403);
    const form = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: 'username=leader&password=Jiandu%402026', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const text = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: JSON.stringify({ username: 'leader', password: PW }), headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(400);
    expect(text.cookies).toEqual([]);
  });

  it('accepts a same-origin change with the right token (the check is not a blanket refusal)', async () => {
    const res = await orgdept.request('POST', '/api/auth/password', { currentPassword: PW, newPassword: PW }, { host: 'jiandu.example', origin: 'https://jiandu.example' });
    expect(res.statusCode).toBe(204);
  });
});

describe('security headers and cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, { seed: true });
  });
  afterAll(async () => t.stop());

  const cspOf = (res: LightMyRequestResponse) => {
    const csp = String(res.headers['content-security-policy'] ?? '');
    return Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]));
  };
  const strictHeaders = (res: LightMyRequestResponse, where: string) => {
    const csp = cspOf(res);
    expect(String(res.headers['content-security-policy']), where).not.toContain('unsafe-eval');
    expect(csp['script-src'], where).toEqual(["'self'"]);
    expect(csp['default-src'], where).toEqual(["'self'"]);
    expect(csp['object-src'], where).toEqual(["'none'"]);
    expect(csp['frame-ancestors'], where).toEqual(["'none'"]);
    expect(csp['base-uri'], where).toEqual(["'self'"]);
    expect(csp['form-action'], where).toEqual(["'self'"]);
    expect(res.headers['x-content-type-options'], where).toBe('nosniff');
    expect(res.headers['x-frame-options'], where).toBeTruthy();
    expect(res.headers['referrer-policy'], where).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy'], where).toBe('same-origin');
    expect(res.headers['x-powered-by'], where).toBeUndefined();
    expect(res.headers.server, where).toBeUndefined();
  };

  it('serves the web page with a strict CSP (script-src \'self\', no eval, no framing) and the other headers', async () => {
    for (const url of ['/', '/officials/some-deep-link']) {
      const res = await t.app.inject({ method: 'GET', url });
      strictHeaders(res, url);
      // Where the UI is built (CI builds it after the unit tests), the page itself is what is checked.
      if (HAS_WEB) {
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toContain('text/html');
        expect(res.body, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/); // no inline script the CSP would have to allow
      }
    }
  });

  it('sends the same headers, and no-store, on every API answer: data, errors and downloads', async () => {
    const c = await t.login('orgdept');
    const answers: [string, LightMyRequestResponse][] = [
      ['health', await t.anonymous().get('/api/health')],
      ['data', await c.get('/api/officials?pageSize=1')],
      ['401', await t.anonymous().get('/api/officials')],
      ['403', await (await t.login('admin.audit')).get('/api/officials')],
      ['404', await c.get('/api/nothing-here')],
      ['400', await c.get('/api/officials?pageSize=0')],
      ['download', await c.get('/api/officials/export?q=none')],
    ];
    for (const [what, res] of answers) {
      strictHeaders(res, what);
      expect(res.headers['cache-control'], what).toBe('no-store');
    }
    // No cross-origin reads: no CORS grant, whatever the Origin.
    const cors = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { origin: 'http://evil.example', cookie: c.cookie } });
    expect(cors.headers['access-control-allow-origin']).toBeUndefined();
    expect(cors.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/api/officials', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // The API documentation page has its own CSP (Swagger UI's): still no eval and only its own scripts.
    const docs = await t.anonymous().get('/api/docs');
    expect(String(docs.headers['content-security-policy'])).not.toContain('unsafe-eval');
    expect(cspOf(docs)['script-src']).toEqual(["'self'"]);
    expect(docs.headers['x-powered-by']).toBeUndefined();
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, host-only, path /, and clears it the same way at sign-out', async () => {
    const res = await login(t, 'leader');
    const cookie = res.cookies.find((k) => k.name === 'jiandu_sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.domain).toBeUndefined();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    // Only a hash of the token is stored; the token itself is nowhere in the database.
    const sessions = await t.database.db.selectFrom('sessions').select('id').execute();
    expect(sessions.map((s) => s.id)).toContain(sha256(cookie.value));
    expect(sessions.map((s) => s.id)).not.toContain(cookie.value);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `jiandu_sid=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } });
    const cleared = out.cookies.find((k) => k.name === 'jiandu_sid')!;
    expect(cleared).toMatchObject({ value: '', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(new Date(String(cleared.expires)).getTime()).toBeLessThan(Date.now());
  });

  it('marks the cookie Secure and sends HSTS when served behind HTTPS (JIANDU_SECURE_COOKIES)', async () => {
    const s = await startTestApp('sqlite', { secureCookies: true });
    try {
      const res = await login(s, 'leader');
      expect(res.cookies.find((k) => k.name === 'jiandu_sid')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    } finally {
      await s.stop();
    }
  });
});

describe('login rate limit', () => {
  it('answers the 6th attempt within a minute with 429 and retry-after, per address', async () => {
    const t = await startTestApp('sqlite', { loginRatePerMinute: 5 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await login(t, 'nobody', 'Wrong-pass1')).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await login(t, 'leader');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      expect(limited.cookies).toEqual([]);
      // Another address has its own budget.
      expect((await login(t, 'leader', PW, {}, '10.9.8.7')).statusCode).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it('behind a reverse proxy (JIANDU_TRUST_PROXY=1), a client cannot dodge the limit with a forged X-Forwarded-For', async () => {
    process.env.JIANDU_TRUST_PROXY = '1';
    const t = await startTestApp('sqlite', { loginRatePerMinute: 5 }).finally(() => delete process.env.JIANDU_TRUST_PROXY);
    try {
      // The proxy appends the address it saw; whatever the client wrote before it must not count.
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await login(t, 'nobody', 'Wrong-pass1', { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` })).statusCode);
      expect(codes.at(-1)).toBe(429);
      // A client that reaches the app directly (not through the proxy) gets no say in X-Forwarded-For at all.
      const direct: number[] = [];
      for (let i = 0; i < 6; i++) direct.push((await login(t, 'nobody', 'Wrong-pass1', { 'x-forwarded-for': `10.1.0.${i}` }, '192.0.2.50')).statusCode);
      expect(direct.at(-1)).toBe(429);
      // A different real client behind the same proxy is not affected, and its address is what the audit log records.
      expect((await login(t, 'leader', PW, { 'x-forwarded-for': '198.51.100.2' })).statusCode).toBe(200);
      const row = await t.database.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login').where('outcome', '=', 'ok').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(row.ip).toBe('198.51.100.2');
    } finally {
      await t.stop();
    }
  });
});

describe.each(DIALECTS)('accounts and sessions on %s', (dialect) => {
  let t: TestApp;
  let sys: Client;
  let sec: Client;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    sys = await t.login('admin.sys');
    sec = await t.login('admin.sec');
  });
  afterEach(() => setClock(null));
  afterAll(async () => t.stop());

  /** A fresh account with a business role, so tests do not disturb each other. */
  let n = 0;
  async function account(role = 'inspector', password = 'Fresh#Pass-2026') {
    const org = (await sys.get('/api/orgs/tree')).json().nodes[0].id;
    const username = `ws.${dialect}.${++n}`;
    const res = await sys.post('/api/users', { username, displayName: username, orgId: org, password });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect((await sec.put(`/api/users/${id}/roles`, { roles: [role] })).statusCode).toBe(204);
    return { id, username, password };
  }

  it('locks the account that was attacked, not the others, and unlocks it when the lockout ends', async () => {
    const victim = await account();
    const bystander = await account();
    for (let i = 0; i < 5; i++) await login(t, victim.username, 'Wrong-pass1');
    const locked = await login(t, victim.username, victim.password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('locked');
    expect((await login(t, bystander.username, bystander.password)).statusCode).toBe(200);
    // Unknown names never lock anything, and answer exactly like a wrong password.
    const unknown = await login(t, 'no.such.user', 'Wrong-pass1');
    const wrong = await login(t, bystander.username, 'Wrong-pass1');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    setClock(Date.now() + 16 * 60_000);
    expect((await login(t, victim.username, victim.password)).statusCode).toBe(200);
  });

  it('keeps an active session alive, ends it after 30 idle minutes and after 12 hours however active', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    const start = Date.now();
    for (let m = 25; m <= 11 * 60 + 55; m += 25) {
      setClock(start + m * 60_000);
      const res = await c.get('/api/auth/me');
      expect(res.statusCode, `after ${m} minutes of activity`).toBe(200);
    }
    setClock(start + 12 * 3600_000 + 60_000);
    const expired = await c.get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('session_expired');
    // The dead session is gone from the database, not just refused.
    expect(await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', a.id).execute()).toEqual([]);
  });

  it('does not carry a session across sign-in (no fixation): a planted cookie is replaced and ends', async () => {
    const a = await account();
    // 1. A cookie value the attacker chose: never accepted, and replaced at sign-in.
    const planted = 'attacker-chosen-session-token-0000000000000';
    const res = await login(t, a.username, a.password, { cookie: `jiandu_sid=${planted}` });
    expect(res.statusCode).toBe(200);
    const issued = res.cookies.find((k) => k.name === 'jiandu_sid')!.value;
    expect(issued).not.toBe(planted);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `jiandu_sid=${planted}` } })).statusCode).toBe(401);
    // 2. The attacker's own valid session, planted in the victim's browser: the victim's sign-in ends it.
    const attacker = await t.login('inspector');
    const victimLogin = await login(t, a.username, a.password, { cookie: attacker.cookie });
    const victimToken = victimLogin.cookies.find((k) => k.name === 'jiandu_sid')!.value;
    expect(attacker.cookie).not.toContain(victimToken);
    expect((await attacker.get('/api/auth/me')).statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `jiandu_sid=${victimToken}` } });
    expect(me.json().user.username).toBe(a.username);
  });

  it('ends the session at sign-out: the old cookie and CSRF token open nothing, read or write', async () => {
    const a = await account('orgdept');
    const c = await t.login(a.username, a.password);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/officials?pageSize=1')).statusCode).toBe(401);
    const write = await c.post('/api/orgs', { parentId: ZERO, name: '注销后', level: 'county', kind: 'zone' });
    expect(write.statusCode).toBe(401);
    expect(await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', a.id).execute()).toEqual([]);
  });

  it('applies the password policy wherever a password is set: creation, reset by the administrator, change by the user', async () => {
    const WEAK = ['Ab1!', 'abcdefgh', 'abcdefg1', 'ABCDEFG1', '12345678!', 'password', '        ', 'Aa1!'.repeat(33)];
    const org = (await sys.get('/api/orgs/tree')).json().nodes[0].id;
    const a = await account();
    const c = await t.login(a.username, a.password);
    for (const weak of WEAK) {
      const create = await sys.post('/api/users', { username: `weak.${dialect}.${++n}`, displayName: 'x', orgId: org, password: weak });
      expect(create.statusCode, `create with ${JSON.stringify(weak)}`).toBe(400);
      expect(create.json().error.field).toBe('body.password');
      const reset = await sys.post(`/api/users/${a.id}/password`, { password: weak });
      expect(reset.statusCode, `reset to ${JSON.stringify(weak)}`).toBe(400);
      expect(reset.json().error.field).toBe('body.password');
      const change = await c.post('/api/auth/password', { currentPassword: a.password, newPassword: weak });
      expect(change.statusCode, `change to ${JSON.stringify(weak)}`).toBe(400);
      expect(change.json().error.field).toBe('body.newPassword');
    }
    // Three classes of eight or more pass everywhere.
    expect((await c.post('/api/auth/password', { currentPassword: a.password, newPassword: 'Changed-2026' })).statusCode).toBe(204);
    expect((await sys.post(`/api/users/${a.id}/password`, { password: 'reset Pass 2026' })).statusCode).toBe(204);
    expect((await login(t, a.username, 'reset Pass 2026')).statusCode).toBe(200);
  });

  it('refuses sign-in to a disabled account (same answer as a wrong password) and ends its sessions at once', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    expect((await sys.patch(`/api/users/${a.id}`, { status: 'disabled' })).statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    const denied = await login(t, a.username, a.password);
    expect(denied.statusCode).toBe(401);
    expect(denied.body).toBe((await login(t, 'no.such.user', 'Wrong-pass1')).body);
    // A session that survived somehow (a row written behind the API's back) is refused too.
    expect((await sys.patch(`/api/users/${a.id}`, { status: 'active' })).statusCode).toBe(204);
    const again = await t.login(a.username, a.password);
    await t.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', a.id).execute();
    expect((await again.get('/api/auth/me')).statusCode).toBe(401);
    // No administrator can disable their own account.
    const self = await sys.patch(`/api/users/${await userId(t, 'admin.sys')}`, { status: 'disabled' });
    expect(self.statusCode).toBe(400);
  });

  it('ends a person’s sessions when their roles, organization or password are changed by an administrator', async () => {
    const a = await account('orgdept');
    const org = (await sys.get('/api/orgs/tree')).json().nodes[0].id;
    const dept = (await t.database.db.selectFrom('orgs').select('id').where('parent_id', '=', org).where('kind', '=', 'department').limit(1).executeTakeFirstOrThrow()).id;
    const changes: [string, () => Promise<LightMyRequestResponse>][] = [
      ['roles', () => sec.put(`/api/users/${a.id}/roles`, { roles: ['inspector'] })],
      ['organization', () => sys.patch(`/api/users/${a.id}`, { orgId: dept })],
      ['password reset', () => sys.post(`/api/users/${a.id}/password`, { password: 'Another#Pass-1' })],
    ];
    for (const [what, change] of changes) {
      const c = await t.login(a.username, a.password);
      expect((await change()).statusCode, what).toBe(204);
      expect((await c.get('/api/auth/me')).statusCode, what).toBe(401);
    }
  });

  it('applies a new scope on the very next request (a change through this process drops the cached grants)', async () => {
    const a = await account('inspector');
    const c = await t.login(a.username, a.password);
    const all = (await c.get('/api/officials?pageSize=1')).json().total;
    const county = (await t.database.db.selectFrom('orgs').select('id').where('level', '=', 'county').where('kind', '=', 'region').limit(1).executeTakeFirstOrThrow()).id;
    expect((await sec.put(`/api/users/${a.id}/scopes`, { orgIds: [county] })).statusCode).toBe(204);
    const narrowed = (await c.get('/api/officials?pageSize=1')).json().total;
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
  });

  it('sees a scope change made by another process on the next request (the account stamp), and reuses grants while it is unchanged', async () => {
    const a = await account('inspector');
    const c = await t.login(a.username, a.password);
    const all = (await c.get('/api/officials?pageSize=1')).json().total;
    // Another process's change: straight to the database, so this process's cache is not told.
    const roleRows = await t.database.db.selectFrom('user_roles').selectAll().where('user_id', '=', a.id).execute();
    await t.database.db.deleteFrom('user_roles').where('user_id', '=', a.id).execute();
    expect((await c.get('/api/officials?pageSize=1')).statusCode).toBe(200); // unchanged stamp: grants reused
    await t.database.db.insertInto('user_roles').values(roleRows).execute();
    const county = (await t.database.db.selectFrom('orgs').select('id').where('level', '=', 'county').where('kind', '=', 'region').limit(1).executeTakeFirstOrThrow()).id;
    await t.database.db.transaction().execute((trx) => replaceScopes(trx, a.id, [county]));
    const narrowed = (await c.get('/api/officials?pageSize=1')).json().total;
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
  });

  it('keeps cached grants across writes that cannot change them; a route that can change them drops them', async () => {
    const a = await account('petition');
    const other = await account();
    const c = await t.login(a.username, a.password);
    expect((await c.get('/api/petitions?pageSize=1')).statusCode).toBe(200);
    // Another process takes the roles away without touching the account stamp: this process still holds them.
    const roleRows = await t.database.db.selectFrom('user_roles').selectAll().where('user_id', '=', a.id).execute();
    await t.database.db.deleteFrom('user_roles').where('user_id', '=', a.id).execute();
    expect((await c.post('/api/petitions/classify', { text: '反映某局局长在工程招投标中收受好处费' })).statusCode).toBe(200);
    expect((await c.get('/api/petitions?pageSize=1')).statusCode).toBe(200); // a write that grants nothing kept them
    expect((await sys.patch(`/api/users/${other.id}`, { displayName: 'renamed' })).statusCode).toBe(204);
    expect((await c.get('/api/petitions?pageSize=1')).statusCode).toBe(404); // re-read: no role left
    await t.database.db.insertInto('user_roles').values(roleRows).execute();
  });

  // ---- Gaps these tests found, now fixed (each was first written with it.fails, stating the secure behaviour).

  it('FIXED: parallel wrong passwords still lock the account after five (no lost updates on the failure counter)', async () => {
    const a = await account();
    await Promise.all(Array.from({ length: 20 }, () => login(t, a.username, 'Wrong-pass1')));
    const row = await t.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
  });

  it('keeps the TOTP secret sealed in the database and out of every answer but the enrolment', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    const { secret } = (await c.post('/api/auth/totp/setup')).json();
    // Pending until confirmed, then active: sealed either way.
    const pending = await t.database.db.selectFrom('users').select('totp_pending_enc').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(pending.totp_pending_enc).toMatch(/^v1:(sm4|aes):/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    expect((await c.post('/api/auth/totp/enable', { code: totp.generate() })).statusCode).toBe(204);
    const row = await t.database.db.selectFrom('users').select(['totp_secret_enc', 'totp_pending_enc']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).toMatch(/^v1:(sm4|aes):/);
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(row.totp_pending_enc).toBeNull();
    for (const url of ['/api/auth/me', `/api/users?q=${a.username}`]) {
      const res = await (url.startsWith('/api/users') ? sys : c).get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(secret);
      expect(res.body).not.toContain('v1:');
    }
  });

  it('FIXED: a TOTP code signs in once only (no replay within its validity window)', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    const { secret } = (await c.post('/api/auth/totp/setup')).json();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    expect((await c.post('/api/auth/totp/enable', { code: totp.generate() })).statusCode).toBe(204);
    // The enrolment used this time step's code; the next step's code signs in, once.
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: a.username, password: a.password, totp: code } });
    expect(first.statusCode).toBe(200);
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: a.username, password: a.password, totp: code } });
    expect(replay.statusCode).toBe(401);
  });

  it('FIXED: starting a new TOTP enrolment does not switch off the second factor already enrolled', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    const setup = (await c.post('/api/auth/totp/setup')).json();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret), digits: 6, period: 30 }).generate();
    expect((await c.post('/api/auth/totp/enable', { code })).statusCode).toBe(204);
    // Anyone holding the session but not the password cannot start a new enrolment…
    const without = await c.post('/api/auth/totp/setup');
    expect(without.statusCode).toBe(400);
    expect(without.json().error.field).toBe('body.password');
    // …and with the password, the new secret waits for confirmation: the enrolled one stays in force.
    expect((await c.post('/api/auth/totp/setup', { password: a.password })).statusCode).toBe(200);
    const res = await login(t, a.username, a.password);
    expect(res.json().error?.code).toBe('totp_required');
  });

  it('FIXED: changing one’s password ends one’s other sessions', async () => {
    const a = await account();
    const stolen = await t.login(a.username, a.password);
    const mine = await t.login(a.username, a.password);
    expect((await mine.post('/api/auth/password', { currentPassword: a.password, newPassword: 'Rotated#Pass-1' })).statusCode).toBe(204);
    expect((await stolen.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('FIXED: guessing the current password through the change-password form counts towards the lockout', async () => {
    const a = await account();
    const c = await t.login(a.username, a.password);
    for (let i = 0; i < 5; i++) await c.post('/api/auth/password', { currentPassword: `Guess-${i}-pass`, newPassword: 'Whatever#Pass1' });
    const row = await t.database.db.selectFrom('users').select('failed_logins').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBeGreaterThanOrEqual(5);
  });
});
