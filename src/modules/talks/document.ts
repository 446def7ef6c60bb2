// The talk record (谈话记录) as a formal Word document.
import { formalDocument } from '../../core/docx.js';
import { CATEGORY_ZH, MODE_ZH, NATURE_ZH } from './schema.js';
import type { talkDetail } from './talk-store.js';
import type { listSubjects } from './talk-store.js';

type Detail = Awaited<ReturnType<typeof talkDetail>>;
type Subjects = Awaited<ReturnType<typeof listSubjects>>['items'];

export async function talkRecordDocument(t: Detail, subjects: Subjects, issuer: string): Promise<Buffer> {
  const sections = [
    {
      heading: '一、基本情况',
      paragraphs: [
        `谈话类型：${t.typeName}（${MODE_ZH[t.mode] ?? t.mode}）。`,
        `谈话时间：${t.talkDate}${t.status === 'held' ? '' : '（计划）'}。谈话地点：${t.place ?? '未填写'}。`,
        `谈话人：${t.conductors}${t.leadConductorName ? `（主持人：${t.leadConductorName}）` : ''}。实施主体：${t.orgName}。`,
        `谈话主题：${t.topic}。谈话对象共 ${t.subjectCount} 人。`,
        ...(t.preceding.length ? [`此前开展的一对一谈话：${t.preceding.map((p) => `${p.talkDate}${p.typeName}（${p.topic}）`).join('；')}。`] : []),
      ],
    },
    {
      heading: '二、谈话对象',
      paragraphs: [],
      table: { headers: ['序号', '姓名', '单位', '职务'], rows: subjects.map((s, i) => [String(i + 1), s.name, s.orgName, s.title ?? '']) },
    },
    { heading: '三、谈话内容', paragraphs: t.summary ? t.summary.split(/\n+/).filter(Boolean) : ['（未记录）'] },
    {
      heading: '四、指出的问题',
      paragraphs: t.problems.length
        ? t.problems.map((p, i) => `${i + 1}. 【${NATURE_ZH[p.nature] ?? p.nature}问题·${CATEGORY_ZH[p.category] ?? p.category}】${p.description}`)
        : ['未指出苗头性、倾向性问题。'],
    },
    { heading: '五、提出的要求', paragraphs: t.requirements ? t.requirements.split(/\n+/).filter(Boolean) : ['（未记录）'] },
    {
      heading: '六、后续跟踪事项',
      paragraphs: t.followups.length ? [] : ['无。'],
      ...(t.followups.length && {
        table: {
          headers: ['事项', '期限', '完成情况'],
          rows: t.followups.map((f) => [f.content, f.deadline, f.completedOn ? `${f.completedOn}完成${f.completionNote ? '：' + f.completionNote : ''}` : f.overdue ? '逾期未完成' : '未完成']),
        },
      }),
    },
  ];
  return formalDocument({ issuer, title: `${t.typeName}记录`, sections, signature: t.orgName, date: t.talkDate });
}
