// Documents and items of the ledger: building it, handing items down, and reading it within scope.
import { sql } from 'kysely';
import type { AttachmentMeta } from '../../core/attachments.js';
import type { Db } from '../../db/index.js';
import { pathCovered, pathInScope, recordInScope, type Scope } from '../../db/scope.js';
import { containsInsensitive } from '../../db/sql.js';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import type { DocumentInput, ItemInput, ItemListQuery, ItemUpdate } from './schema.js';
import { addDays, DEFAULT_STALLED_DAYS, itemStatus, statusSql, type ItemStatus } from './status.js';
import { getItemRow, itemVisible, rebuildReach, subtreeHi, writeReach } from './visibility.js';

type Q = Db | Trx;
export type ItemRow = Awaited<ReturnType<typeof getItemRow>>;

export const STALLED_RULE_ID = 'ledger.stalled';

/** Zero-padded code parts, so that codes sort as numbers (1.10 after 1.9). */
export function codeKey(code: string): string {
  return code.split('.').map((p) => p.padStart(4, '0')).join('.');
}

/** The stalled threshold as configured on the warning rule, so lists and warnings agree. */
export async function stalledDays(db: Q): Promise<number> {
  const row = await db.selectFrom('warning_rule_configs').select('thresholds').where('rule_id', '=', STALLED_RULE_ID).executeTakeFirst();
  const days = row ? Number((JSON.parse(row.thresholds) as { days?: number }).days) : NaN;
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_STALLED_DAYS;
}

/** Organizations named in a body must exist inside the scope; otherwise the field is wrong. */
export async function orgsForBody(db: Q, scope: Scope, ids: string[], field: string) {
  if (!ids.length) return [];
  const unique = [...new Set(ids)];
  const rows = await db.selectFrom('orgs').select(['id', 'name', 'path', 'level']).where('id', 'in', unique).where((eb) => pathInScope(eb, 'orgs.path', scope)).execute();
  if (rows.length !== unique.length) throw badRequest('Unknown organization', field);
  return unique.map((id) => rows.find((r) => r.id === id)!);
}

async function orgPath(db: Q, orgId: string) {
  return (await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirstOrThrow()).path;
}

/** The actor's scope covers the org whose ledger holds the item: they may change it and add below it. */
export async function requireOwner(db: Q, scope: Scope, orgId: string) {
  if (!pathCovered(await orgPath(db, orgId), scope)) throw forbidden('Only the organization whose ledger holds the item may change it');
}

// ---- documents

export async function getDocumentRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('ledger_documents').selectAll().where('id', '=', id)
    .where((eb) => eb.or([
      recordInScope(eb, 'ledger_documents.org_id', scope),
      eb.exists(eb.selectFrom('ledger_items as di').select('di.id').whereRef('di.document_id', '=', 'ledger_documents.id').where((s) => itemVisible(s, 'di.id', scope))),
    ]))
    .executeTakeFirst();
  if (!row) throw notFound('Ledger document');
  return row;
}

export async function createDocument(trx: Trx, scope: Scope, actorId: string, b: DocumentInput, field = 'body') {
  await orgsForBody(trx, scope, [b.orgId], `${field}.orgId`);
  const id = newId();
  const now = nowIso();
  await trx.insertInto('ledger_documents').values({
    id, org_id: b.orgId, kind: b.kind, title: b.title, doc_number: b.docNumber ?? null, issued_on: b.issuedOn ?? null,
    year: b.year ?? null, created_by: actorId, created_at: now, updated_at: now,
  }).execute();
  return id;
}

export async function listDocuments(db: Db, scope: Scope, q: { orgId?: string; kind?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('ledger_documents').innerJoin('orgs', 'orgs.id', 'ledger_documents.org_id')
    .where((eb) => eb.or([
      pathInScope(eb, 'orgs.path', scope),
      eb.exists(eb.selectFrom('ledger_items as di').select('di.id').whereRef('di.document_id', '=', 'ledger_documents.id').where((s) => itemVisible(s, 'di.id', scope))),
    ]));
  if (q.orgId) base = base.where('ledger_documents.org_id', '=', q.orgId);
  if (q.kind) base = base.where('ledger_documents.kind', '=', q.kind);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll('ledger_documents').select('orgs.name as org_name').orderBy('ledger_documents.created_at', 'desc').orderBy('ledger_documents.id')
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, orgId: r.org_id, orgName: r.org_name, kind: r.kind, title: r.title, docNumber: r.doc_number, issuedOn: r.issued_on, year: r.year, createdAt: r.created_at,
    })),
  };
}

