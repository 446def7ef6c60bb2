// The clues API on both databases: registration, the disposal workflow with its approval (the
// proposer cannot approve), the four forms, transfers with receipts, consultations, scope and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { sheetRows } from '../helpers/files.js';
import { insertPetition, places } from './fixture.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(DIALECTS)('clues API on %s', (dialect) => {
  let t: TestApp;
  let petition: Client;
  let casemgr: Client;
  let leader: Client;
  let countyLeader: Client;
  let supervisor: Client;
  let p: Awaited<ReturnType<typeof places>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    [petition, casemgr, leader, countyLeader, supervisor] = await Promise.all(['petition', 'casemgr', 'leader', 'county.leader', 'supervisor'].map((u) => t.login(u)));
    p = await places(t);
  }, 120_000);
  afterAll(async () => t.stop());

  const newClue = async (over: Record<string, unknown> = {}) => {
    const res = await petition.post('/api/clues', {
      orgId: p.countyCommission, source: 'inspection', summary: '反映该同志在工程项目招标中违规干预，收受施工方好处', discipline: 'integrity',
      sector: 'construction', receivedDate: '2026-03-02', subjects: [{ type: 'official', id: p.countyOfficials[0].id }], ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('registers a clue and shows it with its subjects; the read is audited', async () => {
    const id = await newClue();
    const res = await casemgr.get(`/api/clues/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ state: 'registered', source: 'inspection', discipline: 'integrity', method: null, form: null });
    expect(c.code).toMatch(/^XS2026-[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(c.subjects).toEqual([expect.objectContaining({ type: 'official', id: p.countyOfficials[0].id, name: p.countyOfficials[0].name })]);
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(c.can).toMatchObject({ propose: true, approve: false, conclude: false });
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_name', 'action']).where('target_id', '=', id).where('action', '=', 'clue.read').execute();
    expect(audit).toEqual([{ actor_name: expect.any(String), action: 'clue.read' }]);
  });

  it('rejects bad input with the field named, never 500', async () => {
    const cases: [unknown, string][] = [
      [{ orgId: p.countyCommission, source: 'audit', summary: '摘要', discipline: 'integrity', receivedDate: '2026-01-01', subjects: [] }, 'body.subjects'],
      [{ orgId: p.countyCommission, source: 'nope', summary: '摘要', discipline: 'integrity', receivedDate: '2026-01-01', subjects: [{ type: 'org', id: p.countyCommission }] }, 'body.source'],
      [{ orgId: p.countyCommission, source: 'audit', summary: '摘要', discipline: 'integrity', receivedDate: inDays(3), subjects: [{ type: 'org', id: p.countyCommission }] }, 'body.receivedDate'],
      [{ orgId: p.countyCommission, source: 'report', summary: '摘要', discipline: 'integrity', receivedDate: '2026-01-01', subjects: [{ type: 'org', id: p.countyCommission }] }, 'body.petitionId'],
      [{ orgId: p.countyCommission, source: 'audit', summary: '摘要', discipline: 'integrity', receivedDate: '2026-01-01', subjects: [{ type: 'official', id: p.countyCommission }] }, 'body.subjects.0.id'],
    ];
    for (const [body, field] of cases) {
      const res = await petition.post('/api/clues', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
  });

  it('runs the disposal workflow: proposal, approval by another person (never the proposer), outcome under the four forms', async () => {
    const id = await newClue();
    const past = await casemgr.post(`/api/clues/${id}/disposals`, { method: 'preliminary_check', deadline: '2020-01-01', reason: '需初核' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('body.deadline');
    expect((await petition.post(`/api/clues/${id}/disposals`, { method: 'preliminary_check', deadline: inDays(60), reason: '需初核' })).statusCode).toBe(403);

    const proposed = await casemgr.post(`/api/clues/${id}/disposals`, { method: 'preliminary_check', deadline: inDays(60), reason: '反映问题具体，可查性强' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const disposalId = proposed.json().id;
    expect((await casemgr.get(`/api/clues/${id}`)).json()).toMatchObject({ state: 'proposed', can: { approve: false, propose: false } });
    expect((await casemgr.post(`/api/clues/${id}/disposals`, { method: 'hold', deadline: inDays(60), reason: '再议' })).statusCode).toBe(409);

    // The proposer is a case manager, who may approve others' proposals but not their own.
    const self = await casemgr.post(`/api/clues/${id}/disposals/${disposalId}/approve`, { note: '同意' });
    expect(self.statusCode).toBe(403);
    expect((await casemgr.post(`/api/clues/${id}/conclude`, { form: 1, outcome: '谈话提醒' })).statusCode).toBe(409);
    expect((await leader.get(`/api/clues/${id}`)).json().can.approve).toBe(true);
    const ok = await leader.post(`/api/clues/${id}/disposals/${disposalId}/approve`, { note: '同意初核' });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await leader.post(`/api/clues/${id}/disposals/${disposalId}/approve`, {})).statusCode).toBe(409);

    const disposing = (await casemgr.get(`/api/clues/${id}`)).json();
    expect(disposing).toMatchObject({ state: 'disposing', method: 'preliminary_check', deadline: inDays(60), overdue: false, can: { conclude: true } });
    expect(disposing.disposals[0]).toMatchObject({ status: 'approved', decisionNote: '同意初核', proposedBy: { id: await p.userId('casemgr') }, decidedBy: { id: await p.userId('leader') } });

    const noForm = await casemgr.post(`/api/clues/${id}/conclude`, { form: null, sanction: '警告', outcome: '查无实据' });
    expect(noForm.statusCode).toBe(400);
    expect(noForm.json().error.field).toBe('body.sanction');
    expect((await casemgr.post(`/api/clues/${id}/conclude`, { form: 5, outcome: 'x' })).json().error.field).toBe('body.form');
    expect((await casemgr.post(`/api/clues/${id}/conclude`, { form: 2, sanction: '党内警告', outcome: '初核属实，给予党内警告处分' })).statusCode).toBe(204);

    const done = (await casemgr.get(`/api/clues/${id}`)).json();
    expect(done).toMatchObject({ state: 'concluded', form: 2, sanction: '党内警告', can: { propose: false, conclude: false, transfer: false } });
    expect(done.events.map((e: { action: string }) => e.action)).toEqual(['create', 'propose', 'approve', 'conclude']);
    const stats = (await leader.get('/api/clues/stats')).json();
    expect(stats.byForm.find((f: { form: number }) => f.form === 2).count).toBeGreaterThanOrEqual(1);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['clue.create', 'clue.propose', 'clue.approve', 'clue.conclude']));
  });

  it('a rejected proposal returns the clue to where it was; a held clue can be proposed again', async () => {
    const id = await newClue();
    const d1 = (await casemgr.post(`/api/clues/${id}/disposals`, { method: 'close', deadline: inDays(10), reason: '反映笼统' })).json().id;
    expect((await leader.post(`/api/clues/${id}/disposals/${d1}/reject`, { note: '应先初核' })).statusCode).toBe(204);
    expect((await casemgr.get(`/api/clues/${id}`)).json()).toMatchObject({ state: 'registered', method: null });
    const d2 = (await casemgr.post(`/api/clues/${id}/disposals`, { method: 'hold', deadline: inDays(90), reason: '暂不具备核查条件' })).json().id;
    expect((await leader.post(`/api/clues/${id}/disposals/${d2}/approve`, {})).statusCode).toBe(204);
    const d3 = (await casemgr.post(`/api/clues/${id}/disposals`, { method: 'talk_inquiry', deadline: inDays(30), reason: '条件成熟' })).json().id;
    expect((await leader.post(`/api/clues/${id}/disposals/${d3}/reject`, {})).statusCode).toBe(204);
    expect((await casemgr.get(`/api/clues/${id}`)).json()).toMatchObject({ state: 'disposing', method: 'hold' });
  });

  it('links a clue to a record of another module, generically', async () => {
    const id = await newClue();
    const target = '019a0000-0000-7000-8000-000000000001';
    expect((await petition.put(`/api/clues/${id}/link`, { linkedType: 'inquiry', linkedId: null })).json().error.field).toBe('body.linkedId');
    expect((await petition.put(`/api/clues/${id}/link`, { linkedType: 'inquiry', linkedId: target })).statusCode).toBe(204);
    expect((await casemgr.get(`/api/clues/${id}`)).json()).toMatchObject({ linkedType: 'inquiry', linkedId: target });
  });

  it('hides clues from other roles and outside scope (404, as if nothing were there)', async () => {
    const county = await newClue();
    const province = await newClue({ orgId: p.provinceCommission, subjects: [{ type: 'official', id: p.provinceOfficial.id }] });
    expect((await supervisor.get(`/api/clues/${county}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/clues/${county}`)).body).toBe((await supervisor.get('/api/clues/019a0000-0000-7000-8000-00000000dead')).body);
    expect((await supervisor.get('/api/clues')).statusCode).toBe(404);
    expect((await countyLeader.get(`/api/clues/${county}`)).statusCode).toBe(200);
    const hidden = await countyLeader.get(`/api/clues/${province}`);
    const ghost = await countyLeader.get('/api/clues/019a0000-0000-7000-8000-00000000dead');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(ghost.body);
    const list = (await countyLeader.get('/api/clues?pageSize=200')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(county);
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(province);
    // Leaders read and approve but do not register or dispose.
    const body = { orgId: p.countyCommission, source: 'audit', summary: '摘要', discipline: 'work', receivedDate: '2026-01-01', subjects: [{ type: 'org', id: p.countyCommission }] };
    expect((await leader.post('/api/clues', body)).statusCode).toBe(403);
    expect((await countyLeader.post(`/api/clues/${province}/disposals/019a0000-0000-7000-8000-000000000002/approve`, {})).statusCode).toBe(404);
  });

  it('lists, filters, searches two-character words, shows the board and exports', async () => {
    const id = await newClue({ summary: '反映其在执法检查中吃拿卡要', discipline: 'mass' });
    const found = (await casemgr.get('/api/clues?q=执法&pageSize=50')).json();
    expect(found.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(found.items.every((c: { summary: string }) => c.summary.includes('执法'))).toBe(true);
    const byDiscipline = (await casemgr.get(`/api/clues?discipline=mass&subjectId=${p.countyOfficials[0].id}`)).json();
    expect(byDiscipline.total).toBeGreaterThanOrEqual(1);
    expect(byDiscipline.items.every((c: { discipline: string }) => c.discipline === 'mass')).toBe(true);
    const board = (await leader.get('/api/clues/board')).json();
    expect(board.columns.map((c: { key: string }) => c.key)).toEqual(['registered', 'proposed', 'talk_inquiry', 'preliminary_check', 'hold', 'close', 'concluded']);
    expect(board.columns[0].items.map((c: { id: string }) => c.id)).toContain(id);
    const xlsx = await casemgr.get('/api/clues/export?discipline=mass');
    expect(xlsx.statusCode).toBe(200);
    const rows = await sheetRows(xlsx.rawPayload);
    expect(rows[0][0]).toBe('线索编号 Code');
    expect(rows.some((r) => r.includes('群众纪律'))).toBe(true);
    expect((await casemgr.get('/api/clues?sort=nope')).statusCode).toBe(400);
  });

  it('makes a clue of a report: subjects and classification come from it, the county commission handles it', async () => {
    const petitionId = await insertPetition(t, p.countyOfficials[1].org_id, p.countyOfficials[1].id, p.countyOfficials[1].org_id, '反映某局长违规插手工程');
    const res = await petition.post('/api/clues/from-petition', { petitionId });
    expect(res.statusCode, res.body).toBe(201);
    const c = (await casemgr.get(`/api/clues/${res.json().id}`)).json();
    expect(c).toMatchObject({ source: 'report', petitionId, orgId: p.countyCommission, discipline: 'integrity', sector: 'construction', summary: '反映某局长违规插手工程' });
    expect(c.subjects.map((s: { id: string }) => s.id)).toEqual([p.countyOfficials[1].id]);
    expect((await casemgr.get(`/api/clues?petitionId=${petitionId}`)).json().total).toBe(1);
    const unknown = await petition.post('/api/clues/from-petition', { petitionId: '019a0000-0000-7000-8000-000000000003' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('body.petitionId');
  });

  it('transfers a clue: sent, received with a receipt (registered at the receiver), result fed back', async () => {
    const id = await newClue({ orgId: p.provinceCommission, source: 'audit' });
    expect((await petition.post(`/api/clues/${id}/transfers`, { toOrgId: p.provinceCommission, note: 'x', feedbackDue: inDays(30) })).json().error.field).toBe('body.toOrgId');
    const sent = await petition.post(`/api/clues/${id}/transfers`, { toOrgId: p.countyCommission, note: '请依规处置并反馈结果', feedbackDue: inDays(30) });
    expect(sent.statusCode, sent.body).toBe(201);
    const transferId = sent.json().id;
    expect((await petition.post(`/api/clues/${id}/transfers`, { toOrgId: p.countyCommission, note: '重复', feedbackDue: inDays(30) })).statusCode).toBe(409);

    const inbox = (await countyLeader.get('/api/clues/transfers?box=inbox&status=sent')).json();
    expect(inbox.items.map((x: { id: string }) => x.id)).toContain(transferId);
    expect((await countyLeader.get('/api/clues/transfers?box=outbox')).json().items.map((x: { id: string }) => x.id)).not.toContain(transferId);
    expect((await leader.get('/api/clues/transfers?box=outbox')).json().items.map((x: { id: string }) => x.id)).toContain(transferId);

    expect((await casemgr.post(`/api/clues/transfers/${transferId}/feedback`, { result: '已办结' })).statusCode).toBe(409);
    const received = await casemgr.post(`/api/clues/transfers/${transferId}/receive`, { note: '已签收' });
    expect(received.statusCode, received.body).toBe(201);
    expect((await casemgr.post(`/api/clues/transfers/${transferId}/receive`, {})).statusCode).toBe(409);
    const copy = (await casemgr.get(`/api/clues/${received.json().id}`)).json();
    expect(copy).toMatchObject({ source: 'transfer_in', transferId, orgId: p.countyCommission, state: 'registered', transferredFrom: { note: '请依规处置并反馈结果' } });
    expect(copy.subjects.map((s: { id: string }) => s.id)).toEqual([p.countyOfficials[0].id]);

    expect((await casemgr.post(`/api/clues/transfers/${transferId}/feedback`, { result: '经初核，给予诫勉处理' })).statusCode).toBe(204);
    const original = (await petition.get(`/api/clues/${id}`)).json();
    expect(original.transfers[0]).toMatchObject({ status: 'fed_back', receiptNote: '已签收', result: '经初核，给予诫勉处理', receivedClueId: copy.id, overdue: false });
    expect(original.events.map((e: { action: string }) => e.action)).toEqual(['create', 'transfer', 'receive', 'feedback']);
    const outbox = await leader.get('/api/clues/transfers/export?box=outbox&sort=feedbackDue&order=asc');
    expect(outbox.statusCode).toBe(200);
    const sheet = await sheetRows(outbox.rawPayload);
    expect(sheet[0]).toContain('办理结果 Result');
    expect(sheet.some((r) => r.includes('经初步核实，给予诫勉处理') || r.includes('经初核，给予诫勉处理'))).toBe(true);
    // A county user cannot act on a transfer addressed elsewhere.
    const other = (await petition.post(`/api/clues/${id}/transfers`, { toOrgId: p.provinceOfficial.org_id === p.provinceCommission ? (await t.database.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id : p.provinceOfficial.org_id, note: '转省级', feedbackDue: inDays(5) })).json().id;
    expect((await countyLeader.post(`/api/clues/transfers/${other}/receive`, {})).statusCode).toBe(403);
  });

  it('records a consultation meeting with bodies, clues, conclusions and assignments', async () => {
    const a = await newClue();
    const b = await newClue({ summary: '反映其违规发放津补贴' });
    const bad = await petition.post('/api/clues/consultations', {
      orgId: p.countyCommission, meetingDate: '2026-05-01', title: '会商', clues: [{ clueId: '019a0000-0000-7000-8000-000000000004' }], conclusions: '结论',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.clues.0.clueId');
    const res = await petition.post('/api/clues/consultations', {
      orgId: p.provinceCommission, meetingDate: '2026-05-01', title: '第二季度问题线索会商研判会', participantOrgIds: [p.countyCommission],
      otherParticipants: '省审计厅、省公安厅', clues: [{ clueId: a, opinion: '建议初步核实' }, { clueId: b }],
      conclusions: '两件线索分别由县纪委监委初核和谈话函询', assignments: [{ task: '30日内完成初核', assigneeOrgId: p.countyCommission, dueDate: '2026-06-01' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = (await leader.get(`/api/clues/consultations/${res.json().id}`)).json();
    expect(m).toMatchObject({ title: '第二季度问题线索会商研判会', clueCount: 2, otherParticipants: '省审计厅、省公安厅' });
    expect(m.clues.find((c: { id: string }) => c.id === a).opinion).toBe('建议初步核实');
    expect(m.assignments[0]).toMatchObject({ task: '30日内完成初核', assigneeOrgId: p.countyCommission, dueDate: '2026-06-01' });
    expect(m.participants.length).toBe(1);
    expect((await countyLeader.get(`/api/clues/consultations/${res.json().id}`)).statusCode).toBe(404);
    const list = (await leader.get(`/api/clues/consultations?clueId=${a}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([res.json().id]);
    expect((await casemgr.get(`/api/clues/${a}`)).json().consultations[0]).toMatchObject({ opinion: '建议初步核实' });
    const xlsx = await leader.get(`/api/clues/consultations/export?clueId=${a}`);
    expect(xlsx.statusCode).toBe(200);
    const rows = await sheetRows(xlsx.rawPayload);
    expect(rows.length).toBe(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['第二季度问题线索会商研判会', '两件线索分别由县纪委监委初核和谈话函询']));
  });
});
