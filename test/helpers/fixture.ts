// A small, fully known data set: 示例省 → 甲市 → 甲一县 / 甲二县, each with a few units and officials.
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/core/ids.js';

export interface Fixture {
  orgs: Record<string, { id: string; path: string }>;
  officials: Record<string, string>;
  posts: Record<string, string>;
}

const NOW = '2026-01-01T00:00:00.000Z';

export async function loadFixture(db: Db): Promise<Fixture> {
  const orgs: Fixture['orgs'] = {};
  const add = async (key: string, name: string, parent: string | null, level: string, kind: string) => {
    const id = newId();
    const p = parent ? orgs[parent] : null;
    const path = `${p ? p.path : '/'}${id}/`;
    await db.insertInto('orgs').values({
      id, parent_id: p?.id ?? null, path, depth: path.split('/').length - 3, name, short_name: null, level, kind, code: key,
      sort_order: 0, search_text: name, created_at: NOW, updated_at: NOW,
    }).execute();
    orgs[key] = { id, path };
  };
  await add('province', '示例省', null, 'province', 'region');
  await add('provinceCommission', '示例省纪委监委', 'province', 'province', 'commission');
  await add('finance', '示例省财政厅', 'province', 'province', 'department');
  await add('stationed', '驻省财政厅纪检监察组', 'provinceCommission', 'province', 'stationed_group');
  await add('city', '甲市', 'province', 'city', 'region');
  await add('county1', '甲一县', 'city', 'county', 'region');
  await add('county1Committee', '中共甲一县委', 'county1', 'county', 'party_committee');
  await add('county1Finance', '甲一县财政局', 'county1', 'county', 'department');
  await add('county2', '甲二县', 'city', 'county', 'region');
  await add('county2Committee', '中共甲二县委', 'county2', 'county', 'party_committee');
  await db.insertInto('org_stationed').values({ group_org_id: orgs.stationed.id, unit_org_id: orgs.finance.id }).execute();

  const officials: Record<string, string> = {};
  const posts: Record<string, string> = {};
  const person = async (key: string, name: string, org: string, title: string, start: string, principal: boolean, keyPost: boolean) => {
    const id = newId();
    officials[key] = id;
    await db.insertInto('officials').values({
      id, org_id: orgs[org].id, name, gender: 'M', birth_date: '1970-01-01', ethnicity: '汉族', education: '研究生', party_member: 1,
      id_number_enc: null, id_number_tail: null, current_title: title, search_text: name, created_at: NOW, updated_at: NOW,
    }).execute();
    const postId = newId();
    posts[key] = postId;
    await db.insertInto('posts').values({
      id: postId, official_id: id, org_id: orgs[org].id, title, rank: null, division: null, is_team_member: 1,
      is_principal: principal ? 1 : 0, is_key_post: keyPost ? 1 : 0, start_date: start, end_date: null, created_at: NOW, updated_at: NOW,
    }).execute();
  };
  // Tenure on 2026-06-01: 李一 8 years (key, principal) → warning; 王二 5 years exactly (key) → warning;
  // 张三 4 years (key) → none; 赵四 9 years but not a key post → none; 钱五 10 years, deputy → none.
  await person('li', '李一', 'county1Committee', '县委书记', '2018-03-01', true, true);
  await person('wang', '王二', 'county1Finance', '党组书记、局长', '2021-06-01', true, true);
  await person('zhang', '张三', 'county2Committee', '县委书记', '2022-01-15', true, true);
  await person('zhao', '赵四', 'finance', '党组书记、厅长', '2017-01-01', true, false);
  await person('qian', '钱五', 'county1Finance', '副局长', '2016-01-01', false, true);
  return { orgs, officials, posts };
}
