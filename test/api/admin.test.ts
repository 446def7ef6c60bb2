import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sheetRows } from '../helpers/files.js';
import { DIALECTS, testCrypto, writeTestKeys } from '../helpers/db.js';
import { verifyChain } from '../../src/modules/audit/index.js';

describe.each(DIALECTS)('the three administrators and the audit log on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t.stop());

  it('separates duties: accounts, roles, audit; none sees business data', async () => {
    const sys = await t.login('admin.sys');
    const sec = await t.login('admin.sec');
    const aud = await t.login('admin.audit');
    for (const c of [sys, sec, aud]) expect((await c.get('/api/officials')).statusCode).toBe(403);
    expect((await aud.get('/api/users')).statusCode).toBe(403);
    expect((await sys.get('/api/audit')).statusCode).toBe(403);
    const org = (await sys.get('/api/orgs/tree')).json().nodes[0];
    const weak = await sys.post('/api/users', { username: 'new.user', displayName: '新用户', orgId: org.id, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('body.password');
    const created = await sys.post('/api/users', { username: 'new.user', displayName: '新用户', orgId: org.id, password: 'Strong#Pass1' });
    expect(created.statusCode).toBe(201);
    expect((await sys.post('/api/users', { username: 'new.user', displayName: '又一个', orgId: org.id, password: 'Strong#Pass1' })).statusCode).toBe(409);
    const id = created.json().id;
    expect((await sys.put(`/api/users/${id}/roles`, { roles: ['supervisor'] })).statusCode).toBe(403);
    const clash = await sec.put(`/api/users/${id}/roles`, { roles: ['sys_admin', 'supervisor'] });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.field).toBe('body.roles');
    expect((await sec.put(`/api/users/${id}/roles`, { roles: ['supervisor'] })).statusCode).toBe(204);
    const secSelf = (await sec.get('/api/auth/me')).json().user.id;
    expect((await sec.put(`/api/users/${secSelf}/roles`, { roles: ['sec_admin', 'sys_admin'] })).statusCode).toBe(403);
    const user = await t.login('new.user', 'Strong#Pass1');
    expect((await user.get('/api/officials?pageSize=1')).statusCode).toBe(200);
    const catalogue = (await sec.get('/api/users/roles')).json();
    expect(catalogue.roles.find((r: { role: string }) => r.role === 'audit_admin').actions).toEqual(['audit.read', 'audit.verify']);
  });

  it('lets the audit admin search the log by person, action and record', async () => {
    const aud = await t.login('admin.audit');
    const page = (await aud.get('/api/audit?actor=admin.sys&action=user.create')).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r: { actorName: string; action: string }) => r.actorName === 'admin.sys' && r.action === 'user.create')).toBe(true);
    const logins = (await aud.get('/api/audit?action=auth.login&limit=3')).json();
    expect(logins.items).toHaveLength(3);
    const next = (await aud.get(`/api/audit?action=auth.login&limit=3&before=${logins.nextBefore}`)).json();
    expect(next.items[0].seq).toBeLessThan(logins.items[2].seq);
  });

  it('exports the audit log and the account list as workbooks', async () => {
    const aud = await t.login('admin.audit');
    const audit = await sheetRows((await aud.get('/api/audit/export?action=auth.login')).rawPayload);
    expect(audit[0][0]).toContain('序号');
    expect(audit.length).toBeGreaterThan(5);
    expect(audit.slice(1).every((r) => r[3] === 'auth.login')).toBe(true);
    const sys = await t.login('admin.sys');
    const users = await sheetRows((await sys.get('/api/users/export?sort=username')).rawPayload);
    const names = users.slice(1).map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(['admin.sys', 'county.supervisor', 'unit.reporter']));
    expect(names).toEqual([...names].sort());
    expect(JSON.stringify(users)).not.toContain('scrypt$');
  });

  it('verifies the chain, and names the row edited by hand (API and CLI)', async () => {
    const aud = await t.login('admin.audit');
    expect((await aud.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
    const checkpoint = (await aud.get('/api/audit/checkpoint')).json();
    expect((await aud.post('/api/audit/checkpoint/verify', checkpoint)).json()).toMatchObject({ signatureValid: true, holds: true });
    const forged = { ...checkpoint, seq: checkpoint.seq + 1 };
    expect((await aud.post('/api/audit/checkpoint/verify', forged)).json().signatureValid).toBe(false);

    // Truncating the tail (which a recomputed chain would not notice) breaks the checkpoint.
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(t.database.db);
    else await sql`alter table audit_log disable trigger audit_log_append_only`.execute(t.database.db);
    await t.database.db.deleteFrom('audit_log').where('seq', '>=', checkpoint.seq).execute();
    expect((await verifyChain(t.database.db, testCrypto())).ok).toBe(true);
    const truncated = (await aud.post('/api/audit/checkpoint/verify', checkpoint)).json();
    expect(truncated).toMatchObject({ signatureValid: true, holds: false });
    expect(truncated.headSeq).toBeLessThan(checkpoint.seq + 5);

    const victim = await t.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'user.create').executeTakeFirstOrThrow();
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(t.database.db);
    else await sql`alter table audit_log disable trigger audit_log_append_only`.execute(t.database.db);
    await t.database.db.updateTable('audit_log').set({ detail: '{"username":"someone.else"}' }).where('seq', '=', victim.seq).execute();

    const res = (await aud.get('/api/audit/verify')).json();
    expect(res.ok).toBe(false);
    expect(res.broken.seq).toBe(Number(victim.seq));

    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: t.database.url.replace(/^sqlite:/, 'sqlite:'), JIANDU_KEY_FILE: writeTestKeys() },
        stdio: 'pipe',
      });
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      status = e.status;
      out = e.stderr.toString();
    }
    expect(status).toBe(1);
    expect(out).toContain(`BROKEN at row #${victim.seq}`);
  });
});
