// Officials, their posts (current and earlier) and their family members, generated over an org tree.
// Each team org gets a leadership team (one principal + deputies with 分管), plus non-team cadres;
// stationed groups and inspection offices get staff only. Tenure of key-post principals is planted
// so that ≈10% have served 5+ years (some right at the boundary, some 8–10 years).
import type { FamilyMemberTable, OfficialTable, PostTable } from '../db/schema.js';
import { makeIdNumber } from './idnumber.js';
import {
  BUSINESS_POSITIONS,
  COMPANY_BRANDS,
  EDUCATION,
  ETHNICITIES,
  type Gender,
  ORDINARY_JOBS,
  SECTOR_BUSINESS,
  personName,
  pickSurname,
} from './names.js';
import { KEY_SECTORS, type Level, type OrgInfo, type OrgTree } from './orgs.js';
import { type IdSource, type Rng, fromDay, shiftYears, toDay, weightedTable, wholeYears } from './random.js';

export const RANKS = ['正部级', '副部级', '正厅级', '副厅级', '正处级', '副处级', '正科级', '副科级'] as const;
export type Rank = (typeof RANKS)[number];

const LEVEL_BASE: Record<Level, number> = { province: 0, city: 2, county: 4, township: 6 };
const r7 = (n: number) => Math.min(7, n);

export interface TitleSpec {
  title: string;
  rank: number; // index into RANKS
  team: boolean;
  repeat?: boolean; // may be held by several members of one team (副县长 …)
  divisions?: readonly string[];
}

export interface TeamTemplate {
  principal: TitleSpec | null;
  core: TitleSpec[]; // always filled first, in order
  pool: TitleSpec[]; // further members drawn from here
  size: readonly [number, number];
  fixedStaff: TitleSpec[]; // non-team posts always present (组长 of a stationed group …)
  staffPool: TitleSpec[]; // further non-team cadres
}

const t = (title: string, rank: number, divisions?: readonly string[], repeat = false): TitleSpec => ({
  title,
  rank: r7(rank),
  team: true,
  divisions,
  repeat,
});
const s = (title: string, rank: number): TitleSpec => ({ title, rank: r7(rank), team: false });

