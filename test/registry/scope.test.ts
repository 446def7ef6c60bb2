import { afterAll, describe, expect, it } from 'vitest';
import { listOfficials, getOfficialRow } from '../../src/modules/registry/official-store.js';
import { orgChildren, getOrgRow } from '../../src/modules/registry/org-store.js';
import { scopeOfUser } from '../../src/modules/users/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { loadFixture } from '../helpers/fixture.js';

const dbs: TestDatabase[] = [];
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));

describe.each(DIALECTS)('scope in the store layer on %s', (dialect) => {
  it('a county sees its subtree only; outside records do not exist', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const county = { paths: [fx.orgs.county1.path] };
    const { page, total } = await listOfficials(db.db, county, { subtree: true, sort: 'name', order: 'asc', page: 1, pageSize: 50 });
    const names = (await page(0, 50)).map((o) => o.name).sort();
    expect(names).toEqual(['李一', '王二', '钱五'].sort());
    expect(total).toBe(3);
    await expect(getOfficialRow(db.db, fx.officials.zhang, county)).rejects.toMatchObject({ status: 404 });
    await expect(getOrgRow(db.db, fx.orgs.county2.id, county)).rejects.toMatchObject({ status: 404 });
    await expect(getOrgRow(db.db, fx.orgs.province.id, county)).rejects.toMatchObject({ status: 404 });
    const roots = await orgChildren(db.db, county);
    expect(roots.map((r) => r.name)).toEqual(['甲一县']);
  });

  it('marks a scope that covers the whole tree, and drops no record by leaving its conditions out', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const now = '2026-01-01T00:00:00Z';
    const user = (id: string, orgId: string) => ({
      id, username: id, display_name: id, org_id: orgId, password_hash: 'x', status: 'active', failed_logins: 0,
      locked_until: null, totp_secret_enc: null, totp_enabled: 0, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
    });
    await db.db.insertInto('users').values([user('u-prov', fx.orgs.province.id), user('u-county', fx.orgs.county1.id)]).execute();
    const province = await scopeOfUser(db.db, 'u-prov', fx.orgs.province.id);
    const county = await scopeOfUser(db.db, 'u-county', fx.orgs.county1.id);
    expect(province.whole).toBe(true);
    expect(county.whole).toBe(false);
    const all = (await listOfficials(db.db, province, { subtree: false, sort: 'name', order: 'asc', page: 1, pageSize: 50 })).total;
    const byPaths = (await listOfficials(db.db, { paths: province.paths }, { subtree: false, sort: 'name', order: 'asc', page: 1, pageSize: 50 })).total;
    expect(all).toBe(byPaths);
    expect(all).toBe(5);
    expect((await getOfficialRow(db.db, fx.officials.zhang, province)).name).toBe('张三');
  });

  it('pages keep the sort, and flag the principals of the page only', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const county = { paths: [fx.orgs.county1.path] };
    const { page } = await listOfficials(db.db, county, { subtree: true, sort: 'name', order: 'desc', page: 1, pageSize: 2 });
    const all = [...(await page(0, 2)), ...(await page(2, 2))];
    expect(all.map((o) => o.name)).toEqual(['钱五', '王二', '李一']);
    expect(all.filter((o) => o.isPrincipal).map((o) => o.name)).toEqual(['王二', '李一']);
  });

  it('a stationed group sees the units it is stationed in', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    const now = '2026-01-01T00:00:00Z';
    await db.db.insertInto('users').values({
      id: 'u-st', username: 'st', display_name: '派驻组', org_id: fx.orgs.stationed.id, password_hash: 'x', status: 'active', failed_logins: 0,
      locked_until: null, totp_secret_enc: null, totp_enabled: 0, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
    }).execute();
    const scope = await scopeOfUser(db.db, 'u-st', fx.orgs.stationed.id);
    expect([...scope.paths].sort()).toEqual([fx.orgs.stationed.path, fx.orgs.finance.path].sort());
    const zhao = await getOfficialRow(db.db, fx.officials.zhao, scope);
    expect(zhao.name).toBe('赵四');
    await expect(getOfficialRow(db.db, fx.officials.li, scope)).rejects.toMatchObject({ status: 404 });
  });

  it('path bounds do not leak into siblings whose ids share a prefix', async () => {
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const fx = await loadFixture(db.db);
    // Every org path ends with '/', so '/a/b/' never matches '/a/bc/': check all pairs.
    const all = await db.db.selectFrom('orgs').select(['id', 'path']).execute();
    for (const o of all) {
      const visible = await orgChildren(db.db, { paths: [o.path] });
      expect(visible.map((v) => v.id)).toEqual([o.id]);
    }
    expect(fx.orgs.county1.path.startsWith(fx.orgs.city.path)).toBe(true);
  });
});
