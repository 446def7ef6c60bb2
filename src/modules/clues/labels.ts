// Chinese names of the clue vocabularies, for exports and warning texts (the UI has its own i18n).
export const METHOD_ZH: Record<string, string> = { talk_inquiry: '谈话函询', preliminary_check: '初步核实', hold: '暂存待查', close: '予以了结' };
export const STATE_ZH: Record<string, string> = { registered: '待处置', proposed: '待审批', disposing: '处置中', concluded: '已办结' };
export const SOURCE_ZH: Record<string, string> = { report: '信访举报', inspection: '巡视巡察', audit: '审计', transfer_in: '移送转入', other: '其他' };
export const DISCIPLINE_ZH: Record<string, string> = {
  political: '政治纪律', organizational: '组织纪律', integrity: '廉洁纪律', mass: '群众纪律', work: '工作纪律', life: '生活纪律',
};
export const FORM_ZH: Record<number, string> = { 1: '第一种形态', 2: '第二种形态', 3: '第三种形态', 4: '第四种形态' };