/** Deletes a document that nobody has reported on yet; otherwise 409 (close or withdraw its items instead). */
export async function deleteDocument(trx: Trx, scope: Scope, id: string) {
  const doc = await getDocumentRow(trx, id, scope);
  await requireOwner(trx, scope, doc.org_id);
  const reported = await trx.selectFrom('ledger_reports').innerJoin('ledger_items', 'ledger_items.id', 'ledger_reports.item_id')
    .select('ledger_reports.id').where('ledger_items.document_id', '=', id).limit(1).executeTakeFirst();
  if (reported) throw conflict('Progress has been reported under this document; close or withdraw its items instead');
  const items = trx.selectFrom('ledger_items').select('id').where('document_id', '=', id);
  await deleteItemRows(trx, items);
  await trx.deleteFrom('ledger_documents').where('id', '=', id).execute();
  return doc;
}

// ---- items

interface NewItem {
  id?: string;
  documentId: string;
  parent: { id: string; path: string; depth: number } | null;
  seq: number;
  code: string;
  kind: string;
  title: string;
  content?: string | null;
  orgId: string;
  leadOrgId: string;
  cooperatingOrgIds?: string[];
  ownerName?: string | null;
  deadline?: string | null;
  cycle: string;
  outcome?: string | null;
  measureBy?: string | null;
  evidence?: string | null;
  assignmentId?: string | null;
  reviewerOrgId: string;
  createdBy: string | null;
}

/** Inserts one item with its reach and cooperating orgs, and counts it on its parent. */
export async function insertItem(trx: Trx, n: NewItem): Promise<string> {
  const id = n.id ?? newId();
  const now = nowIso();
  await trx.insertInto('ledger_items').values({
    id, document_id: n.documentId, parent_id: n.parent?.id ?? null, path: `${n.parent?.path ?? '/'}${id}/`, depth: n.parent ? n.parent.depth + 1 : 0,
    seq: n.seq, code: n.code, code_key: codeKey(n.code), kind: n.kind, title: n.title, content: n.content ?? null, org_id: n.orgId,
    lead_org_id: n.leadOrgId, owner_name: n.ownerName ?? null, deadline: n.deadline ?? null, cycle: n.cycle, outcome: n.outcome ?? null,
    measure_by: n.measureBy ?? null, evidence: n.evidence ?? null, state: 'open', assignment_id: n.assignmentId ?? null,
    reviewer_org_id: n.reviewerOrgId, child_count: 0, started_on: today(), last_report_on: null, done_on: null, report_count: 0,
    returned_count: 0, created_by: n.createdBy, created_at: now, updated_at: now,
  }).execute();
  if (n.parent) await trx.updateTable('ledger_items').set((eb) => ({ child_count: eb('child_count', '+', 1) })).where('id', '=', n.parent.id).execute();
  await writeReach(trx, id, n.parent?.id ?? null, [n.orgId, n.leadOrgId]);
  const coop = [...new Set(n.cooperatingOrgIds ?? [])].filter((o) => o !== n.leadOrgId);
  if (coop.length) await trx.insertInto('ledger_item_orgs').values(coop.map((org_id) => ({ item_id: id, org_id }))).execute();
  return id;
}

async function nextSeq(trx: Trx, documentId: string, parent: ItemRow | null) {
  let q = trx.selectFrom('ledger_items').select((eb) => eb.fn.max('seq').as('m')).where('document_id', '=', documentId);
  q = parent ? q.where('parent_id', '=', parent.id) : q.where('parent_id', 'is', null);
  return Number((await q.executeTakeFirst())?.m ?? 0) + 1;
}

async function codeTaken(trx: Trx, documentId: string, code: string) {
  return Boolean(await trx.selectFrom('ledger_items').select('id').where('document_id', '=', documentId).where('code_key', '=', codeKey(code)).executeTakeFirst());
}

