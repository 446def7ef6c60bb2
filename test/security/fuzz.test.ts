// Property-based tests driven by the OpenAPI document: for every route, random request bodies built
// from the route's JSON schema (valid ones, and ones with wrong types, missing or extra fields, huge
// or hostile strings, NUL bytes, prototype-pollution keys), random path parameters and query
// strings, and random headers (content type, cookie, CSRF token, origin), sent as several roles.
//
// Properties: never a 5xx; an error body is exactly {"error":{"code","message"[,"field"][,"details"]}}
// with no stack trace, file path or SQL text; a validation error names its field; an unknown body
// field or query parameter is refused with 400 naming it; a body over the limit is refused with 413;
// "__proto__" / "constructor.prototype" never reach the application nor pollute Object.prototype;
// a non-JSON content type on a JSON route is refused; no response carries a secret.
//
// Reproducible: the seed is fixed (FUZZ_SEED overrides it) and fast-check prints it, with the path
// of the failing case, when a property fails. Runs on SQLite and PostgreSQL (NUL bytes and odd
// Unicode behave differently there): ≈4,000 requests, about 20 s on SQLite and 35 s on PostgreSQL
// on the 2-core machine.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { LeakDetector, responseText } from './leaks.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
/** Runs per route for the general property; fewer where a valid request costs a password hash. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const HASHING = new Set(['POST /api/auth/login', 'POST /api/auth/password', 'POST /api/users', 'POST /api/users/:id/password']);
const BODY_LIMIT = 1024 * 1024;

/** Stack traces, source paths and SQL in an error body. */
const INTERNALS = /\bat .*\.(ts|js|mjs|cjs):\d+|\/work\/|node_modules|\/src\/|SQLITE_|sqlite|postgres|syntax error|relation "|violates|constraint|select .* from|insert into|update .* set|delete from|Error:/i;

type Schema = {
  type?: string; enum?: unknown[]; anyOf?: Schema[]; nullable?: boolean; pattern?: string; format?: string; minLength?: number; maxLength?: number;
  minimum?: number; maximum?: number; exclusiveMinimum?: boolean | number; items?: Schema; minItems?: number; maxItems?: number; properties?: Record<string, Schema>;
  required?: string[]; additionalProperties?: boolean | Schema; default?: unknown;
};
interface Param { name: string; in: string; required?: boolean; schema: Schema }
interface Headers { cookie: string; csrf: string; contentType: string; origin: string }
interface Route { key: string; method: string; path: string; params: Param[]; body: Schema | null; multipart: boolean }

const NASTY = [
  '\u0000', 'a\u0000b', '\uD800', '\uDFFF', '\u202E\u0645\u0631\u062D\u0628\u0627', '\uFEFF', '\u200B', 'Ａ', 'é', 'e\u0301', '👨‍👩‍👧‍👦', '𠜎𠜱𠝹',
  "'; DROP TABLE users; --", "' OR '1'='1", '" OR ""="', '<script>alert(1)</script>', '../../etc/passwd', '..\\..\\boot.ini', '%00', '%', '_', '\\',
  '${7*7}', '{{7*7}}', '%s%s%s%n', 'null', 'undefined', 'NaN', '-0', '1e309', 'true', '[]', '{}', '\r\n\r\nX-Injected: 1', ' ', '',
  '临江县财政局', '示范省', '\u0001\u0002\u0003\u007F',
];
const WRONG_VALUES: unknown[] = [0, -1, 1.5, 1e308, -1e308, true, false, null, [], {}, 'x', [1, 'a', null], { a: { b: [1] } }, '2026-13-45', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];

