// Places and people of the demo data set that the clue tests use.
import type { TestApp } from '../helpers/app.js';
import { newId } from '../../src/core/ids.js';

export async function places(t: TestApp) {
  const db = t.database.db;
  const user = (username: string) => db.selectFrom('users').select(['id', 'org_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const scopeOf = async (username: string) => (await db.selectFrom('users').innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
    .select('user_scopes.org_id').where('users.username', '=', username).executeTakeFirstOrThrow()).org_id;
  const provinceCommission = (await user('petition')).org_id;
  const countyCommission = (await user('county.leader')).org_id;
  const countyRegion = await db.selectFrom('orgs').select(['id', 'path']).where('id', '=', await scopeOf('county.leader')).executeTakeFirstOrThrow();
  const inCounty = await db.selectFrom('officials').innerJoin('orgs', 'orgs.id', 'officials.org_id').select(['officials.id', 'officials.name', 'officials.org_id'])
    .where('orgs.path', '>', countyRegion.path).where('orgs.path', '<', countyRegion.path.slice(0, -1) + '0').orderBy('officials.id').limit(2).execute();
  const provinceOfficial = await db.selectFrom('officials').select(['id', 'name', 'org_id']).where('org_id', '=', provinceCommission).orderBy('id').limit(1).executeTakeFirstOrThrow();
  return { provinceCommission, countyCommission, countyOfficials: inCounty, provinceOfficial, userId: async (u: string) => (await user(u)).id };
}

/** A report as the petitions module stores it (its API is that module's business). */
export async function insertPetition(t: TestApp, orgId: string, officialId: string, officialOrgId: string, summary: string) {
  const db = t.database.db;
  const now = new Date().toISOString();
  const matter = newId();
  const id = newId();
  await db.insertInto('petition_matters').values({
    id: matter, org_id: orgId, title: summary, status: 'open', report_count: 1, first_received_at: '2026-01-05', last_received_at: '2026-01-05',
    closed_at: null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('petitions').values({
    id, org_id: orgId, matter_id: matter, serial: `XF-${id.slice(-6)}`, channel: 'letter', received_at: '2026-01-05', anonymous: 1,
    reporter_name_enc: null, reporter_id_enc: null, reporter_id_tail: null, reporter_contact_enc: null, reporter_contact_tail: null,
    summary, content: summary, discipline: 'integrity', sector: 'construction', status: 'registered', result: null, created_by: 'test',
    closed_at: null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('petition_subjects').values({ petition_id: id, subject_type: 'official', subject_id: officialId, org_id: officialOrgId, role: 'official', received_at: '2026-01-05' }).execute();
  return id;
}
