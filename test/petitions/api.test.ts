// Petitions over HTTP on both databases: intake, identity protection and its two-person reveal,
// repeats and matters, search, import, scope and retention by crypto-shredding.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepeats } from '../../src/modules/petitions/repeats.js';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { multipart, sheetRows, workbook } from '../helpers/files.js';

const REPORTER = { name: '欧阳举报人', idNumber: '11010519491231002X', contact: '13900001234' };

describe.each(DIALECTS)('petitions over HTTP on %s', (dialect) => {
  let t: TestApp;
  let petition: Client;
  let casemgr: Client;
  let unit: { id: string; name: string };
  let principal: { id: string; name: string };
  let member: { id: string; name: string };
  let provinceDept: { id: string };
  let named: { id: string; matterId: string };

  const body = (over: Record<string, unknown> = {}) => ({
    orgId: unit.id, channel: 'letter', receivedAt: '2026-10-08', anonymous: false, reporter: REPORTER,
    subjects: { officialIds: [principal.id], orgIds: [] },
    summary: '反映局长在道路工程招投标中收受贿赂',
    content: '反映该局局长在城南道路改造工程招投标过程中，收受施工单位老板好处费二十万元，并指定由其中标。',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    petition = await t.login('petition');
    casemgr = await t.login('casemgr');
    const db = t.database.db;
    const county = await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id').select('user_scopes.org_id')
      .where('users.username', '=', 'county.leader').executeTakeFirstOrThrow();
    unit = await db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', county.org_id).where('kind', '=', 'department').orderBy('name').limit(1).executeTakeFirstOrThrow();
    const posts = await db.selectFrom('posts').innerJoin('officials', 'officials.id', 'posts.official_id').select(['officials.id', 'officials.name', 'posts.is_principal'])
      .where('posts.org_id', '=', unit.id).where('posts.end_date', 'is', null).where('posts.is_team_member', '=', 1).orderBy('posts.is_principal', 'desc').execute();
    principal = posts.find((p) => p.is_principal === 1)!;
    member = posts.find((p) => p.is_principal !== 1)!;
    const root = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    provinceDept = await db.selectFrom('orgs').select('id').where('parent_id', '=', root.id).where('kind', '=', 'department').orderBy('name').limit(1).executeTakeFirstOrThrow();
  });
  afterAll(async () => t.stop());

  it('registers a named report, classifies it, and never shows the identity in lists, exports, searches or the audit log', async () => {
    const res = await petition.post('/api/petitions', body());
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ discipline: 'integrity', sector: 'construction' });
    expect(r.serial).toMatch(/^XF2026-[0-9A-HJKMNP-TV-Z]{12}$/);
    named = { id: r.id, matterId: r.matterId };

    const detail = await petition.get(`/api/petitions/${r.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      anonymous: false, reporter: { nameMasked: '***', idNumberMasked: '**************002X', contactMasked: '*********34' },
      subjects: [{ type: 'official', id: principal.id, role: 'principal' }], matter: { reportCount: 1 },
    });
    const list = await petition.get(`/api/petitions?orgId=${unit.id}&pageSize=200`);
    const exported = await petition.get(`/api/petitions/export?orgId=${unit.id}`);
    const rows = await sheetRows(exported.rawPayload);
    expect(rows.some((row) => row.includes(r.serial))).toBe(true);
    const found = await petition.get(`/api/petitions/search?q=${encodeURIComponent('工程')}`);
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(r.id);
    const audit = await t.database.db.selectFrom('audit_log').select(['detail', 'action']).execute();
    const stored = await t.database.db.selectFrom('petitions').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    for (const text of [detail.body, list.body, JSON.stringify(rows), found.body, JSON.stringify(audit), JSON.stringify(stored)]) {
      for (const secret of Object.values(REPORTER)) expect(text).not.toContain(secret);
    }
    expect(audit.some((a) => a.action === 'petition.read')).toBe(true);
    expect(audit.some((a) => a.action === 'petition.search')).toBe(true);
  });

  it('rejects bad input with the field named', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ anonymous: false, reporter: null }, 'body.reporter'],
      [{ subjects: { officialIds: [], orgIds: [] } }, 'body.subjects.officialIds'],
      [{ subjects: { officialIds: [], orgIds: ['0190a000-0000-7000-8000-000000000000'] } }, 'body.subjects.orgIds'],
      [{ receivedAt: '2999-01-01' }, 'body.receivedAt'],
      [{ orgId: '0190a000-0000-7000-8000-000000000000' }, 'body.orgId'],
    ];
    for (const [over, field] of cases) {
      const res = await petition.post('/api/petitions', body(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.field).toBe(field);
      for (const secret of Object.values(REPORTER)) expect(res.body).not.toContain(secret);
    }
    const wrongId = await petition.post('/api/petitions', body({ reporter: { ...REPORTER, idNumber: '123' } }));
    expect(wrongId.statusCode).toBe(400);
    expect(wrongId.body).not.toContain(REPORTER.name);
  });

  it('offers a similar report on the same subject as a repeat, and counts the matter', async () => {
    const again = await petition.post('/api/petitions', body({
      anonymous: true, reporter: null, channel: 'online', receivedAt: '2026-10-20',
      summary: '再次反映局长道路工程招投标收受好处费',
      content: '该局局长在城南道路改造工程招投标中收受施工单位老板好处费，指定其中标，请求查处。',
    }));
    expect(again.statusCode).toBe(201);
    const offered = again.json().repeats;
    expect(offered.map((c: { matterId: string }) => c.matterId)).toEqual([named.matterId]);
    expect(offered[0].similarity).toBeGreaterThanOrEqual(0.3);
    const first = (await petition.get(`/api/petitions/${named.id}`)).json();
    expect(offered[0]).toMatchObject({ petitionId: named.id, serial: first.serial, summary: first.summary, matterReportCount: 1 });
    // A report missing from the search index (a reindex under way) is compared by its own text.
    const db = t.database.db;
    const indexed = await db.selectFrom('search_docs').select(['id', 'doc_type', 'doc_id', 'org_id', 'search_text', 'updated_at']).where('doc_type', '=', 'petition').where('doc_id', '=', named.id).executeTakeFirstOrThrow();
    await db.deleteFrom('search_docs').where('id', '=', indexed.id).execute();
    const unindexed = await petition.post('/api/petitions/repeats/check', { subjects: { officialIds: [principal.id] }, content: '局长在城南道路改造工程招投标中收受施工单位老板好处费' });
    expect(unindexed.json().items.map((c: { petitionId: string }) => c.petitionId)).toContain(named.id);
    const { id: _dropped, ...restored } = indexed;
    await db.insertInto('search_docs').values(restored).execute();
    // Unrelated text on the same subject, and the same text on another subject: no repeat.
    const other = await petition.post('/api/petitions', body({ anonymous: true, reporter: null, summary: '反映局长生活作风问题', content: '该局长长期出入高档娱乐场所，赌博成性，家风不正。' }));
    expect(other.json().repeats).toEqual([]);
    expect(other.json().discipline).toBe('life');
    const elsewhere = await petition.post('/api/petitions', body({ anonymous: true, reporter: null, subjects: { officialIds: [member.id], orgIds: [] } }));
    expect(elsewhere.json().repeats).toEqual([]);

    const link = await petition.post(`/api/petitions/${again.json().id}/matter`, { matterId: named.matterId });
    expect(link.statusCode).toBe(204);
    const d = (await petition.get(`/api/petitions/${named.id}`)).json();
    expect(d.matter.reportCount).toBe(2);
    expect(d.matterReports).toHaveLength(2);
    expect((await petition.get(`/api/petitions?matterId=${named.matterId}`)).json().total).toBe(2);
    // Splitting it off again gives it a matter of its own.
    expect((await petition.post(`/api/petitions/${again.json().id}/matter`, { matterId: null })).statusCode).toBe(204);
    expect((await petition.get(`/api/petitions/${named.id}`)).json().matter.reportCount).toBe(1);
    const check = await petition.post('/api/petitions/repeats/check', { subjects: { officialIds: [principal.id] }, content: body().content as string });
    expect(check.json().items.length).toBeGreaterThanOrEqual(1);
    // The scope is the report's organization, not the subject's: a report taken at a province
    // department about this official is not offered to someone who sees only the official's unit.
    const upstairs = await petition.post('/api/petitions', body({ orgId: provinceDept.id, anonymous: true, reporter: null }));
    expect(upstairs.statusCode).toBe(201);
    const unitPath = (await t.database.db.selectFrom('orgs').select('path').where('id', '=', unit.id).executeTakeFirstOrThrow()).path;
    const input = { subjects: [{ subject_type: 'official', subject_id: principal.id }], text: `${body().summary}\n${body().content}` };
    const seenFromUnit = (await findRepeats(t.database.db, { paths: [unitPath] }, input)).map((c) => c.petitionId);
    expect(seenFromUnit).toContain(named.id);
    expect(seenFromUnit).not.toContain(upstairs.json().id);
    expect((await findRepeats(t.database.db, { paths: [unitPath], whole: true }, input)).map((c) => c.petitionId)).toContain(upstairs.json().id);
  });

  it('reveals the identity only after a second person approves, to the requester only, with every step audited', async () => {
    const leader = await t.login('leader');
    const ask = await petition.post(`/api/petitions/${named.id}/reveals`, { reason: '需核实举报人身份以便反馈办理结果' });
    expect(ask.statusCode, ask.body).toBe(201);
    const revealId = ask.json().id;
    const url = `/api/petitions/${named.id}/reveals/${revealId}`;
    expect((await petition.get(`${url}/identity`)).statusCode).toBe(409); // not approved yet
    expect((await petition.post(`${url}/decision`, { approve: true })).statusCode).toBe(409); // not by the requester
    expect((await leader.post(`${url}/decision`, { approve: true })).statusCode).toBe(403); // leaders read only
    const inbox = (await casemgr.get('/api/petitions/reveals')).json();
    expect(inbox.items.find((i: { id: string }) => i.id === revealId)).toMatchObject({ canDecide: true });
    expect(JSON.stringify(inbox)).not.toContain(REPORTER.name);
    expect((await casemgr.post(`${url}/decision`, { approve: true })).statusCode).toBe(204);
    expect((await casemgr.post(`${url}/decision`, { approve: false })).statusCode).toBe(409); // decided already
    expect((await casemgr.get(`${url}/identity`)).statusCode).toBe(404); // the approver may not look
    const seen = await petition.get(`${url}/identity`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ name: REPORTER.name, idNumber: REPORTER.idNumber, contact: REPORTER.contact });
    const actions = (await t.database.db.selectFrom('audit_log').select(['action', 'actor_name', 'detail']).where('target_id', '=', named.id).execute());
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['petition.identity-request', 'petition.identity-approve', 'petition.identity-view']));
    for (const a of actions) expect(a.detail).not.toContain(REPORTER.name);
    const anonymous = (await petition.get(`/api/petitions?orgId=${unit.id}&pageSize=200`)).json().items.find((i: { anonymous: boolean }) => i.anonymous);
    expect((await petition.post(`/api/petitions/${anonymous.id}/reveals`, { reason: '核实身份需要' })).statusCode).toBe(409);
  });

  it('hides reports from other roles and outside scope (404, as if nothing were there)', async () => {
    const supervisor = await t.login('supervisor');
    const ghost = await supervisor.get('/api/petitions/019a0000-0000-7000-8000-00000000dead');
    expect((await supervisor.get('/api/petitions')).statusCode).toBe(404);
    const other = await supervisor.get(`/api/petitions/${named.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(ghost.body);
    const province = await petition.post('/api/petitions', body({ orgId: provinceDept.id, subjects: { officialIds: [], orgIds: [provinceDept.id] }, anonymous: true, reporter: null }));
    expect(province.statusCode).toBe(201);
    const countyLeader = await t.login('county.leader');
    expect((await countyLeader.get(`/api/petitions/${named.id}`)).statusCode).toBe(200);
    expect((await countyLeader.get(`/api/petitions/${province.json().id}`)).statusCode).toBe(404);
    expect((await countyLeader.post('/api/petitions', body())).statusCode).toBe(403);
    const list = (await countyLeader.get('/api/petitions?pageSize=200')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(province.json().id);
    const search = (await countyLeader.get(`/api/petitions/search?q=${encodeURIComponent('工程')}`)).json();
    expect(search.items.every((i: { orgName: string }) => i.orgName)).toBe(true);
    expect(search.items.map((i: { id: string }) => i.id)).not.toContain(province.json().id);
  });

  it('imports all rows or none, reporting each bad row without echoing identities', async () => {
    const header = ['登记单位', '来源渠道', '收到日期', '是否匿名', '举报人姓名', '举报人身份证号', '举报人联系方式', '被反映人', '被反映单位', '标题摘要', '主要内容', '纪律类别', '所属领域'];
    const good = [unit.name, '来信', '2026-09-01', '否', '司马导入', '', '13800000000', '', unit.name, '反映单位违规发放补贴', '该单位违规向职工发放津贴补贴。', '', ''];
    const bad = await workbook([header, good,
      [unit.name, '飞鸽', '2026-13-01', '否', '', '99999', '', '', '', '', '', '', ''],
      ['不存在的单位', '来访', '2026-09-02', '是', '', '', '', '查无此人', '', '摘要', '内容', '', '']]);
    const before = Number((await t.database.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const res = await petition.request('POST', '/api/petitions/import', ...multipart('file', 'bad.xlsx', bad));
    expect(res.statusCode).toBe(400);
    const errs = res.json().error.details.rows as { row: number; field: string }[];
    expect(errs.filter((e) => e.row === 3).map((e) => e.field)).toEqual(expect.arrayContaining(['来源渠道', '收到日期', '举报人身份证号', '标题摘要']));
    expect(errs.filter((e) => e.row === 4).map((e) => e.field)).toEqual(expect.arrayContaining(['登记单位', '被反映人']));
    expect(errs.some((e) => e.row === 2)).toBe(false);
    expect(res.body).not.toContain('99999');
    const after = Number((await t.database.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
    const ok = await petition.request('POST', '/api/petitions/import', ...multipart('file', 'ok.xlsx', await workbook([header, good, good])));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().created).toEqual({ petitions: 2, matters: 2 });
    expect((await petition.get('/api/petitions/import/template')).statusCode).toBe(200);
  });

  it('answers the analysis with concentrations, the leaders view and the rules', async () => {
    const res = await casemgr.get(`/api/petitions/analysis?from=2026-01-01&to=2026-12-31&orgId=${unit.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.total).toBeGreaterThanOrEqual(5);
    expect(a.byOfficial[0]).toMatchObject({ key: principal.id, role: 'principal' });
    expect(a.leaders.principal).toBeGreaterThanOrEqual(3);
    expect(a.byDiscipline.find((d: { key: string }) => d.key === 'integrity').count).toBeGreaterThanOrEqual(2);
    expect(a.manyReports.officials.map((o: { key: string }) => o.key)).toContain(principal.id);
    expect(a.previousFrom).toBe('2025-01-01');
  });

  it('purges closed matters past retention by shredding their keys, and logs it', async () => {
    const target = (await petition.post('/api/petitions', body({ summary: '待清除的信访件', receivedAt: '2015-03-01' }))).json();
    const sealed = await t.database.db.selectFrom('petitions').select('reporter_name_enc').where('id', '=', target.id).executeTakeFirstOrThrow();
    const key = await t.database.db.selectFrom('record_keys').select('wrapped_key').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect((await petition.post(`/api/petitions/${target.id}/status`, { status: 'closed' })).statusCode).toBe(400); // needs a result
    expect((await petition.post(`/api/petitions/${target.id}/status`, { status: 'closed', result: '经核实，反映问题不属实，予以了结' })).statusCode).toBe(204);
    await t.database.db.updateTable('petition_matters').set({ closed_at: '2016-01-01T00:00:00.000Z' }).where('id', '=', target.matterId).execute();
    expect((await petition.put('/api/petitions/retention', { years: 0 })).statusCode).toBe(400);
    expect((await petition.put('/api/petitions/retention', { years: 5 })).statusCode).toBe(204);
    expect((await petition.get('/api/petitions/retention')).json()).toMatchObject({ years: 5, eligibleMatters: 1 });
    const purged = await petition.post('/api/petitions/retention/purge');
    expect(purged.json()).toEqual({ matters: 1, petitions: 1 });
    expect((await petition.get(`/api/petitions/${target.id}`)).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('record_keys').select('id').where('id', '=', target.id).executeTakeFirst()).toBeUndefined();
    const log = await t.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'petition.purge').execute();
    expect(log.some((l) => l.detail.includes(target.matterId))).toBe(true);
    if (dialect === 'sqlite') {
      // Nothing of the shredded record is left in the database file or its log.
      const file = t.database.url.slice('sqlite:'.length);
      const bytes = Buffer.concat([fs.readFileSync(file), fs.existsSync(file + '-wal') ? fs.readFileSync(file + '-wal') : Buffer.alloc(0)]);
      for (const needle of [sealed.reporter_name_enc!, key.wrapped_key, REPORTER.name, REPORTER.idNumber, '待清除的信访件']) {
        expect(bytes.includes(Buffer.from(needle)), needle.slice(0, 12)).toBe(false);
      }
    }
  });
});
