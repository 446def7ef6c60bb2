// The contract every domain module fulfils in its index.ts: its routes, its permission table,
// the warning rules it contributes, its entries in an official's integrity archive, and its
// metrics for the political-ecology indicators. app/ composes modules; modules never import app/.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Db, Dialect } from '../db/index.js';
import type { DB } from '../db/schema.js';
import type { Scope } from '../db/scope.js';
import type { Config } from './config.js';
import type { CryptoBox } from './crypto.js';
import type { PermissionTable, Role } from './roles.js';

export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
export type Trx = Transaction<DB>;

/** The signed-in person behind a request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  scope: Scope;
  sessionId: string;
  ip: string | null;
  /** Signed in with a password only, while a second factor is still to be set up. */
  mfaPending: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the session hook; routes behind ctx.can() always have it. */
    actor: Actor;
    /** The session's CSRF token, echoed by /api/auth/me. */
    csrfToken?: string;
  }
}

export interface AuditEntry {
  action: string; // e.g. "official.update", "official.read-sensitive", "auth.login"
  targetType?: string | null;
  targetId?: string | null;
  orgId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
  /** Who, when there is no signed-in actor yet (sign-in attempts). */
  as?: { id: string | null; username: string; ip: string | null };
}

export interface ModuleContext {
  db: Db;
  dialect: Dialect;
  crypto: CryptoBox;
  /** Records a change's row for the hash-chained audit log inside the caller's transaction: it commits
   *  with the change or not at all, and is in the chain when ctx.tx resolves. */
  audit(trx: Trx, actor: Actor | null, entry: AuditEntry): Promise<void>;
  /** Appends one audit row on its own (reads of sensitive records, exports, denials) and resolves
   *  once it is committed; concurrent calls share one commit. */
  auditEvent(actor: Actor | null, entry: AuditEntry): Promise<void>;
  /** Runs fn in a transaction; every change and its audit row commit together or not at all.
   *  Concurrent calls may share one commit (SQLite), each with its own savepoint. */
  tx<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** A preHandler that requires the action (401 when signed out, 403 without the role). */
  can(action: string): (req: unknown, reply: unknown) => Promise<void>;
  /** Whether the actor holds a role granted the action. */
  allowed(actor: Actor, action: string): boolean;
  /** All warning rules of all modules (for the warnings module). */
  warningRules(): readonly WarningRule[];
  /** action → roles, combined from every module's table. */
  permissionTable(): Readonly<PermissionTable>;
  /** Queues background work (documents, rule runs); returns the job id. */
  enqueue(kind: string, payload: unknown, opts?: { dedupeKey?: string }): Promise<string>;
  config: Readonly<Config>;
}

export type Severity = 'red' | 'yellow' | 'blue';

export interface Finding {
  subjectType: string;
  subjectId: string;
  causeKey: string;
  orgId: string;
  title: string;
  detail: string;
  severity?: Severity;
  links: { recordType: string; recordId: string; label?: string }[];
}

export interface RuleContext<T> {
  db: Db;
  dialect: Dialect;
  today: string; // YYYY-MM-DD
  thresholds: T;
}

export interface WarningRule<T extends Record<string, number> = Record<string, number>> {
  id: string;
  name: string; // zh
  nameEn: string;
  module: string;
  basis: string; // 依据: the clause the rule enforces
  version: number;
  severity: Severity;
  defaults: T;
  thresholdSchema: z.ZodType<T>;
  /** Yields findings in batches; it must stream (keyset pages), never load a whole table. */
  evaluate(ctx: RuleContext<T>): AsyncIterable<Finding>;
}

export interface ArchiveEntry {
  kind: string;
  date: string;
  title: string;
  detail?: string;
  recordType: string;
  recordId: string;
}

export interface EcologyMetric {
  id: string;
  name: string;
  nameEn: string;
  polarity: 'positive' | 'negative';
  unit: string;
  /** Value per organization for the period, for organizations inside the scope. */
  compute(db: Db, args: { scope: Scope; from: string; to: string }): Promise<Map<string, number>>;
}

export interface ModuleDefinition {
  name: string;
  permissions: PermissionTable;
  /** Need to know: the action whose holders may know this module's records exist. A user without it
   *  gets 404 from every route of the module (as if nothing were there), not 403. */
  needToKnow?: string;
  routes(app: Api, ctx: ModuleContext): Promise<void> | void;
  warningRules?: readonly WarningRule<any>[];
  archiveEntries?(db: Db, officialId: string): Promise<ArchiveEntry[]>;
  ecologyMetrics?: readonly EcologyMetric[];
  /** Scheduled work: cron expression → job kind handled by the module. */
  jobs?: Record<string, (ctx: ModuleContext, payload: unknown) => Promise<unknown>>;
}