export async function createItem(trx: Trx, scope: Scope, actorId: string, b: ItemInput, field = 'body') {
  const doc = await getDocumentRow(trx, b.documentId, scope).catch(() => {
    throw badRequest('Unknown document', `${field}.documentId`);
  });
  let parent: ItemRow | null = null;
  if (b.parentId) {
    parent = await getItemRow(trx, b.parentId, scope).catch(() => {
      throw badRequest('Unknown parent item', `${field}.parentId`);
    });
    if (parent.document_id !== doc.id) throw badRequest('The parent item belongs to another document', `${field}.parentId`);
    if (parent.state !== 'open') throw conflict('The parent item is closed or withdrawn', `${field}.parentId`);
  }
  const orgId = parent?.org_id ?? doc.org_id;
  await requireOwner(trx, scope, orgId);
  await orgsForBody(trx, scope, [b.leadOrgId], `${field}.leadOrgId`);
  await orgsForBody(trx, scope, b.cooperatingOrgIds, `${field}.cooperatingOrgIds`);
  const seq = await nextSeq(trx, doc.id, parent);
  const code = b.code ?? (parent ? `${parent.code}.${seq}` : String(seq));
  if (parent && !code.startsWith(parent.code + '.')) throw badRequest(`The code must begin with ${parent.code}.`, `${field}.code`);
  if (await codeTaken(trx, doc.id, code)) throw conflict(`Code ${code} is already used in this document`, `${field}.code`);
  return insertItem(trx, {
    documentId: doc.id, parent, seq, code, kind: b.kind, title: b.title, content: b.content, orgId, leadOrgId: b.leadOrgId,
    cooperatingOrgIds: b.cooperatingOrgIds, ownerName: b.ownerName, deadline: b.deadline, cycle: b.cycle, outcome: b.outcome,
    measureBy: b.measureBy, evidence: b.evidence, reviewerOrgId: orgId, createdBy: actorId,
  });
}

