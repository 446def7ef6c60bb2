import { z } from 'zod';
import { attachmentMetaSchema } from '../../core/attachments.js';

export const INQUIRY_STATUSES = ['issued', 'replied', 'signed', 'accepted', 'not_accepted', 'escalated'] as const;
export const ASSESSMENTS = ['accepted', 'not_accepted', 'escalated'] as const;
export const STATUS_ZH: Record<string, string> = {
  issued: '已发函', replied: '已回复', signed: '一把手已签署意见', accepted: '予以采信', not_accepted: '不予采信', escalated: '转初核',
};
/** 不能一签了之: an opinion that only acknowledges (同意, 已阅, …) is refused. */
export const TRIVIAL_OPINIONS = ['同意', '已阅', '阅', '属实', '情况属实', '无意见', '同意回复', '同意上报', '同意该回复', '已审阅', 'ok', '好', '可以', '如实', '签字'];

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
export const idParams = z.strictObject({ id });
export const attachmentParams = z.strictObject({ id, attId: id });
export const created = z.object({ id: z.string() });

export const issueBody = z.strictObject({
  orgId: id,
  officialId: id,
  matter: text(2000),
  issuedOn: date,
  replyWorkingDays: z.number().int().min(1).max(60).default(15),
  sourceType: z.string().trim().regex(/^[a-z_]{2,32}$/, 'must be a record type such as petition or clue').nullish(),
  sourceId: z.string().trim().min(1).max(64).nullish(),
});
export const replyBody = z.strictObject({ text: text(20000), repliedOn: date });
export const signBody = z.strictObject({ signerName: text(40), opinion: text(5000), signedOn: date });
export const assessBody = z.strictObject({ result: z.enum(ASSESSMENTS), reason: text(5000), assessedOn: date });

export const inquiryListQuery = z.strictObject({
  orgId: id.optional(),
  status: z.enum(INQUIRY_STATUSES).optional(),
  officialId: id.optional(),
  overdue: z.enum(['0', '1']).optional(),
  sourceType: z.string().max(32).optional(),
  sourceId: z.string().max(64).optional(),
  from: date.optional(),
  to: date.optional(),
  sort: z.enum(['issuedOn', 'replyDue']).default('issuedOn'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type InquiryListQuery = z.infer<typeof inquiryListQuery>;
export const inquiryExportQuery = inquiryListQuery.omit({ page: true, pageSize: true });

export const inquirySummary = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), officialId: z.string(), officialName: z.string(), officialTitle: z.string().nullable(),
  matter: z.string(), issuedOn: z.string(), replyDue: z.string(), status: z.string(), needsSignature: z.boolean(), overdue: z.boolean(),
  sourceType: z.string().nullable(), sourceId: z.string().nullable(),
});
export const inquiryPage = z.object({ items: z.array(inquirySummary), total: z.number(), byStatus: z.record(z.string(), z.number()) });
export const inquiryDetail = inquirySummary.extend({
  replyText: z.string().nullable(), repliedOn: z.string().nullable(),
  signerName: z.string().nullable(), signerOpinion: z.string().nullable(), signedOn: z.string().nullable(),
  assessmentReason: z.string().nullable(), assessedOn: z.string().nullable(),
  attachments: z.array(attachmentMetaSchema),
  history: z.array(z.object({ at: z.string(), actorName: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), note: z.string().nullable() })),
});
