import { z } from 'zod';

export const TALK_MODES = ['individual', 'collective'] as const;
export const TALK_STATUSES = ['planned', 'held'] as const;
export const PROBLEM_NATURES = ['sign', 'tendency'] as const; // 苗头性 | 倾向性
export const PROBLEM_CATEGORIES = ['political', 'organizational', 'integrity', 'mass', 'work', 'life', 'other'] as const;
export const ADMONISHMENT_FORMS = ['talk', 'written'] as const;

export const NATURE_ZH: Record<string, string> = { sign: '苗头性', tendency: '倾向性' };
export const CATEGORY_ZH: Record<string, string> = {
  political: '政治纪律', organizational: '组织纪律', integrity: '廉洁纪律', mass: '群众纪律', work: '工作纪律', life: '生活纪律', other: '其他',
};
export const MODE_ZH: Record<string, string> = { individual: '个别谈话', collective: '集体谈话' };
export const STATUS_ZH: Record<string, string> = { planned: '计划', held: '已谈话' };

export const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();
export const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
export const idParams = z.strictObject({ id });
/** For routes that also take a query: see typeParams. */
export const looseIdParams = z.strictObject({ id: z.string().min(1).max(64) });
export const created = z.object({ id: z.string() });

// ---- talk types (configuration)
const typeCode = z.string().regex(/^[a-z_-]{2,32}$/, 'must be a talk type code');
// Path parameters are checked loosely (an unknown one is a 404), so that a bad body or query is named first.
export const typeParams = z.strictObject({ id: z.string().min(1).max(64) });
export const talkType = z.object({
  id: z.string(), name: z.string(), nameEn: z.string(), trigger: z.string(), subjectKind: z.string(), conductingBody: z.string(),
  cooperatingBodies: z.string(), safeguards: z.string(), cadenceMonths: z.number().nullable(), collective: z.boolean(), sortOrder: z.number(),
});
export const talkTypeList = z.object({ items: z.array(talkType) });
export const updateTypeBody = z.strictObject({
  name: text(40).optional(),
  nameEn: text(60).optional(),
  trigger: text(500).optional(),
  subjectKind: text(200).optional(),
  conductingBody: text(200).optional(),
  cooperatingBodies: z.string().trim().max(200).optional(),
  safeguards: z.string().trim().max(500).optional(),
  cadenceMonths: z.number().int().min(1).max(60).nullable().optional(),
  collective: z.boolean().optional(),
});

// ---- talks
const problemInput = z.strictObject({ nature: z.enum(PROBLEM_NATURES), category: z.enum(PROBLEM_CATEGORIES), description: text(1000) });
const followupInput = z.strictObject({ content: text(500), deadline: date });
export const createTalkBody = z.strictObject({
  typeId: typeCode,
  mode: z.enum(TALK_MODES),
  status: z.enum(TALK_STATUSES),
  orgId: id,
  talkDate: date,
  place: optText(100),
  conductors: text(200),
  leadConductorId: id.nullish(),
  topic: text(200),
  summary: optText(10000),
  requirements: optText(5000),
  subjectIds: z.array(id).max(2000).default([]),
  precedingTalkIds: z.array(id).max(50).default([]),
  problems: z.array(problemInput).max(50).default([]),
  followups: z.array(followupInput).max(50).default([]),
});
export type CreateTalk = z.infer<typeof createTalkBody>;
export const updateTalkBody = z.strictObject({
  status: z.enum(TALK_STATUSES).optional(),
  talkDate: date.optional(),
  place: optText(100),
  conductors: text(200).optional(),
  /** The official who led the talk (an official in scope); null clears it. */
  leadConductorId: id.nullish(),
  topic: text(200).optional(),
  summary: optText(10000),
  requirements: optText(5000),
  precedingTalkIds: z.array(id).max(50).optional(),
  problems: z.array(problemInput).max(50).optional(),
  addFollowups: z.array(followupInput).max(50).optional(),
});
export type UpdateTalk = z.infer<typeof updateTalkBody>;
export const followupParams = z.strictObject({ id, followupId: id });
export const completeFollowupBody = z.strictObject({ completedOn: date, note: optText(1000) });

