// Suggests a report's classification from its text: by the six disciplines (六项纪律) and by sector.
// Keyword counts, the way petition offices classify by the problems named; the officer may override.
import type { Discipline, Sector } from './schema.js';

const DISCIPLINE_WORDS: Record<Discipline, string[]> = {
  political: ['政治纪律', '两面人', '对抗组织审查', '串供', '妄议', '团团伙伙', '拉帮结派', '搞迷信', '阳奉阴违', '政令不通'],
  organizational: ['组织纪律', '选人用人', '跑官要官', '买官卖官', '拉票', '个人有关事项', '瞒报', '违规提拔', '档案造假', '突击提拔'],
  integrity: ['收受', '贿赂', '红包', '礼金', '回扣', '好处费', '吃拿卡要', '公款吃喝', '公车私用', '违规经商', '入股', '利益输送', '挪用', '侵占', '贪污', '借机敛财', '插手', '干预'],
  mass: ['群众纪律', '侵害群众利益', '优亲厚友', '克扣', '截留', '强拆', '吃拿', '低保', '补贴', '门难进', '脸难看'],
  work: ['工作纪律', '不作为', '乱作为', '慢作为', '失职', '渎职', '推诿', '形式主义', '官僚主义', '弄虚作假', '监管不力', '违规决策'],
  life: ['生活纪律', '生活作风', '婚外情', '不正当关系', '赌博', '奢靡', '高消费', '家风'],
};

const SECTOR_WORDS: Record<Exclude<Sector, 'other'>, string[]> = {
  approvals: ['审批', '许可', '行政许可', '办证', '证照', '登记'],
  construction: ['工程', '建设', '招投标', '招标', '投标', '项目', '施工', '住建'],
  resources: ['土地', '矿产', '国土', '林地', '采矿', '自然资源', '耕地'],
  finance: ['金融', '贷款', '银行', '信贷', '融资', '财政资金', '专项资金'],
  procurement: ['政府采购', '采购', '供应商', '中标'],
  law_enforcement: ['执法', '司法', '公安', '派出所', '法院', '检察', '罚款', '处罚'],
  education: ['学校', '教育', '招生', '教师', '校长'],
  health: ['医院', '医疗', '医保', '药品', '卫健'],
  rural: ['扶贫', '乡村振兴', '村干部', '村委会', '惠农', '农村', '低保'],
  soe: ['国企', '国有企业', '集团公司', '国资'],
};

function best<K extends string>(text: string, table: Record<K, string[]>): { key: K | null; matched: string[] } {
  let top: K | null = null;
  let topScore = 0;
  let matched: string[] = [];
  for (const key of Object.keys(table) as K[]) {
    const hits = table[key].filter((w) => text.includes(w));
    // Each occurrence counts, so a text about one thing outweighs a passing mention of another.
    const score = hits.reduce((s, w) => s + text.split(w).length - 1, 0);
    if (score > topScore) {
      top = key;
      topScore = score;
      matched = hits;
    }
  }
  return { key: top, matched };
}

/** The discipline and sector a text most speaks of (integrity / other when nothing matches). */
export function classify(text: string): { discipline: Discipline; sector: Sector; matched: string[] } {
  const d = best(text, DISCIPLINE_WORDS);
  const s = best(text, SECTOR_WORDS);
  return { discipline: d.key ?? 'integrity', sector: s.key ?? 'other', matched: [...d.matched, ...s.matched] };
}
