// The authorization matrix: every route of the OpenAPI document × every role × objects inside and
// outside the caller's scope → the status the permission table and the scope rules promise.
//
// Principals: for each of the 10 roles, three signed-in users — one who sees the province, one who
// sees county A (临江县; the unit reporter: one unit in it) and one who sees county B (a sibling
// county; the unit reporter: one unit in it) — plus an anonymous client. The demo accounts are used
// where they exist; the others are created through the admin API (admin.sys creates, admin.sec
// grants the role and the scope), so the users' own routes are exercised on the way.
// Objects live at five places: U (the unit in county A), A (county A outside U), B and UB (county B
// and a unit in it), P (a province department). Every scoped route is called for every principal
// at every place; a job is "own" or the other user's.
//
// Expected: no session → 401; the role lacks the route's action (t.routeActions + the permission
// table) → 403, wherever the object is; otherwise the object outside the caller's scope → 404 (a
// body naming an organization outside scope → 400 "unknown", a list filtered on one → an empty
// page), inside → the route's 2xx. Every out-of-scope answer must be byte-identical to the answer
// for an id that names nothing, so neither status nor text tells that the record exists.
// Every response body is scanned for unmasked ID numbers, sealed values, password hashes, TOTP
// secrets, session tokens and other people's CSRF tokens, and for the ids of objects the caller
// may not see.
//
// The full matrix runs on both databases: ≈3,700 requests each, about 30 s on SQLite and 40 s on
// PostgreSQL on the 2-core machine (set-up included; up to twice that while other suites run).
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { newId } from '../../src/core/ids.js';
import { hashPassword } from '../../src/core/passwords.js';
import { ROLES, type Role } from '../../src/core/roles.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { RUN_JOB } from '../../src/modules/warnings/index.js';
import { DIALECTS } from '../helpers/db.js';
import { needToKnowActions } from '../../src/app/context.js';
import { MODULES } from '../../src/app/modules.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { multipart, workbook } from '../helpers/files.js';
import { LeakDetector, ghostId, makeIdNumber, responseText, xlsxRowCount } from './leaks.js';
import { ledgerAttachment, ledgerCharter, ledgerDocument, ledgerItem, ledgerReport, once } from './ledger-fixtures.js';
import { matrixAttachment, matrixInquiry, matrixTalk } from './matrix-talks.js';
import { clueMatrixEntries } from './matrix-clues.js';
import { petitionMatrixEntries } from './matrix-petitions.js';

const PASSWORD = 'Matrix#Pass-2026';
const HIDDEN_BY = needToKnowActions(MODULES);
type Loc = 'U' | 'A' | 'B' | 'UB' | 'P';
const LOCS: Loc[] = ['U', 'A', 'B', 'UB', 'P'];
type Reach = 'province' | 'countyA' | 'U' | 'countyB' | 'UB';
const SEES: Record<Reach, readonly string[]> = { province: LOCS, countyA: ['U', 'A'], U: ['U'], countyB: ['B', 'UB'], UB: ['UB'] };

interface Principal {
  name: string;
  username: string | null;
  password: string;
  userId: string | null;
  roles: Role[];
  reach: Reach | null;
  client: Client;
  peer: Principal | null;
}

