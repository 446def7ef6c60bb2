import type { Db } from '../../db/index.js';
import { orgInScope, recordInScope, type Scope } from '../../db/scope.js';
import { sha256 } from '../../core/crypto.js';
import { notFound } from '../../core/errors.js';
import type { Finding, Trx, WarningRule } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import type { WarningListQuery } from './schema.js';

type Q = Db | Trx;

/** A warning's id follows from its rule, subject and cause: raising it twice is one warning. */
export function warningId(ruleId: string, f: Pick<Finding, 'subjectType' | 'subjectId' | 'causeKey'>): string {
  const h = sha256(`${ruleId}|${f.subjectType}|${f.subjectId}|${f.causeKey}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Inserts the findings that are new; returns how many were new. */
export async function raiseFindings(trx: Trx, rule: WarningRule<any>, findings: Finding[]): Promise<number> {
  if (!findings.length) return 0;
  const ids = findings.map((f) => warningId(rule.id, f));
  const existing = new Set((await trx.selectFrom('warnings').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  const now = nowIso();
  const fresh = findings.map((f, i) => ({ f, id: ids[i] })).filter(({ id }) => !existing.has(id));
  if (!fresh.length) return 0;
  // Another run may insert the same warnings between the check and the insert: count what this one wrote.
  const inserted = await trx.insertInto('warnings').values(fresh.map(({ f, id }) => ({
    id, rule_id: rule.id, rule_version: rule.version, subject_type: f.subjectType, subject_id: f.subjectId, cause_key: f.causeKey,
    org_id: f.orgId, severity: f.severity ?? rule.severity, title: f.title, detail: f.detail, basis: rule.basis, status: 'open',
    assignee_id: null, resolution: null, raised_at: now, updated_at: now,
  }))).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  const links = fresh.flatMap(({ f, id }) => f.links.map((l) => ({ warning_id: id, record_type: l.recordType, record_id: l.recordId, label: l.label ?? null })));
  if (links.length) await trx.insertInto('warning_links').values(links).onConflict((oc) => oc.doNothing()).execute();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/** The scoped, filtered query behind the inbox and its export (status filter applied). */
export function warningQuery(db: Db, scope: Scope, q: Omit<WarningListQuery, 'page' | 'pageSize'>) {
  let base = db.selectFrom('warnings').where((eb) => orgInScope(eb, 'warnings.org_id', scope));
  if (q.severity) base = base.where('warnings.severity', '=', q.severity);
  if (q.ruleId) base = base.where('warnings.rule_id', '=', q.ruleId);
  if (q.orgId) base = base.where('warnings.org_id', '=', q.orgId);
  if (q.subjectId) base = base.where('warnings.subject_id', '=', q.subjectId);
  const filtered = q.status ? base.where('warnings.status', '=', q.status) : base;
  const sorted = filtered
    .selectAll('warnings')
    .orderBy(
      q.sort === 'severity'
        ? (eb) => eb.case().when('warnings.severity', '=', 'red').then(0).when('warnings.severity', '=', 'yellow').then(1).else(2).end()
        : q.sort === 'updatedAt' ? 'warnings.updated_at' : 'warnings.raised_at',
      q.sort === 'severity' ? (q.order === 'desc' ? 'desc' : 'asc') : q.order,
    )
    .orderBy('warnings.id');
  return { base, sorted };
}

export async function listWarnings(db: Db, scope: Scope, q: WarningListQuery, ruleName: (id: string) => string) {
  const { base, sorted } = warningQuery(db, scope, q);
  const countRows = await base.select(['warnings.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('warnings.status').execute();
  const counts = { open: 0, assigned: 0, resolved: 0, dismissed: 0 };
  for (const r of countRows) counts[r.status as keyof typeof counts] = Number(r.n);
  const total = q.status ? counts[q.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = await sorted.limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { total, counts, items: await hydrate(db, rows, ruleName) };
}

type WarningRow = Awaited<ReturnType<typeof getWarningRow>>;

/** Adds organization names, assignees and links to warning rows: three queries for any page. */
export async function hydrate(db: Db, rows: WarningRow[], ruleName: (id: string) => string) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const userIds = [...new Set(rows.map((r) => r.assignee_id).filter((x): x is string => Boolean(x)))];
  const [orgs, users, links] = await Promise.all([
    db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute(),
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
    db.selectFrom('warning_links').selectAll().where('warning_id', 'in', ids).execute(),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  return rows.map((r) => ({
    id: r.id, ruleId: r.rule_id, ruleName: ruleName(r.rule_id), severity: r.severity, title: r.title, detail: r.detail, basis: r.basis,
    status: r.status, orgId: r.org_id, orgName: orgName.get(r.org_id) ?? '', subjectType: r.subject_type, subjectId: r.subject_id,
    assignee: r.assignee_id ? { id: r.assignee_id, displayName: userName.get(r.assignee_id) ?? '' } : null, resolution: r.resolution,
    raisedAt: r.raised_at, updatedAt: r.updated_at,
    links: links.filter((l) => l.warning_id === r.id).map((l) => ({ recordType: l.record_type, recordId: l.record_id, label: l.label })),
  }));
}

export async function getWarningRow(db: Q, scope: Scope, id: string) {
  const row = await db.selectFrom('warnings').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'warnings.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Warning');
  return row;
}

export async function setWarningState(trx: Trx, id: string, change: { status: string; assignee_id?: string; resolution?: string }) {
  await trx.updateTable('warnings').set({ ...change, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** People in scope who can handle warnings, for the assign picker. */
export async function assigneesInScope(db: Db, scope: Scope, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.display_name as displayName'])
    .where('users.status', '=', 'active')
    .where((eb) => orgInScope(eb, 'users.org_id', scope))
    .where('users.id', 'in', db.selectFrom('user_roles').select('user_id').where('role', 'in', [...roles]))
    .orderBy('users.display_name')
    .limit(500)
    .execute();
}

/** Open and assigned warnings in scope, counted by severity or by rule (the home page): read from
 *  the index warnings_open_counts alone, without the warnings' rows (exported for EXPLAIN in tests). */
export function openCountQuery(db: Db, scope: Scope, by: 'severity' | 'rule_id') {
  return db
    .selectFrom('warnings')
    .select([`warnings.${by}` as const, (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['open', 'assigned'])
    .where((eb) => orgInScope(eb, 'warnings.org_id', scope))
    .groupBy(`warnings.${by}` as const);
}

export async function openBySeverity(db: Db, scope: Scope) {
  const rows = await openCountQuery(db, scope, 'severity').execute();
  const out = { red: 0, yellow: 0, blue: 0 };
  for (const r of rows) out[r.severity as keyof typeof out] = Number(r.n);
  return out;
}

export async function openByRule(db: Db, scope: Scope) {
  const rows = await openCountQuery(db, scope, 'rule_id').execute();
  return rows.map((r) => ({ ruleId: r.rule_id, count: Number(r.n) }));
}
