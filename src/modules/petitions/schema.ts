import { z } from 'zod';
import { attachmentMetaSchema } from '../../core/attachments.js';

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'transferred'] as const;
/** The six disciplines (六项纪律). */
export const DISCIPLINES = ['political', 'organizational', 'integrity', 'mass', 'work', 'life'] as const;
export const SECTORS = [
  'approvals', 'construction', 'resources', 'finance', 'procurement', 'law_enforcement', 'education', 'health', 'rural', 'soe', 'other',
] as const;
export const STATUSES = ['registered', 'processing', 'to_clue', 'closed'] as const;
export const SUBJECT_ROLES = ['principal', 'team_member', 'official', 'org'] as const;

export type Discipline = (typeof DISCIPLINES)[number];
export type Sector = (typeof SECTORS)[number];
export type PetitionStatus = (typeof STATUSES)[number];
export type Channel = (typeof CHANNELS)[number];
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const idParams = z.strictObject({ id });
export const revealParams = z.strictObject({ id, revealId: id });
export const attachmentParams = z.strictObject({ id, attId: id });
export const created = z.object({ id: z.string() });

/** GB 11643 citizen ID (same check as the registry's). */
const idNumber = z.string().trim().regex(/^\d{17}[\dX]$/, '应为18位身份证号 (must be an 18-character ID number)');

export const reporterInput = z.strictObject({
  name: text(40),
  idNumber: idNumber.nullish(),
  contact: z.string().trim().max(60).nullish(),
});

export const subjectsInput = z.strictObject({
  officialIds: z.array(id).max(20).default([]),
  orgIds: z.array(id).max(20).default([]),
});

export const createPetitionBody = z.strictObject({
  orgId: id,
  channel: z.enum(CHANNELS),
  receivedAt: date,
  anonymous: z.boolean(),
  reporter: reporterInput.nullish(),
  subjects: subjectsInput,
  summary: text(120),
  content: text(20000),
  /** Omitted: classified from the text. */
  discipline: z.enum(DISCIPLINES).optional(),
  sector: z.enum(SECTORS).optional(),
  /** Register as a repeat of this matter (offered by the repeat check). */
  matterId: id.optional(),
});
export type CreatePetitionInput = z.infer<typeof createPetitionBody>;

export const classifyBody = z.strictObject({ text: text(20000) });
export const classification = z.object({
  discipline: z.enum(DISCIPLINES),
  sector: z.enum(SECTORS),
  matched: z.array(z.string()),
});

export const repeatCheckBody = z.strictObject({
  subjects: subjectsInput,
  summary: z.string().max(120).default(''),
  content: text(20000),
});
export const repeatCandidate = z.object({
  petitionId: z.string(),
  serial: z.string(),
  matterId: z.string(),
  matterTitle: z.string(),
  matterReportCount: z.number(),
  receivedAt: z.string(),
  summary: z.string(),
  similarity: z.number(),
});
export const repeatList = z.object({ items: z.array(repeatCandidate) });

export const createdPetition = z.object({
  id: z.string(), serial: z.string(), matterId: z.string(), discipline: z.enum(DISCIPLINES), sector: z.enum(SECTORS), repeats: z.array(repeatCandidate),
});

export const linkMatterBody = z.strictObject({ matterId: id.nullable() });
export const statusBody = z.strictObject({ status: z.enum(STATUSES), result: z.string().trim().max(2000).nullish() });