const GOV_DIVS = [
  '分管自然资源、住房城乡建设、交通运输工作',
  '分管教育、卫生健康、文化旅游工作',
  '分管农业农村、水利、乡村振兴工作',
  '分管发展改革、工业和信息化、商务工作',
  '分管公安、司法、应急管理工作',
  '分管生态环境、市场监管工作',
  '分管民政、人力资源社会保障、退役军人事务工作',
];
const CONGRESS_DIVS = [
  '分管法制、监察和司法工作',
  '分管财政经济、预算工作',
  '分管教育科学文化卫生工作',
  '分管农业与农村工作',
  '分管城乡建设环境保护工作',
  '分管民族宗教侨务外事工作',
];
const CPPCC_DIVS = [
  '分管提案工作',
  '分管经济委员会工作',
  '分管文史和学习委员会工作',
  '分管社会和法制委员会工作',
  '分管农业和农村委员会工作',
  '分管港澳台侨和外事委员会工作',
];
const COMMISSION_DIVS = [
  '分管第一、第二监督检查室工作',
  '分管第三、第四监督检查室工作',
  '分管审查调查室、审理室工作',
  '分管案件监督管理室、干部监督室工作',
  '分管派驻机构、巡视巡察工作',
];
const COMMISSION_MEMBER_DIVS = ['分管组织部、宣传部工作', '分管研究室、法规室工作', '分管审理室工作', '分管信访室工作'];
const COMMISSION_OFFICES = [
  '党风政风监督室主任',
  '第一监督检查室主任',
  '第二监督检查室主任',
  '第三监督检查室主任',
  '信访室主任',
  '案件监督管理室主任',
  '审理室主任',
  '干部监督室主任',
];
const ORGDEPT_DIVS = ['分管组织工作、基层党建工作', '分管干部监督、公务员管理工作', '分管人才工作', '分管干部教育培训工作'];
const SOE_DIVS = ['分管工程建设、安全生产工作', '分管投融资、资本运营工作', '分管经营开发工作', '分管运营管理、信息化工作'];
const UNI_DIVS = ['分管本科教学工作', '分管科研、学科建设工作', '分管后勤、基建工作', '分管国际交流与合作工作', '分管研究生教育工作'];
const ZONE_DIVS = ['分管招商引资工作', '分管规划建设、国土工作', '分管企业服务、安全生产工作', '分管财政金融工作', '分管社会事务工作'];
const TOWN_DIVS = [
  '分管农业农村、水利工作',
  '分管城乡建设、自然资源工作',
  '分管安全生产、应急管理工作',
  '分管教育、卫生、民政工作',
  '分管经济发展、招商引资工作',
];
const SECTOR_DIVS: Record<string, readonly string[]> = {
  finance: ['分管预算、国库{U}工作', '分管税政、综合{U}工作', '分管经济建设、农业农村{U}工作', '分管社会保障、行政政法{U}工作', '分管政府采购、资产管理工作', '分管债务管理、金融{U}工作'],
  natural_resources: ['分管国土空间规划工作', '分管耕地保护、土地利用工作', '分管矿产资源管理工作', '分管不动产登记、测绘地理信息工作', '分管执法监察工作'],
  construction: ['分管建筑市场监管、工程质量安全工作', '分管房地产市场、住房保障工作', '分管城市建设、村镇建设工作', '分管招标投标、造价管理工作'],
  transport: ['分管公路建设、养护工作', '分管运输管理、安全监督工作', '分管规划、建设管理工作', '分管综合执法工作'],
  development: ['分管固定资产投资、重大项目工作', '分管价格、收费管理工作', '分管产业发展、能源工作', '分管招标投标监管工作'],
  public_security: ['分管刑侦、经侦工作', '分管治安、交警工作', '分管警务保障、督察工作', '分管出入境、网安工作'],
};
const GENERIC_DEPT_DIVS = [
  '分管办公室、人事{U}工作',
  '分管政策法规、行政审批工作',
  '分管规划财务{U}工作',
  '分管机关党建、宣传工作',
  '分管业务一{U}、业务二{U}工作',
  '分管执法监督、安全生产工作',
];
const UNIT_CHAR: Record<Level, string> = { province: '处', city: '科', county: '股', township: '办' };

function staffPoolFor(level: Level): TitleSpec[] {
  switch (level) {
    case 'province':
      return [s('一级巡视员', 2), s('二级巡视员', 3), s('办公室主任', 4), s('处长', 4), s('一级调研员', 4), s('副处长', 5)];
    case 'city':
      return [s('一级调研员', 4), s('二级调研员', 5), s('办公室主任', 6), s('科长', 6), s('副科长', 7)];
    case 'county':
      return [s('四级调研员', 5), s('一级主任科员', 6), s('办公室主任', 7), s('股长', 7), s('二级主任科员', 7)];
    case 'township':
      return [s('一级主任科员', 6), s('二级主任科员', 7), s('党政综合办公室主任', 7)];
  }
}

