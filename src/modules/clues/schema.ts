// Clues (问题线索): request and response schemas, the single source of types, validation and OpenAPI.
import { z } from 'zod';
// The six disciplines (六项纪律) and the sectors: one classification for reports and clues.
import { DISCIPLINES, SECTORS } from '../petitions/index.js';

export { DISCIPLINES, SECTORS };

export const SOURCES = ['report', 'inspection', 'audit', 'transfer_in', 'other'] as const;
/** 谈话函询 / 初步核实 / 暂存待查 / 予以了结 */
export const METHODS = ['talk_inquiry', 'preliminary_check', 'hold', 'close'] as const;
export const STATES = ['registered', 'proposed', 'disposing', 'concluded'] as const;
/** Board columns: the states, with clues under disposal split by method. */
export const BOARD_COLUMNS = ['registered', 'proposed', ...METHODS, 'concluded'] as const;
export const TRANSFER_STATUSES = ['sent', 'received', 'fed_back'] as const;

export type Method = (typeof METHODS)[number];
export type ClueState = (typeof STATES)[number];

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();
const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const flag = z.enum(['0', '1']).transform((v) => v === '1');

export const idParams = z.strictObject({ id });
export const disposalParams = z.strictObject({ id, disposalId: id });
export const created = z.object({ id: z.string() });

// ---- clues
export const subjectRef = z.strictObject({ type: z.enum(['official', 'org']), id });
export const createClueBody = z.strictObject({
  orgId: id,
  source: z.enum(SOURCES),
  petitionId: id.nullish(),
  summary: text(4000),
  discipline: z.enum(DISCIPLINES),
  sector: z.enum(SECTORS).nullish(),
  receivedDate: date,
  /** At least one (checked in the store, so that a body's other faults are reported first). */
  subjects: z.array(subjectRef).max(20),
});
export type CreateClueInput = z.infer<typeof createClueBody>;
/** A clue from a report: body, subjects and classification come from the report unless given. */
export const clueFromPetitionBody = z.strictObject({
  petitionId: id,
  orgId: id.optional(),
  summary: text(4000).optional(),
  discipline: z.enum(DISCIPLINES).optional(),
  sector: z.enum(SECTORS).nullish(),
});

export const clueFilters = {
  state: z.enum(STATES).optional(),
  method: z.enum(METHODS).optional(),
  source: z.enum(SOURCES).optional(),
  discipline: z.enum(DISCIPLINES).optional(),
  form: z.coerce.number().int().min(1).max(4).optional(),
  orgId: id.optional(),
  subjectId: id.optional(),
  petitionId: id.optional(),
  overdue: flag.optional(),
  q: z.string().trim().max(64).optional(),
  from: date.optional(),
  to: date.optional(),
};
export const clueListQuery = z.strictObject({
  ...clueFilters,
  sort: z.enum(['receivedDate', 'deadline', 'updatedAt', 'code']).default('receivedDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...page,
});
export type ClueListQuery = z.infer<typeof clueListQuery>;
export const clueExportQuery = clueListQuery.omit({ page: true, pageSize: true });
export const clueBoardQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const clueStatsQuery = z.strictObject({ orgId: id.optional(), from: date.optional(), to: date.optional() });

const subjectView = z.object({ type: z.string(), id: z.string(), name: z.string(), orgName: z.string().nullable() });
export const clueSummary = z.object({
  id: z.string(), code: z.string(), orgId: z.string(), orgName: z.string(), source: z.string(), summary: z.string(),
  discipline: z.string(), sector: z.string().nullable(), receivedDate: z.string(), state: z.string(), method: z.string().nullable(),
  deadline: z.string().nullable(), overdue: z.boolean(), form: z.number().nullable(), subjects: z.array(subjectView), updatedAt: z.string(),
});
export type ClueSummary = z.infer<typeof clueSummary>;
export const cluePage = z.object({ items: z.array(clueSummary), total: z.number() });
export const clueBoard = z.object({
  columns: z.array(z.object({ key: z.enum(BOARD_COLUMNS), total: z.number(), items: z.array(clueSummary) })),
});

const disposalView = z.object({
  id: z.string(), method: z.string(), deadline: z.string(), reason: z.string(), status: z.string(),
  proposedBy: z.object({ id: z.string(), name: z.string() }), proposedAt: z.string(),
  decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(),
});
const eventView = z.object({ id: z.string(), at: z.string(), actorName: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()) });
export const transferView = z.object({
  id: z.string(), clueId: z.string(), clueCode: z.string(), clueSummary: z.string(), fromOrgId: z.string(), fromOrgName: z.string(),
  toOrgId: z.string(), toOrgName: z.string(), note: z.string(), sentDate: z.string(), feedbackDue: z.string(), status: z.string(),
  overdue: z.boolean(), receivedAt: z.string().nullable(), receiptNote: z.string().nullable(), receivedClueId: z.string().nullable(),
  result: z.string().nullable(), resultAt: z.string().nullable(),
});
export const clueDetail = clueSummary.extend({
  petitionId: z.string().nullable(), transferId: z.string().nullable(),
  /** For a clue received by transfer: who sent it, when, with what note. */
  transferredFrom: z.object({ orgName: z.string(), sentDate: z.string(), note: z.string() }).nullable(), sanction: z.string().nullable(), outcome: z.string().nullable(),
  linkedType: z.string().nullable(), linkedId: z.string().nullable(), createdAt: z.string(), concludedAt: z.string().nullable(),
  pendingDisposal: disposalView.nullable(),
  disposals: z.array(disposalView),
  events: z.array(eventView),
  transfers: z.array(transferView),
  consultations: z.array(z.object({ id: z.string(), meetingDate: z.string(), title: z.string(), opinion: z.string().nullable() })),
  /** What the signed-in user may do next (the UI shows only these buttons). */
  can: z.object({ propose: z.boolean(), approve: z.boolean(), conclude: z.boolean(), transfer: z.boolean(), link: z.boolean() }),
});

