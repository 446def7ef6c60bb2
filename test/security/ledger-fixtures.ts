// Ledger objects owned, led and reviewed by one organization, inserted directly (for the authorization matrix).
import type { CryptoBox } from '../../src/core/crypto.js';
import { storeAttachment } from '../../src/core/attachments.js';
import { newId } from '../../src/core/ids.js';
import { nowIso, today } from '../../src/core/time.js';
import type { Db } from '../../src/db/index.js';
import { insertItem } from '../../src/modules/ledger/item-store.js';

export async function ledgerDocument(db: Db, orgId: string): Promise<string> {
  const id = newId();
  await db.insertInto('ledger_documents').values({
    id, org_id: orgId, kind: 'measures', title: `矩阵文件${id.slice(-6)}`, doc_number: null, issued_on: null, year: null, created_by: null, created_at: nowIso(), updated_at: nowIso(),
  }).execute();
  return id;
}

export async function ledgerItem(db: Db, orgId: string): Promise<{ id: string; documentId: string }> {
  const documentId = await ledgerDocument(db, orgId);
  const id = await db.transaction().execute((trx) => insertItem(trx, {
    documentId, parent: null, seq: 1, code: '1', kind: 'task', title: '矩阵任务', orgId, leadOrgId: orgId, cycle: 'none', reviewerOrgId: orgId, createdBy: null,
  }));
  return { id, documentId };
}

export async function ledgerReport(db: Db, orgId: string): Promise<{ id: string; itemId: string }> {
  const item = await ledgerItem(db, orgId);
  const id = newId();
  await db.insertInto('ledger_reports').values({
    id, item_id: item.id, org_id: orgId, version: 1, reported_on: today(), text: '矩阵报告', progress: 50, figures: null, completes: 0, state: 'submitted',
    review_note: null, reviewer_org_id: orgId, reviewed_by: null, reviewed_at: null, created_by: null, created_at: nowIso(),
  }).execute();
  await db.updateTable('ledger_items').set({ report_count: 1, last_report_on: today() }).where('id', '=', item.id).execute();
  return { id, itemId: item.id };
}

export async function ledgerAttachment(db: Db, crypto: CryptoBox, orgId: string): Promise<{ id: string; attId: string }> {
  const report = await ledgerReport(db, orgId);
  const meta = await db.transaction().execute((trx) => storeAttachment(trx, crypto, {
    orgId, ownerType: 'ledger_report', ownerId: report.id, keyId: report.id, createdBy: null,
    upload: { filename: '佐证.txt', mime: 'text/plain; charset=utf-8', data: Buffer.from('矩阵佐证材料') },
  }));
  return { id: report.id, attId: meta.id };
}

export async function ledgerCharter(db: Db, orgId: string): Promise<string> {
  const item = await ledgerItem(db, orgId);
  const id = newId();
  await db.insertInto('ledger_charters').values({
    id, org_id: orgId, issuer_org_id: orgId, kind: 'duty_list', year: 2026, title: '矩阵主体责任清单', doc_number: null, principal_name: null, state: 'issued',
    issued_by: null, issued_at: nowIso(), signed_name: null, signed_by: null, signed_at: null,
  }).execute();
  await db.insertInto('ledger_charter_items').values({ charter_id: id, item_id: item.id, seq: 0 }).execute();
  return id;
}

/** Read-only routes share one object per organization and kind: fresh ones only where a route changes or consumes it. */
const shared = new Map<string, Promise<unknown>>();
export function once<T>(kind: string, orgId: string, make: () => Promise<T>): Promise<T> {
  const key = `${kind}:${orgId}`;
  if (!shared.has(key)) shared.set(key, make());
  return shared.get(key) as Promise<T>;
}
