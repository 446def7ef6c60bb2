// The organization tree of the fictional province 示范省: region nodes (province → city → county),
// the 四大家, commission, organization department and inspection office of each region, its
// departments, stationed discipline groups (under the commission) and townships (under counties).
// The shape parameters grow the same code from the ≈300-org demo to a 10,000-org province.
import type { OrgStationedTable, OrgTable } from '../db/schema.js';
import { CITY_NAMES, COUNTY_NAMES, PROVINCE_CODE, PROVINCE_NAME, TOWNSHIP_NAMES, placeStem } from './names.js';
import { type IdSource, type Rng, weightedTable } from './random.js';

export type Level = 'province' | 'city' | 'county' | 'township';

export const ORG_KINDS = [
  'region',
  'party_committee',
  'congress',
  'government',
  'cppcc',
  'department',
  'soe',
  'university',
  'zone',
  'commission',
  'stationed_group',
  'org_department',
  'inspection_office',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Sectors whose principals hold key posts (rotation rule), besides party committees, governments, commissions. */
export const KEY_SECTORS: ReadonlySet<string> = new Set([
  'finance',
  'natural_resources',
  'construction',
  'transport',
  'development',
  'public_security',
]);

export interface OrgShape {
  cities: number;
  /** Counties per city: a number, or a [min, max] range drawn per city. */
  countiesPerCity: number | readonly [number, number];
  townshipsPerCounty: readonly [number, number];
  /** Departments per region at each level (capped by the lists below; the six key sectors come first). */
  departments: { province: number; city: number; county: number };
  /** How many departments one stationed group supervises. */
  unitsPerStationedGroup: readonly [number, number];
}

export interface DeptDef {
  /** Name after the region name: 示范省 + 财政厅. */
  name: string;
  /** Short form after the level character, when it differs from name: 省 + 发展改革委. */
  short?: string;
  sector: string;
  /** Head's title: 厅长 / 局长 / 主任. */
  head: string;
  /** The party body leading the department: 党组, or 党委 for public security. */
  party: '党组' | '党委';
}

const d = (name: string, sector: string, head: string, extra: Partial<DeptDef> = {}): DeptDef => ({
  name,
  sector,
  head,
  party: sector === 'public_security' ? '党委' : '党组',
  ...extra,
});

// The first six of each list are the key sectors (and the only departments in them); they are always present.
export const PROVINCE_DEPARTMENTS: readonly DeptDef[] = [
  d('发展和改革委员会', 'development', '主任', { short: '发展改革委' }),
  d('公安厅', 'public_security', '厅长'),
  d('财政厅', 'finance', '厅长'),
  d('自然资源厅', 'natural_resources', '厅长'),
  d('住房和城乡建设厅', 'construction', '厅长', { short: '住房城乡建设厅' }),
  d('交通运输厅', 'transport', '厅长'),
  d('教育厅', 'education', '厅长'),
  d('卫生健康委员会', 'health', '主任', { short: '卫生健康委' }),
  d('水利厅', 'water', '厅长'),
  d('农业农村厅', 'agriculture', '厅长'),
  d('审计厅', 'audit', '厅长'),
  d('商务厅', 'commerce', '厅长'),
  d('生态环境厅', 'environment', '厅长'),
  d('人力资源和社会保障厅', 'general', '厅长', { short: '人力资源社会保障厅' }),
  d('民政厅', 'general', '厅长'),
  d('司法厅', 'general', '厅长'),
  d('科学技术厅', 'general', '厅长', { short: '科技厅' }),
  d('工业和信息化厅', 'general', '厅长'),
  d('文化和旅游厅', 'general', '厅长'),
  d('应急管理厅', 'general', '厅长'),
  d('市场监督管理局', 'general', '局长'),
  d('退役军人事务厅', 'general', '厅长'),
  d('统计局', 'general', '局长'),
  d('医疗保障局', 'health', '局长'),
  d('林业局', 'agriculture', '局长'),
  d('人民政府国有资产监督管理委员会', 'general', '主任', { short: '国资委' }),
  d('民族宗教事务委员会', 'general', '主任', { short: '民宗委' }),
  d('体育局', 'general', '局长'),
  d('信访局', 'general', '局长'),
  d('机关事务管理局', 'general', '局长'),
  d('地方金融管理局', 'financial_regulation', '局长'),
  d('粮食和物资储备局', 'general', '局长'),
  d('能源局', 'energy', '局长'),
  d('药品监督管理局', 'health', '局长'),
  d('乡村振兴局', 'agriculture', '局长'),
  d('大数据局', 'general', '局长'),
  d('人民防空办公室', 'general', '主任', { short: '人防办' }),
];

export const CITY_DEPARTMENTS: readonly DeptDef[] = [
  d('发展和改革委员会', 'development', '主任', { short: '发展改革委' }),
  d('公安局', 'public_security', '局长'),
  d('财政局', 'finance', '局长'),
  d('自然资源和规划局', 'natural_resources', '局长'),
  d('住房和城乡建设局', 'construction', '局长', { short: '住房城乡建设局' }),
  d('交通运输局', 'transport', '局长'),
  d('教育局', 'education', '局长'),
  d('卫生健康委员会', 'health', '主任', { short: '卫生健康委' }),
  d('农业农村局', 'agriculture', '局长'),
  d('水利局', 'water', '局长'),
  d('审计局', 'audit', '局长'),
  d('商务局', 'commerce', '局长'),
  d('生态环境局', 'environment', '局长'),
  d('人力资源和社会保障局', 'general', '局长', { short: '人力资源社会保障局' }),
  d('民政局', 'general', '局长'),
  d('司法局', 'general', '局长'),
  d('科学技术局', 'general', '局长', { short: '科技局' }),
  d('工业和信息化局', 'general', '局长'),
  d('文化广电旅游局', 'general', '局长'),
  d('应急管理局', 'general', '局长'),
  d('市场监督管理局', 'general', '局长'),
  d('退役军人事务局', 'general', '局长'),
  d('统计局', 'general', '局长'),
  d('医疗保障局', 'health', '局长'),
  d('林业局', 'agriculture', '局长'),
  d('人民政府国有资产监督管理委员会', 'general', '主任', { short: '国资委' }),
  d('城市管理局', 'urban', '局长'),
  d('信访局', 'general', '局长'),
  d('行政审批服务局', 'general', '局长'),
  d('体育局', 'general', '局长'),
  d('机关事务管理局', 'general', '局长'),
  d('投资促进局', 'commerce', '局长'),
  d('数据局', 'general', '局长'),
];

export const COUNTY_DEPARTMENTS: readonly DeptDef[] = [
  d('发展和改革局', 'development', '局长', { short: '发展改革局' }),
  d('公安局', 'public_security', '局长'),
  d('财政局', 'finance', '局长'),
  d('自然资源局', 'natural_resources', '局长'),
  d('住房和城乡建设局', 'construction', '局长', { short: '住房城乡建设局' }),
  d('交通运输局', 'transport', '局长'),
  d('教育体育局', 'education', '局长'),
  d('卫生健康局', 'health', '局长'),
  d('农业农村局', 'agriculture', '局长'),
  d('水利局', 'water', '局长'),
  d('审计局', 'audit', '局长'),
  d('人力资源和社会保障局', 'general', '局长', { short: '人力资源社会保障局' }),
  d('民政局', 'general', '局长'),
  d('司法局', 'general', '局长'),
  d('应急管理局', 'general', '局长'),
  d('市场监督管理局', 'general', '局长'),
  d('退役军人事务局', 'general', '局长'),
  d('统计局', 'general', '局长'),
  d('医疗保障局', 'health', '局长'),
  d('林业局', 'agriculture', '局长'),
  d('文化广电旅游局', 'general', '局长'),
  d('城市管理局', 'urban', '局长'),
  d('信访局', 'general', '局长'),
  d('行政审批服务局', 'general', '局长'),
  d('工业和信息化商务局', 'commerce', '局长'),
  d('科学技术局', 'general', '局长', { short: '科技局' }),
  d('乡村振兴局', 'agriculture', '局长'),
  d('生态环境分局', 'environment', '局长'),
];

const KEY_DEPARTMENT_COUNT = 6;

/** An org row plus what the people generator needs to know about it (not stored). */
export interface OrgInfo {
  row: OrgTable;
  /** Nearest region node (itself for a region node). */
  region: OrgInfo;
  /** The character titles are built on: 省 / 市 / 县 / 区 / 镇 / 乡. */
  suffix: string;
  sector: string | null;
  dept: DeptDef | null;
  /** Name of the city the org lies in (the province's name at province level), for employer names. */
  cityName: string;
  /** Region nodes only: administrative codes of the counties in the subtree (ID-number areas). */
  areaCodes: string[];
  /** Region nodes only: the region nodes directly below. */
  childRegions: OrgInfo[];
  /** Region nodes only: the non-region orgs whose nearest region this is. */
  units: OrgInfo[];
}

export interface OrgTree {
  root: OrgInfo;
  /** In creation order: every parent precedes its children. */
  orgs: OrgInfo[];
  byId: Map<string, OrgInfo>;
  stationed: OrgStationedTable[];
}

export interface BuildOrgOptions {
  ids: IdSource;
  /** created_at / updated_at of every row. */
  timestamp: string;
}

const LEVEL_CHAR: Record<Level, string> = { province: '省', city: '市', county: '县', township: '镇' };

export function buildOrgTree(rng: Rng, shape: OrgShape, opts: BuildOrgOptions): OrgTree {
  const { ids, timestamp } = opts;
  const orgs: OrgInfo[] = [];
  const byId = new Map<string, OrgInfo>();
  const stationed: OrgStationedTable[] = [];
  const childCount = new Map<string | null, number>();
  const usedStems = new Set<string>();
  for (const n of [...CITY_NAMES, ...COUNTY_NAMES.flat(), ...TOWNSHIP_NAMES]) usedStems.add(n.slice(0, -1));
  const usedRegionNames = new Set<string>();
  let townshipCursor = 0;
  const groupSizes = weightedTable([
    [1, 2],
    [2, 5],
    [3, 3],
  ] as const);

  function add(
    parent: OrgInfo | null,
    fields: { name: string; short: string | null; level: Level; kind: OrgKind; code?: string | null },
    meta: { suffix: string; sector?: string | null; dept?: DeptDef | null; region?: OrgInfo; cityName: string },
  ): OrgInfo {
    const id = ids.next();
    const parentKey = parent?.row.id ?? null;
    const sort = childCount.get(parentKey) ?? 0;
    childCount.set(parentKey, sort + 1);
    const row: OrgTable = {
      id,
      parent_id: parentKey,
      path: (parent?.row.path ?? '/') + id + '/',
      depth: parent ? parent.row.depth + 1 : 0,
      name: fields.name,
      short_name: fields.short,
      level: fields.level,
      kind: fields.kind,
      code: fields.code ?? null,
      sort_order: sort,
      search_text: fields.name,
      created_at: timestamp,
      updated_at: timestamp,
    };
    const info = {
      row,
      suffix: meta.suffix,
      sector: meta.sector ?? null,
      dept: meta.dept ?? null,
      cityName: meta.cityName,
      areaCodes: [],
      childRegions: [],
      units: [],
    } as unknown as OrgInfo;
    info.region = fields.kind === 'region' ? info : (meta.region ?? parent!.region);
    if (fields.kind !== 'region') info.region.units.push(info);
    orgs.push(info);
    byId.set(id, info);
    return info;
  }

  /** The standard bodies of a region; returns its departments (for stationed groups). */
  function regionBodies(region: OrgInfo, level: Exclude<Level, 'township'>, cityName: string, index = 0): void {
    const N = region.row.name;
    const S = region.suffix;
    const L = LEVEL_CHAR[level];
    const meta = { suffix: S, cityName, region };
    add(region, { name: `中共${N}委`, short: `${S}委`, level, kind: 'party_committee' }, { ...meta, sector: 'construction' });
    add(region, { name: `${N}人大常委会`, short: `${S}人大常委会`, level, kind: 'congress' }, meta);
    add(region, { name: `${N}人民政府`, short: `${S}政府`, level, kind: 'government' }, { ...meta, sector: 'construction' });
    add(region, { name: `政协${N}委员会`, short: `${S}政协`, level, kind: 'cppcc' }, meta);
    const commission = add(region, { name: `${N}纪委监委`, short: `${S}纪委监委`, level, kind: 'commission' }, meta);
    add(region, { name: `中共${N}委组织部`, short: `${S}委组织部`, level, kind: 'org_department' }, meta);
    const inspection = level === 'province' ? ['巡视', '巡视办'] : ['巡察', '巡察办'];
    add(
      region,
      { name: `${N}委${inspection[0]}工作领导小组办公室`, short: `${S}委${inspection[1]}`, level, kind: 'inspection_office' },
      meta,
    );

    const list = level === 'province' ? PROVINCE_DEPARTMENTS : level === 'city' ? CITY_DEPARTMENTS : COUNTY_DEPARTMENTS;
    const want = Math.min(shape.departments[level], list.length);
    const core = list.slice(0, Math.min(KEY_DEPARTMENT_COUNT, want));
    const restPicked = new Set(rng.sample(list.slice(KEY_DEPARTMENT_COUNT), Math.max(0, want - core.length)));
    const chosen = [...core, ...list.slice(KEY_DEPARTMENT_COUNT).filter((x) => restPicked.has(x))];
    const departments = chosen.map((def) =>
      add(
        region,
        { name: N + def.name, short: `${S}${def.short ?? def.name}`, level, kind: 'department' },
        { ...meta, sector: def.sector, dept: def },
      ),
    );

    if (level === 'province') {
      add(region, { name: `${N}交通投资集团有限公司`, short: `${L}交投集团`, level, kind: 'soe' }, { ...meta, sector: 'transport' });
      const uni = PROVINCE_NAME.slice(0, -1) + '大学';
      add(region, { name: uni, short: uni, level, kind: 'university' }, { ...meta, sector: 'education' });
    }
    if (level === 'city') {
      const stem = N.slice(0, -1);
      const hiTech = index % 2 === 0; // 青川高新技术产业开发区, 云岭经济技术开发区, …
      add(
        region,
        {
          name: stem + (hiTech ? '高新技术产业开发区' : '经济技术开发区'),
          short: stem + (hiTech ? '高新区' : '经开区'),
          level,
          kind: 'zone',
        },
        { ...meta, sector: 'construction' },
      );
    }

    // Stationed groups: each supervises 1–3 consecutive departments and is named after the first.
    const [minUnits, maxUnits] = shape.unitsPerStationedGroup;
    for (let i = 0; i < departments.length; ) {
      // The first group covers 发展改革 and 公安, so that 财政 always heads the second (驻省财政厅纪检监察组).
      let size: number = i === 0 ? 2 : rng.weighted(groupSizes);
      size = Math.max(minUnits, Math.min(maxUnits, size, departments.length - i));
      const units = departments.slice(i, i + size);
      i += size;
      const first = units[0].row.short_name ?? units[0].row.name;
      const group = add(
        commission,
        { name: `${N}纪委监委驻${first}纪检监察组`, short: `驻${first}纪检监察组`, level, kind: 'stationed_group' },
        { ...meta, region },
      );
      for (const u of units) stationed.push({ group_org_id: group.row.id, unit_org_id: u.row.id });
    }
  }

  function regionName(curated: string | undefined, suffixes: readonly (readonly [string, number])[]): string {
    if (curated && !usedRegionNames.has(curated)) {
      usedRegionNames.add(curated);
      return curated;
    }
    const table = weightedTable(suffixes);
    for (;;) {
      const name = placeStem(rng, usedStems) + rng.weighted(table);
      if (!usedRegionNames.has(name)) {
        usedRegionNames.add(name);
        return name;
      }
    }
  }

  const pad2 = (n: number) => String(n).padStart(2, '0');

  const root = add(
    null,
    { name: PROVINCE_NAME, short: PROVINCE_NAME.slice(0, -1), level: 'province', kind: 'region', code: `${PROVINCE_CODE}0000` },
    { suffix: '省', cityName: PROVINCE_NAME },
  );
  regionBodies(root, 'province', PROVINCE_NAME);

  for (let ci = 0; ci < shape.cities; ci++) {
    const cityName = regionName(CITY_NAMES[ci], [['市', 1]]);
    const city = add(
      root,
      { name: cityName, short: cityName.slice(0, -1), level: 'city', kind: 'region', code: ci < 99 ? `${PROVINCE_CODE}${pad2(ci + 1)}00` : null },
      { suffix: '市', cityName },
    );
    root.childRegions.push(city);
    regionBodies(city, 'city', cityName, ci);

    const nCounties =
      typeof shape.countiesPerCity === 'number' ? shape.countiesPerCity : rng.int(shape.countiesPerCity[0], shape.countiesPerCity[1]);
    for (let ki = 0; ki < nCounties; ki++) {
      const countyName = regionName(COUNTY_NAMES[ci]?.[ki], [['县', 3], ['区', 1]]);
      const countyCode = ci < 99 && ki < 79 ? `${PROVINCE_CODE}${pad2(ci + 1)}${pad2(21 + ki)}` : null;
      const county = add(
        city,
        { name: countyName, short: countyName.slice(0, -1), level: 'county', kind: 'region', code: countyCode },
        { suffix: countyName.slice(-1), cityName },
      );
      city.childRegions.push(county);
      if (countyCode) {
        county.areaCodes.push(countyCode);
        city.areaCodes.push(countyCode);
        root.areaCodes.push(countyCode);
      }
      regionBodies(county, 'county', cityName);

      const nTowns = rng.int(shape.townshipsPerCounty[0], shape.townshipsPerCounty[1]);
      for (let ti = 0; ti < nTowns; ti++) {
        let town: string;
        if (townshipCursor < TOWNSHIP_NAMES.length) town = TOWNSHIP_NAMES[townshipCursor++];
        else town = placeStem(rng, usedStems) + (rng.chance(0.7) ? '镇' : '乡');
        add(
          county,
          { name: `${town}党委`, short: town, level: 'township', kind: 'party_committee' },
          { suffix: town.slice(-1), cityName, region: county, sector: 'agriculture' },
        );
      }
    }
  }
  if (root.areaCodes.length === 0) root.areaCodes.push(`${PROVINCE_CODE}0100`);
  for (const r of orgs) if (r.row.kind === 'region' && r.areaCodes.length === 0) r.areaCodes.push(...root.areaCodes);

  return { root, orgs, byId, stationed };
}
