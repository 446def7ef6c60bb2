import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestApp } from '../helpers/app.js';
import { sheetRows } from '../helpers/files.js';

describe.each(DIALECTS)('warnings inbox on %s', (dialect) => {
  let t: TestApp;
  let sup: Client;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    sup = await t.login('supervisor');
  });
  afterAll(async () => t.stop());

  it('shows the tenure warnings raised on the demo data', async () => {
    const page = (await sup.get('/api/warnings?ruleId=registry.principal-long-tenure&pageSize=200')).json();
    expect(page.total).toBeGreaterThan(5);
    expect(page.counts.open).toBe(page.total);
    const w = page.items[0];
    expect(w.basis).toContain('第16条');
    expect(w.links.map((l: { recordType: string }) => l.recordType)).toEqual(expect.arrayContaining(['official', 'org']));
    expect((await sup.get(`/api/warnings/${w.id}`)).json().id).toBe(w.id);
  });

  it('scopes the inbox: the county sees only its own warnings', async () => {
    const all = (await sup.get('/api/warnings?pageSize=200')).json();
    const county = await t.login('county.supervisor');
    const mine = (await county.get('/api/warnings?pageSize=200')).json();
    expect(mine.total).toBeLessThan(all.total);
    const outside = all.items.find((w: { id: string }) => !mine.items.some((m: { id: string }) => m.id === w.id));
    expect((await county.get(`/api/warnings/${outside.id}`)).statusCode).toBe(404);
  });

  it('assigns, resolves and dismisses (with a reason), and closed stays closed', async () => {
    const [a, b] = (await sup.get('/api/warnings?status=open&pageSize=2')).json().items;
    const people = (await sup.get('/api/warnings/assignees')).json().items;
    const me = people.find((p: { displayName: string; id: string }) => p.id)!;
    expect((await sup.post(`/api/warnings/${a.id}/assign`, { assigneeId: me.id })).statusCode).toBe(204);
    expect((await sup.get(`/api/warnings/${a.id}`)).json()).toMatchObject({ status: 'assigned', assignee: { id: me.id } });
    expect((await sup.post(`/api/warnings/${a.id}/resolve`, { resolution: '已交流轮岗' })).statusCode).toBe(204);
    expect((await sup.post(`/api/warnings/${a.id}/dismiss`, { reason: '重复' })).statusCode).toBe(400);
    const noReason = await sup.post(`/api/warnings/${b.id}/dismiss`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.reason');
    expect((await sup.post(`/api/warnings/${b.id}/dismiss`, { reason: '已按规定报批，暂缓轮岗' })).statusCode).toBe(204);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', 'in', [a.id, b.id]).orderBy('seq').execute();
    expect(audit.map((r) => r.action)).toEqual(['warning.assign', 'warning.resolve', 'warning.dismiss']);
  });

  it('runs the rules on demand as a job and reports what it did; idempotent', async () => {
    const started = await sup.post('/api/warnings/run', {});
    expect(started.statusCode).toBe(202);
    await t.worker.tick();
    const job = (await sup.get(`/api/jobs/${started.json().jobId}`)).json();
    expect(job.status).toBe('done');
    expect(job.result.raised).toBe(0);
    expect(job.result.checked).toBeGreaterThan(5);
    const other = await t.login('leader');
    expect((await other.get(`/api/jobs/${started.json().jobId}`)).statusCode).toBe(404);
  });

  it('changes thresholds within the rule’s schema', async () => {
    const rules = (await sup.get('/api/warnings/rules')).json().items;
    const tenure = rules.find((r: { id: string }) => r.id === 'registry.principal-long-tenure');
    expect(tenure.thresholds).toEqual({ years: 5 });
    const bad = await sup.put(`/api/warnings/rules/${tenure.id}`, { enabled: true, thresholds: { years: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.thresholds.years');
    expect((await sup.put(`/api/warnings/rules/${tenure.id}`, { enabled: true, thresholds: { years: 3 } })).statusCode).toBe(204);
    const started = await sup.post('/api/warnings/run', { ruleId: tenure.id });
    await t.worker.tick();
    expect((await sup.get(`/api/jobs/${started.json().jobId}`)).json().result.raised).toBeGreaterThan(0);
  });

  it('sorts by severity and exports the filtered inbox as a workbook', async () => {
    const bySeverity = (await sup.get('/api/warnings?sort=severity&order=asc&pageSize=200')).json().items as { severity: string }[];
    const rank = { red: 0, yellow: 1, blue: 2 } as Record<string, number>;
    expect(bySeverity.map((w) => rank[w.severity])).toEqual([...bySeverity.map((w) => rank[w.severity])].sort());
    const open = (await sup.get('/api/warnings?status=open&pageSize=1')).json().total;
    const res = await sup.get('/api/warnings/export?status=open');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0][1]).toContain('预警事项');
    expect(rows).toHaveLength(open + 1);
    expect(rows.slice(1).every((r) => r[5] === '待处置')).toBe(true);
  });

  it('is closed to roles without the right', async () => {
    const reporter = await t.login('unit.reporter');
    expect((await reporter.get('/api/warnings')).statusCode).toBe(403);
    const admin = await t.login('admin.sys');
    expect((await admin.get('/api/warnings')).statusCode).toBe(403);
  });
});