/** The leadership team and staff an org gets; null for region nodes. */
export function teamTemplate(org: OrgInfo): TeamTemplate | null {
  const level = org.row.level as Level;
  const b = LEVEL_BASE[level];
  const S = org.suffix;
  const staffPool = staffPoolFor(level);
  const none = { fixedStaff: [] as TitleSpec[], staffPool };
  switch (org.row.kind) {
    case 'region':
      return null;
    case 'party_committee':
      if (level === 'township')
        return {
          principal: t('党委书记', 6, ['主持全面工作']),
          core: [t(`党委副书记、${S}长`, 6, ['主持政府全面工作'])],
          pool: [
            t('党委副书记', 7, ['分管党群、组织工作']),
            t('党委委员、纪委书记', 7, ['分管纪检监察工作']),
            t('党委委员、组织委员', 7, ['分管组织、人事工作']),
            t('党委委员、宣传委员', 7, ['分管宣传、统战工作']),
            t(`党委委员、副${S}长`, 7, TOWN_DIVS, true),
            t('党委委员、武装部部长', 7, ['分管武装、平安建设工作']),
            t('人大主席', 6, [`主持${S}人大工作`]),
          ],
          size: [4, 7],
          ...none,
        };
      return {
        principal: t(`${S}委书记`, b, ['主持全面工作']),
        core: [t(`${S}委副书记`, b + 1, ['协助书记分管党的建设、党群工作'])],
        pool: [
          t(`${S}委常委、秘书长`, b + 1, [`负责${S}委办公${level === 'province' ? '厅' : '室'}日常工作`]),
          t(`${S}委常委、宣传部部长`, b + 1, ['分管宣传思想文化工作']),
          t(`${S}委常委、政法委书记`, b + 1, ['分管政法、平安建设工作']),
          t(`${S}委常委、统战部部长`, b + 1, ['分管统一战线工作']),
        ],
        size: [4, 6],
        ...none,
      };
    case 'government':
      return {
        principal: t(`${S}委副书记、${S}长`, b, ['主持政府全面工作']),
        core: [t(`${S}委常委、常务副${S}长`, b + 1, ['负责政府常务工作，分管财政、审计、税务工作'])],
        pool: [
          t(`副${S}长`, b + 1, GOV_DIVS, true),
          ...(level === 'county' ? [] : [t(`${S}政府秘书长`, b + 2, ['协助处理政府日常工作'])]),
        ],
        size: [5, 7],
        ...none,
      };
    case 'congress':
      return {
        principal: t('党组书记、主任', b, ['主持常委会全面工作']),
        core: [t('党组副书记、副主任', b + 1, ['协助主任处理常委会日常工作'])],
        pool: [t('副主任', b + 1, CONGRESS_DIVS, true), t('秘书长', b + 2, ['负责常委会机关日常工作'])],
        size: [3, 5],
        ...none,
      };
    case 'cppcc':
      return {
        principal: t('党组书记、主席', b, ['主持政协全面工作']),
        core: [t('党组副书记、副主席', b + 1, ['协助主席处理日常工作'])],
        pool: [t('副主席', b + 1, CPPCC_DIVS, true), t('秘书长', b + 2, ['负责政协机关日常工作'])],
        size: [3, 5],
        ...none,
      };
    case 'commission':
      return {
        principal: t(`${S}委常委、${S}纪委书记、${S}监委主任`, b + 1, ['主持全面工作']),
        core: [t(`${S}纪委副书记、${S}监委副主任`, b + 2, ['协助书记处理日常工作，分管党风政风监督室、信访室工作'])],
        pool: [t(`${S}纪委副书记、${S}监委副主任`, b + 2, COMMISSION_DIVS, true), t(`${S}纪委常委、${S}监委委员`, b + 3, COMMISSION_MEMBER_DIVS, true)],
        size: [4, 7],
        fixedStaff: [],
        staffPool: COMMISSION_OFFICES.map((title) => s(title, b + 4)),
      };
    case 'org_department':
      return {
        principal: t(`${S}委常委、组织部部长`, b + 1, ['主持全面工作']),
        core: [t('常务副部长', b + 2, ['负责部务日常工作'])],
        pool: [t('副部长', b + 3, ORGDEPT_DIVS, true)],
        size: [3, 5],
        ...none,
      };
    case 'department': {
      const dept = org.dept!;
      const H = dept.head;
      const P = dept.party;
      const member = P === '党委' ? '党委委员' : '党组成员';
      const U = UNIT_CHAR[level];
      const divs = [...(SECTOR_DIVS[org.sector ?? ''] ?? []), ...GENERIC_DEPT_DIVS].map((x) => x.replaceAll('{U}', U));
      return {
        principal: t(`${P}书记、${H}`, b + 2, ['主持全面工作']),
        core: [t(`${member}、副${H}`, b + 3, divs, true)],
        pool: [t(`${member}、副${H}`, b + 3, divs, true), t(`副${H}`, b + 3, divs, true)],
        size: [3, 6],
        ...none,
      };
    }
    case 'soe':
      return {
        principal: t('党委书记、董事长', b + 2, ['主持全面工作']),
        core: [t('党委副书记、总经理', b + 2, ['主持经营管理工作'])],
        pool: [
          t('党委委员、副总经理', b + 3, SOE_DIVS, true),
          t('党委副书记、工会主席', b + 3, ['分管党建、群团工作']),
          t('纪委书记', b + 3, ['负责纪检工作']),
          t('总会计师', b + 3, ['分管财务、资金工作']),
        ],
        size: [4, 6],
        ...none,
      };
    case 'university':
      return {
        principal: t('党委书记', b + 2, ['主持党委全面工作']),
        core: [t('党委副书记、校长', b + 2, ['主持行政全面工作'])],
        pool: [t('党委副书记', b + 3, ['分管学生、宣传工作']), t('副校长', b + 3, UNI_DIVS, true), t('纪委书记', b + 3, ['负责纪检监察工作'])],
        size: [4, 6],
        ...none,
      };
    case 'zone':
      return {
        principal: t('党工委书记', b + 2, ['主持全面工作']),
        core: [t('党工委副书记、管委会主任', b + 2, ['主持管委会全面工作'])],
        pool: [t('管委会副主任', b + 3, ZONE_DIVS, true), t('党工委委员、纪工委书记', b + 3, ['负责纪检监察工作'])],
        size: [3, 5],
        ...none,
      };
    case 'stationed_group':
      return {
        principal: null,
        core: [],
        pool: [],
        size: [0, 0],
        fixedStaff: [s('组长', b + 2), s('副组长', b + 3)],
        staffPool: [s('副组长', b + 3), ...staffPool.filter((x) => x.rank >= b + 4)],
      };
    case 'inspection_office':
      return {
        principal: null,
        core: [],
        pool: [],
        size: [0, 0],
        fixedStaff: [s('主任', b + 2), s('副主任', b + 3)],
        staffPool: [s('副主任', b + 3), ...staffPool.filter((x) => x.rank >= b + 4)],
      };
    default:
      throw new Error(`No team template for kind ${org.row.kind}`);
  }
}