type Obj = Record<string, string>;
interface Req {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** 'none': send without the session; a Client: send with that one. */
  as?: 'none' | Client;
}
interface Entry {
  /** The status of an allowed request on an object in scope. */
  ok: number;
  /** Open to anyone, signed in or not. */
  public?: boolean;
  /** Self-service routes that cost a password hash: one user per role (the province one) and anonymous. */
  onePerRole?: boolean;
  /** Scoped routes: the object at a place (created fresh where the route changes or consumes it). */
  object?: (loc: string, p: Principal) => Promise<Obj> | Obj;
  /** Places other than the five (jobs: own / other). */
  locations?: string[];
  visible?: (p: Principal, loc: string) => boolean;
  /** The answer for an object outside scope when it is not 404. */
  outOfScope?: number;
  /** Changes that reach the whole tree (warning rules): refused (403) to anyone who does not see all of it. */
  wholeTreeOnly?: boolean;
  request: (o: Obj, p: Principal) => Promise<Req> | Req;
  /** Further checks on the answer; returns a problem or null. */
  check?: (res: LightMyRequestResponse, o: Obj, p: Principal, visible: boolean) => Promise<string | null> | string | null;
  after?: (p: Principal, res: LightMyRequestResponse) => Promise<void>;
}

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  let table: Readonly<Record<string, readonly string[]>>;
  let openapiRoutes: string[];
  const leaks = new LeakDetector();
  const principals: Principal[] = [];
  const W = {
    org: {} as Record<Loc, { id: string; key: string }>,
    reachOrg: {} as Record<Reach, string>,
    official: {} as Record<Loc, string>,
    post: {} as Record<Loc, string>,
    family: {} as Record<Loc, string>,
    warning: {} as Record<Loc, string>,
    victim: {} as Record<Loc, string>,
  };
  let orgdept: Client;
  let lastSession: Client | null = null;
  let serial = 0;
  const results = { failures: [] as string[], leaks: [] as string[], oracle: [] as string[], foreign: [] as string[], requests: 0, denied: 0 };

  // ---- fresh objects
  async function freshFamily(loc: Loc): Promise<Obj> {
    const res = await orgdept.post(`/api/officials/${W.official[loc]}/family`, { relation: 'child', name: `子女${++serial}` });
    if (res.statusCode !== 201) throw new Error(`family: ${res.body}`);
    return { id: W.official[loc], familyId: res.json().id };
  }
  async function insertWarning(loc: Loc): Promise<string> {
    const id = ghostId();
    const now = new Date().toISOString();
    await t.database.db.insertInto('warnings').values({
      id, rule_id: 'registry.long-tenure', rule_version: 1, subject_type: 'official', subject_id: W.official[loc], cause_key: `matrix-${++serial}`,
      org_id: W.org[loc].id, severity: 'yellow', title: `矩阵预警${serial}`, detail: '测试', basis: '测试依据', status: 'open',
      assignee_id: null, resolution: null, raised_at: now, updated_at: now,
    }).execute();
    return id;
  }
  const importBooks = new Map<string, Buffer>();
  async function importBook(orgKey: string): Promise<Buffer> {
    if (!importBooks.has(orgKey)) {
      importBooks.set(orgKey, await workbook([
        ['姓名', '性别', '出生日期', '民族', '学历', '身份证号', '任职单位', '职务', '职级', '分管工作', '班子成员', '一把手', '关键岗位', '任职开始', '任职结束'],
        ['矩阵导入', '女', '1980-01-02', '汉族', '大学', '', orgKey, '科员', '', '', '否', '否', '否', '2020-01-01', ''],
      ]));
    }
    return importBooks.get(orgKey)!;
  }

  const at = (loc: string) => W.org[loc as Loc];
  const orgObj = (loc: string) => ({ id: at(loc).id });
  const officialObj = (loc: string) => ({ id: W.official[loc as Loc] });
  const victimObj = (loc: string) => ({ id: W.victim[loc as Loc], orgId: at(loc).id });
  const emptyPage = (res: LightMyRequestResponse, _o: Obj, _p: Principal, visible: boolean) =>
    !visible && res.statusCode === 200 && res.json().total !== 0 ? `out-of-scope filter returned ${res.json().total} rows` : null;
  /** An export filtered on an organization outside scope holds the header row only. */
  const emptySheet = async (res: LightMyRequestResponse, _o: Obj, _p: Principal, visible: boolean) =>
    !visible && res.statusCode === 200 && (await xlsxRowCount(res)) > 1 ? `out-of-scope export has ${(await xlsxRowCount(res)) - 1} rows` : null;
  const resetTotp = async (p: Principal) => {
    if (p.userId) await t.database.db.updateTable('users').set({ totp_enabled: 0, totp_secret_enc: null }).where('id', '=', p.userId).execute();
  };

  /** One entry per route of the OpenAPI document: how to make a valid request, and what it should answer. */
  const ENTRIES: Record<string, Entry> = {
    'GET /api/health': { ok: 200, public: true, request: () => ({ url: '/api/health' }) },
    'POST /api/auth/login': {
      ok: 200, public: true, onePerRole: true,
      request: (_o, p) => ({ url: '/api/auth/login', body: { username: p.username ?? 'leader', password: p.username ? p.password : DEMO_PASSWORD }, as: 'none' }),
      check: (res) => (res.cookies.some((c) => c.name === 'jiandu_sid' && c.httpOnly && c.sameSite === 'Strict') ? null : 'no HttpOnly SameSite=Strict cookie'),
    },
    'POST /api/auth/logout': {
      ok: 204, public: true, onePerRole: true,
      // A session of its own, so that the principal's stays usable; it must be dead afterwards.
      request: async (_o, p) => {
        lastSession = p.username ? await t.login(p.username, p.password) : null;
        return { url: '/api/auth/logout', as: lastSession ?? 'none' };
      },
      check: async () => (lastSession && (await lastSession.get('/api/auth/me')).statusCode !== 401 ? 'the session outlived sign-out' : null),
    },
    'GET /api/auth/me': { ok: 200, request: () => ({ url: '/api/auth/me' }) },
    'POST /api/auth/password': { ok: 204, onePerRole: true, request: (_o, p) => ({ url: '/api/auth/password', body: { currentPassword: p.password || 'x', newPassword: p.password || 'x' } }) },
    'POST /api/auth/totp/setup': {
      ok: 200,
      request: () => ({ url: '/api/auth/totp/setup' }),
      after: async (p, res) => {
        if (res.statusCode === 200) leaks.totpSecrets.add(res.json().secret);
        await resetTotp(p);
      },
    },
    'POST /api/auth/totp/enable': {
      ok: 204,
      request: async (_o, p) => {
        if (!p.username) return { url: '/api/auth/totp/enable', body: { code: '123456' } };
        const setup = await p.client.post('/api/auth/totp/setup');
        const secret = setup.json().secret as string;
        leaks.totpSecrets.add(secret);
        const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
        return { url: '/api/auth/totp/enable', body: { code } };
      },
      after: async (p) => resetTotp(p),
    },

    // ---- accounts
    'GET /api/users': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/users?orgId=${o.id}&pageSize=200` }), check: emptyPage },
    'GET /api/users/export': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/users/export?orgId=${o.id}` }), check: emptySheet },
    'GET /api/users/roles': { ok: 200, request: () => ({ url: '/api/users/roles' }) },
    'POST /api/users': {
      ok: 201, object: orgObj, outOfScope: 400,
      request: (o) => ({ url: '/api/users', body: { username: `m.new.${++serial}`, displayName: '新账号', orgId: o.id, password: PASSWORD } }),
    },
    'PATCH /api/users/:id': { ok: 204, object: victimObj, request: (o) => ({ url: `/api/users/${o.id}`, body: { displayName: `受测账号${++serial}` } }) },
    'POST /api/users/:id/password': { ok: 204, object: victimObj, request: (o) => ({ url: `/api/users/${o.id}/password`, body: { password: PASSWORD } }) },
    'PUT /api/users/:id/roles': { ok: 204, object: victimObj, request: (o) => ({ url: `/api/users/${o.id}/roles`, body: { roles: ['inspector'] } }) },
    'PUT /api/users/:id/scopes': { ok: 204, object: victimObj, request: (o) => ({ url: `/api/users/${o.id}/scopes`, body: { orgIds: [o.orgId] } }) },
    'POST /api/users/:id/unlock': { ok: 204, object: victimObj, request: (o) => ({ url: `/api/users/${o.id}/unlock` }) },

    // ---- organizations
    'GET /api/orgs/tree': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/orgs/tree?parentId=${o.id}` }) },
    'GET /api/orgs': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/orgs?parentId=${o.id}&pageSize=200` }), check: emptyPage },
    'GET /api/orgs/:id': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/orgs/${o.id}` }) },
    'GET /api/orgs/:id/team': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/orgs/${o.id}/team` }) },
    'POST /api/orgs': {
      ok: 201, object: orgObj, outOfScope: 400,
      request: (o) => ({ url: '/api/orgs', body: { parentId: o.id, name: `矩阵新单位${++serial}`, level: 'county', kind: 'zone' } }),
    },
    'PATCH /api/orgs/:id': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/orgs/${o.id}`, body: { sortOrder: 50 } }) },

    // ---- officials
    'GET /api/officials': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/officials?orgId=${o.id}&pageSize=200` }) },
    'GET /api/officials/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/officials/export?orgId=${o.id}` }) },
    'GET /api/officials/import/template': { ok: 200, request: () => ({ url: '/api/officials/import/template' }) },
    'POST /api/officials/import': {
      ok: 200, object: (loc) => ({ orgKey: at(loc).key }), outOfScope: 400,
      request: async (o) => {
        const [body, headers] = multipart('file', 'officials.xlsx', await importBook(o.orgKey));
        return { url: '/api/officials/import', body, headers };
      },
    },
    'GET /api/officials/:id': { ok: 200, object: officialObj, request: (o) => ({ url: `/api/officials/${o.id}` }) },
    'GET /api/officials/:id/id-number': {
      ok: 200, object: officialObj, request: (o) => ({ url: `/api/officials/${o.id}/id-number` }),
      check: (res, _o, _p, visible) => (visible && res.statusCode === 200 && !/^\d{17}[\dX]$/.test(res.json().idNumber) ? 'no ID number revealed' : null),
    },
    'POST /api/officials': {
      ok: 201, object: orgObj, outOfScope: 400,
      request: (o) => ({ url: '/api/officials', body: { orgId: o.id, name: `矩阵干部${++serial}`, gender: 'F' } }),
    },
    'PATCH /api/officials/:id': { ok: 204, object: officialObj, request: (o) => ({ url: `/api/officials/${o.id}`, body: { education: '研究生' } }) },
    'POST /api/officials/:id/posts': {
      ok: 201, object: (loc) => ({ id: W.official[loc as Loc], orgId: at(loc).id }),
      request: (o) => ({ url: `/api/officials/${o.id}/posts`, body: { orgId: o.orgId, title: `兼职${++serial}`, isTeamMember: false, startDate: '2019-01-01', endDate: '2019-12-31' } }),
    },
    'PATCH /api/officials/:id/posts/:postId': {
      ok: 204, object: (loc) => ({ id: W.official[loc as Loc], postId: W.post[loc as Loc] }),
      request: (o) => ({ url: `/api/officials/${o.id}/posts/${o.postId}`, body: { rank: '正科级' } }),
    },
    'POST /api/officials/:id/family': { ok: 201, object: officialObj, request: (o) => ({ url: `/api/officials/${o.id}/family`, body: { relation: 'parent', name: `父母${++serial}` } }) },
    'DELETE /api/officials/:id/family/:familyId': {
      ok: 204, object: (loc) => freshFamily(loc as Loc),
      request: (o) => ({ url: `/api/officials/${o.id}/family/${o.familyId}` }),
    },

    // ---- audit (one chain for the whole system: not scoped; see the test on the audit log below)
    'GET /api/audit': { ok: 200, request: () => ({ url: '/api/audit?limit=50' }) },
    'GET /api/audit/export': { ok: 200, request: () => ({ url: '/api/audit/export?action=user.create' }) },
    'GET /api/audit/verify': { ok: 200, request: () => ({ url: '/api/audit/verify' }) },
    'GET /api/audit/checkpoint': { ok: 200, request: () => ({ url: '/api/audit/checkpoint' }) },
    'POST /api/audit/checkpoint/verify': {
      ok: 200,
      request: async () => {
        const auditor = principals.find((p) => p.username === 'admin.audit')!;
        return { url: '/api/audit/checkpoint/verify', body: (await auditor.client.get('/api/audit/checkpoint')).json() };
      },
    },

    // ---- warnings and jobs
    'GET /api/warnings': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/warnings?orgId=${o.id}&pageSize=200` }), check: emptyPage },
    'GET /api/warnings/export': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/warnings/export?orgId=${o.id}` }), check: emptySheet },
    'GET /api/warnings/assignees': { ok: 200, request: () => ({ url: '/api/warnings/assignees' }) },
    'GET /api/warnings/rules': { ok: 200, request: () => ({ url: '/api/warnings/rules' }) },
    'PUT /api/warnings/rules/:id': {
      ok: 204,
      wholeTreeOnly: true,
      request: () => {
        const rule = t.ctx.warningRules()[0];
        return { url: `/api/warnings/rules/${rule.id}`, body: { enabled: true, thresholds: { ...rule.defaults } } };
      },
    },
    'POST /api/warnings/run': { ok: 202, request: () => ({ url: '/api/warnings/run', body: {} }) },
    'GET /api/jobs/:id': {
      ok: 200, locations: ['own', 'other'],
      visible: (_p, loc) => loc === 'own',
      object: async (loc, p) => {
        const owner = loc === 'own' ? p.userId : (p.peer?.userId ?? W.victim.P);
        return { id: await t.ctx.enqueue(RUN_JOB, { ruleId: null, by: owner }) };
      },
      request: (o) => ({ url: `/api/jobs/${o.id}` }),
    },
    'GET /api/warnings/:id': { ok: 200, object: (loc) => ({ id: W.warning[loc as Loc] }), request: (o) => ({ url: `/api/warnings/${o.id}` }) },
    'POST /api/warnings/:id/assign': {
      ok: 204, object: async (loc) => ({ id: await insertWarning(loc as Loc), assigneeId: W.victim[loc as Loc] }),
      request: (o) => ({ url: `/api/warnings/${o.id}/assign`, body: { assigneeId: o.assigneeId } }),
    },
    'POST /api/warnings/:id/resolve': {
      ok: 204, object: async (loc) => ({ id: await insertWarning(loc as Loc) }),
      request: (o) => ({ url: `/api/warnings/${o.id}/resolve`, body: { resolution: '已整改到位' } }),
    },
    'POST /api/warnings/:id/dismiss': {
      ok: 204, object: async (loc) => ({ id: await insertWarning(loc as Loc) }),
      request: (o) => ({ url: `/api/warnings/${o.id}/dismiss`, body: { reason: '经核实不属实' } }),
    },

    // ---- dashboard
    'GET /api/dashboard/summary': { ok: 200, request: () => ({ url: '/api/dashboard/summary' }) },

    // --- ledger ---
    // Objects at a place are owned and led by its organization (and reviewed by it); hand-downs go to a neighbour that every writer who sees the place also sees.
    'GET /api/ledger/documents': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/ledger/documents?orgId=${o.id}&pageSize=200` }), check: emptyPage },
    'POST /api/ledger/documents': { ok: 201, object: orgObj, outOfScope: 400, request: (o) => ({ url: '/api/ledger/documents', body: { orgId: o.id, title: `矩阵文件${++serial}` } }) },
    'DELETE /api/ledger/documents/:id': { ok: 204, object: async (loc) => ({ id: await ledgerDocument(t.database.db, at(loc).id) }), request: (o) => ({ url: `/api/ledger/documents/${o.id}` }) },
    'GET /api/ledger/items': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/ledger/items?leadOrgId=${o.id}&pageSize=200` }), check: emptyPage },
    'GET /api/ledger/items/export': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/ledger/items/export?leadOrgId=${o.id}` }), check: emptySheet },
    'GET /api/ledger/items/:id': { ok: 200, object: (loc) => once(`${dialect}:item`, at(loc).id, () => ledgerItem(t.database.db, at(loc).id)), request: (o) => ({ url: `/api/ledger/items/${o.id}` }) },
    'POST /api/ledger/items': {
      ok: 201, outOfScope: 400, object: async (loc) => ({ documentId: await once(`${dialect}:doc`, at(loc).id, () => ledgerDocument(t.database.db, at(loc).id)), orgId: at(loc).id }),
      request: (o) => ({ url: '/api/ledger/items', body: { documentId: o.documentId, kind: 'area', title: `矩阵领域${++serial}`, leadOrgId: o.orgId } }),
    },
    'PATCH /api/ledger/items/:id': { ok: 204, object: (loc) => once(`${dialect}:item`, at(loc).id, () => ledgerItem(t.database.db, at(loc).id)), request: (o) => ({ url: `/api/ledger/items/${o.id}`, body: { ownerName: '矩阵责任人' } }) },
    'DELETE /api/ledger/items/:id': { ok: 204, object: (loc) => ledgerItem(t.database.db, at(loc).id), request: (o) => ({ url: `/api/ledger/items/${o.id}` }) },
    'POST /api/ledger/items/:id/assign': {
      ok: 201,
      object: async (loc) => ({
        id: (await ledgerItem(t.database.db, at(loc).id)).id,
        to: ({ U: W.org.A.id, A: W.org.U.id, B: W.org.UB.id, UB: W.org.B.id, P: W.reachOrg.province } as Record<string, string>)[loc],
      }),
      request: (o) => ({ url: `/api/ledger/items/${o.id}/assign`, body: { orgIds: [o.to] } }),
    },
    'POST /api/ledger/items/:id/reports': { ok: 201, object: (loc) => ledgerItem(t.database.db, at(loc).id), request: (o) => ({ url: `/api/ledger/items/${o.id}/reports`, body: { text: '矩阵进展', progress: 30 } }) },
    'POST /api/ledger/reports/:id/attachments': {
      ok: 201, object: (loc) => once(`${dialect}:report`, at(loc).id, () => ledgerReport(t.database.db, at(loc).id)),
      request: (o) => {
        const [body, headers] = multipart('file', '佐证.txt', Buffer.from('矩阵佐证'));
        return { url: `/api/ledger/reports/${o.id}/attachments`, body, headers };
      },
    },
    'GET /api/ledger/reports/:id/attachments/:attId': {
      ok: 200, object: (loc) => once(`${dialect}:attachment`, at(loc).id, () => ledgerAttachment(t.database.db, t.ctx.crypto, at(loc).id)), request: (o) => ({ url: `/api/ledger/reports/${o.id}/attachments/${o.attId}` }),
    },
    'GET /api/ledger/reviews': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/ledger/reviews?orgId=${o.id}&pageSize=200` }), check: emptyPage },
    'POST /api/ledger/reports/:id/review': {
      ok: 204, object: (loc) => ledgerReport(t.database.db, at(loc).id), request: (o) => ({ url: `/api/ledger/reports/${o.id}/review`, body: { decision: 'return', reason: '请补充材料' } }),
    },
    'GET /api/ledger/rollup': {
      ok: 200, object: async (loc) => ({ id: (await once(`${dialect}:item`, at(loc).id, () => ledgerItem(t.database.db, at(loc).id))).documentId }), request: (o) => ({ url: `/api/ledger/rollup?view=org&documentId=${o.id}` }),
    },
    'GET /api/ledger/rollup/export': {
      ok: 200, object: async (loc) => ({ id: (await once(`${dialect}:item`, at(loc).id, () => ledgerItem(t.database.db, at(loc).id))).documentId }), request: (o) => ({ url: `/api/ledger/rollup/export?view=measure&documentId=${o.id}` }),
    },
    'GET /api/ledger/import/template': { ok: 200, request: () => ({ url: '/api/ledger/import/template' }) },
    'POST /api/ledger/import': {
      ok: 201, outOfScope: 400, object: (loc) => ({ id: at(loc).id, orgKey: at(loc).key }),
      request: async (o) => {
        const book = await workbook([['编号', '层级', '标题', '牵头单位'], ['1', '领域', '矩阵导入领域', o.orgKey]]);
        const [body, headers] = multipart('file', 'measures.xlsx', book);
        return { url: `/api/ledger/import?orgId=${o.id}&title=${encodeURIComponent('矩阵导入')}`, body, headers };
      },
    },
    'GET /api/ledger/charters': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/ledger/charters?orgId=${o.id}&pageSize=200` }), check: emptyPage },
    'POST /api/ledger/charters': {
      ok: 201, outOfScope: 400, object: async (loc) => {
        await once(`${dialect}:item`, at(loc).id, () => ledgerItem(t.database.db, at(loc).id)); // a duty to list
        return { id: at(loc).id };
      },
      request: (o) => ({ url: '/api/ledger/charters', body: { orgId: o.id, kind: 'duty_list', year: 2026 } }),
    },
    'GET /api/ledger/charters/:id': { ok: 200, object: async (loc) => ({ id: await once(`${dialect}:charter`, at(loc).id, () => ledgerCharter(t.database.db, at(loc).id)) }), request: (o) => ({ url: `/api/ledger/charters/${o.id}` }) },
    'GET /api/ledger/charters/:id/docx': { ok: 200, object: async (loc) => ({ id: await once(`${dialect}:charter`, at(loc).id, () => ledgerCharter(t.database.db, at(loc).id)) }), request: (o) => ({ url: `/api/ledger/charters/${o.id}/docx` }) },
    'POST /api/ledger/charters/:id/sign': {
      ok: 204, object: async (loc) => ({ id: await ledgerCharter(t.database.db, at(loc).id) }), request: (o) => ({ url: `/api/ledger/charters/${o.id}/sign`, body: { signedName: '矩阵签收人' } }),
    },
    // --- talks ---
    'GET /api/talks/types': { ok: 200, request: () => ({ url: '/api/talks/types' }) },
    'PATCH /api/talks/types/:id': { ok: 204, wholeTreeOnly: true, request: () => ({ url: '/api/talks/types/heart', body: { cadenceMonths: 12 } }) },
    'GET /api/talks': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks?orgId=${o.id}&pageSize=200` }) },
    'GET /api/talks/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/export?orgId=${o.id}` }) },
    'POST /api/talks': {
      ok: 201, object: (loc) => ({ orgId: at(loc).id, officialId: W.official[loc as Loc] }), outOfScope: 400,
      request: (o) => ({ url: '/api/talks', body: { typeId: 'reminder', mode: 'individual', status: 'held', orgId: o.orgId, talkDate: '2026-01-10', conductors: '矩阵', topic: '提醒', subjectIds: [o.officialId] } }),
    },
    'GET /api/talks/attendees/template': { ok: 200, request: () => ({ url: '/api/talks/attendees/template' }) },
    'GET /api/talks/stats': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/stats?orgId=${o.id}` }) },
    'GET /api/talks/coverage': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/coverage?orgId=${o.id}&role=member` }) },
    'GET /api/talks/coverage/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/coverage/export?orgId=${o.id}` }) },
    'GET /api/talks/admonishments': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/admonishments?orgId=${o.id}` }) },
    'GET /api/talks/admonishments/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/talks/admonishments/export?orgId=${o.id}` }) },
    'POST /api/talks/admonishments': {
      ok: 201, object: (loc) => ({ orgId: at(loc).id, officialId: W.official[loc as Loc] }), outOfScope: 400,
      request: (o) => ({ url: '/api/talks/admonishments', body: { orgId: o.orgId, officialId: o.officialId, form: 'talk', decidedOn: '2026-01-10', basis: '矩阵依据', reason: '矩阵事由' } }),
    },
    'GET /api/talks/:id': { ok: 200, object: async (loc) => ({ id: (await matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc])).id }), request: (o) => ({ url: `/api/talks/${o.id}` }) },
    'PATCH /api/talks/:id': {
      ok: 204, object: async (loc) => ({ id: (await matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc])).id }),
      request: (o) => ({ url: `/api/talks/${o.id}`, body: { place: '谈话室' } }),
    },
    'GET /api/talks/:id/subjects': { ok: 200, object: async (loc) => ({ id: (await matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc])).id }), request: (o) => ({ url: `/api/talks/${o.id}/subjects` }) },
    'GET /api/talks/:id/document': { ok: 200, object: async (loc) => ({ id: (await matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc])).id }), request: (o) => ({ url: `/api/talks/${o.id}/document` }) },
    'POST /api/talks/:id/attendees': {
      ok: 200, object: async (loc) => ({ id: (await matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc], 'collective')).id, orgKey: at(loc).key, name: `矩阵${loc}干部` }),
      request: async (o) => {
        const [body, headers] = multipart('file', 'attendees.xlsx', await workbook([['姓名', '单位', '身份证号后四位', '职务'], [o.name ?? '某人', o.orgKey ?? '某单位', '', '']]));
        return { url: `/api/talks/${o.id}/attendees`, body, headers };
      },
    },
    'POST /api/talks/:id/followups/:followupId/complete': {
      ok: 204, object: (loc) => matrixTalk(t.database.db, at(loc).id, W.official[loc as Loc]),
      request: (o) => ({ url: `/api/talks/${o.id}/followups/${o.followupId}/complete`, body: { completedOn: '2026-02-01' } }),
    },
    'GET /api/inquiries': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/inquiries?orgId=${o.id}&pageSize=200` }) },
    'GET /api/inquiries/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/inquiries/export?orgId=${o.id}` }) },
    'POST /api/inquiries': {
      ok: 201, object: (loc) => ({ orgId: at(loc).id, officialId: W.official[loc as Loc] }), outOfScope: 400,
      request: (o) => ({ url: '/api/inquiries', body: { orgId: o.orgId, officialId: o.officialId, matter: '矩阵函询', issuedOn: '2026-01-05' } }),
    },
    'GET /api/inquiries/:id': {
      ok: 200, object: async (loc) => ({ id: await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'issued', false) }),
      request: (o) => ({ url: `/api/inquiries/${o.id}` }),
    },
    'POST /api/inquiries/:id/reply': {
      ok: 204, object: async (loc) => ({ id: await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'issued', true) }),
      request: (o) => ({ url: `/api/inquiries/${o.id}/reply`, body: { text: '说明', repliedOn: '2026-01-20' } }),
    },
    'POST /api/inquiries/:id/sign': {
      ok: 204, object: async (loc) => ({ id: await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'replied', true) }),
      request: (o) => ({ url: `/api/inquiries/${o.id}/sign`, body: { signerName: '一把手', opinion: '经核对有关材料，回复内容属实完整', signedOn: '2026-01-21' } }),
    },
    'POST /api/inquiries/:id/assess': {
      ok: 204, object: async (loc) => ({ id: await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'replied', false) }),
      request: (o) => ({ url: `/api/inquiries/${o.id}/assess`, body: { result: 'accepted', reason: '说明清楚', assessedOn: '2026-01-22' } }),
    },
    'POST /api/inquiries/:id/attachments': {
      ok: 201, object: async (loc) => ({ id: await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'issued', false) }),
      request: (o) => {
        const [body, headers] = multipart('file', '说明.pdf', Buffer.from('%PDF-1.4\n说明\n%%EOF'));
        return { url: `/api/inquiries/${o.id}/attachments`, body, headers };
      },
    },
    'GET /api/inquiries/:id/attachments/:attId': {
      ok: 200,
      object: async (loc) => {
        const id = await matrixInquiry(t.database.db, at(loc).id, W.official[loc as Loc], 'issued', false);
        return { id, attId: await matrixAttachment(t.database.db, t.ctx.crypto, at(loc).id, id) };
      },
      request: (o) => ({ url: `/api/inquiries/${o.id}/attachments/${o.attId}` }),
    },
    // --- clues ---
    ...clueMatrixEntries({
      db: () => t.database.db, org: (loc) => W.org[loc as Loc].id, official: (loc) => W.official[loc as Loc],
      otherUser: (loc) => W.victim[loc as Loc], root: () => W.reachOrg.province,
    }),
    // --- petitions ---
    ...petitionMatrixEntries({
      db: () => t.database.db, crypto: () => t.ctx.crypto, org: (loc) => W.org[loc as Loc].id, orgKey: (loc) => W.org[loc as Loc].key,
      official: (loc) => W.official[loc as Loc], otherUser: (loc) => W.victim[loc as Loc],
    }),
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    table = t.ctx.permissionTable();
    const db = t.database.db;
    const sys = await t.login('admin.sys');
    const sec = await t.login('admin.sec');
    orgdept = await t.login('orgdept');
    const doc = (await sys.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    openapiRoutes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));

    // ---- the places
    const scopeOf = async (username: string) => (await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
      .select('user_scopes.org_id').where('users.username', '=', username).executeTakeFirstOrThrow()).org_id;
    const orgRow = (id: string) => db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const countyA = await orgRow(await scopeOf('county.supervisor'));
    const root = await db.selectFrom('orgs').selectAll().where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const countyB = await db.selectFrom('orgs').selectAll().where('parent_id', '=', countyA.parent_id).where('kind', '=', 'region')
      .where('id', '!=', countyA.id).orderBy('name').limit(1).executeTakeFirstOrThrow();
    const child = (parent: string, kind: string) => db.selectFrom('orgs').selectAll().where('parent_id', '=', parent).where('kind', '=', kind).orderBy('name').limit(1).executeTakeFirstOrThrow();
    const u = await orgRow(await scopeOf('unit.reporter'));
    const a = await orgRow((await db.selectFrom('users').select('org_id').where('username', '=', 'county.leader').executeTakeFirstOrThrow()).org_id);
    const places: Record<Loc, { id: string; name: string; code: string | null }> = {
      U: u, A: a, B: await child(countyB.id, 'commission'), UB: await child(countyB.id, 'department'), P: await child(root.id, 'department'),
    };
    for (const loc of LOCS) W.org[loc] = { id: places[loc].id, key: places[loc].code ?? places[loc].name };
    expect(a.path.startsWith(countyA.path) && !a.path.startsWith(u.path)).toBe(true);
    W.reachOrg = { province: root.id, countyA: countyA.id, U: u.id, countyB: countyB.id, UB: W.org.UB.id };

    // ---- an official with a post and a family member at each place (ID numbers sealed), and a warning
    for (const loc of LOCS) {
      const idNumber = makeIdNumber(9000 + LOCS.indexOf(loc));
      const spouseId = makeIdNumber(9100 + LOCS.indexOf(loc));
      leaks.idNumbers.add(idNumber).add(spouseId);
      const off = await orgdept.post('/api/officials', { orgId: W.org[loc].id, name: `矩阵${loc}干部`, gender: 'M', idNumber });
      expect(off.statusCode, off.body).toBe(201);
      W.official[loc] = off.json().id;
      const post = await orgdept.post(`/api/officials/${W.official[loc]}/posts`, { orgId: W.org[loc].id, title: '副职', startDate: '2020-01-01' });
      expect(post.statusCode, post.body).toBe(201);
      W.post[loc] = post.json().id;
      const fam = await orgdept.post(`/api/officials/${W.official[loc]}/family`, { relation: 'spouse', name: '配偶', idNumber: spouseId });
      W.family[loc] = fam.json().id;
      W.warning[loc] = await insertWarning(loc);
    }
    await leaks.loadIdNumbers(t);

    // ---- accounts: victims (objects of the account routes) and the principals
    // The victims are created through the API; the principals by direct insert with one shared hash
    // (a password hash costs ~100 ms); all get their role and scope from admin.sec through the API.
    const sharedHash = await hashPassword(PASSWORD);
    const createUser = async (username: string, orgId: string, role: Role, scopeOrg: string | null, viaApi = false) => {
      let id: string;
      if (viaApi) {
        const res = await sys.post('/api/users', { username, displayName: username, orgId, password: PASSWORD });
        expect(res.statusCode, res.body).toBe(201);
        id = res.json().id as string;
      } else {
        id = newId();
        const now = new Date().toISOString();
        await db.insertInto('users').values({
          id, username, display_name: username, org_id: orgId, password_hash: sharedHash, status: 'active', failed_logins: 0, locked_until: null,
          totp_secret_enc: null, totp_enabled: 0, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
        }).execute();
      }
      expect((await sec.put(`/api/users/${id}/roles`, { roles: [role] })).statusCode).toBe(204);
      if (scopeOrg) expect((await sec.put(`/api/users/${id}/scopes`, { orgIds: [scopeOrg] })).statusCode).toBe(204);
      return id;
    };
    for (const loc of LOCS) W.victim[loc] = await createUser(`m.victim.${loc.toLowerCase()}`, W.org[loc].id, 'inspector', null, true);
    // Fresh objects are made through an account of its own: the matrix changes the demo users'
    // passwords, and a password change ends that user's other sessions.
    await createUser('m.setup.orgdept', root.id, 'orgdept', root.id);
    orgdept = await t.login('m.setup.orgdept', PASSWORD);

    const DEMO: Partial<Record<`${Role}@${string}`, string>> = {
      'sys_admin@province': 'admin.sys', 'sec_admin@province': 'admin.sec', 'audit_admin@province': 'admin.audit', 'leader@province': 'leader',
      'supervisor@province': 'supervisor', 'petition@province': 'petition', 'casemgr@province': 'casemgr', 'orgdept@province': 'orgdept',
      'inspector@province': 'inspector', 'leader@A': 'county.leader', 'supervisor@A': 'county.supervisor', 'unit_reporter@A': 'unit.reporter',
    };
    for (const role of ROLES) {
      const trio: Principal[] = [];
      for (const [where, reach, home] of [
        ['province', 'province', 'P'], ['A', role === 'unit_reporter' ? 'U' : 'countyA', role === 'unit_reporter' ? 'U' : 'A'],
        ['B', role === 'unit_reporter' ? 'UB' : 'countyB', role === 'unit_reporter' ? 'UB' : 'B'],
      ] as const) {
        let username = DEMO[`${role}@${where}`];
        let password = DEMO_PASSWORD;
        if (!username) {
          username = `m.${role}.${where.toLowerCase()}`;
          password = PASSWORD;
          await createUser(username, W.org[home].id, role, W.reachOrg[reach]);
        }
        const client = await t.login(username, password);
        const userId = (await client.get('/api/auth/me')).json().user.id as string;
        trio.push({ name: `${role}@${where}(${username})`, username, password, userId, roles: [role], reach, client, peer: null });
      }
      // Each user's peer: the same role elsewhere, whose objects (jobs) must stay out of reach.
      trio[0].peer = trio[1];
      trio[1].peer = trio[2];
      trio[2].peer = trio[1];
      principals.push(...trio);
    }
    principals.push({ name: 'anonymous', username: null, password: '', userId: null, roles: [], reach: null, client: t.anonymous(), peer: null });
    leaks.addSession(sys.cookie, sys.csrf, 'admin.sys');
    leaks.addSession(sec.cookie, sec.csrf, 'admin.sec');
    leaks.addSession(orgdept.cookie, orgdept.csrf, 'orgdept');
    for (const p of principals) if (p.username) leaks.addSession(p.client.cookie, p.client.csrf, p.username);
  }, 600_000);
  afterAll(async () => t.stop());

  const idsAt = (loc: Loc) => [W.org[loc].id, W.official[loc], W.post[loc], W.family[loc], W.warning[loc], W.victim[loc]];

  function expected(entry: Entry, action: string | null, p: Principal, loc: string | null): number {
    if (entry.public) return entry.ok;
    if (!p.username) return 401;
    if (action && !p.roles.some((r) => table[action].includes(r))) {
      // Need to know (petitions, clues): to a role that may not know the records exist, the module answers 404.
      const knows = HIDDEN_BY.get(action);
      return knows && !p.roles.some((r) => table[knows].includes(r)) ? 404 : 403;
    }
    if (entry.wholeTreeOnly && p.reach !== 'province') return 403;
    if (loc !== null && !(entry.visible ?? ((q, l) => SEES[q.reach!].includes(l)))(p, loc)) return entry.outOfScope ?? 404;
    return entry.ok;
  }

  async function send(key: string, p: Principal, req: Req): Promise<LightMyRequestResponse> {
    const method = key.split(' ')[0];
    const client = req.as === 'none' ? t.anonymous() : (req.as ?? p.client);
    results.requests++;
    return client.request(method, req.url, req.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}), req.headers);
  }

  it('has one entry per route of the OpenAPI document, and none for a route that is gone', () => {
    const entries = Object.keys(ENTRIES).sort();
    const missing = openapiRoutes.filter((r) => !ENTRIES[r]);
    const stale = entries.filter((k) => !openapiRoutes.includes(k));
    expect(missing, 'routes without an entry in the authorization matrix').toEqual([]);
    expect(stale, 'entries for routes no longer in the OpenAPI document').toEqual([]);
    // A route hidden from the document cannot dodge the matrix either.
    const known = [...t.routeActions.keys()].filter((r) => r !== 'GET /api/openapi.json').sort();
    expect(known).toEqual([...openapiRoutes].sort());
    expect(principals.filter((p) => p.username).length).toBe(ROLES.length * 3);
  });

  // One test per module (the path's first segment after /api), so each has its own time budget and
  // a failure names its module; they run in order and share the results checked below.
  const moduleOf = (key: string) => key.split(' ')[1].split('/')[2];
  const MODULE_KEYS = [...new Set(Object.keys(ENTRIES).map(moduleOf))];

  it.each(MODULE_KEYS)('answers every /api/%s route × role × scope as the permission table and the scope rules say', async (module) => {
    const failuresBefore = results.failures.length;
    for (const [key, entry] of Object.entries(ENTRIES).filter(([k]) => moduleOf(k) === module)) {
      const action = t.routeActions.get(key) ?? null;
      for (const p of principals) {
        if (entry.onePerRole && p.reach && p.reach !== 'province') continue;
        let locs: (string | null)[] = entry.object ? (entry.locations ?? LOCS) : [null];
        // Without the action (or without a session) the answer is the same everywhere: one object the
        // principal could see and one they could not are enough.
        const barred = !entry.public && (!p.username || (action !== null && !p.roles.some((r) => table[action].includes(r))));
        if (barred && entry.object && p.reach) {
          const sees = (l: string) => (entry.visible ?? ((q, x) => SEES[q.reach!].includes(x)))(p, l);
          locs = [locs.find((l) => sees(l!)), locs.find((l) => !sees(l!))].filter((l) => l !== undefined);
        } else if (barred && entry.object) locs = locs.slice(0, 2);
        for (const loc of locs) {
          const want = expected(entry, action, p, loc);
          const visible = loc === null || !p.reach || (entry.visible ?? ((q, l) => SEES[q.reach!].includes(l)))(p, loc);
          const obj = loc !== null && entry.object ? await entry.object(loc, p) : {};
          const req = await entry.request(obj, p);
          const res = await send(key, p, req);
          const where = `${p.name} ${key}${loc ? ' @' + loc : ''}`;
          if (res.statusCode === 403 && p.username) results.denied++;
          if (res.statusCode !== want) results.failures.push(`${where}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          const problem = entry.check ? await entry.check(res, obj, p, visible) : null;
          if (problem) results.failures.push(`${where}: ${problem}`);

          // Field level: nothing secret in any body (the id-number route reveals one, to orgdept only).
          const text = await responseText(res);
          const mayReveal = key === 'GET /api/officials/:id/id-number' && p.roles.includes('orgdept') && res.statusCode === 200;
          for (const leak of leaks.scan(text, { mayRevealIdNumber: mayReveal, mayShowTotpSecret: key === 'POST /api/auth/totp/setup', username: p.username })) {
            results.leaks.push(`${where}: ${leak}`);
          }
          // Nothing about objects outside the caller's scope (the audit log is one chain; see below).
          if (p.reach && !key.startsWith('GET /api/audit') && !key.startsWith('POST /api/audit')) {
            for (const l of LOCS.filter((x) => !SEES[p.reach!].includes(x))) {
              for (const id of idsAt(l)) if (text.includes(id)) results.foreign.push(`${where}: shows ${id} (at ${l})`);
            }
          }
          // Outside scope must look exactly like nothing at all.
          if (!visible && want === (entry.outOfScope ?? 404) && res.statusCode === want) {
            const ghost = Object.fromEntries(Object.entries(obj).map(([k]) => [k, ghostId()]));
            const ghostRes = await send(key, p, await entry.request(ghost, p));
            if (ghostRes.statusCode !== res.statusCode || (await responseText(ghostRes)) !== text) {
              results.oracle.push(`${where}: out of scope ${res.statusCode} ${res.body.slice(0, 100)} ≠ nonexistent ${ghostRes.statusCode} ${ghostRes.body.slice(0, 100)}`);
            }
          }
          if (entry.after) await entry.after(p, res);
        }
      }
    }
    expect(results.failures.slice(failuresBefore)).toEqual([]);
  }, 300_000);

  it('made every request the matrix promises', () => {
    expect(results.requests).toBeGreaterThan(1500);
    expect(results.failures).toEqual([]);
  });

  it('never shows an unmasked ID number, a sealed value, a password hash, a TOTP secret or a session token', () => {
    expect(results.requests).toBeGreaterThan(1500);
    expect(leaks.idNumbers.size).toBeGreaterThan(1000);
    expect(results.leaks).toEqual([]);
  });

  it('never shows a record outside the caller’s scope, in any answer', () => {
    expect(results.foreign).toEqual([]);
  });

  it('answers for a record outside scope exactly as for one that does not exist', () => {
    expect(results.oracle).toEqual([]);
  });

  it('writes every refusal for want of a role to the audit log, with who and what', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'access.denied').execute();
    expect(results.denied).toBeGreaterThan(500);
    expect(rows.length).toBeGreaterThanOrEqual(results.denied);
    expect(rows.every((r) => r.actor_id && JSON.parse(r.detail).action && JSON.parse(r.detail).route)).toBe(true);
  });

  it('signing out ends that session only', async () => {
    const p = principals.find((x) => x.username === 'county.supervisor')!;
    const extra = await t.login(p.username!, p.password);
    expect((await extra.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await extra.get('/api/auth/me')).statusCode).toBe(401);
    expect((await p.client.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses a path that mixes an object in scope with a child record outside it', async () => {
    for (const p of principals.filter((x) => x.roles.includes('orgdept') && x.reach === 'countyA')) {
      const mine = W.official.A;
      const postB = W.post.B;
      const fam = await freshFamily('B');
      expect((await p.client.patch(`/api/officials/${mine}/posts/${postB}`, { rank: '越权' })).statusCode).toBe(404);
      expect((await p.client.del(`/api/officials/${mine}/family/${fam.familyId}`)).statusCode).toBe(404);
      expect(await t.database.db.selectFrom('family_members').select('id').where('id', '=', fam.familyId).executeTakeFirst()).toBeTruthy();
      const post = await t.database.db.selectFrom('posts').select('rank').where('id', '=', postB).executeTakeFirstOrThrow();
      expect(post.rank).not.toBe('越权');
    }
    // Even inside scope, a post or family member belongs to its own official only.
    const prov = principals.find((x) => x.username === 'orgdept')!;
    expect((await prov.client.patch(`/api/officials/${W.official.U}/posts/${W.post.A}`, { rank: '串号' })).statusCode).toBe(404);
    expect((await prov.client.del(`/api/officials/${W.official.U}/family/${W.family.A}`)).statusCode).toBe(404);
  });

  it('refuses a body that points at a record outside scope (400 naming the field)', async () => {
    const byRole = (role: Role, reach: Reach) => principals.find((x) => x.roles.includes(role) && x.reach === reach)!;
    const od = byRole('orgdept', 'countyA');
    const cases: [Client, string, string, unknown, string][] = [
      [od.client, 'PATCH', `/api/officials/${W.official.A}`, { orgId: W.org.B.id }, 'body.orgId'],
      [od.client, 'POST', `/api/officials/${W.official.A}/posts`, { orgId: W.org.P.id, title: '越权', startDate: '2020-01-01' }, 'body.orgId'],
      [byRole('sys_admin', 'countyA').client, 'PATCH', `/api/users/${W.victim.A}`, { orgId: W.org.B.id }, 'body.orgId'],
      [byRole('sec_admin', 'countyA').client, 'PUT', `/api/users/${W.victim.A}/scopes`, { orgIds: [W.org.A.id, W.reachOrg.province] }, 'body.orgIds'],
      [byRole('supervisor', 'countyA').client, 'POST', `/api/warnings/${await insertWarning('A')}/assign`, { assigneeId: W.victim.B }, 'body.assigneeId'],
      [byRole('supervisor', 'countyA').client, 'PATCH', `/api/talks/${(await matrixTalk(t.database.db, W.org.A.id, W.official.A)).id}`, { leadConductorId: W.official.B }, 'body.leadConductorId'],
      [byRole('supervisor', 'countyA').client, 'POST', '/api/talks', {
        typeId: 'supervision', mode: 'individual', status: 'held', orgId: W.org.A.id, talkDate: '2026-01-10', conductors: '矩阵', topic: '监督', subjectIds: [W.official.A], leadConductorId: W.official.B,
      }, 'body.leadConductorId'],
    ];
    for (const [client, method, url, body, field] of cases) {
      const res = await client.request(method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    const official = await t.database.db.selectFrom('officials').select('org_id').where('id', '=', W.official.A).executeTakeFirstOrThrow();
    expect(official.org_id).toBe(W.org.A.id);
    const victim = await t.database.db.selectFrom('users').select('org_id').where('id', '=', W.victim.A).executeTakeFirstOrThrow();
    expect(victim.org_id).toBe(W.org.A.id);
  });

  it('keeps the three administrators apart: none reaches business data, none changes their own roles', async () => {
    for (const p of principals.filter((x) => x.roles.some((r) => r.endsWith('_admin')))) {
      for (const url of [`/api/officials/${W.official[p.reach === 'countyB' ? 'B' : 'A']}`, '/api/warnings', '/api/dashboard/summary']) {
        expect((await p.client.get(url)).statusCode, `${p.name} ${url}`).toBe(403);
      }
      const self = await p.client.put(`/api/users/${p.userId}/roles`, { roles: ['orgdept'] });
      expect(self.statusCode, p.name).toBe(403);
    }
    const roles = await t.database.db.selectFrom('user_roles').select('role').where('user_id', '=', principals.find((x) => x.username === 'admin.sec')!.userId!).execute();
    expect(roles.map((r) => r.role)).toEqual(['sec_admin']);
  });

  // ---- Gaps these tests found, now fixed (each was first written with it.fails, stating the secure behaviour).

  it('FIXED: a county administrator cannot take over an account that sees more than the county', async () => {
    // A user filed under a county organization but with a province-wide scope (set by the provincial
    // security administrator). The county's system administrator resets their password and signs
    // in as them; the county's security administrator can give them any role. Both should be 404:
    // the target's reach is wider than the administrator's.
    const sys = principals.find((x) => x.username === 'admin.sys')!.client;
    const sec = principals.find((x) => x.username === 'admin.sec')!.client;
    const res = await sys.post('/api/users', { username: 'm.wide', displayName: '省级巡视组成员', orgId: W.org.A.id, password: PASSWORD });
    const wide = res.json().id;
    await sec.put(`/api/users/${wide}/roles`, { roles: ['inspector'] });
    await sec.put(`/api/users/${wide}/scopes`, { orgIds: [W.reachOrg.province] });
    const countySys = principals.find((x) => x.roles.includes('sys_admin') && x.reach === 'countyA')!.client;
    const countySec = principals.find((x) => x.roles.includes('sec_admin') && x.reach === 'countyA')!.client;
    const reset = await countySys.post(`/api/users/${wide}/password`, { password: 'Taken#Over-2026' });
    const grant = await countySec.put(`/api/users/${wide}/roles`, { roles: ['orgdept'] });
    expect({ reset: reset.statusCode, grant: grant.statusCode }).toEqual({ reset: 404, grant: 404 });
  });

  it('FIXED: a county supervisor cannot switch off a province-wide warning rule', async () => {
    const rule = t.ctx.warningRules()[0];
    const county = principals.find((x) => x.username === 'county.supervisor')!;
    const res = await county.client.put(`/api/warnings/rules/${rule.id}`, { enabled: false, thresholds: { ...rule.defaults } });
    // Restore before asserting, so the rest of the file is unaffected.
    await principals.find((x) => x.username === 'supervisor')!.client.put(`/api/warnings/rules/${rule.id}`, { enabled: true, thresholds: { ...rule.defaults } });
    expect(res.statusCode).toBe(403);
  });

  it('FIXED: a county audit administrator reads only the audit rows of their county', async () => {
    // The rows about an official of county B (created, read, changed by others) are not the county A auditor's business.
    const countyAuditor = principals.find((x) => x.roles.includes('audit_admin') && x.reach === 'countyA')!;
    const page = await countyAuditor.client.get(`/api/audit?targetId=${W.official.B}&limit=200`);
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toEqual([]);
  });
});
