// Chinese labels of the module's codes, for exports, imports and rule texts (the UI has its own i18n).
import type { CHANNELS, DISCIPLINES, SECTORS, STATUSES } from './schema.js';

export const CHANNEL_ZH: Record<(typeof CHANNELS)[number], string> = { letter: '来信', visit: '来访', phone: '电话', online: '网络', transferred: '上级转办' };
export const DISCIPLINE_ZH: Record<(typeof DISCIPLINES)[number], string> = {
  political: '政治纪律', organizational: '组织纪律', integrity: '廉洁纪律', mass: '群众纪律', work: '工作纪律', life: '生活纪律',
};
export const SECTOR_ZH: Record<(typeof SECTORS)[number], string> = {
  approvals: '行政审批', construction: '工程建设', resources: '自然资源', finance: '金融', procurement: '政府采购', law_enforcement: '执法司法',
  education: '教育', health: '医疗卫生', rural: '三农', soe: '国有企业', other: '其他',
};
export const STATUS_ZH: Record<(typeof STATUSES)[number], string> = { registered: '已登记', processing: '办理中', to_clue: '已转线索', closed: '已办结' };

/** The code whose label (or code) is `v`, or undefined. */
export function codeOf<K extends string>(labels: Record<K, string>, v: string): K | undefined {
  return (Object.keys(labels) as K[]).find((k) => k === v || labels[k] === v);
}
