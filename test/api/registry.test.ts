import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { multipart, workbook } from '../helpers/files.js';

describe.each(DIALECTS)('organizations and officials over HTTP on %s', (dialect) => {
  let t: TestApp;
  let orgdept: Client;
  let county: { id: string; path: string };
  let countyUnit: { id: string; name: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    orgdept = await t.login('orgdept');
    const cs = await t.database.db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
      .innerJoin('orgs', 'orgs.id', 'user_scopes.org_id').select(['orgs.id', 'orgs.path']).where('users.username', '=', 'county.supervisor').executeTakeFirstOrThrow();
    county = cs;
    countyUnit = await t.database.db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', county.id).where('kind', '=', 'department').orderBy('name').limit(1).executeTakeFirstOrThrow();
  });
  afterAll(async () => t.stop());

  it('the county supervisor sees only the county subtree', async () => {
    const c = await t.login('county.supervisor');
    const tree = (await c.get('/api/orgs/tree')).json();
    expect(tree.nodes).toHaveLength(1);
    expect(tree.nodes[0].id).toBe(county.id);
    const list = (await c.get('/api/officials?pageSize=200')).json();
    const inCounty = await t.database.db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('orgs.path', '>=', county.path).where('orgs.path', '<', county.path.slice(0, -1) + '0').executeTakeFirstOrThrow();
    expect(list.total).toBe(Number(inCounty.n));
    expect(list.total).toBeGreaterThan(10);
    const outside = await t.database.db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id').select('officials.id')
      .where('orgs.path', 'not like', county.path + '%').limit(1).executeTakeFirstOrThrow();
    expect((await c.get(`/api/officials/${outside.id}`)).statusCode).toBe(404);
    const provinceRoot = await t.database.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect((await c.get(`/api/orgs/${provinceRoot.id}`)).statusCode).toBe(404);
    expect((await c.get(`/api/orgs/tree?parentId=${provinceRoot.id}`)).statusCode).toBe(404);
  });

  it('shows a team with exactly one principal, and refuses a second one (409)', async () => {
    const team = (await orgdept.get(`/api/orgs/${countyUnit.id}/team`)).json();
    expect(team.members.filter((m: { isPrincipal: boolean }) => m.isPrincipal)).toHaveLength(1);
    const created = await orgdept.post('/api/officials', { orgId: countyUnit.id, name: '测试员', gender: 'F', idNumber: '11010519491231002X' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const second = await orgdept.post(`/api/officials/${id}/posts`, { orgId: countyUnit.id, title: '局长', isPrincipal: true, isKeyPost: true, startDate: '2025-01-01' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.field).toBe('body.isPrincipal');
    const deputy = await orgdept.post(`/api/officials/${id}/posts`, { orgId: countyUnit.id, title: '副局长', division: '分管预算', startDate: '2025-01-01' });
    expect(deputy.statusCode).toBe(201);
    const detail = (await orgdept.get(`/api/officials/${id}`)).json();
    expect(detail).toMatchObject({ name: '测试员', currentTitle: '副局长', idNumberMasked: '**************002X' });
    expect(JSON.stringify(detail)).not.toContain('11010519491231002X');
  });

  it('reveals an ID number only to the organization department, and audits it', async () => {
    const o = (await orgdept.get(`/api/officials?orgId=${countyUnit.id}&subtree=0`)).json().items[0];
    const reveal = await orgdept.get(`/api/officials/${o.id}/id-number`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().idNumber).toMatch(/^\d{17}[\dX]$/);
    const sup = await t.login('supervisor');
    expect((await sup.get(`/api/officials/${o.id}/id-number`)).statusCode).toBe(403);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'official.reveal-id-number').where('target_id', '=', o.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('orgdept');
  });

  it('registers and removes a family member (the sealed data is shredded)', async () => {
    const o = (await orgdept.get(`/api/officials?orgId=${countyUnit.id}&subtree=0`)).json().items[0];
    const add = await orgdept.post(`/api/officials/${o.id}/family`, { relation: 'spouse', name: '配偶甲', idNumber: '11010519491231002X', employer: '某公司' });
    expect(add.statusCode).toBe(201);
    const fid = add.json().id;
    expect(await t.database.db.selectFrom('record_keys').select('id').where('id', '=', fid).executeTakeFirst()).toBeTruthy();
    expect((await orgdept.del(`/api/officials/${o.id}/family/${fid}`)).statusCode).toBe(204);
    expect(await t.database.db.selectFrom('record_keys').select('id').where('id', '=', fid).executeTakeFirst()).toBeUndefined();
  });

  it('imports a good workbook, and reports every bad row of a bad one without writing any', async () => {
    const before = (await orgdept.get('/api/officials?pageSize=1')).json().total;
    const good = await workbook([
      ['姓名', '性别', '出生日期', '民族', '学历', '身份证号', '任职单位', '职务', '职级', '分管工作', '班子成员', '一把手', '关键岗位', '任职开始', '任职结束'],
      ['导入甲', '男', '1975-02-03', '汉族', '研究生', '11010519491231002X', countyUnit.name, '副局长', '副科级', '分管财务', '是', '否', '否', '2024-01-01', ''],
      ['导入甲', '男', '1975-02-03', '汉族', '研究生', '11010519491231002X', countyUnit.name, '科员', '', '', '否', '否', '否', '2010-01-01', '2023-12-31'],
      ['导入乙', '女', '', '', '', '', countyUnit.name, '副局长', '', '', '是', '否', '否', '2023-05-01', ''],
    ]);
    const ok = await orgdept.request('POST', '/api/officials/import', ...multipart('file', 'officials.xlsx', good));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ created: { officials: 2, posts: 3 } });
    expect((await orgdept.get('/api/officials?pageSize=1')).json().total).toBe(before + 2);

    const bad = await workbook([
      ['姓名', '性别', '出生日期', '民族', '学历', '身份证号', '任职单位', '职务', '职级', '分管工作', '班子成员', '一把手', '关键岗位', '任职开始', '任职结束'],
      ['好人', '男', '1975-02-03', '', '', '', countyUnit.name, '科员', '', '', '否', '否', '否', '2024-01-01', ''],
      ['', '男', '1975-02-03', '', '', '', countyUnit.name, '科员', '', '', '否', '否', '否', '2024-01-01', ''],
      ['坏日期', '男', '1975-13-03', '', '', '123', '不存在的单位', '科员', '', '', '否', '否', '否', '2024-01-01', ''],
      ['二把手', '男', '', '', '', '', countyUnit.name, '局长', '', '', '是', '是', '是', '2024-01-01', ''],
    ]);
    const res = await orgdept.request('POST', '/api/officials/import', ...multipart('file', 'bad.xlsx', bad));
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('import_failed');
    const rows = err.details.rows as { row: number; field: string }[];
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, field: '姓名' }),
      expect.objectContaining({ row: 4, field: '出生日期' }),
      expect.objectContaining({ row: 4, field: '身份证号' }),
      expect.objectContaining({ row: 4, field: '任职单位' }),
      expect.objectContaining({ row: 5, field: '一把手' }),
    ]));
    expect(rows.some((r) => r.row === 2)).toBe(false);
    expect((await orgdept.get('/api/officials?pageSize=1')).json().total).toBe(before + 2);
  });

  it('refuses a file that is not a workbook', async () => {
    const res = await orgdept.request('POST', '/api/officials/import', ...multipart('file', 'x.xlsx', Buffer.from('not a zip')));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('file');
  });

  it('exports the filtered list as a workbook that opens', async () => {
    const res = await orgdept.get(`/api/officials/export?orgId=${county.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const total = (await orgdept.get(`/api/officials?orgId=${county.id}&pageSize=1`)).json().total;
    expect(ws.rowCount).toBe(total + 1);
    expect(String(ws.getRow(1).getCell(1).value)).toContain('姓名');
  });

  it('downloads an import template with the expected columns', async () => {
    const res = await orgdept.get('/api/officials/import/template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['姓名', '任职单位', '一把手', '任职开始']));
  });

  it('creates and renames organizations under a parent in scope', async () => {
    const res = await orgdept.post('/api/orgs', { parentId: county.id, name: '测试功能区', level: 'county', kind: 'zone' });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org.path).toBe(`${county.path}${org.id}/`);
    const dup = await orgdept.post('/api/orgs', { parentId: county.id, name: '测试功能区', level: 'county', kind: 'zone' });
    expect(dup.statusCode).toBe(409);
    const renamed = await orgdept.patch(`/api/orgs/${org.id}`, { name: '测试新区' });
    expect(renamed.json().name).toBe('测试新区');
    const c = await t.login('county.supervisor');
    expect((await c.post('/api/orgs', { parentId: county.id, name: 'x', level: 'county', kind: 'zone' })).statusCode).toBe(403);
  });
});
