import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { multipart, sheetRows } from '../helpers/files.js';
import { addDays, addWorkingDays, today } from '../../src/core/time.js';
import { trivialOpinion } from '../../src/modules/inquiries/store.js';
import { inquiriesModule } from '../../src/modules/inquiries/index.js';

describe('working days and trivial opinions', () => {
  it('counts Monday to Friday only', () => {
    expect(addWorkingDays('2026-11-30', 15)).toBe('2026-12-21'); // Monday + 3 weeks
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addWorkingDays('2026-11-28', 5)).toBe('2026-12-04'); // Saturday → next Friday
  });
  it('refuses an opinion that only acknowledges (不能一签了之)', () => {
    for (const s of ['同意', '已阅', '同意。已阅', ' 同意 ', '情况属实，同意', 'OK']) expect(trivialOpinion(s), s).toBe(true);
    expect(trivialOpinion('经向分管领域了解，其回复的房产来源与登记一致，建议予以了结')).toBe(false);
  });
});

describe.each(DIALECTS)('written inquiries over HTTP on %s', (dialect) => {
  let t: TestApp;
  let county: Client;
  let countyCommission: string;
  let member: { id: string; name: string };
  let principal: { id: string; name: string };
  let outsider: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    county = await t.login('county.supervisor');
    const db = t.database.db;
    const scope = await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id').innerJoin('orgs', 'orgs.id', 'user_scopes.org_id')
      .select(['orgs.path', 'users.org_id']).where('users.username', '=', 'county.supervisor').executeTakeFirstOrThrow();
    countyCommission = scope.org_id;
    const hi = scope.path.slice(0, -1) + '0';
    const post = (isPrincipal: number) => db.selectFrom('posts').innerJoin('orgs', 'orgs.id', 'posts.org_id').innerJoin('officials', 'officials.id', 'posts.official_id')
      .select(['officials.id', 'officials.name']).where('orgs.path', '>=', scope.path).where('orgs.path', '<', hi)
      .where('posts.end_date', 'is', null).where('posts.is_team_member', '=', 1).where('posts.is_principal', '=', isPrincipal)
      .where((eb) => (isPrincipal ? eb.lit(true) : eb.not(eb.exists(eb.selectFrom('posts as p2').select('p2.id').whereRef('p2.official_id', '=', 'officials.id').where('p2.is_principal', '=', 1).where('p2.end_date', 'is', null)))))
      .orderBy('officials.id').limit(1).executeTakeFirstOrThrow();
    member = await post(0);
    principal = await post(1);
    const root = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    outsider = (await db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id').select('officials.id').where('orgs.parent_id', '=', root.id).limit(1).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.stop());

  const issue = (officialId: string, extra: Record<string, unknown> = {}) => county.post('/api/inquiries', {
    orgId: countyCommission, officialId, matter: '反映其配偶经商问题', issuedOn: addDays(today(), -2), sourceType: 'petition', sourceId: 'XF-2026-001', ...extra,
  });

  it('walks a team member’s inquiry: issue → reply (with a file) → the 一把手’s opinion → assessment, with history', async () => {
    const res = await issue(member.id);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    let d = (await county.get(`/api/inquiries/${id}`)).json();
    expect(d).toMatchObject({ status: 'issued', needsSignature: true, replyDue: addWorkingDays(addDays(today(), -2), 15), sourceType: 'petition', sourceId: 'XF-2026-001' });
    expect((await county.post(`/api/inquiries/${id}/assess`, { result: 'accepted', reason: '属实', assessedOn: today() })).statusCode).toBe(409);

    const early = await county.post(`/api/inquiries/${id}/reply`, { text: '本人说明如下……', repliedOn: addDays(today(), -5) });
    expect(early.json().error.field).toBe('body.repliedOn');
    expect((await county.post(`/api/inquiries/${id}/reply`, { text: '本人配偶未经商，有关情况说明如下……', repliedOn: today() })).statusCode).toBe(204);
    const file = Buffer.from('%PDF-1.4\n说明材料\n%%EOF');
    const up = await county.request('POST', `/api/inquiries/${id}/attachments`, ...multipart('file', '说明材料.pdf', file));
    expect(up.statusCode, up.body).toBe(201);
    const badFile = await county.request('POST', `/api/inquiries/${id}/attachments`, ...multipart('file', 'x.exe', Buffer.from('MZ....')));
    expect(badFile.statusCode).toBe(400);
    expect(badFile.json().error.field).toBe('file');

    expect((await county.post(`/api/inquiries/${id}/assess`, { result: 'accepted', reason: '属实', assessedOn: today() })).statusCode).toBe(409);
    const empty = await county.post(`/api/inquiries/${id}/sign`, { signerName: principal.name, opinion: '', signedOn: today() });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('body.opinion');
    const bare = await county.post(`/api/inquiries/${id}/sign`, { signerName: principal.name, opinion: '同意。', signedOn: today() });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.field).toBe('body.opinion');
    expect((await county.post(`/api/inquiries/${id}/sign`, { signerName: principal.name, opinion: '经核对其家庭成员登记信息，回复内容属实，未发现配偶经商情况', signedOn: today() })).statusCode).toBe(204);
    expect((await county.post(`/api/inquiries/${id}/assess`, { result: 'bogus', reason: 'x', assessedOn: today() })).json().error.field).toBe('body.result');
    expect((await county.post(`/api/inquiries/${id}/assess`, { result: 'accepted', reason: '说明清楚，予以采信', assessedOn: today() })).statusCode).toBe(204);
    expect((await county.post(`/api/inquiries/${id}/reply`, { text: '再次回复', repliedOn: today() })).statusCode).toBe(409);

    d = (await county.get(`/api/inquiries/${id}`)).json();
    expect(d.status).toBe('accepted');
    expect(d.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['issued', 'replied', 'signed', 'accepted']);
    expect(d.attachments).toHaveLength(1);
    const dl = await county.get(`/api/inquiries/${id}/attachments/${d.attachments[0].id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(file)).toBe(true);
    const reads = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', 'in', ['inquiry.read', 'inquiry.download']).execute();
    expect(reads.length).toBe(3);
    const archive = await inquiriesModule.archiveEntries!(t.database.db, member.id);
    expect(archive.some((e) => e.recordId === id && e.title.includes('予以采信'))).toBe(true);
  });

  it('a 一把手 answers directly: no opinion to sign; assessment may escalate', async () => {
    const id = (await issue(principal.id)).json().id;
    expect((await county.get(`/api/inquiries/${id}`)).json().needsSignature).toBe(false);
    await county.post(`/api/inquiries/${id}/reply`, { text: '说明', repliedOn: today() });
    expect((await county.post(`/api/inquiries/${id}/sign`, { signerName: '某某', opinion: '经核实回复内容不完整，需补充说明', signedOn: today() })).statusCode).toBe(409);
    expect((await county.post(`/api/inquiries/${id}/assess`, { result: 'escalated', reason: '说明与掌握情况不符，转初步核实', assessedOn: today() })).statusCode).toBe(204);
    const list = (await county.get('/api/inquiries?status=escalated')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(id);
    expect(list.byStatus.escalated).toBeGreaterThanOrEqual(1);
  });

  it('refuses an official outside scope, a future date, a source half given; shows overdue replies', async () => {
    expect((await issue(outsider)).json().error.field).toBe('body.officialId');
    expect((await issue(member.id, { issuedOn: addDays(today(), 1) })).json().error.field).toBe('body.issuedOn');
    expect((await issue(member.id, { sourceId: null })).json().error.field).toBe('body.sourceId');
    const old = await issue(member.id, { issuedOn: addDays(today(), -60) });
    expect(old.statusCode).toBe(201);
    const overdue = (await county.get('/api/inquiries?overdue=1&pageSize=200')).json();
    expect(overdue.items.find((x: { id: string }) => x.id === old.json().id)).toMatchObject({ overdue: true });
    const sheet = await sheetRows((await county.get('/api/inquiries/export?overdue=1')).rawPayload);
    expect(sheet.some((r) => r.includes('逾期未回复'))).toBe(true);
    expect((await (await t.login('orgdept')).get(`/api/inquiries/${old.json().id}`)).statusCode).toBe(403);
  });
});