// ---- disposal workflow
export const proposeBody = z.strictObject({ method: z.enum(METHODS), deadline: date, reason: text(2000) });
export const decideBody = z.strictObject({ note: optText(2000) });
export const concludeBody = z.strictObject({
  form: z.number().int().min(1).max(4).nullable(),
  sanction: optText(200),
  outcome: text(4000),
});
export const linkBody = z.strictObject({
  linkedType: z.string().regex(/^[a-z][a-z_]{1,29}$/, 'must be a record type such as "inquiry"').nullable(),
  linkedId: id.nullable(),
});

// ---- transfers
export const transferBody = z.strictObject({ toOrgId: id, note: text(2000), feedbackDue: date });
export const receiveBody = z.strictObject({ note: optText(2000) });
export const feedbackBody = z.strictObject({ result: text(4000) });
export const transferListQuery = z.strictObject({
  box: z.enum(['inbox', 'outbox']).default('inbox'),
  status: z.enum(TRANSFER_STATUSES).optional(),
  overdue: flag.optional(),
  orgId: id.optional(),
  sort: z.enum(['sentDate', 'feedbackDue']).default('sentDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...page,
});
export type TransferListQuery = z.infer<typeof transferListQuery>;
export const transferExportQuery = transferListQuery.omit({ page: true, pageSize: true });
export const transferPage = z.object({ items: z.array(transferView), total: z.number() });

// ---- consultation meetings (会商研判)
export const createConsultationBody = z.strictObject({
  orgId: id,
  meetingDate: date,
  title: text(200),
  participantOrgIds: z.array(id).max(30).default([]),
  otherParticipants: optText(500),
  /** At least one (checked in the store). */
  clues: z.array(z.strictObject({ clueId: id, opinion: optText(2000) })).max(50),
  conclusions: text(8000),
  assignments: z.array(z.strictObject({ task: text(1000), assigneeOrgId: id, dueDate: date.nullish() })).max(50).default([]),
});
export type CreateConsultationInput = z.infer<typeof createConsultationBody>;
export const consultationListQuery = z.strictObject({ orgId: id.optional(), clueId: id.optional(), from: date.optional(), to: date.optional(), ...page });
export const consultationExportQuery = consultationListQuery.omit({ page: true, pageSize: true });
export const consultationSummary = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), meetingDate: z.string(), title: z.string(), clueCount: z.number(),
  participants: z.array(z.string()),
});
export const consultationPage = z.object({ items: z.array(consultationSummary), total: z.number() });
export const consultationDetail = consultationSummary.extend({
  otherParticipants: z.string().nullable(), conclusions: z.string(), createdAt: z.string(),
  clues: z.array(z.object({ id: z.string(), code: z.string(), summary: z.string(), state: z.string(), opinion: z.string().nullable() })),
  assignments: z.array(z.object({ id: z.string(), task: z.string(), assigneeOrgId: z.string(), assigneeOrgName: z.string(), dueDate: z.string().nullable() })),
});

// ---- statistics
const count = z.object({ key: z.string(), count: z.number() });
export const clueStats = z.object({
  total: z.number(),
  byForm: z.array(z.object({ form: z.number(), count: z.number() })),
  byState: z.array(count),
  byMethod: z.array(count),
  bySource: z.array(count),
  /** Concluded clues per month and form (the chart of the four forms over time). */
  monthly: z.array(z.object({ month: z.string(), form1: z.number(), form2: z.number(), form3: z.number(), form4: z.number() })),
  overdue: z.object({ disposal: z.number(), feedback: z.number() }),
});
