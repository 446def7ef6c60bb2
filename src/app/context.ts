// Builds the ModuleContext that every module receives: database, crypto, audit, authorization.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../core/config.js';
import type { CryptoBox } from '../core/crypto.js';
import { AppError, forbidden, notFound, unauthorized } from '../core/errors.js';
import type { Actor, ModuleContext, ModuleDefinition, Trx, WarningRule } from '../core/module.js';
import type { PermissionTable } from '../core/roles.js';
import type { Database } from '../db/index.js';
import { enqueue } from '../jobs/queue.js';
import { groupCommitTransactions } from '../db/group-commit.js';
import { appendAudit, auditChainer, stageAudit, type AuditChainer } from '../modules/audit/index.js';

/** Marks a guard with the action it checks, so the route table can be read back (see routeActions). */
export const GUARDED_ACTION = Symbol('jiandu.action');

export function combinePermissions(modules: readonly ModuleDefinition[]): PermissionTable {
  const table: PermissionTable = {};
  for (const m of modules) {
    for (const [action, roles] of Object.entries(m.permissions)) {
      if (table[action]) throw new Error(`Action ${action} is granted by two modules`);
      table[action] = roles;
    }
  }
  return table;
}

/** action → the need-to-know action of its module, for modules that hide themselves (petitions, clues). */
export function needToKnowActions(modules: readonly ModuleDefinition[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const m of modules) if (m.needToKnow) for (const action of Object.keys(m.permissions)) out.set(action, m.needToKnow);
  return out;
}

/** How a change's audit row joins the chain and how its transaction commits, per engine:
 *  SQLite's one writer links the row inline and commits concurrent transactions together;
 *  PostgreSQL stages the row in the transaction and links it afterwards, so that concurrent
 *  transactions do not queue for the chain's lock (see migration 008). */
function writePath(database: Database, crypto: CryptoBox, chainer: AuditChainer): Pick<ModuleContext, 'tx' | 'audit'> {
  const { db, dialect } = database;
  if (dialect === 'sqlite') {
    return { tx: groupCommitTransactions(db), audit: (trx, actor, entry) => appendAudit(trx, dialect, crypto, actor, entry) };
  }
  const staged = new WeakSet<Trx>();
  return {
    audit: async (trx, actor, entry) => {
      await stageAudit(trx, actor, entry);
      staged.add(trx);
    },
    tx: async (fn) => {
      let audited = false;
      const result = await db.transaction().execute(async (trx) => {
        const r = await fn(trx);
        audited = staged.has(trx);
        return r;
      });
      if (audited) await chainer.settle();
      return result;
    },
  };
}

export function buildContext(database: Database, crypto: CryptoBox, config: Config, modules: readonly ModuleDefinition[],
  chainer: AuditChainer = auditChainer(database.db, database.dialect, crypto)): ModuleContext {
  const { db, dialect } = database;
  const table = combinePermissions(modules);
  const hiddenBy = needToKnowActions(modules);
  const rules: WarningRule[] = modules.flatMap((m) => (m.warningRules ?? []) as WarningRule[]);
  const allowed = (actor: Actor, action: string) => {
    const roles = table[action];
    if (!roles) throw new Error(`Unknown action ${action}`);
    return actor.roles.some((r) => roles.includes(r));
  };

  const ctx: ModuleContext = {
    db,
    dialect,
    crypto,
    config,
    ...writePath(database, crypto, chainer),
    auditEvent: chainer.event,
    allowed,
    permissionTable: () => table,
    warningRules: () => rules,
    enqueue: (kind, payload, opts) => enqueue(db, kind, payload, opts),
    can(action: string) {
      if (!table[action]) throw new Error(`Route guarded by unknown action ${action}`);
      const guard = async (req: unknown, _reply: unknown) => {
        const r = req as FastifyRequest;
        if (!r.actor) throw unauthorized();
        if (r.actor.mfaPending) throw new AppError(403, 'mfa_setup_required', 'Set up two-factor sign-in first');
        if (!allowed(r.actor, action)) {
          await ctx.auditEvent(r.actor, { action: 'access.denied', outcome: 'denied', detail: { action, route: r.routeOptions.url } });
          const knows = hiddenBy.get(action);
          if (knows && !allowed(r.actor, knows)) throw notFound();
          throw forbidden(`Your role may not ${action}`);
        }
      };
      return Object.assign(guard, { [GUARDED_ACTION]: action });
    },
  };
  return ctx;
}