export function isKeyPrincipalOrg(org: OrgInfo): boolean {
  const k = org.row.kind;
  return k === 'party_committee' || k === 'government' || k === 'commission' || (k === 'department' && KEY_SECTORS.has(org.sector ?? ''));
}

export interface PeopleShape {
  /** Non-team cadres per team org (stationed groups and inspection offices get their fixed staff plus up to one). */
  extraCadresPerOrg: readonly [number, number];
  /** Share of key-post principals planted with 5+ years in post. */
  longTenureShare: number;
}

export interface PeopleOptions {
  ids: IdSource;
  today: string;
  timestamp: string;
}

export interface People {
  officials: OfficialTable[];
  /** Plaintext ID numbers, parallel to officials (sealed by the caller). */
  officialIdNumbers: string[];
  posts: PostTable[];
  family: FamilyMemberTable[];
  familyIdNumbers: string[];
  stats: {
    keyPrincipals: number;
    longTenure: number; // key-post principals with 5+ years in post
    nearTenure: number; // key-post principals a few weeks short of 5 years
    plantedFamilyBusiness: number; // relatives planted as businesses in the official's own area and sector
  };
}

interface Seat {
  org: OrgInfo;
  spec: TitleSpec;
  principal: boolean;
  key: boolean;
  division: string | null;
  startDay: number | null; // planted tenure, when set
}

/** Ages (at today) of holders of each rank: [min, max]. */
const AGES: readonly (readonly [number, number])[] = [
  [57, 64],
  [54, 62],
  [48, 60],
  [44, 59],
  [41, 58],
  [37, 57],
  [33, 56],
  [27, 52],
];

const EARLIER_COUNT = weightedTable([
  [1, 3],
  [2, 4],
  [3, 3],
] as const);
const CHILD_COUNT = weightedTable([
  [0, 1],
  [1, 6],
  [2, 3],
] as const);

interface Candidate {
  org: OrgInfo;
  spec: TitleSpec;
}

/** Earlier-post candidates of one region, by rank: team posts and non-team posts apart. */
interface CandidateBuckets {
  team: Candidate[][];
  staff: Candidate[][];
}

