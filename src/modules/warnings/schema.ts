import { z } from 'zod';

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
export const STATUSES = ['open', 'assigned', 'resolved', 'dismissed'] as const;
export const SEVERITIES = ['red', 'yellow', 'blue'] as const;

export const idParams = z.strictObject({ id });
export const ruleParams = z.strictObject({ id: z.string().min(1).max(100) });

export const warningListQuery = z.strictObject({
  status: z.enum(STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  ruleId: z.string().max(100).optional(),
  orgId: id.optional(),
  subjectId: id.optional(),
  sort: z.enum(['raisedAt', 'updatedAt', 'severity']).default('raisedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type WarningListQuery = z.infer<typeof warningListQuery>;
export const warningExportQuery = warningListQuery.omit({ page: true, pageSize: true });

export const warning = z.object({
  id: z.string(), ruleId: z.string(), ruleName: z.string(), severity: z.string(), title: z.string(), detail: z.string(),
  basis: z.string(), status: z.string(), orgId: z.string(), orgName: z.string(), subjectType: z.string(), subjectId: z.string(),
  assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(), resolution: z.string().nullable(),
  raisedAt: z.string(), updatedAt: z.string(),
  links: z.array(z.object({ recordType: z.string(), recordId: z.string(), label: z.string().nullable() })),
});
export const warningPage = z.object({
  items: z.array(warning),
  total: z.number(),
  counts: z.object({ open: z.number(), assigned: z.number(), resolved: z.number(), dismissed: z.number() }),
});

export const assignBody = z.strictObject({ assigneeId: id });
export const resolveBody = z.strictObject({ resolution: z.string().trim().min(1).max(2000) });
export const dismissBody = z.strictObject({ reason: z.string().trim().min(2).max(2000) });
export const assignees = z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string() })) });

export const ruleView = z.object({
  id: z.string(), name: z.string(), nameEn: z.string(), module: z.string(), basis: z.string(), version: z.number(),
  severity: z.string(), enabled: z.boolean(), thresholds: z.record(z.string(), z.number()), defaults: z.record(z.string(), z.number()),
});
export const ruleList = z.object({ items: z.array(ruleView) });
export const ruleConfigBody = z.strictObject({ enabled: z.boolean(), thresholds: z.record(z.string(), z.number()) });
export const runBody = z.strictObject({ ruleId: z.string().max(100).optional() });
export const runAccepted = z.object({ jobId: z.string() });
export const jobView = z.object({
  id: z.string(), kind: z.string(), status: z.string(), attempts: z.number(), result: z.unknown().nullable(), lastError: z.string().nullable(),
  createdAt: z.string(), finishedAt: z.string().nullable(),
});
export const bySeverity = z.object({ red: z.number(), yellow: z.number(), blue: z.number() });
