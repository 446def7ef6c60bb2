// The ledger over HTTP on both databases: the demo data, the cascade and scope, reports and review,
// roll-up on a known data set, deletion rules, import, export, 一单一书 and evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { docxText, multipart, sheetRows, workbook } from '../helpers/files.js';
import { IMPORT_COLUMNS } from '../../src/modules/ledger/import.js';

interface Org { id: string; name: string; path: string }

describe.each(DIALECTS)('supervision ledger on %s', (dialect) => {
  let t: TestApp;
  let province: Client;
  let county: Client;
  let reporter: Client;
  let leader: Client;
  let orgs: { commission: Org; countyA: Org; countyCommission: Org; unit: Org; otherUnit: Org; countyB: Org };
  type OrgQuery = ReturnType<typeof orgQuery>;
  const orgQuery = () => t.database.db.selectFrom('orgs').select(['id', 'name', 'path']);
  const org = async (where: (q: OrgQuery) => OrgQuery): Promise<Org> => where(orgQuery()).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    [province, county, reporter, leader] = await Promise.all([t.login('supervisor'), t.login('county.supervisor'), t.login('unit.reporter'), t.login('county.leader')]);
    const db = t.database.db;
    const scopeOf = async (u: string) => (await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id').select('user_scopes.org_id').where('username', '=', u).executeTakeFirstOrThrow()).org_id;
    const countyAId = await scopeOf('county.supervisor');
    const unitId = await scopeOf('unit.reporter');
    const a = await org((q) => q.where('id', '=', countyAId));
    orgs = {
      commission: await org((q) => q.where('kind', '=', 'commission').where('level', '=', 'province')),
      countyA: a,
      countyCommission: await org((q) => q.where('parent_id', '=', countyAId).where('kind', '=', 'commission')),
      unit: await org((q) => q.where('id', '=', unitId)),
      otherUnit: await org((q) => q.where('parent_id', '=', countyAId).where('kind', '=', 'department').where('id', '!=', unitId).orderBy('name').limit(1)),
      countyB: await org((q) => q.where('kind', '=', 'region').where('level', '=', 'county').where('id', '!=', countyAId).orderBy('name').limit(1)),
    };
  });
  afterAll(async () => t?.stop());

  it('seeds a document shaped like Jilin’s: 5 areas, 25 measures, 78 tasks, 101 hand-downs', async () => {
    const db = t.database.db;
    const doc = await db.selectFrom('ledger_documents').select('id').where('kind', '=', 'measures').orderBy('created_at').executeTakeFirstOrThrow();
    const count = async (kind: string, depth: number) => Number((await db.selectFrom('ledger_items').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_id', '=', doc.id).where('kind', '=', kind).where('depth', '=', depth).executeTakeFirstOrThrow()).n);
    expect(await count('area', 0)).toBe(5);
    expect(await count('measure', 1)).toBe(25);
    expect((await count('task', 1)) + (await count('task', 2))).toBe(78);
    const handed = await db.selectFrom('ledger_assignments').innerJoin('ledger_items', 'ledger_items.id', 'ledger_assignments.item_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('ledger_items.kind', '=', 'task').executeTakeFirstOrThrow();
    expect(Number(handed.n)).toBe(101);
    const states = await db.selectFrom('ledger_reports').select('state').distinct().execute();
    expect(states.map((s) => s.state).sort()).toEqual(['accepted', 'returned', 'submitted']);
    const tops = (await province.get('/api/ledger/items?pageSize=200')).json();
    expect(tops.items.filter((i: { documentId: string }) => i.documentId === doc.id).map((i: { kind: string }) => i.kind)).toEqual(Array(5).fill('area'));
    // Every status occurs among the province's leaves.
    const statuses = (await province.get('/api/ledger/rollup?view=document')).json().totals;
    for (const k of ['done', 'inProgress', 'notStarted', 'overdue', 'stalled']) expect(statuses[k], k).toBeGreaterThan(0);
  });

  it('raises the four ledger warnings on the demo data, each with its basis and a link to the item', async () => {
    const db = t.database.db;
    for (const rule of ['ledger.overdue', 'ledger.stalled', 'ledger.due-soon', 'ledger.returned-twice']) {
      const w = await db.selectFrom('warnings').select(['id', 'basis', 'subject_id']).where('rule_id', '=', rule).limit(1).executeTakeFirst();
      expect(w, rule).toBeDefined();
      expect(w!.basis, rule).toMatch(/第\d+条/);
      const link = await db.selectFrom('warning_links').select(['record_type', 'record_id']).where('warning_id', '=', w!.id).where('record_type', '=', 'ledger_item').executeTakeFirstOrThrow();
      expect(link.record_id).toBe(w!.subject_id);
      expect((await province.get(`/api/ledger/items/${link.record_id}`)).statusCode).toBe(200);
    }
    // An overdue warning names an item the list also computes as overdue.
    const overdue = await db.selectFrom('warnings').select('subject_id').where('rule_id', '=', 'ledger.overdue').limit(1).executeTakeFirstOrThrow();
    expect((await province.get(`/api/ledger/items/${overdue.subject_id}`)).json().status).toBe('overdue');
  });

  it('gives the unit reporter items to report on and the county supervisor a review queue', async () => {
    const mine = (await reporter.get('/api/ledger/items?pageSize=200')).json();
    expect(mine.total).toBeGreaterThan(0);
    const owners = await t.database.db.selectFrom('ledger_items').select(['id', 'org_id', 'lead_org_id']).where('id', 'in', mine.items.map((i: { id: string }) => i.id)).execute();
    expect(owners.every((i) => i.lead_org_id === orgs.unit.id || i.org_id === orgs.unit.id)).toBe(true);
    const queue = (await county.get('/api/ledger/reviews')).json();
    expect(queue.total).toBeGreaterThan(0);
    expect((await reporter.get('/api/ledger/reviews')).statusCode).toBe(403);
  });

  let doc: string;
  let task: string;
  let countyChild: string;
  let unitChild: string;
  let countySub: string;

  it('builds a ledger, hands a task down, and lets the lower body break it down again; each sees its part', async () => {
    const d = await province.post('/api/ledger/documents', { orgId: orgs.commission.id, title: '测试措施', kind: 'measures' });
    expect(d.statusCode).toBe(201);
    doc = d.json().id;
    const area = (await province.post('/api/ledger/items', { documentId: doc, kind: 'area', title: '领域一', leadOrgId: orgs.commission.id })).json().id;
    const m = await province.post('/api/ledger/items', { documentId: doc, parentId: area, kind: 'measure', title: '措施一', leadOrgId: orgs.commission.id });
    const measure = m.json().id;
    const tk = await province.post('/api/ledger/items', {
      documentId: doc, parentId: measure, kind: 'task', title: '任务一', leadOrgId: orgs.commission.id, deadline: '2099-12-31', cycle: 'monthly',
      cooperatingOrgIds: [orgs.countyCommission.id], outcome: '全覆盖', measureBy: '覆盖率', evidence: '台账',
    });
    expect(tk.statusCode).toBe(201);
    task = tk.json().id;
    const detail = (await province.get(`/api/ledger/items/${task}`)).json();
    expect(detail.code).toBe('1.1.1');
    expect(detail.cooperatingOrgs.map((o: Org) => o.id)).toEqual([orgs.countyCommission.id]);

    const bad = await province.post('/api/ledger/items', { documentId: doc, parentId: measure, kind: 'task', title: 'x', leadOrgId: orgs.commission.id, deadline: '2026-13-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toContain('deadline');
    const dup = await province.post('/api/ledger/items', { documentId: doc, parentId: measure, kind: 'task', code: '1.1.1', title: 'x', leadOrgId: orgs.commission.id });
    expect(dup.statusCode).toBe(409);

    const assign = await province.post(`/api/ledger/items/${task}/assign`, { orgIds: [orgs.countyCommission.id, orgs.countyB.id], note: '请细化落实' });
    expect(assign.statusCode).toBe(201);
    countyChild = assign.json().assignments.find((a: { orgId: string }) => a.orgId === orgs.countyCommission.id).childItemId;
    expect((await province.post(`/api/ledger/items/${task}/assign`, { orgIds: [orgs.countyCommission.id] })).statusCode).toBe(409);

    // The county sees its share, not the province's task.
    expect((await county.get(`/api/ledger/items/${task}`)).statusCode).toBe(404);
    const child = (await county.get(`/api/ledger/items/${countyChild}`)).json();
    expect(child).toMatchObject({ title: '任务一', orgName: orgs.countyCommission.name, leadOrgId: orgs.countyCommission.id, code: '1.1.1.1', canEdit: true });
    expect(child.handedDownFrom).toMatchObject({ code: '1.1.1', title: '任务一' });
    // The county breaks it down and hands a part to the unit.
    const sub = await county.post('/api/ledger/items', { documentId: doc, parentId: countyChild, kind: 'sub', title: '县级子措施', leadOrgId: orgs.otherUnit.id });
    expect(sub.statusCode).toBe(201);
    countySub = sub.json().id;
    const toUnit = await county.post(`/api/ledger/items/${countyChild}/assign`, { orgIds: [orgs.unit.id] });
    expect(toUnit.statusCode).toBe(201);
    unitChild = toUnit.json().assignments[0].childItemId;
    // The county cannot add under the province's task, nor hand to an org outside its scope.
    expect((await county.post('/api/ledger/items', { documentId: doc, parentId: task, kind: 'sub', title: 'x', leadOrgId: orgs.unit.id })).statusCode).toBe(400);
    const outside = await county.post(`/api/ledger/items/${countyChild}/assign`, { orgIds: [orgs.countyB.id] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('body.orgIds');

    // The province sees the whole cascade below its task.
    const cascade = (await province.get(`/api/ledger/items?under=${task}&pageSize=200`)).json();
    expect(cascade.items.map((i: { id: string }) => i.id).sort()).toEqual([countyChild, assign.json().assignments[1].childItemId, countySub, unitChild].sort());
    const top = (await province.get(`/api/ledger/items?documentId=${doc}`)).json();
    expect(top.items[0]).toMatchObject({ id: area, leaves: 3, leavesDone: 0 });
    // The unit sees only its own item.
    const unitView = (await reporter.get(`/api/ledger/items?documentId=${doc}`)).json();
    expect(unitView.items.map((i: { id: string }) => i.id)).toEqual([unitChild]);
    expect((await reporter.get(`/api/ledger/items/${countyChild}`)).statusCode).toBe(404);
  });

  it('takes reports only from the lead unit, keeps returned versions, and marks the item done on acceptance', async () => {
    expect((await reporter.post(`/api/ledger/items/${countySub}/reports`, { text: '进展', progress: 10 })).statusCode).toBe(404);
    const first = await reporter.post(`/api/ledger/items/${unitChild}/reports`, { text: '已部署', progress: 40 });
    expect(first.statusCode).toBe(201);
    expect((await reporter.post(`/api/ledger/items/${unitChild}/reports`, { text: '再报', progress: 50 })).statusCode).toBe(409);
    const noReason = await county.post(`/api/ledger/reports/${first.json().id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.reason');
    expect((await reporter.post(`/api/ledger/reports/${first.json().id}/review`, { decision: 'accept' })).statusCode).toBe(403);
    // The county handed the item down, so the county reviews it.
    expect((await county.post(`/api/ledger/reports/${first.json().id}/review`, { decision: 'return', reason: '缺少佐证' })).statusCode).toBe(204);
    expect((await county.post(`/api/ledger/reports/${first.json().id}/review`, { decision: 'accept' })).statusCode).toBe(409);
    const bad = await reporter.post(`/api/ledger/items/${unitChild}/reports`, { text: '完成', progress: 80, completes: true });
    expect(bad.statusCode).toBe(400);
    const second = await reporter.post(`/api/ledger/items/${unitChild}/reports`, { text: '已完成并附材料', progress: 100, completes: true });
    expect(second.statusCode).toBe(201);
    // Evidence: type checked by content, hash kept, downloadable.
    const fake = multipart('file', '证明.pdf', Buffer.from('not a pdf'));
    expect((await reporter.request('POST', `/api/ledger/reports/${second.json().id}/attachments`, ...fake)).statusCode).toBe(400);
    const txt = multipart('file', '说明.txt', Buffer.from('会议纪要：已完成。'));
    const up = await reporter.request('POST', `/api/ledger/reports/${second.json().id}/attachments`, ...txt);
    expect(up.statusCode).toBe(201);
    const down = await county.get(`/api/ledger/reports/${second.json().id}/attachments/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe('会议纪要：已完成。');
    expect((await leader.post(`/api/ledger/reports/${second.json().id}/review`, { decision: 'accept' })).statusCode).toBe(204);
    const detail = (await reporter.get(`/api/ledger/items/${unitChild}`)).json();
    expect(detail.status).toBe('done');
    expect(detail.canReport).toBe(false);
    expect(detail.reports.map((r: { version: number; state: string }) => [r.version, r.state])).toEqual([[2, 'accepted'], [1, 'returned']]);
    expect(detail.reports[1]).toMatchObject({ text: '已部署', reviewNote: '缺少佐证' });
    expect(detail.reports[0].attachments[0]).toMatchObject({ filename: '说明.txt', size: Buffer.byteLength('会议纪要：已完成。') });
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'reported', 'returned', 'reported', 'accepted']);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'ledger.%').execute();
    for (const a of ['ledger.document.create', 'ledger.item.create', 'ledger.item.assign', 'ledger.report.submit', 'ledger.report.return', 'ledger.report.accept', 'ledger.report.attach', 'ledger.report.download']) {
      expect(audit.map((r) => r.action), a).toContain(a);
    }
  });

  it('refuses to delete an item with reports under it (409), but deletes an unreported one', async () => {
    expect((await province.del(`/api/ledger/items/${task}`)).statusCode).toBe(409);
    expect((await province.del(`/api/ledger/documents/${doc}`)).statusCode).toBe(409);
    expect((await county.del(`/api/ledger/items/${countySub}`)).statusCode).toBe(204);
    expect((await province.get(`/api/ledger/items/${countySub}`)).statusCode).toBe(404);
    expect((await province.patch(`/api/ledger/items/${task}`, { state: 'withdrawn' })).statusCode).toBe(204);
    expect((await province.get(`/api/ledger/items/${task}`)).json().status).toBe('withdrawn');
    expect((await province.patch(`/api/ledger/items/${task}`, { state: 'open' })).statusCode).toBe(204);
  });

  it('rolls up a known data set by document, area, measure, org and level', async () => {
    const d = (await province.post('/api/ledger/documents', { orgId: orgs.commission.id, title: '统计口径测试' })).json().id;
    const add = async (parentId: string | null, kind: string, leadOrgId: string, extra: object = {}) =>
      (await province.post('/api/ledger/items', { documentId: d, parentId, kind, title: kind, leadOrgId, ...extra })).json().id as string;
    const a1 = await add(null, 'area', orgs.commission.id);
    const a2 = await add(null, 'area', orgs.commission.id);
    const m1 = await add(a1, 'measure', orgs.commission.id);
    const m2 = await add(a2, 'measure', orgs.commission.id);
    const done = await add(m1, 'task', orgs.countyCommission.id);
    const overdue = await add(m1, 'task', orgs.countyCommission.id, { deadline: '2020-01-01' });
    await add(m1, 'task', orgs.unit.id); // not started
    const progress = await add(m2, 'task', orgs.unit.id);
    const withdrawn = await add(m2, 'task', orgs.unit.id);
    const r1 = (await county.post(`/api/ledger/items/${done}/reports`, { text: '完成', progress: 100, completes: true })).json().id;
    expect((await province.post(`/api/ledger/reports/${r1}/review`, { decision: 'accept' })).statusCode).toBe(204);
    expect((await reporter.post(`/api/ledger/items/${progress}/reports`, { text: '推进', progress: 30 })).statusCode).toBe(201);
    expect((await province.patch(`/api/ledger/items/${withdrawn}`, { state: 'withdrawn' })).statusCode).toBe(204);

    const view = async (v: string) => (await province.get(`/api/ledger/rollup?view=${v}&documentId=${d}`)).json();
    const doc1 = await view('document');
    expect(doc1.groups).toHaveLength(1);
    expect(doc1.totals).toMatchObject({ total: 4, done: 1, inProgress: 1, notStarted: 1, overdue: 1, stalled: 0, completion: 25 });
    expect(doc1.basis).toContain('末级事项');
    const areas = await view('area');
    expect(areas.groups.map((g: { key: string; total: number; done: number }) => [g.key, g.total, g.done]).sort()).toEqual([[a1, 3, 1], [a2, 1, 0]].sort());
    const measures = await view('measure');
    expect(measures.groups.find((g: { key: string }) => g.key === m1)).toMatchObject({ total: 3, done: 1, overdue: 1, notStarted: 1, completion: 33.3 });
    const byOrg = await view('org');
    expect(byOrg.groups.find((g: { key: string }) => g.key === orgs.unit.id)).toMatchObject({ total: 2, inProgress: 1, notStarted: 1 });
    expect(byOrg.groups.find((g: { key: string }) => g.key === orgs.countyCommission.id)).toMatchObject({ total: 2, done: 1, overdue: 1 });
    // A page at a time, in the order asked for; the totals are always of every group.
    expect(byOrg).toMatchObject({ totalGroups: 2, page: 1, pageSize: 50 });
    const worst = (await province.get(`/api/ledger/rollup?view=org&documentId=${d}&sort=completion&order=asc&pageSize=1`)).json();
    expect(worst.groups.map((g: { key: string }) => g.key)).toEqual([orgs.unit.id]);
    expect(worst).toMatchObject({ totalGroups: 2, totals: { total: 4, done: 1 } });
    expect(worst.groups[0].label).toBe(orgs.unit.name);
    const next = (await province.get(`/api/ledger/rollup?view=org&documentId=${d}&sort=completion&order=asc&pageSize=1&page=2`)).json();
    expect(next.groups.map((g: { key: string }) => g.key)).toEqual([orgs.countyCommission.id]);
    const best = (await province.get(`/api/ledger/rollup?view=org&documentId=${d}&sort=completion&order=desc&pageSize=1`)).json();
    expect(best.groups.map((g: { key: string }) => g.key)).toEqual([orgs.countyCommission.id]);
    const labels = byOrg.groups.map((g: { label: string }) => g.label);
    const desc = (await province.get(`/api/ledger/rollup?view=org&documentId=${d}&sort=label&order=desc`)).json();
    expect(desc.groups.map((g: { label: string }) => g.label)).toEqual([...labels].reverse());
    const tooBig = await province.get(`/api/ledger/rollup?view=org&documentId=${d}&pageSize=501`);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.field).toBe('querystring.pageSize');
    expect((await province.get(`/api/ledger/rollup?view=org&documentId=${d}&sort=name`)).statusCode).toBe(400);
    const level = await view('level');
    expect(level.groups).toEqual([expect.objectContaining({ key: 'county', total: 4 })]);
    const region = await view('region');
    expect(region.groups).toEqual([expect.objectContaining({ key: orgs.countyA.path.split('/')[2], total: 4, done: 1 })]);
    const inCounty = (await province.get(`/api/ledger/rollup?view=region&documentId=${d}&orgId=${orgs.countyA.id}`)).json();
    expect(inCounty.groups.map((g: { key: string; total: number }) => [g.key, g.total]).sort()).toEqual([[orgs.countyCommission.id, 2], [orgs.unit.id, 2]].sort());
    // A document whose leaves sit above the grouping level: one anonymous group, on both databases.
    const flatDoc = (await province.post('/api/ledger/documents', { orgId: orgs.commission.id, title: '只有领域' })).json().id;
    await province.post('/api/ledger/items', { documentId: flatDoc, kind: 'area', title: '领域', leadOrgId: orgs.commission.id });
    const flatView = await province.get(`/api/ledger/rollup?view=measure&documentId=${flatDoc}`);
    expect(flatView.statusCode).toBe(200);
    expect(flatView.json().groups).toEqual([expect.objectContaining({ key: null, total: 1, notStarted: 1 })]);
    // The list filtered by computed status agrees with the roll-up.
    const overdueList = (await province.get(`/api/ledger/items?documentId=${d}&status=overdue`)).json();
    expect(overdueList.items.map((i: { id: string }) => i.id)).toEqual([overdue]);
    // The roll-up exported as .xlsx, opened and read back.
    const xlsx = await province.get(`/api/ledger/rollup/export?view=measure&documentId=${d}`);
    const rows = await sheetRows(xlsx.rawPayload);
    expect(rows[0][0]).toContain('分组');
    // Every group, not a page (the export takes no page size).
    expect(rows.length).toBe(1 + measures.totalGroups + 1);
    expect((await province.get(`/api/ledger/rollup/export?view=measure&documentId=${d}&pageSize=1`)).statusCode).toBe(400);
    expect(rows.at(-1)).toEqual(['合计', '4', '1', '1', '1', '1', '0', '25']);
  });

  it('exports the filtered ledger as .xlsx that reads back the same rows', async () => {
    const list = (await province.get(`/api/ledger/items?under=${task}&pageSize=200`)).json();
    const res = await province.get(`/api/ledger/items/export?under=${task}`);
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0].slice(0, 3)).toEqual(['编号 Code', '层级 Kind', '标题 Title']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.items.map((i: { code: string }) => i.code));
    expect(rows.find((r) => r[3] === orgs.unit.name)?.[7]).toBe('已完成');
  });

  it('imports a document from the template: every bad row reported and nothing written, then the good sheet', async () => {
    const tpl = await province.get('/api/ledger/import/template');
    expect((await sheetRows(tpl.rawPayload))[0]).toEqual([...IMPORT_COLUMNS]);
    const before = await t.database.db.selectFrom('ledger_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = [
      [...IMPORT_COLUMNS],
      ['1', '领域', '导入领域', '', orgs.commission.name, '', '', '', '', '', '', ''],
      ['1.1', '措施', '导入措施', '', orgs.commission.name, '', '', '2026-02-30', '', '', '', ''],
      ['1.1.1', '任务', '', '', '不存在的单位', '', '', '', '每周', '', '', ''],
      ['2.1', '层次', '孤儿', '', orgs.countyB.name, '', '', '', '', '', '', ''],
      ['1', '领域', '重复', '', orgs.commission.name, '', '', '', '', '', '', ''],
    ];
    const [body, headers] = multipart('file', 'measures.xlsx', await workbook(rows));
    const res = await province.request('POST', `/api/ledger/import?orgId=${orgs.commission.id}&title=${encodeURIComponent('导入测试')}`, body, headers);
    expect(res.statusCode).toBe(400);
    const errors = res.json().error.details.rows as { row: number; field: string }[];
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, field: '完成时限' }),
      expect.objectContaining({ row: 4, field: '标题' }),
      expect.objectContaining({ row: 4, field: '牵头单位' }),
      expect.objectContaining({ row: 4, field: '报告周期' }),
      expect.objectContaining({ row: 5, field: '编号' }),
      expect.objectContaining({ row: 5, field: '层级' }),
      expect.objectContaining({ row: 6, field: '编号' }),
    ]));
    const after = await t.database.db.selectFrom('ledger_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const good = [
      [...IMPORT_COLUMNS],
      ['1', '领域', '导入领域', '', orgs.commission.name, '', '', '', '', '', '', ''],
      ['1.10', '措施', '第十项措施', '', orgs.commission.name, '', '', '', '', '', '', ''],
      ['1.9', '措施', '第九项措施', '', orgs.commission.name, `${orgs.countyCommission.name}、${orgs.unit.name}`, '张三', '2099-06-30', '按季', '全覆盖', '覆盖率', '台账'],
      ['1.9.1', '任务', '导入任务', '', orgs.unit.name, '', '', '', '按月', '', '', ''],
    ];
    const [body2, headers2] = multipart('file', 'measures.xlsx', await workbook(good));
    const ok = await province.request('POST', `/api/ledger/import?orgId=${orgs.commission.id}&title=${encodeURIComponent('导入测试')}`, body2, headers2);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().created.items).toBe(4);
    const docId = ok.json().documentId;
    const area = (await province.get(`/api/ledger/items?documentId=${docId}`)).json().items[0];
    const children = (await province.get(`/api/ledger/items?parentId=${area.id}`)).json().items;
    expect(children.map((c: { code: string }) => c.code)).toEqual(['1.9', '1.10']);
    const nine = (await province.get(`/api/ledger/items/${children[0].id}`)).json();
    expect(nine).toMatchObject({ ownerName: '张三', cycle: 'quarterly', deadline: '2099-06-30', outcome: '全覆盖', childCount: 1 });
    expect(nine.cooperatingOrgs).toHaveLength(2);
    // A unit led item imported at the province is visible to the unit.
    const unitSees = (await reporter.get(`/api/ledger/items?documentId=${docId}`)).json();
    expect(unitSees.items.map((i: { title: string }) => i.title)).toEqual(['导入任务']);
  });

  it('issues 一单一书 as a formal Word document, signed for by the unit and tracked', async () => {
    const c = await county.post('/api/ledger/charters', { orgId: orgs.unit.id, kind: 'duty_list', year: 2026, docNumber: '临纪发〔2026〕9号' });
    expect(c.statusCode).toBe(201);
    const id = c.json().id;
    const detail = (await reporter.get(`/api/ledger/charters/${id}`)).json();
    expect(detail.state).toBe('issued');
    expect(detail.duties.length).toBeGreaterThan(0);
    expect(detail.duties.every((d: { leadOrgId: string }) => d.leadOrgId === orgs.unit.id)).toBe(true);
    const docx = await reporter.get(`/api/ledger/charters/${id}/docx`);
    expect(docx.statusCode).toBe(200);
    const { paragraphs, xml } = await docxText(docx.rawPayload);
    expect(paragraphs[0]).toBe(orgs.countyCommission.name);
    expect(paragraphs).toContain('临纪发〔2026〕9号');
    expect(paragraphs).toContain(detail.title);
    expect(xml).toContain(detail.duties[0].title);
    expect(xml).toContain('w:color w:val="FF0000"');
    expect((await reporter.post(`/api/ledger/charters/${id}/sign`, { signedName: '王局长' })).statusCode).toBe(204);
    expect((await reporter.post(`/api/ledger/charters/${id}/sign`, { signedName: '王局长' })).statusCode).toBe(409);
    const list = (await county.get(`/api/ledger/charters?orgId=${orgs.unit.id}&state=signed`)).json();
    expect(list.items.find((x: { id: string }) => x.id === id)).toMatchObject({ signedName: '王局长', items: detail.items });
    const signedDoc = await docxText((await reporter.get(`/api/ledger/charters/${id}/docx`)).rawPayload);
    expect(signedDoc.paragraphs.some((p) => p.includes('签收人：王局长'))).toBe(true);
    // The county cannot issue to an organization outside its scope.
    const out = await county.post('/api/ledger/charters', { orgId: orgs.countyB.id, kind: 'task_book', year: 2026 });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.field).toBe('body.orgId');
  });
});