export function generatePeople(rng: Rng, tree: OrgTree, shape: PeopleShape, opts: PeopleOptions): People {
  const { ids, timestamp } = opts;
  const todayDay = toDay(opts.today);
  const fiveYearsAgo = shiftYears(todayDay, -5);
  const templates = new Map<string, TeamTemplate | null>();
  const tpl = (org: OrgInfo) => {
    let x = templates.get(org.row.id);
    if (x === undefined) {
      x = teamTemplate(org);
      templates.set(org.row.id, x);
    }
    return x;
  };

  // ---- 1. Seats: who sits where, with which title and 分管 ----
  const seatRng = rng.fork('seats');
  const seats: Seat[] = [];
  // Within one team, members drawing on the same list of 分管 areas get different ones.
  const divisionOf = (spec: TitleSpec, queues: Map<readonly string[], string[]>): string | null => {
    const divs = spec.divisions;
    if (!divs || divs.length === 0) return null;
    if (divs.length === 1) return divs[0];
    let q = queues.get(divs);
    if (!q || q.length === 0) {
      q = seatRng.shuffle(divs.slice());
      queues.set(divs, q);
    }
    return q.pop()!;
  };
  for (const org of tree.orgs) {
    const tp = tpl(org);
    if (!tp) continue;
    const queues = new Map<readonly string[], string[]>();
    if (tp.principal) {
      const key = isKeyPrincipalOrg(org);
      seats.push({ org, spec: tp.principal, principal: true, key, division: divisionOf(tp.principal, queues), startDay: null });
      const hasRepeat = tp.pool.some((x) => x.repeat);
      const maxMembers = hasRepeat ? Infinity : 1 + tp.core.length + tp.pool.length;
      const size = Math.min(maxMembers, seatRng.int(tp.size[0], tp.size[1]));
      const remaining = tp.pool.slice();
      for (let i = 1; i < size; i++) {
        let spec: TitleSpec;
        if (i - 1 < tp.core.length) spec = tp.core[i - 1];
        else {
          const j = seatRng.int(0, remaining.length - 1);
          spec = remaining[j];
          if (!spec.repeat) remaining.splice(j, 1);
        }
        seats.push({ org, spec, principal: false, key: false, division: divisionOf(spec, queues), startDay: null });
      }
    }
    for (const spec of tp.fixedStaff) seats.push({ org, spec, principal: false, key: false, division: null, startDay: null });
    const [lo, hi] = tp.principal ? shape.extraCadresPerOrg : [0, 1];
    const extra = seatRng.int(lo, hi);
    for (let i = 0; i < extra && tp.staffPool.length > 0; i++) {
      seats.push({ org, spec: seatRng.pick(tp.staffPool), principal: false, key: false, division: null, startDay: null });
    }
  }

  // ---- 2. Planted tenure of key-post principals ----
  const tenureRng = rng.fork('tenure');
  const keySeats = tenureRng.shuffle(seats.filter((x) => x.key));
  const nLong = Math.round(keySeats.length * shape.longTenureShare);
  const nNear = Math.round(keySeats.length * shape.longTenureShare * 0.5);
  keySeats.forEach((seat, i) => {
    if (i < nLong) {
      if (i === 0) seat.startDay = fiveYearsAgo; // exactly five years today
      else if (i === 3) seat.startDay = shiftYears(todayDay, -10) - tenureRng.int(1, 120); // over 10 years: twice the threshold
      else if (i % 4 === 1) seat.startDay = fiveYearsAgo - tenureRng.int(91, 1000); // 5¼–7¾ years
      else if (i % 4 === 2) seat.startDay = shiftYears(todayDay, -8) - tenureRng.int(0, 700); // 8–10 years
      else seat.startDay = fiveYearsAgo - tenureRng.int(1, 90); // just over five years
    } else if (i < nLong + nNear) {
      seat.startDay = fiveYearsAgo + tenureRng.int(1, 60); // a few weeks short
    } else if (tenureRng.chance(0.08)) {
      seat.startDay = todayDay - tenureRng.int(10, 120); // newly appointed
    } else {
      seat.startDay = todayDay - tenureRng.int(121, todayDay - fiveYearsAgo - 61); // under 4 years 10 months
    }
  });

  // ---- 3. Earlier-post candidates per region: own units and units of child regions, by rank ----
  const buckets = new Map<string, CandidateBuckets>();
  const candidatesFor = (region: OrgInfo): CandidateBuckets => {
    let b = buckets.get(region.row.id);
    if (b) return b;
    b = { team: RANKS.map(() => [] as Candidate[]), staff: RANKS.map(() => [] as Candidate[]) };
    for (const r of [region, ...region.childRegions]) {
      for (const unit of r.units) {
        const tp = tpl(unit);
        if (!tp) continue;
        const specs = new Set([...tp.core, ...tp.pool, ...tp.fixedStaff, ...tp.staffPool]);
        for (const spec of specs) (spec.team ? b.team : b.staff)[spec.rank].push({ org: unit, spec });
      }
    }
    buckets.set(region.row.id, b);
    return b;
  };

  // ---- 4. People ----
  const p = rng.fork('people');
  const officials: OfficialTable[] = [];
  const officialIdNumbers: string[] = [];
  const posts: PostTable[] = [];
  const family: FamilyMemberTable[] = [];
  const familyIdNumbers: string[] = [];
  const usedIdNumbers = new Set<string>();
  const rootCodes = tree.root.areaCodes;
  let planted = 0;
  const areaFor = (org: OrgInfo) => (p.chance(0.8) ? p.pick(org.region.areaCodes) : p.pick(rootCodes));
  const yearsOld = (day: number) => wholeYears(day, todayDay);

  for (const seat of seats) {
    const { org, spec } = seat;
    const officialId = ids.next();
    const femaleShare = seat.principal ? 0.12 : spec.team ? 0.24 : 0.36;
    const gender: Gender = p.chance(femaleShare) ? 'F' : 'M';
    const name = personName(p, gender);
    const surname = name.length >= 3 && ['欧阳', '上官', '司马', '诸葛'].includes(name.slice(0, 2)) ? name.slice(0, 2) : name[0];

    let startDay: number;
    if (seat.startDay !== null) startDay = seat.startDay;
    else if (seat.principal) startDay = todayDay - p.int(30, 3300);
    else if (spec.team) startDay = todayDay - p.int(30, 2900);
    else startDay = todayDay - p.int(60, 3650);

    const [ageMin, ageMax] = AGES[spec.rank];
    const birthHi = Math.min(shiftYears(todayDay, -ageMin), shiftYears(startDay, -24));
    let birthLo = shiftYears(todayDay, -(ageMax + 1)) + 1;
    if (birthLo > birthHi) birthLo = birthHi - 3 * 365;
    const birthDay = p.day(birthLo, birthHi);
    const birth = fromDay(birthDay);
    const band = spec.rank <= 3 ? 0 : spec.rank <= 5 ? 1 : 2;
    const idNumber = makeIdNumber(p, areaFor(org), birth, gender, usedIdNumbers);

    officials.push({
      id: officialId,
      org_id: org.row.id,
      name,
      gender,
      birth_date: birth,
      ethnicity: p.weighted(ETHNICITIES),
      education: p.weighted(EDUCATION[band]),
      party_member: 1,
      id_number_enc: null,
      id_number_tail: idNumber.slice(-4),
      current_title: spec.title,
      search_text: name,
      created_at: timestamp,
      updated_at: timestamp,
    });
    officialIdNumbers.push(idNumber);

    posts.push({
      id: ids.next(),
      official_id: officialId,
      org_id: org.row.id,
      title: spec.title,
      rank: RANKS[spec.rank],
      division: seat.division,
      is_team_member: spec.team ? 1 : 0,
      is_principal: seat.principal ? 1 : 0,
      is_key_post: seat.key ? 1 : 0,
      start_date: fromDay(startDay),
      end_date: null,
      created_at: timestamp,
      updated_at: timestamp,
    });

    // Earlier posts: back to back before the current one, in other orgs, at the same or one rank lower.
    const earliest = shiftYears(birthDay, 22);
    const buckets = candidatesFor(org.region);
    const ranks = [spec.rank, spec.rank + 1, ...(spec.rank <= 1 ? [spec.rank + 2] : [])].filter((r) => r < RANKS.length);
    const teamTotal = ranks.reduce((n, r) => n + buckets.team[r].length, 0);
    const staffTotal = ranks.reduce((n, r) => n + buckets.staff[r].length, 0);
    const nEarlier = p.weighted(EARLIER_COUNT);
    let nextStart = startDay;
    let laterOrg = org;
    for (let k = 0; k < nEarlier; k++) {
      const end = nextStart - 1;
      if (end - earliest < 365) break;
      let start = end - p.int(540, 2190);
      if (start < earliest) start = earliest;
      let cand: Candidate | null = null;
      for (let tries = 0; tries < 12 && teamTotal + staffTotal > 0 && !cand; tries++) {
        // Mostly team posts (副县长 → 县长), sometimes non-team ones (调研员, 处长).
        const useTeam = teamTotal > 0 && (staffTotal === 0 || p.chance(0.7));
        const cands = useTeam ? buckets.team : buckets.staff;
        let i = p.int(0, (useTeam ? teamTotal : staffTotal) - 1);
        for (const r of ranks) {
          if (i < cands[r].length) {
            const c = cands[r][i];
            if (c.org !== org && c.org !== laterOrg) cand = c;
            break;
          }
          i -= cands[r].length;
        }
      }
      if (!cand) {
        const others = org.region.units.filter((u) => u !== org && u !== laterOrg && (tpl(u)?.staffPool.length ?? 0) > 0);
        if (others.length === 0) break;
        const u = p.pick(others);
        cand = { org: u, spec: tpl(u)!.staffPool[tpl(u)!.staffPool.length - 1] };
      }
      const divs = cand.spec.divisions;
      posts.push({
        id: ids.next(),
        official_id: officialId,
        org_id: cand.org.row.id,
        title: cand.spec.title,
        rank: RANKS[cand.spec.rank],
        division: divs && divs.length > 0 ? p.pick(divs) : null,
        is_team_member: cand.spec.team ? 1 : 0,
        is_principal: 0,
        is_key_post: 0,
        start_date: fromDay(start),
        end_date: fromDay(end),
        created_at: timestamp,
        updated_at: timestamp,
      });
      nextStart = start;
      laterOrg = cand.org;
      if (start === earliest) break;
    }

    // Family: spouse, children (and a child's spouse), a parent, a sibling; 2–4 in all.
    interface Member {
      relation: FamilyMemberTable['relation'];
      gender: Gender;
      name: string;
      birthDay: number;
    }
    const age = yearsOld(birthDay);
    const target = p.int(2, 4);
    const members: Member[] = [];
    let spouseSurname: string | null = null;
    if (p.chance(age >= 27 ? 0.94 : 0.6)) {
      const g: Gender = gender === 'M' ? 'F' : 'M';
      spouseSurname = pickSurname(p, surname);
      const offset = gender === 'M' ? p.int(-365, 4 * 365) : p.int(-4 * 365, 365);
      members.push({ relation: 'spouse', gender: g, name: personName(p, g, { surname: spouseSurname }), birthDay: Math.min(birthDay + offset, shiftYears(todayDay, -22)) });
    }
    if (spouseSurname && age >= 28) {
      const n = p.weighted(CHILD_COUNT);
      const childSurname = gender === 'M' ? surname : spouseSurname;
      for (let i = 0; i < n; i++) {
        const cb = shiftYears(birthDay, 24 + i * 3) + p.int(0, 8 * 365);
        if (cb > todayDay - 365) continue;
        const g: Gender = p.chance(0.5) ? 'M' : 'F';
        const young = Number(fromDay(cb).slice(0, 4)) >= 1990;
        members.push({ relation: 'child', gender: g, name: personName(p, g, { surname: childSurname, young }), birthDay: cb });
      }
      const grown = members.find((m) => m.relation === 'child' && yearsOld(m.birthDay) >= 25);
      if (grown && p.chance(0.6)) {
        const g: Gender = grown.gender === 'M' ? 'F' : 'M';
        members.push({
          relation: 'child_spouse',
          gender: g,
          name: personName(p, g, { surname: pickSurname(p, grown.name[0]), young: true }),
          birthDay: grown.birthDay + p.int(-3 * 365, 3 * 365),
        });
      }
    }
    const addParent = () => {
      const g: Gender = p.chance(0.5) ? 'M' : 'F';
      members.push({
        relation: 'parent',
        gender: g,
        name: personName(p, g, g === 'M' ? { surname } : {}),
        birthDay: shiftYears(birthDay, -p.int(22, 34)) - p.int(0, 364),
      });
    };
    const addSibling = () => {
      const g: Gender = p.chance(0.5) ? 'M' : 'F';
      members.push({
        relation: 'sibling',
        gender: g,
        name: personName(p, g, { surname }),
        birthDay: Math.min(birthDay + p.int(-8 * 365, 8 * 365), shiftYears(todayDay, -18)),
      });
    };
    if (p.chance(age < 50 ? 0.8 : age < 58 ? 0.5 : 0.25)) addParent();
    if (p.chance(0.5)) addSibling();
    while (members.length < target) (members.length % 2 === 0 ? addParent : addSibling)();
    members.length = Math.min(members.length, target);

    // A relative in business in the official's own area and sector (亲清政商 cross-checks find these).
    const sectorOrg = seat.principal && (org.row.kind === 'party_committee' || org.row.kind === 'government');
    const plantChance = KEY_SECTORS.has(org.sector ?? '') || sectorOrg ? 0.12 : 0.03;
    const workingAge = members.filter((m) => m.relation !== 'parent' && yearsOld(m.birthDay) >= 23 && yearsOld(m.birthDay) < 60);
    const plantedMember = workingAge.length > 0 && p.chance(plantChance) ? p.pick(workingAge) : null;
    if (plantedMember) planted++;

    for (const m of members) {
      const memberAge = yearsOld(m.birthDay);
      let employer: string | null = null;
      let position: string | null = null;
      if (m === plantedMember) {
        const lines = SECTOR_BUSINESS[org.sector ?? 'general'] ?? SECTOR_BUSINESS.general;
        employer = `${org.region.row.name}${p.pick(COMPANY_BRANDS)}${p.pick(lines)}有限公司`;
        position = p.weighted(BUSINESS_POSITIONS);
      } else if (memberAge < 6) {
        // too young for school: nothing to record
      } else if (memberAge < 23 && m.relation !== 'parent') {
        employer = memberAge < 12 ? `${org.region.row.name}实验小学` : memberAge < 18 ? `${org.region.row.name}第一中学` : '示范大学';
        position = '学生';
      } else if (memberAge >= 60) {
        position = m.relation === 'parent' && p.chance(0.3) ? '务农' : '退休';
      } else if (p.chance(0.05)) {
        const other = p.pick(tree.root.childRegions.length > 0 ? tree.root.childRegions : [tree.root]);
        employer = `${other.row.name}${p.pick(COMPANY_BRANDS)}${p.pick(SECTOR_BUSINESS.general)}有限公司`;
        position = p.weighted(BUSINESS_POSITIONS);
      } else {
        const [tplEmployer, pos] = p.pick(ORDINARY_JOBS);
        employer = tplEmployer.replaceAll('{R}', org.region.row.name).replaceAll('{C}', org.cityName);
        position = pos;
      }
      const memberId = ids.next();
      const memberIdNumber = makeIdNumber(p, areaFor(org), fromDay(m.birthDay), m.gender, usedIdNumbers);
      family.push({
        id: memberId,
        official_id: officialId,
        org_id: org.row.id,
        relation: m.relation,
        name: m.name,
        id_number_enc: null,
        id_number_tail: memberIdNumber.slice(-4),
        employer,
        position,
        created_at: timestamp,
        updated_at: timestamp,
      });
      familyIdNumbers.push(memberIdNumber);
    }
  }

  const yearsIn = (start: string) => wholeYears(toDay(start), todayDay);
  const keyPosts = posts.filter((x) => x.is_key_post === 1 && x.end_date === null);
  return {
    officials,
    officialIdNumbers,
    posts,
    family,
    familyIdNumbers,
    stats: {
      keyPrincipals: keyPosts.length,
      longTenure: keyPosts.filter((x) => yearsIn(x.start_date) >= 5).length,
      nearTenure: keyPosts.filter((x) => yearsIn(x.start_date) === 4 && toDay(x.start_date) - fiveYearsAgo <= 60).length,
      plantedFamilyBusiness: planted,
    },
  };
}
