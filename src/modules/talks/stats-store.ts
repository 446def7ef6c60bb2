// Statistics and coverage of talks: counts by type, level, organization and month, and how many
// current principals (一把手) and team members were talked to this year. Only talks held by bodies
// inside the caller's scope count, so the figures reveal nothing beyond it.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { orgInScope, type Scope } from '../../db/scope.js';
import { subtreeBounds } from '../../db/sql.js';
import { today } from '../../core/time.js';
import type { CoverageQuery } from './schema.js';

const LEVEL_ZH: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级' };

function heldTalks(db: Db, scope: Scope, from: string, to: string, orgPath: string | null) {
  let q = db.selectFrom('talks').innerJoin('orgs', 'orgs.id', 'talks.org_id')
    .where('talks.status', '=', 'held').where('talks.talk_date', '>=', from).where('talks.talk_date', '<=', to)
    .where((eb) => orgInScope(eb, 'talks.org_id', scope));
  if (orgPath) {
    const { lo, hi } = subtreeBounds(orgPath);
    q = q.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  return q;
}

const counted = (rows: { key: string | null; label: string | null; talks: unknown; subjects: unknown }[]) =>
  rows.map((r) => ({ key: r.key ?? '', label: r.label ?? r.key ?? '', talks: Number(r.talks), subjects: Number(r.subjects ?? 0) }));

export async function talkStats(db: Db, scope: Scope, q: { from?: string; to?: string }, orgPath: string | null) {
  const t = today();
  const from = q.from ?? `${t.slice(0, 4)}-01-01`;
  const to = q.to ?? t;
  const talks = () => heldTalks(db, scope, from, to, orgPath);
  const agg = (eb: ExpressionBuilder<DB, 'talks' | 'orgs'>) => [eb.fn.countAll<number>().as('talks'), eb.fn.sum<number>('talks.subject_count').as('subjects')] as const;
  const month = sql<string>`substr(talks.talk_date, 1, 7)`;
  const [total, byType, byLevel, byOrg, byMonth, collectives, admonishments] = await Promise.all([
    talks().select((eb) => [...agg(eb), eb.fn.sum<number>(eb.case().when('talks.mode', '=', 'collective').then(1).else(0).end()).as('collective')]).executeTakeFirstOrThrow(),
    talks().innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
      .select((eb) => ['talks.type_id as key', 'talk_types.name as label', ...agg(eb)])
      .groupBy(['talks.type_id', 'talk_types.name', 'talk_types.sort_order']).orderBy('talk_types.sort_order').execute(),
    talks().select((eb) => ['orgs.level as key', 'orgs.level as label', ...agg(eb)]).groupBy('orgs.level').execute(),
    talks().select((eb) => ['talks.org_id as key', 'orgs.name as label', ...agg(eb)]).groupBy(['talks.org_id', 'orgs.name'])
      .orderBy(sql`count(*)`, 'desc').orderBy('orgs.name').limit(15).execute(),
    talks().select((eb) => [month.as('key'), month.as('label'), ...agg(eb)]).groupBy(month).orderBy(month).execute(),
    talks().innerJoin('talk_types', 'talk_types.id', 'talks.type_id')
      .select(['talks.id', 'talks.talk_date', 'talks.topic', 'talk_types.name as type_name', 'talks.subject_count'])
      .where('talks.mode', '=', 'collective').orderBy('talks.subject_count', 'desc').orderBy('talks.id').limit(10).execute(),
    (() => {
      let a = db.selectFrom('admonishments').innerJoin('orgs', 'orgs.id', 'admonishments.org_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('admonishments.decided_on', '>=', from).where('admonishments.decided_on', '<=', to)
        .where((eb) => orgInScope(eb, 'admonishments.org_id', scope));
      if (orgPath) {
        const { lo, hi } = subtreeBounds(orgPath);
        a = a.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
      }
      return a.executeTakeFirstOrThrow();
    })(),
  ]);
  const year = Number(t.slice(0, 4));
  const [principals, members] = await Promise.all([
    coverageCounts(db, scope, 'principal', year, orgPath),
    coverageCounts(db, scope, 'member', year, orgPath),
  ]);
  return {
    from, to,
    total: { talks: Number(total.talks), subjects: Number(total.subjects ?? 0), collective: Number(total.collective ?? 0), admonishments: Number(admonishments.n) },
    byType: counted(byType),
    byLevel: counted(byLevel).map((r) => ({ ...r, label: LEVEL_ZH[r.key] ?? r.key })),
    byOrg: counted(byOrg),
    byMonth: counted(byMonth),
    coverage: { year, principals, members },
    collectives: collectives.map((c) => ({ id: c.id, talkDate: c.talk_date, topic: c.topic, typeName: c.type_name, subjectCount: Number(c.subject_count) })),
  };
}

/** Current posts of the kind (principals, or team members who are not principals) in scope. */
function currentPosts(db: Db, scope: Scope, role: 'principal' | 'member', orgPath: string | null) {
  let q = db.selectFrom('posts').innerJoin('orgs', 'orgs.id', 'posts.org_id').innerJoin('officials', 'officials.id', 'posts.official_id')
    .where('posts.end_date', 'is', null)
    .where((eb) => orgInScope(eb, 'posts.org_id', scope));
  q = role === 'principal' ? q.where('posts.is_principal', '=', 1) : q.where('posts.is_principal', '=', 0).where('posts.is_team_member', '=', 1);
  if (orgPath) {
    const { lo, hi } = subtreeBounds(orgPath);
    q = q.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  return q;
}

/** Held talks in the year, by bodies in scope, with the post's holder as a subject. */
function talksOf(eb: ExpressionBuilder<DB, 'posts'>, scope: Scope, year: number) {
  return eb.selectFrom('talk_subjects').innerJoin('talks', 'talks.id', 'talk_subjects.talk_id')
    .whereRef('talk_subjects.official_id', '=', 'posts.official_id')
    .where('talks.status', '=', 'held')
    .where('talks.talk_date', '>=', `${year}-01-01`).where('talks.talk_date', '<=', `${year}-12-31`)
    .where((e) => orgInScope(e, 'talks.org_id', scope));
}

async function coverageCounts(db: Db, scope: Scope, role: 'principal' | 'member', year: number, orgPath: string | null) {
  const r = await currentPosts(db, scope, role, orgPath)
    .select((eb) => [
      eb.fn.count<number>('posts.official_id').distinct().as('total'),
      eb.fn.count<number>(eb.case().when(eb.exists(talksOf(eb, scope, year).select('talks.id'))).then(eb.ref('posts.official_id')).end()).distinct().as('covered'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(r.total), covered: Number(r.covered) };
}

export function coverageList(db: Db, scope: Scope, q: Omit<CoverageQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }, orgPath: string | null) {
  const year = q.year ?? Number(today().slice(0, 4));
  let base = currentPosts(db, scope, q.role, orgPath);
  if (q.covered !== undefined) {
    base = base.where((eb) => (q.covered === '1' ? eb.exists(talksOf(eb, scope, year).select('talks.id')) : eb.not(eb.exists(talksOf(eb, scope, year).select('talks.id')))));
  }
  let rows = base.select((eb) => [
    'posts.official_id', 'officials.name', 'posts.org_id', 'orgs.name as org_name', 'posts.title', 'posts.is_principal',
    talksOf(eb, scope, year).select((e) => e.fn.countAll<number>().as('n')).as('talks'),
    talksOf(eb, scope, year).select((e) => e.fn.max('talks.talk_date').as('d')).as('last_talk'),
  ]).orderBy('orgs.path').orderBy('officials.name').orderBy('posts.id');
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  return {
    count: async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    query: rows,
    map: (r: { official_id: string; name: string; org_id: string; org_name: string; title: string; is_principal: number; talks: unknown; last_talk: unknown }) => ({
      officialId: r.official_id, name: r.name, orgId: r.org_id, orgName: r.org_name, title: r.title, principal: r.is_principal === 1,
      talks: Number(r.talks ?? 0), lastTalkDate: (r.last_talk as string | null) ?? null,
    }),
  };
}
