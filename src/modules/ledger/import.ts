// Excel import of a measures document: every row is checked first; if any row is bad, the report
// lists each bad row and nothing is written.
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';
import { AppError } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';
import { readSheet, templateWorkbook } from '../../core/xlsx.js';
import { createDocument, insertItem, orgsForBody } from './item-store.js';

export const IMPORT_COLUMNS = ['编号', '层级', '标题', '内容', '牵头单位', '配合单位', '责任人', '完成时限', '报告周期', '预期成效', '衡量方式', '佐证材料'] as const;
const KINDS: Record<string, string> = { 领域: 'area', 措施: 'measure', 任务: 'task', 子措施: 'sub' };
const CYCLES: Record<string, string> = { '': 'none', 无: 'none', 按月: 'monthly', 按季: 'quarterly' };

const optional = (max: number) => z.string().max(max, `不超过${max}字 (at most ${max} characters)`).transform((v) => v || null);
const rowSchema = z.object({
  编号: z.string().regex(/^\d{1,4}(\.\d{1,4}){0,7}$/, '编号应形如 3.2.1 (a code like 3.2.1)'),
  层级: z.enum(Object.keys(KINDS) as [string, ...string[]], '应为 领域/措施/任务/子措施 (area/measure/task/sub-measure)').transform((v) => KINDS[v]),
  标题: z.string().min(1, '必填 (required)').max(300),
  内容: optional(4000),
  牵头单位: z.string().min(1, '必填 (required)').max(100),
  配合单位: z.string().max(1000),
  责任人: optional(60),
  完成时限: z.union([z.literal(''), z.iso.date('日期格式应为 YYYY-MM-DD (must be a date YYYY-MM-DD)')]).transform((v) => v || null),
  报告周期: z.enum(Object.keys(CYCLES) as [string, ...string[]], '应为 按月/按季 或留空 (monthly, quarterly or empty)').transform((v) => CYCLES[v]),
  预期成效: optional(1000),
  衡量方式: optional(1000),
  佐证材料: optional(1000),
});
type ParsedRow = z.infer<typeof rowSchema>;
export interface ImportRow extends ParsedRow { rowNumber: number; leadOrgId: string; coopOrgIds: string[] }
export interface RowError { row: number; field: string; message: string }

export async function importTemplate(): Promise<Buffer> {
  return templateWorkbook('任务清单', [...IMPORT_COLUMNS], ['1', '领域', '加强对“一把手”的监督', '', '示范省纪委监委', '', '', '', '', '', '', ''], [
    '每行一个事项：领域、措施、任务或子措施。One row per item: area, measure, task or sub-measure.',
    '编号形如 1、1.2、1.2.3；上级编号（去掉最后一段）必须在本表中（如 1.2.3 的上级是 1.2）。',
    '牵头单位、配合单位：填写本系统中的单位全称或单位编码，须在您的权限范围内；多个配合单位用顿号“、”分隔。',
    '完成时限：YYYY-MM-DD，可留空；报告周期：按月、按季或留空。',
    '任何一行有误则整批不导入，并列出每一行的错误。If any row is wrong, nothing is imported and each error is listed.',
  ]);
}

const splitOrgs = (v: string) => v.split(/[、,，;；\n]/).map((s) => s.trim()).filter(Boolean);

export async function checkImport(db: Db, scope: Scope, data: Buffer): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const sheet = await readSheet(data, 5000);
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  if (!sheet.length) errors.push({ row: 1, field: 'file', message: '工作表没有数据行 (the sheet has no data rows)' });
  const keys = [...new Set(sheet.flatMap((r) => [r.cells['牵头单位'] ?? '', ...splitOrgs(r.cells['配合单位'] ?? '')]).filter(Boolean))];
  const orgs = keys.length
    ? await db.selectFrom('orgs').select(['id', 'name', 'code']).where((eb) => eb.or([eb('name', 'in', keys), eb('code', 'in', keys)]))
        .where((eb) => pathInScope(eb, 'orgs.path', scope)).execute()
    : [];
  const resolve = (key: string) => orgs.filter((o) => o.name === key || o.code === key);
  const orgProblem = (n: number) => (n ? '单位名称不唯一，请填写单位编码 (ambiguous: use the organization code)' : '您的权限范围内没有此单位 (no such organization in your scope)');
  const codes = new Map<string, number>();
  for (const { rowNumber, cells } of sheet) {
    const code = cells['编号'] ?? '';
    if (code && codes.has(code)) errors.push({ row: rowNumber, field: '编号', message: `与第 ${codes.get(code)} 行编号重复 (duplicates row ${codes.get(code)})` });
    else if (code) codes.set(code, rowNumber);
  }
  for (const { rowNumber, cells } of sheet) {
    const parsed = rowSchema.safeParse(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, cells[c] ?? ''])));
    const lead = resolve(cells['牵头单位'] ?? '');
    if (cells['牵头单位'] && lead.length !== 1) errors.push({ row: rowNumber, field: '牵头单位', message: orgProblem(lead.length) });
    const coopIds: string[] = [];
    for (const k of splitOrgs(cells['配合单位'] ?? '')) {
      const m = resolve(k);
      if (m.length !== 1) errors.push({ row: rowNumber, field: '配合单位', message: `${k}：${orgProblem(m.length)}` });
      else coopIds.push(m[0].id);
    }
    const code = cells['编号'] ?? '';
    const parentCode = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
    if (parentCode && !codes.has(parentCode)) errors.push({ row: rowNumber, field: '编号', message: `上级编号 ${parentCode} 不在本表中 (parent ${parentCode} is not in the sheet)` });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: rowNumber, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    if (lead.length === 1) rows.push({ ...parsed.data, rowNumber, leadOrgId: lead[0].id, coopOrgIds: coopIds });
  }
  return { rows, errors };
}

export async function writeImport(trx: Trx, scope: Scope, actorId: string, doc: { orgId: string; title: string; kind: 'measures' | 'annual_plan'; docNumber?: string }, rows: ImportRow[]) {
  await orgsForBody(trx, scope, [doc.orgId], 'querystring.orgId');
  const documentId = await createDocument(trx, scope, actorId, { orgId: doc.orgId, title: doc.title, kind: doc.kind, docNumber: doc.docNumber ?? null });
  const byCode = new Map<string, { id: string; path: string; depth: number }>();
  // Parents before children: fewer dots first.
  const ordered = [...rows].sort((a, b) => a.编号.split('.').length - b.编号.split('.').length);
  for (const r of ordered) {
    const parentCode = r.编号.includes('.') ? r.编号.slice(0, r.编号.lastIndexOf('.')) : null;
    const parent = parentCode ? byCode.get(parentCode)! : null;
    const id = await insertItem(trx, {
      documentId, parent, seq: Number(r.编号.split('.').pop()), code: r.编号, kind: r.层级, title: r.标题, content: r.内容, orgId: doc.orgId,
      leadOrgId: r.leadOrgId, cooperatingOrgIds: r.coopOrgIds, ownerName: r.责任人, deadline: r.完成时限, cycle: r.报告周期, outcome: r.预期成效,
      measureBy: r.衡量方式, evidence: r.佐证材料, reviewerOrgId: doc.orgId, createdBy: actorId,
    });
    byCode.set(r.编号, { id, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 });
  }
  return { documentId, items: rows.length };
}

export function importFailed(errors: RowError[]): AppError {
  return new AppError(400, 'import_failed', `发现 ${errors.length} 处错误，未导入任何数据 (${errors.length} problem(s) found; nothing was imported)`, 'file', { rows: errors });
}
