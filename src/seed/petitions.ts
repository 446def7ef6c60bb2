// Demo reports (信访举报): a few thousand over the two years before "today", with realistic repeats
// (the same matter reported again in other words, by other channels), concentrations on a few
// officials and units, named and anonymous reporters (identities sealed with per-record keys), and
// every state. Deterministic: all draws come from the demo's Rng, all ids from its IdSource.
import type { Insertable } from 'kysely';
import type { CryptoBox } from '../core/crypto.js';
import type { Trx } from '../core/module.js';
import { freshKey } from '../core/sealed.js';
import { indexDocuments } from '../db/search.js';
import type { DB } from '../db/schema.js';
import { classify } from '../modules/petitions/classify.js';
import { reportText, serialFor } from '../modules/petitions/petition-store.js';
import { fromDay, toDay, weightedTable, type IdSource, type Rng } from './random.js';
import type { ScaleContributor } from './scale-modules.js';

export interface PetitionSeedArgs {
  rng: Rng;
  ids: IdSource;
  today: string;
  /** Reports to generate (about). */
  reports?: number;
}

// Problems as a petition office would summarise them: [summary, content], {o} the unit, {n} the official, {p} a project.
const PROBLEMS: [string, string][] = [
  ['反映{n}在{p}招投标中收受贿赂', '反映{o}{n}在{p}招投标过程中收受施工单位负责人好处费，并为其中标提供帮助，工程质量存在问题。'],
  ['反映{n}违规干预{p}工程建设', '反映{n}多次打招呼干预{p}工程分包，指定亲属关联企业承接土方工程，从中获取利益。'],
  ['反映{o}执法人员吃拿卡要', '反映{o}执法人员在检查中吃拿卡要，对个体商户随意罚款，执法不公，群众意见很大。'],
  ['反映{n}违规审批用地', '反映{n}在{p}用地审批中违规办理许可手续，将耕地变更为建设用地，涉嫌利益输送。'],
  ['反映{o}违规发放津贴补贴', '反映{o}以会议费、培训费名义套取财政资金，违规向职工发放津贴补贴。'],
  ['反映{n}公款吃喝、公车私用', '反映{n}经常以接待名义公款吃喝，周末驾驶公车办私事，违反中央八项规定精神。'],
  ['反映{n}违规提拔干部', '反映{n}在干部选拔中搞突击提拔，违规提拔身边工作人员，选人用人问题突出。'],
  ['反映{o}在低保评定中优亲厚友', '反映{o}在低保和惠农补贴评定中优亲厚友，克扣截留群众补贴资金。'],
  ['反映{n}生活作风问题', '反映{n}长期出入高档娱乐场所，参与赌博，生活作风不检点，家风不正。'],
  ['反映{o}工作推诿不作为', '反映{o}对群众反映的问题推诿扯皮，不作为、慢作为，形式主义、官僚主义问题突出。'],
  ['反映{n}在政府采购中指定供应商', '反映{n}在{p}政府采购中指定供应商，抬高采购价格，收受回扣。'],
  ['反映{n}违规经商办企业', '反映{n}以亲属名义入股企业，利用职务影响为该企业承揽业务，违规经商办企业。'],
  ['反映{o}学校招生违规', '反映{o}在招生中违规收取择校费，校长收受家长红包礼金。'],
  ['反映{n}搞团团伙伙', '反映{n}在单位内拉帮结派、搞团团伙伙，对上级决策部署阳奉阴违。'],
  ['反映{o}医保基金使用问题', '反映{o}虚构医疗服务套取医保基金，药品采购中收受回扣。'],
  ['反映{n}违规发放贷款', '反映{n}利用职务便利违规向关联企业发放贷款，收受企业好处费。'],
];
const AGAIN = ['再次', '继续', '重复', '多次'];
const TAILS = ['请求组织调查处理。', '群众反映强烈，希望尽快核查。', '此前已反映，至今未见处理结果。', '有相关票据和照片为证。', ''];
const PROJECTS = ['城南道路改造工程', '老旧小区改造项目', '污水处理厂扩建工程', '工业园区基础设施项目', '乡村振兴示范点建设', '体育馆新建工程', '河道综合治理项目', '保障性住房项目'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const CHANNELS = weightedTable([['letter', 30], ['visit', 15], ['phone', 15], ['online', 35], ['transferred', 5]] as const);
const STATES = weightedTable([['registered', 15], ['processing', 30], ['to_clue', 15], ['closed', 40]] as const);
const RESULTS = ['经初步核实，反映问题部分属实，已转相关部门处理。', '经核查，反映问题不属实，予以了结。', '已转问题线索，按程序处置。', '已责令整改，向反映人反馈。'];


function idNumber(rng: Rng): string {
  const body = `${rng.int(110000, 659999)}${rng.int(1955, 2000)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(100, 999))}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export interface Subject { officialId: string | null; name: string; orgId: string; role: string; orgName: string }

export interface GeneratedPetitions {
  matters: Insertable<DB['petition_matters']>[];
  petitions: Insertable<DB['petitions']>[];
  subjects: Insertable<DB['petition_subjects']>[];
  docs: { type: string; id: string; orgId: string; text: string }[];
  /** Named reporters, in plain text, for the caller to seal under each report's key. */
  identities: { id: string; name: string; idNumber: string | null; contact: string }[];
}

/** Pure generation: matters with repeats, reports, subjects and index texts (identities left to seal). */
export function generatePetitions(a: { rng: Rng; ids: IdSource; today: string; subjects: Subject[]; target: number; createdBy: string }): GeneratedPetitions {
  const { rng, ids, subjects, target } = a;
  const todayDay = toDay(a.today);
  const out: GeneratedPetitions = { matters: [], petitions: [], subjects: [], docs: [], identities: [] };
  if (!subjects.length) return out;
  // Concentrations: a few officials and units draw many reports.
  const hot = rng.shuffle([...subjects]).slice(0, 12);
  const hotOrgs = [...new Set(rng.shuffle([...subjects]).slice(0, 4).map((s) => s.orgId))];
  const byOrg = new Map<string, Subject[]>();
  for (const s of subjects) {
    const list = byOrg.get(s.orgId);
    if (list) list.push(s);
    else byOrg.set(s.orgId, [s]);
  }
  const timestamp = `${a.today}T00:00:00.000Z`;
  const pickSubject = (): Subject => {
    const r = rng.next();
    if (r < 0.25) return rng.pick(hot);
    if (r < 0.4) return rng.pick(byOrg.get(rng.pick(hotOrgs))!);
    return rng.pick(subjects);
  };

  while (out.petitions.length < target) {
    const subject = pickSubject();
    const [summaryT, contentT] = rng.pick(PROBLEMS);
    const project = rng.pick(PROJECTS);
    const fill = (s: string) => s.replaceAll('{n}', subject.name).replaceAll('{o}', subject.orgName).replaceAll('{p}', project);
    const first = todayDay - rng.int(0, 730);
    // A matter: one report, or several in other words (repeats); hot subjects are reported again more.
    const repeats = rng.chance(hot.includes(subject) ? 0.7 : 0.2) ? rng.int(1, 5) : 0;
    const matterId = ids.next();
    const state = rng.weighted(STATES);
    const aboutOrg = rng.chance(0.15);
    const reports: { day: number; summary: string; content: string }[] = [];
    for (let k = 0, day = first; k <= repeats && day <= todayDay; k++, day += rng.int(10, 90)) {
      const again = k ? rng.pick(AGAIN) : '';
      reports.push({ day, summary: k ? fill(summaryT).replace('反映', `${again}反映`) : fill(summaryT), content: `${k ? again : ''}${fill(contentT)}${rng.pick(TAILS)}` });
    }
    const closedDay = state === 'closed' ? Math.min(todayDay, reports[reports.length - 1].day + rng.int(15, 60)) : null;
    out.matters.push({
      id: matterId, org_id: subject.orgId, title: reports[0].summary, status: closedDay ? 'closed' : 'open', report_count: reports.length,
      first_received_at: fromDay(reports[0].day), last_received_at: fromDay(reports[reports.length - 1].day),
      closed_at: closedDay ? `${fromDay(closedDay)}T08:00:00.000Z` : null, created_at: timestamp, updated_at: timestamp,
    });
    for (const r of reports) {
      const id = ids.next();
      const receivedAt = fromDay(r.day);
      const anonymous = rng.chance(0.55);
      const status = closedDay ? 'closed' : r === reports[0] ? state : rng.pick(['registered', 'processing'] as const);
      const c = classify(reportText(r));
      let idTail: string | null = null;
      let contactTail: string | null = null;
      if (!anonymous) {
        const person = { id, name: rng.pick(SURNAMES) + rng.pick(['某', '先生', '女士', '建国', '秀英', '志强']), idNumber: rng.chance(0.6) ? idNumber(rng) : null, contact: `1${rng.int(30, 99)}${String(rng.int(0, 99999999)).padStart(8, '0')}` };
        out.identities.push(person);
        idTail = person.idNumber ? person.idNumber.slice(-4) : null;
        contactTail = person.contact.slice(-2);
      }
      out.petitions.push({
        id, org_id: subject.orgId, matter_id: matterId, serial: serialFor(id, receivedAt), channel: rng.weighted(CHANNELS), received_at: receivedAt,
        anonymous: anonymous ? 1 : 0, reporter_name_enc: null, reporter_id_enc: null, reporter_id_tail: idTail,
        reporter_contact_enc: null, reporter_contact_tail: contactTail, summary: r.summary, content: r.content,
        discipline: c.discipline, sector: c.sector, status, result: status === 'closed' ? rng.pick(RESULTS) : null, created_by: a.createdBy,
        closed_at: status === 'closed' && closedDay ? `${fromDay(closedDay)}T08:00:00.000Z` : null, created_at: `${receivedAt}T09:00:00.000Z`, updated_at: timestamp,
      });
      out.subjects.push(aboutOrg
        ? { petition_id: id, subject_type: 'org', subject_id: subject.orgId, org_id: subject.orgId, role: 'org', received_at: receivedAt }
        : { petition_id: id, subject_type: 'official', subject_id: subject.officialId!, org_id: subject.orgId, role: subject.role, received_at: receivedAt });
      out.docs.push({ type: 'petition', id, orgId: subject.orgId, text: reportText(r) });
    }
  }
  // Indexed in the order the reports came in, as a live system indexes them: search lists the newest
  // index entries first.
  const received = new Map(out.petitions.map((p) => [p.id, p.received_at]));
  out.docs.sort((x, y) => received.get(x.id)!.localeCompare(received.get(y.id)!) || x.id.localeCompare(y.id));
  return out;
}

export async function seedPetitions(trx: Trx, crypto: CryptoBox, args: PetitionSeedArgs): Promise<{ petitions: number; matters: number; keys: number }> {
  const creator = await trx.selectFrom('users').select('id').where('username', '=', 'petition').executeTakeFirst()
    ?? await trx.selectFrom('users').select('id').orderBy('username').limit(1).executeTakeFirstOrThrow();
  const posts = await trx.selectFrom('posts')
    .innerJoin('officials', 'officials.id', 'posts.official_id').innerJoin('orgs', 'orgs.id', 'posts.org_id')
    .select(['officials.id', 'officials.name', 'posts.org_id', 'posts.is_principal', 'orgs.name as org_name'])
    .where('posts.end_date', 'is', null).where('posts.is_team_member', '=', 1)
    .where('orgs.kind', 'not in', ['commission', 'stationed_group'])
    .orderBy('posts.id').execute();
  const subjects: Subject[] = posts.map((p) => ({ officialId: p.id, name: p.name, orgId: p.org_id, role: p.is_principal === 1 ? 'principal' : 'team_member', orgName: p.org_name }));
  const g = generatePetitions({ rng: args.rng, ids: args.ids, today: args.today, subjects, target: args.reports ?? 2400, createdBy: creator.id });
  // Each named reporter's fields sealed under that report's own key.
  const keys: Insertable<DB['record_keys']>[] = [];
  const byId = new Map(g.petitions.map((p) => [p.id, p]));
  for (const who of g.identities) {
    const k = freshKey(crypto, who.id);
    keys.push({ ...k.row, created_at: `${args.today}T00:00:00.000Z` });
    const row = byId.get(who.id)!;
    row.reporter_name_enc = k.seal(who.name);
    row.reporter_id_enc = k.seal(who.idNumber);
    row.reporter_contact_enc = k.seal(who.contact);
  }
  const insert = async <T extends keyof DB>(table: T, rows: Insertable<DB[T]>[]) => {
    const size = Math.max(1, Math.floor(30000 / Math.max(1, Object.keys(rows[0] ?? {}).length)));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (let i = 0; i < rows.length; i += Math.min(500, size)) await trx.insertInto(table).values(rows.slice(i, i + Math.min(500, size)) as any).execute();
  };
  await insert('petition_matters', g.matters);
  await insert('record_keys', keys);
  await insert('petitions', g.petitions);
  await insert('petition_subjects', g.subjects);
  await indexDocuments(trx, g.docs);
  return { petitions: g.petitions.length, matters: g.matters.length, keys: keys.length };
}

/** Reports per official at the scales (city: ≈136,000 officials → ≈300,000 reports, as issue #7 sizes it). */
const REPORTS_PER_OFFICIAL = 2.2;

/** The scale generator's petitions: per slice of the tree, reports on that slice's team members;
 *  named reporters' names sealed on the sealer's worker threads (one key per report). */
export const petitionsScale: ScaleContributor = {
  module: 'petitions',
  async perChunk(ctx) {
    const names = new Map(ctx.officials.map((o) => [o.id, o.name]));
    const orgNames = new Map(ctx.orgs.map((o) => [o.row.id, o.row.name]));
    const kinds = new Map(ctx.orgs.map((o) => [o.row.id, o.row.kind]));
    const subjects: Subject[] = ctx.posts
      .filter((p) => p.end_date === null && p.is_team_member === 1 && names.has(p.official_id) && orgNames.has(p.org_id)
        && kinds.get(p.org_id) !== 'commission' && kinds.get(p.org_id) !== 'stationed_group')
      .map((p) => ({ officialId: p.official_id, name: names.get(p.official_id)!, orgId: p.org_id, role: p.is_principal === 1 ? 'principal' : 'team_member', orgName: orgNames.get(p.org_id)! }));
    const g = generatePetitions({ rng: ctx.rng, ids: ctx.ids, today: ctx.today, subjects, target: Math.round(ctx.officials.length * REPORTS_PER_OFFICIAL), createdBy: 'seed' });
    const sealed = await ctx.sealer.seal(g.identities.map((i) => i.id), g.identities.map((i) => i.name));
    const byId = new Map(g.petitions.map((p) => [p.id, p]));
    g.identities.forEach((who, i) => {
      byId.get(who.id)!.reporter_name_enc = sealed.sealed[i];
    });
    const keys = g.identities.map((who, i) => ({ id: who.id, wrapped_key: sealed.wrapped[i], created_at: ctx.timestamp }));
    await ctx.insert(ctx.trx, 'petition_matters', g.matters);
    await ctx.insert(ctx.trx, 'record_keys', keys);
    await ctx.insert(ctx.trx, 'petitions', g.petitions);
    await ctx.insert(ctx.trx, 'petition_subjects', g.subjects);
    await indexDocuments(ctx.trx, g.docs);
    return { petition_matters: g.matters.length, petitions: g.petitions.length, petition_subjects: g.subjects.length, search_docs: g.docs.length, record_keys: keys.length };
  },
};