export const talkListQuery = z.strictObject({
  orgId: id.optional(),
  typeId: typeCode.optional(),
  mode: z.enum(TALK_MODES).optional(),
  status: z.enum(TALK_STATUSES).optional(),
  officialId: id.optional(),
  from: date.optional(),
  to: date.optional(),
  q: z.string().trim().max(64).optional(),
  sort: z.enum(['talkDate', 'subjectCount', 'createdAt']).default('talkDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...page,
});
export type TalkListQuery = z.infer<typeof talkListQuery>;
export const talkExportQuery = talkListQuery.omit({ page: true, pageSize: true });

export const talkSummary = z.object({
  id: z.string(), typeId: z.string(), typeName: z.string(), mode: z.string(), status: z.string(), talkDate: z.string(),
  orgId: z.string(), orgName: z.string(), topic: z.string(), conductors: z.string(), subjectCount: z.number(),
  firstSubjects: z.string(),
});
export const talkPage = z.object({ items: z.array(talkSummary), total: z.number() });
export const subjectView = z.object({
  officialId: z.string(), name: z.string(), orgId: z.string(), orgName: z.string(), title: z.string().nullable(), principal: z.boolean(),
});
export const talkDetail = talkSummary.extend({
  place: z.string().nullable(), leadConductorId: z.string().nullable(), leadConductorName: z.string().nullable(), summary: z.string().nullable(), requirements: z.string().nullable(),
  subjects: z.array(subjectView), // the first page; the rest through /subjects
  problems: z.array(z.object({ id: z.string(), nature: z.string(), category: z.string(), description: z.string() })),
  followups: z.array(z.object({
    id: z.string(), content: z.string(), deadline: z.string(), completedOn: z.string().nullable(), completionNote: z.string().nullable(), overdue: z.boolean(),
  })),
  preceding: z.array(z.object({ id: z.string(), typeName: z.string(), talkDate: z.string(), topic: z.string() })),
  createdAt: z.string(), updatedAt: z.string(),
});
export const subjectsQuery = z.strictObject({ q: z.string().trim().max(64).optional(), ...page });
export const subjectPage = z.object({ items: z.array(subjectView), total: z.number() });
export const attendeeImportResult = z.object({ added: z.number(), alreadyListed: z.number(), subjectCount: z.number() });

// ---- admonishments
export const createAdmonishmentBody = z.strictObject({
  orgId: id,
  officialId: id,
  talkId: id.nullish(),
  form: z.enum(ADMONISHMENT_FORMS),
  decidedOn: date,
  basis: text(500),
  reason: text(2000),
  effectMonths: z.number().int().min(1).max(24).default(6),
});
export const admonishmentListQuery = z.strictObject({
  orgId: id.optional(), officialId: id.optional(), form: z.enum(ADMONISHMENT_FORMS).optional(), from: date.optional(), to: date.optional(), ...page,
});
export const admonishment = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), officialId: z.string(), officialName: z.string(), talkId: z.string().nullable(),
  form: z.string(), decidedOn: z.string(), basis: z.string(), reason: z.string(), effectUntil: z.string(), inEffect: z.boolean(),
});
export const admonishmentPage = z.object({ items: z.array(admonishment), total: z.number() });

// ---- statistics and coverage
export const statsQuery = z.strictObject({ orgId: id.optional(), from: date.optional(), to: date.optional() });
const countRow = z.object({ key: z.string(), label: z.string(), talks: z.number(), subjects: z.number() });
export const talkStats = z.object({
  from: z.string(), to: z.string(),
  total: z.object({ talks: z.number(), subjects: z.number(), collective: z.number(), admonishments: z.number() }),
  byType: z.array(countRow), byLevel: z.array(countRow), byOrg: z.array(countRow), byMonth: z.array(countRow),
  coverage: z.object({
    year: z.number(),
    principals: z.object({ total: z.number(), covered: z.number() }),
    members: z.object({ total: z.number(), covered: z.number() }),
  }),
  collectives: z.array(z.object({ id: z.string(), talkDate: z.string(), topic: z.string(), typeName: z.string(), subjectCount: z.number() })),
});
export const coverageQuery = z.strictObject({
  orgId: id.optional(),
  role: z.enum(['principal', 'member']).default('principal'),
  covered: z.enum(['0', '1']).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...page,
});
export type CoverageQuery = z.infer<typeof coverageQuery>;
export const coverageExportQuery = coverageQuery.omit({ page: true, pageSize: true });
export const coverageRow = z.object({
  officialId: z.string(), name: z.string(), orgId: z.string(), orgName: z.string(), title: z.string(), principal: z.boolean(),
  talks: z.number(), lastTalkDate: z.string().nullable(),
});
export const coveragePage = z.object({ items: z.array(coverageRow), total: z.number() });
