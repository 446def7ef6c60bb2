// The generic full-text index: Chinese two-character words, scope, and survival of backup/restore.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { backupTo, restoreFrom } from '../../src/db/backup.js';
import { CompiledQuery, sql } from 'kysely';
import { SEARCH_COUNT_CAP, countQuery, indexDocument, indexDocuments, pageQuery, removeDocuments, searchDocuments } from '../../src/db/search.js';
import { rebuildFullTextIndex } from '../../src/db/sql.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';

const crypto = testCrypto();

async function addOrg(db: TestDatabase, parent: { id: string; path: string } | null, name: string) {
  const id = newId();
  const p = `${parent?.path ?? '/'}${id}/`;
  const now = new Date().toISOString();
  await db.db.insertInto('orgs').values({
    id, parent_id: parent?.id ?? null, path: p, depth: p.split('/').length - 2, name, short_name: null, level: 'county', kind: 'region',
    code: null, sort_order: 0, search_text: name, created_at: now, updated_at: now,
  }).execute();
  return { id, path: p };
}

describe.each(DIALECTS)('search index on %s', (dialect) => {
  let t: TestDatabase;
  let root: { id: string; path: string };
  let a: { id: string; path: string };
  let b: { id: string; path: string };
  const ids = { p1: newId(), p2: newId(), p3: newId(), p4: newId(), clue: newId() };
  const search = (scopePaths: string[], query: string, types = ['petition']) =>
    searchDocuments(t.db, dialect, { paths: scopePaths }, { types, query, limit: 20, offset: 0 });

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    root = await addOrg(t, null, '省');
    a = await addOrg(t, root, '甲县');
    b = await addOrg(t, root, '乙县');
    await t.db.transaction().execute(async (trx) => {
      await indexDocument(trx, { type: 'petition', id: ids.p1, orgId: a.id, text: '反映县住建局局长在工程建设项目招投标中收受贿赂' });
      await indexDocument(trx, { type: 'petition', id: ids.p2, orgId: a.id, text: '城管大队在执法过程中粗暴对待摊贩，乱罚款' });
      await indexDocuments(trx, [
        { type: 'petition', id: ids.p3, orgId: b.id, text: '乙县交通局的道路工程偷工减料' },
        { type: 'petition', id: ids.p4, orgId: b.id, text: '乡镇干部优亲厚友，违规发放低保' },
        { type: 'clue', id: ids.clue, orgId: a.id, text: '线索：工程款被挪用' },
      ]);
    });
  });
  afterAll(async () => t.drop());

  it('finds two-character words (工程, 执法) within the scope and the document types asked for', async () => {
    const all = await search([root.path], '工程');
    expect(all.hits.map((h) => h.id).sort()).toEqual([ids.p1, ids.p3].sort());
    expect(all.total).toBe(2);
    expect((await search([root.path], '执法')).hits.map((h) => h.id)).toEqual([ids.p2]);
    expect((await search([a.path], '工程')).hits.map((h) => h.id)).toEqual([ids.p1]);
    expect((await search([a.path], '工程', ['petition', 'clue'])).hits.map((h) => h.id).sort()).toEqual([ids.p1, ids.clue].sort());
    expect((await search([], '工程')).total).toBe(0);
    // Every word of the query must be there.
    expect((await search([root.path], '工程 贿赂')).hits.map((h) => h.id)).toEqual([ids.p1]);
    expect((await search([root.path], '低保')).hits.map((h) => h.id)).toEqual([ids.p4]);
    // Query syntax is not passed through: quotes, operators and punctuation are just text.
    expect((await search([root.path], '"工程"* ^(')).total).toBe(2);
    expect((await search([root.path], '***')).total).toBe(0);
  });

  it('lists the newest first and counts exactly up to the cap, then says there are more', async () => {
    const many = (n: number, word: string) => Array.from({ length: n }, (_, i) => ({ type: 'petition', id: newId(), orgId: b.id, text: `${word}问题第${i}件` }));
    const under = many(SEARCH_COUNT_CAP, '扶贫');
    const over = many(SEARCH_COUNT_CAP + 5, '低保金');
    await t.db.transaction().execute((trx) => indexDocuments(trx, [...under, ...over]));
    const exact = await search([root.path], '扶贫');
    expect(exact).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: false });
    expect(exact.hits.map((h) => h.id)).toEqual(under.slice(-20).reverse().map((d) => d.id)); // indexed last, listed first
    // The last page within the cap, and past it.
    const last = await searchDocuments(t.db, dialect, { paths: [root.path] }, { types: ['petition'], query: '扶贫', limit: 20, offset: SEARCH_COUNT_CAP - 10 });
    expect(last).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: false });
    expect(last.hits.map((h) => h.id)).toEqual(under.slice(0, 10).reverse().map((d) => d.id));
    const beyond = await searchDocuments(t.db, dialect, { paths: [root.path] }, { types: ['petition'], query: '扶贫', limit: 20, offset: SEARCH_COUNT_CAP });
    expect(beyond).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: false, hits: [] });
    const capped = await search([root.path], '低保金');
    expect(capped).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(capped.hits.map((h) => h.id)).toEqual(over.slice(-20).reverse().map((d) => d.id));
    expect((await search([a.path], '低保金')).total).toBe(0); // the cap is counted within the scope
    await t.db.transaction().execute((trx) => removeDocuments(trx, 'petition', [...under, ...over].map((d) => d.id)));
  });

  it('gives the same pages of a frequent word whether they are found by walking the newest documents or read from the index', async () => {
    // More than the cap of petitions in scope (b), interleaved with documents out of scope (a) and of
    // another type (clues): on PostgreSQL the first pages are found by walking the newest documents,
    // deeper ones from the index, in a subtree and in the whole tree alike.
    const docs = Array.from({ length: 3 * (SEARCH_COUNT_CAP + 40) }, (_, i) => ({
      type: i % 3 === 0 ? 'clue' : 'petition', id: newId(), orgId: i % 2 ? a.id : b.id, text: `信访件${i}：违规发放补助金`,
    }));
    await t.db.transaction().execute((trx) => indexDocuments(trx, docs));
    const newestFirst = (keep: (d: (typeof docs)[number]) => boolean) => docs.filter(keep).reverse().map((d) => d.id);
    const inB = newestFirst((d) => d.orgId === b.id && d.type === 'petition');
    const everywhere = newestFirst((d) => d.type === 'petition');
    expect(inB.length).toBeGreaterThan(SEARCH_COUNT_CAP + 20);
    const pages = async (scope: { paths: string[]; whole?: boolean }, expected: string[]) => {
      const plans: string[] = [];
      for (const offset of [0, 20, 80, 100, 120, 960, 1020]) {
        const found = await searchDocuments(t.db, dialect, scope, { types: ['petition'], query: '补助金', limit: 20, offset });
        expect(found).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
        expect(found.hits.map((h) => h.id), `offset ${offset}`).toEqual(expected.slice(offset, offset + 20));
        plans.push(found.plan);
      }
      return plans;
    };
    const scoped = { paths: [b.path] };
    const whole = { paths: [root.path], whole: true };
    const counted = ['count+newest', 'count+newest', 'count+newest', 'count+index', 'count+index', 'count+index', 'count+index'];
    if (dialect === 'sqlite') {
      expect(new Set([...await pages(scoped, inB), ...await pages(whole, everywhere)])).toEqual(new Set(['fts5']));
    } else {
      expect(await pages(whole, everywhere)).toEqual(counted);
      expect(await pages(scoped, inB)).toEqual(counted);
    }
    await t.db.transaction().execute((trx) => removeDocuments(trx, 'clue', docs.filter((d) => d.type === 'clue').map((d) => d.id)));
    await t.db.transaction().execute((trx) => removeDocuments(trx, 'petition', docs.filter((d) => d.type === 'petition').map((d) => d.id)));
  });

  it.runIf(dialect === 'postgres')('walks only the newest documents of the type asked for, not the newer ones of other types', async () => {
    // The newest documents are all clues: a petition search must not walk through them first.
    const docs = (type: string, n: number) => Array.from({ length: n }, (_, i) => ({ type, id: newId(), orgId: b.id, text: `${type}第${i}件：违规发放津贴` }));
    const petitions = docs('petition', 1500);
    const clues = docs('clue', 3000);
    await t.db.transaction().execute((trx) => indexDocuments(trx, [...petitions, ...clues]));
    await sql`analyze search_docs`.execute(t.db);
    const q = { types: ['petition'], query: '津贴', limit: 20, offset: 0 };
    const compiled = pageQuery(t.db, dialect, { paths: [root.path], whole: true }, q, ['津贴'], 'newest').compile();
    const plan = await t.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, costs off) ${compiled.sql}`, [...compiled.parameters]));
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('search_docs_type_newest');
    expect(text).not.toMatch(/Rows Removed by Filter: [1-9]\d{3}/); // no thousands of clues tested
    const found = await searchDocuments(t.db, dialect, { paths: [root.path], whole: true }, q);
    expect(found).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, plan: 'count+newest' });
    expect(found.hits.map((h) => h.id)).toEqual(petitions.slice(-20).reverse().map((d) => d.id));
    await t.db.transaction().execute(async (trx) => {
      await removeDocuments(trx, 'petition', petitions.map((d) => d.id));
      await removeDocuments(trx, 'clue', clues.map((d) => d.id));
    });
  });

  it.runIf(dialect === 'postgres')('counts a frequent word from a sample of its matches, and a word mostly outside the scope exactly', async () => {
    // 12,000 matches: more than GIN samples, so the sample holds only part of them. Across the tree
    // the sample alone shows more than the cap; in a (a twentieth of the matches) it cannot, and the
    // exact count must follow.
    const docs = Array.from({ length: 12_000 }, (_, i) => ({ type: 'petition', id: newId(), orgId: i % 20 ? b.id : a.id, text: `第${i}件：违规发放奖金` }));
    await t.db.transaction().execute((trx) => indexDocuments(trx, docs));
    // GIN samples only matches in its main structure, not those still in its list of recent
    // insertions, which VACUUM (autovacuum in a deployment) moves there.
    await sql`select gin_clean_pending_list('search_docs_tsv_petition'::regclass)`.execute(t.db);
    const whole = await searchDocuments(t.db, dialect, { paths: [root.path], whole: true }, { types: ['petition'], query: '奖金', limit: 20, offset: 0 });
    expect(whole).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, counted: 'sample', plan: 'count+newest' });
    expect(whole.hits.map((h) => h.id)).toEqual(docs.slice(-20).reverse().map((d) => d.id));
    const inA = docs.filter((d) => d.orgId === a.id).reverse().map((d) => d.id);
    const scoped = await searchDocuments(t.db, dialect, { paths: [a.path] }, { types: ['petition'], query: '奖金', limit: 20, offset: 580 });
    expect(scoped).toMatchObject({ total: inA.length, totalCapped: false, counted: 'exact', plan: 'count+index' });
    // The sampling setting stays on the sessions that sample: the page read from the index right
    // after is every match, not a sample.
    expect(scoped.hits.map((h) => h.id)).toEqual(inA.slice(580, 600));
    await t.db.transaction().execute((trx) => removeDocuments(trx, 'petition', docs.map((d) => d.id)));
  });

  it.runIf(dialect === 'postgres')('counts one type from its own index, never reading the matches of other types', async () => {
    // 20,000 clues and 30 of 3,030 reports hold the word: the reports' count must not pass through the clues.
    const docs = (type: string, n: number, text: string) => Array.from({ length: n }, (_, i) => ({ type, id: newId(), orgId: b.id, text: `${type}第${i}件：${text}` }));
    const clues = docs('clue', 20_000, '公安派出所');
    const petitions = [...docs('petition', 30, '公安派出所'), ...docs('petition', 3000, '乡镇卫生院')];
    await t.db.transaction().execute((trx) => indexDocuments(trx, [...clues, ...petitions]));
    // As autovacuum leaves a deployment: the indexes' lists of recent insertions merged, statistics fresh.
    await sql`vacuum analyze search_docs`.execute(t.db);
    const compiled = countQuery(t.db, dialect, { paths: [root.path], whole: true }, ['petition'], ['公安']).compile();
    const plan = await t.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, costs off) ${compiled.sql}`, [...compiled.parameters]));
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('search_docs_tsv_petition');
    expect(text).not.toMatch(/Rows Removed by Filter/);
    expect((await search([root.path], '公安')).total).toBe(30);
    expect((await search([root.path], '公安', ['clue'])).total).toBe(SEARCH_COUNT_CAP);
    await t.db.transaction().execute(async (trx) => {
      await removeDocuments(trx, 'petition', petitions.map((d) => d.id));
      await removeDocuments(trx, 'clue', clues.map((d) => d.id));
    });
  });

  it.runIf(dialect === 'postgres')('counts a query of two words exactly, without a sample', async () => {
    // GIN samples each word on its own: the common matches of two frequent words are sampled at the
    // product of the two rates, so the sample would say little and the exact count follow anyway.
    const docs = Array.from({ length: 12_000 }, (_, i) => ({ type: 'petition', id: newId(), orgId: b.id, text: `第${i}件：违规发放奖金和津贴` }));
    await t.db.transaction().execute((trx) => indexDocuments(trx, docs));
    await sql`select gin_clean_pending_list('search_docs_tsv_petition'::regclass)`.execute(t.db);
    const found = await searchDocuments(t.db, dialect, { paths: [root.path], whole: true }, { types: ['petition'], query: '奖金 津贴', limit: 20, offset: 0 });
    expect(found).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, counted: 'exact', plan: 'count+newest' });
    expect(found.hits.map((h) => h.id)).toEqual(docs.slice(-20).reverse().map((d) => d.id));
    await t.db.transaction().execute((trx) => removeDocuments(trx, 'petition', docs.map((d) => d.id)));
  });

  it('follows changes and removals', async () => {
    await t.db.transaction().execute(async (trx) => {
      await indexDocument(trx, { type: 'petition', id: ids.p2, orgId: a.id, text: '执法人员吃拿卡要' });
      await removeDocuments(trx, 'petition', [ids.p4]);
    });
    expect((await search([root.path], '执法')).hits.map((h) => h.id)).toEqual([ids.p2]);
    expect((await search([root.path], '摊贩')).total).toBe(0);
    expect((await search([root.path], '低保')).total).toBe(0);
    await rebuildFullTextIndex(t.db, dialect);
    expect((await search([root.path], '执法')).hits.map((h) => h.id)).toEqual([ids.p2]);
  });

  it('is whole again after a backup is restored into an empty database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiandu-search-'));
    const file = path.join(dir, 'b.jdb');
    const target = await freshDatabase(dialect, { migrate: false });
    try {
      await backupTo(t, crypto, file);
      await restoreFrom(target, crypto, file);
      const found = await searchDocuments(target.db, dialect, { paths: [root.path] }, { types: ['petition'], query: '工程', limit: 10, offset: 0 });
      expect(found.hits.map((h) => h.id).sort()).toEqual([ids.p1, ids.p3].sort());
      // New documents after the restore are indexed too (identity ids continue after the restored ones).
      await target.db.transaction().execute((trx) => indexDocument(trx, { type: 'petition', id: newId(), orgId: a.id, text: '水利工程' }));
      expect((await searchDocuments(target.db, dialect, { paths: [root.path] }, { types: ['petition'], query: '水利', limit: 10, offset: 0 })).total).toBe(1);
    } finally {
      await target.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