const sortable = ['receivedAt', 'serial', 'status', 'discipline'] as const;
export const petitionListQuery = z.strictObject({
  q: z.string().max(64).optional(),
  orgId: id.optional(),
  officialId: id.optional(),
  matterId: id.optional(),
  status: z.enum(STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  discipline: z.enum(DISCIPLINES).optional(),
  sector: z.enum(SECTORS).optional(),
  from: date.optional(),
  to: date.optional(),
  /** Only reports naming a principal (一把手) or team member. */
  leaders: z.enum(['0', '1']).transform((v) => v === '1').optional(),
  sort: z.enum(sortable).default('receivedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...page,
});
export type PetitionListQuery = z.infer<typeof petitionListQuery>;
export const petitionExportQuery = petitionListQuery.omit({ page: true, pageSize: true });

export const subjectView = z.object({ type: z.enum(['official', 'org']), id: z.string(), name: z.string(), orgName: z.string(), role: z.enum(SUBJECT_ROLES) });
export const petitionItem = z.object({
  id: z.string(), serial: z.string(), orgId: z.string(), orgName: z.string(), channel: z.enum(CHANNELS), receivedAt: z.string(),
  anonymous: z.boolean(), summary: z.string(), discipline: z.enum(DISCIPLINES), sector: z.enum(SECTORS), status: z.enum(STATUSES),
  matterId: z.string(), matterReportCount: z.number(), subjects: z.array(subjectView),
});
export const petitionPage = z.object({ items: z.array(petitionItem), total: z.number() });

export const revealView = z.object({
  id: z.string(), requestedBy: z.string(), requestedByName: z.string(), reason: z.string(), status: z.enum(['pending', 'approved', 'rejected']),
  decidedByName: z.string().nullable(), decidedAt: z.string().nullable(), expiresAt: z.string().nullable(), views: z.number(), createdAt: z.string(),
  /** The caller asked for it and may view the identity now. */
  canView: z.boolean(),
  /** The caller may decide it (another authorised person, and it is pending). */
  canDecide: z.boolean(),
});

export const attachmentView = attachmentMetaSchema;

export const petitionDetail = petitionItem.extend({
  content: z.string(),
  result: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  reporter: z.object({ nameMasked: z.string().nullable(), idNumberMasked: z.string().nullable(), contactMasked: z.string().nullable() }),
  matter: z.object({ id: z.string(), title: z.string(), status: z.string(), reportCount: z.number(), firstReceivedAt: z.string(), lastReceivedAt: z.string() }),
  matterReports: z.array(z.object({ id: z.string(), serial: z.string(), receivedAt: z.string(), summary: z.string(), status: z.enum(STATUSES) })),
  reveals: z.array(revealView),
  attachments: z.array(attachmentView),
});

export const revealRequestBody = z.strictObject({ reason: text(500) });
export const revealDecisionBody = z.strictObject({ approve: z.boolean() });
export const revealedIdentity = z.object({ name: z.string().nullable(), idNumber: z.string().nullable(), contact: z.string().nullable(), expiresAt: z.string() });
export const revealInboxQuery = z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).default('pending'), ...page });
export const revealInbox = z.object({
  total: z.number(),
  items: z.array(z.object({
    id: z.string(), petitionId: z.string(), serial: z.string(), summary: z.string(), requestedByName: z.string(), reason: z.string(),
    status: z.string(), createdAt: z.string(), canDecide: z.boolean(),
  })),
});

export const searchQuery = z.strictObject({
  /** Empty: an empty page (nothing is listed without words to look for). */
  q: z.string().trim().max(100).default(''),
  orgId: id.optional(),
  ...page,
});
export const searchPage = z.object({ total: z.number(), totalCapped: z.boolean().describe('more matches than total: it is a floor'), terms: z.array(z.string()), items: z.array(petitionItem) });

export const importResult = z.object({ created: z.object({ petitions: z.number(), matters: z.number() }) });

export const analysisQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  orgId: id.optional(),
});
const countRow = z.object({ key: z.string(), name: z.string(), count: z.number() });
export const analysisResult = z.object({
  from: z.string(), to: z.string(), previousFrom: z.string(), previousTo: z.string(),
  total: z.number(), previousTotal: z.number(), change: z.number().nullable(),
  byRegion: z.array(countRow), byOrg: z.array(countRow), byOfficial: z.array(countRow.extend({ orgName: z.string(), role: z.string() })),
  byDiscipline: z.array(countRow.extend({ previous: z.number() })), bySector: z.array(countRow.extend({ previous: z.number() })),
  byChannel: z.array(countRow), byMonth: z.array(z.object({ month: z.string(), count: z.number() })),
  leaders: z.object({
    principal: z.number(), teamMember: z.number(), previousPrincipal: z.number(), previousTeamMember: z.number(),
    top: z.array(countRow.extend({ orgName: z.string(), role: z.string() })),
  }),
  manyReports: z.object({ threshold: z.number(), basis: z.string(), officials: z.array(countRow.extend({ orgName: z.string() })) }),
  outliers: z.object({
    basis: z.string(),
    orgs: z.array(z.object({ key: z.string(), name: z.string(), count: z.number(), peers: z.number(), q1: z.number(), q3: z.number(), fence: z.number(), level: z.string(), kind: z.string() })),
  }),
});

export const retentionView = z.object({ years: z.number(), eligibleMatters: z.number() });
export const retentionBody = z.strictObject({ years: z.number().int().min(1).max(30) });
export const purgeResult = z.object({ matters: z.number(), petitions: z.number() });