const SAFE_INT = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** Values the schema accepts (as far as JSON Schema can say; zod refinements may still refuse some). */
function valid(s: Schema | undefined, hostile = true): fc.Arbitrary<unknown> {
  if (!s || Object.keys(s).length === 0) return fc.jsonValue({ maxDepth: 2 });
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valid(x, hostile)));
  let arb: fc.Arbitrary<unknown>;
  if (s.enum) arb = fc.constantFrom(...s.enum);
  else if (s.type === 'string') arb = validString(s, hostile);
  else if (s.type === 'integer') {
    const min = Math.max(s.minimum ?? -1e6, SAFE_INT.min) + (s.exclusiveMinimum === true ? 1 : 0);
    arb = fc.integer({ min, max: Math.min(s.maximum ?? 1e6, SAFE_INT.max) });
  } else if (s.type === 'number') arb = fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
  else if (s.type === 'boolean') arb = fc.boolean();
  else if (s.type === 'array') arb = fc.array(valid(s.items, hostile), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) });
  else if (s.type === 'object') {
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      arb = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), valid(s.additionalProperties, hostile), { maxKeys: 4 });
    } else {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valid(v, hostile)]));
      arb = fc.record(props, { requiredKeys: s.required ?? [] });
    }
  } else arb = fc.jsonValue({ maxDepth: 2 });
  return s.nullable ? fc.option(arb, { nil: null }) : arb;
}

function validString(s: Schema, hostile: boolean): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, 60);
  const fits = (v: string) => v.length >= min && v.length <= (s.maxLength ?? Infinity);
  if (s.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { size: 'small' }).filter(fits);
  const plain = fc.string({ unit: fc.constantFrom(...'abcdefghXYZ0123456789甲乙丙丁'.split('')), minLength: Math.max(min, 1), maxLength: Math.max(max, Math.max(min, 1)) });
  if (!hostile) return plain;
  return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY).filter(fits) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }) });
}

/** A body with one thing wrong: a wrong type, a missing required field, an extra field, a huge or hostile string. */
function broken(s: Schema): fc.Arbitrary<unknown> {
  const props = Object.keys(s.properties ?? {});
  return fc.tuple(valid(s), fc.nat(), fc.constantFrom('wrong', 'missing', 'extra', 'hostile', 'deep'), fc.constantFrom(...WRONG_VALUES), hostileString, fc.string({ minLength: 1, maxLength: 20 }))
    .map(([v, n, how, wrong, text, extra]) => {
      const body = { ...(v as Record<string, unknown>) };
      const key = props.length ? props[n % props.length] : 'x';
      if (how === 'wrong') body[key] = wrong;
      else if (how === 'missing') delete body[(s.required ?? props)[n % Math.max(1, (s.required ?? props).length)] ?? key];
      else if (how === 'extra') body[props.includes(extra) ? extra + '_' : extra] = wrong;
      else if (how === 'hostile') body[key] = text;
      else body[key] = nest(n % 50 + 1, wrong);
      return body;
    });
}
/** encodeURIComponent, except that lone surrogates (which it refuses) go out as their raw UTF-8 bytes. */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...v].map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return [...Buffer.from(ch, 'utf8')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
      }
    }).join('');
  }
}
const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { a: [nest(depth - 1, leaf)] });

/** Raw request bodies: broken JSON, top-level non-objects, deep nesting, prototype pollution. */
const RAW_BODIES = [
  '', ' ', '{', '{"a":', 'null', 'true', '0', '"text"', '[]', '[{}]', '{"a":1}{"b":2}', '{"a":1,}', "{'a':1}", '\u0000', '{"\u0000":1}',
  '[' .repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}', '{"a":{"__proto__":{"polluted":1}}}', '{"a":1e999999}', '{"a":-0}', '{"a":"\\ud800"}',
];

function routesFrom(doc: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Route[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({
    key: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
    method: m.toUpperCase(),
    path,
    params: op.parameters ?? [],
    body: op.requestBody?.content?.['application/json']?.schema ?? null,
    multipart: Boolean(op.requestBody?.content?.['multipart/form-data']) || path === '/api/officials/import',
  })));
}

