import { z } from 'zod';

export const auditQuery = z.strictObject({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime().or(z.iso.date()).optional(),
  to: z.iso.datetime().or(z.iso.date()).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;
export const auditExportQuery = auditQuery.omit({ before: true, limit: true });

export const auditRow = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  orgId: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()),
  rowHash: z.string(),
});

export const auditPage = z.object({ items: z.array(auditRow), nextBefore: z.number().nullable() });

export const verifyResult = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headSeq: z.number(),
  headHash: z.string(),
  broken: z.object({ seq: z.number(), reason: z.string() }).optional(),
});

export const checkpoint = z.strictObject({
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().max(40),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

export const checkpointCheck = z.object({ signatureValid: z.boolean(), holds: z.boolean(), headSeq: z.number() });
