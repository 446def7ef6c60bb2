// Progress reports and their review. A returned report stays as it was; the unit submits a new version.
import type { Db } from '../../db/index.js';
import { orgInScope, pathCovered, pathInScope, recordInScope, type Scope } from '../../db/scope.js';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import type { ReportInput } from './schema.js';
import { getItemRow, itemVisible } from './visibility.js';

type Q = Db | Trx;

/** Only the item's lead organization (an org in the reporter's scope) reports on it. */
export async function submitReport(trx: Trx, scope: Scope, actorId: string, itemId: string, b: ReportInput) {
  const item = await getItemRow(trx, itemId, scope);
  const lead = await trx.selectFrom('orgs').select('path').where('id', '=', item.lead_org_id).executeTakeFirstOrThrow();
  if (!pathCovered(lead.path, scope)) throw forbidden('Only the lead organization of the item reports on it');
  if (item.state !== 'open') throw conflict('The item is closed or withdrawn');
  if (item.done_on) throw conflict('The item is already done');
  const pending = await trx.selectFrom('ledger_reports').select('id').where('item_id', '=', itemId).where('state', '=', 'submitted').executeTakeFirst();
  if (pending) throw conflict('A report on this item is still waiting for review');
  const reportedOn = b.reportedOn ?? today();
  if (reportedOn > today()) throw badRequest('The report date is in the future', 'body.reportedOn');
  if (b.completes && b.progress < 100) throw badRequest('A report that completes the item states 100% progress', 'body.progress');
  const id = newId();
  await trx.insertInto('ledger_reports').values({
    id, item_id: itemId, org_id: item.lead_org_id, version: Number(item.report_count) + 1, reported_on: reportedOn, text: b.text,
    progress: b.progress, figures: b.figures ?? null, completes: b.completes ? 1 : 0, state: 'submitted', review_note: null,
    reviewer_org_id: item.reviewer_org_id, reviewed_by: null, reviewed_at: null, created_by: actorId, created_at: nowIso(),
  }).execute();
  await trx.updateTable('ledger_items').set((eb) => ({
    report_count: eb('report_count', '+', 1),
    last_report_on: item.last_report_on && item.last_report_on > reportedOn ? item.last_report_on : reportedOn,
    updated_at: nowIso(),
  })).where('id', '=', itemId).execute();
  return { id, item };
}

/** A report the caller may see: as the reviewing body, or on an item they see. */
export async function getReportRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('ledger_reports').selectAll().where('id', '=', id)
    .where((eb) => eb.or([recordInScope(eb, 'ledger_reports.reviewer_org_id', scope), itemVisible(eb, 'ledger_reports.item_id', scope)]))
    .executeTakeFirst();
  if (!row) throw notFound('Report');
  return row;
}

export async function reviewReport(trx: Trx, scope: Scope, actorId: string, id: string, b: { decision: 'accept' | 'return'; reason?: string | null }) {
  const report = await trx.selectFrom('ledger_reports').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'ledger_reports.reviewer_org_id', scope)).executeTakeFirst();
  if (!report) throw notFound('Report');
  if (report.state !== 'submitted') throw conflict('The report has already been reviewed');
  if (report.created_by === actorId) throw forbidden('You may not review your own report');
  if (b.decision === 'return' && !b.reason) throw badRequest('Say why the report is returned', 'body.reason');
  const now = nowIso();
  await trx.updateTable('ledger_reports').set({
    state: b.decision === 'accept' ? 'accepted' : 'returned', review_note: b.reason ?? null, reviewed_by: actorId, reviewed_at: now,
  }).where('id', '=', id).execute();
  await trx.updateTable('ledger_items').set((eb) => (b.decision === 'accept'
    ? { returned_count: 0, ...(report.completes === 1 && { done_on: report.reported_on }), updated_at: now }
    : { returned_count: eb('returned_count', '+', 1), updated_at: now })).where('id', '=', report.item_id).execute();
  return report;
}

export async function reviewQueue(db: Db, scope: Scope, q: { state: string; orgId?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('ledger_reports as r').innerJoin('ledger_items as i', 'i.id', 'r.item_id').innerJoin('orgs as ro', 'ro.id', 'r.org_id')
    .where('r.state', '=', q.state).where((eb) => orgInScope(eb, 'r.reviewer_org_id', scope));
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.orgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
    base = org ? base.where('ro.path', '>=', org.path).where('ro.path', '<', org.path.slice(0, -1) + '0') : base.where('r.id', '=', '');
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.select([
    'r.id', 'r.item_id', 'i.code', 'i.title', 'r.org_id', 'ro.name', 'r.version', 'r.reported_on', 'r.text', 'r.progress', 'r.completes', 'r.state', 'r.review_note', 'r.created_at',
  ]).orderBy('r.created_at', q.state === 'submitted' ? 'asc' : 'desc').orderBy('r.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, itemId: r.item_id, itemCode: r.code, itemTitle: r.title, orgId: r.org_id, orgName: r.name, version: Number(r.version),
      reportedOn: r.reported_on, text: r.text, progress: Number(r.progress), completes: Number(r.completes) === 1, state: r.state,
      reviewNote: r.review_note, createdAt: r.created_at,
    })),
  };
}
