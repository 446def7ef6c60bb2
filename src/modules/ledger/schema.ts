import { z } from 'zod';
import { attachmentMetaSchema } from '../../core/attachments.js';
import { CYCLES, ITEM_STATUSES } from './status.js';

export const DOCUMENT_KINDS = ['measures', 'annual_plan'] as const;
export const ITEM_KINDS = ['area', 'measure', 'task', 'sub'] as const;
export const ITEM_STATES = ['open', 'closed', 'withdrawn'] as const;
export const CHARTER_KINDS = ['duty_list', 'task_book'] as const;
export const ROLLUP_VIEWS = ['document', 'area', 'measure', 'org', 'level', 'region'] as const;

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();
const flag = z.enum(['0', '1']).transform((v) => v === '1');
const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const idParams = z.strictObject({ id });
export const reportAttachmentParams = z.strictObject({ id, attId: id });
export const created = z.object({ id: z.string() });

// ---- documents
export const createDocumentBody = z.strictObject({
  orgId: id,
  kind: z.enum(DOCUMENT_KINDS).default('measures'),
  title: text(200),
  docNumber: optText(60),
  issuedOn: date.nullish(),
  year: z.number().int().min(2000).max(2100).nullish(),
});
export type DocumentInput = z.infer<typeof createDocumentBody>;
export const documentListQuery = z.strictObject({ orgId: id.optional(), kind: z.enum(DOCUMENT_KINDS).optional(), ...page });
export const ledgerDocument = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), kind: z.string(), title: z.string(), docNumber: z.string().nullable(),
  issuedOn: z.string().nullable(), year: z.number().nullable(), createdAt: z.string(),
});
export const documentPage = z.object({ items: z.array(ledgerDocument), total: z.number() });

// ---- items
const itemFields = {
  kind: z.enum(ITEM_KINDS),
  code: z.string().trim().regex(/^\d+(\.\d+)*$/, 'must be like 3.2.1').max(40).optional(),
  title: text(300),
  content: optText(4000),
  leadOrgId: id,
  cooperatingOrgIds: z.array(id).max(30).default([]),
  ownerName: optText(60),
  deadline: date.nullish(),
  cycle: z.enum(CYCLES).default('none'),
  outcome: optText(1000),
  measureBy: optText(1000),
  evidence: optText(1000),
};
export const createItemBody = z.strictObject({ documentId: id, parentId: id.nullish(), ...itemFields });
export type ItemInput = z.infer<typeof createItemBody>;
export const updateItemBody = z.strictObject({
  title: itemFields.title.optional(),
  content: itemFields.content,
  leadOrgId: id.optional(),
  cooperatingOrgIds: z.array(id).max(30).optional(),
  ownerName: itemFields.ownerName,
  deadline: itemFields.deadline,
  cycle: z.enum(CYCLES).optional(),
  outcome: itemFields.outcome,
  measureBy: itemFields.measureBy,
  evidence: itemFields.evidence,
  state: z.enum(ITEM_STATES).optional(),
});
export type ItemUpdate = z.infer<typeof updateItemBody>;

export const itemListQuery = z.strictObject({
  documentId: id.optional(),
  /** Children of this item; with neither parentId nor a filter, the top of what the caller sees. */
  parentId: id.optional(),
  /** Everything below this item (flat). */
  under: id.optional(),
  leadOrgId: id.optional(),
  leaf: flag.optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  dueWithin: z.coerce.number().int().min(0).max(366).optional(),
  deadlineFrom: date.optional(),
  deadlineTo: date.optional(),
  q: z.string().trim().max(64).optional(),
  sort: z.enum(['code', 'deadline', 'title', 'lastReport']).default('code'),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...page,
});
export type ItemListQuery = z.infer<typeof itemListQuery>;
export const itemExportQuery = itemListQuery.omit({ page: true, pageSize: true });

export const itemSummary = z.object({
  id: z.string(), documentId: z.string(), parentId: z.string().nullable(), depth: z.number(), code: z.string(), kind: z.string(),
  title: z.string(), leadOrgId: z.string(), leadOrgName: z.string(), ownerName: z.string().nullable(),
  deadline: z.string().nullable(), cycle: z.string(), state: z.string(), status: z.enum(ITEM_STATUSES), childCount: z.number(),
  lastReportOn: z.string().nullable(), reportCount: z.number(), returnedCount: z.number(),
  /** Leaves below (itself for a leaf) that count, and how many of them are done. */
  leaves: z.number(), leavesDone: z.number(),
});
export const itemPage = z.object({ items: z.array(itemSummary), total: z.number() });

