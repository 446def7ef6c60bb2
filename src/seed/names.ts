// Name material for the demo data: surnames weighted by frequency, given-name characters by
// generation and gender, fictional place names, and small vocabularies (ethnicity, education,
// employers). Every name produced is fictional; any match with a real person is coincidence.
import { type Rng, type WeightedTable, weightedTable } from './random.js';

// Approximate shares (per mille) of the commonest surnames.
export const SURNAMES: WeightedTable<string> = weightedTable([
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 20], ['赵', 20],
  ['吴', 16], ['周', 16], ['徐', 13], ['孙', 13], ['马', 12], ['朱', 12], ['胡', 11], ['郭', 11],
  ['何', 10], ['高', 9.6], ['林', 9.5], ['罗', 8.6], ['郑', 8], ['梁', 7.6], ['谢', 6.2], ['宋', 5.8],
  ['唐', 5.8], ['许', 5], ['韩', 5], ['冯', 5], ['邓', 5], ['曹', 4.8], ['彭', 4.7], ['曾', 4.6],
  ['肖', 4.6], ['田', 4.4], ['董', 4.3], ['袁', 4.2], ['潘', 4.2], ['于', 3.9], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 3.9], ['叶', 3.8], ['程', 3.7], ['苏', 3.5], ['魏', 3.5], ['吕', 3.4], ['丁', 3.3],
  ['任', 3.3], ['沈', 3.1], ['姚', 3.2], ['卢', 3.2], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 2.8],
  ['陆', 2.8], ['汪', 2.6], ['范', 2.6], ['金', 2.5], ['石', 2.5], ['廖', 2.5], ['贾', 2.4], ['夏', 2.3],
  ['韦', 2.4], ['付', 2.2], ['方', 2.2], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2], ['秦', 2],
  ['邱', 1.9], ['江', 1.8], ['尹', 1.8], ['薛', 1.7], ['闫', 1.7], ['段', 1.6], ['雷', 1.6], ['侯', 1.8],
  ['龙', 1.5], ['史', 1.5], ['陶', 1.5], ['黎', 1.5], ['贺', 1.4], ['顾', 1.3], ['毛', 1.4], ['郝', 1.3],
  ['龚', 1.3], ['邵', 1.2], ['万', 1.2], ['钱', 1.1], ['严', 1], ['覃', 1.1], ['武', 1.1], ['戴', 1.1],
  ['莫', 1], ['孔', 1], ['向', 1], ['汤', 1], ['常', 1], ['康', 0.9], ['易', 0.9], ['乔', 0.9],
  ['赖', 0.9], ['文', 0.9], ['施', 0.8], ['洪', 0.8], ['辛', 0.5], ['柴', 0.5], ['欧阳', 0.4],
  ['上官', 0.1], ['司马', 0.1], ['诸葛', 0.05],
]);

// Given-name characters of people born 1955–1995 (officials, their spouses and siblings).
const MALE_OLD = '建国志明伟军勇强斌涛华平海波峰辉刚林杰磊鹏飞宇浩俊文东成新宏永立学兵春庆德晓光卫荣忠民振良松彬超健亮锋毅凯龙胜祥奇江山长利国瑞金生福泉';
const FEMALE_OLD = '芳丽敏静燕玲红艳霞娟英华梅萍琳雪慧洁琴婷颖莉瑛晶倩岚秀兰凤云蕾璐佳欣悦晓文丹莹玉珍桂春素淑虹';
// … and of people born after 1990 (children).
const MALE_YOUNG = '子梓浩宇轩博俊睿思一皓铭泽辰晨阳逸嘉航然豪翔宸煜昊天奕鑫明杰';
const FEMALE_YOUNG = '欣怡涵雨梓诗思佳可萱琪悦婧雅瑶馨彤宁楠一语若依晴妍璐紫';

export type Gender = 'M' | 'F';

export function pickSurname(rng: Rng, not?: string): string {
  for (let i = 0; i < 4; i++) {
    const s = rng.weighted(SURNAMES);
    if (s !== not) return s;
  }
  return rng.weighted(SURNAMES);
}

/** A full name; `young` selects the naming fashion of people born after about 1990. */
export function personName(rng: Rng, gender: Gender, opts: { surname?: string; young?: boolean } = {}): string {
  const surname = opts.surname ?? pickSurname(rng);
  const chars = opts.young ? (gender === 'M' ? MALE_YOUNG : FEMALE_YOUNG) : gender === 'M' ? MALE_OLD : FEMALE_OLD;
  const single = rng.chance(opts.young ? 0.12 : 0.28) && surname.length === 1;
  const first = chars[rng.int(0, chars.length - 1)];
  if (single) return surname + first;
  let second = chars[rng.int(0, chars.length - 1)];
  if (second === first && rng.chance(0.8)) second = chars[rng.int(0, chars.length - 1)];
  return surname + first + second;
}

// ---- Places (fictional; the first entries are used, in order, by the demo shape) ----

export const PROVINCE_NAME = '示范省';
export const PROVINCE_CODE = '99'; // not assigned to any real province, so no ID number can be a real person's

export const CITY_NAMES = ['青川市', '云岭市', '江源市', '白河市', '东陵市', '南屏市', '石门市', '临川市', '金沙市', '凤阳市', '松源市', '安宁市', '宁远市', '长丰市'];

/** Curated counties per city (by city index); further counties come from the generator. */
export const COUNTY_NAMES: readonly (readonly string[])[] = [
  ['临江县', '青阳区', '柳河县', '石泉县', '双溪县'],
  ['云溪区', '松岗县', '白石县', '雾峰县', '岭南县'],
  ['江北区', '清水县', '桃源县', '沙坪县', '望江县'],
];

