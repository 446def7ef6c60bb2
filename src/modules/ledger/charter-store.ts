// 一单一书: for an organization's 一把手, the 主体责任清单 (duties drawn from the ledger items the
// organization leads) and the 监督任务书; issued as a formal document, signed for (签收), tracked.
import type { Db } from '../../db/index.js';
import { orgInScope, recordInScope, type Scope } from '../../db/scope.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { formalDocument } from '../../core/docx.js';
import { newId } from '../../core/ids.js';
import type { Trx } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { getDocumentRow, orgsForBody, stalledDays, toItemSummary } from './item-store.js';
import type { CharterInput } from './schema.js';
import { statusSql, type ItemStatus } from './status.js';
import { itemVisible } from './visibility.js';

type Q = Db | Trx;
const MAX_DUTIES = 300;
const STATUS_LABEL: Record<ItemStatus, string> = {
  not_started: '未启动', in_progress: '推进中', done: '已完成', overdue: '逾期', stalled: '停滞', withdrawn: '已撤销',
};
const CYCLE_LABEL: Record<string, string> = { none: '', monthly: '按月报送', quarterly: '按季报送' };

export function charterTitle(kind: string, orgName: string, year: number) {
  return kind === 'duty_list' ? `${orgName}${year}年度全面从严治党主体责任清单` : `${orgName}主要负责人${year}年度监督任务书`;
}

export async function createCharter(trx: Trx, scope: Scope, actor: { id: string; orgId: string }, b: CharterInput) {
  const [org] = await orgsForBody(trx, scope, [b.orgId], 'body.orgId');
  const orgName = (await trx.selectFrom('orgs').select('name').where('id', '=', org.id).executeTakeFirstOrThrow()).name;
  if (b.documentId) await getDocumentRow(trx, b.documentId, scope).catch(() => {
    throw badRequest('Unknown document', 'body.documentId');
  });
  let duties = trx.selectFrom('ledger_items').select('id').where('lead_org_id', '=', org.id).where('state', '!=', 'withdrawn')
    .where((eb) => itemVisible(eb, 'ledger_items.id', scope));
  if (b.documentId) duties = duties.where('document_id', '=', b.documentId);
  const ids = (await duties.orderBy('document_id').orderBy('code_key').limit(MAX_DUTIES).execute()).map((r) => r.id);
  if (!ids.length) throw badRequest('The organization leads no ledger item yet: there is nothing to list', 'body.orgId');
  const principal = await trx.selectFrom('posts').innerJoin('officials', 'officials.id', 'posts.official_id').select('officials.name')
    .where('posts.org_id', '=', org.id).where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null).executeTakeFirst();
  const id = newId();
  await trx.insertInto('ledger_charters').values({
    id, org_id: org.id, issuer_org_id: actor.orgId, kind: b.kind, year: b.year, title: charterTitle(b.kind, orgName, b.year), doc_number: b.docNumber ?? null,
    principal_name: principal?.name ?? null, state: 'issued', issued_by: actor.id, issued_at: nowIso(), signed_name: null, signed_by: null, signed_at: null,
  }).execute();
  await trx.insertInto('ledger_charter_items').values(ids.map((item_id, seq) => ({ charter_id: id, item_id, seq }))).execute();
  return { id, orgId: org.id, items: ids.length };
}

export async function getCharterRow(db: Q, id: string, scope: Scope) {
  const row = await db.selectFrom('ledger_charters').selectAll().where('id', '=', id).where((eb) => recordInScope(eb, 'ledger_charters.org_id', scope)).executeTakeFirst();
  if (!row) throw notFound('Charter');
  return row;
}

export async function signCharter(trx: Trx, scope: Scope, actorId: string, id: string, signedName: string) {
  const c = await getCharterRow(trx, id, scope);
  if (c.state !== 'issued') throw conflict('The document has already been signed for');
  await trx.updateTable('ledger_charters').set({ state: 'signed', signed_name: signedName, signed_by: actorId, signed_at: nowIso() }).where('id', '=', id).execute();
  return c;
}