export async function updateItem(trx: Trx, scope: Scope, id: string, b: ItemUpdate) {
  const item = await getItemRow(trx, id, scope);
  await requireOwner(trx, scope, item.org_id);
  if (b.leadOrgId) await orgsForBody(trx, scope, [b.leadOrgId], 'body.leadOrgId');
  if (b.cooperatingOrgIds) await orgsForBody(trx, scope, b.cooperatingOrgIds, 'body.cooperatingOrgIds');
  await trx.updateTable('ledger_items').set({
    ...(b.title !== undefined && { title: b.title }),
    ...(b.content !== undefined && { content: b.content }),
    ...(b.leadOrgId !== undefined && { lead_org_id: b.leadOrgId }),
    ...(b.ownerName !== undefined && { owner_name: b.ownerName }),
    ...(b.deadline !== undefined && { deadline: b.deadline }),
    ...(b.cycle !== undefined && { cycle: b.cycle }),
    ...(b.outcome !== undefined && { outcome: b.outcome }),
    ...(b.measureBy !== undefined && { measure_by: b.measureBy }),
    ...(b.evidence !== undefined && { evidence: b.evidence }),
    ...(b.state !== undefined && { state: b.state }),
    updated_at: nowIso(),
  }).where('id', '=', id).execute();
  if (b.leadOrgId && b.leadOrgId !== item.lead_org_id) await rebuildReach(trx, item);
  if (b.cooperatingOrgIds) {
    await trx.deleteFrom('ledger_item_orgs').where('item_id', '=', id).execute();
    const coop = [...new Set(b.cooperatingOrgIds)].filter((o) => o !== (b.leadOrgId ?? item.lead_org_id));
    if (coop.length) await trx.insertInto('ledger_item_orgs').values(coop.map((org_id) => ({ item_id: id, org_id }))).execute();
  }
  return item;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function deleteItemRows(trx: Trx, ids: any) {
  await trx.deleteFrom('ledger_charter_items').where('item_id', 'in', ids).execute();
  await trx.deleteFrom('ledger_item_reach').where('item_id', 'in', ids).execute();
  await trx.deleteFrom('ledger_item_orgs').where('item_id', 'in', ids).execute();
  await trx.deleteFrom('ledger_assignments').where((eb) => eb.or([eb('item_id', 'in', ids), eb('child_item_id', 'in', ids)])).execute();
  // Children first: parent_id references the item table.
  const rows = await trx.selectFrom('ledger_items').select(['id', 'depth']).where('id', 'in', ids).orderBy('depth', 'desc').execute();
  for (const r of rows) await trx.deleteFrom('ledger_items').where('id', '=', r.id).execute();
}

/** Deletes an item and everything below it, unless anyone reported under it (409: close or withdraw it). */
export async function deleteItem(trx: Trx, scope: Scope, id: string) {
  const item = await getItemRow(trx, id, scope);
  await requireOwner(trx, scope, item.org_id);
  const hi = item.path.slice(0, -1) + '0';
  const subtree = trx.selectFrom('ledger_items').select('id').where('path', '>=', item.path).where('path', '<', hi);
  const reported = await trx.selectFrom('ledger_reports').select('id').where('item_id', 'in', subtree).limit(1).executeTakeFirst();
  if (reported) throw conflict('Progress has been reported under this item; close or withdraw it instead of deleting it');
  const ids = (await subtree.execute()).map((r) => r.id);
  await deleteItemRows(trx, ids);
  if (item.parent_id) await trx.updateTable('ledger_items').set((eb) => ({ child_count: eb('child_count', '-', 1) })).where('id', '=', item.parent_id).execute();
  return item;
}

/** Hands an item down: one assignment per org, each creating the item in that org's ledger. */
export async function assignItem(trx: Trx, scope: Scope, actorId: string, id: string, b: { orgIds: string[]; note?: string | null; deadline?: string | null }) {
  const item = await getItemRow(trx, id, scope);
  if (!b.orgIds.length) throw badRequest('Name at least one organization', 'body.orgIds');
  await requireOwner(trx, scope, item.org_id);
  if (item.state !== 'open') throw conflict('The item is closed or withdrawn');
  const orgs = await orgsForBody(trx, scope, b.orgIds, 'body.orgIds');
  if (orgs.some((o) => o.id === item.org_id)) throw badRequest('An item cannot be handed to the organization that holds it', 'body.orgIds');
  const existing = await trx.selectFrom('ledger_assignments').select('org_id').where('item_id', '=', id).where('org_id', 'in', orgs.map((o) => o.id)).executeTakeFirst();
  if (existing) throw conflict('The item has already been handed to this organization', 'body.orgIds');
  const out: { id: string; orgId: string; childItemId: string }[] = [];
  let seq = await nextSeq(trx, item.document_id, item);
  const childKind = item.kind === 'area' ? 'measure' : item.kind === 'measure' ? 'task' : 'sub';
  for (const org of orgs) {
    const assignmentId = newId();
    let code = `${item.code}.${seq}`;
    while (await codeTaken(trx, item.document_id, code)) code = `${item.code}.${++seq}`;
    const childItemId = await insertItem(trx, {
      documentId: item.document_id, parent: item, seq, code, kind: childKind, title: item.title, content: item.content, orgId: org.id,
      leadOrgId: org.id, ownerName: null, deadline: b.deadline ?? item.deadline, cycle: item.cycle, outcome: item.outcome, measureBy: item.measure_by,
      evidence: item.evidence, assignmentId, reviewerOrgId: item.org_id, createdBy: actorId,
    });
    await trx.insertInto('ledger_assignments').values({
      id: assignmentId, item_id: id, org_id: org.id, child_item_id: childItemId, note: b.note ?? null, assigned_by: actorId, assigned_at: nowIso(),
    }).execute();
    out.push({ id: assignmentId, orgId: org.id, childItemId });
    seq++;
  }
  return { item, assignments: out };
}

// ---- reading

type ItemListRow = ItemRow & { lead_org_name: string; status: ItemStatus };

export function toItemSummary(r: ItemListRow, leaves?: { leaves: number; done: number }) {
  return {
    id: r.id, documentId: r.document_id, parentId: r.parent_id, depth: r.depth, code: r.code, kind: r.kind, title: r.title,
    leadOrgId: r.lead_org_id, leadOrgName: r.lead_org_name, ownerName: r.owner_name, deadline: r.deadline, cycle: r.cycle, state: r.state,
    status: r.status, childCount: Number(r.child_count), lastReportOn: r.last_report_on, reportCount: Number(r.report_count),
    returnedCount: Number(r.returned_count), leaves: leaves?.leaves ?? 0, leavesDone: leaves?.done ?? 0,
  };
}

/** For each item, the counting leaves below it (or itself) and how many are done: one grouped query. */
export async function leafCounts(db: Q, ids: string[], t: string, stalled: number) {
  const out = new Map<string, { leaves: number; done: number }>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('ledger_items as n')
    .innerJoin('ledger_items as l', (j) => j.on('l.path', '>=', sql.ref('n.path')).on('l.path', '<', subtreeHi('n.path')))
    .select(['n.id', (eb) => eb.fn.countAll<number>().as('leaves'), sql<number>`sum(case when ${statusSql('l', t, stalled)} = 'done' then 1 else 0 end)`.as('done')])
    .where('n.id', 'in', ids).where('l.child_count', '=', 0).where('l.state', '!=', 'withdrawn')
    .groupBy('n.id')
    .execute();
  for (const r of rows) out.set(r.id, { leaves: Number(r.leaves), done: Number(r.done) });
  return out;
}

export async function listItems(db: Db, scope: Scope, q: Omit<ItemListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) {
  const t = today();
  const stalled = await stalledDays(db);
  const status = statusSql('i', t, stalled);
  let base = db.selectFrom('ledger_items as i').innerJoin('orgs as lo', 'lo.id', 'i.lead_org_id').where((eb) => itemVisible(eb, 'i.id', scope));
  if (q.documentId) base = base.where('i.document_id', '=', q.documentId);
  const filtered = Boolean(q.leadOrgId || q.leaf !== undefined || q.status || q.dueWithin !== undefined || q.deadlineFrom || q.deadlineTo || q.q);
  if (q.parentId) {
    const p = await getItemRow(db, q.parentId, scope);
    base = base.where('i.parent_id', '=', p.id);
  } else if (q.under) {
    const p = await getItemRow(db, q.under, scope);
    base = base.where('i.path', '>', p.path).where('i.path', '<', p.path.slice(0, -1) + '0');
  } else if (!filtered) {
    // The top of what the caller sees: items whose parent they do not see.
    base = base.where((eb) => eb.or([eb('i.parent_id', 'is', null), eb.not(itemVisible(eb, 'i.parent_id', scope))]));
  }
  if (q.leadOrgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.leadOrgId).where((eb) => pathInScope(eb, 'orgs.path', scope)).executeTakeFirst();
    base = org ? base.where('lo.path', '>=', org.path).where('lo.path', '<', org.path.slice(0, -1) + '0') : base.where(sql<boolean>`1 = 0`);
  }
  if (q.leaf !== undefined) base = base.where('i.child_count', q.leaf ? '=' : '>', 0);
  if (q.status) base = base.where(status, '=', q.status);
  if (q.dueWithin !== undefined) {
    base = base.where('i.deadline', '>=', t).where('i.deadline', '<=', addDays(t, q.dueWithin)).where(status, 'not in', ['done', 'withdrawn']);
  }
  if (q.deadlineFrom) base = base.where('i.deadline', '>=', q.deadlineFrom);
  if (q.deadlineTo) base = base.where('i.deadline', '<=', q.deadlineTo);
  if (q.q) {
    const needle = q.q;
    base = base.where(() => containsInsensitive('i.title', needle));
  }
  const total = q.pageSize ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  const sortColumn = ({ code: 'i.code_key', deadline: 'i.deadline', title: 'i.title', lastReport: 'i.last_report_on' } as const)[q.sort];
  let rows = base.selectAll('i').select(['lo.name as lead_org_name', status.as('status')])
    .orderBy('i.document_id').orderBy(sortColumn, q.order).orderBy('i.id');
  if (q.pageSize) rows = rows.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
  return { total, query: rows, today: t, stalled };
}

