import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { docxText, multipart, sheetRows, workbook } from '../helpers/files.js';
import { today, addDays } from '../../src/core/time.js';
import { talksModule } from '../../src/modules/talks/index.js';

describe.each(DIALECTS)('talks over HTTP on %s', (dialect) => {
  let t: TestApp;
  let sup: Client;
  let county: Client;
  let countyRoot: { id: string; path: string };
  let countyCommission: string;
  let provinceDept: string;
  let countyOfficials: { id: string; name: string; org_id: string; org_name: string; org_code: string | null }[];
  let outsider: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    sup = await t.login('supervisor');
    county = await t.login('county.supervisor');
    const db = t.database.db;
    countyRoot = await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id').innerJoin('orgs', 'orgs.id', 'user_scopes.org_id')
      .select(['orgs.id', 'orgs.path']).where('users.username', '=', 'county.supervisor').executeTakeFirstOrThrow();
    countyCommission = (await db.selectFrom('users').select('org_id').where('username', '=', 'county.supervisor').executeTakeFirstOrThrow()).org_id;
    const root = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    provinceDept = (await db.selectFrom('orgs').select('id').where('parent_id', '=', root.id).where('kind', '=', 'department').orderBy('name').limit(1).executeTakeFirstOrThrow()).id;
    const hi = countyRoot.path.slice(0, -1) + '0';
    countyOfficials = await db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id')
      .select(['officials.id', 'officials.name', 'officials.org_id', 'orgs.name as org_name', 'orgs.code as org_code'])
      .where('orgs.path', '>=', countyRoot.path).where('orgs.path', '<', hi).where('orgs.kind', '=', 'department')
      .orderBy('officials.id').limit(30).execute();
    outsider = (await db.selectFrom('officials').select('id').where('org_id', '=', provinceDept).limit(1).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.stop());

  it('lists the eight standard talk types and lets only a whole-tree supervisor edit them', async () => {
    const types = (await county.get('/api/talks/types')).json().items;
    expect(types.map((x: { id: string }) => x.id)).toEqual(['heart', 'appointment', 'integrity', 'supervision', 'reminder', 'interview', 'admonition', 'collective']);
    expect(types[1]).toMatchObject({ name: '任前/任职谈话', trigger: expect.stringContaining('一把手') });
    expect((await county.patch('/api/talks/types/heart', { cadenceMonths: 6 })).statusCode).toBe(403);
    expect((await (await t.login('leader')).patch('/api/talks/types/heart', { cadenceMonths: 6 })).statusCode).toBe(403);
    expect((await sup.patch('/api/talks/types/heart', { cadenceMonths: 6, safeguards: '每半年一次' })).statusCode).toBe(204);
    expect((await sup.patch('/api/talks/types/nosuch', { cadenceMonths: 6 })).statusCode).toBe(404);
    const bad = await sup.patch('/api/talks/types/heart', { cadenceMonths: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toContain('cadenceMonths');
    expect((await sup.get('/api/talks/types')).json().items[0]).toMatchObject({ cadenceMonths: 6, safeguards: '每半年一次' });
  });

  it('records a one-to-one talk with problems, requirements and follow-ups; refuses bad input with the field named', async () => {
    const subject = countyOfficials[0];
    const base = {
      typeId: 'reminder', mode: 'individual', status: 'held', orgId: countyCommission, talkDate: addDays(today(), -3), place: '县纪委谈话室',
      conductors: '县纪委书记', topic: '提醒谈话：公务用车', subjectIds: [subject.id],
      problems: [{ nature: 'sign', category: 'integrity', description: '公车私用苗头' }],
      requirements: '立即整改，书面说明', followups: [{ content: '提交书面说明', deadline: addDays(today(), 10) }],
    };
    const future = await county.post('/api/talks', { ...base, talkDate: addDays(today(), 2) });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe('body.talkDate');
    const planned = await county.post('/api/talks', { ...base, status: 'planned', talkDate: addDays(today(), 2) });
    expect(planned.statusCode).toBe(201);
    const out = await county.post('/api/talks', { ...base, subjectIds: [outsider] });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.field).toBe('body.subjectIds.0');
    const two = await county.post('/api/talks', { ...base, subjectIds: [subject.id, countyOfficials[1].id] });
    expect(two.json().error.field).toBe('body.subjectIds');
    const badNature = await county.post('/api/talks', { ...base, problems: [{ nature: 'serious', category: 'integrity', description: 'x' }] });
    expect(badNature.statusCode).toBe(400);
    expect(badNature.json().error.field).toContain('problems');
    const orgOut = await county.post('/api/talks', { ...base, orgId: provinceDept });
    expect(orgOut.json().error.field).toBe('body.orgId');

    const ok = await county.post('/api/talks', base);
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id;
    const detail = (await county.get(`/api/talks/${id}`)).json();
    expect(detail).toMatchObject({ typeName: '提醒谈话', subjectCount: 1, firstSubjects: subject.name, requirements: '立即整改，书面说明' });
    expect(detail.problems[0]).toMatchObject({ nature: 'sign', category: 'integrity' });
    expect(detail.followups[0]).toMatchObject({ content: '提交书面说明', completedOn: null, overdue: false });
    const done = await county.post(`/api/talks/${id}/followups/${detail.followups[0].id}/complete`, { completedOn: today(), note: '已提交' });
    expect(done.statusCode).toBe(204);
    expect((await county.get(`/api/talks/${id}`)).json().followups[0].completedOn).toBe(today());
    // Every read of a talk record is in the audit chain.
    const reads = await t.database.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'talk.read').where('target_id', '=', id).execute();
    expect(reads.map((r) => r.actor_name)).toEqual(['county.supervisor', 'county.supervisor']);
    // The province sees it (the county lies in its scope); another county's user does not.
    expect((await sup.get(`/api/talks/${id}`)).statusCode).toBe(200);
    const list = (await county.get(`/api/talks?officialId=${subject.id}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(id);
    // A roles without talk rights never sees talk content.
    expect((await (await t.login('petition')).get(`/api/talks/${id}`)).statusCode).toBe(403);
    // It goes on the official's archive.
    const archive = await talksModule.archiveEntries!(t.database.db, subject.id);
    expect(archive.some((e) => e.recordId === id && e.detail?.includes('苗头性'))).toBe(true);
  });

  it('records the lead conductor on create and update, returns their name with the record, and refuses one outside scope', async () => {
    const [subject, lead, other] = [countyOfficials[5], countyOfficials[6], countyOfficials[7]];
    const base = {
      typeId: 'supervision', mode: 'individual', status: 'held', orgId: countyCommission, talkDate: addDays(today(), -2), conductors: '县委书记',
      topic: '年度监督谈话', subjectIds: [subject.id],
    };
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const bad of [outsider, unknown]) {
      const res = await county.post('/api/talks', { ...base, leadConductorId: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('body.leadConductorId');
    }
    const res = await county.post('/api/talks', { ...base, leadConductorId: lead.id });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await county.get(`/api/talks/${id}`)).json()).toMatchObject({ leadConductorId: lead.id, leadConductorName: lead.name });

    for (const bad of [outsider, unknown]) {
      const upd = await county.patch(`/api/talks/${id}`, { leadConductorId: bad });
      expect(upd.statusCode).toBe(400);
      expect(upd.json().error.field).toBe('body.leadConductorId');
    }
    expect((await county.get(`/api/talks/${id}`)).json().leadConductorId).toBe(lead.id);
    expect((await county.patch(`/api/talks/${id}`, { leadConductorId: other.id })).statusCode).toBe(204);
    expect((await county.get(`/api/talks/${id}`)).json()).toMatchObject({ leadConductorId: other.id, leadConductorName: other.name });
    const { paragraphs } = await docxText((await county.get(`/api/talks/${id}/document`)).rawPayload);
    expect(paragraphs).toContain(`谈话人：县委书记（主持人：${other.name}）。实施主体：${(await county.get(`/api/talks/${id}`)).json().orgName}。`);
    // Another change leaves it alone; null clears it.
    expect((await county.patch(`/api/talks/${id}`, { topic: '年度监督谈话（补记）' })).statusCode).toBe(204);
    expect((await county.get(`/api/talks/${id}`)).json().leadConductorName).toBe(other.name);
    expect((await county.patch(`/api/talks/${id}`, { leadConductorId: null })).statusCode).toBe(204);
    expect((await county.get(`/api/talks/${id}`)).json()).toMatchObject({ leadConductorId: null, leadConductorName: null });
    // A talk without one says so.
    const plain = await county.post('/api/talks', base);
    expect((await county.get(`/api/talks/${plain.json().id}`)).json()).toMatchObject({ leadConductorId: null, leadConductorName: null });
  });

  it('hides a talk conducted outside the caller’s scope (404), even when it concerns one of their officials', async () => {
    const res = await sup.post('/api/talks', {
      typeId: 'interview', mode: 'individual', status: 'held', orgId: provinceDept, talkDate: today(), conductors: '省纪委', topic: '约谈', subjectIds: [outsider],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await county.get(`/api/talks/${res.json().id}`)).statusCode).toBe(404);
    expect((await county.get(`/api/talks/${res.json().id}/document`)).statusCode).toBe(404);
    expect((await county.get('/api/talks?pageSize=200')).json().items.map((x: { id: string }) => x.id)).not.toContain(res.json().id);
  });

  it('imports a collective talk’s attendees from .xlsx: every bad row reported and nobody added, or everyone added', async () => {
    const oneToOne = await county.post('/api/talks', {
      typeId: 'heart', mode: 'individual', status: 'held', orgId: countyCommission, talkDate: addDays(today(), -10), conductors: '县纪委书记',
      topic: '集体谈话前一对一谈话', subjectIds: [countyOfficials[2].id],
    });
    const created = await county.post('/api/talks', {
      typeId: 'integrity', mode: 'collective', status: 'held', orgId: countyCommission, talkDate: addDays(today(), -1), conductors: '县纪委书记、县委组织部部长',
      topic: '新提拔干部集体廉政谈话', precedingTalkIds: [oneToOne.json().id], requirements: '守住底线',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const template = await county.get('/api/talks/attendees/template');
    expect(template.statusCode).toBe(200);
    expect((await sheetRows(template.rawPayload))[0]).toEqual(['姓名', '单位', '身份证号后四位', '职务']);

    const header = ['姓名', '单位', '身份证号后四位', '职务'];
    const good = countyOfficials.slice(0, 12).map((o) => [o.name, o.org_code ?? o.org_name, '', '']);
    const bad = await workbook([header, ...good, ['查无此人', countyOfficials[0].org_name, '', ''], [countyOfficials[1].name, '不存在的单位', '', ''], good[0], ['', '', '12', '']]);
    const badRes = await county.request('POST', `/api/talks/${id}/attendees`, ...multipart('file', 'list.xlsx', bad));
    expect(badRes.statusCode).toBe(400);
    const rows = badRes.json().error.details.rows as { row: number; field: string }[];
    expect(rows.map((r) => r.row)).toEqual([14, 15, 16, 17, 17, 17]);
    expect(rows.find((r) => r.row === 15)!.field).toBe('单位');
    expect((await county.get(`/api/talks/${id}`)).json().subjectCount).toBe(0);

    const okRes = await county.request('POST', `/api/talks/${id}/attendees`, ...multipart('file', 'list.xlsx', await workbook([header, ...good])));
    expect(okRes.statusCode, okRes.body).toBe(200);
    expect(okRes.json()).toEqual({ added: 12, alreadyListed: 0, subjectCount: 12 });
    const page2 = (await county.get(`/api/talks/${id}/subjects?page=2&pageSize=5`)).json();
    expect(page2.total).toBe(12);
    expect(page2.items).toHaveLength(5);
    // Outside scope: the county cannot list a province department's people.
    const foreign = await workbook([header, ['某人', '省财政厅', '', '']]);
    const foreignRes = await county.request('POST', `/api/talks/${id}/attendees`, ...multipart('file', 'list.xlsx', foreign));
    expect(foreignRes.json().error.details.rows[0].field).toBe('单位');

    // The record as a Word document, parsed back.
    const doc = await county.get(`/api/talks/${id}/document`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const { paragraphs, xml } = await docxText(doc.rawPayload);
    expect(paragraphs).toContain('勤政廉政谈话记录');
    expect(paragraphs.some((p) => p.includes('谈话对象共 12 人'))).toBe(true);
    expect(paragraphs.some((p) => p.includes('集体谈话前一对一谈话'))).toBe(true);
    for (const o of countyOfficials.slice(0, 12)) expect(xml).toContain(o.name);
    expect(xml).toContain('守住底线');
    const docAudit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'talk.document').where('target_id', '=', id).execute();
    expect(docAudit).toHaveLength(1);

    const collectiveList = (await county.get('/api/talks?mode=collective&sort=subjectCount')).json();
    expect(collectiveList.items[0]).toMatchObject({ id, subjectCount: 12 });
    const exported = await county.get('/api/talks/export?mode=collective');
    expect((await sheetRows(exported.rawPayload))[1]).toContain('新提拔干部集体廉政谈话');
  });

  it('records admonishments with their basis and effect period, on the official’s archive', async () => {
    const o = countyOfficials[3];
    const res = await county.post('/api/talks/admonishments', {
      orgId: countyCommission, officialId: o.id, form: 'written', decidedOn: addDays(today(), -5), basis: '《中国共产党问责规定》第8条', reason: '履职不力',
    });
    expect(res.statusCode, res.body).toBe(201);
    const future = await county.post('/api/talks/admonishments', { orgId: countyCommission, officialId: o.id, form: 'written', decidedOn: addDays(today(), 5), basis: 'x', reason: 'y' });
    expect(future.json().error.field).toBe('body.decidedOn');
    const list = (await county.get(`/api/talks/admonishments?officialId=${o.id}`)).json();
    expect(list.items[0]).toMatchObject({ officialName: o.name, inEffect: true, basis: '《中国共产党问责规定》第8条' });
    const archive = await talksModule.archiveEntries!(t.database.db, o.id);
    expect(archive.find((e) => e.kind === 'admonishment')!.title).toContain('书面诫勉');
  });

  it('counts talks by type, level, organization and month, and coverage rises when a principal is talked to', async () => {
    const before = (await county.get('/api/talks/stats')).json();
    expect(before.byType.length).toBeGreaterThan(0);
    const uncovered = (await county.get('/api/talks/coverage?role=principal&covered=0&pageSize=1')).json().items[0];
    expect(uncovered.talks).toBe(0);
    const res = await county.post('/api/talks', {
      typeId: 'supervision', mode: 'individual', status: 'held', orgId: countyCommission, talkDate: today(), conductors: '县委书记', topic: '监督谈话', subjectIds: [uncovered.officialId],
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = (await county.get('/api/talks/stats')).json();
    expect(after.coverage.principals.covered).toBe(before.coverage.principals.covered + 1);
    expect(after.total.talks).toBe(before.total.talks + 1);
    expect(after.byType.find((r: { key: string }) => r.key === 'supervision').talks).toBe((before.byType.find((r: { key: string }) => r.key === 'supervision')?.talks ?? 0) + 1);
    const sheet = await sheetRows((await county.get('/api/talks/coverage/export?role=principal&covered=1')).rawPayload);
    expect(sheet.some((r) => r.includes(uncovered.name))).toBe(true);
  });
});