export const TOWNSHIP_NAMES = [
  '青石镇', '柳林镇', '河口镇', '双桥镇', '石桥乡', '白沙镇', '龙泉镇', '新店乡', '马坊镇', '高桥镇',
  '大坪乡', '杨柳镇', '桂花乡', '红旗镇', '永丰镇', '太平镇', '长岭乡', '金鸡镇', '古城镇', '三河镇',
  '黄土乡', '梨园镇', '松林乡', '桃花镇', '杉木乡', '东关镇', '西坪乡', '南坝镇', '北庄镇', '水口镇',
  '中和镇', '安乐乡', '兴隆镇', '平安乡', '向阳镇', '凤凰镇', '花园乡', '塘湾镇', '荷塘乡', '竹溪镇',
  '梅岭乡', '樟树镇', '柏林镇', '新华镇', '岔河乡', '官庄镇', '石岭镇', '大河乡', '清泉镇', '土门乡',
];

// Characters for generated place-name stems (two characters + suffix).
const PLACE_FIRST = '青云江白东南西北石临金凤松安宁长清桃沙望柳双龙新马高大杨桂红永太古三黄梨杉水中兴平向花塘荷竹梅樟柏官岔土';
const PLACE_SECOND = '川岭源河陵屏门沙阳丰溪山江泉桥林口坪店坊关坝庄湾塘园岗峰水城田冲集铺寨堡滩洲渡';

/** A fictional place-name stem not yet in `usedStems` (two characters; three once two run out); it is added. */
export function placeStem(rng: Rng, usedStems: Set<string>): string {
  for (let i = 0; ; i++) {
    let s = PLACE_FIRST[rng.int(0, PLACE_FIRST.length - 1)] + PLACE_SECOND[rng.int(0, PLACE_SECOND.length - 1)];
    if (i >= 200) s = PLACE_FIRST[rng.int(0, PLACE_FIRST.length - 1)] + s;
    if (!usedStems.has(s)) {
      usedStems.add(s);
      return s;
    }
  }
}

// ---- Personal attributes ----

export const ETHNICITIES = weightedTable([
  ['汉族', 915], ['满族', 25], ['回族', 20], ['蒙古族', 15], ['朝鲜族', 10], ['土家族', 8], ['壮族', 7],
]);

/** Education by rank band: 0 (省部/厅局), 1 (县处), 2 (乡科). */
export const EDUCATION: readonly WeightedTable<string>[] = [
  weightedTable([['硕士研究生', 35], ['研究生', 22], ['博士研究生', 15], ['大学本科', 28]]),
  weightedTable([['大学本科', 45], ['硕士研究生', 25], ['研究生', 15], ['博士研究生', 5], ['大学专科', 5], ['中央党校研究生', 5]]),
  weightedTable([['大学本科', 60], ['大学专科', 14], ['硕士研究生', 15], ['研究生', 8], ['博士研究生', 2], ['中专', 1]]),
];

// ---- Employers of relatives ----

export const COMPANY_BRANDS = [
  '宏达', '恒泰', '鑫源', '华盛', '金诚', '瑞丰', '永安', '隆昌', '鼎盛', '兴业', '宏远', '天成',
  '中和', '博远', '嘉禾', '顺通', '广厦', '信达', '润泽', '远航', '聚鑫', '恒通', '盛世', '东方',
];

/** Business lines by sector, for companies planted in an official's own area and sector. */
export const SECTOR_BUSINESS: Record<string, readonly string[]> = {
  construction: ['建设工程', '建筑劳务', '房地产开发', '装饰工程', '市政工程'],
  transport: ['路桥工程', '交通工程', '物流', '公路养护', '运输'],
  natural_resources: ['矿业', '土地整理', '测绘', '砂石', '地质勘查'],
  finance: ['财务咨询', '投资管理', '融资担保', '会计服务'],
  development: ['能源科技', '工程咨询', '项目管理', '新能源'],
  public_security: ['保安服务', '安防科技', '机动车检测'],
  education: ['教育科技', '教学设备', '文化传播'],
  health: ['医药', '医疗器械', '健康管理'],
  water: ['水利工程', '水务'],
  agriculture: ['农业开发', '生态农业', '农资'],
  general: ['商贸', '科技', '实业', '贸易'],
};

export const BUSINESS_POSITIONS = weightedTable([
  ['法定代表人', 30], ['股东', 25], ['总经理', 15], ['副总经理', 10], ['监事', 10], ['项目经理', 10],
]);

/** Ordinary employers, as [employer template, position]; {R} is a region name, {C} its city. */
export const ORDINARY_JOBS: readonly (readonly [string, string])[] = [
  ['{C}第一人民医院', '主治医师'],
  ['{C}中心医院', '护士长'],
  ['{R}第一中学', '教师'],
  ['{R}实验小学', '教师'],
  ['{C}农村商业银行', '客户经理'],
  ['示范省农村信用社联合社', '职员'],
  ['{R}供电公司', '职员'],
  ['{R}自来水公司', '职员'],
  ['{C}广播电视台', '编辑'],
  ['{R}图书馆', '馆员'],
  ['{R}疾病预防控制中心', '科员'],
  ['{C}邮政分公司', '职员'],
  ['示范大学', '讲师'],
  ['{C}职业技术学院', '教师'],
  ['{R}人民法院', '书记员'],
];