export const reportView = z.object({
  id: z.string(), version: z.number(), orgId: z.string(), orgName: z.string(), reportedOn: z.string(), text: z.string(),
  progress: z.number(), figures: z.string().nullable(), completes: z.boolean(), state: z.string(), reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(), createdAt: z.string(), createdBy: z.string().nullable(),
  attachments: z.array(attachmentMetaSchema),
});
export const itemDetail = itemSummary.extend({
  content: z.string().nullable(), outcome: z.string().nullable(), measureBy: z.string().nullable(), evidence: z.string().nullable(),
  documentTitle: z.string(), orgName: z.string(), startedOn: z.string(), doneOn: z.string().nullable(),
  cooperatingOrgs: z.array(z.object({ id: z.string(), name: z.string() })),
  ancestors: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  assignments: z.array(z.object({ id: z.string(), orgId: z.string(), orgName: z.string(), childItemId: z.string(), note: z.string().nullable(), assignedAt: z.string() })),
  handedDownFrom: z.object({ code: z.string(), title: z.string(), orgName: z.string() }).nullable(),
  reports: z.array(reportView),
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), text: z.string() })),
  canReport: z.boolean(), canEdit: z.boolean(),
});

// At least one org, checked in the store (a strict body names an unknown field first).
export const assignBody = z.strictObject({ orgIds: z.array(id).max(100), note: optText(500), deadline: date.nullish() });
export const assignResult = z.object({ assignments: z.array(z.object({ id: z.string(), orgId: z.string(), childItemId: z.string() })) });

// ---- reports and review
export const createReportBody = z.strictObject({
  text: text(4000),
  progress: z.number().int().min(0).max(100),
  figures: optText(1000),
  completes: z.boolean().default(false),
  reportedOn: date.optional(),
});
export type ReportInput = z.infer<typeof createReportBody>;
export const reviewBody = z.strictObject({ decision: z.enum(['accept', 'return']), reason: optText(1000) });
export const reviewQueueQuery = z.strictObject({
  state: z.enum(['submitted', 'accepted', 'returned']).default('submitted'),
  orgId: id.optional(),
  ...page,
});
export const reviewEntry = z.object({
  id: z.string(), itemId: z.string(), itemCode: z.string(), itemTitle: z.string(), orgId: z.string(), orgName: z.string(), version: z.number(),
  reportedOn: z.string(), text: z.string(), progress: z.number(), completes: z.boolean(), state: z.string(), reviewNote: z.string().nullable(),
  createdAt: z.string(),
});
export const reviewPage = z.object({ items: z.array(reviewEntry), total: z.number() });

// ---- roll-up
/** How a roll-up's groups are ordered: by label (collated as Chinese), or by a count, so that the
 *  least complete or most overdue areas, regions and bodies come first. */
export const ROLLUP_SORTS = ['label', 'total', 'done', 'overdue', 'stalled', 'completion'] as const;
export const rollupExportQuery = z.strictObject({
  view: z.enum(ROLLUP_VIEWS).default('document'),
  documentId: id.optional(),
  under: id.optional(),
  /** view=region: the org whose child regions form the groups (default: the top of the caller's scope). */
  orgId: id.optional(),
  sort: z.enum(ROLLUP_SORTS).default('label'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type RollupExportQuery = z.infer<typeof rollupExportQuery>;
export const rollupQuery = rollupExportQuery.extend({
  ...page,
  // A province has about 100,000 bodies leading items: the groups come a page at a time.
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type RollupQuery = z.infer<typeof rollupQuery>;
export const rollupGroup = z.object({
  key: z.string().nullable(), label: z.string(), total: z.number(), done: z.number(), inProgress: z.number(), notStarted: z.number(),
  overdue: z.number(), stalled: z.number(), completion: z.number(),
});
export const rollup = z.object({
  view: z.string(), groups: z.array(rollupGroup), totalGroups: z.number(), page: z.number(), pageSize: z.number(), totals: rollupGroup, basis: z.string(), stalledDays: z.number(), today: z.string(),
});

// ---- 一单一书
export const createCharterBody = z.strictObject({
  orgId: id,
  kind: z.enum(CHARTER_KINDS),
  year: z.number().int().min(2000).max(2100),
  docNumber: optText(60),
  documentId: id.optional(),
});
export type CharterInput = z.infer<typeof createCharterBody>;
export const charterListQuery = z.strictObject({ orgId: id.optional(), state: z.enum(['issued', 'signed']).optional(), year: z.coerce.number().int().min(2000).max(2100).optional(), ...page });
export const charterSummary = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), issuerOrgName: z.string(), kind: z.string(), year: z.number(), title: z.string(),
  docNumber: z.string().nullable(), principalName: z.string().nullable(), state: z.string(), issuedAt: z.string(), signedName: z.string().nullable(),
  signedAt: z.string().nullable(), items: z.number(), done: z.number(), overdue: z.number(),
});
export const charterPage = z.object({ items: z.array(charterSummary), total: z.number() });
export const charterDetail = charterSummary.extend({ duties: z.array(itemSummary) });
export const signBody = z.strictObject({ signedName: text(40) });
// orgId and title are required, but checked in the handler: a strict query names an unknown parameter first.
export const importQuery = z.strictObject({ orgId: id.optional(), title: text(200).optional(), kind: z.enum(DOCUMENT_KINDS).default('measures'), docNumber: z.string().trim().max(60).optional() });
export const importResult = z.object({ documentId: z.string(), created: z.object({ items: z.number() }) });