/** Tracking: per charter, its duties and how many are done or overdue (one grouped query). */
async function charterProgress(db: Q, ids: string[]) {
  const out = new Map<string, { items: number; done: number; overdue: number }>();
  if (!ids.length) return out;
  const s = statusSql('i', today(), await stalledDays(db));
  const per = db.selectFrom('ledger_charter_items as ci').innerJoin('ledger_items as i', 'i.id', 'ci.item_id').select(['ci.charter_id', s.as('s')]).where('ci.charter_id', 'in', ids);
  const rows = await db.selectFrom(per.as('x')).select(['x.charter_id', 'x.s', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['x.charter_id', 'x.s']).execute();
  for (const r of rows) {
    const p = out.get(r.charter_id) ?? { items: 0, done: 0, overdue: 0 };
    p.items += Number(r.n);
    if (r.s === 'done') p.done += Number(r.n);
    if (r.s === 'overdue') p.overdue += Number(r.n);
    out.set(r.charter_id, p);
  }
  return out;
}

type CharterRow = Awaited<ReturnType<typeof getCharterRow>>;
function toSummary(c: CharterRow & { org_name: string; issuer_name: string }, p?: { items: number; done: number; overdue: number }) {
  return {
    id: c.id, orgId: c.org_id, orgName: c.org_name, issuerOrgName: c.issuer_name, kind: c.kind, year: Number(c.year), title: c.title, docNumber: c.doc_number,
    principalName: c.principal_name, state: c.state, issuedAt: c.issued_at, signedName: c.signed_name, signedAt: c.signed_at,
    items: p?.items ?? 0, done: p?.done ?? 0, overdue: p?.overdue ?? 0,
  };
}

function withNames(db: Q) {
  return db.selectFrom('ledger_charters').innerJoin('orgs as o', 'o.id', 'ledger_charters.org_id').innerJoin('orgs as io', 'io.id', 'ledger_charters.issuer_org_id');
}

export async function listCharters(db: Db, scope: Scope, q: { orgId?: string; state?: string; year?: number; page: number; pageSize: number }) {
  let base = withNames(db).where((eb) => orgInScope(eb, 'ledger_charters.org_id', scope));
  if (q.orgId) base = base.where('ledger_charters.org_id', '=', q.orgId);
  if (q.state) base = base.where('ledger_charters.state', '=', q.state);
  if (q.year) base = base.where('ledger_charters.year', '=', q.year);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll('ledger_charters').select(['o.name as org_name', 'io.name as issuer_name'])
    .orderBy('ledger_charters.issued_at', 'desc').orderBy('ledger_charters.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const progress = await charterProgress(db, rows.map((r) => r.id));
  return { total, items: rows.map((r) => toSummary(r, progress.get(r.id))) };
}

export async function charterDetail(db: Db, scope: Scope, id: string) {
  await getCharterRow(db, id, scope);
  const c = await withNames(db).selectAll('ledger_charters').select(['o.name as org_name', 'io.name as issuer_name']).where('ledger_charters.id', '=', id).executeTakeFirstOrThrow();
  const t = today();
  const s = statusSql('i', t, await stalledDays(db));
  const duties = await db.selectFrom('ledger_charter_items as ci').innerJoin('ledger_items as i', 'i.id', 'ci.item_id').innerJoin('orgs as lo', 'lo.id', 'i.lead_org_id')
    .selectAll('i').select(['lo.name as lead_org_name', s.as('status')]).where('ci.charter_id', '=', id).orderBy('ci.seq').execute();
  const progress = await charterProgress(db, [id]);
  return { ...toSummary(c, progress.get(id)), duties: duties.map((d) => toItemSummary(d)) };
}

/** The charter as a formal document (GB/T 9704 layout). */
export async function charterDocx(db: Db, scope: Scope, id: string): Promise<{ buffer: Buffer; title: string; orgId: string }> {
  const d = await charterDetail(db, scope, id);
  const rows = d.duties.map((x, i) => [String(i + 1), x.code, x.title, x.deadline ?? (CYCLE_LABEL[x.cycle] || '长期坚持'), STATUS_LABEL[x.status]]);
  const recipient = `${d.orgName}${d.principalName ? `主要负责人${d.principalName}同志` : '主要负责人'}`;
  const intro = d.kind === 'duty_list'
    ? `根据《关于加强对“一把手”和领导班子监督的意见》第四条、第十一条关于落实全面从严治党主体责任和“一把手”第一责任人职责的要求，结合监督台账，现将${d.year}年度主体责任清单列明如下，请认真履行、按期报送落实情况。`
    : `根据《关于加强对“一把手”和领导班子监督的意见》第三条、第十五条，上级党组织对下级“一把手”履行监督职责情况进行监督。现将${d.year}年度监督任务书下达，请对照任务逐项落实，定期报告进展。`;
  const buffer = await formalDocument({
    issuer: d.issuerOrgName,
    docNumber: d.docNumber ?? undefined,
    title: d.title,
    recipient,
    sections: [
      { paragraphs: [intro] },
      { heading: d.kind === 'duty_list' ? '一、主体责任事项' : '一、监督任务', paragraphs: [`共${d.items}项，已完成${d.done}项，逾期${d.overdue}项。`], table: { headers: ['序号', '编号', '事项', '完成时限', '当前状态'], rows } },
      { heading: '二、工作要求', paragraphs: ['责任单位按月（季）通过监督台账报送进展及佐证材料；逾期、停滞事项由纪检监察机关调度督办，情况纳入年度考核和党风廉政建设责任制检查。'] },
      ...(d.signedAt ? [{ heading: '三、签收', paragraphs: [`签收人：${d.signedName}，签收时间：${d.signedAt.slice(0, 10)}。`] }] : []),
    ],
    signature: d.issuerOrgName,
    date: d.issuedAt.slice(0, 10),
  });
  return { buffer, title: d.title, orgId: d.orgId };
}