export async function itemPageWithLeaves(db: Db, scope: Scope, q: ItemListQuery) {
  const { total, query, today: t, stalled } = await listItems(db, scope, q);
  const rows = (await query.execute()) as ItemListRow[];
  const leaves = await leafCounts(db, rows.map((r) => r.id), t, stalled);
  return { total, items: rows.map((r) => toItemSummary(r, leaves.get(r.id))) };
}

export async function itemDetail(db: Db, scope: Scope, id: string) {
  const item = await getItemRow(db, id, scope);
  const t = today();
  const stalled = await stalledDays(db);
  const [doc, owner, lead, coop, assignments, reports, leaves] = await Promise.all([
    db.selectFrom('ledger_documents').select(['title']).where('id', '=', item.document_id).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select(['name', 'path']).where('id', '=', item.org_id).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select(['name', 'path']).where('id', '=', item.lead_org_id).executeTakeFirstOrThrow(),
    db.selectFrom('ledger_item_orgs').innerJoin('orgs', 'orgs.id', 'ledger_item_orgs.org_id').select(['orgs.id', 'orgs.name']).where('item_id', '=', id).orderBy('orgs.name').execute(),
    db.selectFrom('ledger_assignments').innerJoin('orgs', 'orgs.id', 'ledger_assignments.org_id')
      .select(['ledger_assignments.id', 'ledger_assignments.org_id', 'orgs.name', 'ledger_assignments.child_item_id', 'ledger_assignments.note', 'ledger_assignments.assigned_at'])
      .where('ledger_assignments.item_id', '=', id).orderBy('ledger_assignments.assigned_at').execute(),
    db.selectFrom('ledger_reports').innerJoin('orgs', 'orgs.id', 'ledger_reports.org_id').selectAll('ledger_reports').select('orgs.name as org_name')
      .where('item_id', '=', id).orderBy('version', 'desc').execute(),
    leafCounts(db, [id], t, stalled),
  ]);
  const ancestorIds = item.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors = ancestorIds.length
    ? await db.selectFrom('ledger_items').select(['id', 'code', 'title', 'depth']).where('id', 'in', ancestorIds).where((eb) => itemVisible(eb, 'ledger_items.id', scope)).orderBy('depth').execute()
    : [];
  let handedDownFrom = null;
  if (item.assignment_id && item.parent_id) {
    const p = await db.selectFrom('ledger_items').innerJoin('orgs', 'orgs.id', 'ledger_items.org_id').select(['ledger_items.code', 'ledger_items.title', 'orgs.name'])
      .where('ledger_items.id', '=', item.parent_id).executeTakeFirstOrThrow();
    handedDownFrom = { code: p.code, title: p.title, orgName: p.name };
  }
  const status = itemStatus({ state: item.state, deadline: item.deadline, cycle: item.cycle, startedOn: item.started_on, lastReportOn: item.last_report_on, doneOn: item.done_on }, t, stalled);
  const timeline = [
    { at: item.created_at, kind: 'created', text: `列入台账（${owner.name}）` },
    ...assignments.map((a) => ({ at: a.assigned_at, kind: 'assigned', text: `下发至${a.name}${a.note ? `：${a.note}` : ''}` })),
    ...reports.flatMap((r) => [
      { at: r.created_at, kind: 'reported', text: `${r.org_name}报送第${r.version}版进展（${r.progress}%${r.completes ? '，申请销号' : ''}）` },
      ...(r.reviewed_at ? [{ at: r.reviewed_at, kind: r.state, text: r.state === 'accepted' ? `第${r.version}版审核通过` : `第${r.version}版退回：${r.review_note ?? ''}` }] : []),
    ]),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    item,
    ownerPath: owner.path,
    leadPath: lead.path,
    detail: {
      ...toItemSummary({ ...item, lead_org_name: lead.name, status }, leaves.get(id)),
      content: item.content, outcome: item.outcome, measureBy: item.measure_by, evidence: item.evidence, documentTitle: doc.title, orgName: owner.name,
      startedOn: item.started_on, doneOn: item.done_on, cooperatingOrgs: coop,
      ancestors: ancestors.map((a) => ({ id: a.id, code: a.code, title: a.title })),
      assignments: assignments.map((a) => ({ id: a.id, orgId: a.org_id, orgName: a.name, childItemId: a.child_item_id, note: a.note, assignedAt: a.assigned_at })),
      handedDownFrom,
      reports: reports.map((r) => ({
        id: r.id, version: Number(r.version), orgId: r.org_id, orgName: r.org_name, reportedOn: r.reported_on, text: r.text, progress: Number(r.progress),
        figures: r.figures, completes: Number(r.completes) === 1, state: r.state, reviewNote: r.review_note, reviewedAt: r.reviewed_at, createdAt: r.created_at,
        createdBy: r.created_by, attachments: [] as AttachmentMeta[], // filled by the route (one query for all reports)
      })),
      timeline,
    },
  };
}