describe.each(DIALECTS)(`fuzzing every route on %s (fast-check seed ${SEED})`, (dialect) => {
  let t: TestApp;
  let routes: Route[];
  let who: Record<string, Client>;
  const leaks = new LeakDetector();
  let realIds: string[] = [];
  let ruleIds: string[] = [];
  /** One record of each kind that belongs together (the post and family member are the official's). */
  const real = { org: '', official: '', post: '', family: '', user: '', warning: '', job: '' };

  beforeAll(async () => {
    t = await startTestApp(dialect, { lockoutAttempts: 1_000_000 }); // fuzzing the password form must not lock the fuzzers out (lockout has its own tests)
    who = { anonymous: t.anonymous() };
    for (const u of ['orgdept', 'supervisor', 'county.supervisor', 'admin.sys', 'admin.sec', 'admin.audit', 'unit.reporter']) {
      who[u] = await t.login(u);
      leaks.addSession(who[u].cookie, who[u].csrf, u);
    }
    routes = routesFrom((await who.orgdept.get('/api/openapi.json')).json());
    await leaks.loadIdNumbers(t);
    // Ids that name real records (never the principals themselves, whose accounts must survive the run).
    const db = t.database.db;
    const principalIds = (await db.selectFrom('users').select('id').where('username', 'in', Object.keys(who)).execute()).map((r) => r.id);
    const pick = async (table: 'orgs' | 'officials' | 'posts' | 'family_members' | 'warnings' | 'jobs') =>
      (await db.selectFrom(table).select('id').orderBy('id').limit(3).execute()).map((r) => r.id);
    const users = (await db.selectFrom('users').select('id').where('id', 'not in', principalIds).limit(3).execute()).map((r) => r.id);
    realIds = [...(await pick('orgs')), ...(await pick('officials')), ...(await pick('posts')), ...(await pick('family_members')), ...(await pick('warnings')), ...users];
    ruleIds = t.ctx.warningRules().map((r) => r.id);
    const fam = await db.selectFrom('family_members').innerJoin('posts', 'posts.official_id', 'family_members.official_id')
      .select(['family_members.id as family', 'family_members.official_id as official', 'posts.id as post', 'posts.org_id as org']).orderBy('family_members.id').limit(1).executeTakeFirstOrThrow();
    const warning = await db.selectFrom('warnings').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    Object.assign(real, { ...fam, user: users[0], warning: warning.id, job: await t.ctx.enqueue('warnings.run', { ruleId: null, by: null }) });
  });

  /** The real id for a path parameter of a route. */
  const realPathId = (route: Route, name: string): string => {
    if (name === 'postId') return real.post;
    if (name === 'familyId') return real.family;
    const base = route.path.split('/')[2];
    if (route.path.startsWith('/api/warnings/rules/')) return ruleIds[0];
    return ({ orgs: real.org, officials: real.official, users: real.user, warnings: real.warning, jobs: real.job } as Record<string, string>)[base] ?? real.org;
  };
  const realUrl = (route: Route) => route.path.replace(/\{(\w+)\}/g, (_m, name: string) => realPathId(route, name));
  /** Makes a generated body point at real records (ids in scope, a past start date, the rule's own thresholds). */
  const realistic = (body: unknown) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const b = { ...(body as Record<string, unknown>) };
    for (const k of ['orgId', 'parentId']) if (k in b) b[k] = real.org;
    if ('assigneeId' in b) b.assigneeId = real.user;
    if ('orgIds' in b) b.orgIds = [real.org];
    if ('ruleId' in b) b.ruleId = ruleIds[0];
    if ('startDate' in b) b.startDate = '2019-03-01';
    if ('endDate' in b) b.endDate = null;
    if ('idNumber' in b) b.idNumber = null;
    if ('thresholds' in b) b.thresholds = { ...t.ctx.warningRules()[0].defaults };
    return b;
  };
  afterAll(async () => t.stop());

  const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');

  /** The properties every answer must have. Throws (with the request) when one is broken. */
  async function checkAnswer(res: LightMyRequestResponse, what: string, route: Route | null, principal: string): Promise<void> {
    const fail = (why: string) => {
      throw new Error(`${why}\n  request: ${what}\n  answer: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    if (res.statusCode >= 500) fail('5xx');
    if (res.statusCode >= 400) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        return fail('error body is not JSON');
      }
      const b = body as { error?: Record<string, unknown> };
      if (!b || typeof b !== 'object' || Object.keys(b).join() !== 'error' || !b.error) return fail('error body is not {"error":{…}}');
      const e = b.error;
      if (typeof e.code !== 'string' || !/^[a-z_]+$/.test(e.code) || typeof e.message !== 'string' || !e.message) fail('error without code and message');
      const extra = Object.keys(e).filter((k) => !['code', 'message', 'field', 'details'].includes(k));
      if (extra.length) fail(`error with unexpected members ${extra}`);
      if (e.field !== undefined && typeof e.field !== 'string') fail('field is not a string');
      if (e.code === 'validation_error' && !e.field) fail('validation error without a field');
      if (INTERNALS.test(res.body)) fail('error body shows internals');
    }
    if (/\bat .*\.(ts|js):\d+:\d+/.test(res.body)) fail('stack trace in a body');
    const text = await responseText(res).catch(() => res.body);
    const found = leaks.scan(text, {
      mayRevealIdNumber: route?.key === 'GET /api/officials/:id/id-number' && principal === 'orgdept',
      mayShowTotpSecret: route?.key === 'POST /api/auth/totp/setup',
      username: principal,
    });
    if (found.length) fail(`leak: ${found.join(', ')}`);
    if (polluted()) fail('Object.prototype was polluted');
  }

  const pathParam = (route: Route, name: string) => fc.oneof(
    { weight: 4, arbitrary: fc.constant(realPathId(route, name)) },
    { weight: 1, arbitrary: fc.constantFrom(...(route.path.startsWith('/api/warnings/rules') ? ruleIds : realIds)) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f-]{36}$/) },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 3000) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2F', '%', '%zz', '%00', '%E0%A4%A', 'a/b', 'a?b', 'a#b', name) },
  ).map((v) => (/^%/.test(v) || v.includes('%2') ? v : encode(v)));

  const queryString = (route: Route) => {
    const q = route.params.filter((p) => p.in === 'query');
    const value = (p: Param) => fc.oneof(valid(p.schema).map(String), hostileString, fc.constantFrom('-1', '0', '1e400', '9'.repeat(30), '', '[]', 'true'));
    const pairs = fc.array(fc.oneof(
      ...q.map((p) => fc.tuple(fc.constant(p.name), value(p))),
      fc.tuple(fc.constantFrom('__proto__', 'constructor', 'a[b]', '__proto__[polluted]', 'constructor[prototype][polluted]', 'x', ''), hostileString),
    ), { maxLength: 5 });
    return pairs.map((ps) => (ps.length ? '?' + ps.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&') : ''));
  };

  /** A header set: the principal's own session or a broken one, right or wrong CSRF token, odd content types and origins. */
  const headerSet = fc.record({
    cookie: fc.oneof(
      { weight: 6, arbitrary: fc.constant('own') },
      { weight: 1, arbitrary: fc.constantFrom('jiandu_sid=', 'jiandu_sid=abc', `jiandu_sid=${'A'.repeat(4000)}`, 'jiandu_sid=%ZZ', 'a=b; =; ;;', 'jiandu_sid="x"; jiandu_sid=y', '\u00e9=\u00e9') },
      { weight: 1, arbitrary: hostileString.map((s) => `jiandu_sid=${encode(s)}`) },
    ),
    csrf: fc.oneof({ weight: 6, arbitrary: fc.constant('own') }, { weight: 1, arbitrary: fc.constantFrom('', 'x', 'A'.repeat(5000)) }, { weight: 1, arbitrary: fc.constant('none') }),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x',
        'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json, text/plain', 'garbage', '*/*', 'application/vnd.api+json') },
    ),
    origin: fc.oneof({ weight: 6, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('http://localhost:80', 'http://evil.example', 'null', 'not a url', 'http://localhost:80.evil.example') }),
  });

  const principalArb = fc.constantFrom('anonymous', 'orgdept', 'supervisor', 'county.supervisor', 'admin.sys', 'admin.sec', 'admin.audit', 'unit.reporter');

  async function send(route: Route, principal: string, url: string, body: { raw: string } | { json: unknown } | null, h: Headers) {
    const c = who[principal];
    const headers: Record<string, string> = {};
    if (h.cookie === 'own') {
      if (c.cookie) headers.cookie = c.cookie;
    } else headers.cookie = h.cookie;
    if (h.csrf === 'own') {
      if (c.csrf) headers['x-csrf-token'] = c.csrf;
    } else if (h.csrf !== 'none') headers['x-csrf-token'] = h.csrf;
    if (h.origin !== 'none') headers.origin = h.origin;
    let payload: string | undefined;
    if (body) {
      payload = 'raw' in body ? body.raw : JSON.stringify(body.json);
      headers['content-type'] = h.contentType;
    }
    const res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(payload !== undefined && { payload }) });
    const shown = `${principal} ${route.method} ${url.slice(0, 200)} headers=${JSON.stringify(headers).slice(0, 300)} body=${(payload ?? '').slice(0, 300)}`;
    return { res, shown };
  }

  const urlFor = (route: Route) => fc.tuple(...route.params.filter((p) => p.in === 'path').map((p) => pathParam(route, p.name)), queryString(route))
    .map((parts) => {
      const q = parts.pop() as string;
      let i = 0;
      return route.path.replace(/\{(\w+)\}/g, () => parts[i++] as string) + q;
    });

  const bodyFor = (route: Route): fc.Arbitrary<{ raw: string } | { json: unknown } | null> => {
    if (route.method === 'GET') return fc.constant(null);
    const anyJson = fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json }));
    const raw = fc.constantFrom(...RAW_BODIES).map((r) => ({ raw: r }));
    if (!route.body) return fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: anyJson }, { weight: 1, arbitrary: raw });
    return fc.oneof(
      { weight: 2, arbitrary: valid(route.body).map((json) => ({ json })) },
      { weight: 3, arbitrary: valid(route.body).map((json) => ({ json: realistic(json) })) },
      { weight: 4, arbitrary: broken(route.body).map((json) => ({ json })) },
      { weight: 1, arbitrary: anyJson },
      { weight: 1, arbitrary: raw },
    );
  };

  it('has routes to fuzz', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it('never answers 5xx, never shows internals or secrets, always in the error format (every route)', async () => {
    for (const route of routes) {
      if (route.multipart) continue; // fuzzed on its own below
      // Signing out ends the session: fuzz it with sessions of its own.
      const isLogout = route.key === 'POST /api/auth/logout';
      await fc.assert(
        fc.asyncProperty(isLogout ? fc.constant('anonymous') : principalArb, urlFor(route), bodyFor(route), headerSet, async (principal, url, body, h) => {
          const { res, shown } = await send(route, principal, url, body, h);
          await checkAnswer(res, shown, route, principal);
        }),
        { seed: SEED, numRuns: HASHING.has(route.key) ? Math.ceil(RUNS / 3) : RUNS, endOnFailure: true },
      );
    }
  }, 600_000);

  it('takes hostile text (NUL, lone surrogates, SQL, markup, huge) in every string field and query parameter, from a user allowed to call the route', async () => {
    const table = t.ctx.permissionTable();
    const allowedPrincipal = (route: Route) => {
      const action = t.routeActions.get(route.key);
      if (!action) return route.key === 'POST /api/auth/login' ? 'anonymous' : 'orgdept';
      return ['orgdept', 'supervisor', 'admin.sys', 'admin.sec', 'admin.audit'].find((u) => {
        const role = { orgdept: 'orgdept', supervisor: 'supervisor', 'admin.sys': 'sys_admin', 'admin.sec': 'sec_admin', 'admin.audit': 'audit_admin' }[u]!;
        return table[action].includes(role as never);
      }) ?? 'orgdept';
    };
    for (const route of routes.filter((r) => !r.multipart)) {
      const bodyFields = Object.entries(route.body?.properties ?? {}).filter(([, v]) => v.type === 'string' || v.anyOf).map(([k]) => k);
      const queryFields = route.params.filter((p) => p.in === 'query' && (p.schema.type === 'string' || p.schema.anyOf)).map((p) => p.name);
      if (!bodyFields.length && !queryFields.length) continue;
      const principal = allowedPrincipal(route);
      const target = fc.constantFrom(...bodyFields.map((f) => ['body', f] as const), ...queryFields.map((f) => ['query', f] as const));
      const required = route.body ? fc.record(Object.fromEntries((route.body.required ?? []).map((k) => [k, valid(route.body!.properties![k], false)]))) : fc.constant(null);
      await fc.assert(
        fc.asyncProperty(required, target, hostileString, async (generated, [where, field], text) => {
          const base = realistic(generated);
          const path = realUrl(route);
          const url = where === 'query' ? `${path}?${encode(field)}=${encode(text)}` : path;
          const body = route.body ? { json: where === 'body' ? { ...(base as object), [field]: text } : base } : null;
          const { res, shown } = await send(route, principal, url, body, { cookie: 'own', csrf: 'own', contentType: 'application/json', origin: 'none' });
          await checkAnswer(res, shown, route, principal);
        }),
        { seed: SEED, numRuns: HASHING.has(route.key) ? 8 : 25, endOnFailure: true },
      );
    }
  }, 300_000);

  // Regressions found by the properties above (each was a 500, a truncated download or a non-contract body).
  it('refuses NUL characters with 400 on both databases, also on the streamed exports', async () => {
    const cases: [string, string, string, unknown?][] = [
      ['anonymous', 'POST', '/api/auth/login', { username: 'a\u0000b', password: 'x' }],
      ['orgdept', 'GET', '/api/orgs?q=%00'],
      ['orgdept', 'GET', '/api/officials?q=a%00b'],
      ['orgdept', 'GET', '/api/officials/export?q=%00'],
      ['orgdept', 'GET', '/api/warnings/export?ruleId=%00'],
      ['admin.sys', 'GET', '/api/users/export?q=%00'],
      ['admin.audit', 'GET', '/api/audit/export?actor=%00'],
      ['orgdept', 'POST', '/api/orgs', { parentId: real.org, name: 'x\u0000y', level: 'county', kind: 'zone' }],
      ['orgdept', 'GET', `/api/officials/${real.official}%00`],
    ];
    for (const [principal, method, url, body] of cases) {
      const res = await who[principal].request(method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      expect(res.json().error.message).toMatch(/NUL/);
    }
  });

  it('answers a malformed or over-long URL in the error format, without echoing it', async () => {
    for (const url of ['/api/users/%', '/api/officials/%E0%A4%A', `/api/officials/${'a'.repeat(200)}`, '/api/orgs/%zz/team']) {
      const res = await who.orgdept.get(url);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(Object.keys(res.json())).toEqual(['error']);
      expect(res.body).not.toContain(url.slice(5, 20));
    }
  });

  it('answers 404 in the error format for a method a route does not declare', async () => {
    const matches = (method: string, url: string) => routes.some((r) => r.method === method && new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url));
    let checked = 0;
    for (const route of routes) {
      const url = realUrl(route);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (matches(method, url)) continue;
        for (const principal of ['anonymous', 'orgdept']) {
          const res = await who[principal].request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
          expect(res.statusCode, `${principal} ${method} ${url}`).toBe(404);
          expect(Object.keys(res.json().error).sort()).toEqual(['code', 'message']);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses an unknown body field with 400 naming it, whoever asks', async () => {
    for (const route of routes.filter((r) => r.body && r.body.additionalProperties === false)) {
      const required = Object.fromEntries((route.body!.required ?? []).map((k) => [k, valid(route.body!.properties![k], false)]));
      const name = fc.string({ unit: fc.constantFrom(...'abcdefgXYZ_$'.split('')), minLength: 1, maxLength: 12 })
        .filter((k) => !Object.keys(route.body!.properties ?? {}).includes(k));
      await fc.assert(
        fc.asyncProperty(principalArb, fc.boolean(), fc.record(required), name, fc.constantFrom(...WRONG_VALUES), async (principal, ghost, base, key, value) => {
          const url = ghost ? route.path.replace(/\{(\w+)\}/g, () => '01a2008d-0000-7000-8000-000000000000') : realUrl(route);
          const { res, shown } = await send(route, principal, url, { json: { ...base, [key]: value } }, { cookie: 'own', csrf: 'own', contentType: 'application/json', origin: 'none' });
          await checkAnswer(res, shown, route, principal);
          if (res.statusCode !== 400 || res.json().error.field !== `body.${key}`) throw new Error(`unknown field not refused by name: ${shown} → ${res.statusCode} ${res.body}`);
        }),
        { seed: SEED, numRuns: 8, endOnFailure: true },
      );
    }
  }, 300_000);

  it('refuses an unknown query parameter with 400 naming it', async () => {
    for (const route of routes.filter((r) => r.params.some((p) => p.in === 'query'))) {
      const known = route.params.map((p) => p.name);
      const name = fc.string({ unit: fc.constantFrom(...'abcdefgXYZ_'.split('')), minLength: 1, maxLength: 12 }).filter((k) => !known.includes(k));
      // Required parameters get valid values, so that the unknown one is the only thing wrong.
      const required = fc.record(Object.fromEntries(route.params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, valid(p.schema, false)])));
      await fc.assert(
        fc.asyncProperty(principalArb, name, fc.string({ maxLength: 10 }), required, async (principal, key, value, base) => {
          const query = new URLSearchParams(Object.entries(base).map(([k, v]) => [k, String(v)]));
          query.append(key, value);
          const url = `${realUrl(route)}?${query.toString()}`;
          const { res, shown } = await send(route, principal, url, null, { cookie: 'own', csrf: 'own', contentType: 'application/json', origin: 'none' });
          await checkAnswer(res, shown, route, principal);
          if (res.statusCode !== 400 || res.json().error.field !== `querystring.${key}`) throw new Error(`unknown query parameter not refused by name: ${shown} → ${res.statusCode} ${res.body}`);
        }),
        { seed: SEED, numRuns: 6, endOnFailure: true },
      );
    }
  }, 300_000);

  it('refuses a body over the limit with 413 on every route that takes one', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      await fc.assert(
        fc.asyncProperty(principalArb, fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('string', 'array', 'keys'), async (principal, over, shape) => {
          const size = BODY_LIMIT + over;
          const raw = shape === 'string' ? `{"name":"${'x'.repeat(size)}"}` : shape === 'array' ? `[${'0,'.repeat(size / 2)}0]`
            : `{${Array.from({ length: Math.ceil(size / 10) }, (_, i) => `"k${i}":1`).join(',')}}`;
          const url = realUrl(route);
          const { res, shown } = await send(route, principal, url, { raw }, { cookie: 'own', csrf: 'own', contentType: 'application/json', origin: 'none' });
          await checkAnswer(res, shown.slice(0, 200), route, principal);
          if (res.statusCode !== 413 || res.json().error.code !== 'payload_too_large') throw new Error(`oversize body not refused with 413: ${route.key} → ${res.statusCode}`);
        }),
        { seed: SEED, numRuns: 2, endOnFailure: true },
      );
    }
  }, 300_000);

  it('refuses "__proto__" and "constructor.prototype" anywhere in a body, and Object.prototype stays clean', async () => {
    const poison = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('__proto__', 'constructor'), fc.jsonValue({ maxDepth: 1 })).map(([depth, key, v]) => {
      const inner = key === '__proto__' ? `{"__proto__":{"polluted":${JSON.stringify(v)}}}` : `{"constructor":{"prototype":{"polluted":${JSON.stringify(v)}}}}`;
      let raw = inner;
      for (let i = 0; i < depth; i++) raw = `{"a${i}":${raw},"b":[1]}`;
      return raw;
    });
    for (const route of routes.filter((r) => r.method !== 'GET' && !r.multipart)) {
      await fc.assert(
        fc.asyncProperty(principalArb, poison, async (principal, raw) => {
          const url = realUrl(route);
          const { res, shown } = await send(route, principal, url, { raw }, { cookie: 'own', csrf: 'own', contentType: 'application/json', origin: 'none' });
          await checkAnswer(res, shown, route, principal);
          if (res.statusCode !== 400) throw new Error(`poisoned body not refused: ${shown} → ${res.statusCode} ${res.body}`);
        }),
        { seed: SEED, numRuns: 4, endOnFailure: true },
      );
    }
    expect(polluted()).toBe(false);
  }, 300_000);

  it('refuses a JSON route’s body sent with another content type', async () => {
    for (const route of routes.filter((r) => r.body)) {
      await fc.assert(
        fc.asyncProperty(principalArb, valid(route.body!), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'garbage'),
          async (principal, json, contentType) => {
            const url = realUrl(route);
            const { res, shown } = await send(route, principal, url, { json }, { cookie: 'own', csrf: 'own', contentType, origin: 'none' });
            await checkAnswer(res, shown, route, principal);
            if (![400, 415].includes(res.statusCode)) throw new Error(`body with content type ${contentType} was not refused: ${shown} → ${res.statusCode}`);
          }),
        { seed: SEED, numRuns: 4, endOnFailure: true },
      );
    }
  }, 300_000);

  it('survives hostile uploads on the import route (bytes, names, fields, sizes)', async () => {
    const route = routes.find((r) => r.key === 'POST /api/officials/import')!;
    expect(route).toBeTruthy();
    await fc.assert(
      fc.asyncProperty(principalArb, fc.uint8Array({ maxLength: 4096 }), fc.oneof(fc.constantFrom('x.xlsx', '../../etc/passwd.xlsx', 'a.XLSX', '.xlsx', 'x.xls', 'x.exe', '名册.xlsx', 'a"b.xlsx', 'a\r\nb.xlsx'), hostileString),
        fc.constantFrom('file', 'files', '', '__proto__'), fc.boolean(), async (principal, bytes, filename, field, zipMagic) => {
          const data = Buffer.concat([zipMagic ? Buffer.from('PK\u0003\u0004') : Buffer.alloc(0), Buffer.from(bytes)]);
          const boundary = '----fuzz' + bytes.length;
          const payload = Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename.replace(/[\r\n"]/g, '_')}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
            data, Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
          const c = who[principal];
          const res = await t.app.inject({
            method: 'POST', url: '/api/officials/import', payload,
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(c.cookie && { cookie: c.cookie }), ...(c.csrf && { 'x-csrf-token': c.csrf }) },
          });
          await checkAnswer(res, `${principal} import ${filename} (${data.length} bytes, field ${field})`, route, principal);
          if (res.statusCode < 300) throw new Error(`random bytes were imported: ${res.body}`);
        }),
      { seed: SEED, numRuns: 40, endOnFailure: true },
    );
  }, 300_000);

  it('refuses an upload over the upload limit with 413', async () => {
    const big = Buffer.alloc(t.ctx.config.uploadLimitBytes + 1024, 7);
    const boundary = '----big';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`), big, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/officials/import', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: who.orgdept.cookie, 'x-csrf-token': who.orgdept.csrf } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });
});
